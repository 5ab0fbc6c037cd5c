"""storage/db.py: real files in tmp_path, real TinyDB, real second processes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from tinydb import TinyDB, where

from leanmeet.storage import db as dbmod
from leanmeet.storage.db import (
    CorruptDatabaseError,
    Database,
    DatabaseError,
    DatabaseLockedError,
    default_db_path,
)

WORKER = Path(__file__).parent / "helpers" / "db_worker.py"
REPO = Path(__file__).resolve().parents[1]


def temp_files(folder: Path) -> list[str]:
    """Temp files beside the root and in its folder of segments."""
    found = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    for store in folder.glob("*.d"):
        found += [p for p in store.iterdir() if p.name.endswith(".tmp")]
    return sorted(p.name for p in found)


def all_bytes(path: Path) -> bytes:
    """The root and every segment file, for "nothing was written" checks."""
    store = path.with_name(path.name + ".d")
    parts = [path.read_bytes()] if path.exists() else []
    if store.exists():
        parts += [p.read_bytes() for p in sorted(store.iterdir())]
    return b"\0".join(parts)


def spawn(*args: str, stdin: int | None = subprocess.PIPE) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "leanmeet.json"


# --- round trip ---------------------------------------------------------------------------------


def test_tables_round_trip_with_chinese_text_as_compact_utf8(path: Path) -> None:
    events = [
        {"uid": "a@x", "summary": "全市安全生产工作会议", "attendees": ["张三", "李四"]},
        {"uid": "b@x", "summary": "Weekly sync", "start": "2025-03-04T09:00:00+08:00"},
    ]
    with Database(path).write() as t:
        ids = t.table("notes").insert_multiple(events)
        t.table("contacts").insert({"email": "wang@gov.example", "name": "王五"})

    with Database(path).read() as t:
        assert t.tables() == {"notes", "contacts"}
        assert t.table("notes").all() == events
        assert [d.doc_id for d in t.table("notes").all()] == ids
        assert (
            t.table("notes").search(where("summary") == "全市安全生产工作会议")[0]["uid"] == "a@x"
        )
        assert t.table("contacts").all() == [{"email": "wang@gov.example", "name": "王五"}]

    raw = all_bytes(path)
    assert "全市安全生产工作会议".encode() in raw  # UTF-8, not \u escapes
    assert b", " not in raw and b": " not in raw and b"\n" not in raw  # compact
    assert json.loads(path.read_bytes())["_meta"] == {"schema": dbmod.SCHEMA_VERSION}


def test_changes_accumulate_across_write_blocks(path: Path) -> None:
    db = Database(path)
    with db.write() as t:
        ids = t.table("notes").insert_multiple({"n": n} for n in range(5))
    with db.write() as t:
        t.table("notes").remove(doc_ids=ids[:2])
        t.table("notes").update({"seen": True}, where("n") == 4)
    with db.read() as t:
        assert t.table("notes").all() == [{"n": 2}, {"n": 3}, {"n": 4, "seen": True}]


def test_missing_file_reads_as_empty_and_is_created_by_the_first_change(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "leanmeet.json"
    db = Database(path)
    with db.read() as t:
        assert t.tables() == set()
        assert t.table("notes").all() == []
    assert not (tmp_path / "not").exists()
    with db.write() as t:  # write() makes the folder (for its lock) but an unchanged block...
        assert t.table("notes").all() == []
    assert not path.exists()  # ...writes no file
    with db.write() as t:
        t.table("notes").insert({"uid": "a"})
    with db.read() as t:
        assert t.table("notes").all() == [{"uid": "a"}]


def test_empty_file_is_an_empty_database(path: Path) -> None:
    path.write_bytes(b"")
    with Database(path).read() as t:
        assert t.tables() == set()
    with Database(path).write() as t:
        t.table("notes").insert({"uid": "a"})
    with Database(path).read() as t:
        assert t.table("notes").all() == [{"uid": "a"}]


# --- one atomic write per block -----------------------------------------------------------------


def test_write_block_replaces_the_file_once_at_the_end(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(path)
    with db.write() as t:
        t.table("notes").insert({"uid": "old"})
    before = path.read_bytes()
    inode = path.stat().st_ino

    replaced: list[str] = []
    real_replace = os.replace

    def counting_replace(src: Any, dst: Any) -> None:  # the real rename, counted
        replaced.append(os.fspath(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", counting_replace)
    with db.write() as t:
        events = t.table("notes")
        ids = events.insert_multiple({"uid": f"e{n}"} for n in range(100))
        events.remove(doc_ids=ids[:50])
        events.update({"kind": "meeting"})
        assert path.read_bytes() == before  # nothing reaches the disk mid-block
        assert replaced == []
    assert replaced[-1] == os.path.realpath(path)  # the root goes last...
    assert replaced.count(os.path.realpath(path)) == 1  # ...once
    assert all(Path(r).parent.name == path.name + ".d" for r in replaced[:-1])
    assert path.stat().st_ino != inode  # a new file was renamed in, not rewritten in place
    with db.read() as t:
        assert len(t.table("notes")) == 51


def test_block_without_changes_leaves_the_file_untouched(path: Path) -> None:
    db = Database(path)
    with db.write() as t:
        t.table("notes").insert({"uid": "a", "summary": "会议"})
    before = path.stat()
    with db.write() as t:
        assert t.table("notes").all()
        t.table("notes").update({"x": 1}, where("uid") == "nobody")  # TinyDB "writes" anyway
        t.table("notes").remove(doc_ids=[999])
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_exception_inside_write_changes_nothing(path: Path) -> None:
    db = Database(path, lock_timeout=2)
    with db.write() as t:
        t.table("notes").insert_multiple({"n": n} for n in range(10))
    before = all_bytes(path)

    with pytest.raises(RuntimeError, match="boom"), db.write() as t:
        t.table("notes").truncate()
        t.table("other").insert({"x": 1})
        raise RuntimeError("boom")

    assert all_bytes(path) == before
    with db.write() as t:  # and the lock was released
        assert len(t.table("notes")) == 10


def test_read_snapshot_refuses_writes_and_stays_intact(path: Path) -> None:
    db = Database(path)
    with db.write() as t:
        t.table("notes").insert({"uid": "a"})
    before = path.read_bytes()
    with db.read() as t:
        events = t.table("notes")
        for change in (
            lambda: events.insert({"uid": "b"}),
            lambda: events.update({"uid": "z"}),
            lambda: events.remove(doc_ids=[1]),
            lambda: events.truncate(),
            lambda: t.drop_table("notes"),
            lambda: t.drop_tables(),
        ):
            with pytest.raises(DatabaseError, match="read-only"):
                change()
        assert events.all() == [{"uid": "a"}]
        assert t.tables() == {"notes"}
    assert path.read_bytes() == before


def test_read_is_a_snapshot(path: Path) -> None:
    db = Database(path)
    with db.write() as t:
        t.table("notes").insert({"uid": "a"})
    with db.read() as snapshot:
        with db.write() as t:
            t.table("notes").insert({"uid": "b"})
        assert snapshot.table("notes").all() == [{"uid": "a"}]
    with db.read() as t:
        assert len(t.table("notes")) == 2


def test_view_cannot_be_used_after_its_block(path: Path) -> None:
    db = Database(path)
    with db.write() as t:
        events = t.table("notes")
        events.insert({"uid": "a"})
    with pytest.raises(DatabaseError, match="after its `with` block"):
        events.insert({"uid": "lost"})
    with db.read() as t:
        assert t.table("notes").all() == [{"uid": "a"}]


def test_nested_write_is_refused(path: Path) -> None:
    db = Database(path)
    with db.write() as t:
        t.table("notes").insert({"uid": "outer"})
        with pytest.raises(DatabaseError, match="nested"), db.write():
            pass
    with db.read() as t:
        assert t.table("notes").all() == [{"uid": "outer"}]


def test_reserved_meta_table_is_refused(path: Path) -> None:
    with pytest.raises(DatabaseError, match="reserved"), Database(path).write() as t:
        t.table("_meta").insert({"schema": 99})
    assert not path.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_file_permissions_survive_a_write(path: Path) -> None:
    db = Database(path)
    with db.write() as t:
        t.table("notes").insert({"uid": "a"})
    path.chmod(0o640)
    with db.write() as t:
        t.table("notes").insert({"uid": "b"})
    assert path.stat().st_mode & 0o777 == 0o640


def test_symlinked_database_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real" / "leanmeet.json"
    real.parent.mkdir()
    link = tmp_path / "leanmeet.json"
    link.symlink_to(real)
    with Database(link).write() as t:
        t.table("notes").insert({"uid": "a"})
    assert link.is_symlink()
    assert (real.parent / "leanmeet.json.d").is_dir()  # the segments live beside the real file
    with Database(real).read() as t:
        assert t.table("notes").all() == [{"uid": "a"}]


# --- temporary files ----------------------------------------------------------------------------


def test_stale_temp_files_are_ignored_and_cleaned_up_on_write(path: Path) -> None:
    db = Database(path)
    with db.write() as t:
        t.table("notes").insert({"uid": "a"})
    folder = path.parent
    (folder / ".leanmeet.json.k2j4x9.tmp").write_bytes(b'{"events":{"1":{"uid":"half')
    (folder / ".leanmeet.json.zz.tmp").write_bytes(b"")
    unrelated = [
        folder / ".other.json.ab12.tmp",  # another database's
        folder / ".leanmeet.json.bak.ab12.tmp",  # the temp file of "leanmeet.json.bak"
        folder / "notes.tmp",
        folder / "leanmeet.json.bak",
    ]
    for p in unrelated:
        p.write_text("keep me")

    with db.read() as t:
        assert t.table("notes").all() == [{"uid": "a"}]
    with db.write() as t:
        assert t.table("notes").all() == [{"uid": "a"}]

    assert temp_files(folder) == [
        ".leanmeet.json.bak.ab12.tmp",
        ".other.json.ab12.tmp",
        "notes.tmp",
    ]
    assert all(p.read_text() == "keep me" for p in unrelated)


# --- corrupt files ------------------------------------------------------------------------------

CORRUPT = {
    "invalid JSON": (b'{"events": {"1": {"uid": "a"}} "people": {}}', "not valid JSON at byte 31"),
    "truncated": ('{"_meta":{"schema":1},"events":{"1":{"summary":"周会'.encode(), "ends early"),
    "cut in a character": ('{"events":{"1":{"summary":"周'.encode()[:-1], "ends early at byte"),
    "cut after a comma": (b'{"events":{"1":{"x":1},', "ends early"),
    "array": (b'[{"uid": "a"}]', "holds an array"),
    "string": (b'"hello"', "holds a string"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not UTF-8"),
    "package.json": (
        b'{"name": "left-pad", "version": "1.3.0", "scripts": {"test": "node t.js"}}',
        "not a leanmeet database",
    ),
    "settings file": (b'{"ui": {"theme": "dark", "week_start": 1}}', "not a leanmeet database"),
    "bad _meta": (b'{"_meta": "v1", "events": {}}', '"_meta" is'),
}


@pytest.mark.parametrize("content, problem", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_file_is_refused_and_never_overwritten(
    path: Path, content: bytes, problem: str
) -> None:
    path.write_bytes(content)
    db = Database(path)
    for open_ in (db.read, db.write):
        with pytest.raises(CorruptDatabaseError) as info, open_() as t:
            t.table("notes").all()
        message = str(info.value)
        assert str(path) in message
        assert problem in message
        assert "restore a backup or move it aside; leanmeet will not overwrite it" in message
        assert "\n" not in message
    assert path.read_bytes() == content
    assert temp_files(path.parent) == []


def test_corrupt_position_is_a_byte_offset(path: Path) -> None:
    content = '{"会议": {"1": {"x": 1}} oops}'.encode()
    path.write_bytes(content)
    offset = content.index(b"oops")
    with pytest.raises(CorruptDatabaseError, match=f"byte {offset} "), Database(path).read():
        pass


def test_truncated_real_database_is_refused(path: Path) -> None:
    with Database(path).write() as t:
        t.table("notes").insert_multiple({"summary": f"会议 {n}"} for n in range(100))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CorruptDatabaseError, match="truncated"), Database(path).write():
        pass
    assert path.read_bytes() == whole[: len(whole) // 2]


def test_damaged_segment_is_refused_and_never_overwritten(path: Path) -> None:
    with Database(path).write() as t:
        t.table("notes").insert_multiple({"summary": f"会议 {n}"} for n in range(100))
    [segment] = path.with_name("leanmeet.json.d").iterdir()
    segment.write_bytes(segment.read_bytes().replace("会议 7".encode(), "会议 8".encode()))
    before = all_bytes(path)
    for open_ in (Database(path).read, Database(path).write):
        with pytest.raises(CorruptDatabaseError, match="does not match its name"), open_() as t:
            t.table("notes").all()
    assert all_bytes(path) == before


# --- schema versions ----------------------------------------------------------------------------


def test_file_from_a_newer_leanmeet_is_refused(path: Path) -> None:
    content = b'{"_meta":{"schema":99},"events":{"1":{"uid":"a"}}}'
    path.write_bytes(content)
    db = Database(path)
    for open_ in (db.read, db.write):
        with pytest.raises(DatabaseError) as info, open_():
            pass
        assert not isinstance(info.value, CorruptDatabaseError)
        assert str(info.value) == (
            f"{path}: made by a newer leanmeet (schema 99 > {dbmod.SCHEMA_VERSION}); "
            "upgrade leanmeet"
        )
    assert path.read_bytes() == content


def rename_title_to_summary(tables: dbmod.Tables) -> dbmod.Tables:
    for doc in tables.get("notes", {}).values():
        doc["summary"] = doc.pop("title")
    return tables


def test_older_schema_is_migrated_on_write(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Database(path).write() as t:  # a schema-2 database
        t.table("notes").insert_multiple([{"title": "周会"}, {"title": "Sync"}])
    schema_2 = all_bytes(path)

    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(dbmod.MIGRATIONS, 2, rename_title_to_summary)
    db = Database(path)

    with db.read() as t:  # readers see the current layout, the files are not touched
        assert t.table("notes").all() == [{"summary": "周会"}, {"summary": "Sync"}]
    assert all_bytes(path) == schema_2

    with db.write() as t:  # the first write block upgrades the files, even with no changes
        assert t.table("notes").all() == [{"summary": "周会"}, {"summary": "Sync"}]
    assert json.loads(path.read_bytes())["_meta"] == {"schema": 3}
    with db.read() as t:
        assert t.table("notes").get(doc_id=2) == {"summary": "Sync"}


def test_file_without_meta_counts_as_schema_1(path: Path) -> None:
    path.write_bytes(b'{"notes": {"7": {"title": "x"}}}')
    with Database(path).write() as t:
        assert t.table("notes").get(doc_id=7) == {"title": "x"}
    assert json.loads(path.read_bytes())["_meta"] == {"schema": dbmod.SCHEMA_VERSION}
    # the 0.1 file is kept beside the new root
    assert path.with_name("leanmeet.json.schema1.bak").read_bytes() == (
        b'{"notes": {"7": {"title": "x"}}}')


def test_missing_migration_is_an_error_and_changes_nothing(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(path).write() as t:
        t.table("notes").insert({"title": "x"})
    before = all_bytes(path)
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", 3)
    monkeypatch.delitem(dbmod.MIGRATIONS, 2, raising=False)
    with pytest.raises(DatabaseError, match="cannot upgrade schema 2 to 3"), Database(path).write():
        pass
    assert all_bytes(path) == before


# --- default path -------------------------------------------------------------------------------


def test_default_path_honours_leanmeet_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEANMEET_DB", str(tmp_path / "elsewhere" / "office.json"))
    assert default_db_path() == tmp_path / "elsewhere" / "office.json"
    assert not (tmp_path / "elsewhere").exists()


def test_default_path_is_in_the_user_data_folder_and_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEANMEET_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_db_path()
    assert path == platformdirs.user_data_path("leanmeet") / "leanmeet.json"
    if sys.platform.startswith("linux"):
        assert path == tmp_path / "data" / "leanmeet" / "leanmeet.json"
    with Database(path).read() as t:
        assert t.tables() == set()
    assert not path.parent.exists()


def test_import_has_no_side_effects(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    env.pop("LEANMEET_DB", None)
    code = "import storage.db as d; d.Database(d.default_db_path())"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)
    assert list(tmp_path.iterdir()) == []


# --- other processes ----------------------------------------------------------------------------


def test_two_processes_never_lose_each_others_writes(path: Path) -> None:
    workers = [spawn("count", str(path), "200", name) for name in ("a", "b")]
    for w in workers:  # release both at once
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.close()
    assert [w.wait(timeout=60) for w in workers] == [0, 0]

    with Database(path).read() as t:
        assert t.table("counter").all() == [{"value": 400}]
        records = t.table("records").all()
    assert sorted((r["worker"], r["i"]) for r in records) == sorted(
        (w, i) for w in "ab" for i in range(200)
    )
    # Every block saw the previous block's result: the counter values seen are 0..399, once each.
    assert sorted(r["seen"] for r in records) == list(range(400))


def test_lock_held_by_another_process_gives_a_clear_error(path: Path) -> None:
    holder = spawn("hold", str(path))
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        impatient = Database(path, lock_timeout=0.2)
        with pytest.raises(DatabaseLockedError) as info, impatient.write():
            pass
        assert str(path) in str(info.value)
        assert "another leanmeet process" in str(info.value)
        with Database(path).read() as t:  # reading needs no lock
            assert t.tables() == set()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0
    with Database(path, lock_timeout=5).write() as t:
        t.table("notes").insert({"uid": "a"})


DOCS = 20_000


def check_complete_state(path: Path) -> int:
    """The file loads and holds exactly one whole churn generation; return that generation."""
    with Database(path).read() as t:
        [summary] = t.table("state").all()
        docs = t.table("docs").all()
    generation = summary["gen"]
    assert summary == {"gen": generation, "count": DOCS, "sum": sum(d["v"] for d in docs)}
    assert sorted(d["n"] for d in docs) == list(range(DOCS))
    assert {d["gen"] for d in docs} == {generation}
    return generation


def kill_when_writing(churner: subprocess.Popen[str], folder: Path, deadline: float) -> None:
    """SIGKILL as soon as a temp file shows the churner is writing (or at the deadline)."""
    while not temp_files(folder) and time.monotonic() < deadline:
        pass
    churner.send_signal(signal.SIGKILL)


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_kill_9_mid_write_leaves_a_complete_database(path: Path) -> None:
    rng = random.Random(20250304)
    generation = 0
    for attempt in range(10):
        churner = spawn("churn", str(path), str(DOCS), stdin=subprocess.DEVNULL)
        assert churner.stdout is not None
        assert churner.stdout.readline() == "ready\n"  # one generation was fully written
        if attempt % 2:  # its first write removed older temp files: any temp file is its own
            kill_when_writing(churner, path.parent, deadline=time.monotonic() + 2)
        else:
            time.sleep(rng.uniform(0.0, 0.15))  # a random moment of a later generation
            churner.send_signal(signal.SIGKILL)
        assert churner.wait(timeout=30) == -signal.SIGKILL
        churner.stdout.close()

        newer = check_complete_state(path)  # a half-written temp file, if left, must not matter
        assert newer > generation
        generation = newer

    with Database(path).write() as t:  # the next writer cleans up after the killed ones
        t.table("state").update({"checked": True})
    assert temp_files(path.parent) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_database_is_private_to_its_owner(path: Path) -> None:
    with Database(path).write() as t:
        t.table("notes").insert({"summary": "市长接待日"})
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.with_name("leanmeet.json.d").stat().st_mode & 0o777 == 0o700
