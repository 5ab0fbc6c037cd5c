"""Time zone identifiers of imported feeds, resolved per feed.

icalendar caches custom VTIMEZONEs by TZID for the whole process, so two feeds that both
define "Customized Time Zone" differently would shift each other's times. We therefore give
each custom zone an identifier derived from its content (``LM-<hash>-<name>``): equal
definitions share an id, different ones never collide. Standard zones (IANA names, Windows
names from Outlook, "globally unique" /vendor/Area/City ids) are mapped to their IANA name.
"""

from __future__ import annotations

import hashlib
import re
import zoneinfo
from datetime import tzinfo
from functools import lru_cache

import tzlocal
from icalendar import Timezone
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

CUSTOM_PREFIX = "LM-"
MAX_TZID = 255  # longer names are no zone's name (the file system would refuse them anyway)
MAX_TRANSITIONS = 20_000  # changes of offset one VTIMEZONE may define up to 2040
_PER_YEAR = {"YEARLY": 1, "MONTHLY": 12, "WEEKLY": 53, "DAILY": 366, "HOURLY": 8784,
             "MINUTELY": 527_040, "SECONDLY": 31_622_400}
_registered: set[str] = set()


def _transitions(component: Timezone) -> int:
    """An over-estimate of the offset changes icalendar computes for a VTIMEZONE (it walks
    every observance's RRULE from its DTSTART to about 2040), before it walks them."""
    total = 0
    for sub in component.subcomponents:
        if sub.name not in ("STANDARD", "DAYLIGHT"):
            continue
        total += 1
        rdates = sub.get("RDATE")
        for prop in rdates if isinstance(rdates, list) else ([rdates] if rdates else []):
            total += len(getattr(prop, "dts", []))
        rule = sub.get("RRULE")
        if rule is None:
            continue
        for one in rule if isinstance(rule, list) else [rule]:
            freq = str((one.get("FREQ") or ["YEARLY"])[0]).upper()
            interval = max(1, int((one.get("INTERVAL") or [1])[0]))
            start = sub.get("DTSTART")
            year = start.dt.year if start is not None and hasattr(start.dt, "year") else 1970
            count = one.get("COUNT")
            per_year = _PER_YEAR.get(freq, 366) / interval
            for part in ("BYMONTH", "BYMONTHDAY", "BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND"):
                if part in one:
                    per_year *= max(1, len(one[part]))
            walked = max(1, 2040 - year) * per_year
            if count:
                walked = min(walked, int(count[0]))
            total += int(walked)
    return total


@lru_cache(maxsize=1024)
def standard_zone(tzid: str) -> str | None:
    """The IANA name for a TZID, or None when it is not a zone we know by name."""
    name = tzid.strip().strip('"').strip()
    if not name or len(name) > MAX_TZID:
        return None
    cleaned = name.strip("/")
    candidates = [cleaned, name]
    if cleaned in WINDOWS_TO_OLSON:
        candidates.insert(0, WINDOWS_TO_OLSON[cleaned])
    if name.startswith("/"):
        parts = cleaned.split("/")
        candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for candidate in candidates:
        if candidate.upper() in ("UTC", "GMT", "Z", "ETC/UTC"):
            return "UTC"
        try:
            zoneinfo.ZoneInfo(candidate)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            continue
        return candidate
    return None


_OFFSET_NAME = re.compile(r"^\(?(?:UTC|GMT)\s*([+-])(\d{1,2}):?(\d{2})?\)?", re.IGNORECASE)


def offset_zone(tzid: str) -> str | None:
    """A fixed-offset zone for Windows display names such as "(UTC+08:00) Beijing, ..."
    when no VTIMEZONE defines them: Etc/GMT-8 (whole hours only; DST is not known)."""
    match = _OFFSET_NAME.match(tzid.strip().strip('"'))
    if not match or (match.group(3) or "00") != "00":
        return None
    hours = int(match.group(2))
    if hours == 0:
        return "UTC"
    if hours > 14:
        return None
    return f"Etc/GMT{'-' if match.group(1) == '+' else '+'}{hours}"


def custom_zone_id(tzid: str, vtimezone_text: str) -> str:
    """A content-derived TZID for a custom VTIMEZONE definition."""
    body = "\n".join(
        line for line in vtimezone_text.splitlines() if line and not line.startswith("TZID")
    )
    digest = hashlib.sha1(body.encode("utf-8")).hexdigest()[:10]
    # a zone leanmeet itself exported keeps its id: re-importing a plan never nests ids
    tzid = re.sub(rf"^{CUSTOM_PREFIX}[0-9a-f]{{10}}-", "", tzid)
    safe = re.sub(r"[^A-Za-z0-9 ._+()-]", "", tzid).strip()[:40] or "zone"
    return f"{CUSTOM_PREFIX}{digest}-{safe}"


def register_custom_zone(zone_id: str, vtimezone_text: str) -> tzinfo:
    """Build the tzinfo of a custom VTIMEZONE (TZID already rewritten to zone_id) and make
    icalendar resolve zone_id to it. Raises ValueError when the definition is unusable."""
    try:
        component = Timezone.from_ical(vtimezone_text)
    except Exception as exc:
        raise ValueError(f"unusable VTIMEZONE: {exc}") from exc
    try:
        transitions = _transitions(component)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"unusable VTIMEZONE: {exc}") from exc
    if transitions > MAX_TRANSITIONS:
        raise ValueError(f"it changes its UTC offset about {transitions:,} times (more than "
                         f"{MAX_TRANSITIONS:,}: an observance recurs more often than "
                         "monthly)")
    try:
        tz = component.to_tz(tzp, lookup_tzid=False)
    except Exception as exc:  # icalendar raises many types for broken definitions
        raise ValueError(f"unusable VTIMEZONE: {exc}") from exc
    if zone_id not in _registered:
        tzp.cache_timezone_component(component)
        _registered.add(zone_id)
    return tz


def office_zone(name: str | None = None) -> zoneinfo.ZoneInfo:
    """The office time zone: the rulebook's ``timezone`` if set, else the machine's (TZ is
    honoured)."""
    if name:
        resolved = standard_zone(name)
        if resolved is None:
            raise ValueError(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)")
        return zoneinfo.ZoneInfo(resolved)
    try:
        local = tzlocal.get_localzone_name()
    except Exception:
        local = None
    if local:
        resolved = standard_zone(local)
        if resolved:
            return zoneinfo.ZoneInfo(resolved)
    return zoneinfo.ZoneInfo("UTC")
