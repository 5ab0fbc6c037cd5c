"""The consolidated plan as one iCalendar file (SPEC §6).

Written from the STORED RECORDS, not from expanded occurrences: a recurring series stays one
VEVENT with its RRULE, RDATE, EXDATE and RECURRENCE-ID overrides, and every property leanmeet
does not model is kept. An event that needs no change is written as its stored text (only
what needs an edit is parsed and re-serialised by icalendar), which is what makes exporting
20,000 events cheaper than icalendar parsing them.

What the export changes:
- Events: those with an occurrence in the plan's window (a series: its master and all its
  overrides). The same (UID, RECURRENCE-ID) stored from several feeds is written once: the
  newest (SEQUENCE, LAST-MODIFIED), the first stored on a tie. Unrelated events of one feed
  that share a UID get ``UID-<n>`` so that clients keep them apart.
- Merged meetings replace their originals: a superseded single event or override is left
  out, a superseded occurrence of a series becomes an EXDATE of its master. The merged
  meeting names them (RELATED-TO and X-LEANMEET-MERGED-FROM per original).
- Blocked leaders (SPEC §4) are removed from the ATTENDEE lines, with a COMMENT saying why.
  A single event or an override is edited itself. For a series: when every occurrence of
  the master in the window is blocked for the same leaders and no decision names a single
  occurrence, the master is edited; otherwise each blocked occurrence gets an override
  VEVENT (RECURRENCE-ID) without those leaders, and the master is left as it was.
- Decisions travel in X-LEANMEET-* properties (storage.export), on the series master (or
  the single event); earlier ones from an imported plan are replaced.
- Every VEVENT has UID and DTSTAMP; every TZID used has a VTIMEZONE (icalendar's
  ``Timezone.from_tzid`` for IANA zones over the dates of the exported events, the stored
  definition for a feed's custom zone). Properties icalendar rejected at import and floating
  times that stood for a feed's X-WR-TIMEZONE are repaired by re-serialising the event;
  stored lines longer than 75 octets are folded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from icalendar import Calendar, Component, Timezone, vText

from leanmeet.planner.model import Attendee, Decision
from leanmeet.planner.plan import Plan, PlanEntry
from leanmeet.storage.export import DECISION_PROPERTIES, X_ARRANGED, decision_properties
from leanmeet.storage.export.left_out import X_LEFT_OUT, left_out_value
from leanmeet.storage.merged import PRODID, merged_uid
from leanmeet.storage.timezones import CUSTOM_PREFIX, register_custom_zone

_TZID = re.compile(r';TZID=("[^"]*"|[^;:]*)', re.IGNORECASE)
_UNFOLD = re.compile(r"\r\n[ \t]")
_RECURRENCE = ("RRULE", "RDATE", "EXDATE", "EXRULE")
Key = tuple[str, str | None]


@dataclass
class IcsResult:
    text: str
    events: int = 0  # VEVENTs written
    edited: int = 0  # of which re-serialised by icalendar
    timezones: int = 0
    problems: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ helpers
def instant(rid: str | None, tz: tzinfo) -> str | None:
    """A stored recurrence id (UTC, floating wall time or date) as the UTC instant text of
    storage.merged.key_instant (floating times are taken in the office zone)."""
    if not rid:
        return None
    if len(rid) == 10:
        return rid
    value = datetime.fromisoformat(rid)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC).isoformat()


def occurrence_instant(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    return value.isoformat()


def like(value: date | datetime, template: date | datetime, tz: tzinfo) -> date | datetime:
    """``value`` (an office-zone occurrence time) in the form of ``template`` (the series'
    DTSTART): a date, a floating wall time, or a time in the same zone."""
    if not isinstance(template, datetime):
        return value.astimezone(tz).date() if isinstance(value, datetime) else value
    if not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time(), tz)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    if template.tzinfo is None:
        return value.astimezone(tz).replace(tzinfo=None)
    return value.astimezone(template.tzinfo)


@dataclass
class _Scan:
    uid: bool = False
    dtstamp: bool = False
    long: bool = False
    floating: bool = False  # DTSTART is a floating date-time
    tzids: set[str] = field(default_factory=set)


def scan(text: str) -> _Scan:
    """What the export needs to know of a stored VEVENT text, without parsing it."""
    out = _Scan()
    for line in text.split("\r\n"):
        if len(line) > 25 and (len(line) > 75 or len(line.encode("utf-8")) > 75):
            out.long = True
    depth = 0
    for line in _UNFOLD.sub("", text).split("\r\n"):
        if not line:
            continue
        head = line.split(":", 1)[0]
        name = head.split(";", 1)[0].upper()
        if name == "BEGIN":
            depth += 1
            continue
        if name == "END":
            depth -= 1
            continue
        if "TZID=" in head.upper():
            out.tzids.update(m.group(1).strip('"') for m in _TZID.finditer(head))
        if depth != 1:
            continue
        if name == "UID":
            out.uid = True
        elif name == "DTSTAMP":
            out.dtstamp = True
        elif name == "DTSTART":
            value = line[len(head) + 1:].strip()
            # a date-time (not a date) without TZID and not in UTC
            out.floating = ("TZID=" not in head.upper() and len(value) > 8
                            and not value.upper().endswith("Z"))
    return out


def fold(text: str) -> str:
    """Fold the physical lines of a component's text that are longer than 75 octets
    (RFC 5545 §3.1: CRLF and a space, never inside a UTF-8 character). Unfolding gives the
    same content lines back, so the stored text needs no parsing to be written validly."""
    out: list[str] = []
    for line in text.split("\r\n"):
        if len(line) <= 25 or len(line.encode("utf-8")) <= 75:
            out.append(line)
            continue
        if line.isascii():
            out.append(line[:75])
            out += [" " + line[i:i + 74] for i in range(75, len(line), 74)]
            continue
        piece, size, limit = [], 0, 75
        for char in line:
            width = len(char.encode("utf-8"))
            if size + width > limit:
                out.append("".join(piece))
                piece, size, limit = [" "], 1, 75
            piece.append(char)
            size += width
        out.append("".join(piece))
    return "\r\n".join(out)


def _same_person(value: object, a: Attendee) -> bool:
    text = str(value).strip()
    email = text[7:] if text.lower().startswith("mailto:") else (text if "@" in text else "")
    email = email.strip().lower()
    if a.email:
        return email == a.email
    params = getattr(value, "params", {}) or {}
    name = " ".join(str(params.get("CN", "")).strip().strip('"').split())
    return not email and name == a.name


def property_values(comp: Component, name: str) -> list:
    """Every value of property ``name`` of ``comp`` (icalendar gives one value or a list)."""
    value = comp.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def remove_attendees(comp: Component, left_out: Iterable[Attendee]) -> None:
    """Leave the attendees out of the ATTENDEE lines, keeping each in X-LEANMEET-LEFT-OUT
    (storage.export.left_out), once."""
    left_out = list(left_out)
    if not left_out:
        return
    kept = [v for v in property_values(comp, "ATTENDEE")
            if not any(_same_person(v, a) for a in left_out)]
    comp.pop("ATTENDEE", None)
    for value in kept:
        comp.add("ATTENDEE", value, encode=False)
    already = property_values(comp, X_LEFT_OUT)
    for a in left_out:
        if not any(_same_person(v, a) for v in already):
            comp.add(X_LEFT_OUT, left_out_value(a), encode=False)


def add_comment(comp: Component, text: str) -> None:
    if text and text not in [str(c) for c in property_values(comp, "COMMENT")]:
        comp.add("COMMENT", vText(text))


def register_zones(tzids: Iterable[str], zones: dict[str, str]) -> None:
    """Make icalendar resolve the custom zones (LM-...) a stored text uses."""
    for tzid in tzids:
        if tzid in zones:
            try:
                register_custom_zone(tzid, zones[tzid])
            except ValueError:
                pass


def vtimezones(tzids: Iterable[str], zones: dict[str, str], first: date, last: date,
               problems: list[str]) -> list[str]:
    """VTIMEZONE texts for the TZIDs (IANA zones for [first, last], custom zones as stored)."""
    out = []
    for tzid in sorted(set(tzids)):
        try:
            if tzid.startswith(CUSTOM_PREFIX) and tzid in zones:
                component = Timezone.from_ical(zones[tzid])
            else:
                component = Timezone.from_tzid(tzid, first_date=first, last_date=last)
            out.append(component.to_ical().decode("utf-8"))
        except Exception as exc:  # an unknown zone: the file is still written
            problems.append(f"no VTIMEZONE for TZID {tzid!r}: {exc}")
    return out


def calendar_text(components: Sequence[str], *, name: str = "", method: str = "") -> str:
    """A VCALENDAR (PRODID, VERSION, CALSCALE[, METHOD][, X-WR-CALNAME]) serialised by
    icalendar around already serialised components."""
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if method:
        cal.add("METHOD", method)
    if name:
        cal.add("X-WR-CALNAME", name)
    head = cal.to_ical().decode("utf-8")
    end = "END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + "".join(components) + end


def occurrence_component(master_text: str, start: date | datetime, end: date | datetime,
                         rid: date | datetime, tz: tzinfo) -> Component:
    """One occurrence of a series as its own VEVENT (RECURRENCE-ID, no recurrence rules),
    times in the form of the master's DTSTART."""
    comp = Component.from_ical(master_text)
    template = comp["DTSTART"].dt
    for name in (*_RECURRENCE, "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID",
                 *DECISION_PROPERTIES, X_LEFT_OUT):
        comp.pop(name, None)
    comp.add("RECURRENCE-ID", like(rid, template, tz))
    comp.add("DTSTART", like(start, template, tz))
    comp.add("DTEND", like(end, template, tz))
    return comp


# ------------------------------------------------------------------ the plan
@dataclass
class _Edit:
    left_out: list[Attendee] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    exdates: list[str] = field(default_factory=list)  # instants
    props: list[tuple] = field(default_factory=list)
    strip: bool = False  # an imported plan's decision properties to replace

    def block(self, entry: PlanEntry) -> None:
        self.left_out += [a for a in entry.left_out if a not in self.left_out]
        note = entry.left_out_note()
        if note and note not in self.comments:
            self.comments.append(note)

    @property
    def needed(self) -> bool:
        return bool(self.left_out or self.exdates or self.props or self.strip)


def _newest(records: Iterable[dict], uids: set[str]) -> dict[tuple, dict]:
    chosen: dict[tuple, dict] = {}
    for rec in records:
        if rec["uid"] not in uids:
            continue
        key = (rec["uid"], rec["rid"], rec["d"])
        old = chosen.get(key)
        if old is None or (rec["seq"], rec["lm"]) > (old["seq"], old["lm"]):
            chosen[key] = rec
    return chosen


def _decision_props(decisions: Sequence[Decision], exported: set[str]
                    ) -> dict[str, list[tuple]]:
    """uid -> the X- properties of the decisions it carries."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for d in sorted(decisions, key=lambda d: d.at):
        if d.type == "merge-accepted":
            uid = merged_uid(d.uid)
        elif d.type == "merge-dismissed":
            uid = next((u for u, _ in d.members if u in exported), "")
        else:
            uid = d.uid
        if uid in exported:
            out[uid] += decision_properties(d)
    return out


def plan_ics(
    plan: Plan,
    records: Iterable[dict],
    zones: dict[str, str],
    decisions: Sequence[Decision],
    *,
    superseded: Iterable[Key] = (),
    arranged_feeds: Iterable[str] = (),
    name: str = "",
    now: datetime | None = None,
    carry_decisions: bool = True,
) -> IcsResult:
    """The plan as iCalendar text (CRLF line ends).

    ``carry_decisions=False`` (a CalDAV push, which shares the decisions as objects of their
    own, storage.caldav.shared) writes no X-LEANMEET decision properties on the events;
    arranged feeds are still marked."""
    tz = plan.tz
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    problems: list[str] = []
    entries_by_uid: dict[str, list[PlanEntry]] = defaultdict(list)
    for e in plan.entries:
        entries_by_uid[e.occ.uid].append(e)
    chosen = _newest(records, set(entries_by_uid))
    by_uid: dict[str, list[dict]] = defaultdict(list)
    for rec in chosen.values():
        by_uid[rec["uid"]].append(rec)
    gone: dict[str, set[str | None]] = defaultdict(set)
    for uid, rid in superseded:
        gone[uid].add(rid)
    props = _decision_props(decisions, set(by_uid)) if carry_decisions else {}
    series_wide_arrangement = {d.uid for d in decisions
                               if d.type == "arrangement" and d.occurrence is None}
    per_occurrence = {d.uid for d in decisions
                      if d.type in ("arrangement", "exemption", "kind") and d.occurrence}
    arranged = set(arranged_feeds)

    groups: list[tuple[float, str, list[str]]] = []
    all_tzids: set[str] = set()
    first_day: date | None = None
    last_day = plan.last
    endless = False
    edited = 0
    for uid, recs in by_uid.items():
        recs.sort(key=lambda r: (r["rid"] is not None, r["rid"] or "", r["d"]))
        masters = [r for r in recs if r["rid"] is None]
        overrides = {instant(r["rid"], tz): r for r in recs if r["rid"] is not None}
        series = next((r for r in masters if r["rec"]), None)
        edits: dict[int, _Edit] = defaultdict(_Edit)
        dropped: set[int] = set()
        superseded_rids = gone.get(uid, set())
        if None in superseded_rids:
            dropped |= {id(r) for r in masters if not r["rec"]}
        for key, rec in overrides.items():
            if key in superseded_rids:
                dropped.add(id(rec))
        if series is not None:
            edits[id(series)].exdates += sorted(r for r in superseded_rids if r)
        # blocked leaders
        entries = entries_by_uid[uid]
        from_master: list[PlanEntry] = []
        for e in entries:
            if not e.left_out:
                continue
            if e.occ.recurrence_id is None:
                for r in masters:
                    edits[id(r)].block(e)
            elif (rec := overrides.get(occurrence_instant(e.occ.recurrence_id))) is not None:
                edits[id(rec)].block(e)
            elif series is not None:
                from_master.append(e)
        new_overrides: list[PlanEntry] = []
        if from_master:
            derived = [e for e in entries if e.occ.recurrence_id is not None and not e.cancelled
                       and occurrence_instant(e.occ.recurrence_id) not in overrides]
            uniform = (len(from_master) == len(derived) and uid not in per_occurrence
                       and len({frozenset(e.left_out) for e in from_master}) == 1)
            if uniform:
                edits[id(series)].block(from_master[0])
            else:
                new_overrides = from_master
        # decisions
        carrier = series or (masters[0] if masters else recs[0])
        carried = list(props.get(uid, ()))
        if carrier["feed"] in arranged and uid not in series_wide_arrangement:
            carried.insert(0, (X_ARRANGED, vText(f"arranged feed {carrier['feed']}"), {}))
        if carried:
            edits[id(carrier)].props += carried
        texts: list[str] = []
        for rec in recs:
            if id(rec) in dropped:
                continue
            edit = edits.get(id(rec)) or _Edit()
            info = scan(rec["text"])
            edit.strip = "X-LEANMEET-" in rec["text"] and any(
                p in rec["text"] for p in DECISION_PROPERTIES)
            repair = (bool((rec.get("x") or {}).get("repair")) or not info.uid
                      or not info.dtstamp or rec["d"] > 0
                      or (info.floating and not rec["float"] and not rec["allday"]))
            if edit.needed or repair:
                register_zones(info.tzids, zones)
                try:
                    text = _edited(rec, edit, info, tz, now)
                except Exception as exc:  # keep the event as stored rather than lose it
                    problems.append(f"{rec['src']}:{rec['line']}: UID {uid!r}: exported "
                                    f"unchanged, the edit failed: {exc}")
                    text = fold(rec["text"])
                else:
                    edited += 1
                    info = scan(text)
            else:
                text = fold(rec["text"]) if info.long else rec["text"]
            all_tzids |= info.tzids
            texts.append(text)
            if info.tzids:
                day = date.fromisoformat(rec["s"][:10])
                first_day = day if first_day is None or day < first_day else first_day
                if rec["rec"] and rec["until"] is None:
                    endless = True
                bound = rec["until"] if rec["rec"] else rec["te"]
                if bound is not None:
                    end_day = datetime.fromtimestamp(bound, UTC).date()
                    last_day = max(last_day, end_day)
        for e in new_overrides:
            register_zones(scan(series["text"]).tzids, zones)
            comp = occurrence_component(series["text"], e.occ.start, e.occ.end,
                                        e.occ.recurrence_id, tz)
            remove_attendees(comp, e.left_out)
            add_comment(comp, e.left_out_note())
            text = comp.to_ical().decode("utf-8")
            edited += 1
            all_tzids |= scan(text).tzids
            texts.append(text)
        if texts:
            groups.append((min(r["ts"] for r in recs), uid, texts))
    groups.sort(key=lambda g: (g[0], g[1]))
    first = (first_day or plan.first) - timedelta(days=1)
    last = max(last_day, plan.last + timedelta(days=366 * (10 if endless else 1)))
    zone_texts = vtimezones(all_tzids, zones, first, last + timedelta(days=1), problems)
    events = [t for _, _, texts in groups for t in texts]
    text = calendar_text([*zone_texts, *events], name=name)
    return IcsResult(text, len(events), edited, len(zone_texts), problems)


def _edited(rec: dict, edit: _Edit, info: _Scan, tz: tzinfo, now: datetime) -> str:
    comp = Component.from_ical(rec["text"])
    for prop, _error in getattr(comp, "errors", []) or []:
        if prop:
            comp.pop(str(prop), None)
    if edit.strip:
        for name in DECISION_PROPERTIES:
            comp.pop(name, None)
    if not info.uid:
        comp.add("UID", rec["uid"])
    if rec["d"] > 0:
        comp.pop("UID", None)
        comp.add("UID", f"{rec['uid']}-{rec['d']}")
    if not info.dtstamp:
        comp.add("DTSTAMP", now)
    if info.floating and not rec["float"] and not rec["allday"]:
        # floating times that stood for the feed's X-WR-TIMEZONE: written as UTC instants
        for name, value in (("DTSTART", rec["s"]), ("DTEND", rec["e"]),
                            ("RECURRENCE-ID", rec["rid"])):
            if value and name in comp:
                comp.pop(name)
                comp.add(name, datetime.fromisoformat(value).astimezone(UTC))
    remove_attendees(comp, edit.left_out)
    for note in edit.comments:
        add_comment(comp, note)
    if edit.exdates:
        template = comp["DTSTART"].dt
        for text in edit.exdates:
            value: date | datetime
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
            comp.add("EXDATE", like(value, template, tz))
    for name, value, params in edit.props:
        comp.add(name, value, parameters=params or None)
    return comp.to_ical().decode("utf-8")


__all__ = ["IcsResult", "calendar_text", "fold", "instant", "like", "occurrence_component",
           "plan_ics", "register_zones", "remove_attendees", "scan", "vtimezones"]
