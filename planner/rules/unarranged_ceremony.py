"""§4 activities: leaders attend ceremonies, expos, forums... only when the office arranged it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, names
from leanmeet.planner.rules.base import leaders_finding, of_kinds

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


class UnarrangedCeremony:
    """A roster leader attends a ``ceremony`` that has no arrangement (a stored arrangement
    decision for the occurrence or its series, or a feed imported with ``--arranged``).
    Error findings block: the leaders are kept out of the event."""

    id = "unarranged-ceremony"
    clause = "§4 activities"
    title = "Leaders attend ceremonies only when arranged"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.unarranged_ceremony
        return [
            leaders_finding(
                self, cfg.severity, ev.occ, ev.leaders,
                f"{names([p.display for p in ev.leaders])} "
                f"{'attends' if len(ev.leaders) == 1 else 'attend'} a {ev.kind} without an "
                "arrangement by the Party Committee / Government Office")
            for ev in of_kinds(events, cfg.kinds)
            if ev.leaders and ctx.arrangement(ev.occ) is None
        ]
