"""The leanmeet database: TinyDB tables kept in immutable segment files named by one root file.

Layout (schema 2; see the README's Storage section)::

    leanmeet.json                the root: {"_meta": {"schema": 2}, "tables": {name: {"next": N,
                                 "segments": [descriptor, ...]}}}  (small: a few KB)
    leanmeet.json.d/<sha>.json   segment files, named by the SHA-256 of their bytes, never
                                 changed once written; a table is the union of its segments
    leanmeet.json.lock           the one lock of every writer of this database

Small tables (decisions, people, feeds, zones, sync state) are one segment each. ``events`` is
split by feed and period (storage.partition): one segment per feed and ISO week of the event's
start, one per feed for recurring series and their overrides; the component text and the UIDs
of each events segment are companion files, so a window read never decodes raw text it does
not need and ``has_uid`` decodes only UIDs.

- A commit writes the new segment files first (each one temp file, fsync, rename), then
  replaces the root atomically (storage.atomic), then deletes files no root names. A kill -9
  at any moment leaves the old root (whose files are all still there) or the new one.
- ``Database.transaction()`` / ``write()`` hold ``<root>.lock`` for the whole
  read-modify-write, so two leanmeet processes never lose each other's changes.
- Readers take no lock: they read the root, then its segments; a segment deleted under them by
  a writer's clean-up means a newer root exists, and the read starts again from it.
- Every file read is checked: the root against its schema, each segment against its name
  (SHA-256) and every document against its table's schema (storage.schema). A file we cannot
  understand is refused with ``CorruptDatabaseError`` and never overwritten.
- A 0.1 database (schema 1: one JSON file holding every table) is read as it is and rewritten
  in this layout by the first write; the old file is kept as ``<name>.schema1.bak``.

Nothing here touches the disk at import or construction time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeAlias

import orjson
import platformdirs
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from leanmeet.storage.atomic import NotARegularFile, check_regular_or_missing, write_atomically
from leanmeet.storage.partition import PERIODIC, describe, partition_key
from leanmeet.storage.schema import CHECKS, check_document, check_table_name

#: TinyDB's data: table name -> document id (a decimal string) -> document.
Tables: TypeAlias = dict[str, dict[str, dict[str, Any]]]

#: The layout version this code reads and writes; bump it together with a MIGRATIONS step.
SCHEMA_VERSION = 2
#: MIGRATIONS[n] turns the tables of a schema-n database into schema n+1 (applied in order).
#: 1 -> 2 changed the layout on disk (one file -> root + segments), not the documents.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {1: lambda tables: tables}
#: Seconds ``Database.write()`` waits for another process before giving up.
LOCK_TIMEOUT = 30.0

META_KEY = "_meta"
_FIX = "restore a backup or move it aside; leanmeet will not overwrite it"
_SEGMENT_NAME = re.compile(r"[0-9a-f]{64}\.json")
_READ_RETRIES = 20


class DatabaseError(Exception):
    """The database cannot be used (the message says why and what to do)."""


class CorruptDatabaseError(DatabaseError):
    """A file is not a leanmeet database (bad JSON, wrong shape, another program's file)."""


class DatabaseLockedError(DatabaseError):
    """Another process held the write lock for longer than the timeout."""


class _SegmentGone(Exception):
    """A segment named by the root vanished: a writer committed a newer root meanwhile."""


def default_db_path() -> Path:
    """``$LEANMEET_DB`` if set, else ``<user data dir>/leanmeet/leanmeet.json`` (not created)."""
    env = os.environ.get("LEANMEET_DB")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path("leanmeet") / "leanmeet.json"


# --- decoding and checking --------------------------------------------------------------------


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    return kinds.get(type(value), "null" if value is None else "a number")


def _corrupt(path: Path, problem: str) -> CorruptDatabaseError:
    return CorruptDatabaseError(f"{path}: {problem}; {_FIX}")


def _regular(path: Path) -> Path:
    """The real path of a database file that is regular or missing (else refused)."""
    try:
        return check_regular_or_missing(path)
    except NotARegularFile:
        raise DatabaseError(f"{path}: not a regular file (a FIFO, device or folder?); "
                            "leanmeet only reads and replaces regular files and left it "
                            "as it was") from None


def _read_bytes(path: Path) -> bytes:
    real = _regular(path)
    try:
        return real.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as e:
        raise DatabaseError(f"{path}: cannot read the database: {e.strerror or e}") from e


def _parse_json(raw: bytes, path: Path) -> Any:
    try:  # orjson decodes about twice as fast; what it refuses is read again below
        return orjson.loads(raw)  # so that every refusal is worded the same
    except orjson.JSONDecodeError:
        pass
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data":
            raise _corrupt(path, f"it ends early at byte {e.start} (truncated?)") from None
        raise _corrupt(path, f"not UTF-8 text at byte {e.start} (a binary file?)") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        at = len(text[: e.pos].encode("utf-8"))
        where = f"byte {at} (line {e.lineno}, column {e.colno})"
        if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):
            raise _corrupt(path, f"not valid JSON: it ends early (truncated?) at {where}") from None
        raise _corrupt(path, f"not valid JSON at {where}: {e.msg}") from None
    except RecursionError:
        raise _corrupt(path, "not a leanmeet database (nested too deeply)") from None


def _check_table(path: Path, name: str, table: Any, *, has_text: bool = True) -> None:
    if not isinstance(table, dict):
        raise _corrupt(path, f'"{name}" is {_json_kind(table)}, not a table '
                       "(not a leanmeet database)")
    for doc_id, doc in table.items():
        if not (doc_id.isdecimal() and isinstance(doc, dict)):
            raise _corrupt(path, f'table "{name}" has an entry "{doc_id[:40]}" that is not a '
                           "document (not a leanmeet database)")
        problem = check_document(name, doc, has_text=has_text)
        if problem:
            raise _corrupt(path, f'table "{name}", document {doc_id}: {problem}')


def _schema_of(data: dict, path: Path) -> int:
    meta = data.get(META_KEY, {"schema": 1})  # 0.1 files from before versioning are schema 1
    schema = meta.get("schema") if isinstance(meta, dict) else None
    if type(schema) is not int or schema < 1:
        raise _corrupt(path, f'"{META_KEY}" is {json.dumps(meta)[:60]}, not {{"schema": N}}')
    if schema > SCHEMA_VERSION:
        raise DatabaseError(f"{path}: made by a newer leanmeet (schema {schema} > "
                            f"{SCHEMA_VERSION}); upgrade leanmeet")
    return schema


def _check_manifest(data: dict, path: Path) -> dict[str, dict]:
    tables = data.get("tables")
    extra = sorted(set(data) - {META_KEY, "tables"})
    if extra or not isinstance(tables, dict):
        what = f'unexpected "{extra[0][:40]}"' if extra else '"tables" is missing'
        raise _corrupt(path, f"a schema-2 root must hold only _meta and tables ({what})")
    for name, info in tables.items():
        problem = check_table_name(name)
        if not problem and not (isinstance(info, dict) and type(info.get("next")) is int
                                and isinstance(info.get("segments"), list)):
            problem = 'is not {"next": N, "segments": [...]}'
        for seg in info.get("segments", []) if not problem else []:
            problem = _check_descriptor(name, seg)
            if problem:
                break
        if problem:
            raise _corrupt(path, f'table "{name[:40]}" {problem}')
    return tables


def _check_descriptor(table: str, seg: Any) -> str | None:
    if not isinstance(seg, dict):
        return f"has a segment that is {_json_kind(seg)}, not an object"
    for key in ("file", "texts", "uids"):
        name = seg.get(key)
        if (key == "file" or name is not None) and not (
                isinstance(name, str) and _SEGMENT_NAME.fullmatch(name)):
            return f"has a segment whose {key} is {json.dumps(name)[:60]}, not a segment name"
    if type(seg.get("n")) is not int:
        return "has a segment without its document count"
    if not isinstance(seg.get("ok", ""), str):
        return "has a segment whose check mark is not text"
    if not isinstance(seg.get("imp", ""), str):
        return "has a segment whose import mark is not text"
    if table in PERIODIC:
        if not (isinstance(seg.get("feed"), str) and isinstance(seg.get("part"), str)):
            return "has a segment without its feed and period"
        for key in ("lo", "hi"):
            if seg.get(key) is not None and type(seg[key]) not in (int, float):
                return f"has a segment whose {key} is not a time"
    return None


# --- a consistent view of one version of the database -----------------------------------------


class SegmentCache:
    """Decoded segments by file name. Segment files never change, so an entry is valid as long
    as the process lives; one Repository keeps one cache across the roots it reads."""

    def __init__(self) -> None:
        self.docs: dict[str, dict[str, dict]] = {}
        self.other: dict[str, Any] = {}

    def keep_only(self, snap: Snapshot) -> None:
        """Forget the segments a newer root no longer names (a long TUI session)."""
        live = {seg[k] for name in snap.table_names() for seg in snap.segments(name)
                for k in ("file", "texts", "uids") if seg.get(k)}
        for name in [n for n in self.docs if n not in live]:
            self.docs.pop(name, None)
        for key in [k for k in self.other if not all(p in live for p in k.split("+"))]:
            self.other.pop(key, None)


class Snapshot:
    """One version of the database: its root (or a 0.1 file held in memory) and its segments.

    ``segments(table)`` lists the descriptors; ``docs(table, seg)`` decodes one segment
    (checked); ``table(name)`` is the whole table. Documents returned are shared with the
    cache: do not change them (a Transaction copies what it changes).
    """

    def __init__(self, root: Path, store: Path, tables: dict[str, dict], schema: int,
                 cache: SegmentCache, legacy: Tables | None = None,
                 signature: tuple | None = None) -> None:
        self.root = root
        self.store = store
        self.meta = tables  # name -> {"next": N, "segments": [...]}
        self.schema = schema
        self.cache = cache
        self.legacy = legacy
        self.signature = signature

    # -- listing
    def table_names(self) -> list[str]:
        return [name for name, info in self.meta.items() if info["segments"]]

    def segments(self, table: str) -> list[dict]:
        info = self.meta.get(table)
        return list(info["segments"]) if info else []

    def count(self, table: str) -> int:
        return sum(seg["n"] for seg in self.segments(table))

    # -- loading
    def _file(self, name: str) -> bytes:
        path = self.store / name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise _SegmentGone(str(path)) from None
        except OSError as e:
            raise DatabaseError(f"{path}: cannot read the database: {e.strerror or e}") from e
        if hashlib.sha256(raw).hexdigest() != name[:64]:
            raise _corrupt(path, "its content does not match its name (damaged or edited)")
        return raw

    def docs(self, table: str, seg: dict, *, text: bool = True) -> dict[str, dict]:
        """The documents of one segment; for events without ``text`` unless asked."""
        if "mem" in seg:  # a 0.1 file read into memory
            return seg["mem"]
        name = seg["file"]
        docs = self.cache.docs.get(name)
        if docs is None:
            path = self.store / name
            docs = _parse_json(self._file(name), path)
            if seg.get("ok") != _verdict(name) or not isinstance(docs, dict):
                _check_table(path, table, docs, has_text=False)
            self.cache.docs[name] = docs
        if text and seg.get("texts"):
            # a new dict per document: cached documents are never changed, so a reader in
            # another thread (the TUI) never sees one change under it
            key = f"{name}+{seg['texts']}"
            merged = self.cache.other.get(key)
            if merged is None:
                texts = self.texts(seg)
                merged = {i: {**d, "text": texts[i]} if i in texts else d
                          for i, d in docs.items()}
                self.cache.other[key] = merged
            return merged
        return docs

    def texts(self, seg: dict) -> dict[str, str]:
        name = seg["texts"]
        texts = self.cache.other.get(name)
        if texts is None:
            path = self.store / name
            texts = _parse_json(self._file(name), path)
            if not (isinstance(texts, dict)
                    and all(isinstance(v, str) for v in texts.values())):
                raise _corrupt(path, "a text segment must map document ids to text")
            self.cache.other[name] = texts
        return texts

    def uids(self, seg: dict) -> list[str]:
        if "mem" in seg:
            return sorted({doc["uid"] for doc in seg["mem"].values()})
        name = seg.get("uids")
        if name is None:
            return sorted({doc["uid"] for doc in self.docs("events", seg, text=False).values()})
        uids = self.cache.other.get(name)
        if uids is None:
            path = self.store / name
            uids = _parse_json(self._file(name), path)
            if not (isinstance(uids, list) and all(isinstance(u, str) for u in uids)):
                raise _corrupt(path, "a UID segment must be an array of text")
            self.cache.other[name] = uids
        return uids

    def table(self, name: str) -> dict[str, dict]:
        """Every document of a table (events with their text)."""
        out: dict[str, dict] = {}
        for seg in self.segments(name):
            out.update(self.docs(name, seg))
        return out


def _store_dir(real_root: Path) -> Path:
    return real_root.with_name(real_root.name + ".d")


def _signature(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _legacy_tables(data: dict, schema: int, path: Path) -> dict[str, dict]:
    """A 0.1 file's tables, checked and migrated forward, as in-memory segments."""
    data = dict(data)
    data.pop(META_KEY, None)
    for name, table in data.items():
        _check_table(path, name, table)
    tables: Tables = data
    while schema < SCHEMA_VERSION:
        step = MIGRATIONS.get(schema)
        if step is None:
            raise DatabaseError(f"{path}: this leanmeet cannot upgrade schema {schema} to "
                                f"{schema + 1} (missing migration); please report this bug")
        tables = step(tables)
        schema += 1
    meta: dict[str, dict] = {}
    for name, table in tables.items():
        parts: dict[str, dict[str, dict]] = {}
        for doc_id, doc in table.items():
            parts.setdefault(partition_key(name, doc), {})[doc_id] = doc
        segments = [{"mem": docs, **describe(name, docs, key)} for key, docs in parts.items()]
        next_id = max((int(i) for i in table), default=0) + 1
        meta[name] = {"next": next_id, "segments": segments}
    return meta


def load_snapshot(path: Path, cache: SegmentCache | None = None) -> Snapshot:
    """Read the root (and nothing else yet); retried by callers on ``_SegmentGone``."""
    cache = cache or SegmentCache()
    real = _regular(path)
    store = _store_dir(real)
    signature = _signature(real)
    raw = _read_bytes(real)
    if not raw:
        return Snapshot(real, store, {}, SCHEMA_VERSION, cache, signature=signature)
    data = _parse_json(raw, path)
    if not isinstance(data, dict):
        raise _corrupt(path, f"the file holds {_json_kind(data)}, not a leanmeet database object")
    schema = _schema_of(data, path)
    if schema < 2:
        return Snapshot(real, store, _legacy_tables(data, schema, path), schema, cache,
                        legacy=data, signature=signature)
    snap = Snapshot(real, store, _check_manifest(data, path), schema, cache,
                    signature=signature)
    if schema < SCHEMA_VERSION:  # an older layout of segments: migrate every table in memory
        tables = {name: {i: dict(d) for i, d in snap.table(name).items()}
                  for name in snap.table_names()}
        return Snapshot(real, store, _legacy_tables(tables, schema, path), schema, cache,
                        legacy=tables, signature=signature)
    return snap


def retrying(read: Callable[[], Any]) -> Any:
    """Run a read; start again when a writer replaced the root under it."""
    for _ in range(_READ_RETRIES):
        try:
            return read()
        except _SegmentGone:
            continue
    try:
        return read()
    except _SegmentGone as gone:
        raise DatabaseError(
            f"{gone}: missing, though the database's root file names it (was the root "
            "copied without its folder of segments?); restore both from a backup") from None


# --- changes ----------------------------------------------------------------------------------


class Transaction(Snapshot):
    """A Snapshot taken under the lock whose changes ``commit()`` writes in one step.

    Change a table by handing whole segments' worth of documents to ``put(table, key, docs)``
    (storage.partition names the keys) or a whole table to ``set_table``.
    """

    def __init__(self, snap: Snapshot) -> None:
        super().__init__(snap.root, snap.store, {k: {"next": v["next"],
                                                     "segments": list(v["segments"])}
                                                 for k, v in snap.meta.items()},
                         snap.schema, snap.cache, snap.legacy, snap.signature)
        self.dirty: dict[tuple[str, str], dict[str, dict]] = {}
        self._pending: dict[str, bytes] = {}  # segment files to write (name -> bytes)
        self._marks: dict[str, str] = {}  # feed -> the import mark of its events segments

    # -- reading what a change needs
    def by_key(self, table: str) -> dict[str, dict]:
        return {seg_key(table, seg): seg for seg in self.segments(table)}

    def part(self, table: str, key: str) -> dict[str, dict]:
        """A private, changeable copy of the documents of one partition (with text)."""
        if (table, key) in self.dirty:
            return self.dirty[(table, key)]
        seg = self.by_key(table).get(key)
        docs = {} if seg is None else {i: dict(d) for i, d in self.docs(table, seg).items()}
        self.dirty[(table, key)] = docs
        return docs

    def new_id(self, table: str) -> int:
        info = self.meta.setdefault(table, {"next": 1, "segments": []})
        doc_id = info["next"]
        info["next"] = doc_id + 1
        return doc_id

    # -- changing
    def put(self, table: str, key: str, docs: dict[str, dict]) -> None:
        problem = check_table_name(table)
        if problem:
            raise DatabaseError(f'"{table}" {problem}')
        self.dirty[(table, key)] = docs
        info = self.meta.setdefault(table, {"next": 1, "segments": []})
        info["next"] = max([info["next"], *(int(i) + 1 for i in docs)])

    def set_table(self, table: str, docs: dict[str, dict]) -> None:
        """Replace a whole table; only the partitions whose documents differ are rewritten."""
        parts: dict[str, dict[str, dict]] = {}
        for doc_id, doc in docs.items():
            parts.setdefault(partition_key(table, doc), {})[str(doc_id)] = doc
        for key, seg in self.by_key(table).items():
            if key not in parts and (table, key) not in self.dirty:
                self.put(table, key, {})
        for key, new in parts.items():
            if (table, key) not in self.dirty:
                seg = self.by_key(table).get(key)
                if seg is not None and self.docs(table, seg) == new:
                    continue
            self.put(table, key, new)
        for (name, key) in list(self.dirty):
            if name == table and key not in parts:
                self.dirty[(name, key)] = {}

    @property
    def changed(self) -> bool:
        return bool(self.dirty) or self.legacy is not None or bool(self._marks)

    def mark_feed(self, feed: str, mark: str) -> None:
        """Give every events segment of ``feed`` the descriptor field ``imp``, the
        :func:`import_mark` of ``mark`` and its file, at commit (the import that wrote or kept
        it; storage.repository). A segment any later change rewrites is described anew,
        without it."""
        self._marks[feed] = mark

    # -- writing
    def _write_file(self, payload: bytes) -> str:
        """The name of a segment file with ``payload``; written by ``_flush``."""
        name = hashlib.sha256(payload).hexdigest() + ".json"
        target = self.store / name
        if not target.exists():
            self._pending[name] = payload
        return name

    def _flush(self) -> None:
        """Write the pending segment files, each atomically, several at a time (most of a
        write's time is waiting for the disk: fsync releases the GIL, and the file system
        commits fsyncs that overlap together). Returns once every file is on disk."""
        pending, self._pending = self._pending, {}
        if not pending:
            return
        umask = os.umask(0)  # once, here: write_atomically never reads it from the threads
        os.umask(umask)
        mode = 0o666 & ~umask

        def write(item: tuple[str, bytes]) -> None:
            write_atomically(self.store / item[0], item[1], mode=mode)

        if len(pending) == 1:
            write(next(iter(pending.items())))
            return
        with ThreadPoolExecutor(min(8, len(pending))) as pool:
            for _ in pool.map(write, pending.items()):  # re-raises the first failure
                pass

    def commit(self) -> None:
        """Write the changed segments, then the root that names them, then clean up."""
        if not self.changed:
            return
        if self.legacy is not None:  # a 0.1 file: every table gets its segments now
            for table, info in self.meta.items():
                for seg in info["segments"]:
                    key = seg_key(table, seg)
                    self.dirty.setdefault((table, key), seg["mem"])
                info["segments"] = [s for s in info["segments"] if "mem" not in s]
        try:
            # the segments hold the meetings and their people: the folder is the owner's only
            # (a new root is too; an existing root keeps its permissions)
            self.store.mkdir(mode=0o700, parents=True, exist_ok=True)
            new_root = not self.root.exists()
            for (table, key), docs in sorted(self.dirty.items()):
                info = self.meta.setdefault(table, {"next": 1, "segments": []})
                segments = [s for s in info["segments"] if seg_key(table, s) != key]
                if docs:
                    segments.append(self._segment(table, key, docs))
                segments.sort(key=lambda s: seg_key(table, s))
                info["segments"] = segments
            if self._marks and "events" in self.meta:
                info = self.meta["events"]
                marks = self._marks
                info["segments"] = [{**s, "imp": import_mark(marks[s["feed"]], s["file"])}
                                    if s.get("feed") in marks else s
                                    for s in info["segments"]]
            self._flush()  # every segment the new root names is on disk before it
            root = {META_KEY: {"schema": SCHEMA_VERSION},
                    "tables": {k: v for k, v in sorted(self.meta.items()) if v["segments"]}}
            payload = json.dumps(root, ensure_ascii=False, separators=(",", ":"))
            if self.legacy is not None and self.schema == 1:
                _keep_backup(self.root)
            write_atomically(self.root, payload.encode("utf-8"))
            if new_root:
                os.chmod(self.root, 0o600)
        except NotARegularFile as e:
            raise DatabaseError(f"{e}; nothing was changed") from None
        except OSError as e:
            raise DatabaseError(f"{self.root}: cannot write the database "
                                f"({e.strerror or e}); nothing was changed") from e
        self.legacy = None
        self.dirty = {}
        self._marks = {}
        _collect_garbage(self.store, self.meta)

    def _segment(self, table: str, key: str, docs: dict[str, dict]) -> dict:
        for doc_id, doc in docs.items():
            problem = check_document(table, doc)
            if problem:
                raise DatabaseError(f'refusing to store table "{table}", document {doc_id}: '
                                    f"{problem}")
        seg = describe(table, docs, key)
        if table == "events":
            texts = {i: d["text"] for i, d in docs.items() if "text" in d}
            bare = {i: {k: v for k, v in d.items() if k != "text"} for i, d in docs.items()}
            seg["file"] = self._write_file(_dump(bare))
            seg["texts"] = self._write_file(_dump(texts))
            seg["uids"] = self._write_file(_dump(sorted({d["uid"] for d in docs.values()})))
            self.cache.docs[seg["file"]] = bare
            self.cache.other[seg["texts"]] = texts
        else:
            seg["file"] = self._write_file(_dump(docs))
        seg["ok"] = _verdict(seg["file"])  # every document was checked above
        return seg


def import_mark(fingerprint: str, name: str) -> str:
    """The mark an import leaves on an events segment it wrote or kept (``imp``), bound to
    the segment's file as the check mark is: a descriptor pointed at another file does not
    carry over the mark of its old one."""
    return hashlib.sha256(f"leanmeet import {fingerprint}: {name}".encode()).hexdigest()[:32]


def _verdict(name: str) -> str:
    """The mark a segment's descriptor carries when its documents passed these checks
    (``schema.CHECKS``) as they were written. A segment file is named by the SHA-256 of its
    bytes, verified on every read, so what passed once passes again: a reader checks only the
    segments without the mark of their own file (written elsewhere, edited, or by checks
    older than these), and a 100,000-event week opens a tenth faster."""
    return hashlib.sha256(f"leanmeet checks {CHECKS}: {name}".encode()).hexdigest()[:16]


def seg_key(table: str, seg: dict) -> str:
    if table in PERIODIC:
        return f"{seg['feed']}\x1f{seg['part']}"
    return seg.get("key", "")


def _dump(value: Any) -> bytes:
    try:  # compact UTF-8 JSON, as below, several times faster
        return orjson.dumps(value)
    except (orjson.JSONEncodeError, TypeError):  # what orjson declines (an integer of more
        # than 64 bits): the standard library writes it, or says why it cannot
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _keep_backup(root: Path) -> None:
    """Keep the 0.1 file beside the new root (a hard link: no copy of its bytes)."""
    backup = root.with_name(root.name + ".schema1.bak")
    if backup.exists():
        return
    try:
        os.link(root, backup)
    except OSError:
        with suppress(OSError):
            write_atomically(backup, root.read_bytes())


def _collect_garbage(store: Path, meta: dict[str, dict]) -> None:
    """Delete segment and temp files that the current root does not name (under the lock)."""
    live = {seg[k] for info in meta.values() for seg in info["segments"]
            for k in ("file", "texts", "uids") if seg.get(k)}
    with suppress(OSError), os.scandir(store) as entries:
        for entry in entries:
            if entry.name in live:
                continue
            if _SEGMENT_NAME.fullmatch(entry.name) or entry.name.endswith(".tmp"):
                with suppress(OSError):
                    os.unlink(entry.path)


def _remove_stale_temp_files(root: Path) -> None:
    """Temp files of a writer that died while writing the root (call only under the lock)."""
    ours = re.compile(rf"\.{re.escape(root.name)}\.[a-z0-9_]+\.tmp")
    with suppress(OSError), os.scandir(root.parent) as entries:
        for entry in entries:
            if ours.fullmatch(entry.name):
                with suppress(OSError):
                    os.unlink(entry.path)


# --- TinyDB over a snapshot or a transaction --------------------------------------------------


class _LazyTables(MutableMapping):
    """TinyDB's "all tables" dict, loading a table only when TinyDB asks for it."""

    def __init__(self, snap: Snapshot, writable: bool) -> None:
        self.snap = snap
        self.writable = writable
        self.loaded: dict[str, dict] = {}
        self.assigned: set[str] = set()

    def __getitem__(self, name: str) -> dict:
        if name not in self.loaded:
            if name not in self.snap.table_names():
                raise KeyError(name)
            table = retrying(lambda: self.snap.table(name))
            # copies: TinyDB changes documents in place
            self.loaded[name] = {i: dict(d) for i, d in table.items()}
        return self.loaded[name]

    def _refuse_if_read_only(self) -> None:
        if not self.writable:
            raise DatabaseError("Database.read() is read-only; make changes inside "
                                "Database.write()")

    def __setitem__(self, name: str, table: dict) -> None:
        self._refuse_if_read_only()
        if name == META_KEY:
            raise DatabaseError(f'"{META_KEY}" is reserved for leanmeet; use another table name')
        self.loaded[name] = table
        self.assigned.add(name)

    def __delitem__(self, name: str) -> None:
        self._refuse_if_read_only()
        self.loaded[name] = {}
        self.assigned.add(name)

    def __iter__(self):
        return iter(sorted(set(self.snap.table_names()) | {n for n, t in self.loaded.items()
                                                            if t}))

    def __len__(self) -> int:
        return len(list(iter(self)))


class _LazyStorage(Storage):
    def __init__(self, tables: _LazyTables) -> None:
        super().__init__()
        self.tables: _LazyTables | None = tables

    def read(self) -> _LazyTables:
        if self.tables is None:
            raise DatabaseError("this database view was used after its `with` block ended")
        return self.tables

    def write(self, data) -> None:
        tables = self.read()
        if not tables.writable:
            raise DatabaseError("Database.read() is read-only; make changes inside "
                                "Database.write()")
        if data is not tables:  # drop_tables() hands over a plain dict
            for name in list(tables):
                tables[name] = dict(data.get(name, {}))

    def close(self) -> None:
        self.tables = None


class _ReadOnlyTable(Table):
    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        raise DatabaseError("Database.read() is read-only; make changes inside Database.write()")


class _SnapshotDB(TinyDB):
    table_class = _ReadOnlyTable


# --- the public entry point -------------------------------------------------------------------


class Database:
    """The leanmeet database; the only way the rest of leanmeet touches its files.

    ``snapshot()`` / ``transaction()`` are the segment-level interface (storage.repository);
    ``read()`` / ``write()`` yield TinyDB over the same data for code that wants whole tables.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = LOCK_TIMEOUT,
                 cache: SegmentCache | None = None) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.cache = cache or SegmentCache()
        self._writing = threading.local()

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    @property
    def store(self) -> Path:
        """The folder of the segment files."""
        return _store_dir(Path(os.path.realpath(self.path)))

    def snapshot(self) -> Snapshot:
        return load_snapshot(self.path, self.cache)

    def read_consistently(self, read: Callable[[Snapshot], Any]) -> Any:
        """``read(snapshot)``, started again from a newer root if a writer replaced it."""
        return retrying(lambda: read(self.snapshot()))

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, yield the current version to change; commit on normal exit (once)."""
        if getattr(self._writing, "active", False):
            raise DatabaseError("Database.write() blocks cannot be nested; use the outer one")
        target = _regular(self.path)
        lock = FileLock(f"{target}.lock", timeout=self.lock_timeout)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except Timeout:
            raise DatabaseLockedError(
                f"{target}: another leanmeet process has been changing it for over "
                f"{self.lock_timeout:g} s (lock {target}.lock); try again when it has finished"
            ) from None
        except OSError as e:
            raise DatabaseError(f"{target}: cannot lock the database: {e.strerror or e}") from e
        self._writing.active = True
        try:
            _remove_stale_temp_files(target)
            tx = Transaction(load_snapshot(self.path, self.cache))
            yield tx
            tx.commit()
        finally:
            self._writing.active = False
            lock.release()

    @contextmanager
    def read(self) -> Iterator[TinyDB]:
        """A consistent read-only TinyDB (empty if there is no database yet); writes raise."""
        db = _SnapshotDB(_LazyTables(self.snapshot(), False), storage=_LazyStorage)
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def write(self) -> Iterator[TinyDB]:
        """Lock, yield TinyDB over the current version; on normal exit save what changed.

        If the block raises, nothing is written and the exception propagates.
        """
        with self.transaction() as tx:
            tables = _LazyTables(tx, True)
            db = TinyDB(tables, storage=_LazyStorage)
            try:
                yield db
                for name in sorted(tables.assigned):
                    tx.set_table(name, tables.loaded[name])
            finally:
                db.close()


def copy_database(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Copy a database (its root and the segments it names) to ``target`` (a new path)."""
    db = Database(source)
    snap = db.snapshot()
    target = Path(target)
    store = _store_dir(Path(os.path.realpath(target)))
    if snap.legacy is not None or snap.signature is None:  # a 0.1 file, or nothing
        if Path(source).exists():
            write_atomically(target, _read_bytes(Path(source)))
        return
    store.mkdir(parents=True, exist_ok=True)
    for table in snap.table_names():
        for seg in snap.segments(table):
            for key in ("file", "texts", "uids"):
                if seg.get(key):
                    write_atomically(store / seg[key], snap._file(seg[key]), keep_mode=False)
    write_atomically(target, _read_bytes(snap.root))
