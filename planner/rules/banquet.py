"""§4 / §6 banquets: leaders do not attend banquets; official receptions are buffets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, names, quoted
from leanmeet.planner.rules.base import leaders_finding, of_kinds
from leanmeet.planner.rules.keywords import find_in, keywords, matcher

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


class Banquet:
    """A roster leader attends a banquet, dinner reception or cocktail party (rulebook
    keywords in the event's ``fields``: 宴会, 宴请, 酒会, 晚宴, banquet…).

    Error findings block like ``commercial-event``: the leaders are kept out of the event, and
    an arrangement does not lift it. The only allowed form is an official reception as a
    working meal or buffet: when the same fields name one (工作餐, 自助餐, working meal,
    buffet…) there is no finding; when the title does not say so, an exemption (its reason:
    the reception it is) lifts the finding.
    """

    id = "banquet"
    clause = "§4 banquets, §6 reception"
    title = "Leaders do not attend banquets"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.banquet
        banquet = keywords(cfg)
        reception = matcher(cfg.reception_en, cfg.reception_zh)
        if not banquet:
            return []
        findings = []
        for ev in of_kinds(events, cfg.kinds):
            if not ev.leaders:
                continue
            hit = find_in(ev.occ, cfg.fields, banquet)
            if hit is None or find_in(ev.occ, cfg.fields, reception) is not None:
                continue
            findings.append(leaders_finding(
                self, cfg.severity, ev.occ, ev.leaders,
                f"{names([p.display for p in ev.leaders])} may not attend a banquet "
                f"({quoted(hit[2], 20)}); an official reception is a working meal or buffet "
                "(an arrangement cannot allow it)"))
        return findings
