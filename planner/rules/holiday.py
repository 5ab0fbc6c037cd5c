"""Meetings on a public holiday of the rulebook's country (information).

Offices plan around public holidays: a meeting on one is usually a mistake in a feed (a
recurring series that nobody paused) or something the office should know about. The holidays
come from :mod:`leanmeet.planner.workdays` (the `holidays` library), for ``country`` of the
rulebook (``country = "CN"`` by default; ``""`` turns holidays off). A 调休 working weekend is
a working day and is not reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, quoted
from leanmeet.planner.rules.base import event_finding
from leanmeet.planner.workdays import day_info

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent

MAX_DAYS = 366  # the days of one event looked at


def event_days(ev: ClassifiedEvent, ctx: CheckContext) -> list[date]:
    """The days (office zone) ``ev`` is on: an all-day event's dates (end exclusive), a timed
    one's every day it touches (an end at midnight not counting)."""
    occ = ev.occ
    if ev.all_day:
        first = occ.start if not isinstance(occ.start, datetime) else occ.start.date()
        end = occ.end if not isinstance(occ.end, datetime) else occ.end.date()
        count = max(1, (end - first).days)
    else:
        start = datetime.fromtimestamp(ev.start_ts, ctx.tz)
        end = datetime.fromtimestamp(ev.end_ts, ctx.tz)
        first, last = start.date(), end.date()
        if end > start and end.time() == datetime.min.time():
            last -= timedelta(days=1)
        count = max(1, (last - first).days + 1)
    return [first + timedelta(days=i) for i in range(min(count, MAX_DAYS))]


class Holiday:
    """An event (any kind, not cancelled) on a public holiday of ``ctx.rulebook.country``."""

    id = "holiday"
    clause = "public holidays"
    title = "Meetings on a public holiday"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        country = getattr(ctx.rulebook, "country", "CN")
        if not country:
            return []
        cfg = ctx.rulebook.rules.holiday
        findings = []
        for ev in events:
            for day in event_days(ev, ctx):
                info = day_info(day, country, "en_US")
                if not info.holiday:
                    continue
                findings.append(event_finding(
                    self, cfg.severity, ev.occ, ev.people,
                    f"On {day.isoformat()}, a public holiday in {country} "
                    f"({quoted(str(info.holiday))}); check that the meeting is meant to be held",
                    details={"day": day.isoformat(), "holiday": str(info.holiday)}))
                break  # one finding per event: its first holiday
        return findings
