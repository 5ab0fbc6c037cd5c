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
from datetime import UTC, date, datetime

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


# ---------------------------------------------------------------------------- sharing
# Several schedulers share their decisions (storage.caldav.shared). Two decisions fill the
# same *slot* when one replaces the other (the same type, event, occurrence and rule; for
# attendee edits, the same person): of concurrent ones the newer, by the time recorded,
# wins. Decisions in different slots are all kept; some of them contradict each other, and
# those are shown for a person to settle (``contradictions``).


def slot(d: Decision) -> tuple[str, str, str, str, str]:
    """What a decision replaces: (type, uid, occurrence, rule, person)."""
    if d.type in ("attendee-add", "attendee-remove"):
        email, _, name = d.text.partition("\t")
        return ("attendee", d.uid, d.occurrence or "", "", email or name)
    if d.type in ("merge-accepted", "merge-dismissed"):  # a suggestion's outcome
        return ("suggestion", d.uid, "", "", "")
    return (d.type, d.uid, d.occurrence or "", d.rule, "")


def recorded(d: Decision) -> datetime:
    """When a decision was recorded, as an aware UTC time (the oldest time when unknown)."""
    try:
        value = datetime.fromisoformat(d.at.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def newer(a: Decision, b: Decision) -> bool:
    """Whether ``a`` was recorded after ``b`` (equal times: the larger scheduler id, so that
    every scheduler picks the same one)."""
    return (recorded(a), a.by, a.text) > (recorded(b), b.by, b.text)


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two decisions that cannot both be right; kept both until a person settles it."""

    first: Decision
    second: Decision
    reason: str

    @property
    def id(self) -> str:
        a, b = sorted((":".join(slot(self.first)), ":".join(slot(self.second))))
        return f"{a}|{b}"

    def describe(self) -> str:
        def who(d: Decision) -> str:
            return f"{d.type} {d.uid} ({d.by or 'you'}, {d.at})"

        return f"{who(self.first)} and {who(self.second)}: {self.reason}"


def contradictions(decisions: Iterable[Decision]) -> list[Contradiction]:
    """The contradictions among the decisions (each once):

    - one meeting merged into two different merged meetings (two schedulers merged it with
      different others): both merges are kept, the originals stay superseded;
    - an arranged event whose kind was set to commercial (commercial events cannot be
      arranged, §4): both are kept, the finding about it stays.

    (Two decisions in one slot never contradict: the newer replaces the older; a suggestion
    merged by one scheduler and dismissed by another is one slot, its outcome.)"""
    decisions = list(decisions)
    accepted = [d for d in decisions if d.type == "merge-accepted"]
    out: list[Contradiction] = []
    for i, a in enumerate(accepted):
        for b in accepted[i + 1:]:
            shared = set(a.members) & set(b.members)
            if a.uid != b.uid and shared:
                uid, _ = sorted(shared, key=lambda m: (m[0], m[1] or ""))[0]
                out.append(Contradiction(a, b, f"both merge {uid}; settle it with "
                                               f"`leanmeet unmerge` of one of them"))
    commercial = {(d.uid, d.occurrence or ""): d for d in decisions
                  if d.type == "kind" and d.text.strip() == "commercial"}
    for d in decisions:
        if d.type != "arrangement":
            continue
        k = commercial.get((d.uid, d.occurrence or "")) or commercial.get((d.uid, ""))
        if k is not None:
            out.append(Contradiction(d, k, "arranged, but its kind was set to commercial "
                                           "(commercial events cannot be arranged); settle "
                                           f"it with `leanmeet kind {d.uid} KIND`"))
    return sorted(out, key=lambda c: c.id)
