"""Planning like an assistant (issue 15), for both front ends: the common free time of
people (``leanmeet free``), the meeting load (``leanmeet stats``, the TUI's plots on ``o``,
the HTML report's charts) and the leaders' weekly activity table (the TUI's ``L``,
``export --format leaders``). Values only: the CLI prints them, the TUI shows them.

The free time is ``planner.slots.common_free``, the load ``planner.load.meeting_load``, the
table ``planner.leaders_week``; the plan they read is the one ``leanmeet export`` builds
(``application.export.build``). Headings follow :func:`language`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from leanmeet.application.errors import UserError
from leanmeet.application.export import build
from leanmeet.application.session import Session
from leanmeet.application.session import interface_language as language
from leanmeet.planner.leaders_week import WeekTable, week_table
from leanmeet.planner.load import Load, meeting_load
from leanmeet.planner.merge.suggestions import working_hours
from leanmeet.planner.people import Roster
from leanmeet.planner.plan import Plan
from leanmeet.planner.rules import CheckContext
from leanmeet.planner.slots import BusyIndex, FreeSlot, common_free, resolve_people

__all__ = ["FreeTime", "free_time", "language", "leaders_week", "load_window",
           "meeting_load_of", "plan_window", "stats_window"]


# ------------------------------------------------------------------ free time
@dataclass
class FreeTime:
    names: list[str]  # the people as resolved (roster names where known)
    first: date
    last: date
    minutes: int
    slots: list[FreeSlot] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # texts nobody known matches (taken as free)


def free_time(session: Session, people: list[str], first: date, last: date,
              minutes: int = 60) -> FreeTime:
    """The stretches of at least ``minutes`` in [first, last], within the rulebook's working
    hours on working days, when every one of ``people`` is free in every stored feed.
    UserError for a non-positive ``minutes`` or working hours the rulebook gets wrong."""
    if minutes <= 0:
        raise UserError("--minutes must be a positive number of minutes")
    try:
        hours = working_hours(session.rulebook.merge)
    except ValueError as exc:
        raise UserError(f"rulebook {exc}") from None
    tz = session.tz
    occs = session.occurrences(first, last)
    roster = Roster(session.repository.people())
    resolved, unknown = resolve_people(people, roster, occs)

    def key(a):
        p = roster.participant(a)
        return p.key if p is not None else ""

    busy = BusyIndex.build(occs, key, tz)
    slots = common_free(busy, [k for k, _ in resolved], first, last, hours, minutes)
    return FreeTime([n for _, n in resolved], first, last, minutes, list(slots), unknown)


# ------------------------------------------------------------------ the plan's figures
def plan_window(session: Session, first: date, last: date) -> tuple[Plan, CheckContext]:
    """(plan, check context) of [first, last] for the reports (findings with their status,
    leaders' loads, accepted merges), exactly as ``leanmeet export`` builds it."""
    return build(session, "html", first, last)


def meeting_load_of(plan: Plan, ctx: CheckContext) -> Load:
    """The meeting load of a report's plan."""
    return meeting_load(plan, ctx.roster,
                        max_minutes=ctx.rulebook.rule("half-day-limit").max_minutes)


def load_window(session: Session, first: date, last: date) -> Load:
    """The meeting load of [first, last]."""
    return meeting_load_of(*plan_window(session, first, last))


def stats_window(session: Session, first: date | None, last: date | None) -> tuple[date, date]:
    """The days ``leanmeet stats`` reads: by default the 4 weeks before this week and the 4
    weeks from it (Monday to Sunday); else ``first``/``last`` as given (28 days by default)."""
    if first is None and last is None:
        today = session.today
        monday = today - timedelta(days=today.weekday())
        first, last = monday - timedelta(weeks=4), monday + timedelta(weeks=4, days=-1)
    return session.window(first, last, default_days=28)


def leaders_week(session: Session, monday: date, language: str = "en") -> WeekTable:
    """The leaders' table of the week of ``monday`` (any day of it)."""
    monday = monday - timedelta(days=monday.weekday())
    plan, ctx = plan_window(session, monday, monday + timedelta(days=6))
    return week_table(plan.entries, ctx.roster, monday, session.tz, language,
                      session.rulebook.merge.holiday_country)
