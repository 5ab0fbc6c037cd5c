"""The leanmeet database: feeds, events, people, decisions, on top of storage.db.

Tables
  events    one document per stored component (see storage.ics_reader), key ``k``; split
            into segments by feed and ISO week, series apart (storage.partition)
  zones     custom VTIMEZONE definitions by content-derived id
  feeds     one per feed: name, sources, arranged, last import
  people    the roster, key ``email``
  decisions arrangements, exemptions, kind overrides, merges (see planner.model.Decision)

Every change is one transaction (storage.db): it rewrites the segments it changed and the
small root, nothing else. A decision or a roster change never touches the events; an import
rewrites the segments of its feed that the import changed. Reads open only what they need: a
window reads the segments whose period overlaps it (and no component text except the series'),
``has_uid`` reads the UID lists, ``stats`` reads nothing but the root.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from leanmeet.planner.model import ROLES, Attendee, Decision, Occurrence, Person
from leanmeet.planner.people import parse_liaison
from leanmeet.storage.atomic import write_atomically
from leanmeet.storage.collector import collector_paused
from leanmeet.storage.db import (
    Database,
    Snapshot,
    Transaction,
    import_mark,
    retrying,
    seg_key,
)
from leanmeet.storage.export import carried_rows
from leanmeet.storage.ics_blocks import SourceError
from leanmeet.storage.ics_record import Problem, record_key
from leanmeet.storage.merged import MERGED_FEED, key_instant
from leanmeet.storage.occurrences import expand
from leanmeet.storage.instances import (
    covers, expand_series, pseudo_record, series_groups, signature)
from leanmeet.storage.partition import SERIES, overlaps, partition_key
from leanmeet.storage.readings import kinds_key, stamp
from leanmeet.storage.versions import source_digest
from leanmeet.storage.text import strip_controls

if TYPE_CHECKING:
    from leanmeet.planner.rulebook import KindsConfig

ROSTER_HEADER = ["name", "email", "role", "title", "department"]
ROSTER_OPTIONAL = ["liaison"]  # an optional last column (issue 14)
_TABLES = ("events", "zones", "feeds", "people", "decisions")


@dataclass
class ImportResult:
    feed: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.feed}: {self.added} added, {self.updated} updated, {self.unchanged} "
            f"unchanged, {self.removed} removed, {self.skipped} skipped"
        )


@dataclass
class FeedText:
    """One source's decoded text, with the name used in error reports."""

    source: str
    text: str


class RosterError(ValueError):
    pass


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _decision_row(decision: Decision) -> dict:
    row = {
        "type": decision.type, "uid": decision.uid, "occurrence": decision.occurrence,
        "rule": decision.rule, "text": decision.text, "at": decision.at or _now(),
        "members": [list(m) for m in decision.members],
    }
    if decision.by:  # a shared decision: who recorded it (storage.caldav.shared)
        row["by"] = decision.by
    return row


def _decision(r: dict) -> Decision:
    return Decision(r["type"], r["uid"], r.get("occurrence"), r.get("rule", ""),
                    r.get("text", ""), r.get("at", ""),
                    tuple(tuple(m) for m in r.get("members", [])), r.get("by", ""))


def _small(tx: Transaction, table: str) -> dict[str, dict]:
    """The one partition of a small table, to change."""
    return tx.part(table, "")


def _restamp(tx: Transaction, stored: dict[str, dict], place: dict[str, tuple[str, str]],
             keys: Iterable[str], readings: tuple[str, KindsConfig]) -> int:
    """Classify again, from their stored fields, the stored events among ``keys`` whose kind
    was stored under another key than ``readings[0]`` (an edited rulebook, another version
    of leanmeet): otherwise an unchanged feed would be classified at every read until its
    events change. Rewrites only the partitions holding such events; returns how many."""
    key, kinds = readings
    parts: dict[str, list[str]] = {}
    for k in keys:
        kept = stored[k].get("kr")
        if not (type(kept) is list and kept and kept[0] == key):
            part, doc_id = place[k]
            parts.setdefault(part, []).append(doc_id)
    for part, ids in parts.items():
        docs = tx.part("events", part)
        stamp([docs[i] for i in ids if i in docs], kinds, key)
    return sum(len(ids) for ids in parts.values())



def _note_feed(tx: Transaction, feed: str, sources: Sequence[FeedText], origin: Sequence[str],
               arranged: bool | None, fingerprint: str | None, last: dict | None) -> None:
    """The feed's row after an import: its flag, sources and time, and what a repeat of this
    import can skip (``fingerprint`` and ``last``; its events segments get the mark)."""
    feeds = _small(tx, "feeds")
    previous_id = next((i for i, f in feeds.items() if f["name"] == feed), None)
    previous = feeds.get(previous_id) if previous_id else None
    if arranged is None:  # keep what the feed was (the flag is sticky)
        arranged = bool(previous and previous.get("arranged"))
    info = {
        "name": feed,
        "arranged": arranged,
        "sources": list(origin) or [s.source for s in sources],
        "imported_at": _now(),
    }
    row = {k: v for k, v in (previous or {}).items() if k not in ("fingerprint", "last")}
    if fingerprint is not None and last is not None:
        info.update(fingerprint=fingerprint, last={**last, "docs": _feed_docs(tx, feed)})
        tx.mark_feed(feed, fingerprint)
    if previous_id is not None:
        feeds[previous_id] = {**row, **info}
    else:
        feeds[_next_id(tx, "feeds")] = info


@lru_cache(maxsize=1)
def _parser_digest() -> str | None:
    """A digest of the code that turns a feed's text into stored records (the storage
    package and the model): another leanmeet parses a repeated text again."""
    here = Path(__file__).parent
    return source_digest(sorted(here.glob("*.py")) + [here.parent / "planner" / "model.py"])


def _feed_docs(tx: Transaction, feed: str) -> int:
    """How many events documents ``feed`` has in ``tx`` (its changed partitions included)."""
    prefix = f"{feed}\x1f"
    counts = {seg_key("events", s): s["n"] for s in tx.segments("events") if s["feed"] == feed}
    counts.update({key: len(docs) for (table, key), docs in tx.dirty.items()
                   if table == "events" and key.startswith(prefix)})
    return sum(counts.values())


def _fingerprint(feed: str, sources: Sequence[FeedText], kinds: str | None) -> str | None:
    """What an import of ``sources`` into ``feed`` depends on: their names and texts, the
    parser's code, the kinds' key (None: no fingerprint, the import is always parsed)."""
    code = _parser_digest()
    if not code:
        return None
    digest = hashlib.sha256(f"{code}\0{feed}\0{kinds}".encode("utf-8", "surrogatepass"))
    for source in sources:
        digest.update(b"\0" + source.source.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(source.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


MAX_REMEMBERED_PROBLEMS = 2000  # an import with more is always parsed again


def _last_of(result: ImportResult) -> dict | None:
    """What importing the same text again reports (every event is then unchanged)."""
    if len(result.problems) > MAX_REMEMBERED_PROBLEMS:
        return None
    return {"unchanged": result.added + result.updated + result.unchanged,
            "skipped": result.skipped,
            "problems": [[p.source, p.line, p.reason, p.skipped, p.uid]
                         for p in result.problems]}


def _repeated(tx: Transaction, feed: str, fingerprint: str | None) -> ImportResult | None:
    """The result of importing again the text the feed's last import read, without parsing
    it, when nothing has changed the feed's events since: every one of its events segments
    still carries that import's mark (a change rewrites a segment without it). None when the
    text must be parsed (another text, another parser or rulebook, a change since, or a row
    that is not as this code writes it)."""
    if fingerprint is None:
        return None
    row = next((f for f in tx.table("feeds").values() if f["name"] == feed), None)
    if row is None or row.get("fingerprint") != fingerprint:
        return None
    # a change since rewrote a segment (described anew, without the mark), or emptied one
    # (one segment fewer: fewer documents)
    segments = [s for s in tx.segments("events") if s["feed"] == feed]
    last = row.get("last")
    if not segments or any(s.get("imp") != import_mark(fingerprint, s["file"])
                           for s in segments) or not (
            isinstance(last, dict) and last.get("docs") == sum(s["n"] for s in segments)):
        return None
    try:
        problems = [Problem(str(p[0]), int(p[1]), str(p[2]), bool(p[3]),
                            None if p[4] is None else str(p[4])) for p in last["problems"]]
        unchanged, skipped = last["unchanged"], last["skipped"]
    except (TypeError, KeyError, IndexError, ValueError):
        return None
    if type(unchanged) is not int or type(skipped) is not int:
        return None
    return ImportResult(feed, unchanged=unchanged, skipped=skipped, problems=problems)

def _next_id(tx: Transaction, table: str) -> str:
    return str(tx.new_id(table))


class Repository:
    def __init__(self, path: str | Path) -> None:
        self.db = Database(path)
        self._snap: Snapshot | None = None

    @property
    def path(self) -> Path:
        return self.db.path

    # ---------------------------------------------------------------- reading, consistently
    def _snapshot(self) -> Snapshot:
        """The current version: the root is read again only when its file changed (writes
        are atomic renames: a new inode or mtime means a new root); segments are cached."""
        snap = self._snap
        if snap is not None and snap.signature is not None:
            try:
                st = os.stat(snap.root)
                if (st.st_ino, st.st_mtime_ns, st.st_size) == snap.signature:
                    return snap
            except OSError:
                pass
        self._snap = self.db.snapshot()
        if snap is not None and snap.signature != self._snap.signature:
            self.db.cache.keep_only(self._snap)
        return self._snap

    def _read(self, read):
        def attempt():
            try:
                return read(self._snapshot())
            except BaseException:
                self._snap = None
                raise
        return retrying(attempt)

    def _rows(self, table: str) -> list[dict]:
        return self._read(lambda snap: list(snap.table(table).values()))

    def _tables(self) -> dict[str, list]:
        """Every document of every table (events with their text): for export and sync,
        which need everything; the commands that show a window never call it."""
        return self._read(lambda snap: {name: list(snap.table(name).values())
                                        for name in _TABLES})

    # ---------------------------------------------------------------- import
    def import_feed(
        self,
        feed: str,
        sources: Sequence[FeedText],
        *,
        arranged: bool | None = None,
        complete: bool = True,
        origin: Sequence[str] = (),
        kinds: KindsConfig | None = None,
    ) -> ImportResult:
        """Import the sources of one feed in one transaction.

        ``arranged``: True/False sets the feed's flag; None keeps what it was.
        ``complete`` says the sources are the whole feed: events missing from them are removed
        from this feed. The caller passes False when a source of the feed could not be read,
        so that nothing is removed on the strength of a partial read.
        ``kinds``: the rulebook's kinds, to store each new event's classification with it
        (storage.readings).
        Raises SourceError (nothing changed) when no source is a calendar.
        """
        with self.db.transaction() as tx:
            return self._import(tx, feed, sources, arranged=arranged, complete=complete,
                                origin=origin, kinds=kinds)

    def _import(self, tx: Transaction, feed: str, sources: Sequence[FeedText], *,
                arranged: bool | None, complete: bool, origin: Sequence[str],
                kinds: KindsConfig | None = None) -> ImportResult:
        kinds_at = kinds_key(kinds) if kinds is not None else None
        fingerprint = _fingerprint(feed, sources, kinds_at) if complete else None
        repeated = _repeated(tx, feed, fingerprint)
        if repeated is not None:  # the very text of the last import, nothing changed since
            _note_feed(tx, feed, sources, origin, arranged, fingerprint, _last_of(repeated))
            _refresh_instances(tx, feed)  # derived data: rebuilt if it was deleted
            return repeated
        result = ImportResult(feed)
        stored: dict[str, dict] = {}
        place: dict[str, tuple[str, str]] = {}  # k -> (partition, doc id)
        for seg in tx.segments("events"):
            if seg["feed"] != feed:
                continue
            part = seg_key("events", seg)
            for doc_id, doc in tx.docs("events", seg, text=False).items():
                key = doc.get("k") or record_key(doc)
                stored[key] = doc
                place[key] = (part, doc_id)
        known = {doc["h"]: key for key, doc in stored.items()}
        # the parser (icalendar, multiprocessing) loads only when a feed is imported: the
        # commands that read a window start without it
        from leanmeet.storage.parallel import parse_feed_parallel

        now = datetime.now(UTC)
        readings = (kinds_at, kinds) if kinds_at is not None else None
        parsed_all = [parse_feed_parallel(source.text, source.source, feed, known,
                                          expand_at=now, readings=readings)
                      for source in sources]
        seen: set[str] = set()
        skipped_uids: set[str] = set()
        inserts: list[dict] = []
        updates: list[tuple[dict, str]] = []
        zones: dict[str, str] = {}
        for parsed in parsed_all:
            zones.update(parsed.zones)
            result.problems += parsed.problems
            result.skipped += parsed.skipped
            skipped_uids |= parsed.skipped_uids
            for digest in parsed.unchanged:
                seen.add(known[digest])
            result.unchanged += len(parsed.unchanged)
            for record in parsed.records:
                key = record_key(record)
                record["k"] = key
                seen.add(key)
                old = stored.get(key)
                if old is None:
                    inserts.append(record)
                elif old.get("h") == record["h"]:
                    result.unchanged += 1
                elif (record["seq"], record["lm"]) >= (old["seq"], old["lm"]):
                    updates.append((record, key))
                else:
                    result.unchanged += 1
                    result.problems.append(Problem(
                        record["src"], record["line"], f"UID {record['uid']!r}: the stored "
                        f"version (SEQUENCE {old['seq']}) is newer; kept", False,
                        record["uid"]))
        removed = [key for key, doc in stored.items()
                   if complete and key not in seen and doc["uid"] not in skipped_uids]
        for key in removed:
            part, doc_id = place[key]
            tx.part("events", part).pop(doc_id, None)
        for record, key in updates:
            part, doc_id = place[key]
            tx.part("events", part).pop(doc_id, None)
            tx.part("events", partition_key("events", record))[doc_id] = record
        for record in inserts:
            tx.part("events", partition_key("events", record))[_next_id(tx, "events")] = record
        result.added, result.updated, result.removed = len(inserts), len(updates), len(removed)
        if readings is not None:  # unchanged events whose kind another key made: anew
            changed = set(removed) | {key for _record, key in updates}
            _restamp(tx, stored, place, [k for k in seen if k in stored and k not in changed],
                     readings)
        # --- plan export round trip (storage.export): an imported plan's decisions; one of
        # the same type for the same event (and rule) replaces the stored one
        carried = list(carried_rows([*inserts, *(record for record, _ in updates)]))
        if carried:
            table = _small(tx, "decisions")
            same = {(r["type"], r["uid"], r["occurrence"], r["rule"]) for r in carried}
            for doc_id in [i for i, d in table.items() if (
                    d["type"], d["uid"], d.get("occurrence"), d.get("rule", "")) in same]:
                del table[doc_id]
            for row in carried:
                table[_next_id(tx, "decisions")] = {**row, "at": row["at"] or _now()}
        # --- end of plan export round trip
        if zones:
            have = {doc["id"] for doc in tx.table("zones").values()}
            new = {z: t for z, t in zones.items() if z not in have}
            if new:
                table = _small(tx, "zones")
                for zone_id, text in new.items():
                    table[_next_id(tx, "zones")] = {"id": zone_id, "text": text}
        last = _last_of(result) if fingerprint is not None else None
        _note_feed(tx, feed, sources, origin, arranged, fingerprint if last else None, last)
        expanded = {k: v for parsed in parsed_all for k, v in parsed.expansions.items()}
        _refresh_instances(tx, feed, expanded, now)
        return result

    # ---------------------------------------------------------------- reading
    def _window_records(self, snap: Snapshot, start: datetime, end: datetime) -> list[dict]:
        """The stored records a window needs: its periods' single events, and its series as
        their stored instances of that window (storage.instances), or whole to be expanded
        live when they were not expanded that far."""
        lo, hi = start.timestamp(), end.timestamp()
        records: list[dict] = []
        series_segments: list[dict] = []
        for seg in snap.segments("events"):
            if overlaps(seg, lo, hi):
                if seg["part"] == SERIES:
                    series_segments.append(seg)
                else:
                    records.extend(snap.docs("events", seg, text=False).values())
        if not series_segments:
            return records
        docs = [d for seg in series_segments
                for d in snap.docs("events", seg, text=False).values()]
        zones = {z["id"]: z["text"] for z in snap.table("zones").values()}
        horizons = {(r["feed"], r["uid"]): r for r in snap.table("horizons").values()}
        masters: dict[tuple[str, str], int] = {}
        for d in docs:
            if d["rec"]:
                masters[(d["feed"], d["uid"])] = masters.get((d["feed"], d["uid"]), 0) + 1
        ready: set[tuple[str, str]] = set()
        for key, (master, overrides) in series_groups({str(i): d for i, d in
                                                       enumerate(docs)}).items():
            row = horizons.get(key)
            if (row is not None and masters.get(key) == 1 and covers(row, master, lo, hi)
                    and row["sig"] == signature(master, overrides, zones)):
                ready.add(key)
        if ready:
            by_key = {d.get("k") or record_key(d): d for d in docs
                      if (d["feed"], d["uid"]) in ready}
            for seg in snap.segments("instances"):
                if not overlaps(seg, lo, hi):
                    continue
                for inst in snap.docs("instances", seg).values():
                    source = by_key.get(inst["src"])
                    if source is not None and (inst["feed"], inst["uid"]) in ready:
                        records.append(pseudo_record(inst, source))
        if len(ready) < len(masters) or any((d["feed"], d["uid"]) not in masters for d in docs):
            for seg in series_segments:  # expanded live: with their text
                records.extend(d for d in snap.docs("events", seg).values()
                               if (d["feed"], d["uid"]) not in ready)
        return records

    def occurrences(
        self,
        start: datetime,
        end: datetime,
        tz: tzinfo,
        *,
        include_superseded: bool = False,
        problems: list[Problem] | None = None,
    ) -> list[Occurrence]:
        """Occurrences overlapping [start, end), reading only the segments of that period."""
        return self._occurrences(lambda snap: self._window_records(snap, start, end),
                                 start, end, tz, include_superseded, problems)

    def occurrences_of(
        self,
        uid: str,
        start: datetime,
        end: datetime,
        tz: tzinfo,
        *,
        include_superseded: bool = True,
        problems: list[Problem] | None = None,
    ) -> list[Occurrence]:
        """The occurrences of one UID in [start, end): reads only the segments holding it."""
        def records(snap: Snapshot) -> list[dict]:
            out: list[dict] = []
            for seg in snap.segments("events"):
                uids = snap.uids(seg)
                at = bisect.bisect_left(uids, uid)
                if at < len(uids) and uids[at] == uid:
                    # texts only where a series may need expanding
                    docs = snap.docs("events", seg, text=seg["part"] == SERIES)
                    out += [d for d in docs.values() if d["uid"] == uid]
            return out

        occs = self._occurrences(records, start, end, tz, include_superseded, problems)
        return [o for o in occs if o.uid == uid]

    def _occurrences(self, records_of, start, end, tz, include_superseded, problems):
        with collector_paused():  # what a read builds holds no cycles (storage.collector)
            return self._occurrences_now(records_of, start, end, tz, include_superseded,
                                         problems)

    def _occurrences_now(self, records_of, start, end, tz, include_superseded, problems):
        def read(snap: Snapshot):
            return (records_of(snap), list(snap.table("zones").values()),
                    list(snap.table("feeds").values()), list(snap.table("decisions").values()))

        records, zone_rows, feeds, decisions = self._read(read)
        zones = {doc["id"]: doc["text"] for doc in zone_rows}
        arranged = [f["name"] for f in feeds if f.get("arranged")]
        occurrences = expand(records, start, end, tz, zones=zones, arranged_feeds=arranged,
                             problems=problems)
        occurrences = _apply_attendee_edits(occurrences, decisions)
        if include_superseded:
            return occurrences
        superseded = _superseded(decisions)
        if not superseded:
            return occurrences
        return [o for o in occurrences if key_instant(o.key) not in superseded]

    def superseded_keys(self) -> set[tuple[str, str | None]]:
        """Keys (recurrence ids as UTC instants) of the originals of accepted merges."""
        return _superseded(self._rows("decisions"))

    def store_merged_event(self, ics_text: str, *, decision: Decision | None = None) -> None:
        """Store a merged meeting (storage.merged) in the reserved merged feed, and with it
        (in the same transaction: both or neither) its merge-accepted ``decision``."""
        with self.db.transaction() as tx:
            result = self._import(tx, MERGED_FEED, [FeedText(MERGED_FEED, ics_text)],
                                  arranged=None, complete=False, origin=())
            if result.skipped:
                raise ValueError(f"merged meeting not stored: {result.problems[0]}")
            if decision is not None:
                _put_decision(tx, _decision_row(decision), replace=True)

    def remove_event(self, feed: str, uid: str) -> int:
        removed = 0
        with self.db.transaction() as tx:
            for seg in tx.segments("events"):
                if seg["feed"] != feed or uid not in tx.uids(seg):
                    continue
                docs = tx.part("events", seg_key("events", seg))
                for doc_id in [i for i, d in docs.items() if d["uid"] == uid]:
                    del docs[doc_id]
                    removed += 1
        return removed

    def remove_components(self, feed: str, keep: Mapping[str, Collection[str]]) -> int:
        """Remove from ``feed`` the stored components of the UIDs in ``keep``, except those
        whose key (storage.ics_reader.record_key) is in ``keep[uid]`` (empty: remove them
        all). One transaction, which expands the feed's series again; reads only the
        segments holding those UIDs. Returns how many were removed (CalDAV pull: objects
        deleted on the server, overrides gone from a changed object)."""
        if not keep:
            return 0
        removed = 0
        with self.db.transaction() as tx:
            for seg in tx.segments("events"):
                if seg["feed"] != feed or keep.keys().isdisjoint(tx.uids(seg)):
                    continue
                gone = [i for i, d in tx.docs("events", seg, text=False).items()
                        if d["uid"] in keep and (d.get("k") or record_key(d)) not in keep[d["uid"]]]
                if gone:
                    docs = tx.part("events", seg_key("events", seg))
                    for doc_id in gone:
                        del docs[doc_id]
                    removed += len(gone)
            if removed:
                _refresh_instances(tx, feed)
        return removed

    @property
    def _suggestions_file(self) -> Path:
        return self.db.path.with_name(self.db.path.name + ".suggestions.json")

    def remember_suggestions(self, rows: list[dict]) -> None:
        """Keep the last suggestions shown (id, members, days) so that ``merge ID`` and
        ``dismiss ID`` find them. A cache beside the database, not data: losing it only means
        recomputing over the default window; writing it never rewrites the database."""
        known = {row["id"]: row for row in self._read_suggestions()}
        known.update({row["id"]: row for row in rows})
        latest = list(known.values())[-5000:]
        write_atomically(self._suggestions_file, json.dumps(latest, ensure_ascii=False))

    def _read_suggestions(self) -> list[dict]:
        try:
            rows = json.loads(self._suggestions_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(rows, list):
            return []
        return [r for r in rows if isinstance(r, dict) and "id" in r]

    def remembered_suggestion(self, suggestion_id: str) -> dict | None:
        return next((r for r in self._read_suggestions() if r["id"] == suggestion_id), None)

    def export_sources(self) -> tuple[list[dict], dict[str, str], list[str]]:
        """What the export writers need: the stored event records, the custom time zones
        (id -> VTIMEZONE text) and the names of the feeds imported ``--arranged``."""
        tables = self._tables()
        return (tables["events"], {z["id"]: z["text"] for z in tables["zones"]},
                [f["name"] for f in tables["feeds"] if f.get("arranged")])

    def has_uid(self, uid: str) -> bool:
        def read(snap: Snapshot) -> bool:
            for seg in snap.segments("events"):
                uids = snap.uids(seg)
                at = bisect.bisect_left(uids, uid)
                if at < len(uids) and uids[at] == uid:
                    return True
            return False

        return self._read(read)

    def feeds(self) -> list[dict]:
        return [dict(f) for f in self._rows("feeds")]

    def stats(self) -> dict[str, int]:
        snap = self._read(lambda snap: snap)
        return {name: snap.count(name) for name in ("events", "people", "decisions")}

    # ---------------------------------------------------------------- people
    def people(self) -> list[Person]:
        rows = self._rows("people")
        return sorted(
            (Person(r["name"], r["email"], r["role"], r.get("title", ""),
                    r.get("department", ""), tuple(r.get("liaison") or ())) for r in rows),
            key=lambda p: (p.role != "leader", p.name.casefold()),
        )

    def add_people(self, people: Iterable[Person]) -> tuple[int, int]:
        """Add or update people by email; returns (added, updated)."""
        added = updated = 0
        with self.db.transaction() as tx:
            table = _small(tx, "people")
            by_email = {doc["email"]: doc_id for doc_id, doc in table.items()}
            for person in people:
                row = {
                    "name": person.name, "email": person.email.lower(), "role": person.role,
                    "title": person.title, "department": person.department,
                    "liaison": list(person.liaison),
                }
                if row["email"] in by_email:
                    doc_id = by_email[row["email"]]
                    table[doc_id] = {**table[doc_id], **row}
                    updated += 1
                else:
                    by_email[row["email"]] = doc_id = _next_id(tx, "people")
                    table[doc_id] = row
                    added += 1
        return added, updated

    # ---------------------------------------------------------------- decisions
    def decisions(self) -> list[Decision]:
        return [_decision(r) for r in self._rows("decisions")]

    def add_decision(self, decision: Decision, *, replace: bool = True) -> Decision:
        """Store a decision; one of the same type for the same event (and rule) replaces it."""
        row = _decision_row(decision)
        with self.db.transaction() as tx:
            _put_decision(tx, row, replace=replace)
        return Decision(decision.type, decision.uid, decision.occurrence, decision.rule,
                        decision.text, row["at"], decision.members, decision.by)

    def edit_attendee(self, uid: str, occurrence: str | None, email: str, name: str,
                      *, add: bool) -> Decision:
        """Record that the scheduler added (or removed) a person to an event; a later edit of
        the same person on the same event replaces the earlier one (one transaction)."""
        email = email.strip().lower()
        text = f"{email}\t{name.strip()}"
        decision = Decision("attendee-add" if add else "attendee-remove", uid, occurrence,
                            text=text)
        row = _decision_row(decision)
        with self.db.transaction() as tx:
            table = _small(tx, "decisions")
            for doc_id in [i for i, d in table.items() if (
                    d["type"] in ("attendee-add", "attendee-remove") and d["uid"] == uid
                    and d.get("occurrence") == occurrence
                    and (d.get("text", "").partition("\t")[0] == email if email
                         else d.get("text") == text))]:
                del table[doc_id]
            table[_next_id(tx, "decisions")] = row
        return replace(decision, at=row["at"])

    def remove_decisions(self, type_: str, uid: str) -> int:
        """Remove decisions; when (``removed_at``) is kept in ``decision_removals`` (in the
        same transaction), so that a removal is shared with the other schedulers by the time
        it was made."""
        with self.db.transaction() as tx:
            table = _small(tx, "decisions")
            gone = [i for i, d in table.items() if d["type"] == type_ and d["uid"] == uid]
            if gone:
                removals = _small(tx, "decision_removals")
                now = _now()
                for doc_id in gone:
                    removals[_next_id(tx, "decision_removals")] = {**table[doc_id],
                                                                    "removed_at": now}
            for doc_id in gone:
                del table[doc_id]
        return len(gone)

    # --- shared decisions (storage.caldav.shared)
    def decision_removals(self) -> list[tuple[Decision, str]]:
        """(decision, when it was removed) of the decisions removed so far."""
        return [(_decision(r), r.get("removed_at", ""))
                for r in self._rows("decision_removals")]

    def replace_decisions(self, decisions: Iterable[Decision]) -> None:
        """Make the decisions table exactly ``decisions`` (one transaction)."""
        rows = [_decision_row(d) for d in decisions]
        with self.db.transaction() as tx:
            table = _small(tx, "decisions")
            table.clear()
            for row in rows:
                table[_next_id(tx, "decisions")] = row


def _put_decision(tx: Transaction, row: dict, *, replace: bool) -> None:
    table = _small(tx, "decisions")
    if replace:
        for doc_id in [i for i, d in table.items() if (
                d["type"], d["uid"], d.get("occurrence"), d.get("rule", "")) == (
                row["type"], row["uid"], row["occurrence"], row["rule"])]:
            del table[doc_id]
    table[_next_id(tx, "decisions")] = row


def _refresh_instances(tx: Transaction, feed: str,
                       expanded: dict[tuple[str, str], tuple[str, list[dict], float]]
                       | None = None, now: datetime | None = None) -> None:
    """Expand again the series of ``feed`` that changed (storage.instances); ``expanded``:
    what the parsing workers expanded already (used where its signature is the series')."""
    key = f"{feed}\x1f{SERIES}"
    seg = tx.by_key("events").get(key)
    if ("events", key) in tx.dirty:
        docs = tx.dirty[("events", key)]
    else:
        docs = tx.docs("events", seg, text=False) if seg else {}
    zones_docs = tx.dirty.get(("zones", "")) or tx.table("zones")
    zones = {z["id"]: z["text"] for z in zones_docs.values()}
    groups = series_groups(docs)
    horizon_seg = tx.by_key("horizons").get(feed)
    rows = tx.docs("horizons", horizon_seg) if horizon_seg else {}
    current = {(r["feed"], r["uid"]): r for r in rows.values()}
    wanted = {k: signature(m, o, zones) for k, (m, o) in groups.items()}
    changed = {k for k, sig in wanted.items() if current.get(k, {}).get("sig") != sig}
    changed |= {k for k in current if k not in wanted}
    if not changed:
        return
    if seg is not None and ("events", key) not in tx.dirty:
        docs = tx.docs("events", seg)  # the texts are needed to expand
        groups = series_groups(docs)
    uids = {uid for _, uid in changed}
    for inst_seg in tx.segments("instances"):
        if inst_seg["feed"] == feed:
            part = tx.part("instances", seg_key("instances", inst_seg))
            for doc_id in [i for i, d in part.items() if d["uid"] in uids]:
                del part[doc_id]
    horizons = tx.part("horizons", feed)
    for doc_id in [i for i, r in horizons.items() if (r["feed"], r["uid"]) in changed]:
        del horizons[doc_id]
    now = now or datetime.now(UTC)
    expanded = expanded or {}
    for k in sorted(changed & set(groups)):
        master, overrides = groups[k]
        made = expanded.get(k)
        if made is not None and made[0] == wanted[k]:
            instances, hi = made[1], made[2]
        else:
            made = expand_series(master, overrides, zones, now)
            if made is None:
                continue
            instances, hi = made
        for inst in instances:
            tx.part("instances", partition_key("instances", inst))[
                _next_id(tx, "instances")] = inst
        horizons[_next_id(tx, "horizons")] = {"feed": feed, "uid": k[1], "sig": wanted[k],
                                              "hi": hi}


def _superseded(decisions: Iterable[dict]) -> set[tuple[str, str | None]]:
    return {
        key_instant((m[0], m[1]))
        for d in decisions if d["type"] == "merge-accepted"
        for m in d.get("members", [])
    }


def _apply_attendee_edits(occurrences: list[Occurrence],
                          decisions: Iterable[dict]) -> list[Occurrence]:
    """The scheduler's attendee additions and removals (decisions), in recorded order."""
    from leanmeet.planner.decisions import occurrence_matches

    edits: dict[str, list[dict]] = {}
    for d in decisions:
        if d["type"] in ("attendee-add", "attendee-remove"):
            edits.setdefault(d["uid"], []).append(d)
    if not edits:
        return occurrences
    out = []
    for occ in occurrences:
        mine = edits.get(occ.uid)
        if mine:
            attendees = list(occ.attendees)
            for d in sorted(mine, key=lambda d: d.get("at", "")):
                if not occurrence_matches(d.get("occurrence"), occ):
                    continue
                email, _, name = d.get("text", "").partition("\t")
                attendees = [a for a in attendees if (a.email or a.name) != (email or name)]
                if d["type"] == "attendee-add":
                    attendees.append(Attendee(email, name))
            occ = replace(occ, attendees=tuple(attendees))
        out.append(occ)
    return out


def parse_roster(text: str, source: str = "roster.csv") -> tuple[list[Person], list[str]]:
    """Read a roster CSV (header ``name,email,role,title,department``, optionally followed by
    ``liaison``: the departments a leader is the liaison leader of, separated by ``;``).

    Roles: ``leader``, ``staff`` (the default when empty) or ``media`` (a reporter).
    Returns (people, problems); a wrong header raises RosterError.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    expected = ",".join(ROSTER_HEADER)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise RosterError(f"{source}: empty file; expected the header {expected} "
                          f"(optionally ,{ROSTER_OPTIONAL[0]})") from None
    if header not in (ROSTER_HEADER, ROSTER_HEADER + ROSTER_OPTIONAL):
        raise RosterError(f"{source}:1: header is {','.join(header)!r}; expected "
                          f"{expected!r} or {expected + ',' + ROSTER_OPTIONAL[0]!r}")
    width = len(header)
    people: list[Person] = []
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if width > len(ROSTER_HEADER) and len(row) == len(ROSTER_HEADER):
            row = [*row, ""]  # the optional last cell left out
        if len(row) != width:
            problems.append(f"{source}:{number}: expected {width} columns, "
                            f"got {len(row)}; row skipped")
            continue
        cells = [" ".join(strip_controls(c).split()) for c in row]
        name, email, role, title, department = cells[:5]
        liaison = parse_liaison(cells[5]) if width > 5 else ()
        role = role.lower() or "staff"
        if "@" not in email:
            problems.append(f"{source}:{number}: {email!r} is not an email address; "
                            "row skipped")
            continue
        if role not in ROLES:
            problems.append(f"{source}:{number}: role {role!r} must be "
                            f"{', '.join(ROLES[:-1])} or {ROLES[-1]}; row skipped")
            continue
        people.append(Person(name, email.lower(), role, title, department, liaison))
    return people, problems


__all__ = [
    "FeedText", "ImportResult", "Repository", "RosterError", "SourceError", "parse_roster",
]
