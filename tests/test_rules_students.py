"""students-at-celebration (§4 activities): students at a non-educational ceremony."""

from __future__ import annotations

import pytest

from leanmeet.planner.model import Attendee, Decision
from tests.rules_helpers import LI, occ, rule_findings

RULE = "students-at-celebration"


@pytest.mark.parametrize("summary,description", [
    ("商贸城开工仪式", "组织附近中小学生列队欢迎。"),
    ("新春庆典", "天水一中师生表演节目。"),
    ("Ribbon-cutting for the new bridge", "Students of No. 3 Middle School line the road."),
])
def test_students_at_a_ceremony(summary, description):
    (f,) = rule_findings([occ(summary, description=description, attendees=[LI])], RULE)
    assert f.severity == "error" and f.clause == "§4 activities"
    assert not f.blocks
    assert f.people == ("li.wei@gov.example",)


def test_a_school_among_the_attendees():
    o = occ("Groundbreaking ceremony of the logistics park",
            attendees=[Attendee("band@school.example", "Qinzhou No. 2 Primary School band")])
    assert len(rule_findings([o], RULE)) == 1


@pytest.mark.parametrize("summary,description", [
    ("天水一中开学典礼", "全体师生参加。"),  # educational
    ("Graduation ceremony of Tianshui Normal University", "Students and parents."),
    ("商贸城开工仪式", "市委党校学员参加。"),  # the Party School
    ("商贸城开工仪式", "各施工单位负责人参加。"),
])
def test_educational_ceremonies_and_others_pass(summary, description):
    assert rule_findings([occ(summary, description=description, attendees=[LI])], RULE) == []


def test_meetings_about_students_are_not_ceremonies():
    assert rule_findings([occ("学生资助工作会议", description="学生", attendees=[LI])], RULE) == []


def test_arrangement_does_not_lift_it_exemption_does():
    o = occ("新春庆典", uid="c@test", description="小学生合唱", arranged_feed=True)
    assert len(rule_findings([o], RULE)) == 1
    exempt = Decision("exemption", "c@test", rule=RULE, text="school's own choir festival")
    assert rule_findings([o], RULE, decisions=[exempt]) == []
