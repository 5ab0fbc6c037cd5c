"""How a table's documents are split into segments (storage.db), and the period index.

``events`` is split by feed and by period: a single event (or a lone instance) goes to the
segment of its feed and the ISO week (UTC) of its start (``2026-W11``: a week's read opens
one or two segments, a month's five or six); a recurring series goes,
with every override of it (RECURRENCE-ID), to its feed's ``series`` segment. Each events
segment's descriptor in the root carries the time span its documents touch (``lo``..``hi``,
POSIX seconds, widened by the slack floating and all-day times need, for those records
only; ``hi`` is null for a series without end): that is the period index a window read
consults before opening any segment. Every other table is one segment.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

SERIES = "series"
OTHER = "other"  # a start outside the years datetime can show
SLACK = 86400 * 1.5  # floating and all-day records are stored as if in UTC (storage.occurrences)


def period_of(ts: float) -> str:
    """The ISO week (UTC) of an instant: ``2026-W11``."""
    try:
        return datetime.fromtimestamp(ts, UTC).strftime("%G-W%V")
    except (OverflowError, OSError, ValueError):
        return OTHER


#: Tables split by feed and period (``instances`` are series occurrences: storage.instances).
PERIODIC = ("events", "instances")


def partition_key(table: str, doc: dict) -> str:
    if table == "horizons":
        return doc["feed"]
    if table not in PERIODIC:
        return ""
    if table == "events" and (doc.get("rec") or doc.get("rid") is not None):
        part = SERIES
    else:
        part = period_of(doc.get("ts", 0.0))
    return f"{doc['feed']}\x1f{part}"


def describe(table: str, docs: dict[str, dict], key: str) -> dict:
    """The descriptor of a segment holding ``docs`` (without its file names)."""
    seg: dict = {"n": len(docs)}
    if table not in PERIODIC:
        if key:
            seg["key"] = key
        return seg
    feed, _, part = key.partition("\x1f")
    seg["feed"], seg["part"] = feed, part
    lo = hi = None
    unbounded = False
    for doc in docs.values():
        ts, te = doc["ts"], doc["te"]
        end = te
        if doc.get("rec"):
            if doc.get("until") is None:
                unbounded = True
            else:
                end = max(te, doc["until"])
        # only floating and all-day times need the slack (their stored instant is a guess);
        # a zoned time is exact, so a window next to a week does not open that week's segment
        slack = SLACK if _inexact(doc) else 0.0
        lo = ts - slack if lo is None else min(lo, ts - slack)
        hi = end + slack if hi is None else max(hi, end + slack)
    seg["lo"] = None if lo is None or not math.isfinite(lo) else lo
    seg["hi"] = None if unbounded or hi is None or not math.isfinite(hi) else hi
    return seg


def _inexact(doc: dict) -> bool:
    """A floating or all-day record (or an all-day instance: its start is a date)."""
    if "allday" in doc:
        return bool(doc["allday"] or doc.get("float"))
    return len(doc.get("s", "")) == 10


def overlaps(seg: dict, lo: float, hi: float) -> bool:
    """Whether an events segment may hold something in [lo, hi) (POSIX seconds)."""
    if seg.get("lo") is not None and seg["lo"] >= hi:
        return False
    if seg.get("hi") is not None and seg["hi"] < lo:
        return False
    return True
