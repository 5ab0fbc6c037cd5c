"""The event reader: one VEVENT block (from storage.ics_blocks) to one stored record
(storage.ics_record), parsed on its own by icalendar so a broken event costs only itself.

Every VEVENT block ends up in exactly one of: a record, a skipped problem (file:line and
reason), or a block already stored (``unchanged``); so the summary's counts add up to the
VEVENTs in the file. What the reader repairs it says, as a warning; what it cannot place it
skips, with the reason. A value it stores can never break a later read: event times outside
the days leanmeet plans (planner.window) are refused here, and the stored text always agrees
with the stored times (a repaired DTEND is repaired in the text too).
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, time, timedelta

from icalendar import Calendar, Component, Parameters
from icalendar.parser.content_line import NEWLINE, UFOLD, Contentline

from leanmeet.planner.window import FIRST_DAY, LAST_DAY
from leanmeet.storage.export import carried_decisions
from leanmeet.storage.export.left_out import left_out_attendees
from leanmeet.storage.ics_blocks import Block, CalendarBlocks, logical_name, split_calendars
from leanmeet.storage.ics_record import (
    FREQ_SECONDS,
    Problem,
    epoch,
    pack_people,
    rid_key,
    zone_name,
)
from leanmeet.storage.ics_rules import MAX_RRULES, check_rule
from leanmeet.storage.text import strip_controls
from leanmeet.storage.timezones import (
    custom_zone_id,
    offset_zone,
    register_custom_zone,
    standard_zone,
)

# Properties whose failure makes the event's time unknowable: the event is skipped.
ESSENTIAL = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
MAX_PARAMS = 4096  # characters of parameters on one content line
_TZID_PARAM = re.compile(r';TZID=("[^"]*"|[^;:]*)', re.IGNORECASE)
_VALUE_DATE = re.compile(r";VALUE=DATE(?=[;:]|$)", re.IGNORECASE)
_DATE_VALUES = re.compile(r"\d{8}(,\d{8})*")
_HEAD = re.compile(r'(?:[^":]+|"[^"]*")*')


@dataclass
class ParsedFeed:
    source: str
    records: list[dict] = field(default_factory=list)
    unchanged: set[str] = field(default_factory=set)  # hashes of blocks already stored
    problems: list[Problem] = field(default_factory=list)
    zones: dict[str, str] = field(default_factory=dict)  # custom zone id -> VTIMEZONE text
    events: int = 0  # VEVENT blocks seen
    skipped_uids: set[str] = field(default_factory=set)  # UIDs of events we could not read
    # (feed, uid) -> (signature, instances, horizon) of the series among the records, when
    # a worker expanded them already (storage.parallel, storage.instances.expand_records)
    expansions: dict[tuple[str, str], tuple[str, list[dict], float]] = field(
        default_factory=dict)
    # for each problem, the line of the calendar or VEVENT being read when it was found (the
    # parallel parse orders its chunks' problems by it, as one process finds them)
    found_at: list[int] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.skipped)


@dataclass
class Context:
    """How a calendar's TZIDs are to be read."""

    canonical: dict[str, str]  # TZID as written (stripped) -> IANA name or custom id
    broken: dict[str, str]  # TZID -> why its VTIMEZONE is unusable
    custom: dict[str, str]  # custom id -> VTIMEZONE text
    x_wr: str | None
    signature: str
    approximate: set[str] = field(default_factory=set)  # TZIDs read from a "(UTC+08:00)" name


# --- icalendar's parse of one block, each distinct content line split only once
# The same content lines come back in event after event of a feed (its people's ATTENDEE and
# ORGANIZER lines, DTSTAMP, LOCATION, titles), and icalendar splits each line into name,
# parameters and value character by character: most of its time on a large feed. A line's
# split depends on its text alone, so each process remembers the splits of the lines it has
# seen more than once (a bounded table: a line seen once, a UID or a description, is not
# kept, as keeping it costs more than it saves) and gives every property a fresh copy of the
# parameters; icalendar does everything else (parameter and value types, components) for
# every line of every block as before.
MAX_REMEMBERED = 10_000  # content lines whose split is kept (about 1 KB each)
MAX_SEEN = 100_000  # hashes of the lines seen (each table is emptied when full)
_SPLITS: dict[str, tuple[str, Parameters, str]] = {}
_SEEN: set[int] = set()
_new_dict = OrderedDict.__new__  # Parameters is an OrderedDict whose keys are upper case
_set_item = OrderedDict.__setitem__


class _Line(Contentline):
    """A content line whose ``parts()`` are remembered (see above)."""

    __slots__ = ()

    def parts(self) -> tuple[str, Parameters, str]:
        known = _SPLITS.get(self)
        if known is None:
            known = Contentline.parts(self)  # a ValueError is raised each time, not kept
            seen = hash(self)
            if seen not in _SEEN:  # the first time: only its hash is kept
                if len(_SEEN) >= MAX_SEEN:
                    _SEEN.clear()
                _SEEN.add(seen)
                return known
            if len(_SPLITS) >= MAX_REMEMBERED:
                _SPLITS.clear()
            _SPLITS[str(self)] = known  # kept as made: what follows gives out copies
        name, params, value = known
        fresh = _new_dict(Parameters)  # the keys are upper case already
        for key, item in params.items():
            _set_item(fresh, key, list(item) if isinstance(item, list) else item)
        return name, fresh, value


_get_parser = getattr(Component, "_get_ical_parser", None)


def parse_component(text: str) -> Component:
    """``Component.from_ical(text)`` of one component's text (the same component, or the
    same exception), with the content lines' splits remembered."""
    if _get_parser is not None:
        try:
            lines: list = [_Line(line) for line in NEWLINE.split(UFOLD.sub("", text)) if line]
            lines.append("")  # as icalendar's Contentlines.from_ical ends its list
            components = _get_parser(lines).parse()
            if len(components) == 1:
                return components[0]
        except Exception:  # noqa: BLE001 - icalendar's own parse raises it, with its message
            pass
    return Component.from_ical(text)
# --- end of icalendar's parse of one block


def _clean_tzid(value: str) -> str:
    return value.strip().strip('"').strip()


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit] + f"… ({len(value):,} characters)"


def _head(line: str) -> str:
    """The name and parameters of a content line: up to the first colon outside quotes."""
    return _HEAD.match(line).group(0)


def _logical_lines(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(offset of the first physical line, physical lines) of each content line."""
    out: list[tuple[int, list[str]]] = []
    for offset, line in enumerate(lines):
        if line[:1] in (" ", "\t") and out:
            out[-1][1].append(line)
        else:
            out.append((offset, [line]))
    return out


def _tzid_of(block: Block) -> str:
    for line in block.lines:
        if logical_name(line) == "TZID":
            return _clean_tzid(line.split(":", 1)[1]) if ":" in line else ""
    return ""


def calendar_context(cal: CalendarBlocks, source: str, problems: list[Problem]) -> Context:
    """Resolve a calendar's VTIMEZONEs and X-WR-TIMEZONE (zones that cannot be used are
    remembered with the reason, so the events using them are skipped with it)."""
    canonical: dict[str, str] = {}
    broken: dict[str, str] = {}
    custom: dict[str, str] = {}
    for tz_block in cal.timezones:
        tzid = _tzid_of(tz_block)
        if not tzid:
            continue
        if tz_block.broken:
            broken[tzid] = f"time zone {_short(tzid)!r} (line {tz_block.line}) is unusable: " \
                f"{tz_block.broken}"
            continue
        standard = standard_zone(tzid)
        if standard:
            canonical[tzid] = standard
            continue
        text = tz_block.text
        zone_id = custom_zone_id(tzid, text)
        rewritten = "\r\n".join(
            f"TZID:{zone_id}" if logical_name(line) == "TZID" else line
            for line in tz_block.lines
        ) + "\r\n"
        try:
            register_custom_zone(zone_id, rewritten)
        except ValueError as exc:
            broken[tzid] = f"time zone {_short(tzid)!r} (line {tz_block.line}) is unusable: {exc}"
            problems.append(Problem(source, tz_block.line, f"time zone {_short(tzid)!r} refused:"
                                    f" {exc}; the events using it are skipped", False))
            continue
        canonical[tzid] = zone_id
        custom[zone_id] = rewritten
    x_wr = None
    for prop in cal.props:
        if logical_name(prop) == "X-WR-TIMEZONE" and ":" in prop:
            value = prop.split(":", 1)[1].strip()
            x_wr = standard_zone(value)
            if x_wr is None and value:
                problems.append(
                    Problem(source, cal.line, f"X-WR-TIMEZONE {_short(value)!r} is not a known "
                            "zone; ignored", skipped=False)
                )
    signature = hashlib.sha1(
        repr((sorted(canonical.items()), sorted(broken), x_wr)).encode("utf-8", "replace")
    ).hexdigest()
    return Context(canonical, broken, custom, x_wr, signature)


def _quote(value: str) -> str:
    return f'"{value}"' if re.search(r"[:;,]", value) else value


_ANY_TZID = re.compile("tzid=", re.IGNORECASE)


def _rewrite_tzids(lines: list[str], ctx: Context) -> tuple[list[str], list[str], str | None]:
    """Return (lines with canonical TZIDs, unknown TZIDs made floating, reason to skip).
    A TZID on a DATE value means nothing (RFC 5545 §3.2.19) and is dropped."""
    out: list[str] = []
    unknown: list[str] = []
    for line in lines:
        if line[:1] in (" ", "\t"):
            out.append(line)
            continue
        if _ANY_TZID.search(line) is None:  # most lines: no TZID anywhere
            out.append(line)
            continue
        head = _head(line)
        if "TZID=" not in head.upper():
            out.append(line)
            continue
        match = _TZID_PARAM.search(head)
        if not match:
            out.append(line)
            continue
        value = line[len(head) + 1:].strip()
        if _VALUE_DATE.search(head) or _DATE_VALUES.fullmatch(value):
            out.append(head[: match.start()] + head[match.end():] + line[len(head):])
            continue
        tzid = _clean_tzid(match.group(1))
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
        out.append(head[: match.start()] + replacement + head[match.end():] + line[len(head):])
    return out, unknown, None


#: ``_prop(component, NAME)``: ``component.get(NAME)`` for an upper-case NAME (icalendar keeps
#: the names upper case), as a plain dict lookup: a record asks some twenty of them.
_prop = dict.get


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return strip_controls(str(value)).strip()


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _address(value: object) -> tuple[str, str, str, str, str]:
    params = getattr(value, "params", {}) or {}
    try:  # the same few hundred people come back in every event of a feed
        if isinstance(params, dict):  # Parameters: its keys are upper case (a plain lookup)
            key = (str(value), _prop(params, "CN"), _prop(params, "ROLE"),
                   _prop(params, "PARTSTAT"), _prop(params, "CUTYPE"))
        else:
            get = params.get
            key = (str(value), get("CN"), get("ROLE"), get("PARTSTAT"), get("CUTYPE"))
        return _address_of(key)
    except TypeError:  # a parameter that is a list: not a key
        return _address_now(str(value), params)


_ADDRESS_PARAMS = ("CN", "ROLE", "PARTSTAT", "CUTYPE")


@lru_cache(maxsize=4096)
def _address_of(key: tuple) -> tuple[str, str, str, str, str]:
    return _address_now(key[0], {p: v for p, v in zip(_ADDRESS_PARAMS, key[1:])
                                 if v is not None})


def _address_now(value: str, params) -> tuple[str, str, str, str, str]:
    text = strip_controls(str(value)).strip()
    email = text[7:] if text.lower().startswith("mailto:") else (text if "@" in text else "")
    name = strip_controls(str(params.get("CN", ""))).strip().strip('"')
    role = str(params.get("ROLE", "REQ-PARTICIPANT")).upper()
    partstat = str(params.get("PARTSTAT", "NEEDS-ACTION")).upper()
    cutype = _one_line(strip_controls(str(params.get("CUTYPE", "INDIVIDUAL")))).upper()
    return email.strip().lower(), _one_line(name), role, partstat, cutype or "INDIVIDUAL"


def _categories(event: Component) -> list[str]:
    raw = _prop(event, "CATEGORIES")
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


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _date_values(event: Component, name: str) -> list:
    """The values of RDATE / EXDATE (a period counts by its start)."""
    out = []
    for prop in _as_list(_prop(event, name)):
        for item in getattr(prop, "dts", []):
            value = item.dt
            out.append(value[0] if isinstance(value, tuple) else value)
    return out


def _series_bound(event: Component, start: date | datetime, duration: timedelta) -> float | None:
    """An upper bound (epoch) of the end of the series' last occurrence; None when unbounded."""
    bound = epoch(start)
    for rule in _as_list(_prop(event, "RRULE")):
        until = rule.get("UNTIL")
        count = rule.get("COUNT")
        if until:
            bound = max(bound, epoch(until[0]) + 86400)
        elif count:
            freq = str(rule.get("FREQ", ["DAILY"])[0]).upper()
            interval = int(rule.get("INTERVAL", [1])[0] or 1)
            step = FREQ_SECONDS.get(freq, 86400) * interval
            bound = max(bound, epoch(start) + (int(count[0]) + 1) * step)
        else:
            return None
    for value in _date_values(event, "RDATE"):
        bound = max(bound, epoch(value))
    return bound + duration.total_seconds() + 86400


def _version(event: Component) -> tuple[int, str]:
    try:
        seq = int(str(_prop(event, "SEQUENCE", 0)))
    except ValueError:
        seq = 0
    lm = _prop(event, "LAST-MODIFIED")
    try:
        stamp = rid_key(lm.dt) if lm is not None else ""
    except Exception:
        stamp = ""
    return seq, stamp or ""


def _derived_uid(block_lines: list[str]) -> str:
    body = "\n".join(
        line for line in block_lines if logical_name(line) not in ("DTSTAMP", "LAST-MODIFIED")
    )
    return "leanmeet-" + hashlib.sha1(body.encode("utf-8", "replace")).hexdigest()[:20]


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


_SUBCOMPONENTS = {"__SUB__"}  # _without: every sub-component
_DATE_Z = re.compile(r"(?<![T\d])(\d{8})Z(?=,|$)")
_DATE_VALUED = {"DTSTART", "DTEND", "RDATE", "EXDATE", "RECURRENCE-ID"}


#: The first letters of the names _may_need_repair looks at (a line starting otherwise, and
#: short, without ";;", ";:" or a final ";", needs nothing).
_MAY_REPAIR = {c for name in ("RRULE", "EXRULE", *_DATE_VALUED)
               for c in (name[0], name[0].lower())}


def _may_need_repair(logical: str, name: str) -> bool:
    """Whether :func:`_repair` could change ``logical``: an empty parameter needs ";;", ";:"
    or a ";" at the end of a line without a colon; the other repairs are of rules and date
    values."""
    return (";;" in logical or ";:" in logical or logical.endswith(";")
            or name in ("RRULE", "EXRULE") or name in _DATE_VALUED)


def _repair(logical: str, head: str, name: str) -> tuple[str, str]:
    """Mend a content line (its ``head``: name and parameters, and its ``name``) that is
    wrong in a way whose intent is plain; return (line, what was done) or (line, "") when
    nothing was wrong."""
    value = logical[len(head) + 1:]
    notes = []
    if ";;" in head or head.endswith(";"):
        head = re.sub(r";{2,}", ";", head).rstrip(";")
        notes.append("empty parameter removed")
    if name in ("RRULE", "EXRULE") and re.search(r"\s", value):
        value = re.sub(r"\s+", "", value)
        notes.append("spaces removed from the rule")
    if name in _DATE_VALUED and _DATE_Z.search(value):
        value = _DATE_Z.sub(r"\1", value)
        notes.append("a Z after a date (not a date-time) removed")
    if not notes:
        return logical, ""
    return f"{head}:{value}", f"{name[:40]}: " + "; ".join(notes)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _without(lines: list[str], names: set[str], extra: list[str] = ()) -> list[str]:
    """The block's lines without the content lines named (at the event's own level), with
    ``extra`` lines added before the first sub-component or END:VEVENT."""
    out: list[str] = []
    depth = 0
    dropping = False
    added = False
    for line in lines:
        if line[:1] in (" ", "\t"):
            if not dropping:
                out.append(line)
            continue
        name = logical_name(line)
        if depth == 1 and not added and name in ("BEGIN", "END"):
            out += extra  # before the first sub-component, or before END:VEVENT
            added = True
        if name == "BEGIN":
            depth += 1
        if name == "END":
            depth -= 1
        dropping = (depth == 1 and name in names) or (
            names is _SUBCOMPONENTS and (depth > 1 or (depth == 1 and name == "END"
                                                       and line[4:].strip().upper() != "VEVENT")))
        if not dropping:
            out.append(line)
    return out


def read_event(
    block: Block, ctx: Context, feed: str, source: str, parsed: ParsedFeed, block_hash: str
) -> dict | None:
    """One VEVENT block to a record, or None (then the problem is in ``parsed``)."""
    try:
        return _read_event(block, ctx, feed, source, parsed, block_hash)
    except Exception as exc:  # whatever icalendar or the data does: this event only
        reason = f"could not be read ({type(exc).__name__}: {_one_line(str(exc))[:160]})"
        uid = _uid_guess(block)
        parsed.problems.append(Problem(source, block.line, reason, True, uid))
        if uid:
            parsed.skipped_uids.add(uid)  # its stored version, if any, is kept
        return None


def _uid_guess(block: Block) -> str | None:
    uid = next((line.split(":", 1)[1].strip() for line in block.lines
                if logical_name(line) == "UID" and ":" in line), None)
    return uid if uid is not None and len(uid) <= MAX_PARAMS else None


def _read_event(
    block: Block, ctx: Context, feed: str, source: str, parsed: ParsedFeed, block_hash: str
) -> dict | None:
    def skip(reason: str, uid: str | None = None, line: int | None = None) -> None:
        parsed.problems.append(Problem(source, line or block.line, reason, True, uid))
        if uid:
            parsed.skipped_uids.add(uid)

    def warn(reason: str, line: int | None = None, uid: str | None = None) -> None:
        parsed.problems.append(Problem(source, line or block.line, reason, False, uid))

    uid_guess = _uid_guess(block)
    if block.broken:
        return skip(block.broken, uid_guess)
    # content lines with absurdly long parameters: the event (essential ones) or the line goes
    lines: list[str] = []
    for offset, physical in _logical_lines(block.lines):
        first = physical[0]
        if (len(physical) == 1 and len(first) <= MAX_PARAMS and first[:1] not in _MAY_REPAIR
                and not first[:1].isspace() and ";;" not in first and ";:" not in first
                and not first.endswith(";")):
            lines.append(first)  # most lines: nothing to check (see _may_need_repair)
            continue
        logical = physical[0] if len(physical) == 1 else \
            "".join(p if i == 0 else p[1:] for i, p in enumerate(physical))
        name = logical_name(physical[0])
        lname = name if len(physical) == 1 else logical_name(logical)
        if len(logical) <= MAX_PARAMS and not _may_need_repair(logical, lname):
            lines += physical  # most lines: nothing to check further
            continue
        head = _head(logical)
        head_len = len(head)
        if head_len > MAX_PARAMS:
            where = block.line + offset
            if name in ESSENTIAL or name == "UID":
                return skip(f"{name} has {head_len:,} characters of parameters (more than "
                            f"{MAX_PARAMS:,})", uid_guess, where)
            warn(f"{name[:40]} ignored: {head_len:,} characters of parameters (more than "
                 f"{MAX_PARAMS:,})", where, uid_guess)
            continue
        repaired, note = _repair(logical, head, lname)
        if note:
            warn(note, block.line + offset, uid_guess)
            physical = [repaired]
        lines += physical
    lines, unknown, bad_zone = _rewrite_tzids(lines, ctx)
    if bad_zone:
        return skip(bad_zone, uid_guess)

    def line_of(prop: str) -> int:
        for offset, line in enumerate(block.lines):
            if logical_name(line) == prop:
                return block.line + offset
        return block.line

    def parse(lines_now: list[str]) -> tuple[str, Component]:
        text_now = "\r\n".join(lines_now) + "\r\n"
        return text_now, parse_component(text_now)

    try:
        text, event = parse(lines)
    except Exception as exc:
        # what the planner does not need (an alarm) or can default (the end) may go
        for drop, what in ((_SUBCOMPONENTS, "its sub-components (VALARM...) dropped"),
                           ({"DTEND", "DURATION"}, "its end dropped (zero length, or one day)")):
            try:
                text, event = parse(_without(lines, drop))
            except Exception:
                continue
            lines = _without(lines, drop)
            warn(f"{_one_line(str(exc))[:120]}: {what}", None, uid_guess)
            break
        else:
            return skip(f"unreadable event: {_one_line(str(exc))[:200]}", uid_guess)

    for prop, error in getattr(event, "errors", []) or []:
        if prop is None:  # a content line icalendar could not split: name it ourselves
            found = re.search(r"parts: '(.*?)'", str(error))
            content = found.group(1) if found else ""
            name = logical_name(content)
            if name in ESSENTIAL:
                prop = name
            else:
                where = next((block.line + i for i, line in enumerate(block.lines)
                              if content and content[:40] in line), block.line)
                warn(f"unreadable line ignored: {content[:80]!r}", where, uid_guess)
                continue
        if str(prop).upper() in ("DTEND", "DURATION") and _prop(event, "DTSTART") is not None:
            warn(f"invalid {prop} ignored (zero length, or one day): "
                 f"{_one_line(str(error))[:160]}", line_of(str(prop)), uid_guess)
            lines = _without(lines, {str(prop).upper()})
            text, event = parse(lines)
            continue
        if str(prop).upper() in ESSENTIAL:
            return skip(
                f"invalid {prop}: {_one_line(str(error))[:160]}", uid_guess, line_of(str(prop))
            )
        warn(f"invalid {prop} ignored: {_one_line(str(error))[:160]}", line_of(str(prop)),
             uid_guess)
    for number, note in block.notes:
        warn(note, number, uid_guess)
    approximate = ctx.approximate and ctx.approximate & {
        _clean_tzid(m.group(1)) for m in map(_TZID_PARAM.search, map(_head, lines)) if m}
    for tzid in sorted(approximate or ()):
        warn(f"time zone {_short(tzid)!r} has no VTIMEZONE; its UTC offset is used (daylight "
             "saving time unknown)", None, uid_guess)
    for tzid in unknown:
        warn(f"unknown time zone {_short(tzid)!r} (no VTIMEZONE); times taken in the office "
             "time zone", None, uid_guess)

    uid = _text(_prop(event, "UID"))
    if not uid:
        uid = _derived_uid(block.lines)
    for prop in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "UID"):
        if isinstance(_prop(event, prop), list):
            return skip(f"{prop} appears more than once", uid, line_of(prop))
    dtstart = _prop(event, "DTSTART")
    if dtstart is None:
        return skip("no DTSTART", uid)
    start = dtstart.dt
    if isinstance(start, timedelta) or not isinstance(start, date):
        return skip("DTSTART is not a date or date-time", uid, line_of("DTSTART"))
    # every date-valued property must hold dates or date-times (RDATE;VALUE=TIME does not)
    for name in ("DTEND", "RECURRENCE-ID"):
        prop = _prop(event, name)
        if prop is not None and not isinstance(getattr(prop, "dt", None), date):
            return skip(f"{name} is not a date or date-time", uid, line_of(name))
    for name in ("RDATE", "EXDATE"):
        for value in _date_values(event, name):
            if not isinstance(value, date):
                return skip(f"{name} value {value!s:.40} is not a date or date-time", uid,
                            line_of(name))
    rules = _as_list(_prop(event, "RRULE"))
    if len(rules) > MAX_RRULES:
        return skip(f"{len(rules)} RRULE lines in one event (at most {MAX_RRULES})", uid,
                    line_of("RRULE"))
    broken_rule = None
    for rule in rules:
        try:
            reason = check_rule(rule, start)
        except (ValueError, TypeError, IndexError, KeyError, OverflowError) as exc:
            broken_rule = _one_line(str(exc))[:120]
            continue
        if reason:
            return skip(reason, uid, line_of("RRULE"))
    if broken_rule is not None:
        # keep what is certain (the first occurrence) rather than lose the event
        warn(f"RRULE not understood ({broken_rule}); only the first occurrence is kept",
             line_of("RRULE"), uid)
        lines = _without(lines, {"RRULE", "EXRULE"})
        text, event = parse(lines)
    recurring = _prop(event, "RRULE") is not None or _prop(event, "RDATE") is not None
    text_from_lines = True
    if ctx.x_wr and recurring:
        try:
            event = _apply_x_wr(event, ctx.x_wr)
            text = event.to_ical().decode("utf-8")
            text_from_lines = False
        except Exception as exc:  # keep the event as it was written
            warn(f"X-WR-TIMEZONE not applied: {_one_line(str(exc))[:120]}", None, uid)
    try:
        start = event["DTSTART"].dt
        rid_prop = _prop(event, "RECURRENCE-ID")
        rid = rid_prop.dt if rid_prop is not None else None
        dtend = _prop(event, "DTEND")
        duration = _prop(event, "DURATION")
        if dtend is not None:
            end = dtend.dt
            if duration is not None:
                warn("both DTEND and DURATION; DTEND used", line_of("DURATION"), uid)
        elif duration is not None:
            if not isinstance(duration.dt, timedelta):
                return skip("DURATION is not a duration", uid, line_of("DURATION"))
            end = start + duration.dt
        elif isinstance(start, datetime):
            end = start
        else:
            end = start + timedelta(days=1)
    except Exception as exc:
        return skip(f"unreadable time: {_one_line(str(exc))[:160]}", uid, line_of("DTSTART"))
    all_day = not isinstance(start, datetime)
    for name, value in (("DTSTART", start), ("end", end)):
        day = _day(value)
        if not FIRST_DAY <= day <= LAST_DAY:
            return skip(f"{name} {day.isoformat()} is outside the dates leanmeet plans "
                        f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})", uid,
                        line_of("DTSTART" if name == "DTSTART" else "DTEND"))
    if rid is not None and not FIRST_DAY <= _day(rid) <= LAST_DAY:
        warn(f"RECURRENCE-ID {_day(rid).isoformat()} is outside the dates leanmeet plans; "
             "kept only as the event's identity", line_of("RECURRENCE-ID"), uid)
    zone = ctx.x_wr
    start = _localize_floating(start, zone)
    end = _localize_floating(end, zone) if isinstance(end, date) else end
    if isinstance(rid, datetime):
        rid = _localize_floating(rid, zone)
    if all_day and isinstance(end, datetime):
        warn("all-day DTSTART with a date-time DTEND; taken as all-day", line_of("DTEND"), uid)
        end = max(end.date(), start + timedelta(days=1))
    elif not all_day and not isinstance(end, datetime):
        end = datetime.combine(end, time(), start.tzinfo)
    if not all_day and (end.tzinfo is None) != (start.tzinfo is None):
        end = end.replace(tzinfo=start.tzinfo)
    if end < start:
        warn(f"DTEND before DTSTART; taken as {'one day' if all_day else 'zero length'}",
             line_of("DTEND" if dtend is not None else "DURATION"), uid)
        end = start + (timedelta(days=1) if all_day else timedelta())
        # the stored text says what the stored times say, so an override of a series
        # expands to what a plain event shows
        length = timedelta(days=1) if all_day else timedelta()
        if text_from_lines:
            lines = _without(lines, {"DTEND", "DURATION"},
                             ["DURATION:P1D" if all_day else "DURATION:PT0S"])
            text, _ = parse(lines)
        else:
            for name in ("DTEND", "DURATION"):
                event.pop(name, None)
            event.add("DURATION", length)
            text = event.to_ical().decode("utf-8")
    seq, lm = _version(event)
    organizer = _prop(event, "ORGANIZER")
    attendees = _as_list(_prop(event, "ATTENDEE"))
    attendees = [*attendees, *left_out_attendees(event)]  # blocked leaders (export)
    status = _text(_prop(event, "STATUS")).upper() or "CONFIRMED"
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
        "sum": _one_line(_text(_prop(event, "SUMMARY"))),
        "loc": _one_line(_text(_prop(event, "LOCATION"))),
        "desc": _text(_prop(event, "DESCRIPTION")),
        "status": status,
        "cats": _categories(event),
        "org": pack_people([_address(organizer)]) if organizer is not None else "",
        "att": pack_people(_address(a) for a in attendees),
        "allday": all_day,
        "float": floating,
        "s": start.isoformat(),
        "e": end.isoformat(),
        "tz": zone_name(start),  # the event's own zone (overseas-visit)
        "ts": epoch(start),
        "te": epoch(end),
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


def block_digest(ctx: Context, block: Block) -> str:
    """The content hash of a block in its calendar's time zone context."""
    return hashlib.sha1(
        (ctx.signature + "\n" + block.text).encode("utf-8", "surrogatepass")
    ).hexdigest()


def parse_feed(
    text: str, source: str, feed: str, known_hashes: Iterable[str] = ()
) -> ParsedFeed:
    """Parse feed text into records. Blocks whose hash is in known_hashes are not parsed (they
    are reported in ``unchanged``). Raises SourceError when the text is not a calendar.

    Every VEVENT block is counted once in ``events`` and ends up as exactly one of: a record,
    an unchanged hash, or a skipped problem (a second copy of an event is skipped, saying
    which line it repeats)."""
    known = set(known_hashes)
    parsed = ParsedFeed(source)
    seen: dict[tuple[str, str | None], list[dict]] = {}
    digests: dict[str, int] = {}  # hash -> line of the first block with it
    at = 0  # the line of the calendar or block being read

    def found_at() -> None:
        parsed.found_at += [at] * (len(parsed.problems) - len(parsed.found_at))

    for cal in split_calendars(text, source):
        found_at()
        at = cal.line
        for number, note in cal.notes:
            parsed.problems.append(Problem(source, number, note, False))
        ctx = calendar_context(cal, source, parsed.problems)
        parsed.zones.update(ctx.custom)
        for block in cal.events:
            found_at()
            at = block.line
            parsed.events += 1
            digest = block_digest(ctx, block)
            if digest in digests:
                parsed.problems.append(Problem(
                    source, block.line, f"the same event as line {digests[digest]}; this copy "
                    "skipped", True))
                continue
            digests[digest] = block.line
            if digest in known:
                parsed.unchanged.add(digest)
                continue
            record = read_event(block, ctx, feed, source, parsed, digest)
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
                # two versions of one event: the newer one wins, the older is skipped
                winner, loser = (record, previous) if _newer(record, previous) else (
                    previous, record)
                if winner is record:
                    parsed.records[parsed.records.index(previous)] = record
                    same[0] = record
                parsed.problems.append(Problem(
                    source, loser["line"], f"older version of UID {record['uid']!r} "
                    f"(SEQUENCE {loser['seq']}) skipped; line {winner['line']} is newer",
                    True, None))
                continue
            twin = next((r for r in same if r["text"] == record["text"]), None)
            if twin is not None:
                parsed.problems.append(Problem(
                    source, record["line"], f"the same event as line {twin['line']}; this "
                    "copy skipped", True, None))
                continue
            record["d"] = len(same)
            same.append(record)
            parsed.records.append(record)
            parsed.problems.append(Problem(
                source, record["line"], f"UID {record['uid']!r} is also used by the event at "
                f"line {previous['line']}; both kept as separate events", False, record["uid"]))
    found_at()
    return parsed
