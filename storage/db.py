"""The leanmeet database file: TinyDB with atomic writes, a file lock and a schema version.

The file is one JSON object: ``{"_meta": {"schema": N}, "<table>": {"<doc_id>": {...}}, ...}``.
``_meta`` is ours and hidden from TinyDB; everything else is TinyDB's usual layout.

- Writes never rewrite the file in place: a temporary file in the same folder is written,
  fsynced and ``os.replace``d over the target, then the folder is fsynced. A crash (even
  ``kill -9``) leaves either the old or the new file, never a mix.
- ``Database.write()`` holds ``<file>.lock`` for the whole read-modify-write, so two leanmeet
  processes never lose each other's changes.
- A file we cannot understand is refused with ``CorruptDatabaseError`` and never overwritten.

Nothing here touches the disk at import or construction time.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeAlias, cast

import platformdirs
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

#: TinyDB's data: table name -> document id (a decimal string) -> document.
Tables: TypeAlias = dict[str, dict[str, dict[str, Any]]]

#: The layout version this code reads and writes; bump it together with a MIGRATIONS step.
SCHEMA_VERSION = 1
#: MIGRATIONS[n] turns the tables of a schema-n file into schema n+1 (applied in order).
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}
#: Seconds ``Database.write()`` waits for another process before giving up.
LOCK_TIMEOUT = 30.0

META_KEY = "_meta"
_FIX = "restore a backup or move it aside; leanmeet will not overwrite it"


class DatabaseError(Exception):
    """The database file cannot be used (the message says why and what to do)."""


class CorruptDatabaseError(DatabaseError):
    """The file is not a leanmeet database (bad JSON, wrong shape, another program's file)."""


class DatabaseLockedError(DatabaseError):
    """Another process held the write lock for longer than the timeout."""


def default_db_path() -> Path:
    """``$LEANMEET_DB`` if set, else ``<user data dir>/leanmeet/leanmeet.json`` (not created)."""
    env = os.environ.get("LEANMEET_DB")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path("leanmeet") / "leanmeet.json"


# --- the file format --------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as e:
        raise DatabaseError(f"{path}: cannot read the database: {e.strerror or e}") from e


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    return kinds.get(type(value), "null" if value is None else "a number")


def _corrupt(path: Path, problem: str) -> CorruptDatabaseError:
    return CorruptDatabaseError(f"{path}: {problem}; {_FIX}")


def _decode(raw: bytes, path: Path) -> tuple[Tables, int]:
    """Parse and check the file's bytes; return its tables and its schema version."""
    if not raw:
        return {}, SCHEMA_VERSION
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data":
            raise _corrupt(path, f"it ends early at byte {e.start} (truncated?)") from None
        raise _corrupt(path, f"not UTF-8 text at byte {e.start} (a binary file?)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        at = len(text[: e.pos].encode("utf-8"))
        where = f"byte {at} (line {e.lineno}, column {e.colno})"
        if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):
            raise _corrupt(path, f"not valid JSON: it ends early (truncated?) at {where}") from None
        raise _corrupt(path, f"not valid JSON at {where}: {e.msg}") from None
    if not isinstance(data, dict):
        raise _corrupt(path, f"the file holds {_json_kind(data)}, not a leanmeet database object")

    meta = data.pop(META_KEY, {"schema": 1})  # files from before versioning are schema 1
    schema = meta.get("schema") if isinstance(meta, dict) else None
    if type(schema) is not int or schema < 1:
        raise _corrupt(path, f'"{META_KEY}" is {json.dumps(meta)[:60]}, not {{"schema": N}}')
    if schema > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: made by a newer leanmeet (schema {schema} > {SCHEMA_VERSION}); "
            "upgrade leanmeet"
        )
    for name, table in data.items():
        if not isinstance(table, dict):
            raise _corrupt(
                path, f'"{name}" is {_json_kind(table)}, not a table (not a leanmeet database)'
            )
        for doc_id, doc in table.items():
            if not (doc_id.isdecimal() and isinstance(doc, dict)):
                raise _corrupt(
                    path,
                    f'table "{name}" has an entry "{doc_id[:40]}" that is not a document '
                    "(not a leanmeet database)",
                )
    return data, schema


def _encode(tables: Tables) -> bytes:
    if META_KEY in tables:
        raise DatabaseError(f'"{META_KEY}" is reserved for leanmeet; use another table name')
    data = {META_KEY: {"schema": SCHEMA_VERSION}, **tables}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _migrate(tables: Tables, schema: int, path: Path) -> Tables:
    while schema < SCHEMA_VERSION:
        step = MIGRATIONS.get(schema)
        if step is None:
            raise DatabaseError(
                f"{path}: this leanmeet cannot upgrade schema {schema} to {schema + 1} "
                "(missing migration); please report this bug"
            )
        tables = step(tables)
        schema += 1
    return tables


def _replace_atomically(path: Path, payload: bytes) -> None:
    """Write ``payload`` to a temp file beside ``path``, fsync, rename over ``path``, fsync dir."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with open(fd, "wb") as f:
            with suppress(FileNotFoundError):  # keep the permissions of the file we replace
                os.fchmod(f.fileno(), stat.S_IMODE(os.stat(path).st_mode))
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    if os.name == "posix":  # make the rename itself durable (Windows cannot open a folder)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _remove_stale_temp_files(path: Path) -> None:
    """Best effort: delete temp files left by a writer that died (call only under the lock)."""
    ours = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]+\.tmp")  # mkstemp's names
    with suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if ours.fullmatch(entry.name):
                with suppress(OSError):
                    os.unlink(entry.path)


class AtomicJSONStorage(Storage):
    """TinyDB storage: reads the JSON file, replaces it atomically on each write.

    It takes no lock: on its own it is crash-safe but not multi-process-safe; use
    ``Database.write()`` for that. A write whose bytes equal what was last read or written
    leaves the file alone.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        self.migrated = False  # the last read() upgraded an older schema in memory
        self._on_disk: bytes | None = None

    def read(self) -> Tables:
        raw = _read_bytes(self.path)
        tables, schema = _decode(raw, self.path)
        self.migrated = schema < SCHEMA_VERSION
        self._on_disk = raw
        return _migrate(tables, schema, self.path)

    def write(self, data: Tables) -> None:
        payload = _encode(data)
        if payload == self._on_disk:
            return
        try:
            _replace_atomically(self.path, payload)
        except OSError as e:
            raise DatabaseError(
                f"{self.path}: cannot write the database ({e.strerror or e}); nothing was changed"
            ) from e
        self._on_disk = payload


# --- in-memory TinyDB views -------------------------------------------------------------------


class _MemoryStorage(Storage):
    """Holds the tables of one write() block; notes whether TinyDB wrote anything."""

    def __init__(self, tables: Tables) -> None:
        super().__init__()
        self.tables: Tables | None = tables
        self.changed = False

    def read(self) -> Tables:
        if self.tables is None:
            raise DatabaseError("this database view was used after its `with` block ended")
        return self.tables

    def write(self, data: Tables) -> None:
        self.read()  # refuses once closed
        self.tables = data
        self.changed = True

    def close(self) -> None:
        self.tables = None


class _SnapshotStorage(_MemoryStorage):
    def read(self) -> Tables:
        return dict(super().read())  # TinyDB edits what read() returns: give it a copy

    def write(self, data: Tables) -> None:
        raise DatabaseError("Database.read() is read-only; make changes inside Database.write()")


class _ReadOnlyTable(Table):
    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        # Refuse before TinyDB touches the documents, so the snapshot stays intact.
        raise DatabaseError("Database.read() is read-only; make changes inside Database.write()")


class _SnapshotDB(TinyDB):
    table_class = _ReadOnlyTable


# --- the public entry point -------------------------------------------------------------------


class Database:
    """The leanmeet database file; the only way the rest of leanmeet touches it.

    ``read()`` yields a read-only TinyDB over an in-memory snapshot of the file.
    ``write()`` locks the file, yields a TinyDB over an in-memory copy of the current file and,
    when the block ends normally, writes the file once, atomically, if anything changed.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._writing = threading.local()

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    @contextmanager
    def read(self) -> Iterator[TinyDB]:
        """A consistent snapshot of the file (empty if the file is missing); writes raise."""
        tables = AtomicJSONStorage(self.path).read()
        db = _SnapshotDB(tables, storage=_SnapshotStorage)
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def write(self) -> Iterator[TinyDB]:
        """Lock, load the current file, yield it; on normal exit save changes atomically.

        If the block raises, nothing is written and the exception propagates.
        """
        if getattr(self._writing, "active", False):
            raise DatabaseError("Database.write() blocks cannot be nested; use the outer one")
        target = Path(os.path.realpath(self.path))
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
            disk = AtomicJSONStorage(target)
            db = TinyDB(disk.read(), storage=_MemoryStorage)
            memory = cast(_MemoryStorage, db.storage)
            try:
                yield db
                if memory.changed or disk.migrated:
                    disk.write(memory.read())
            finally:
                db.close()
        finally:
            self._writing.active = False
            lock.release()
