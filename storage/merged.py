"""Accepted merges as stored events.

The merged meeting is a real VEVENT (built with icalendar, so the text is valid RFC 5545) in
the reserved feed ``leanmeet-merged``; it names its originals with RELATED-TO and
X-LEANMEET-MERGED-FROM, and the merge-accepted decision keeps the originals' keys so they can
be hidden from the plan (superseded) and restored by unmerge.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from icalendar import Calendar, Event, vCalAddress, vText

MERGED_FEED = "leanmeet-merged"
PRODID = "-//leanmeet//leanmeet 0.1//EN"


def merged_uid(suggestion_id: str) -> str:
    return f"{suggestion_id}@merged.leanmeet"


def key_instant(key: tuple[str, str | None]) -> tuple[str, str | None]:
    """A member key with its recurrence id as a UTC instant (dates stay dates), so keys
    recorded in one office zone still match when the zone changes."""
    uid, rid = key
    if not rid:
        return uid, None
    try:
        value = datetime.fromisoformat(rid)
    except ValueError:
        return uid, rid
    if len(rid) == 10:
        return uid, date.fromisoformat(rid).isoformat()
    if value.tzinfo is None:
        return uid, value.isoformat()
    return uid, value.astimezone(UTC).isoformat()


def merged_event_text(
    suggestion_id: str,
    *,
    start: datetime,
    end: datetime,
    summary: str,
    description: str,
    location: str,
    organizer,
    attendees: Iterable,
    keynote: str | None,
    members: Iterable[tuple[str, str | None]],
) -> str:
    """A VCALENDAR with the merged meeting's VEVENT (times in UTC)."""
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    event = Event()
    event.add("UID", merged_uid(suggestion_id))
    event.add("DTSTAMP", datetime.now(UTC).replace(microsecond=0))
    event.add("DTSTART", start.astimezone(UTC))
    event.add("DTEND", end.astimezone(UTC))
    event.add("SEQUENCE", 0)
    event.add("SUMMARY", summary)
    if location:
        event.add("LOCATION", location)
    text = description
    if keynote and "Keynote:" not in text and "主讲" not in text:
        text = f"{text}\nKeynote: {keynote}".strip()
    event.add("DESCRIPTION", text)
    if organizer is not None and organizer.email:
        address = vCalAddress(f"mailto:{organizer.email}")
        if organizer.name:
            address.params["CN"] = vText(organizer.name)
        event.add("ORGANIZER", address)
    for person in attendees:
        if not person.email:
            continue
        address = vCalAddress(f"mailto:{person.email}")
        if person.name:
            address.params["CN"] = vText(person.name)
        address.params["ROLE"] = vText(person.role or "REQ-PARTICIPANT")
        cutype = getattr(person, "cutype", "INDIVIDUAL")
        if cutype and cutype != "INDIVIDUAL":  # the room booked for the merged meeting
            address.params["CUTYPE"] = vText(cutype)
        address.params["PARTSTAT"] = vText("NEEDS-ACTION")
        address.params["RSVP"] = vText("TRUE")
        event.add("ATTENDEE", address, encode=0)
    for uid, rid in members:
        event.add("RELATED-TO", uid, parameters={"RELTYPE": "SIBLING"})
        event.add("X-LEANMEET-MERGED-FROM", f"{uid};{rid or ''}")
    event.add("X-LEANMEET-SUGGESTION", suggestion_id)
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")
