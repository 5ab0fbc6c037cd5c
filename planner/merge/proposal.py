"""The merged meeting proposed for a group of events.

- slot: as long as the members together (at most ``max_minutes``, the half-day limit), at a
  time when every attendee is free in every stored feed and a room is free (one of the
  members' rooms: a CUTYPE=ROOM attendee, else the LOCATION), within the working hours of a
  working day (``planner.slots``): first the members' own starts, then the members' days,
  then the rest of their ISO week (only days the stored occurrences given cover: a day
  whose events were not loaded is not proposed). When there is no such time, the slot with
  the fewest conflicts, and ``conflicts`` names who (or which room) is busy there and with what;
  ``reason`` says why the slot was chosen. Without a busy index (``busy=None``) only the
  working hours and days off are kept to;
- location: the room chosen (the first member's when every room is busy);
- summary: ``Merged: A / B`` (``合并：A / B`` when the first title is Chinese), each distinct
  title once, in start order;
- description: the combined agenda, one line per original (its time, and its date when the
  members are on different days, then its title), then the keynote line if the keynote speaker
  is not an attendee;
- organizer: the first member's organizer (the first one that has one);
- attendees: everyone invited to any member, once each (by roster entry, email, else name;
  other members' organizers are added as attendees so nobody drops out), PARTSTAT reset to
  NEEDS-ACTION because it is a new invitation; of the members' room attendees only the room
  chosen stays;
- keynote: ONE speaker, the first member's first keynote speaker (the next member's when the
  first has none). The other members' speakers become ordinary participants, so the merged
  meeting does not break ``single-keynote``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from leanmeet.planner.keynotes import keynote_speakers
from leanmeet.planner.merge.text import has_cjk
from leanmeet.planner.model import Attendee, Occurrence
from leanmeet.planner.people import normalize_email, normalize_name
from leanmeet.planner.slots import (
    BusyIndex,
    Conflict,
    Room,
    WorkingHours,
    conflicts_at,
    find_slot,
    room_keys,
    rooms_of,
    taking_part,
)

_ROLE_RANK = {"CHAIR": 3, "REQ-PARTICIPANT": 2, "OPT-PARTICIPANT": 1, "NON-PARTICIPANT": 0}


@dataclass(frozen=True, slots=True)
class Proposal:
    """The merged meeting a suggestion proposes (times in the office zone)."""

    start: datetime
    end: datetime
    summary: str
    description: str
    location: str
    attendees: tuple[Attendee, ...]
    keynote: str | None
    organizer: Attendee | None = None
    conflicts: tuple[Conflict, ...] = ()  # who or which room is busy at the slot (none: free)
    reason: str = ""  # why this slot, in one line

    @property
    def free(self) -> bool:
        return not self.conflicts

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def _minutes(occ: Occurrence) -> int:
    return max(0, int((occ.end - occ.start).total_seconds() // 60))  # type: ignore[operator]


DAY_END = time(18, 0)  # a merged meeting is proposed within the working day


def _fallback(members: Sequence[Occurrence], total: timedelta) -> tuple[datetime, datetime]:
    """No day has room for the whole slot: the earliest start, shortened to the end of the
    working day (or of the last member that day)."""
    start: datetime = min(m.start for m in members)  # type: ignore[assignment]
    latest = max((m.end for m in members if m.start.date() == start.date()),  # type: ignore[union-attr]
                 default=start)
    end_of_day = max(datetime.combine(start.date(), DAY_END, tzinfo=start.tzinfo), latest)  # type: ignore[type-var]
    return start, max(start, min(start + total, end_of_day))


def search_days(members: Sequence[Occurrence]) -> list[date]:
    """The members' days (in start order), then the other days of the first member's ISO
    week, nearest first (the later one first on a tie)."""
    own = list(dict.fromkeys(m.start.date() for m in members))  # type: ignore[union-attr]
    first = own[0]
    monday = first - timedelta(days=first.weekday())
    rest = [monday + timedelta(days=i) for i in range(7)]
    rest = [d for d in rest if d not in own]
    rest.sort(key=lambda d: (abs((d - first).days), d < first))
    return own + rest


def _slot_reason(slot, people: int, members: Sequence[Occurrence], zh: bool,
                 blocked_first: tuple[Conflict, ...] | None) -> str:
    """Why this slot. ``blocked_first``: what is busy at the first meeting's time (None when
    the merged meeting does not fit the working hours from there)."""
    room = f" and room {slot.room.name}" if slot.room is not None else ""
    who = f"all {people} attendees{room}"
    if slot.free:
        if slot.start == min(m.start for m in members):
            return f"{who} free at the first meeting's time"
        if blocked_first:
            why = "at the first meeting's time " + "; ".join(c.text() for c in blocked_first)
        else:
            why = "from the first meeting's start it would run outside the working hours"
        return f"{why}; first time this week when {who} are free"
    names = "; ".join(c.text() for c in slot.conflicts)
    return (f"no time this week when {who} are free; fewest conflicts "
            f"({len(slot.conflicts)}): {names}")


def _rooms(members: Sequence[Occurrence]) -> tuple[list[Room], dict[tuple[str, ...], str]]:
    """The members' rooms in order (each once), and the LOCATION text each goes with."""
    rooms: list[Room] = []
    where: dict[tuple[str, ...], str] = {}
    seen: set[str] = set()
    for m in members:
        for room in rooms_of(m):
            if seen.isdisjoint(room.keys):
                seen.update(room.keys)
                rooms.append(room)
                where[room.keys] = m.location.strip() or room.name
    return rooms, where


def _agenda(members: Sequence[Occurrence], zh: bool) -> list[str]:
    days = {m.start.date() for m in members}  # type: ignore[union-attr]
    lines = ["议程：" if zh else "Agenda:"]
    for m in members:
        when = f"{m.start:%H:%M}–{m.end:%H:%M}"
        if len(days) > 1:
            when = f"{m.start:%Y-%m-%d} {when}"
        lines.append(f"- {when} {m.summary.strip()}")
    return lines


def _same_person(a: Attendee, speaker: str) -> bool:
    wanted = normalize_name(speaker)
    return bool(wanted) and wanted in (normalize_email(a.email), normalize_name(a.name))


def build_proposal(
    members: Sequence[Occurrence],
    max_minutes: int,
    person_key: Callable[[Attendee], str],
    *,
    busy: BusyIndex | None = None,
    hours: WorkingHours | None = None,
) -> Proposal:
    """The merged meeting for ``members`` (in start order). ``person_key`` identifies a person
    across events (roster entry, email, else name). ``busy``: every stored occurrence's busy
    time (``BusyIndex.build`` with the same ``person_key``); ``hours``: the office day."""
    zh = has_cjk(members[0].summary)
    hours = hours or WorkingHours()
    tz = members[0].start.tzinfo  # type: ignore[union-attr]
    if busy is None:
        busy = BusyIndex(tz)  # type: ignore[arg-type]

    titles: list[str] = []
    for m in members:
        title = m.summary.strip()
        if title and title not in titles:
            titles.append(title)
    summary = ("合并：" if zh else "Merged: ") + " / ".join(titles)

    keynote: str | None = None
    for m in members:
        speakers = keynote_speakers(m)
        if speakers:
            keynote = speakers[0]
            break

    organizer = next((m.organizer for m in members if m.organizer is not None), None)
    organizer_key = person_key(organizer) if organizer is not None else None
    people: dict[str, Attendee] = {}
    for m in members:
        sources = list(m.attendees)
        if m.organizer is not None and person_key(m.organizer) != organizer_key:
            sources.append(m.organizer)  # another member's organizer: invited, not dropped
        for a in sources:
            key = person_key(a)
            if not key:
                continue
            known = people.get(key)
            if known is None:
                role = a.role.upper()
                if role == "X-KEYNOTE":
                    role = "REQ-PARTICIPANT"
                if role != a.role or a.partstat != "NEEDS-ACTION":
                    a = Attendee(a.email, a.name, role, "NEEDS-ACTION")
                people[key] = a
            elif known != a:
                role = a.role.upper()
                if role == "X-KEYNOTE":
                    role = "REQ-PARTICIPANT"
                best = max(known.role, role, key=lambda r: _ROLE_RANK.get(r, 2))
                if (best, known.email or a.email, known.name or a.name) != (
                    known.role,
                    known.email,
                    known.name,
                ):
                    people[key] = Attendee(
                        known.email or a.email, known.name or a.name, best, "NEEDS-ACTION"
                    )

    keynote_marked = False
    if keynote is not None:
        for key, a in people.items():
            if _same_person(a, keynote):
                people[key] = replace(a, role="X-KEYNOTE")
                keynote_marked = True
                break

    lines = _agenda(members, zh)
    if keynote is not None and not keynote_marked:
        lines.append(("主讲：" if zh else "Keynote: ") + keynote)
    location = next((m.location for m in members if m.location.strip()), "")

    # the slot: everyone free, a room free, within working hours
    total = min(sum(_minutes(m) for m in members), max(0, max_minutes))
    attendees = tuple(people.values())
    rooms, room_location = _rooms(members)
    checked: dict[str, str] = {}
    for a in taking_part(Occurrence("", None, members[0].start, members[0].end, False, "",
                                    attendees=attendees)):
        key = person_key(a)
        if key and key not in checked:
            checked[key] = a.name or a.email
    slot = find_slot(
        minutes=total, days=[d for d in search_days(members) if busy.covers(d)],
        people=list(checked.items()), rooms=rooms,
        busy=busy, hours=hours, exclude=[m.key for m in members],
        own=[(m.start, m.end) for m in members],  # type: ignore[misc]
        prefer=sorted(m.start for m in members))  # type: ignore[type-var]
    conflicts: tuple[Conflict, ...] = ()
    if slot is None:
        start, end = _fallback(members, timedelta(minutes=total))
        reason = "no working day of the week has room for the whole meeting; shortened"
    else:
        start, end, conflicts = slot.start, slot.end, slot.conflicts
        first: datetime = min(m.start for m in members)  # type: ignore[assignment]
        blocked_first = None
        if slot.free and slot.start != first:
            blocked_first = conflicts_at(first, total, list(checked.items()), rooms, busy,
                                         [m.key for m in members])
        reason = _slot_reason(slot, len(checked), members, zh, blocked_first)
        if slot.room is not None:
            location = room_location.get(slot.room.keys, location)
            if slot.room.attendee is not None:  # book the chosen room only
                attendees = tuple(a for a in attendees
                                  if not a.is_room or set(room_keys(a)) & set(slot.room.keys))
    return Proposal(
        start=start,
        end=end,
        summary=summary,
        description="\n".join(lines),
        location=location,
        attendees=attendees,
        keynote=keynote,
        organizer=organizer,
        conflicts=conflicts,
        reason=reason,
    )
