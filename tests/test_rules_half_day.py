"""half-day-limit (§3 meeting time)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leanmeet.planner.model import Decision
from leanmeet.planner.rules import CheckContext, run_checks
from tests.rules_helpers import LI, context, occ, rule_findings, series

RULE = "half-day-limit"


@pytest.mark.parametrize("summary", ["Budget review", "全市经济工作会议"])
def test_exactly_240_minutes_passes_241_fails(summary):
    assert rule_findings([occ(summary, minutes=240)], RULE) == []
    found = rule_findings([occ(summary, minutes=241)], RULE)
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert f.clause == "§3 meeting time"
    assert f.occurrences[0].summary == summary
    assert "4 h 1 min" in f.message


def test_people_of_a_long_meeting_are_named():
    (f,) = rule_findings([occ(minutes=300, attendees=[LI])], RULE)
    assert f.people == ("li.wei@gov.example",)


@pytest.mark.parametrize("days", [1, 3])
def test_all_day_meetings_count_as_longer(days):
    found = rule_findings([occ("Strategy retreat", "2025-03-03", days=days)], RULE)
    assert len(found) == 1
    assert "all-day" in found[0].message


def test_multi_day_timed_meeting_fails():
    o = occ("Training", "2025-03-03 09:00", end="2025-03-04 10:00")
    assert len(rule_findings([o], RULE)) == 1


def test_evening_session_past_midnight_is_measured_by_its_length():
    o = occ("Flood control duty meeting", "2025-03-03 22:00", end="2025-03-04 01:00")
    assert rule_findings([o], RULE) == []


def test_duration_is_real_time_across_a_dst_change():
    ny = ZoneInfo("America/New_York")
    start = datetime(2025, 3, 9, 0, 0, tzinfo=ny)
    end = datetime(2025, 3, 9, 5, 0, tzinfo=ny)  # 5 h on the wall clock, 4 h of real time
    ctx = context()
    ctx = CheckContext(ctx.rulebook, ctx.roster, ctx.decisions, ctx.today, ny)
    assert [
        f for f in run_checks([occ("Night shift", start, end=end)], ctx) if f.rule == RULE
    ] == []
    longer = occ("Night shift", start, end=end + timedelta(minutes=1))
    assert len([f for f in run_checks([longer], ctx) if f.rule == RULE]) == 1


@pytest.mark.parametrize(
    "summary",
    ["13th Party Congress", "Two Sessions", "市第十三次党代会", "市人民代表大会第二次会议"],
)
def test_plenary_is_exempt(summary):
    assert rule_findings([occ(summary, minutes=480)], RULE) == []
    assert rule_findings([occ(summary, "2025-03-03", days=5)], RULE) == []


def test_other_kinds_are_not_meetings():
    assert rule_findings([occ("赴秦州区调研", minutes=480)], RULE) == []
    assert rule_findings([occ("Digital economy forum", minutes=480)], RULE) == []


def test_cancelled_meeting_breaks_nothing():
    assert rule_findings([occ(minutes=600, status="CANCELLED")], RULE) == []


def test_exemption_lifts_it():
    o = occ(minutes=300, uid="long@test")
    exempt = Decision("exemption", "long@test", rule=RULE, text="annual budget session")
    other_rule = Decision("exemption", "long@test", rule="venue", text="n/a")
    assert rule_findings([o], RULE, decisions=[other_rule]) != []
    assert rule_findings([o], RULE, decisions=[exempt]) == []


def test_exemption_of_a_series_or_of_one_occurrence():
    occs = series("Weekly planning", ["2025-03-03 09:00", "2025-03-10 09:00"], minutes=300)
    assert len(rule_findings(occs, RULE)) == 2
    whole = Decision("exemption", "series@test", rule=RULE, text="ok")
    assert rule_findings(occs, RULE, decisions=[whole]) == []
    one = Decision(
        "exemption", "series@test", occurrence=occs[1].recurrence_id.isoformat(), rule=RULE
    )
    left = rule_findings(occs, RULE, decisions=[one])
    assert [f.occurrences[0] for f in left] == [occs[0]]


def test_kind_override_to_plenary_lifts_it():
    o = occ("全体会议", minutes=480, uid="plenum@test")
    override = Decision("kind", "plenum@test", text="plenary")
    assert rule_findings([o], RULE) != []
    assert rule_findings([o], RULE, decisions=[override]) == []


def test_threshold_severity_and_switch_come_from_the_rulebook():
    o = occ(minutes=200)
    assert rule_findings([o], RULE) == []
    (f,) = rule_findings(
        [o], RULE, rulebook='[rules.half-day-limit]\nmax_minutes = 180\nseverity = "warning"'
    )
    assert f.severity == "warning"
    assert (
        rule_findings([occ(minutes=600)], RULE, rulebook="[rules.half-day-limit]\nenabled = false")
        == []
    )
