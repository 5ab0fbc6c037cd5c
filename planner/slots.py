"""Free slots over busy intervals: when can these people (and a room) meet?

Busy intervals come from every stored occurrence the caller passes (every feed): a person is
busy during an event they take part in (``planner.people.present_attendees``: decliners and
NON-PARTICIPANTs are not, the organizer only when the event lists no attendees), a room
during an event held there — its LOCATION, or an ATTENDEE with ``CUTYPE=ROOM``. Cancelled
events keep nobody busy; an all-day or multi-day event keeps its people busy all day.

A slot lies within the working hours of a working day (``planner.workdays``: weekends,
public holidays and the 调休 working weekends of the office's country), or within the times
the members of a merge were already booked for (so the members' own slot always counts).

Speed: per person and per room one list of intervals sorted by start, searched with
``bisect`` for the day asked about (bounded by the longest interval of that list): a query
costs the few intervals of that day, never all pairs.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from leanmeet.planner.model import Attendee, Occurrence
from leanmeet.planner.people import (
    Roster,
    declined,
    normalize_email,
    normalize_name,
    present_attendees,
)
from leanmeet.planner.workdays import is_day_off

_NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})


# ------------------------------------------------------------------ settings and values
@dataclass(frozen=True, slots=True)
class WorkingHours:
    """The office day a slot keeps to: ``start``–``end`` less the ``lunch`` break (None for
    none) on working days of ``country`` ("" for weekends only), candidate starts every
    ``step_minutes``."""

    start: time = time(8, 30)
    end: time = time(18, 0)
    step_minutes: int = 30
    country: str = "CN"
    lunch: tuple[time, time] | None = (time(12, 0), time(14, 0))


def parse_clock(text: str, what: str) -> time:
    """``"08:30"`` -> time(8, 30); ValueError naming ``what`` otherwise."""
    try:
        hours, minutes = str(text).strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"{what}: {text!r} is not a time of day (HH:MM)") from None


@dataclass(frozen=True, slots=True)
class Conflict:
    """One person or room busy at a slot, and with what."""

    who: str  # the person's or room's name as the scheduler knows it
    room: bool
    occurrence: Occurrence

    def text(self) -> str:
        occ = self.occurrence
        if isinstance(occ.start, datetime):
            when = f"{occ.start:%m-%d %H:%M}–{occ.end:%H:%M}"  # type: ignore[str-format]
        else:
            when = f"{occ.start:%m-%d} all day"
        what = "room " if self.room else ""
        return f"{what}{self.who} busy: {occ.summary} ({when})"


@dataclass(frozen=True, slots=True)
class Room:
    """A room a meeting can use: its name and the keys it is booked under."""

    name: str
    keys: tuple[str, ...]
    attendee: Attendee | None = None  # the CUTYPE=ROOM attendee, when booked as one


@dataclass(frozen=True, slots=True)
class Slot:
    start: datetime
    end: datetime
    room: Room | None
    conflicts: tuple[Conflict, ...] = ()
    reason: str = ""

    @property
    def free(self) -> bool:
        return not self.conflicts


# ------------------------------------------------------------------ keys
def location_key(text: str) -> str:
    """A LOCATION as a room key ("" for none, or an online meeting address)."""
    text = " ".join(unicodedata.normalize("NFKC", text or "").split()).casefold()
    if not text or "://" in text:
        return ""
    return "room:" + text


def room_keys(a: Attendee) -> tuple[str, ...]:
    keys = []
    if a.email:
        keys.append("room:" + a.email.strip().casefold())
    name = location_key(a.name)
    if name:
        keys.append(name)
    return tuple(keys)


def rooms_of(occ: Occurrence) -> list[Room]:
    """The rooms ``occ`` books: its CUTYPE=ROOM attendees, else its LOCATION."""
    out = [Room(a.name or a.email, room_keys(a), a) for a in occ.attendees
           if a.is_room and room_keys(a) and not declined(a)]
    if not out:
        key = location_key(occ.location)
        if key:
            out.append(Room(occ.location.strip(), (key,)))
    return out


def taking_part(occ: Occurrence) -> Iterable[Attendee]:
    """The people (not rooms) ``occ`` keeps busy."""
    return [a for a in present_attendees(occ) if a.cutype not in _NOT_PEOPLE]


# ------------------------------------------------------------------ the busy index
def _minute(value: date | datetime, tz: tzinfo) -> int:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), tz)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return int(value.timestamp()) // 60


@dataclass
class BusyIndex:
    """Busy intervals (minutes since the epoch) per person key and room key."""

    tz: tzinfo
    occurrences: list[Occurrence] = field(default_factory=list)
    _lists: dict[str, tuple[list[int], list[int], list[int], int]] = field(default_factory=dict)
    _positions: dict[tuple[str, str | None], list[int]] | None = None
    first: date | None = None  # the days the occurrences given cover (None: any)
    last: date | None = None
    _day_cache: dict[date, Callable[[str], list[tuple[int, int, int]]]] = field(
        default_factory=dict)
    block_cache: dict[tuple, dict[object, list[tuple[int, int]]]] = field(default_factory=dict)
    _rows_cache: dict[date, dict[str, list[tuple[int, int, int]]]] = field(default_factory=dict)

    @classmethod
    def build(cls, occurrences: Iterable[Occurrence], person_key: Callable[[Attendee], str],
              tz: tzinfo) -> BusyIndex:
        """``person_key`` identifies a person across events ("" to leave an attendee out)."""
        raw: dict[str, list[tuple[int, int, str, str, int]]] = {}
        kept: list[Occurrence] = []
        lo_all = hi_all = None
        for occ in occurrences:
            s, e = _minute(occ.start, tz), _minute(occ.end, tz)
            lo_all = s if lo_all is None or s < lo_all else lo_all
            hi_all = e if hi_all is None or e > hi_all else hi_all
            if occ.cancelled:
                continue
            if e <= s:
                continue  # a zero-length reminder keeps nobody busy
            index = len(kept)
            kept.append(occ)
            keys = {person_key(a) for a in taking_part(occ)}
            for room in rooms_of(occ):
                keys.update(room.keys)
            keys.discard("")
            row = (s, e, occ.uid, occ.key[1] or "", index)  # the same order for any input order
            for key in keys:
                raw.setdefault(key, []).append(row)
        lists = {}
        for key, rows in raw.items():
            rows.sort()
            lists[key] = ([r[0] for r in rows], [r[1] for r in rows], [r[4] for r in rows],
                          max(r[1] - r[0] for r in rows))
        index = cls(tz, kept, lists)
        if lo_all is not None and hi_all is not None:
            index.first = _to_datetime(lo_all, tz).date()
            index.last = _to_datetime(max(lo_all, hi_all - 1), tz).date()
        return index

    def covers(self, day: date) -> bool:
        """Whether the occurrences given reach ``day`` (days outside were not loaded: their
        busy time is unknown, so no slot is proposed there)."""
        return (self.first is None or self.first <= day) and (
            self.last is None or day <= self.last)

    def day_table(self, day: date) -> Callable[[str], list[tuple[int, int, int]]]:
        """key -> ``rows`` of the whole calendar day (cached: suggestions ask about the same
        days of the same people again and again)."""
        found = self._day_cache.get(day)
        if found is None:
            lo = _midnight(day, self.tz)
            hi = _midnight(day + timedelta(days=1), self.tz)
            cache = self.day_rows_table(day)

            def table(key: str) -> list[tuple[int, int, int]]:
                rows = cache.get(key)
                if rows is None:
                    rows = cache[key] = self.rows(key, lo, hi)
                return rows

            found = self._day_cache[day] = table
        return found

    def day_rows_table(self, day: date) -> dict[str, list[tuple[int, int, int]]]:
        """The rows of ``day`` already looked up, by key (what ``day_table`` fills)."""
        found = self._rows_cache.get(day)
        if found is None:
            found = self._rows_cache[day] = {}
        return found

    def rows(self, key: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """(start, end, occurrence index) of the intervals of ``key`` overlapping [lo, hi)."""
        found = self._lists.get(key)
        if found is None:
            return []
        starts, ends, which, longest = found
        i = bisect_left(starts, lo - longest)
        j = bisect_left(starts, hi, i)
        return [(starts[k], ends[k], which[k]) for k in range(i, j) if ends[k] > lo]

    def busy(self, key: str, lo: int, hi: int) -> list[tuple[int, int, Occurrence]]:
        """The intervals of ``key`` that overlap [lo, hi) (minutes), with their events."""
        return [(s, e, self.occurrences[k]) for s, e, k in self.rows(key, lo, hi)]

    def indices(self, keys: Iterable[tuple[str, str | None]]) -> frozenset[int]:
        """The positions of the occurrences with these keys."""
        if self._positions is None:
            self._positions = {}
            for k, occ in enumerate(self.occurrences):
                self._positions.setdefault(occ.key, []).append(k)
        return frozenset(k for key in keys for k in self._positions.get(key, ()))


# ------------------------------------------------------------------ working days
@lru_cache(maxsize=8192)
def _midnight(day: date, tz: tzinfo) -> int:
    return _minute(datetime.combine(day, time(), tz), tz)


@lru_cache(maxsize=8192)
def _work_spans(day: date, hours: WorkingHours, tz: tzinfo) -> tuple[tuple[int, int], ...]:
    """The working time of ``day`` (minutes): nothing on a day off, else the office hours
    less the lunch break."""
    if is_day_off(day, hours.country):
        return ()
    lo = _minute(datetime.combine(day, hours.start, tz), tz)
    hi = _minute(datetime.combine(day, hours.end, tz), tz)
    spans = [(lo, hi)]
    if hours.lunch is not None:
        a = _minute(datetime.combine(day, hours.lunch[0], tz), tz)
        b = _minute(datetime.combine(day, hours.lunch[1], tz), tz)
        if a < b:
            spans = [(lo, min(hi, a)), (max(lo, b), hi)]
    return tuple((s, e) for s, e in spans if e > s)


class _Days:
    """Working hours of each day (cached: the holiday calendar is asked once per day)."""

    def __init__(self, hours: WorkingHours, tz: tzinfo) -> None:
        self.hours = hours
        self.tz = tz

    def spans(self, day: date) -> tuple[tuple[int, int], ...]:
        return _work_spans(day, self.hours, self.tz)


def _spans(day: date, days: _Days, extra: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The allowed spans of ``day``: working hours united with ``extra`` intervals."""
    lo = _midnight(day, days.tz)
    hi = _midnight(day + timedelta(days=1), days.tz)
    parts = [(max(lo, s), min(hi, e)) for s, e in extra if s < hi and e > lo]
    parts.extend(days.spans(day))
    parts.sort()
    merged: list[list[int]] = []
    for s, e in parts:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _to_datetime(minute: int, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(minute * 60, tz)


# ------------------------------------------------------------------ a merged meeting's slot
def find_slot(
    *,
    minutes: int,
    days: Sequence[date],
    people: Sequence[tuple[str, str]],
    rooms: Sequence[Room],
    busy: BusyIndex,
    hours: WorkingHours,
    exclude: Iterable[tuple[str, str | None]] = (),
    own: Sequence[tuple[datetime, datetime]] = (),
    prefer: Sequence[datetime] = (),
) -> Slot | None:
    """The first slot of ``minutes`` where everyone in ``people`` ((key, name) pairs) and one
    of ``rooms`` (any, in order of preference) are free; else the slot with the fewest
    conflicts (people busy, plus one when no room is free), naming them.

    Candidates, in order: the ``prefer`` starts (the members' own starts); then, day by day
    in the order of ``days`` (the members' days first, then the rest of their week), every
    ``hours.step_minutes`` on the clock, nearest to the first preferred start's clock time
    first. Days off are used only within ``own``.
    exclude: occurrence keys whose busy time does not count (the meetings being merged).
    own: intervals the meeting's members already hold (allowed even outside working hours).
    None when no day has room for the slot at all.

    Per day, each person's busy intervals are merged and widened into the ranges of starts
    they block; a difference array over the day's candidates then counts, for every
    candidate at once, how many people are busy: O(intervals + candidates) a day.
    """
    tz = busy.tz
    length = max(0, minutes)
    excluded = busy.indices(exclude)
    own_minutes = [(_minute(s, tz), _minute(e, tz)) for s, e in own]
    cache = _Days(hours, tz)
    step = max(5, hours.step_minutes)
    anchor = prefer[0].astimezone(tz) if prefer else None
    anchor_clock = anchor.hour * 60 + anchor.minute if anchor is not None else None
    prefer_by_day: dict[date, list[int]] = {}
    for p in prefer:
        prefer_by_day.setdefault(p.astimezone(tz).date(), []).append(_minute(p, tz))
    per_day: dict[date, _Day | None] = {}
    own_days = {s.astimezone(tz).date() for s, _ in own} | {
        (e - timedelta(microseconds=1)).astimezone(tz).date() for _, e in own}

    def day_of(day: date) -> _Day | None:
        if day not in per_day:
            spans = _spans(day, cache, own_minutes)
            if not spans:
                per_day[day] = None
            else:
                starts = set(_grid(day, spans, length, step, None, tz))
                starts.update(m for m in prefer_by_day.get(day, ()) if _fits(spans, m, length))
                per_day[day] = _Day(day, sorted(starts), length, people, rooms, busy,
                                    excluded if day in own_days else frozenset()
                                    ) if starts else None
        return per_day[day]

    best: tuple[int, int, _Day] | None = None  # (count, start, day): the first fewest
    tried: set[int] = set()
    allowed = set(days)
    for p in prefer:  # the members' own starts first (on the days searched)
        m = _minute(p, tz)
        if p.astimezone(tz).date() not in allowed:
            continue
        data = day_of(p.astimezone(tz).date())
        if data is None or m in tried or m not in data.position:
            continue
        tried.add(m)
        count = data.count(m)
        if count == 0:
            return data.slot(m, tz)
        if best is None or count < best[0]:
            best = (count, m, data)
    for day in days:  # then day by day, nearest to the first member's clock time first
        data = day_of(day)
        if data is None:
            continue
        if best is not None and (data.room_floor() >= best[0]
                                 or data.room_floor() + min(data.people_busy) >= best[0]):
            continue  # the room alone, or with the people, is busier than the best so far
        totals = data.totals()
        low = min(totals)
        if best is not None and low >= best[0]:
            continue  # nothing better here (a tie goes to the earlier candidate)
        target = _midnight(day, tz) + anchor_clock if anchor_clock is not None else 0
        pick = min((m for m, c in zip(data.starts, totals) if c == low and m not in tried),
                   key=lambda m: (abs(m - target), m), default=None)
        if pick is None:
            continue
        if low == 0:
            return data.slot(pick, tz)
        best = (low, pick, data)
    if best is None:
        return None
    return best[2].slot(best[1], tz)


class _Day:
    """One day's candidate starts and, for each, how many people and rooms are busy."""

    def __init__(self, day: date, starts: list[int], length: int, people, rooms,
                 busy: BusyIndex, excluded: frozenset[int]) -> None:
        self.day = day
        self.starts = starts
        self.position = {m: i for i, m in enumerate(starts)}
        self.length = length
        self.busy = busy
        self.people = people
        self.excluded = excluded
        self.room_list = rooms
        # a day without exclusions has the standard candidates: what a person or a room
        # blocks there is the same for every suggestion of that length (cached on the index)
        self._shared = None if excluded else busy.block_cache.setdefault(
            (day, length, starts[0], len(starts)), {})
        self._people_busy: list[int] | None = None
        self._room_free: list[int] | None = None

    @property
    def people_busy(self) -> list[int]:
        """Per start: how many of the people are busy (computed when first asked)."""
        if self._people_busy is None:
            starts, length, shared = self.starts, self.length, self._shared
            excluded = self.excluded
            rows_of = self.busy.day_rows_table(self.day)
            table = self.busy.day_table(self.day)
            n = len(starts)
            counts = [0] * (n + 1)
            for key, _ in self.people:
                rows = rows_of.get(key)
                if rows is None:
                    rows = table(key)
                if not rows:
                    continue
                if shared is not None:
                    pairs = shared.get(key)
                    if pairs is None:
                        pairs = shared[key] = _block(starts, length, rows)
                else:
                    if excluded:
                        rows = [r for r in rows if r[2] not in excluded]
                    pairs = _block(starts, length, rows)
                for i, j in pairs:
                    counts[i] += 1
                    counts[j] -= 1
            total = 0
            out = []
            for c in counts[:-1]:
                total += c
                out.append(total)
            self._people_busy = out
        return self._people_busy

    def room_floor(self) -> int:
        """1 when no room is free at any start of the day (every slot there has at least
        that conflict), else 0."""
        free = self.room_free
        return 1 if free is not None and max(free) < 0 else 0

    @property
    def room_free(self) -> list[int] | None:
        """Per start: the first free room, or -1 (None without rooms); computed when first
        asked (cached per day for days without exclusions: the same for every suggestion)."""
        if not self.room_list:
            return None
        if self._room_free is None:
            starts, length, shared = self.starts, self.length, self._shared
            n = len(starts)
            free = [-1] * n
            for k, room in enumerate(self.room_list):
                pairs = shared.get(room.keys) if shared is not None else None
                if pairs is None:
                    pairs = _block(starts, length, self._room_rows(room))
                    if shared is not None:
                        shared[room.keys] = pairs
                blocked = [False] * n
                for i, j in pairs:
                    blocked[i:j] = [True] * (j - i)
                for i in range(n):
                    if free[i] < 0 and not blocked[i]:
                        free[i] = k
                if -1 not in free:
                    break
            self._room_free = free
        return self._room_free

    def _kept(self, rows: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        excluded = self.excluded
        if excluded and any(r[2] in excluded for r in rows):
            return [r for r in rows if r[2] not in excluded]
        return rows

    def _room_rows(self, room: Room) -> list[tuple[int, int, int]]:
        table = self.busy.day_table(self.day)
        rows = [r for key in room.keys for r in self._kept(table(key))]
        return sorted(set(rows)) if len(room.keys) > 1 else rows

    def totals(self) -> list[int]:
        """Per start: people busy, plus one when no room is free."""
        if self.room_free is None:
            return self.people_busy
        return [c + (f < 0) for c, f in zip(self.people_busy, self.room_free)]

    def count(self, start: int) -> int:
        i = self.position[start]
        room = 0 if self.room_free is None or self.room_free[i] >= 0 else 1
        return self.people_busy[i] + room

    def slot(self, start: int, tz: tzinfo) -> Slot:
        end = start + self.length
        occurrences = self.busy.occurrences
        table = self.busy.day_table(self.day)
        conflicts = []
        for key, name in self.people:
            hit = next((k for s, e, k in self._kept(table(key)) if s < end and e > start), None)
            if hit is not None:
                conflicts.append(Conflict(name, False, occurrences[hit]))
        room: Room | None = None
        if self.room_list:
            i = self.position[start]
            free = self.room_free[i] if self.room_free is not None else -1
            if free >= 0:
                room = self.room_list[free]
            else:
                room = self.room_list[0]
                rows = self._room_rows(room)
                hit = next((k for s, e, k in rows if s < end and e > start), None)
                if hit is not None:
                    conflicts.append(Conflict(room.name, True, occurrences[hit]))
        return Slot(_to_datetime(start, tz), _to_datetime(end, tz), room, tuple(conflicts))


def conflicts_at(start: datetime, minutes: int, people: Sequence[tuple[str, str]],
                 rooms: Sequence[Room], busy: BusyIndex,
                 exclude: Iterable[tuple[str, str | None]] = ()) -> tuple[Conflict, ...]:
    """Who of ``people`` is busy during [start, start + minutes), and the first room when
    none of ``rooms`` is free then (what keeps a meeting from that time)."""
    tz = busy.tz
    lo = _minute(start, tz)
    hi = lo + max(0, minutes)
    excluded = busy.indices(exclude)
    out = []
    for key, name in people:
        hit = next((k for s, e, k in busy.rows(key, lo, hi) if k not in excluded), None)
        if hit is not None:
            out.append(Conflict(name, False, busy.occurrences[hit]))
    if rooms:
        hits = []
        for room in rooms:
            hit = next((k for key in room.keys for s, e, k in busy.rows(key, lo, hi)
                        if k not in excluded), None)
            hits.append(hit)
            if hit is None:
                break
        if hits and hits[-1] is not None:
            out.append(Conflict(rooms[0].name, True, busy.occurrences[hits[0]]))
    return tuple(out)


def _block(starts: list[int], length: int, rows: list[tuple[int, int, int]]
           ) -> list[tuple[int, int]]:
    """The runs [i, j) of ``starts`` that ``rows`` (one person's or room's busy intervals,
    sorted by start) block for a slot of ``length``."""
    if not rows:
        return []
    out = []
    a = e = None
    for s, end, _ in rows:
        lo = s - length  # starts in (lo, end) overlap [s, end)
        if a is not None and lo < e:
            if end > e:
                e = end
            continue
        if a is not None:
            i, j = bisect_right(starts, a), bisect_left(starts, e)
            if i < j:
                out.append((i, j))
        a, e = lo, end
    i, j = bisect_right(starts, a), bisect_left(starts, e)
    if i < j:
        out.append((i, j))
    return out


def _fits(spans: list[tuple[int, int]], start: int, length: int) -> bool:
    return any(s <= start and start + length <= e for s, e in spans)


def _grid(day: date, spans: list[tuple[int, int]], length: int, step: int,
          anchor_clock: int | None, tz: tzinfo) -> list[int]:
    """Starts on ``day`` every ``step`` minutes on the clock (and each span's start) where
    the slot fits, nearest to the anchor's clock time first (earlier first on a tie)."""
    midnight = _midnight(day, tz)
    grid: set[int] = set()
    for s, e in spans:
        first = s + (-(s - midnight) % step)
        grid.update(m for m in (s, *range(first, e - length + 1, step)) if m + length <= e)
    if anchor_clock is None:
        return sorted(grid)
    target = midnight + anchor_clock
    return sorted(grid, key=lambda m: (abs(m - target), m))


# ------------------------------------------------------------------ common free time
@dataclass(frozen=True, slots=True)
class FreeSlot:
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def common_free(
    busy: BusyIndex,
    keys: Sequence[str],
    first: date,
    last: date,
    hours: WorkingHours,
    minutes: int = 30,
) -> list[FreeSlot]:
    """The stretches of working time in [first, last] when everyone in ``keys`` is free,
    each at least ``minutes`` long, in time order (days off left out)."""
    tz = busy.tz
    days = _Days(hours, tz)
    out: list[FreeSlot] = []
    day = first
    while day <= last:
        spans = days.spans(day)
        day += timedelta(days=1)
        for lo, hi in spans:
            taken = sorted((max(lo, s), min(hi, e)) for key in keys
                           for s, e, _ in busy.busy(key, lo, hi))
            cursor = lo
            for s, e in taken:
                if s - cursor >= minutes:
                    out.append(FreeSlot(_to_datetime(cursor, tz), _to_datetime(s, tz)))
                cursor = max(cursor, e)
            if hi - cursor >= minutes:
                out.append(FreeSlot(_to_datetime(cursor, tz), _to_datetime(hi, tz)))
    return out


def resolve_people(wanted: Sequence[str], roster: Roster, occurrences: Iterable[Occurrence]
                   ) -> tuple[list[tuple[str, str]], list[str]]:
    """(key, name) for each of ``wanted`` (a roster name or email, an email, or an attendee's
    name as the calendars give it), keyed like ``roster.participant``; and the texts that
    match nobody the roster or the calendars know (they are still looked up)."""
    emails_of: dict[str, set[str]] = {}
    known_emails: set[str] = set()
    for occ in occurrences:
        for a in (*occ.attendees, *((occ.organizer,) if occ.organizer else ())):
            if a.email:
                known_emails.add(normalize_email(a.email))
            if a.name:
                emails_of.setdefault(normalize_name(a.name), set()).add(a.email)
    found: list[tuple[str, str]] = []
    unknown: list[str] = []
    for text in (t.strip() for t in wanted):
        email = normalize_email(text) if "@" in text else ""
        person = roster.match(Attendee(email, "" if email else text))
        if person is not None:
            a = Attendee(person.email, person.name)
        elif email:
            a = Attendee(email)
            if email not in known_emails:
                unknown.append(text)
        else:
            emails = emails_of.get(normalize_name(text), set())
            a = Attendee(next(iter(emails)) if len(emails) == 1 else "", text)
            if not emails:
                unknown.append(text)
        p = roster.participant(a)
        if p is not None and all(p.key != k for k, _ in found):
            found.append((p.key, p.display))
    return found, unknown


__all__ = [
    "BusyIndex", "Conflict", "FreeSlot", "Room", "Slot", "WorkingHours", "common_free",
    "conflicts_at",
    "find_slot", "location_key", "parse_clock", "resolve_people", "room_keys", "rooms_of",
    "taking_part",
]
