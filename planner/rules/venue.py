"""§10 frugality: meetings that can use an agency conference room are not held in hotels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, quoted
from leanmeet.planner.rules.base import event_finding
from leanmeet.planner.rules.keywords import find_in, matcher

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


class Venue:
    """An event of any kind except ``exempt_kinds`` (research visits) whose LOCATION names a
    hotel, guesthouse or resort (rulebook keywords, English and Chinese)."""

    id = "venue"
    clause = "§10 frugality"
    title = "No meetings in hotels"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.venue
        hotels = matcher(cfg.en, cfg.zh)
        if not hotels:
            return []
        exempt = frozenset(cfg.exempt_kinds)
        findings = []
        for ev in events:
            if ev.kind in exempt:
                continue
            hit = find_in(ev.occ, cfg.fields, hotels)
            if hit is None:
                continue
            findings.append(event_finding(
                self, cfg.severity, ev.occ, ev.people,
                f"Held at {quoted(hit[1])}, a hotel, guesthouse or resort; "
                "use an agency conference room"))
        return findings
