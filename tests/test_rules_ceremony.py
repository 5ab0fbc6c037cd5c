"""unarranged-ceremony (§4 activities): blocks leaders unless the office arranged it."""

from __future__ import annotations

import pytest

from leanmeet.planner.model import Attendee, Decision
from leanmeet.planner.rules import blocked_leaders
from tests.rules_helpers import CLERK, LI, WANG, att, check, occ, rule_findings, series

RULE = "unarranged-ceremony"


@pytest.mark.parametrize("summary", ["Ribbon-cutting of the new bridge", "大桥通车剪彩仪式"])
def test_leader_at_an_unarranged_ceremony_is_blocked(summary):
    o = occ(summary, attendees=[LI, CLERK])
    (f,) = rule_findings([o], RULE)
    assert f.severity == "error"
    assert f.blocks is True
    assert f.clause == "§4 activities"
    assert f.people == ("li.wei@gov.example",)  # the staff member is not reported
    assert "Li Wei" in f.message
    assert blocked_leaders([f]) == {o.key: {"li.wei@gov.example"}}


def test_staff_and_outsiders_are_free_to_attend():
    o = occ("大桥剪彩", attendees=[CLERK, att("guest@firm.example", "Guest")])
    assert rule_findings([o], RULE) == []


def test_leader_matched_by_cn_only():
    o = occ("表彰大会", attendees=[Attendee("", "Wang Fang")])
    (f,) = rule_findings([o], RULE)
    assert f.people == ("wang.fang@gov.example",)


def test_declined_leader_is_not_attending():
    o = occ("表彰大会", attendees=[att(LI, partstat="DECLINED")])
    assert rule_findings([o], RULE) == []


def test_meeting_is_not_a_ceremony():
    assert rule_findings([occ("Budget review", attendees=[LI])], RULE) == []


def test_arrangement_decision_lifts_it():
    o = occ("开工仪式", uid="c@test", attendees=[LI])
    arranged = Decision("arrangement", "c@test", text="市委办〔2025〕12号")
    assert rule_findings([o], RULE, decisions=[arranged]) == []


def test_arranged_feed_lifts_it():
    o = occ("开工仪式", attendees=[LI], arranged_feed=True)
    assert rule_findings([o], RULE) == []


def test_arrangement_of_a_series_or_of_one_occurrence():
    occs = series("Weekly flag ceremony", ["2025-03-03 08:00", "2025-03-10 08:00"], attendees=[LI])
    assert len(rule_findings(occs, RULE)) == 2
    whole = Decision("arrangement", "series@test", text="ref 1")
    assert rule_findings(occs, RULE, decisions=[whole]) == []
    first_only = Decision("arrangement", "series@test", occurrence="2025-03-03T08:00:00+08:00")
    left = rule_findings(occs, RULE, decisions=[first_only])
    assert [f.occurrences[0] for f in left] == [occs[1]]


def test_exemption_lifts_it():
    o = occ("论坛", uid="f@test", attendees=[LI])
    exempt = Decision("exemption", "f@test", rule=RULE, text="speaking as an expert")
    assert rule_findings([o], RULE, decisions=[exempt]) == []


def test_cancelled_ceremony_breaks_nothing():
    assert rule_findings([occ("剪彩", attendees=[LI], status="CANCELLED")], RULE) == []


def test_several_leaders_in_one_finding():
    o = occ("茶话会", attendees=[LI, WANG])
    (f,) = rule_findings([o], RULE)
    assert f.people == ("li.wei@gov.example", "wang.fang@gov.example")
    assert "Li Wei and Wang Fang attend" in f.message


def test_a_warning_does_not_block():
    o = occ("剪彩", attendees=[LI])
    findings = check([o], rulebook='[rules.unarranged-ceremony]\nseverity = "warning"')
    (f,) = [f for f in findings if f.rule == RULE]
    assert f.blocks is False
    assert blocked_leaders(findings) == {}
