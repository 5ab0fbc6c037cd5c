"""Stored records to occurrences in a window, in the office time zone.

Single events are filtered on their stored times without parsing anything. A recurring series
is expanded with recurring-ical-events only for the window asked for (infinite rules never
expand without bound); its parsed form is cached per process, so moving week to week in the
TUI does not parse it again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from leanmeet.planner.findings import window_bounds as office_window  # noqa: F401 (for storage)
from leanmeet.planner.model import Attendee, Occurrence
from leanmeet.storage.ics_record import FREQ_SECONDS, Problem, rid_key, unpack_people
from leanmeet.storage.readings import stored_reading
from leanmeet.storage.timezones import register_custom_zone

if TYPE_CHECKING:
    from icalendar import Calendar

SLACK = 86400 * 1.5  # floating and all-day records are stored as if in UTC
MAX_EXPANSION = 100_000  # occurrences one series may walk through for one window


def _parse_iso(value: str) -> date | datetime:
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


def _to_office(value: date | datetime, tz: tzinfo) -> date | datetime:
    """A value in the office zone. One next to year 1 or 9999 that has no office time (a
    RECURRENCE-ID 9999-12-31T23:59:59Z kept only as identity, or a database written by 0.1)
    is clamped to the last (first) representable day, so nothing downstream overflows."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz)
        try:
            return value.astimezone(tz)
        except OverflowError:
            edge = _LATEST if value.year > 5000 else _EARLIEST
            return edge.replace(tzinfo=tz)
    return value


_EARLIEST = datetime(1, 1, 2)
_LATEST = datetime(9999, 12, 30, 23, 59, 59)


def _window_bounds(start: datetime, end: datetime) -> tuple[float, float]:
    return start.timestamp(), end.timestamp()


def _overlaps(s: date | datetime, e: date | datetime, start: datetime, end: datetime,
              tz: tzinfo) -> bool:
    if not isinstance(s, datetime):
        s = datetime.combine(s, time(), tz)
        e = datetime.combine(e, time(), tz) if not isinstance(e, datetime) else e
    if e <= s:
        return start <= s < end
    return s < end and e > start


@lru_cache(maxsize=8192)
def _attendees(packed: str) -> tuple[Attendee, ...]:
    """The attendees of a packed string (storage.ics_record.pack_people). Attendees are
    immutable, so one office's few hundred people are built once per process, and the
    occurrences of one series share one tuple."""
    if isinstance(packed, list):  # databases written by the first development builds
        return tuple(Attendee(*row) for row in unpack_people(packed))
    if not packed:
        return ()
    return tuple(map(_person, packed.split("\n")))


@lru_cache(maxsize=65536)
def _person(line: str) -> Attendee:
    email, name, role, partstat, cutype = (line.split("\t") + ["", "", "", "", ""])[:5]
    return Attendee(email, name, role or "REQ-PARTICIPANT", partstat or "NEEDS-ACTION",
                    cutype or "INDIVIDUAL")


@lru_cache(maxsize=8192)
def _organizer(packed: str) -> Attendee | None:
    org = unpack_people(packed)
    return Attendee(org[0][0], org[0][1], "CHAIR") if org else None


def _organizer_of_list(org: list) -> Attendee | None:
    return _organizer.__wrapped__(org)  # a list (first development builds): not hashable


def _occurrence(rec: dict, s, e, rid, arranged: bool, series: bool) -> Occurrence:
    org = rec.get("org") or ""
    att = rec["att"]
    return Occurrence(
        uid=rec["uid"],
        recurrence_id=rid,
        start=s,
        end=e,
        all_day=rec["allday"],
        summary=rec["sum"],
        location=rec["loc"],
        description=rec["desc"],
        status=rec["status"],
        categories=tuple(rec["cats"]),
        feed=rec["feed"],
        organizer=_organizer(org) if type(org) is str else _organizer_of_list(org),
        attendees=_attendees(att) if type(att) is str else _attendees.__wrapped__(att),
        series=series,
        arranged_feed=arranged,
        zone=str(rec.get("tz") or ""),  # records stored before issue 14 have none
        reading=stored_reading(rec.get("kr")),  # storage.readings
    )


_TIMING = {"UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "EXRULE",
           "RECURRENCE-ID", "SEQUENCE", "STATUS"}


REF = "X-LEANMEET-EXPANSION-REF"  # only in the text handed to recurring-ical-events


def timing_text(text: str, ref: str | None = None) -> str:
    """Only what recurrence needs of a VEVENT (its other fields are stored already): parsing
    a series for a window then costs a fraction of parsing the whole component. ``ref`` is
    added as a property, so each occurrence tells which stored record it came from."""
    out: list[str] = []
    depth = 0
    keep = False
    for line in text.split("\r\n"):
        if not line:
            continue
        if line[0] in " \t":
            if keep:
                out.append(line)
            continue
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name == "BEGIN":
            depth += 1
            keep = depth == 1
        elif name == "END":
            keep = depth == 1
            depth -= 1
        else:
            keep = depth == 1 and name in _TIMING
        if keep:
            out.append(line)
        if ref is not None and name == "BEGIN" and depth == 1:
            out.append(f"{REF}:{ref}")
    return "\r\n".join(out) + "\r\n"


def _wall(value, tz: tzinfo):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(tz).replace(tzinfo=None)
    return value


def _floating_everywhere(cal: Calendar, tz: tzinfo) -> None:
    """A floating series happens at the office's wall time: its UTC or zoned EXDATE, RDATE
    and RECURRENCE-ID values are turned into office wall times too (else they never match,
    and recurring-ical-events reads the whole series as UTC)."""
    for comp in cal.walk("VEVENT"):
        for name in ("EXDATE", "RDATE"):
            props = comp.get(name)
            if props is None:
                continue
            values = []
            for prop in props if isinstance(props, list) else [props]:
                for item in prop.dts:
                    value = item.dt
                    if isinstance(value, tuple):
                        value = tuple(_wall(v, tz) for v in value)
                    else:
                        value = _wall(value, tz)
                    values.append(value)
            del comp[name]
            comp.add(name, values)
        rid = comp.get("RECURRENCE-ID")
        if rid is not None and isinstance(rid.dt, datetime) and rid.dt.tzinfo is not None:
            del comp["RECURRENCE-ID"]
            comp.add("RECURRENCE-ID", _wall(rid.dt, tz))


@lru_cache(maxsize=4096)
def _series_query(text: str, floating_in: tzinfo | None = None):
    # recurring-ical-events (and x-wr-timezone, click...) load only when a series is
    # expanded live: a window of stored instances and single events never needs them
    import recurring_ical_events
    from icalendar import Calendar

    cal = Calendar.from_ical(text)
    if floating_in is not None:
        _floating_everywhere(cal, floating_in)
    return recurring_ical_events.of(cal, skip_bad_series=True)


def _estimate(master: dict, end_ts: float) -> float:
    """How many instances a series walks through to reach end_ts (an over-estimate)."""
    total = 0.0
    for line in master["text"].splitlines():
        upper = line[:6].upper()
        if upper.startswith("RDATE"):
            total += line.count(",") + 1
            continue
        if not upper.startswith("RRULE"):
            continue
        parts = dict(
            p.split("=", 1) for p in line.split(":", 1)[-1].split(";") if "=" in p
        )
        freq = FREQ_SECONDS.get(parts.get("FREQ", "DAILY").upper(), 86400)
        try:
            interval = max(1, int(parts.get("INTERVAL", "1")))
        except ValueError:
            interval = 1
        walked = (end_ts - master["ts"]) / (freq * interval)
        for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):  # each multiplies a period's instances
            if part in parts:
                walked *= parts[part].count(",") + 1
        total += max(walked, 1.0)
    return total


def expand(
    records: Iterable[dict],
    start: datetime,
    end: datetime,
    tz: tzinfo,
    *,
    zones: dict[str, str] | None = None,
    arranged_feeds: Iterable[str] = (),
    problems: list[Problem] | None = None,
) -> list[Occurrence]:
    """All occurrences of the records that overlap [start, end), sorted by start.

    The same (UID, RECURRENCE-ID) from several feeds is one occurrence: the newest version
    (SEQUENCE, LAST-MODIFIED) wins; equal versions that differ are both kept. A record that
    cannot be shown (a database written by an older version, a value out of range) costs only
    itself: it is reported in ``problems``, never raised.
    """
    zones = zones or {}
    arranged = set(arranged_feeds)
    lo, hi = _window_bounds(start, end)
    singles: list[dict] = []
    series: dict[tuple[str, str, int], dict] = {}
    overrides: dict[tuple[str, str], list[dict]] = defaultdict(list)

    def report(rec: dict, why: Exception | str) -> None:
        if problems is not None:
            reason = why if isinstance(why, str) else f"{type(why).__name__}: {why}"
            problems.append(Problem(str(rec.get("src", "?")), int(rec.get("line", 0) or 0),
                                    f"event {rec.get('uid')!r} not shown: {reason}"))

    for rec in records:
        if rec["rec"]:
            series[(rec["feed"], rec["uid"], rec["d"])] = rec
        elif rec["rid"] is not None:
            overrides[(rec["feed"], rec["uid"])].append(rec)
        else:
            singles.append(rec)
    out: list[tuple[Occurrence, tuple]] = []
    for (feed, uid), items in overrides.items():
        if (feed, uid, 0) not in series:
            singles.extend(items)  # an instance without its series: a single event
    for rec in singles:
        try:
            slack = SLACK if rec["allday"] or rec["float"] else 0
            if rec["ts"] - slack >= hi or rec["te"] + slack < lo:
                continue
            s = _to_office(_parse_iso(rec["s"]), tz)
            e = _to_office(_parse_iso(rec["e"]), tz)
            if not _overlaps(s, e, start, end, tz):
                continue
            rid = _to_office(_parse_iso(rec["rid"]), tz) if rec["rid"] else None
            occ = _occurrence(rec, s, e, rid, rec["feed"] in arranged, rid is not None)
        except (OverflowError, ValueError, TypeError, KeyError, IndexError) as exc:
            report(rec, exc)
            continue
        out.append((occ, (rec["seq"], rec["lm"])))
    for (feed, uid, d), master in series.items():
        own = overrides.get((feed, uid), []) if d == 0 else []
        try:
            out += _expand_series(master, own, start, end, lo, hi, tz, zones,
                                  feed in arranged, problems)
        except (OverflowError, ValueError, TypeError, KeyError, IndexError) as exc:
            report(master, exc)
    return _dedupe(out, tz)


def _expand_series(master: dict, own: list[dict], start: datetime, end: datetime, lo: float,
                   hi: float, tz: tzinfo, zones: dict[str, str], arranged: bool,
                   problems: list[Problem] | None) -> list[tuple[Occurrence, tuple]]:
    uid = master["uid"]
    if master["ts"] - SLACK >= hi:
        return []
    if master["until"] is not None and master["until"] < lo:
        return []
    walked = _estimate(master, hi)
    if walked > MAX_EXPANSION:
        if problems is not None:
            problems.append(Problem(master["src"], master["line"], f"series {uid!r} recurs "
                                    f"too often for this window: about {walked:,.0f} "
                                    "occurrences from its start to the end of the window (at "
                                    f"most {MAX_EXPANSION:,} are expanded); not "
                                    "shown — ask for a window that ends earlier"))
        return []
    for zone_id in {z for r in [master, *own] for z in r.get("zones", [])}:
        if zone_id in zones:
            register_custom_zone(zone_id, zones[zone_id])
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//leanmeet//EN\r\n"
    text += "".join(zones[z] for z in sorted({z for r in [master, *own]
                                               for z in r.get("zones", [])}) if z in zones)
    text += timing_text(master["text"], "m")
    text += "".join(timing_text(o["text"], str(i)) for i, o in enumerate(own))
    text += "END:VCALENDAR\r\n"
    try:
        query = _series_query(text, tz if master["float"] else None)
        comps = query.between(start - timedelta(days=1), end + timedelta(days=1))
    except Exception as exc:
        if problems is not None:
            problems.append(Problem(master["src"], master["line"],
                                    f"series {uid!r} could not be expanded: {exc}"))
        return []
    out = []
    for comp in comps:
        s = comp["DTSTART"].dt
        e = comp["DTEND"].dt if "DTEND" in comp else s
        rid_prop = comp.get("RECURRENCE-ID")
        rid_raw = rid_prop.dt if rid_prop is not None else s
        if master["allday"] and isinstance(rid_raw, datetime):
            rid_raw = rid_raw.date()
        ref = str(comp.get(REF, "m"))
        source = own[int(ref)] if ref.isdigit() and int(ref) < len(own) else master
        s = _to_office(s, tz)
        e = _to_office(e, tz)
        if not _overlaps(s, e, start, end, tz):
            continue
        rid = _to_office(rid_raw, tz)
        occ = _occurrence(source, s, e, rid, arranged, True)
        out.append((occ, (source["seq"], source["lm"])))
    return out


def _sort_key(occ: Occurrence, tz: tzinfo) -> tuple:
    s = occ.start
    if not isinstance(s, datetime):  # all-day: from the office's midnight
        s = datetime.combine(s, time(), tz)
    return (s.timestamp(), occ.summary, occ.uid)


def _dedupe(items: Sequence[tuple[Occurrence, tuple]], tz: tzinfo) -> list[Occurrence]:
    if len({occ.feed for occ, _ in items}) <= 1:
        # one feed: its own duplicates were kept on purpose at import, nothing to choose
        result = [occ for occ, _ in items]
        result.sort(key=lambda occ: _sort_key(occ, tz))
        return result
    chosen: dict[tuple, list[tuple[Occurrence, tuple]]] = {}
    for occ, version in items:
        key = (occ.uid, rid_key(occ.recurrence_id))
        group = chosen.setdefault(key, [])
        for i, (other, other_version) in enumerate(group):
            if other.feed == occ.feed:
                continue  # a feed's own duplicates were kept on purpose at import
            if version != other_version:
                if version > other_version:
                    group[i] = (occ, version)
                break
            if (other.start, other.end, other.summary) == (occ.start, occ.end, occ.summary):
                break
        else:
            group.append((occ, version))
    result = [occ for group in chosen.values() for occ, _ in group]
    result.sort(key=lambda occ: _sort_key(occ, tz))
    return result
