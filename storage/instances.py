"""Recurring series expanded once, at import, so that reading a window parses nothing.

For every stored series (a master with RRULE/RDATE and its overrides) the import expands its
occurrences up to a horizon (the series' end, or a year after the later of its start and the
import; at most MAX_INSTANCES) with the same recurring-ical-events call a live read makes, and
stores each occurrence's times in the ``instances`` table, split by feed and ISO week like the
events (storage.partition), with a ``horizons`` row per series: its signature (the hashes of
its components) and how far it was expanded. A read of a window inside the horizon joins the
instances of that window with their series' stored fields; a series whose row is missing,
stale (another signature) or too short for the window is expanded live, as before. Derived
data only: deleting both tables loses nothing but speed.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from leanmeet.storage.ics_record import record_key
from leanmeet.storage.occurrences import REF, timing_text
from leanmeet.storage.timezones import register_custom_zone

MAX_INSTANCES = 1000
AHEAD = timedelta(days=366)
MARGIN = 2 * 86400  # the live read asks one day either side of its window; and some slack
PAST_END = timedelta(days=2)  # a finite series is expanded this far past its end


def series_groups(docs: dict) -> dict[tuple[str, str], tuple[dict, list[dict]]]:
    """(feed, uid) -> (master with d == 0, its overrides) among one feed's series documents."""
    masters = {(d["feed"], d["uid"]): d for d in docs.values() if d["rec"] and d["d"] == 0}
    out = {key: (m, []) for key, m in masters.items()}
    for d in docs.values():
        if not d["rec"] and d["rid"] is not None and (d["feed"], d["uid"]) in out:
            out[(d["feed"], d["uid"])][1].append(d)
    return out


def signature(master: dict, overrides: list[dict], zones: dict[str, str]) -> str:
    used = sorted({z for r in [master, *overrides] for z in r.get("zones", [])})
    parts = [master["h"], *sorted(o["h"] for o in overrides),
             *(zones.get(z, "") for z in used)]
    return hashlib.sha1("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def covers(row: dict, master: dict, lo: float, hi: float) -> bool:
    """Whether a series' stored instances (its ``horizons`` row) serve the window [lo, hi):
    they do when expanded past ``hi``, or when expanded to the series' end (a finite series
    that ends before ``hi`` has nothing more to expand) and the window starts after the
    series' start (where the expansion began: an RDATE before DTSTART is read live)."""
    if hi + MARGIN <= row["hi"]:
        return True
    end = master.get("until")
    return (end is not None and row["hi"] >= end + PAST_END.total_seconds() - 1
            and lo >= master["ts"])


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _epoch(value: date | datetime) -> float:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.timestamp()
    return datetime.combine(value, datetime.min.time(), UTC).timestamp()


def expand_series(master: dict, overrides: list[dict], zones: dict[str, str],
                  now: datetime) -> tuple[list[dict], float] | None:
    """The instances of a series up to its horizon, and the horizon (POSIX seconds); None
    when it cannot be expanded here (the live read then reports why)."""
    if master.get("float"):
        return None  # a floating series happens at the office's wall time: expanded live
    import recurring_ical_events  # only at import time (a window read loads none of it)
    from icalendar import Calendar

    try:
        start = datetime.fromtimestamp(master["ts"], UTC)
        horizon = max(start, now) + AHEAD
        if master.get("until") is not None:
            horizon = min(horizon, datetime.fromtimestamp(master["until"], UTC) + PAST_END)
        used = sorted({z for r in [master, *overrides] for z in r.get("zones", [])})
        for zone_id in used:
            if zone_id in zones:
                register_custom_zone(zone_id, zones[zone_id])
        text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//leanmeet//EN\r\n"
        text += "".join(zones[z] for z in used if z in zones)
        # each component tagged with its record, as the live read does (storage.occurrences)
        text += timing_text(master["text"], "m")
        text += "".join(timing_text(o["text"], str(i)) for i, o in enumerate(overrides))
        text += "END:VCALENDAR\r\n"
        query = recurring_ical_events.of(Calendar.from_ical(text), skip_bad_series=True)
        out: list[dict] = []
        for s, e, rid_raw, ref in _occurrences(query, start - timedelta(days=2), horizon):
            if master["allday"] and isinstance(rid_raw, datetime):
                rid_raw = rid_raw.date()
            ref = str(ref) if ref is not None else "m"
            source = overrides[int(ref)] if ref.isdigit() and int(ref) < len(overrides) \
                else master
            out.append({"feed": master["feed"], "uid": master["uid"],
                        "src": source.get("k") or "", "rid": _iso(rid_raw),
                        "s": _iso(s), "e": _iso(e), "ts": _epoch(s), "te": _epoch(e)})
            if len(out) >= MAX_INSTANCES:
                horizon = datetime.fromtimestamp(out[-1]["ts"], UTC)
                break
        return out, horizon.timestamp()
    except Exception:  # noqa: BLE001 - expanded live at read time, which reports the problem
        return None


def _occurrences(query, start: datetime, stop: datetime):
    """(DTSTART, DTEND, RECURRENCE-ID, record ref) of each occurrence, as ``query.between``
    would give them as components, without building a component per occurrence (the costly
    part)."""
    lo, hi = query.to_datetime(start), query.to_datetime(stop)
    try:
        occurrences = query._occurrences_between(lo, hi)
        fast = all(hasattr(o, "_adapter") for o in occurrences)
    except AttributeError:
        fast = False
    if not fast:  # another recurring-ical-events: the public, slower way
        for comp in query.between(start, stop):
            s = comp["DTSTART"].dt
            rid = comp.get("RECURRENCE-ID")
            yield (s, comp["DTEND"].dt if "DTEND" in comp else s, rid.dt if rid else s,
                   comp.get(REF))
        return
    for occ in occurrences:
        adapter = occ._adapter
        end = occ.end if getattr(adapter, "end_property", "DTEND") is not None else occ.start
        component = adapter._component
        rid = component.get("RECURRENCE-ID")
        yield occ.start, end, rid.dt if rid is not None else occ.start, component.get(REF)


def expand_records(records: list[dict], zones: dict[str, str], now: datetime
                   ) -> dict[tuple[str, str], tuple[str, list[dict], float]]:
    """(feed, uid) -> (signature, instances, horizon) of every series among freshly parsed
    records (a worker of storage.parallel does this next to the parsing; the import uses an
    expansion only when its signature is the one of the series it stores)."""
    for record in records:
        record["k"] = record_key(record)  # what the import keys them by (the instances' src)
    out = {}
    for key, (master, overrides) in series_groups(dict(enumerate(records))).items():
        expanded = expand_series(master, overrides, zones, now)
        if expanded is not None:
            out[key] = (signature(master, overrides, zones), *expanded)
    return out


def pseudo_record(instance: dict, source: dict) -> dict:
    """An instance as a stored single event of the series (what expand() reads)."""
    return {**source, "rec": False, "rid": instance["rid"], "s": instance["s"],
            "e": instance["e"], "ts": instance["ts"], "te": instance["te"], "until": None}
