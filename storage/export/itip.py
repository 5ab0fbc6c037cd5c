"""iTIP notices (RFC 5546) for the accepted merges of the plan, one file per message, so that
a scheduler can mail them and the attendees' calendar clients update themselves.

For each merge whose merged meeting is in the window:
- ``<date>_<merge id>_1-request_<title>.ics``: METHOD:REQUEST for the merged meeting (its own
  new UID, SEQUENCE 0, every attendee PARTSTAT=NEEDS-ACTION and RSVP=TRUE, leaders kept out
  by the rules left out as in the plan, a DESCRIPTION ending with the list of the meetings it
  replaces, RELATED-TO per original);
- ``<date>_<merge id>_<n>-cancel_<title>.ics``: METHOD:CANCEL for each original (same UID,
  RECURRENCE-ID when it is one occurrence of a series, SEQUENCE + 1, STATUS:CANCELLED);
- ``index.txt``: which file goes to whom.
Each message carries an ORGANIZER (RFC 5546 requires one): the event's own, else the first
original's organizer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from icalendar import Component, vText

from leanmeet.planner.findings import describe_when
from leanmeet.planner.model import Occurrence
from leanmeet.planner.plan import MergeMade, Plan
from leanmeet.storage.export import DECISION_PROPERTIES
from leanmeet.storage.export.ics import (
    calendar_text,
    instant,
    occurrence_component,
    property_values,
    register_zones,
    remove_attendees,
    scan,
    vtimezones,
)

REPLACES = "This meeting replaces / 本会议取代以下会议："


@dataclass
class Notice:
    merge: str
    method: str  # REQUEST or CANCEL
    filename: str
    text: str
    summary: str
    when: str
    recipients: list[str] = field(default_factory=list)


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of a title (letters of any script, digits, dashes)."""
    cleaned = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return cleaned[:limit].rstrip("-_") or "meeting"


def _recipients(comp: Component) -> list[str]:
    out = []
    for value in property_values(comp, "ATTENDEE"):
        text = str(value)
        email = text[7:] if text.lower().startswith("mailto:") else text
        if "@" in email and email.lower() not in out:
            out.append(email.lower())
    return out


def _record_for(records: Sequence[dict], uid: str, rid: str | None, tz: tzinfo
                ) -> tuple[dict | None, dict | None]:
    """(the record of this occurrence or its override, the series master) — newest versions."""
    best: dict[str | None, dict] = {}
    for rec in records:
        if rec["uid"] != uid or rec["d"] != 0:
            continue
        key = instant(rec["rid"], tz)
        old = best.get(key)
        if old is None or (rec["seq"], rec["lm"]) > (old["seq"], old["lm"]):
            best[key] = rec
    master = best.get(None)
    if rid is None:
        return master, master
    return best.get(rid), master


def _organizer(comp: Component, fallback: object | None) -> None:
    if comp.get("ORGANIZER") is None and fallback is not None:
        comp.add("ORGANIZER", fallback, encode=False)


def _occurrence_text(occ: Occurrence, tz: tzinfo) -> str:
    return f"- {describe_when(occ, tz)} {occ.summary} (UID {occ.uid})"


def _request(merge: MergeMade, rec: dict, plan: Plan, zones: dict[str, str],
             organizer: object | None, now: datetime) -> Component:
    register_zones(scan(rec["text"]).tzids, zones)
    comp = Component.from_ical(rec["text"])
    for name in (*DECISION_PROPERTIES, "SEQUENCE", "DTSTAMP", "STATUS", "METHOD"):
        comp.pop(name, None)
    if merge.merged is not None:
        remove_attendees(comp, merge.merged.left_out)
        note = merge.merged.left_out_note()
        if note:
            comp.add("COMMENT", vText(note))
    attendees = property_values(comp, "ATTENDEE")
    comp.pop("ATTENDEE", None)
    for value in attendees:
        value.params["PARTSTAT"] = "NEEDS-ACTION"
        value.params["RSVP"] = "TRUE"
        comp.add("ATTENDEE", value, encode=False)
    _organizer(comp, organizer)
    replaced = [_occurrence_text(o, plan.tz) if o is not None else f"- UID {k[0]}"
                for k, o in merge.originals]
    description = str(comp.get("DESCRIPTION", "") or "").rstrip()
    comp.pop("DESCRIPTION", None)
    listing = REPLACES + "\n" + "\n".join(replaced)
    comp.add("DESCRIPTION", f"{description}\n\n{listing}" if description else listing)
    comp.add("SEQUENCE", 0)
    comp.add("STATUS", "CONFIRMED")
    comp.add("DTSTAMP", now)
    return comp


def _cancel(occ: Occurrence, rec: dict, master: dict | None, merge: MergeMade, plan: Plan,
            zones: dict[str, str], now: datetime) -> Component:
    register_zones(scan(rec["text"]).tzids, zones)
    if rec is master and occ.recurrence_id is not None:
        comp = occurrence_component(rec["text"], occ.start, occ.end, occ.recurrence_id,
                                    plan.tz)
    else:
        comp = Component.from_ical(rec["text"])
        for name in ("RRULE", "RDATE", "EXDATE", "EXRULE", *DECISION_PROPERTIES):
            comp.pop(name, None)
    for name in ("SEQUENCE", "DTSTAMP", "STATUS", "COMMENT"):
        comp.pop(name, None)
    comp.subcomponents = [c for c in comp.subcomponents if c.name != "VALARM"]
    comp.add("SEQUENCE", int(rec.get("seq") or 0) + 1)
    comp.add("STATUS", "CANCELLED")
    comp.add("DTSTAMP", now)
    merged = merge.merged
    into = (f"{merged.occ.summary} ({describe_when(merged.occ, plan.tz)})" if merged
            else merge.summary)
    comp.add("COMMENT", vText(f"Merged into / 已合并至：{into}"))
    return comp


def merge_notices(plan: Plan, records: Sequence[dict], zones: dict[str, str], *,
                  now: datetime | None = None) -> tuple[list[Notice], list[str]]:
    """The REQUEST and CANCEL messages of every accepted merge whose merged meeting is in the
    plan; problems for originals that are no longer stored."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    records = list(records)
    notices: list[Notice] = []
    problems: list[str] = []
    first_day, last_day = plan.first, plan.last
    for merge in plan.merges:
        merged = merge.merged
        if merged is None:
            continue
        rec, _ = _record_for(records, merged.occ.uid, None, plan.tz)
        if rec is None:
            problems.append(f"merge {merge.id}: the merged meeting is not stored; skipped")
            continue
        day = _day(merged.occ, plan.tz)
        base = f"{day.isoformat()}_{merge.id}"
        cancels: list[Notice] = []
        organizer = None
        for n, (key, occ) in enumerate(merge.originals, start=2):
            uid, rid = key
            if occ is None:
                problems.append(f"merge {merge.id}: original {uid} {rid or ''} is no longer "
                                "stored; no CANCEL for it".replace("  ", " "))
                continue
            orig, master = _record_for(records, uid, instant_of(occ), plan.tz)
            source = orig or master
            if source is None:
                problems.append(f"merge {merge.id}: original {uid} is no longer stored; no "
                                "CANCEL for it")
                continue
            comp = _cancel(occ, source, master, merge, plan, zones, now)
            if organizer is None:
                organizer = comp.get("ORGANIZER")
            if comp.get("ORGANIZER") is None:
                problems.append(f"merge {merge.id}: {occ.summary!r} has no ORGANIZER; its "
                                "CANCEL may be ignored by some clients")
            cancels.append(_notice(merge, "CANCEL", f"{base}_{n}-cancel_{slug(occ.summary)}",
                                   comp, zones, occ, plan.tz, first_day, last_day, problems))
        request = _request(merge, rec, plan, zones, organizer, now)
        notices.append(_notice(merge, "REQUEST", f"{base}_1-request_{slug(merged.occ.summary)}",
                               request, zones, merged.occ, plan.tz, first_day, last_day,
                               problems))
        notices += cancels
    return notices, problems


def instant_of(occ: Occurrence) -> str | None:
    value = occ.recurrence_id
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def _day(occ: Occurrence, tz: tzinfo) -> date:
    if isinstance(occ.start, datetime):
        return occ.start.astimezone(tz).date()
    return occ.start


def _notice(merge: MergeMade, method: str, name: str, comp: Component,
            zones: dict[str, str], occ: Occurrence, tz: tzinfo, first: date, last: date,
            problems: list[str]) -> Notice:
    text = comp.to_ical().decode("utf-8")
    tzids = scan(text).tzids
    zone_texts = vtimezones(tzids, zones, min(first, _day(occ, tz)), max(last, _day(occ, tz)),
                            problems)
    return Notice(merge.id, method, name + ".ics",
                  calendar_text([*zone_texts, text], method=method), occ.summary,
                  describe_when(occ, tz), _recipients(comp))


def index_text(notices: Sequence[Notice]) -> str:
    lines = [
        "iTIP notices of the merged meetings (leanmeet export --format itip).",
        "Mail each file as an attachment (Content-Type: text/calendar; method=REQUEST or",
        "method=CANCEL, as named) to the addresses listed under it: their calendar clients",
        "cancel the original meetings and invite them to the merged one.",
        "",
    ]
    for n in notices:
        lines.append(f"{n.filename}")
        lines.append(f"  {n.method}: {n.when} {n.summary}")
        lines.append(f"  to: {', '.join(n.recipients) or '(no attendee with an address)'}")
        lines.append("")
    return "\n".join(lines)


def write_notices(notices: Sequence[Notice], folder: Path,
                  write: Callable[[str, bytes], None]) -> list[Path]:
    """Write the notices and index.txt into ``folder`` with ``write(path, data)``."""
    written = []
    for n in notices:
        path = folder / n.filename
        write(str(path), n.text.encode("utf-8"))
        written.append(path)
    if notices:
        write(str(folder / "index.txt"), index_text(notices).encode("utf-8"))
    return written


__all__ = ["Notice", "index_text", "merge_notices", "slug", "write_notices"]
