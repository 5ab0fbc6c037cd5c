"""Read an iCalendar feed into event records, one VEVENT at a time.

The file is split into its VCALENDAR / VTIMEZONE / VEVENT blocks by their BEGIN/END lines
(with physical line numbers kept for error reports); each VEVENT is parsed on its own by
icalendar, so a broken event costs only itself. A block whose text (in the same time zone
context) is already stored is not parsed again: that is what makes a re-import cheap.

A record is a plain dict (stored as it is by storage.repository):
  feed, uid, rid, d (discriminator for unrelated events sharing a UID), h (content hash),
  seq, lm (LAST-MODIFIED), rec (has RRULE/RDATE), text (the component's text, TZIDs made
  canonical), zones (custom zone ids it uses), line, src, the modelled fields (sum, loc, desc,
  status, cats, org, att) and the time fields (allday, float, s, e, ts, te, until).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Component

from leanmeet.storage.export import carried_decisions
from leanmeet.storage.export.left_out import left_out_attendees
from leanmeet.storage.text import strip_controls
from leanmeet.storage.timezones import custom_zone_id, offset_zone, register_custom_zone, standard_zone

# Properties whose failure makes the event's time unknowable: the event is skipped.
ESSENTIAL = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
# Recurrence frequencies no meeting has; with them a series expands to millions of instances.
REFUSED_FREQ = {"SECONDLY", "MINUTELY"}
MAX_COUNT = 100_000
_FREQ_SECONDS = {
    "SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400,
    "WEEKLY": 7 * 86400, "MONTHLY": 31 * 86400, "YEARLY": 366 * 86400,
}
_TZID_PARAM = re.compile(r';TZID=("[^"]*"|[^;:]*)', re.IGNORECASE)
_SPLIT = re.compile(r"\r\n|\r|\n")
_PROPERTY_START = re.compile(r"[A-Za-z0-9-]+[;:]")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class SourceError(Exception):
    """The source is not a calendar at all (or not a complete one): nothing of it is used."""


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


@dataclass
class ParsedFeed:
    source: str
    records: list[dict] = field(default_factory=list)
    unchanged: set[str] = field(default_factory=set)  # hashes of blocks already stored
    problems: list[Problem] = field(default_factory=list)
    zones: dict[str, str] = field(default_factory=dict)  # custom zone id -> VTIMEZONE text
    events: int = 0  # VEVENT blocks seen
    skipped_uids: set[str] = field(default_factory=set)  # UIDs of events we could not read

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.skipped)


@dataclass
class _Block:
    kind: str
    line: int
    lines: list[str] = field(default_factory=list)
    broken: str = ""
    notes: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"


@dataclass
class _Calendar:
    line: int
    props: list[str] = field(default_factory=list)
    timezones: list[_Block] = field(default_factory=list)
    events: list[_Block] = field(default_factory=list)


@dataclass
class _Context:
    """How a calendar's TZIDs are to be read."""

    canonical: dict[str, str]  # TZID as written -> IANA name or custom id
    broken: dict[str, str]  # TZID -> why its VTIMEZONE is unusable
    custom: dict[str, str]  # custom id -> VTIMEZONE text
    x_wr: str | None
    signature: str
    approximate: set[str] = field(default_factory=set)  # TZIDs read from a "(UTC+08:00)" name


def _logical_name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].strip().upper()


def _head(line: str) -> str:
    """The name and parameters of a content line: up to the first colon outside quotes."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:i]
    return line


def split_calendars(text: str, source: str) -> list[_Calendar]:
    """Split feed text into calendars and their blocks; raise SourceError when it is no
    calendar or a truncated one."""
    lines = [strip_controls(line) for line in _SPLIT.split(text)]
    calendars: list[_Calendar] = []
    stack: list[tuple[str, int]] = []
    cal: _Calendar | None = None
    block: _Block | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line[0] in " \t":
            if block is not None:
                block.lines.append(line)
            elif cal is not None and stack and len(stack) == 1 and cal.props:
                cal.props[-1] += line[1:]
            continue
        head = line[:6].upper()
        if head == "BEGIN:":
            name = line[6:].strip().upper()
            depth = len(stack)
            if depth == 0:
                if name != "VCALENDAR":
                    continue  # junk outside a calendar
                cal = _Calendar(number)
                calendars.append(cal)
            elif depth == 1 and name in ("VEVENT", "VTIMEZONE"):
                block = _Block(name, number, [line])
                (cal.events if name == "VEVENT" else cal.timezones).append(block)
            elif depth >= 2 and name == "VEVENT" and block is not None and block.kind == "VEVENT":
                # the previous event was never closed: it is broken, this one starts afresh
                block.broken = f"BEGIN:VEVENT at line {block.line} is not closed by END:VEVENT"
                stack = stack[:1]
                block = _Block(name, number, [line])
                cal.events.append(block)
            elif block is not None:
                block.lines.append(line)
            stack.append((name, number))
            continue
        if head[:4] == "END:":
            name = line[4:].strip().upper()
            names = [n for n, _ in stack]
            if name in names:
                while stack and stack[-1][0] != name:
                    opened, at = stack.pop()
                    if block is not None and not block.broken:
                        block.broken = f"BEGIN:{opened} at line {at} is not closed"
                stack.pop()
                if block is not None:
                    block.lines.append(line)
                    if len(stack) == 1:
                        block = None
                if not stack:
                    cal = None
            elif block is not None and not block.broken:
                block.broken = f"line {number}: END:{name} without BEGIN:{name}"
            continue
        if block is not None:
            if (len(block.lines) > 1 and block.kind == "VEVENT"
                    and not _PROPERTY_START.match(line)):
                # a continuation line that lost its leading space: keep its text
                block.lines.append(" " + line)
                block.notes.append((number, "line without a leading space taken as the "
                                    "continuation of the line before"))
            else:
                block.lines.append(line)
        elif cal is not None and len(stack) == 1:
            cal.props.append(line)
    if stack:
        name, at = stack[-1]
        raise SourceError(
            f"{source}: truncated: BEGIN:{name} at line {at} is never closed "
            "(incomplete download?); nothing imported from it"
        )
    if not calendars:
        sample = text.lstrip()[:200].lower()
        if sample.startswith("<") or "<html" in sample:
            raise SourceError(f"{source}: not an iCalendar file (it is an HTML page)")
        raise SourceError(f"{source}: not an iCalendar file (no BEGIN:VCALENDAR)")
    return calendars


def _tzid_of(block: _Block) -> str:
    for line in block.lines:
        if _logical_name(line) == "TZID":
            return line.split(":", 1)[1].strip() if ":" in line else ""
    return ""


def _context(cal: _Calendar, source: str, problems: list[Problem]) -> _Context:
    canonical: dict[str, str] = {}
    broken: dict[str, str] = {}
    custom: dict[str, str] = {}
    for tz_block in cal.timezones:
        tzid = _tzid_of(tz_block)
        if not tzid:
            continue
        standard = standard_zone(tzid)
        if standard:
            canonical[tzid] = standard
            continue
        text = tz_block.text
        zone_id = custom_zone_id(tzid, text)
        rewritten = "\r\n".join(
            f"TZID:{zone_id}" if _logical_name(line) == "TZID" else line
            for line in tz_block.lines
        ) + "\r\n"
        try:
            register_custom_zone(zone_id, rewritten)
        except ValueError as exc:
            broken[tzid] = f"time zone {tzid!r} (line {tz_block.line}) is unusable: {exc}"
            continue
        canonical[tzid] = zone_id
        custom[zone_id] = rewritten
    x_wr = None
    for prop in cal.props:
        if _logical_name(prop) == "X-WR-TIMEZONE" and ":" in prop:
            value = prop.split(":", 1)[1].strip()
            x_wr = standard_zone(value)
            if x_wr is None and value:
                problems.append(
                    Problem(source, cal.line, f"X-WR-TIMEZONE {value!r} is not a known zone; "
                            "ignored", skipped=False)
                )
    signature = hashlib.sha1(
        repr((sorted(canonical.items()), sorted(broken), x_wr)).encode()
    ).hexdigest()
    return _Context(canonical, broken, custom, x_wr, signature)


def _quote(value: str) -> str:
    return f'"{value}"' if re.search(r"[:;,]", value) else value


def _rewrite_tzids(block: _Block, ctx: _Context) -> tuple[list[str], list[str], str | None]:
    """Return (lines with canonical TZIDs, unknown TZIDs made floating, reason to skip)."""
    out: list[str] = []
    unknown: list[str] = []
    for line in block.lines:
        head = _head(line)
        if "TZID=" not in head.upper():
            out.append(line)
            continue
        match = _TZID_PARAM.search(head)
        if not match:
            out.append(line)
            continue
        tzid = match.group(1).strip('"')
        if tzid in ctx.broken:
            return out, unknown, ctx.broken[tzid]
        target = ctx.canonical.get(tzid) or standard_zone(tzid)
        if not target and (target := offset_zone(tzid)):
            ctx.approximate.add(tzid)
        if target:
            replacement = f";TZID={_quote(target)}"
        else:
            replacement = ""
            if tzid not in unknown:
                unknown.append(tzid)
        out.append(head[: match.start()] + replacement + head[match.end() :] + line[len(head) :])
    return out, unknown, None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return strip_controls(str(value)).strip()


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _epoch(value: date | datetime) -> float:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return (value - EPOCH).total_seconds()
    return (datetime.combine(value, time(), UTC) - EPOCH).total_seconds()


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def rid_key(value: date | datetime | None) -> str | None:
    """The stored form of a RECURRENCE-ID: UTC for aware times, wall time when floating."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def _address(value: object) -> tuple[str, str, str, str]:
    params = getattr(value, "params", {}) or {}
    text = strip_controls(str(value)).strip()
    email = text[7:] if text.lower().startswith("mailto:") else (text if "@" in text else "")
    name = strip_controls(str(params.get("CN", ""))).strip().strip('"')
    role = str(params.get("ROLE", "REQ-PARTICIPANT")).upper()
    partstat = str(params.get("PARTSTAT", "NEEDS-ACTION")).upper()
    return email.strip().lower(), _one_line(name), role, partstat


def pack_people(rows: Iterable[tuple[str, str, str, str]]) -> str:
    """Attendees as one string (a line each: email, name, role, partstat separated by tabs;
    default role/partstat left empty): 20,000 events load far faster than nested lists."""
    lines = []
    for email, name, role, partstat in rows:
        role = "" if role == "REQ-PARTICIPANT" else role
        partstat = "" if partstat == "NEEDS-ACTION" else partstat
        lines.append("\t".join((email, name.replace("\t", " "), role, partstat)))
    return "\n".join(lines)


def unpack_people(packed: str | list) -> list[tuple[str, str, str, str]]:
    if isinstance(packed, list):  # databases written by the first development builds
        rows = [packed] if packed and isinstance(packed[0], str) else packed
        return [tuple((list(r) + ["", "", "REQ-PARTICIPANT", "NEEDS-ACTION"])[:4])
                for r in rows]
    out = []
    for line in packed.split("\n") if packed else []:
        email, name, role, partstat = (line.split("\t") + ["", "", "", ""])[:4]
        out.append((email, name, role or "REQ-PARTICIPANT", partstat or "NEEDS-ACTION"))
    return out


def _categories(event: Component) -> list[str]:
    raw = event.get("CATEGORIES")
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    cats: list[str] = []
    for item in items:
        values = getattr(item, "cats", None)
        if values is None:
            values = str(item).split(",")
        cats += [_one_line(strip_controls(str(v))) for v in values if str(v).strip()]
    return cats


def _check_rrule(event: Component) -> str | None:
    rules = event.get("RRULE")
    if rules is None:
        return None
    for rule in rules if isinstance(rules, list) else [rules]:
        freq = [str(f).upper() for f in rule.get("FREQ", [])]
        if not freq:
            return "RRULE without FREQ"
        if freq[0] in REFUSED_FREQ:
            count = rule.get("COUNT")
            if not count or int(count[0]) > 1000:
                return f"RRULE FREQ={freq[0]} would produce an unbounded number of occurrences"
        interval = rule.get("INTERVAL")
        if interval is not None and int(interval[0]) < 1:
            return f"RRULE INTERVAL={interval[0]} is invalid (must be at least 1)"
        count = rule.get("COUNT")
        if count is not None and int(count[0]) > MAX_COUNT:
            return f"RRULE COUNT={count[0]} is more than {MAX_COUNT} occurrences"
    return None


def _series_bound(event: Component, start: date | datetime, duration: timedelta) -> float | None:
    """An upper bound (epoch) of the end of the series' last occurrence; None when unbounded."""
    rules = event.get("RRULE")
    bound = _epoch(start)
    for rule in rules if isinstance(rules, list) else ([rules] if rules is not None else []):
        until = rule.get("UNTIL")
        count = rule.get("COUNT")
        if until:
            bound = max(bound, _epoch(until[0]) + 86400)
        elif count:
            freq = str(rule.get("FREQ", ["DAILY"])[0]).upper()
            interval = int(rule.get("INTERVAL", [1])[0] or 1)
            step = _FREQ_SECONDS.get(freq, 86400) * interval
            bound = max(bound, _epoch(start) + (int(count[0]) + 1) * step)
        else:
            return None
    rdates = event.get("RDATE")
    for rdate in rdates if isinstance(rdates, list) else ([rdates] if rdates is not None else []):
        for period in getattr(rdate, "dts", []):
            value = period.dt[0] if isinstance(period.dt, tuple) else period.dt
            bound = max(bound, _epoch(value))
    return bound + duration.total_seconds() + 86400


def _version(event: Component) -> tuple[int, str]:
    try:
        seq = int(str(event.get("SEQUENCE", 0)))
    except ValueError:
        seq = 0
    lm = event.get("LAST-MODIFIED")
    try:
        stamp = rid_key(lm.dt) if lm is not None else ""
    except Exception:
        stamp = ""
    return seq, stamp or ""


def _derived_uid(block_lines: list[str]) -> str:
    body = "\n".join(
        line for line in block_lines if _logical_name(line) not in ("DTSTAMP", "LAST-MODIFIED")
    )
    return "leanmeet-" + hashlib.sha1(body.encode("utf-8")).hexdigest()[:20]


def _localize_floating(value: date | datetime, zone: str | None) -> date | datetime:
    if zone and isinstance(value, datetime) and value.tzinfo is None:
        import zoneinfo

        return value.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return value


def _apply_x_wr(event: Component, zone: str) -> Component:
    """Normalise a Google-style series (UTC or floating times + X-WR-TIMEZONE) with
    x-wr-timezone."""
    import x_wr_timezone

    cal = Calendar()
    cal.add("X-WR-TIMEZONE", zone)
    cal.add_component(event)
    standard = x_wr_timezone.to_standard(cal)
    return standard.walk("VEVENT")[0]


def _read_event(
    block: _Block, ctx: _Context, feed: str, source: str, parsed: ParsedFeed, block_hash: str
) -> dict | None:
    def skip(reason: str, uid: str | None = None, line: int | None = None) -> None:
        parsed.problems.append(Problem(source, line or block.line, reason, True, uid))
        if uid:
            parsed.skipped_uids.add(uid)

    uid_guess = next(
        (line.split(":", 1)[1].strip() for line in block.lines
         if _logical_name(line) == "UID" and ":" in line),
        None,
    )
    if block.broken:
        return skip(block.broken, uid_guess)
    lines, unknown, bad_zone = _rewrite_tzids(block, ctx)
    if bad_zone:
        return skip(bad_zone, uid_guess)
    text = "\r\n".join(lines) + "\r\n"
    try:
        event = Component.from_ical(text)
    except Exception as exc:
        return skip(f"unreadable event: {_one_line(str(exc))[:200]}", uid_guess)

    def line_of(prop: str) -> int:
        for offset, line in enumerate(block.lines):
            if _logical_name(line) == prop:
                return block.line + offset
        return block.line

    for prop, error in getattr(event, "errors", []) or []:
        if prop is None:  # a content line icalendar could not split: name it ourselves
            found = re.search(r"parts: '(.*?)'", str(error))
            content = found.group(1) if found else ""
            name = _logical_name(content)
            if name in ESSENTIAL:
                prop = name
            else:
                where = next((block.line + i for i, line in enumerate(block.lines)
                              if content and content[:40] in line), block.line)
                parsed.problems.append(Problem(source, where, f"unreadable line ignored: "
                                               f"{content[:80]!r}", False, uid_guess))
                continue
        if str(prop).upper() in ESSENTIAL:
            return skip(
                f"invalid {prop}: {_one_line(str(error))[:160]}", uid_guess, line_of(str(prop))
            )
        parsed.problems.append(
            Problem(source, line_of(str(prop)), f"invalid {prop} ignored: "
                    f"{_one_line(str(error))[:160]}", False, uid_guess)
        )
    for number, note in block.notes:
        parsed.problems.append(Problem(source, number, note, False, uid_guess))
    for tzid in sorted(ctx.approximate & {m.group(1).strip('"') for m in
                                          map(_TZID_PARAM.search, map(_head, block.lines)) if m}):
        parsed.problems.append(
            Problem(source, block.line, f"time zone {tzid!r} has no VTIMEZONE; its UTC offset "
                    "is used (daylight saving time unknown)", False, uid_guess)
        )
    for tzid in unknown:
        parsed.problems.append(
            Problem(source, block.line, f"unknown time zone {tzid!r} (no VTIMEZONE); times "
                    "taken in the office time zone", False, uid_guess)
        )

    uid = _text(event.get("UID"))
    if not uid:
        uid = _derived_uid(block.lines)
    try:
        reason = _check_rrule(event)
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        reason = f"invalid RRULE: {exc}"
    if reason:
        return skip(reason, uid, line_of("RRULE"))
    recurring = event.get("RRULE") is not None or event.get("RDATE") is not None
    if ctx.x_wr and recurring:
        try:
            event = _apply_x_wr(event, ctx.x_wr)
            text = event.to_ical().decode("utf-8")
        except Exception as exc:  # keep the event as it was written
            parsed.problems.append(Problem(source, block.line, f"X-WR-TIMEZONE not applied: "
                                           f"{_one_line(str(exc))[:120]}", False, uid))
    for prop in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "UID"):
        if isinstance(event.get(prop), list):
            return skip(f"{prop} appears more than once", uid, line_of(prop))
    dtstart = event.get("DTSTART")
    if dtstart is None:
        return skip("no DTSTART", uid)
    try:
        start = dtstart.dt
        rid_prop = event.get("RECURRENCE-ID")
        rid = rid_prop.dt if rid_prop is not None else None
        dtend = event.get("DTEND")
        duration = event.get("DURATION")
        if dtend is not None:
            end = dtend.dt
            if duration is not None:
                parsed.problems.append(Problem(source, line_of("DURATION"), "both DTEND and "
                                               "DURATION; DTEND used", False, uid))
        elif duration is not None:
            end = start + duration.dt
        elif isinstance(start, datetime):
            end = start
        else:
            end = start + timedelta(days=1)
    except Exception as exc:
        return skip(f"unreadable time: {_one_line(str(exc))[:160]}", uid, line_of("DTSTART"))
    if isinstance(start, timedelta) or not isinstance(start, date):
        return skip("DTSTART is not a date or date-time", uid, line_of("DTSTART"))
    all_day = not isinstance(start, datetime)
    zone = ctx.x_wr
    start = _localize_floating(start, zone)
    end = _localize_floating(end, zone) if isinstance(end, date) else end
    if isinstance(rid, datetime):
        rid = _localize_floating(rid, zone)
    if all_day and isinstance(end, datetime):
        parsed.problems.append(Problem(source, line_of("DTEND"), "all-day DTSTART with a "
                                       "date-time DTEND; taken as all-day", False, uid))
        end = max(end.date(), start + timedelta(days=1))
    elif not all_day and not isinstance(end, datetime):
        end = datetime.combine(end, time(), start.tzinfo)
    if not all_day and (end.tzinfo is None) != (start.tzinfo is None):
        end = end.replace(tzinfo=start.tzinfo)
    if end < start:
        parsed.problems.append(Problem(source, line_of("DTEND"), "DTEND before DTSTART; "
                                       "taken as zero length", False, uid))
        end = start + (timedelta(days=1) if all_day else timedelta())
    seq, lm = _version(event)
    organizer = event.get("ORGANIZER")
    attendees = event.get("ATTENDEE")
    if attendees is not None and not isinstance(attendees, list):
        attendees = [attendees]
    attendees = [*(attendees or []), *left_out_attendees(event)]  # blocked leaders (export)
    status = _text(event.get("STATUS")).upper() or "CONFIRMED"
    floating = (not all_day) and start.tzinfo is None
    zones = sorted({z for z in ctx.custom if z in text})
    record = {
        "feed": feed,
        "uid": uid,
        "rid": rid_key(rid),
        "d": 0,
        "h": block_hash,
        "seq": seq,
        "lm": lm,
        "rec": recurring and rid is None,
        "text": text,
        "zones": zones,
        "line": block.line,
        "src": source,
        "sum": _one_line(_text(event.get("SUMMARY"))),
        "loc": _one_line(_text(event.get("LOCATION"))),
        "desc": _text(event.get("DESCRIPTION")),
        "status": status,
        "cats": _categories(event),
        "org": pack_people([_address(organizer)]) if organizer is not None else "",
        "att": pack_people(_address(a) for a in attendees or []),
        "allday": all_day,
        "float": floating,
        "s": _iso(start),
        "e": _iso(end),
        "ts": _epoch(start),
        "te": _epoch(end),
        "until": None,
    }
    # --- plan export round trip (storage.export): decisions carried in X-LEANMEET-* properties;
    # "repair": the export re-serialises this event without the properties icalendar rejected
    extra = {"decisions": carried_decisions(event)} if "X-LEANMEET-" in text else {}
    if getattr(event, "errors", None):
        extra["repair"] = True
    if extra.get("decisions") or extra.get("repair"):
        record["x"] = extra
    # --- end of plan export round trip
    if record["rec"]:
        record["until"] = _series_bound(event, start, _span(start, end))
    return record


def _span(start: date | datetime, end: date | datetime) -> timedelta:
    try:
        return end - start
    except TypeError:
        return timedelta()


def _newer(a: dict, b: dict) -> bool:
    return (a["seq"], a["lm"]) > (b["seq"], b["lm"])


def parse_feed(
    text: str, source: str, feed: str, known_hashes: Iterable[str] = ()
) -> ParsedFeed:
    """Parse feed text into records. Blocks whose hash is in known_hashes are not parsed (they
    are reported in ``unchanged``). Raises SourceError when the text is not a calendar."""
    known = set(known_hashes)
    parsed = ParsedFeed(source)
    seen: dict[tuple[str, str | None], list[dict]] = {}
    for cal in split_calendars(text, source):
        ctx = _context(cal, source, parsed.problems)
        parsed.zones.update(ctx.custom)
        for block in cal.events:
            parsed.events += 1
            digest = hashlib.sha1(
                (ctx.signature + "\n" + block.text).encode("utf-8", "surrogatepass")
            ).hexdigest()
            if digest in known:
                parsed.unchanged.add(digest)
                continue
            record = _read_event(block, ctx, feed, source, parsed, digest)
            if record is None:
                continue
            key = (record["uid"], record["rid"])
            same = seen.setdefault(key, [])
            if not same:
                same.append(record)
                parsed.records.append(record)
                continue
            previous = same[0]
            if (record["seq"], record["lm"]) != (previous["seq"], previous["lm"]):
                # two versions of one event: the newer one wins
                winner, loser = (record, previous) if _newer(record, previous) else (
                    previous, record)
                if winner is record:
                    parsed.records[parsed.records.index(previous)] = record
                    same[0] = record
                parsed.problems.append(Problem(
                    source, loser["line"], f"older version of UID {record['uid']!r} "
                    f"(SEQUENCE {loser['seq']}) ignored; line {winner['line']} is newer",
                    False, record["uid"]))
                continue
            if any(r["text"] == record["text"] for r in same):
                continue  # the very same event twice
            record["d"] = len(same)
            same.append(record)
            parsed.records.append(record)
            parsed.problems.append(Problem(
                source, record["line"], f"UID {record['uid']!r} is also used by the event at "
                f"line {previous['line']}; both kept as separate events", False, record["uid"]))
    return parsed


def record_key(record: dict) -> str:
    """The stored identity of a record: feed, UID, RECURRENCE-ID and discriminator."""
    return f"{record['feed']}\x1f{record['uid']}\x1f{record['rid'] or ''}\x1f{record['d']}"


def occurrences_from_ics(
    text: str, tz: str = "Asia/Shanghai", start: date | None = None, end: date | None = None
):
    """Occurrences of an .ics text in [start, end] (whole days, office zone ``tz``); for tests
    and tools that need no database. Without a window: 2000-01-01 to 2040-12-31."""
    import zoneinfo

    from leanmeet.storage.occurrences import expand, office_window

    zone = zoneinfo.ZoneInfo(tz)
    parsed = parse_feed(text, "<text>", "text")
    lo, hi = office_window(start or date(2000, 1, 1), end or date(2040, 12, 31), zone)
    return expand(parsed.records, lo, hi, zone, zones=parsed.zones)
