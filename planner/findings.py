"""Findings: what a rule reports about the calendar."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from leanmeet.planner.model import Occurrence
from leanmeet.planner.window import clamp_days

SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
# rules whose findings name several events: the first is "uid", the others "related"
RELATED_RULES = frozenset({"double-booking", "research-team"})
# rules whose error findings keep the leaders out of the event
BLOCKING_RULES = frozenset({"unarranged-ceremony", "commercial-event", "banquet"})


def _ref(occ: Occurrence) -> dict[str, Any]:
    return {
        "uid": occ.uid,
        "recurrence_id": occ.recurrence_id.isoformat() if occ.recurrence_id else None,
        "start": occ.start.isoformat(),
    }


@dataclass(frozen=True)
class Finding:
    """One broken (or reported) rule.

    occurrences: the event(s) concerned, first one first (empty for per-person reports such as
    ``grassroots-days``). people: emails (a name when the person has none).
    blocks: the leaders in ``people`` are kept out of the event (TUI and export).
    details: rule-specific figures for reports (not part of the JSON contract).
    """

    rule: str
    severity: str
    clause: str
    message: str
    occurrences: tuple[Occurrence, ...] = ()
    people: tuple[str, ...] = ()
    blocks: bool = False
    details: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def occurrence(self) -> Occurrence | None:
        return self.occurrences[0] if self.occurrences else None

    @property
    def key(self) -> str:
        """A stable identifier (rule + events, or rule + people for per-person reports)."""
        if self.occurrences:
            parts = [f"{o.uid}@{_ref(o)['recurrence_id'] or ''}" for o in self.occurrences]
        else:
            parts = list(self.people)
        return f"{self.rule}:" + "|".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The ``check --json`` finding object (SPEC §7)."""
        first = self.occurrence
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "uid": first.uid if first else None,
            "recurrence_id": _ref(first)["recurrence_id"] if first else None,
            "start": first.start.isoformat() if first else None,
            "summary": first.summary if first else None,
            "people": list(self.people),
            "message": self.message,
            "clause": self.clause,
        }
        if self.rule in RELATED_RULES:
            out["related"] = [_ref(o) for o in self.occurrences[1:]]
        return out


def as_aware(value: datetime | date, tz: tzinfo) -> datetime:
    """A date (midnight) or naive datetime taken in ``tz``; aware datetimes unchanged."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    return datetime.combine(value, time(), tzinfo=tz)


def window_bounds(first: date, last: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The days [first, last] as [first 00:00, the day after last 00:00) in ``tz``: the one
    window-bounds function (storage and the application layer use it too). The days are
    clamped to what leanmeet plans (planner.window), so no window can overflow a date."""
    first, last = clamp_days(first, last)
    return (datetime.combine(first, time(), tz),
            datetime.combine(last + timedelta(days=1), time(), tz))


def describe_when(occ: Occurrence, tz: tzinfo) -> str:
    """Short human time of an occurrence in the office zone, e.g. ``2025-03-03 09:00–11:00``."""
    if occ.all_day or not isinstance(occ.start, datetime):
        start_day = occ.start if not isinstance(occ.start, datetime) else occ.start.date()
        end = occ.end if not isinstance(occ.end, datetime) else occ.end.date()
        days = max(1, (end - start_day).days)
        if days == 1:
            return f"{start_day.isoformat()} (all day)"
        return f"{start_day.isoformat()} (all day, {days} days)"
    start = as_aware(occ.start, tz).astimezone(tz)
    end = as_aware(occ.end, tz).astimezone(tz) if isinstance(occ.end, datetime) else start
    if end.date() == start.date():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"


def quoted(text: str, limit: int = 60) -> str:
    """An event title for a one-line message: quoted, one line, shortened."""
    one_line = " ".join(text.split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    return f"“{one_line}”"


def names(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]

