"""§1 research: leaders visiting the same place at the same time form one research team."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, names, quoted
from leanmeet.planner.rules.base import of_kinds, rule_finding

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent

_NOISE = re.compile(r"[\W_]+")


def normalize_place(location: str) -> str:
    """LOCATION as compared: NFKC, case-folded, without spaces and punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", location)).casefold()


def overlap_clusters(events: list[ClassifiedEvent]) -> list[list[ClassifiedEvent]]:
    """Groups of events connected by overlapping times (sweep over events sorted by start,
    keeping the group's latest end): O(n log n)."""
    events.sort(key=lambda ev: (ev.start_ts, ev.end_ts, ev.index))
    clusters: list[list[ClassifiedEvent]] = []
    current: list[ClassifiedEvent] = []
    latest_end = float("-inf")
    for ev in events:
        if current and ev.start_ts < latest_end:
            current.append(ev)
            latest_end = max(latest_end, ev.end_ts)
        else:
            if current:
                clusters.append(current)
            current, latest_end = [ev], ev.end_ts
    if current:
        clusters.append(current)
    return clusters


class ResearchTeam:
    """Two or more leaders on ``research`` occurrences at the same place (normalised
    LOCATION) at overlapping times, in separate events: suggest one research team.

    Overlap is transitive within a group (A overlaps B, B overlaps C: one group). A group whose
    leaders all take part in one of its events already travels together and is not reported.
    Events without a location or without leaders are ignored. All-day visits count.
    """

    id = "research-team"
    clause = "§1 research"
    title = "Leaders visiting one place form one research team"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.research_team
        by_place: dict[str, list[ClassifiedEvent]] = {}
        for ev in of_kinds(events, cfg.kinds):
            if not ev.leaders:
                continue
            place = normalize_place(ev.occ.location)
            if place:
                by_place.setdefault(place, []).append(ev)
        findings = []
        for group in by_place.values():
            if len(group) < 2:
                continue
            for cluster in overlap_clusters(group):
                if len(cluster) < 2:
                    continue
                leaders: dict[str, tuple[str, str]] = {}
                for ev in cluster:
                    for p in ev.leaders:
                        leaders.setdefault(p.key, (p.label, p.display))
                if len(leaders) < cfg.min_leaders:
                    continue
                everyone = set(leaders)
                if any(everyone <= {p.key for p in ev.leaders} for ev in cluster):
                    continue
                ordered = sorted(leaders.values(), key=lambda lv: lv[1].casefold())
                findings.append(rule_finding(
                    self, cfg.severity,
                    f"{names([d for _, d in ordered])} visit "
                    f"{quoted(cluster[0].occ.location, 40)} at overlapping times in "
                    f"{len(cluster)} separate visits; form one research team",
                    occurrences=tuple(ev.occ for ev in cluster),
                    people=tuple(label for label, _ in ordered)))
        return findings
