"""Decisions the scheduler recorded, indexed for lookups per occurrence.

A decision with ``occurrence=None`` applies to every occurrence of its uid (the series, or the
single event); one with ``occurrence`` set applies only to the occurrence whose recurrence id —
or, failing that, start — it names. The ISO text is compared as text first, then as a moment
(``2025-03-03T01:00:00+00:00`` names the 09:00 +08:00 occurrence), a naive time as wall-clock
time, and a bare date names the occurrence(s) on that day. For one occurrence, a decision on
that occurrence beats one on the series; among equals the latest recorded (``at``, then input
order) wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from leanmeet.planner.model import Decision, Occurrence

_NO_REF = "arranged by the office"
_NO_REASON = "exempted by the scheduler"


@dataclass(frozen=True, slots=True)
class _Target:
    text: str
    moment: datetime | date | None


def _parse(text: str) -> datetime | date | None:
    value = text.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _same(target: _Target, value: datetime | date | None) -> bool:
    if value is None:
        return False
    if target.text == value.isoformat():
        return True
    moment = target.moment
    if moment is None:
        return False
    if isinstance(moment, datetime):
        if not isinstance(value, datetime):
            return False
        if (moment.tzinfo is None) != (value.tzinfo is None):
            return moment.replace(tzinfo=None) == value.replace(tzinfo=None)
        return moment == value
    # a bare date names the occurrence on that day
    if isinstance(value, datetime):
        return value.date() == moment
    return value == moment


def occurrence_matches(occurrence: str | None, occ: Occurrence) -> bool:
    """Whether a decision's ``occurrence`` field names ``occ`` (None names every one)."""
    if occurrence is None:
        return True
    target = _Target(occurrence.strip(), _parse(occurrence))
    return _same(target, occ.recurrence_id) or _same(target, occ.start)


class DecisionIndex:
    """Arrangements, exemptions and kind overrides, looked up per occurrence."""

    def __init__(self, decisions: Iterable[Decision] = ()) -> None:
        # (type, uid) -> [(order, decision, target or None)]
        self._by: dict[tuple[str, str], list[tuple[tuple[str, int], Decision, _Target | None]]] = {}
        self._all: tuple[Decision, ...] = tuple(decisions)
        for i, d in enumerate(self._all):
            target = None
            if d.occurrence is not None:
                target = _Target(d.occurrence.strip(), _parse(d.occurrence))
            self._by.setdefault((d.type, d.uid), []).append(((d.at, i), d, target))

    def __len__(self) -> int:
        return len(self._all)

    @property
    def decisions(self) -> tuple[Decision, ...]:
        return self._all

    def find(self, type_: str, occ: Occurrence, rule: str | None = None) -> Decision | None:
        """The decision of ``type_`` (and ``rule``) that applies to ``occ``, or None."""
        entries = self._by.get((type_, occ.uid))
        if not entries:
            return None
        best: tuple[tuple[int, tuple[str, int]], Decision] | None = None
        for order, d, target in entries:
            if rule is not None and d.rule != rule:
                continue
            if target is None:
                specificity = 0
            elif _same(target, occ.recurrence_id) or _same(target, occ.start):
                specificity = 1
            else:
                continue
            rank = (specificity, order)
            if best is None or rank > best[0]:
                best = (rank, d)
        return best[1] if best else None

    def arranged(self, occ: Occurrence) -> str | None:
        """The office reference of an arrangement of ``occ``, or None (never "")."""
        d = self.find("arrangement", occ)
        return None if d is None else (d.text.strip() or _NO_REF)

    def exemption(self, occ: Occurrence, rule: str) -> str | None:
        """The reason ``occ`` is exempted from ``rule``, or None (never "")."""
        d = self.find("exemption", occ, rule)
        return None if d is None else (d.text.strip() or _NO_REASON)

    def kind_override(self, occ: Occurrence) -> str | None:
        d = self.find("kind", occ)
        return None if d is None else (d.text.strip() or None)
