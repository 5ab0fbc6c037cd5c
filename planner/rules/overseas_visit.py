"""§4 outings: overseas (border) trips are approved beforehand and reported afterwards."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from leanmeet.planner.classify import nfkc
from leanmeet.planner.findings import Finding, as_aware, names, quoted
from leanmeet.planner.rules.base import event_finding, of_kinds
from leanmeet.planner.rules.keywords import matcher
from leanmeet.planner.rules.places import foreign_places, office_country, zone_country

if TYPE_CHECKING:
    from leanmeet.planner.model import Occurrence
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


def has_report(description: str, prefixes: Sequence[str]) -> bool:
    """Whether a DESCRIPTION line starts with one of ``prefixes`` then ``:`` or ``：``
    followed by some text (the report's reference)."""
    if not description or not prefixes:
        return False
    words = "|".join(re.escape(p.strip()) for p in sorted(prefixes, key=len, reverse=True)
                     if p.strip())
    if not words:
        return False
    line = re.compile(rf"^[ \t\u3000]*(?:[-*•·][ \t]*)?(?:{words})[ \t\u3000]*[:：][ \t\u3000]*\S",
                      re.IGNORECASE | re.MULTILINE)
    return line.search(nfkc(description).replace("\r\n", "\n")) is not None


class OverseasVisit:
    """A trip outside the country: the event's own time zone (its DTSTART TZID) belongs to
    another country or region, or its LOCATION names one (babel's country and city names in
    English and Chinese; Hong Kong, Macao and Taiwan count, "overseas (border)") or says
    abroad (出国, 出境, 境外, abroad…). The home country is the rulebook's ``home_country``,
    else the country of the office time zone. Only the office's trips count: a roster person
    takes part.

    Before the trip ends: reported unless it has an arrangement (the approval). After it has
    ended (before "today"): reported unless a report is recorded — a DESCRIPTION line
    ``Report: …`` / ``考察报告：…`` (the rulebook's ``report_prefixes``). An exemption lifts
    both.
    """

    id = "overseas-visit"
    clause = "§4 outings"
    title = "Overseas trips are approved and reported"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.overseas_visit
        home = cfg.home_country.strip().upper() or office_country(ctx.tz)
        en, zh = foreign_places(home) if (home and cfg.country_names) else ((), ())
        abroad_words = matcher(cfg.en, cfg.zh, cfg.ignore)
        places = matcher(en, zh, cfg.ignore)
        now = datetime.combine(ctx.today, datetime.min.time(), ctx.tz)
        findings = []
        by_location: dict[str, str | None] = {}  # places repeat: search each LOCATION once
        for ev in of_kinds(events, cfg.kinds):
            # someone of the office travels: a roster person takes part (a foreign holiday
            # feed or another office's calendar is no trip of ours)
            if not any(p.person is not None for p in ev.people):
                continue
            where = self._abroad(ev.occ, home, abroad_words, places, by_location)
            if where is None:
                continue
            ended = as_aware(ev.occ.end, ctx.tz) <= now
            arranged = ctx.arrangement(ev.occ) is not None
            who = ev.leaders or tuple(p for p in ev.people if p.person is not None)
            subject = names([p.display for p in who])
            if not ended and arranged:
                continue
            if ended and has_report(ev.occ.description, cfg.report_prefixes):
                continue
            if ended and arranged:
                message = (f"{subject}: no report recorded after the approved trip abroad "
                           f"({where}); add a line “Report: …” / “考察报告：…” to the event")
            elif ended:
                message = (f"{subject}: a trip abroad ({where}) without an approval "
                           "(arrangement) and with no report recorded")
            else:
                message = (f"{subject}: a trip abroad ({where}) needs strict review and "
                           "approval (no arrangement); a report is due afterwards")
            findings.append(event_finding(self, cfg.severity, ev.occ, who, message))
        return findings

    @staticmethod
    def _abroad(occ: Occurrence, home: str, words, places, memo: dict[str, str | None]
                ) -> str | None:
        """Why ``occ`` is abroad (for the message), or None."""
        if home and occ.zone:
            country = zone_country(occ.zone)
            if country and country != home:
                return f"time zone {occ.zone}"
        if not occ.location:
            return None
        if occ.location in memo:
            return memo[occ.location]
        location = nfkc(occ.location)
        hit = (words.search(location) if words else None) or (
            places.search(location) if places else None)
        found = memo[occ.location] = f"in {quoted(location, 40)}" if hit else None
        return found
