"""inspection-approval (§4 inspections): the inspection itself, not a meeting about one."""

from __future__ import annotations

import pytest

from leanmeet.planner.model import Decision
from tests.rules_helpers import CLERK, occ, rule_findings

RULE = "inspection-approval"


@pytest.mark.parametrize("summary", [
    "全市安全生产大检查", "2026年度县区教育工作考核", "全市文明单位评比", "冬季供暖专项督查",
    "Annual assessment of county education work", "City-wide food safety inspection",
])
def test_inspections_without_an_arrangement(summary):
    (f,) = rule_findings([occ(summary, attendees=[CLERK])], RULE)
    assert f.severity == "warning" and f.clause == "§4 inspections"
    assert "consent" in f.message


@pytest.mark.parametrize("summary", [
    "冬季校园消防安全检查部署会", "省政府督查组年终督查反馈会", "教育系统年度考核述职会",
    "Quarterly school safety inspection debrief", "Meeting with the provincial inspection team",
    "食品安全随机抽查", "Unannounced visits to heating companies", "Budget meeting",
])
def test_meetings_about_inspections_and_spot_checks_pass(summary):
    assert rule_findings([occ(summary, attendees=[CLERK])], RULE) == []


def test_an_arrangement_is_the_consent():
    o = occ("全市安全生产大检查", uid="i@test", attendees=[CLERK])
    assert rule_findings([o], RULE, decisions=[Decision("arrangement", "i@test", text="ok")]) == []
    assert rule_findings([occ("全市安全生产大检查", arranged_feed=True)], RULE) == []


@pytest.mark.parametrize("summary", [
    "调研安全生产检查工作", "市领导检查指导防汛工作", "到企业检查安全生产",
    "Inspection tour of flood defences",
])
def test_research_visits_are_not_inspections(summary):
    """The classifier reads these as research (a leader's outing); only a title whose head is
    the inspection (…大检查, …专项督查, also research) is one."""
    assert rule_findings([occ(summary, attendees=[CLERK])], RULE) == []
