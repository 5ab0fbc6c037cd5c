"""Read an iCalendar feed into event records, one VEVENT at a time (the public face).

The work is done by three modules, one job each:
  storage.ics_blocks   the block splitter (BEGIN/END lines, line numbers, repairs, limits)
  storage.ics_events   the event reader (one block -> one record or one reported problem)
  storage.ics_record   the stored-record format (keys, RECURRENCE-ID form, attendees)
and storage.ics_rules bounds recurrence rules before anything expands them.

To parse blocks in parallel, call ``split_calendars``, then per calendar
``calendar_context`` and per VEVENT block ``block_digest`` / ``read_event`` (each takes and
returns plain picklable values); ``parse_feed`` does all of it in one process.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from leanmeet.storage.ics_blocks import Block, CalendarBlocks, SourceError, split_calendars
from leanmeet.storage.ics_events import (
    Context,
    ParsedFeed,
    block_digest,
    calendar_context,
    parse_feed,
    read_event,
)
from leanmeet.storage.ics_record import (
    Problem,
    pack_people,
    record_key,
    rid_key,
    unpack_people,
)
from leanmeet.storage.occurrences import expand, office_window

__all__ = [
    "Block", "CalendarBlocks", "Context", "ParsedFeed", "Problem", "SourceError",
    "block_digest", "calendar_context", "occurrences_from_ics", "pack_people", "parse_feed",
    "read_event", "record_key", "rid_key", "split_calendars", "unpack_people",
]


def occurrences_from_ics(
    text: str, tz: str = "Asia/Shanghai", start: date | None = None, end: date | None = None
):
    """Occurrences of an .ics text in [start, end] (whole days, office zone ``tz``); for tests
    and tools that need no database. Without a window: 2000-01-01 to 2040-12-31."""
    office = ZoneInfo(tz)
    parsed = parse_feed(text, "<text>", "text")
    lo, hi = office_window(start or date(2000, 1, 1), end or date(2040, 12, 31), office)
    return expand(parsed.records, lo, hi, office, zones=parsed.zones)
