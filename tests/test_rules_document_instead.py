"""document-instead (§3 reduce meetings): info with the suggestion; not for video calls."""

from __future__ import annotations

import pytest

from leanmeet.planner.model import Decision
from tests.rules_helpers import CLERK, LI, occ, rule_findings

RULE = "document-instead"


@pytest.mark.parametrize("summary", [
    "传达学习省委十四届八次全会精神会议", "学习贯彻党的二十届四中全会精神专题会",
    "传达全省安全生产电视会议要求", "Meeting to convey the spirit of the provincial conference",
    "Briefing on the circular on winter heating",
])
def test_meetings_that_pass_on_a_document_get_the_suggestion(summary):
    (f,) = rule_findings([occ(summary, attendees=[LI, CLERK])], RULE)
    assert f.severity == "info"
    assert f.clause == "§3 reduce meetings"
    assert "document" in f.message and "video" in f.message


@pytest.mark.parametrize("summary,location", [
    ("传达学习全会精神视频会议", ""),
    ("传达学习全会精神会议", "市政府视频会议室"),
    ("Video conference to convey the spirit of the plenum", ""),
    ("住建局传达室改造协调会", ""),  # 传达室 is the gatehouse
    ("Project pipeline review", ""),
    ("学习型机关建设推进会", ""),
])
def test_video_conferences_and_other_meetings_pass(summary, location):
    assert rule_findings([occ(summary, location=location, attendees=[LI])], RULE) == []


def test_only_the_title_counts_by_default():
    o = occ("住建局党组会", description="传达学习上级会议精神，研究干部调整事项。",
            attendees=[CLERK])
    assert rule_findings([o], RULE) == []
    wider = '[rules.document-instead]\nfields = ["summary", "description"]\n'
    assert len(rule_findings([o], RULE, rulebook=wider)) == 1


def test_arrangement_keeps_it_exemption_lifts_it():
    o = occ("传达全会精神会议", uid="d@test", attendees=[LI], arranged_feed=True)
    assert len(rule_findings([o], RULE)) == 1
    exempt = Decision("exemption", "d@test", rule=RULE, text="discussion needed")
    assert rule_findings([o], RULE, decisions=[exempt]) == []
