"""unarranged-municipal-meeting (§3 review): a meeting in the name of the Committee /
Government (title or organizer) without an arrangement."""

from __future__ import annotations

import pytest

from leanmeet.planner.model import Attendee, Decision
from tests.rules_helpers import LI, occ, rule_findings

RULE = "unarranged-municipal-meeting"


@pytest.mark.parametrize("summary", [
    "以市委、市政府名义召开全市优化营商环境大会", "市委市政府重点项目推进会",
    "Conference of the Municipal Party Committee and Municipal Government on heating",
])
def test_title_in_the_name_of_the_committee_or_government(summary):
    (f,) = rule_findings([occ(summary, attendees=[LI])], RULE)
    assert f.severity == "warning" and f.clause == "§3 review"
    assert "arrangement" in f.message


@pytest.mark.parametrize(
    "organizer", ["天水市人民政府", "中共天水市委", "Tianshui Municipal Government"])
def test_organizer_is_the_committee_or_government(organizer):
    o = occ("全市冬季供暖工作会议", organizer=Attendee("gov@x.cn", organizer), attendees=[LI])
    (f,) = rule_findings([o], RULE)
    assert organizer in f.message


@pytest.mark.parametrize("summary,organizer", [
    ("市政府办公室周例会", "市政府办公室"),  # the office itself
    ("全市教育工作会议", "市教育局"),
    ("Weekly leadership meeting", "Government Office"),
])
def test_department_meetings_pass(summary, organizer):
    o = occ(summary, organizer=Attendee("x@x.cn", organizer), attendees=[LI])
    assert rule_findings([o], RULE) == []


def test_an_arrangement_or_the_arranged_feed_lifts_it():
    o = occ("市委市政府重点项目推进会", uid="m@test", attendees=[LI])
    assert rule_findings([o], RULE, decisions=[Decision("arrangement", "m@test", text="ref")]) == []
    arranged = occ("市委市政府重点项目推进会", attendees=[LI], arranged_feed=True)
    assert rule_findings([arranged], RULE) == []
