"""One person cannot be in two meetings at once."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, describe_when, names, quoted
from leanmeet.planner.rules.base import rule_finding

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


def overlapping_pairs(
    intervals: list[tuple[float, float, int]],
) -> list[tuple[int, int]]:
    """Pairs (earlier, later) of ids whose half-open intervals [start, end) overlap.

    Sweep over intervals sorted by start with a heap of the active ends: O(n log n + pairs),
    never all pairs. ``intervals`` is sorted in place.
    """
    intervals.sort()
    active: list[tuple[float, int]] = []
    pairs: list[tuple[int, int]] = []
    for start, end, ident in intervals:
        while active and active[0][0] <= start:
            heapq.heappop(active)
        for _, other in active:
            pairs.append((other, ident))
        heapq.heappush(active, (end, ident))
    return pairs


class DoubleBooking:
    """A person in two overlapping occurrences.

    People: roster people (matched by email or CN) and other attendees that have an email
    (a bare name is too ambiguous). Declined and NON-PARTICIPANT attendees, cancelled
    occurrences and zero-length events take no time. All-day events take part only when their
    kind is in ``all_day_kinds`` (default: meetings), so an all-day research trip or a
    reminder does not double-book the timed meetings of that day. The same (uid, recurrence
    id) seen twice is one event, not a double booking. One finding per pair of events, naming
    everyone booked into both.
    """

    id = "double-booking"
    clause = "—"
    title = "One person, one place at a time"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.double_booking
        all_day_kinds = frozenset(cfg.all_day_kinds)
        per_person: dict[str, list[tuple[float, float, int]]] = {}
        who: dict[str, tuple[str, str]] = {}  # key -> (label, display)
        for i, ev in enumerate(events):
            if ev.end_ts <= ev.start_ts or (ev.all_day and ev.kind not in all_day_kinds):
                continue
            for p in ev.people:
                if p.person is None and p.key.startswith("name:"):
                    continue
                per_person.setdefault(p.key, []).append((ev.start_ts, ev.end_ts, i))
                who.setdefault(p.key, (p.label, p.display))
        shared: dict[tuple[int, int], list[str]] = {}
        for key, intervals in per_person.items():
            if len(intervals) < 2:
                continue
            for a, b in overlapping_pairs(intervals):
                if events[a].key == events[b].key:
                    continue
                shared.setdefault((a, b), []).append(key)
        findings = []
        for (a, b), keys in shared.items():
            first, second = events[a], events[b]
            keys.sort(key=lambda k: who[k][1].casefold())
            displays = [who[k][1] for k in keys]
            verb = "is" if len(keys) == 1 else "are"
            findings.append(rule_finding(
                self, cfg.severity,
                f"{names(displays)} {verb} booked into overlapping events: "
                f"{quoted(first.occ.summary, 40)} ({describe_when(first.occ, ctx.tz)}) "
                f"and {quoted(second.occ.summary, 40)} ({describe_when(second.occ, ctx.tz)})",
                occurrences=(first.occ, second.occ),
                people=tuple(who[k][0] for k in keys)))
        return findings
