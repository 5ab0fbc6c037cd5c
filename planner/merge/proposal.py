"""The merged meeting proposed for a group of events.

- slot: starts when the earliest member starts and lasts the sum of the members' durations,
  at most ``max_minutes`` (the half-day limit) and never past midnight of that day;
- summary: ``Merged: A / B`` (``合并：A / B`` when the first title is Chinese), each distinct
  title once, in start order;
- description: the combined agenda, one line per original (its time, and its date when the
  members are on different days, then its title), then the keynote line if the keynote speaker
  is not an attendee;
- location: the first member's (the next one's when the first has none);
- organizer: the first member's organizer (the first one that has one);
- attendees: everyone invited to any member, once each (by roster entry, email, else name;
  other members' organizers are added as attendees so nobody drops out), PARTSTAT reset to
  NEEDS-ACTION because it is a new invitation;
- keynote: ONE speaker, the first member's first keynote speaker (the next member's when the
  first has none). The other members' speakers become ordinary participants, so the merged
  meeting does not break ``single-keynote``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from leanmeet.planner.keynotes import keynote_speakers
from leanmeet.planner.merge.text import has_cjk
from leanmeet.planner.model import Attendee, Occurrence
from leanmeet.planner.people import normalize_email, normalize_name

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

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def _minutes(occ: Occurrence) -> int:
    return max(0, int((occ.end - occ.start).total_seconds() // 60))  # type: ignore[operator]


DAY_END = time(18, 0)  # a merged meeting is proposed within the working day


def _slot(members: Sequence[Occurrence], max_minutes: int) -> tuple[datetime, datetime]:
    """The earliest member start from which the merged meeting (the members' total length,
    at most ``max_minutes``) still ends within that working day (18:00, or the latest member
    end that day when later); else the earliest start, shortened to the end of the day."""
    total = timedelta(minutes=min(sum(_minutes(m) for m in members), max(0, max_minutes)))
    starts: list[datetime] = sorted(m.start for m in members)  # type: ignore[misc]

    def day_end(day: datetime) -> datetime:
        latest = max((m.end for m in members if m.start.date() == day.date()),  # type: ignore[union-attr]
                     default=day)
        end_of_day = datetime.combine(day.date(), DAY_END, tzinfo=day.tzinfo)
        return max(end_of_day, latest)  # type: ignore[type-var]

    for start in starts:
        if start + total <= day_end(start):
            return start, start + total
    start = starts[0]
    return start, max(start, min(start + total, day_end(start)))


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
) -> Proposal:
    """The merged meeting for ``members`` (in start order). ``person_key`` identifies a person
    across events (roster entry, email, else name)."""
    zh = has_cjk(members[0].summary)
    start, end = _slot(members, max_minutes)

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
    return Proposal(
        start=start,
        end=end,
        summary=summary,
        description="\n".join(lines),
        location=location,
        attendees=tuple(people.values()),
        keynote=keynote,
        organizer=organizer,
    )
