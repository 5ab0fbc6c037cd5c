"""escort-size (§1 escorts): roster staff and reporters at a research visit or reception."""

from __future__ import annotations

from leanmeet.planner.model import Decision, Person
from tests.rules_helpers import LI, WANG, occ, rule_findings

RULE = "escort-size"
STAFF = [Person(f"Staff {i}", f"s{i}@gov.example", "staff", "Officer", "Office")
         for i in range(5)]
TV = Person("Reporter", "tv@gov.example", "media", "Reporter", "天水电视台")
PAPER = Person("Journalist", "paper@gov.example", "staff", "Journalist", "Tianshui Daily")
PEOPLE = (LI, WANG, TV, PAPER, *STAFF)


def found(o, **kw):
    return rule_findings([o], RULE, people=PEOPLE, **kw)


def test_too_many_staff_on_a_research_visit_zh():
    (f,) = found(occ("赴甘谷县调研乡村振兴", attendees=[LI, *STAFF[:4]]))
    assert f.severity == "warning" and f.clause == "§1 escorts"
    assert "4 accompanying staff (at most 3)" in f.message


def test_too_many_reporters_at_a_reception_en():
    (f,) = found(occ("Reception of the Baoji delegation", attendees=[LI, TV, PAPER]))
    assert "2 accompanying reporters (at most 1)" in f.message


def test_within_the_limits():
    visit = occ("Research visit: heating in Qinzhou", attendees=[LI, WANG, *STAFF[:3], TV])
    assert found(visit) == []


def test_other_meetings_are_not_counted():
    assert found(occ("Budget meeting", attendees=[LI, *STAFF, TV, PAPER])) == []


def test_without_a_leader_nothing_is_reported():
    assert found(occ("赴甘谷县调研", attendees=STAFF)) == []


def test_thresholds_are_tunable_and_exemption_lifts():
    o = occ("调研供暖", uid="e@test", attendees=[LI, *STAFF[:2]])
    assert found(o) == []
    assert len(found(o, rulebook="[rules.escort-size]\nmax_staff = 1\n")) == 1
    big = occ("调研供暖", uid="e@test", attendees=[LI, *STAFF])
    assert found(big, decisions=[Decision("exemption", "e@test", rule=RULE, text="flood")]) == []
