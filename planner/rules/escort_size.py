"""§1 escorts: fewer accompanying staff; accompanying reporters strictly controlled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.classify import nfkc
from leanmeet.planner.findings import Finding, names, quoted
from leanmeet.planner.rules.base import event_finding
from leanmeet.planner.rules.keywords import find_in, matcher

if TYPE_CHECKING:
    from leanmeet.planner.model import Person
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


def is_media(person: Person, departments) -> bool:
    """A reporter: roster role ``media``, or a department naming a news outlet."""
    return person.role == "media" or bool(departments and departments.search(
        nfkc(person.department)))


class EscortSize:
    """A leader's research visit (``kinds``) or reception (``reception_kinds`` whose title
    names one: 接待, 会见, reception…) with more accompanying roster staff than ``max_staff``
    or more reporters than ``max_media``. Only roster people count: non-leaders with role
    ``staff`` (staff) or ``media`` / a news outlet as department (reporters). Not lifted by
    an arrangement; an exemption lifts it."""

    id = "escort-size"
    clause = "§1 escorts"
    title = "Fewer escorts and reporters"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.escort_size
        kinds = frozenset(cfg.kinds)
        reception_kinds = frozenset(cfg.reception_kinds)
        reception = matcher(cfg.reception_en, cfg.reception_zh)
        outlets = matcher(cfg.media_departments_en, cfg.media_departments_zh)
        findings = []
        for ev in events:
            if not ev.leaders:
                continue
            if ev.kind in kinds:
                what = "research visit"
            elif ev.kind in reception_kinds and find_in(ev.occ, ("summary",), reception):
                what = "reception"
            else:
                continue
            staff, media = [], []
            for p in ev.people:
                if p.person is None or p.leader:
                    continue
                (media if is_media(p.person, outlets) else staff).append(p)
            problems = []
            if len(staff) > cfg.max_staff:
                problems.append(f"{len(staff)} accompanying staff (at most {cfg.max_staff})")
            if len(media) > cfg.max_media:
                problems.append(f"{len(media)} accompanying reporters (at most "
                                f"{cfg.max_media})")
            if not problems:
                continue
            who = names([p.display for p in ev.leaders])
            findings.append(event_finding(
                self, cfg.severity, ev.occ, (*ev.leaders, *staff, *media),
                f"{who}'s {what} {quoted(ev.occ.summary, 40)} has " + " and ".join(problems)
                + "; reduce the escort",
                details={"staff": len(staff), "media": len(media)}))
        return findings
