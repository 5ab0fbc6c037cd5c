"""§3 meeting quality: one keynote speech per meeting unless there are special needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, names
from leanmeet.planner.rules.base import of_kinds

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


class SingleKeynote:
    """More than ``max_speakers`` keynote speakers (X-KEYNOTE attendees and "Keynote:" /
    "主讲：" lines). "Special needs" are recorded as an exemption, which lifts the finding."""

    id = "single-keynote"
    clause = "§3 meeting quality"
    title = "One keynote speaker per meeting"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.single_keynote
        return [
            Finding(
                rule=self.id,
                severity=cfg.severity,
                clause=self.clause,
                message=(
                    f"{len(ev.keynotes)} keynote speakers ({names(ev.keynotes)}); "
                    f"keep one, or record an exemption for special needs"
                ),
                occurrences=(ev.occ,),
                people=ev.keynotes,  # names from the event text, not roster participants
            )
            for ev in of_kinds(events, cfg.kinds) if len(ev.keynotes) > cfg.max_speakers
        ]
