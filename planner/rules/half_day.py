"""§3 meeting time: a meeting lasts at most half a day (plenary sessions are exempt)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, describe_when
from leanmeet.planner.rules.base import event_finding, of_kinds

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


def _duration(minutes: float) -> str:
    whole = int(round(minutes))
    hours, mins = divmod(whole, 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    if hours:
        return f"{hours} h"
    return f"{mins} min"


class HalfDayLimit:
    """A ``meeting`` longer than ``max_minutes`` (default 240: 240 passes, 241 fails).

    All-day meetings (one day or several) always count as longer. A timed meeting is measured
    by its real duration, so an evening session running past midnight for two hours passes;
    a timed meeting over several days fails by its length anyway.
    """

    id = "half-day-limit"
    clause = "§3 meeting time"
    title = "Meetings last at most half a day"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.half_day_limit
        limit = cfg.max_minutes
        findings = []
        for ev in of_kinds(events, cfg.kinds):
            if ev.all_day:
                length = f"is an all-day {ev.kind} ({describe_when(ev.occ, ctx.tz)})"
            else:
                minutes = ev.minutes
                if minutes <= limit:
                    continue
                length = f"lasts {_duration(minutes)}"
            findings.append(event_finding(
                self, cfg.severity, ev.occ, ev.people,
                f"The {ev.kind} {length}, over the half-day limit of {_duration(limit)}; "
                "shorten or split it"))
        return findings
