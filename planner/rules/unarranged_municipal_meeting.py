"""§3 review: meetings in the name of the Committee / Government are arranged by the offices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, quoted
from leanmeet.planner.people import normalize_org
from leanmeet.planner.rules.base import event_finding, of_kinds
from leanmeet.planner.rules.keywords import find_in, keywords

if TYPE_CHECKING:
    from leanmeet.planner.model import Occurrence
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


def organizer_is(occ: Occurrence, bodies: Sequence[str]) -> str | None:
    """The ORGANIZER's name when it is one of ``bodies`` — the name ends with one of them
    (天水市人民政府 ends with 市人民政府; 市政府办公室, the office, does not)."""
    if occ.organizer is None or not occ.organizer.name:
        return None
    name = normalize_org(occ.organizer.name)
    for body in bodies:
        tail = normalize_org(body)
        if tail and name.endswith(tail):
            return occ.organizer.name
    return None


class UnarrangedMunicipalMeeting:
    """A meeting held in the name of the Municipal Party Committee or Government — its title
    says so (以市委、市政府名义, 市委市政府…, "in the name of the Municipal…") or its ORGANIZER
    is the Committee / Government itself — that has no arrangement (a stored arrangement or
    the office's ``--arranged`` feed)."""

    id = "unarranged-municipal-meeting"
    clause = "§3 review"
    title = "Meetings in the name of the Committee / Government are arranged by the offices"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.unarranged_municipal_meeting
        named = keywords(cfg)
        findings = []
        for ev in of_kinds(events, cfg.kinds):
            if ctx.arrangement(ev.occ) is not None:
                continue
            hit = find_in(ev.occ, cfg.fields, named)
            if hit is not None:
                why = f"its title names them ({quoted(hit[2], 24)})"
            else:
                body = organizer_is(ev.occ, cfg.organizers)
                if body is None:
                    continue
                why = f"organised by {quoted(body, 30)}"
            findings.append(event_finding(
                self, cfg.severity, ev.occ, ev.leaders_or_people,
                f"Held in the name of the Municipal Party Committee / Government, {why}, "
                "without an arrangement by the Committee / Government Office"))
        return findings
