"""§4 commercial: leaders never attend commercial activities in an official capacity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, leaders_finding, names

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
        kinds = frozenset(cfg.kinds)
        findings = []
        for ev in events:
            if ev.kind not in kinds:
                continue
            leaders = ev.leaders
            if not leaders:
                continue
            who = names([p.display for p in leaders])
            findings.append(
                leaders_finding(
                    self,
                    cfg.severity,
                    ev.occ,
                    leaders,
                    (
                        f"{who} may not attend a commercial event in an official capacity "
                        "(an arrangement cannot allow it)"
                    ),
                )
            )
        return findings
