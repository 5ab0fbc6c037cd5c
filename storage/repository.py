"""The leanmeet database: feeds, events, people, decisions, on top of storage.db.

Tables
  events    one document per stored component (see storage.ics_reader), key ``k``
  zones     custom VTIMEZONE definitions by content-derived id
  feeds     one per feed: name, sources, arranged, last import
  people    the roster, key ``email``
  decisions arrangements, exemptions, kind overrides, merges (see planner.model.Decision)
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from tinydb import where

from leanmeet.planner.model import ROLES, Attendee, Decision, Occurrence, Person
from leanmeet.planner.people import parse_liaison
from leanmeet.storage.atomic import write_atomically
from leanmeet.storage.db import Database
from leanmeet.storage.export import carried_rows
from leanmeet.storage.ics_reader import ParsedFeed, Problem, SourceError, parse_feed, record_key
from leanmeet.storage.merged import MERGED_FEED, key_instant
from leanmeet.storage.occurrences import expand
from leanmeet.storage.text import strip_controls

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
    return datetime.now(UTC).isoformat(timespec="seconds")


class Repository:
    def __init__(self, path: str | Path) -> None:
        self.db = Database(path)
        self._cache: tuple[tuple, dict[str, list]] | None = None

    def _tables(self) -> dict[str, list]:
        """All tables, read once and reused while the file is unchanged (writes are atomic
        renames, so a new inode or mtime means new content)."""
        try:
            st = os.stat(self.db.path)
            signature: tuple | None = (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            signature = None
        if self._cache is not None and signature is not None and self._cache[0] == signature:
            return self._cache[1]
        with self.db.read() as db:
            tables = {name: db.table(name).all() for name in _TABLES}
        self._cache = (signature or (), tables)
        return tables

    @property
    def path(self) -> Path:
        return self.db.path

    # ---------------------------------------------------------------- import
    def import_feed(
        self,
        feed: str,
        sources: Sequence[FeedText],
        *,
        arranged: bool | None = None,
        complete: bool = True,
        origin: Sequence[str] = (),
    ) -> ImportResult:
        """Import the sources of one feed in one transaction.

        ``arranged``: True/False sets the feed's flag; None keeps what it was.
        ``complete`` says the sources are the whole feed: events missing from them are removed
        from this feed. The caller passes False when a source of the feed could not be read,
        so that nothing is removed on the strength of a partial read.
        Raises SourceError (nothing changed) when no source is a calendar.
        """
        result = ImportResult(feed)
        with self.db.write() as db:
            events = db.table("events")
            stored = {doc["k"]: doc for doc in events.search(where("feed") == feed)}
            known = {doc["h"]: key for key, doc in stored.items()}
            parsed_all: list[ParsedFeed] = []
            for source in sources:
                parsed_all.append(parse_feed(source.text, source.source, feed, known))
            seen: set[str] = set()
            skipped_uids: set[str] = set()
            inserts: list[dict] = []
            updates: list[tuple[dict, int]] = []
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
                        updates.append((record, old.doc_id))
                    else:
                        result.unchanged += 1
                        result.problems.append(Problem(
                            record["src"], record["line"], f"UID {record['uid']!r}: the stored "
                            f"version (SEQUENCE {old['seq']}) is newer; kept", False,
                            record["uid"]))
            removed_ids = [
                doc.doc_id
                for key, doc in stored.items()
                if complete and key not in seen and doc["uid"] not in skipped_uids
            ]
            if inserts:
                events.insert_multiple(inserts)
            if updates:
                events.remove(doc_ids=[doc_id for _, doc_id in updates])
                events.insert_multiple([record for record, _ in updates])
            if removed_ids:
                events.remove(doc_ids=removed_ids)
            result.added, result.updated, result.removed = (
                len(inserts), len(updates), len(removed_ids))
            # --- plan export round trip (storage.export): an imported plan's decisions; one of
            # the same type for the same event (and rule) replaces the stored one
            carried = list(carried_rows([*inserts, *(record for record, _ in updates)]))
            if carried:
                table = db.table("decisions")
                same = {(r["type"], r["uid"], r["occurrence"], r["rule"]) for r in carried}
                table.remove(doc_ids=[d.doc_id for d in table.all() if (
                    d["type"], d["uid"], d.get("occurrence"), d.get("rule", "")) in same])
                table.insert_multiple({**r, "at": r["at"] or _now()} for r in carried)
            # --- end of plan export round trip
            if zones:
                table = db.table("zones")
                have = {doc["id"] for doc in table.all()}
                table.insert_multiple(
                    {"id": z, "text": t} for z, t in zones.items() if z not in have)
            feeds = db.table("feeds")
            previous = feeds.get(where("name") == feed)
            if arranged is None:  # keep what the feed was (the flag is sticky)
                arranged = bool(previous and previous.get("arranged"))
            info = {
                "name": feed,
                "arranged": arranged,
                "sources": list(origin) or [s.source for s in sources],
                "imported_at": _now(),
            }
            if previous is not None:
                feeds.update(info, where("name") == feed)
            else:
                feeds.insert(info)
        return result

    # ---------------------------------------------------------------- reading
    def occurrences(
        self,
        start: datetime,
        end: datetime,
        tz: tzinfo,
        *,
        include_superseded: bool = False,
        problems: list[Problem] | None = None,
    ) -> list[Occurrence]:
        tables = self._tables()
        records = tables["events"]
        zones = {doc["id"]: doc["text"] for doc in tables["zones"]}
        arranged = [f["name"] for f in tables["feeds"] if f.get("arranged")]
        occurrences = expand(records, start, end, tz, zones=zones, arranged_feeds=arranged,
                             problems=problems)
        occurrences = self._apply_attendee_edits(occurrences)
        if include_superseded:
            return occurrences
        superseded = self.superseded_keys()
        if not superseded:
            return occurrences
        return [o for o in occurrences if key_instant(o.key) not in superseded]

    def _apply_attendee_edits(self, occurrences: list[Occurrence]) -> list[Occurrence]:
        """The scheduler's attendee additions and removals (decisions), in recorded order."""
        from leanmeet.planner.decisions import occurrence_matches

        edits: dict[str, list[dict]] = {}
        for d in self._tables()["decisions"]:
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
                    email, _, name = d["text"].partition("\t")
                    attendees = [a for a in attendees if (a.email or a.name) != (email or name)]
                    if d["type"] == "attendee-add":
                        attendees.append(Attendee(email, name))
                occ = replace(occ, attendees=tuple(attendees))
            out.append(occ)
        return out

    def superseded_keys(self) -> set[tuple[str, str | None]]:
        """Keys (recurrence ids as UTC instants) of the originals of accepted merges."""
        return {
            key_instant((m[0], m[1]))
            for d in self._tables()["decisions"] if d["type"] == "merge-accepted"
            for m in d.get("members", [])
        }

    def store_merged_event(self, ics_text: str) -> None:
        """Store a merged meeting (storage.merged) in the reserved merged feed."""
        result = self.import_feed(MERGED_FEED, [FeedText(MERGED_FEED, ics_text)],
                                  complete=False)
        if result.skipped:
            raise ValueError(f"merged meeting not stored: {result.problems[0]}")

    def remove_event(self, feed: str, uid: str) -> int:
        with self.db.write() as db:
            return len(db.table("events").remove(
                (where("feed") == feed) & (where("uid") == uid)))

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
        return any(doc["uid"] == uid for doc in self._tables()["events"])

    def feeds(self) -> list[dict]:
        return [dict(f) for f in self._tables()["feeds"]]

    def stats(self) -> dict[str, int]:
        tables = self._tables()
        return {name: len(tables[name]) for name in ("events", "people", "decisions")}

    # ---------------------------------------------------------------- people
    def people(self) -> list[Person]:
        rows = self._tables()["people"]
        return sorted(
            (Person(r["name"], r["email"], r["role"], r.get("title", ""),
                    r.get("department", ""), tuple(r.get("liaison") or ())) for r in rows),
            key=lambda p: (p.role != "leader", p.name.casefold()),
        )

    def add_people(self, people: Iterable[Person]) -> tuple[int, int]:
        """Add or update people by email; returns (added, updated)."""
        added = updated = 0
        with self.db.write() as db:
            table = db.table("people")
            by_email = {doc["email"]: doc.doc_id for doc in table.all()}
            for person in people:
                row = {
                    "name": person.name, "email": person.email.lower(), "role": person.role,
                    "title": person.title, "department": person.department,
                    "liaison": list(person.liaison),
                }
                if row["email"] in by_email:
                    table.update(row, doc_ids=[by_email[row["email"]]])
                    updated += 1
                else:
                    by_email[row["email"]] = table.insert(row)
                    added += 1
        return added, updated

    # ---------------------------------------------------------------- decisions
    def decisions(self) -> list[Decision]:
        rows = self._tables()["decisions"]
        return [
            Decision(r["type"], r["uid"], r.get("occurrence"), r.get("rule", ""),
                     r.get("text", ""), r.get("at", ""),
                     tuple(tuple(m) for m in r.get("members", [])))
            for r in rows
        ]

    def add_decision(self, decision: Decision, *, replace: bool = True) -> Decision:
        """Store a decision; one of the same type for the same event (and rule) replaces it."""
        stamped = Decision(decision.type, decision.uid, decision.occurrence, decision.rule,
                           decision.text, decision.at or _now(), decision.members)
        row = {
            "type": stamped.type, "uid": stamped.uid, "occurrence": stamped.occurrence,
            "rule": stamped.rule, "text": stamped.text, "at": stamped.at,
            "members": [list(m) for m in stamped.members],
        }
        with self.db.write() as db:
            table = db.table("decisions")
            if replace:
                table.remove(
                    (where("type") == stamped.type) & (where("uid") == stamped.uid)
                    & (where("occurrence") == stamped.occurrence)
                    & (where("rule") == stamped.rule)
                )
            table.insert(row)
        return stamped

    def edit_attendee(self, uid: str, occurrence: str | None, email: str, name: str,
                      *, add: bool) -> Decision:
        """Record that the scheduler added (or removed) a person to an event; a later edit of
        the same person on the same event replaces the earlier one."""
        email = email.strip().lower()
        text = f"{email}\t{name.strip()}"
        with self.db.write() as db:
            db.table("decisions").remove(
                (where("type").one_of(["attendee-add", "attendee-remove"]))
                & (where("uid") == uid) & (where("occurrence") == occurrence)
                & (where("text").test(lambda t: t.partition("\t")[0] == email
                                      if email else t == text)))
        return self.add_decision(
            Decision("attendee-add" if add else "attendee-remove", uid, occurrence, text=text),
            replace=False)

    def remove_decisions(self, type_: str, uid: str) -> int:
        with self.db.write() as db:
            return len(db.table("decisions").remove(
                (where("type") == type_) & (where("uid") == uid)))


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
