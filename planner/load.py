"""The office's meeting load at a glance (policy §3 "reduce the number of meetings", §1 "at
least 70 days a year at the grassroots").

Counted over the plan (merged meetings in, their originals out, cancelled events left out):

- per ISO week, the whole office: meetings (events of kind ``meeting`` or ``plenary``, each
  once however many people attend), hours in meetings, average length, and the share of
  meetings over half a day (longer than ``max_minutes``; all-day and multi-day ones count);
  an all-day meeting counts two half-days (2 × ``max_minutes``) a day, not 24 hours;
- per roster leader over the window: the same figures for the meetings they take part in
  (blocked ones not), and research days in the year (the ``grassroots-days`` rule's count:
  distinct days with a ``research`` event) against the 70-day minimum: ``expected`` days by
  today is minimum × (days elapsed / days in the year), ``projected`` the rule's projection
  of the year at the current pace;
- what accepted merges saved: meetings (originals − 1 per merge) and person-hours, counted
  from the originals' attendees and lengths: Σ people(original) × hours(original) −
  people(merged) × hours(merged). People are those taking part (``planner.people``).

Pure: the plan (entries, merges with their originals, leaders' reports) in, numbers out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from leanmeet.planner.findings import as_aware
from leanmeet.planner.model import Occurrence, Person
from leanmeet.planner.people import Roster, participants, person_key
from leanmeet.planner.plan import Plan, PlanEntry

MEETING_KINDS = frozenset({"meeting", "plenary"})
GRASSROOTS_MINIMUM = 70


def minutes_of(occ: Occurrence, tz: tzinfo, day_minutes: float | None = None) -> float:
    """How long ``occ`` lasts; an all-day event counts ``day_minutes`` a day (a working
    day), when given, rather than 24 hours."""
    if day_minutes is not None and not isinstance(occ.start, datetime):
        end = occ.end if not isinstance(occ.end, datetime) else occ.end.date()
        return max(1, (end - occ.start).days) * day_minutes
    s = as_aware(occ.start, tz)
    e = as_aware(occ.end, tz)
    return max(0.0, (e - s).total_seconds() / 60.0)


def _over_half_day(occ: Occurrence, tz: tzinfo, max_minutes: int) -> bool:
    if not isinstance(occ.start, datetime) or occ.all_day:
        return True  # all-day and multi-day meetings count as longer (SPEC §4)
    return minutes_of(occ, tz) > max_minutes


@dataclass(frozen=True)
class Figures:
    """Meetings, minutes and how many of them ran over half a day."""

    meetings: int = 0
    minutes: float = 0.0
    over_half_day: int = 0

    @property
    def hours(self) -> float:
        return self.minutes / 60.0

    @property
    def average_minutes(self) -> float:
        return self.minutes / self.meetings if self.meetings else 0.0

    @property
    def share_over_half_day(self) -> float:
        return self.over_half_day / self.meetings if self.meetings else 0.0

    def plus(self, minutes: float, over: bool) -> Figures:
        return Figures(self.meetings + 1, self.minutes + minutes, self.over_half_day + over)

    def to_json(self) -> dict[str, Any]:
        return {"meetings": self.meetings, "hours": round(self.hours, 2),
                "average_minutes": round(self.average_minutes, 1),
                "over_half_day": self.over_half_day,
                "share_over_half_day": round(self.share_over_half_day, 3)}


@dataclass(frozen=True)
class WeekLoad:
    monday: date
    figures: Figures

    def to_json(self) -> dict[str, Any]:
        return {"week": f"{self.monday.isocalendar()[0]}-W{self.monday.isocalendar()[1]:02d}",
                "monday": self.monday.isoformat(), **self.figures.to_json()}


@dataclass(frozen=True)
class LeaderStats:
    person: Person
    figures: Figures
    research_days: int = 0  # so far this year
    research_planned: int = 0  # on the calendar for the rest of the year
    minimum: int = GRASSROOTS_MINIMUM
    expected_days: float = 0.0  # where the minimum's pace is by today
    projected_days: float = 0.0  # the year at the current pace (the rule's projection)
    weeks: tuple[Figures, ...] = ()  # per week of the window, like Load.weeks

    @property
    def name(self) -> str:
        return self.person.name or self.person.email

    @property
    def behind(self) -> bool:
        return self.projected_days < self.minimum

    def to_json(self) -> dict[str, Any]:
        return {"name": self.person.name, "email": self.person.email,
                "title": self.person.title, **self.figures.to_json(),
                "research_days": self.research_days,
                "research_planned": self.research_planned,
                "research_expected": round(self.expected_days, 1),
                "research_projected": round(self.projected_days, 1),
                "research_minimum": self.minimum,
                "weeks": [w.to_json() for w in self.weeks]}


@dataclass(frozen=True)
class MergeSaving:
    id: str
    summary: str
    originals: int
    meetings_saved: int
    person_hours_before: float
    person_hours_after: float

    @property
    def person_hours_saved(self) -> float:
        return self.person_hours_before - self.person_hours_after

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "summary": self.summary, "originals": self.originals,
                "meetings_saved": self.meetings_saved,
                "person_hours_before": round(self.person_hours_before, 2),
                "person_hours_after": round(self.person_hours_after, 2),
                "person_hours_saved": round(self.person_hours_saved, 2)}


@dataclass(frozen=True)
class Load:
    first: date
    last: date
    weeks: tuple[WeekLoad, ...]
    total: Figures
    leaders: tuple[LeaderStats, ...]
    merges: tuple[MergeSaving, ...] = field(default_factory=tuple)

    @property
    def meetings_saved(self) -> int:
        return sum(m.meetings_saved for m in self.merges)

    @property
    def person_hours_saved(self) -> float:
        return sum(m.person_hours_saved for m in self.merges)

    def to_json(self) -> dict[str, Any]:
        """``leanmeet stats --json``."""
        return {"from": self.first.isoformat(), "to": self.last.isoformat(),
                "total": self.total.to_json(), "weeks": [w.to_json() for w in self.weeks],
                "leaders": [x.to_json() for x in self.leaders],
                "merges": {"count": len(self.merges), "meetings_saved": self.meetings_saved,
                           "person_hours_saved": round(self.person_hours_saved, 2),
                           "each": [m.to_json() for m in self.merges]}}


def person_hours(occ: Occurrence, roster: Roster, tz: tzinfo, day_minutes: float = 480
                 ) -> float:
    """People taking part × hours (an all-day event: ``day_minutes`` a day)."""
    return len(participants(occ, roster)) * minutes_of(occ, tz, day_minutes) / 60.0


def merge_savings(plan: Plan, roster: Roster) -> list[MergeSaving]:
    """What each accepted merge of the plan saved (merges whose merged meeting or originals
    are in the window)."""
    tz = plan.tz
    out = []
    for m in plan.merges:
        originals = [o for _, o in m.originals if o is not None and not o.cancelled]
        if not originals:
            continue
        before = sum(person_hours(o, roster, tz) for o in originals)
        after = person_hours(m.merged.occ, roster, tz) if m.merged is not None else 0.0
        held = 1 if m.merged is not None else 0
        out.append(MergeSaving(m.id, m.summary, len(originals), len(originals) - held,
                               before, after))
    return out


def _weeks(first: date, last: date) -> list[date]:
    monday = first - timedelta(days=first.weekday())
    out = []
    while monday <= last:
        out.append(monday)
        monday += timedelta(days=7)
    return out


def _start_day(occ: Occurrence, tz: tzinfo) -> date:
    return as_aware(occ.start, tz).astimezone(tz).date()


def _days(occ: Occurrence, tz: tzinfo) -> set[date]:
    s = as_aware(occ.start, tz).astimezone(tz)
    e = as_aware(occ.end, tz).astimezone(tz)
    last = (e - timedelta(microseconds=1)).date() if e > s else s.date()
    return {s.date() + timedelta(days=i) for i in range((last - s.date()).days + 1)}


def meeting_load(plan: Plan, roster: Roster, *, max_minutes: int = 240) -> Load:
    """The figures of the plan's window. Research days come from the plan's
    ``grassroots-days`` report of each leader (``plan.leaders``: the rule counts them, with
    the rulebook's minimum); the pace is measured at ``plan.today``."""
    tz = plan.tz
    mondays = _weeks(plan.first, plan.last)
    index = {m: k for k, m in enumerate(mondays)}
    weekly = [Figures() for _ in mondays]
    total = Figures()
    leaders = []
    seen: set[str] = set()
    for p in roster.leaders:
        if person_key(p) not in seen:
            seen.add(person_key(p))
            leaders.append(p)
    per_leader = {person_key(p): Figures() for p in leaders}
    per_leader_week = {person_key(p): [Figures() for _ in mondays] for p in leaders}
    for entry in plan.entries:
        if entry.cancelled or entry.kind not in MEETING_KINDS:
            continue
        day = max(plan.first, _start_day(entry.occ, tz))
        k = index.get(day - timedelta(days=day.weekday()))
        if k is None:
            continue
        minutes = minutes_of(entry.occ, tz, 2 * max_minutes)  # all day: two half-days
        over = _over_half_day(entry.occ, tz, max_minutes)
        weekly[k] = weekly[k].plus(minutes, over)
        total = total.plus(minutes, over)
        for key in _leaders_in(entry, roster):
            if key in per_leader:
                per_leader[key] = per_leader[key].plus(minutes, over)
                per_leader_week[key][k] = per_leader_week[key][k].plus(minutes, over)
    year = plan.today.year
    first_day = date(year, 1, 1)
    year_days = (date(year + 1, 1, 1) - first_day).days
    elapsed = min(year_days, max(1, (plan.today - first_day).days + 1))
    reports = {person_key(x.person): x.grassroots for x in plan.leaders}
    stats = []
    for p in leaders:
        key = person_key(p)
        g = reports.get(key) or {}
        minimum = int(g.get("minimum", GRASSROOTS_MINIMUM))
        stats.append(LeaderStats(
            p, per_leader[key], int(g.get("days", 0)), int(g.get("planned", 0)), minimum,
            expected_days=minimum * elapsed / year_days,
            projected_days=float(g.get("projected", 0)),
            weeks=tuple(per_leader_week[key])))
    return Load(plan.first, plan.last,
                tuple(WeekLoad(m, f) for m, f in zip(mondays, weekly)), total, tuple(stats),
                tuple(merge_savings(plan, roster)))


def _leaders_in(entry: PlanEntry, roster: Roster) -> set[str]:
    """The leaders who attend (left-out ones do not)."""
    left = {p.key for a in entry.left_out if (p := roster.participant(a)) is not None}
    return {p.key for p in participants(entry.occ, roster) if p.leader and p.key not in left}


__all__ = [
    "GRASSROOTS_MINIMUM", "MEETING_KINDS", "Figures", "LeaderStats", "Load", "MergeSaving",
    "WeekLoad", "meeting_load", "merge_savings", "person_hours",
]
