"""§1 research: leaders spend at least 70 days a year at the grassroots (a report)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding
from leanmeet.planner.people import person_key
from leanmeet.planner.rules.base import of_kinds, rule_finding

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


def days_covered(ev: ClassifiedEvent, ctx: CheckContext) -> list[date]:
    """Calendar days (office zone) an occurrence touches."""
    occ = ev.occ
    if ev.all_day:
        first = occ.start if not isinstance(occ.start, datetime) else occ.start.date()
        end = occ.end if not isinstance(occ.end, datetime) else occ.end.date()
        last = max(first, end - timedelta(days=1))  # DTEND of an all-day event is exclusive
    else:
        first = datetime.fromtimestamp(ev.start_ts, ctx.tz).date()
        end_ts = ev.end_ts - 1e-6 if ev.end_ts > ev.start_ts else ev.end_ts
        last = datetime.fromtimestamp(end_ts, ctx.tz).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


class GrassrootsDays:
    """Per roster leader: distinct days with ``research`` occurrences in ``ctx.today``'s year —
    days up to today, plus those still planned — against ``min_days``, with the projection at
    the pace so far (never less than the days done plus those planned). Always one report per
    leader, including leaders with no days yet. Counts only the occurrences it is given: pass
    the whole year for a full report.
    """

    id = "grassroots-days"
    clause = "§1 research"
    title = "70 grassroots days a year"
    exemptable = False  # a report about a person, not about an event

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.grassroots_days
        leaders = ctx.roster.distinct_leaders
        if not leaders:
            return []
        year = ctx.today.year
        days: dict[str, set[date]] = {person_key(p): set() for p in leaders}
        for ev in of_kinds(events, cfg.kinds):
            keys = [p.key for p in ev.leaders if p.key in days]
            if not keys:
                continue
            covered = [d for d in days_covered(ev, ctx) if d.year == year]
            for key in keys:
                days[key].update(covered)
        elapsed = (ctx.today - date(year, 1, 1)).days + 1
        length = (date(year + 1, 1, 1) - date(year, 1, 1)).days
        findings = []
        for person in leaders:
            key = person_key(person)
            done = sum(1 for d in days[key] if d <= ctx.today)
            planned = len(days[key]) - done
            # at the pace so far, but never less than what is already on the calendar
            projected = max(round(done * length / elapsed), done + planned)
            shown = person.name or person.email
            if done >= cfg.min_days:
                outlook = "minimum reached"
            elif projected >= cfg.min_days:
                outlook = f"on pace for about {projected} by year end"
            else:
                outlook = f"at this pace about {projected} by year end, short of the minimum"
            plan = f" (+{planned} planned)" if planned else ""
            findings.append(rule_finding(
                self, cfg.severity,
                f"{shown}: {done} grassroots research day{'s' if done != 1 else ''} "
                f"in {year} so far{plan} of the {cfg.min_days}-day minimum; {outlook}",
                people=(person.email.strip().lower() or person.name,),
                details={"year": year, "days": done, "planned": planned,
                         "minimum": cfg.min_days, "projected": projected}))
        return findings
