"""planner/plan.py: the consolidated plan from plain values (no database, no files)."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime

from leanmeet.planner.decisions import DecisionIndex
from leanmeet.planner.model import Attendee, Decision, Occurrence, Person
from leanmeet.planner.people import Roster
from leanmeet.planner.plan import Merge, build_plan, review
from leanmeet.planner.rulebook import default_rulebook
from leanmeet.planner.rules import CheckContext

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
WANG = Attendee("wang@gov.cn", "王建国")
LI = Attendee("li@gov.cn", "李明")
ZHAO = Attendee("zhao@gov.cn", "赵磊")
ROSTER = Roster([Person("王建国", "wang@gov.cn", "leader"), Person("李明", "li@gov.cn", "leader"),
                 Person("赵磊", "zhao@gov.cn", "staff")])
FIRST, LAST = date(2026, 11, 30), date(2026, 12, 13)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    month = 11 if day > 20 else 12
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


def occ(uid: str, start: datetime, end: datetime, summary: str, *people: Attendee,
        **extra) -> Occurrence:
    return Occurrence(uid=uid, recurrence_id=None, start=start, end=end, all_day=False,
                      summary=summary, attendees=people, **extra)


def context(*decisions: Decision) -> CheckContext:
    return CheckContext(rulebook=default_rulebook(), roster=ROSTER,
                        decisions=DecisionIndex(decisions), today=date(2026, 11, 29), tz=TZ)


OCCS = [
    occ("ribbon", at(1, 10), at(1, 11), "Ribbon-cutting for the city library", WANG, ZHAO),
    occ("expo", at(2, 10), at(2, 11), "Tianshui agricultural expo", LI, ZHAO),
    occ("office-forum", at(3, 10), at(3, 11), "Forum on rural revitalization", WANG,
        feed="office", arranged_feed=True),
    occ("budget", at(4, 9), at(4, 17, 30), "Budget working meeting", WANG, LI),
    occ("long", at(7, 9), at(7, 17), "Annual review meeting", LI),
    occ("visit", at(8, 9), at(8, 12), "Research visit to Gangu County", WANG),
    occ("gone", at(9, 9), at(9, 10), "Cancelled briefing", WANG, status="CANCELLED"),
]
DECISIONS = (
    Decision("arrangement", "expo", text="办发〔2026〕12号", at="2026-11-28T01:00:00+00:00"),
    Decision("exemption", "budget", rule="half-day-limit", text="budget law deadline",
             at="2026-11-28T02:00:00+00:00"),
)


def test_review_gives_every_finding_a_status():
    ctx = context(*DECISIONS)
    found = review(OCCS, ctx, FIRST, LAST)
    status = {(r.finding.rule, r.finding.occurrence.uid if r.finding.occurrence else None):
              (r.status, r.note) for r in found.rows}
    assert status[("unarranged-ceremony", "ribbon")] == ("open", "")
    assert status[("unarranged-ceremony", "expo")] == ("arranged", "办发〔2026〕12号")
    assert status[("unarranged-ceremony", "office-forum")] == ("arranged",
                                                               "arranged feed office")
    assert status[("half-day-limit", "budget")] == ("exempted", "budget law deadline")
    assert status[("half-day-limit", "long")] == ("open", "")
    assert status[("grassroots-days", None)][0] == "open"
    # the open findings are exactly what `check` reports
    assert {f.key for f in found.findings} == {r.finding.key for r in found.rows
                                               if r.status == "open"}
    assert ("half-day-limit", "gone") not in status  # cancelled events are not checked


def test_blocking_only_review_finds_just_the_blocked_events():
    found = review(OCCS, context(*DECISIONS), FIRST, LAST, statuses=False,
                   blocking_only=True)
    assert [(f.rule, f.occurrence.uid) for f in found.findings] == [
        ("unarranged-ceremony", "ribbon")]


def test_blocked_leaders_are_left_out_of_the_entry_with_the_reason():
    ctx = context(*DECISIONS)
    found = review(OCCS, ctx, FIRST, LAST)
    plan = build_plan(OCCS, ctx, first=FIRST, last=LAST, findings=found.findings,
                      rows=found.rows)
    entries = {e.occ.uid: e for e in plan.entries}
    ribbon = entries["ribbon"]
    assert ribbon.left_out == (WANG,) and ribbon.attendees == (ZHAO,)
    assert ribbon.leaders == () and ribbon.kind == "ceremony"
    note = ribbon.left_out_note()
    assert "王建国 <wang@gov.cn>" in note and "§4 activities" in note
    assert entries["expo"].left_out == () and entries["expo"].arrangement == "办发〔2026〕12号"
    assert entries["budget"].exemptions == (("half-day-limit", "budget law deadline"),)
    assert [f.rule for f in entries["long"].findings] == ["half-day-limit"]
    assert entries["visit"].kind == "research"


def test_leaders_load_counts_meetings_they_attend():
    ctx = context(*DECISIONS)
    found = review(OCCS, ctx, FIRST, LAST)
    plan = build_plan(OCCS, ctx, first=FIRST, last=LAST, findings=found.findings,
                      rows=found.rows)
    loads = {load.person.name: load for load in plan.leaders}
    wang = loads["王建国"]
    # forum 1 h + budget 8.5 h + visit 3 h; not the ribbon-cutting (left out), not cancelled
    assert (wang.meetings, wang.minutes, wang.days, wang.left_out) == (3, 750, 3, 1)
    assert wang.grassroots["planned"] == 1 and wang.grassroots["minimum"] == 70
    assert loads["李明"].meetings == 3 and loads["李明"].left_out == 0
    assert plan.name_of("wang@gov.cn") == "王建国"


def test_weeks_run_monday_to_sunday_and_keep_empty_weeks():
    ctx = context()
    occs = [occ("a", at(1, 9), at(1, 10), "A"), occ("b", at(13, 9), at(13, 10), "B"),
            occ("c", at(30, 9), at(30, 10), "C")]
    plan = build_plan(occs, ctx, first=date(2026, 11, 30), last=date(2026, 12, 20),
                      findings=[])
    weeks = plan.weeks
    assert [w.monday for w in weeks] == [date(2026, 11, 30), date(2026, 12, 7),
                                         date(2026, 12, 14)]
    assert [[e.occ.uid for e in w.entries] for w in weeks] == [["c", "a"], ["b"], []]


def test_merges_made_link_the_merged_meeting_and_its_originals():
    ctx = context()
    merged = occ("m-1@merged.leanmeet", at(1, 9), at(1, 11), "合并：安全生产会议", WANG)
    original = occ("safety-a", at(1, 9), at(1, 10), "安全生产会议")
    plan = build_plan([merged], ctx, first=FIRST, last=LAST, findings=[], merges=[
        Merge("m-1", "m-1@merged.leanmeet", "合并：安全生产会议", "2026-11-28",
              ((("safety-a", None), original), (("safety-b", None), None))),
        Merge("m-2", "m-2@merged.leanmeet", "elsewhere", "2026-11-28",
              ((("x", None), occ("x", datetime(2027, 3, 1, 9, tzinfo=TZ),
                                 datetime(2027, 3, 1, 10, tzinfo=TZ), "X")),))])
    [made] = plan.merges
    assert made.id == "m-1" and made.merged.occ.uid == "m-1@merged.leanmeet"
    assert made.originals[0][1].summary == "安全生产会议" and made.originals[1][1] is None
    assert plan.entries[0].merge == "m-1"
