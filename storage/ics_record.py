"""The stored-record format of an imported VEVENT (one document in the events table).

A record is a plain dict:
  feed, uid, rid (RECURRENCE-ID: UTC for aware times, wall time when floating or a date),
  d (discriminator for unrelated events sharing a UID), h (content hash of the block), seq,
  lm (LAST-MODIFIED), rec (a series: has RRULE/RDATE), text (the component's text, TZIDs made
  canonical), zones (custom zone ids it uses), line, src, the modelled fields (sum, loc, desc,
  status, cats, org, att) and the time fields (allday, float, s, e, ts, te, until); tz: the
  IANA name of DTSTART's own zone ("" for dates, floating, UTC and custom zones; records stored
  before it was added have none).
Optional: x (export round trip: decisions, repair).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FREQ_SECONDS = {
    "SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400,
    "WEEKLY": 7 * 86400, "MONTHLY": 31 * 86400, "YEARLY": 366 * 86400,
}


@dataclass
class Problem:
    source: str
    line: int
    reason: str
    skipped: bool = True  # False: a warning, the event was stored
    uid: str | None = None

    def __str__(self) -> str:
        what = "skipped" if self.skipped else "warning"
        return f"{self.source}:{self.line}: {what}: {self.reason}"


def epoch(value: date | datetime) -> float:
    """Seconds since 1970 (floating and all-day values as if in UTC); never overflows."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return (value - EPOCH).total_seconds()
    return (datetime.combine(value, time(), UTC) - EPOCH).total_seconds()


def zone_name(value: date | datetime) -> str:
    """The IANA name of a DTSTART's zone ("" for dates, floating and custom zones)."""
    tz = value.tzinfo if isinstance(value, datetime) else None
    key = getattr(tz, "key", None) or getattr(tz, "zone", None)
    return key if isinstance(key, str) and "/" in key else ""


def rid_key(value: date | datetime | None) -> str | None:
    """The stored form of a RECURRENCE-ID: UTC for aware times, wall time when floating."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        try:
            return value.astimezone(UTC).isoformat()
        except OverflowError:  # a wall time next to year 1 or 9999: keep it as written
            return value.isoformat()
    return value.isoformat()


def record_key(record: dict) -> str:
    """The stored identity of a record: feed, UID, RECURRENCE-ID and discriminator."""
    return f"{record['feed']}\x1f{record['uid']}\x1f{record['rid'] or ''}\x1f{record['d']}"


def pack_people(rows: Iterable[tuple[str, ...]]) -> str:
    """Attendees as one string (a line each: email, name, role, partstat[, cutype] separated
    by tabs; default role/partstat left empty, the CUTYPE column only when it is not
    INDIVIDUAL): 20,000 events load far faster than nested lists."""
    return "\n".join(_packed(tuple(row)) for row in rows)


@lru_cache(maxsize=4096)  # a feed's few hundred people, in every event
def _packed(row: tuple[str, ...]) -> str:
    email, name, role, partstat, *rest = row
    role = "" if role == "REQ-PARTICIPANT" else role
    partstat = "" if partstat == "NEEDS-ACTION" else partstat
    fields = [email, name.replace("\t", " "), role, partstat]
    cutype = rest[0] if rest else "INDIVIDUAL"
    if cutype and cutype != "INDIVIDUAL":  # a room (CUTYPE=ROOM), a resource, a group
        fields.append(cutype.replace("\t", " "))
    return "\t".join(fields)


def unpack_people(packed: str | list) -> list[tuple[str, str, str, str, str]]:
    """(email, name, role, partstat, cutype) per person of a packed string."""
    if isinstance(packed, list):  # databases written by the first development builds
        rows = [packed] if packed and isinstance(packed[0], str) else packed
        return [tuple((list(r) + ["", "", "REQ-PARTICIPANT", "NEEDS-ACTION"])[:4])
                + ("INDIVIDUAL",) for r in rows]
    out = []
    for line in packed.split("\n") if packed else []:
        email, name, role, partstat, cutype = (line.split("\t") + ["", "", "", "", ""])[:5]
        out.append((email, name, role or "REQ-PARTICIPANT", partstat or "NEEDS-ACTION",
                    cutype or "INDIVIDUAL"))
    return out
