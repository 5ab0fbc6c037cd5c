"""The domain model: plain values shared by every layer.

An *occurrence* is one concrete meeting on the calendar: a single event, or one instance of a
recurring series, in the office time zone. Identity is (uid, recurrence_id).
Nothing here does I/O; storage/ builds these values and planner/ reasons about them.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Literal

Kind = Literal["meeting", "ceremony", "commercial", "research", "plenary"]
KINDS: tuple[str, ...] = ("meeting", "ceremony", "commercial", "research", "plenary")
Role = Literal["leader", "staff", "media"]
ROLES: tuple[str, ...] = ("leader", "staff", "media")


@dataclass(frozen=True, slots=True)
class Attendee:
    """An ATTENDEE (or ORGANIZER) of an event.

    email: lower-cased, without ``mailto:`` ("" when the calendar gives none).
    name: the CN parameter ("" when absent).
    role: the ROLE parameter upper-cased (REQ-PARTICIPANT when absent); X-KEYNOTE marks a
    keynote speaker.
    partstat: the PARTSTAT parameter upper-cased (NEEDS-ACTION when absent).
    cutype: the CUTYPE parameter upper-cased (INDIVIDUAL when absent); ROOM marks a meeting
    room booked as an attendee.
    """

    email: str
    name: str = ""
    role: str = "REQ-PARTICIPANT"
    partstat: str = "NEEDS-ACTION"
    cutype: str = "INDIVIDUAL"

    @property
    def is_room(self) -> bool:
        return self.cutype == "ROOM"

    def __reduce__(self):
        # pickled as its fields in order (the TUI's first week comes from another process,
        # application.prefetch): a third faster to load than the dataclass's state dict
        return (Attendee, _ATTENDEE_FIELDS(self))

    @property
    def key(self) -> str:
        """What identifies this person when no roster entry matches: email, else name."""
        return self.email or self.name.casefold()


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence on the calendar, in the office time zone.

    start/end: timezone-aware datetimes in the office zone, or ``date`` values for all-day
    events (end exclusive, as in iCalendar).
    recurrence_id: None for a single event; for an occurrence of a series, the original start
    of that occurrence (aware datetime in the office zone, or a date for all-day series).
    series: True when this occurrence belongs to a recurring series (RRULE/RDATE or an
    override of one).
    arranged_feed: True when the feed was imported with ``--arranged`` (the office's own feed).
    zone: the IANA zone the calendar gave DTSTART in (start itself is in the office zone).
    status: CONFIRMED, TENTATIVE or CANCELLED (CONFIRMED when the calendar gives none).
    """

    uid: str
    recurrence_id: datetime | date | None
    start: datetime | date
    end: datetime | date
    all_day: bool
    summary: str
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"
    categories: tuple[str, ...] = ()
    feed: str = ""
    organizer: Attendee | None = None
    attendees: tuple[Attendee, ...] = ()
    series: bool = False
    arranged_feed: bool = False
    zone: str = ""  # IANA name of the event's own DTSTART zone ("" unknown / floating / UTC)
    #: (key, kind, why) of the classification stored with the event when it was imported
    #: (application.session.Session.reading_key says which key is valid now), or None
    reading: tuple[str, str, str] | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str | None]:
        """(uid, recurrence id as ISO text or None): the identity of this occurrence."""
        return (self.uid, self.recurrence_id.isoformat() if self.recurrence_id else None)

    @property
    def cancelled(self) -> bool:
        return self.status == "CANCELLED"

    def __reduce__(self):  # as Attendee's
        return (Occurrence, _OCCURRENCE_FIELDS(self))


def _fields_in_order(cls) -> operator.attrgetter:
    return operator.attrgetter(*(f.name for f in fields(cls)))


_ATTENDEE_FIELDS = _fields_in_order(Attendee)
_OCCURRENCE_FIELDS = _fields_in_order(Occurrence)


@dataclass(frozen=True, slots=True)
class Person:
    """A roster entry (CSV header ``name,email,role,title,department[,liaison]``).

    role: ``leader``, ``staff`` or ``media`` (an accompanying reporter).
    liaison: the departments a leader is the liaison leader of (``system-meeting-invitees``).
    """

    name: str
    email: str
    role: Role = "staff"
    title: str = ""
    department: str = ""
    liaison: tuple[str, ...] = ()

    @property
    def is_leader(self) -> bool:
        return self.role == "leader"


DecisionType = Literal[
    "arrangement", "exemption", "kind", "merge-accepted", "merge-dismissed",
    "attendee-add", "attendee-remove",
]


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision the scheduler recorded.

    uid + occurrence: the event it applies to; occurrence None means the whole series
    (or the single event). For merges, ``uid`` is the suggestion id and ``members`` the keys.
    arrangement: ``text`` is the office reference. exemption: ``rule`` and ``text`` (reason).
    kind: ``text`` is the new kind.
    attendee-add / attendee-remove: ``text`` is "email<TAB>name" of the person the scheduler
    added to or removed from the event.
    """

    type: DecisionType
    uid: str
    occurrence: str | None = None
    rule: str = ""
    text: str = ""
    at: str = ""  # ISO timestamp of when it was recorded
    members: tuple[tuple[str, str | None], ...] = field(default_factory=tuple)
    by: str = ""  # the scheduler who recorded it ("" : this database's own, not yet shared)
