"""§4 commercial: leaders never attend commercial activities in an official capacity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, names
from leanmeet.planner.rules.base import leaders_finding, of_kinds

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


class CommercialEvent:
    """A roster leader attends a ``commercial`` event.

    Strictly prohibited: an arrangement does not lift it, and neither does an exemption
    (``exemptable = False``). An event wrongly taken for commercial is corrected with a kind
    override. Error findings block: the leaders are kept out of the event.
    """

    id = "commercial-event"
    clause = "§4 commercial"
    title = "Leaders do not attend commercial events"
    exemptable = False

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.commercial_event
        return [
            leaders_finding(
                self, cfg.severity, ev.occ, ev.leaders,
                f"{names([p.display for p in ev.leaders])} may not attend a commercial event "
                "in an official capacity (an arrangement cannot allow it)")
            for ev in of_kinds(events, cfg.kinds) if ev.leaders
        ]
