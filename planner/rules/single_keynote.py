"""§3 meeting quality: one keynote speech per meeting unless there are special needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, names
from leanmeet.planner.rules.base import of_kinds, rule_finding

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
            rule_finding(
                self, cfg.severity,
                f"{len(ev.keynotes)} keynote speakers ({names(ev.keynotes)}); "
                "keep one, or record an exemption for special needs",
                occurrences=(ev.occ,),
                people=ev.keynotes)  # the speakers' names as the event text gives them
            for ev in of_kinds(events, cfg.kinds) if len(ev.keynotes) > cfg.max_speakers
        ]
