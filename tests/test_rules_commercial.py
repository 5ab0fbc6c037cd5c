"""commercial-event (§4 commercial): always blocks; cannot be arranged or exempted."""

from __future__ import annotations

import pytest

from leanmeet.planner.model import Decision
from leanmeet.planner.rules import blocked_leaders, blocking_reason
from tests.rules_helpers import CLERK, LI, ZHANG, check, context, occ, rule_findings

RULE = "commercial-event"


@pytest.mark.parametrize("summary", ["Product launch of the X5 phone", "XX楼盘开盘仪式"])
def test_leader_at_a_commercial_event_is_blocked(summary):
    o = occ(summary, attendees=[LI, CLERK])
    (f,) = rule_findings([o], RULE)
    assert f.severity == "error"
    assert f.blocks is True
    assert f.clause == "§4 commercial"
    assert f.people == ("li.wei@gov.example",)
    assert blocked_leaders([f]) == {o.key: {"li.wei@gov.example"}}


def test_staff_may_attend():
    assert rule_findings([occ("新品发布会", attendees=[CLERK])], RULE) == []


def test_arrangement_does_not_lift_it():
    o = occ("新品发布会", uid="p@test", attendees=[ZHANG], arranged_feed=True)
    arranged = Decision("arrangement", "p@test", text="ref")
    assert len(rule_findings([o], RULE, decisions=[arranged])) == 1


def test_exemption_does_not_lift_it():
    o = occ("新品发布会", uid="p@test", attendees=[ZHANG])
    exempt = Decision("exemption", "p@test", rule=RULE, text="please")
    assert len(rule_findings([o], RULE, decisions=[exempt])) == 1


def test_kind_override_corrects_a_misclassified_event():
    o = occ("商业街区开业庆典", uid="bank@test", attendees=[LI])
    assert len(rule_findings([o], RULE)) == 1
    override = Decision("kind", "bank@test", text="meeting")
    assert rule_findings([o], RULE, decisions=[override]) == []


def test_commercial_beats_ceremony():
    o = occ("XX购物中心开业庆典", attendees=[LI])
    rules = [f.rule for f in check([o])]
    assert RULE in rules
    assert "unarranged-ceremony" not in rules


def test_developer_ceremony_at_a_sales_center_is_commercial():
    o = occ("Groundbreaking ceremony", location="Riverside Sales Center", attendees=[LI])
    assert len(rule_findings([o], RULE)) == 1


def test_cancelled_event_breaks_nothing():
    assert rule_findings([occ("新品发布会", attendees=[LI], status="CANCELLED")], RULE) == []


def test_blocking_reason_for_adding_a_leader():
    ctx = context()
    launch = occ("新品发布会", attendees=[CLERK])
    ribbon = occ("剪彩仪式", attendees=[CLERK])
    meeting = occ("Budget review", attendees=[CLERK])
    assert "commercial" in blocking_reason(launch, LI, ctx)
    assert "arrangement" in blocking_reason(ribbon, LI, ctx)
    assert blocking_reason(meeting, LI, ctx) is None
    assert blocking_reason(launch, CLERK, ctx) is None
    arranged = occ("剪彩仪式", attendees=[CLERK], arranged_feed=True)
    assert blocking_reason(arranged, LI, ctx) is None
