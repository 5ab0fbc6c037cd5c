"""shared-transport (§4 activities): several leaders at one off-site event."""

from __future__ import annotations

import pytest

from leanmeet.planner.model import Decision
from tests.rules_helpers import CLERK, LI, WANG, ZHANG, occ, rule_findings

RULE = "shared-transport"


@pytest.mark.parametrize("summary,location", [
    ("天水市第三人民医院新院区开工仪式", "麦积区社棠镇（新院区工地）"),
    ("Research visit: heating", "Qinzhou District heating station"),
])
def test_leaders_at_one_off_site_event(summary, location):
    (f,) = rule_findings([occ(summary, location=location, attendees=[LI, ZHANG, CLERK])], RULE)
    assert f.severity == "info"
    assert set(f.people) == {"li.wei@gov.example", "zhang.wei@gov.example"}
    assert "one vehicle" in f.message


@pytest.mark.parametrize("location", [
    "市政府常务会议室", "Municipal Government Building, Room 3", "", "市委常委会议室"])
def test_the_offices_own_rooms_are_not_off_site(location):
    assert rule_findings([occ("Weekly meeting", location=location,
                              attendees=[LI, WANG, ZHANG])], RULE) == []


def test_one_leader_is_not_reported():
    assert rule_findings([occ("开工仪式", location="麦积区", attendees=[LI, CLERK])], RULE) == []


def test_venues_min_leaders_and_exemption():
    o = occ("Forum", uid="t@test", location="Convention Center", attendees=[LI, WANG, ZHANG])
    assert len(rule_findings([o], RULE)) == 1
    tuned = '[rules.shared-transport]\noffice_venues = ["Convention Center"]\n'
    assert rule_findings([o], RULE, rulebook=tuned) == []
    assert rule_findings([o], RULE, rulebook="[rules.shared-transport]\nmin_leaders = 4\n") == []
    assert rule_findings([o], RULE, decisions=[Decision("exemption", "t@test", rule=RULE)]) == []
