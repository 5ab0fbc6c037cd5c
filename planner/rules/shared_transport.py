"""§4 activities: leaders at one activity take the same bus, without secretaries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, names, quoted
from leanmeet.planner.people import normalize_org
from leanmeet.planner.rules.base import event_finding, of_kinds

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


def off_site(location: str, venues: Sequence[str]) -> bool:
    """A LOCATION that names none of the office's own venues (compared without case, spaces
    and punctuation). An empty LOCATION is not known to be off-site."""
    place = normalize_org(location)
    if not place:
        return False
    return not any(v and v in place for v in (normalize_org(x) for x in venues))


class SharedTransport:
    """At least ``min_leaders`` roster leaders take part in one off-site event (its LOCATION
    is none of the rulebook's ``office_venues``): the plan notes that they travel together,
    in one vehicle, without secretaries. Information; an exemption lifts it."""

    id = "shared-transport"
    clause = "§4 activities"
    title = "Leaders at one off-site event travel together"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.shared_transport
        findings = []
        for ev in of_kinds(events, cfg.kinds):
            if len(ev.leaders) < cfg.min_leaders:
                continue
            if not off_site(ev.occ.location, cfg.office_venues):
                continue
            leaders = sorted(ev.leaders, key=lambda p: p.display.casefold())
            findings.append(event_finding(
                self, cfg.severity, ev.occ, leaders,
                f"{names([p.display for p in leaders])} go to {quoted(ev.occ.location, 40)}: "
                "travel together in one vehicle, without secretaries, and fewer accompanying "
                "staff"))
        return findings
