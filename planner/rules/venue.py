"""§10 frugality: meetings that can use an agency conference room are not held in hotels."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from leanmeet.planner.classify import KeywordMatcher, nfkc
from leanmeet.planner.findings import Finding, quoted

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


@lru_cache(maxsize=16)
def _matcher(en: tuple[str, ...], zh: tuple[str, ...]) -> KeywordMatcher:
    return KeywordMatcher(en, zh)


class Venue:
    """An event of any kind except ``exempt_kinds`` (research visits) whose LOCATION names a
    hotel, guesthouse or resort (rulebook keywords, English and Chinese)."""

    id = "venue"
    clause = "§10 frugality"
    title = "No meetings in hotels"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.venue
        matcher = _matcher(cfg.en, cfg.zh)
        if not matcher:
            return []
        exempt = frozenset(cfg.exempt_kinds)
        findings = []
        for ev in events:
            if ev.kind in exempt:
                continue
            for name in cfg.fields:
                text = nfkc(getattr(ev.occ, name))
                if matcher.search(text):
                    break
            else:
                continue
            findings.append(
                Finding(
                    rule=self.id,
                    severity=cfg.severity,
                    clause=self.clause,
                    message=(
                        f"Held at {quoted(text)}, a hotel, guesthouse or resort; "
                        "use an agency conference room"
                    ),
                    occurrences=(ev.occ,),
                    people=tuple(p.label for p in ev.people),
                )
            )
        return findings
