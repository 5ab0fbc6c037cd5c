"""banquet (§4 banquets, §6 reception): blocks like commercial-event; a working meal or buffet
is an official reception; an arrangement does not lift it, an exemption does."""

from __future__ import annotations

import pytest

from leanmeet.planner.model import Decision, Person
from leanmeet.planner.rules import blocked_leaders, blocking_reason
from tests.rules_helpers import CLERK, LI, ZHANG, context, occ, rule_findings

RULE = "banquet"


@pytest.mark.parametrize("summary", [
    "欢迎晚宴", "招商引资客商宴请", "新春酒会", "Welcome banquet for the Baoji delegation",
    "Cocktail party with investors", "Dinner reception for the expo guests",
])
def test_a_leader_at_a_banquet_is_blocked(summary):
    o = occ(summary, attendees=[LI, CLERK])
    (f,) = rule_findings([o], RULE)
    assert f.severity == "error" and f.blocks
    assert f.clause.startswith("§4")
    assert f.people == ("li.wei@gov.example",)
    assert "working meal or buffet" in f.message
    assert blocked_leaders([f]) == {o.key: {"li.wei@gov.example"}}


@pytest.mark.parametrize("summary", [
    "客商接待工作餐", "考察团自助餐", "Working lunch with the provincial team",
    "Buffet for the visiting delegation", "欢迎晚宴（自助餐）",
    # a banquet hall is a room, not a banquet
    "Budget meeting in the banquet hall", "市宾馆宴会厅会议",
])
def test_official_receptions_and_rooms_pass(summary):
    assert rule_findings([occ(summary, attendees=[LI])], RULE) == []


def test_staff_alone_are_not_reported():
    assert rule_findings([occ("欢迎晚宴", attendees=[CLERK])], RULE) == []


def test_arrangement_does_not_lift_it_but_an_exemption_does():
    o = occ("欢迎晚宴", uid="b@test", attendees=[ZHANG], arranged_feed=True)
    arranged = Decision("arrangement", "b@test", text="市政府办〔2026〕1号")
    assert len(rule_findings([o], RULE, decisions=[arranged])) == 1
    exempt = Decision("exemption", "b@test", rule=RULE, text="official reception, buffet")
    assert rule_findings([o], RULE, decisions=[exempt]) == []


def test_the_tui_refuses_to_add_a_leader_to_a_banquet():
    o = occ("答谢宴", uid="b@test", attendees=[CLERK])
    newcomer = Person("Zhao Min", "zhao.min@gov.example", "leader", "Vice Mayor")
    reason = blocking_reason(o, newcomer, context())
    assert reason is not None and "banquet" in reason
    assert blocking_reason(occ("工作餐", attendees=[CLERK]), newcomer, context()) is None


def test_switched_off_and_tuned_in_the_rulebook():
    o = occ("Farewell dinner", attendees=[LI])
    assert len(rule_findings([o], RULE)) == 1
    assert rule_findings([o], RULE, rulebook="[rules.banquet]\nenabled = false\n") == []
    tuned = '[rules.banquet]\nseverity = "warning"\nen = ["gala"]\n'
    assert rule_findings([o], RULE, rulebook=tuned) == []
    (f,) = rule_findings([occ("Gala night", attendees=[LI])], RULE, rulebook=tuned)
    assert f.severity == "warning" and not f.blocks
