"""Blocked leaders travel with the plan: the export leaves them out of the ATTENDEE lines
(calendar clients must not invite them) and keeps each in an ``X-LEANMEET-LEFT-OUT``
property with the same value and parameters (``X-LEANMEET-LEFT-OUT;CN=王建国:mailto:...``),
which calendar clients ignore. Reading the plan back (an import into an empty database, a
CalDAV pull by another scheduler) counts them among the attendees again, so the same
findings come back about them.
"""

from __future__ import annotations

from typing import Any

from icalendar import vCalAddress

from leanmeet.planner.model import Attendee

X_LEFT_OUT = "X-LEANMEET-LEFT-OUT"


def left_out_value(a: Attendee) -> vCalAddress:
    """The property value that keeps a left-out attendee."""
    value = vCalAddress(f"mailto:{a.email}" if a.email else "invalid:nomail")
    if a.name:
        value.params["CN"] = a.name
    if a.role and a.role != "REQ-PARTICIPANT":
        value.params["ROLE"] = a.role
    if a.partstat and a.partstat != "NEEDS-ACTION":
        value.params["PARTSTAT"] = a.partstat
    return value


def left_out_attendees(event: Any) -> list[Any]:
    """The attendees an exported plan's VEVENT keeps in X-LEANMEET-LEFT-OUT (values with
    ``params``, like ATTENDEE values), for the reader to count among the attendees."""
    value = event.get(X_LEFT_OUT)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


__all__ = ["X_LEFT_OUT", "left_out_attendees", "left_out_value"]
