"""Issue 16 point 5: the database is a regular file or nothing, and a file of the wrong shape
is refused with what is wrong and never rewritten (every document is checked on read)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from tests.conftest import ROOT

FEED = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20260302T010000Z\r\nDTEND:20260302T020000Z\r\n"
        "SUMMARY:Budget review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def leanmeet(db, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leanmeet.cli", "--db", str(db), *args],
                          cwd=str(ROOT), capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "LEANMEET_TODAY": "2026-03-02"})


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "dept.ics"
    path.write_text(FEED, encoding="utf-8")
    return path


WRONG_SHAPES = {
    "empty event": ('{"events": {"1": {}}}', 'table "events", document 1: "feed" is missing'),
    "time as text": (
        '{"_meta": {"schema": 1}, "people": {"3": {"name": "Wang", "email": "w@x", '
        '"role": 7}}}', 'table "people", document 3: "role" is an integer, not text'),
    "decision members": (
        '{"decisions": {"1": {"type": "merge-accepted", "uid": "s", "members": [1, 2]}}}',
        'table "decisions", document 1: "members" must be'),
    "decision by a number": (
        '{"decisions": {"1": {"type": "kind", "uid": "s", "text": "x", "by": 7}}}',
        'table "decisions", document 1: "by" is an integer, not text'),
    "removal without its time": (
        '{"decision_removals": {"4": {"type": "kind", "uid": "s", "text": "x"}}}',
        'table "decision_removals", document 4: "removed_at" is missing'),
    "root of schema 2 with junk": ('{"_meta": {"schema": 2}, "tables": {"events": 5}}',
                                   'table "events" is not'),
}


@pytest.mark.parametrize("content, message", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_valid_json_of_the_wrong_shape_is_refused_and_never_rewritten(tmp_path, feed, content,
                                                                      message):
    db = tmp_path / "db.json"
    db.write_text(content, encoding="utf-8")
    for args in (["list", "--from", "2026-03-01", "--to", "2026-03-31"], ["import", str(feed)],
                 ["decisions"], ["people", "list"]):
        done = leanmeet(db, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert message in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert "will not overwrite it" in done.stderr
    assert db.read_text(encoding="utf-8") == content
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["db.json", "db.json.lock", "dept.ics"])


def _segment_name(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest() + ".json"


def test_a_segment_of_the_wrong_shape_is_refused(tmp_path, feed):
    db = tmp_path / "db.json"
    assert leanmeet(db, "import", str(feed)).returncode == 0
    root = json.loads(db.read_text(encoding="utf-8"))
    store = tmp_path / "db.json.d"
    # a segment that is exactly what its name says, but not documents of its table
    bad = b'{"1":{"type":"arrangement","uid":5}}'
    (store / _segment_name(bad)).write_bytes(bad)
    root["tables"]["decisions"] = {"next": 2, "segments": [{"n": 1, "file": _segment_name(bad)}]}
    db.write_text(json.dumps(root), encoding="utf-8")
    before = db.read_bytes()
    done = leanmeet(db, "decisions")
    assert done.returncode == 2
    assert 'table "decisions", document 1: "uid" is an integer, not text' in done.stderr
    assert leanmeet(db, "arrange", "a@x", "--ref", "R-1").returncode == 2
    assert db.read_bytes() == before


def _mark(name: str, checks: int) -> str:
    """The check mark leanmeet gives a segment it checked (storage.db._verdict), computed here
    independently from the documented rule, for ``checks`` versions of the checks."""
    return hashlib.sha256(f"leanmeet checks {checks}: {name}".encode()).hexdigest()[:16]


def test_a_borrowed_or_stale_check_mark_does_not_let_a_wrong_segment_in(tmp_path, feed):
    """Segments leanmeet wrote carry a mark that spares their re-check; the mark is bound to
    the file and to the version of the checks, so a descriptor pointed at another file, or a
    mark made by older checks, is checked again and a wrongly shaped segment refused."""
    from leanmeet.storage.schema import CHECKS

    db = tmp_path / "db.json"
    assert leanmeet(db, "import", str(feed)).returncode == 0
    assert leanmeet(db, "arrange", "a@x", "--ref", "R-1").returncode == 0
    root = json.loads(db.read_text(encoding="utf-8"))
    (good,) = root["tables"]["decisions"]["segments"]
    assert good["ok"] == _mark(good["file"], CHECKS)  # what leanmeet wrote is marked
    for event_seg in root["tables"]["events"]["segments"]:
        assert event_seg["ok"] == _mark(event_seg["file"], CHECKS)
    bad = b'{"1":{"type":"arrangement","uid":5}}'
    (tmp_path / "db.json.d" / _segment_name(bad)).write_bytes(bad)
    for mark in (good["ok"], _mark(_segment_name(bad), CHECKS - 1)):
        root["tables"]["decisions"]["segments"] = [
            {**good, "file": _segment_name(bad), "ok": mark}]
        db.write_text(json.dumps(root), encoding="utf-8")
        done = leanmeet(db, "decisions")
        assert done.returncode == 2, done.stdout
        assert 'table "decisions", document 1: "uid" is an integer, not text' in done.stderr


def test_a_marked_segment_is_read_without_checking_each_document_again(tmp_path, feed,
                                                                      monkeypatch):
    from leanmeet.storage import db as dbmod
    from leanmeet.storage.repository import Repository

    db = tmp_path / "db.json"
    assert leanmeet(db, "import", str(feed)).returncode == 0
    checked: list[str] = []
    real = dbmod.check_document
    monkeypatch.setattr(dbmod, "check_document",
                        lambda table, doc, **kw: checked.append(table) or real(table, doc, **kw))
    march = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC), UTC)
    assert [o.summary for o in Repository(db).occurrences(*march)] == ["Budget review"]
    assert "events" not in checked  # the marked segment was trusted
    root = json.loads(db.read_text(encoding="utf-8"))
    for seg in root["tables"]["events"]["segments"]:
        del seg["ok"]  # a root written before the marks (or by other tools)
    db.write_text(json.dumps(root), encoding="utf-8")
    assert [o.summary for o in Repository(db).occurrences(*march)] == ["Budget review"]
    assert "events" in checked


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_symlink_to_a_fifo_is_refused_and_left_as_it_was(tmp_path, feed):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "db.json"
    link.symlink_to(fifo)
    for args in (["list"], ["import", str(feed)]):
        try:
            done = leanmeet(link, *args, timeout=20)
        except subprocess.TimeoutExpired:  # 0.1 opened the FIFO and waited for a writer
            pytest.fail(f"leanmeet {args[0]} hung on a database that is a FIFO")
        assert done.returncode == 2, done.stderr
        assert "not a regular file" in done.stderr and "Traceback" not in done.stderr
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symlink_to_a_regular_file_is_followed(tmp_path, feed):
    real = tmp_path / "real" / "db.json"
    real.parent.mkdir()
    link = tmp_path / "db.json"
    link.symlink_to(real)
    assert leanmeet(link, "import", str(feed)).returncode == 0
    assert link.is_symlink() and real.is_file()
    done = leanmeet(link, "list", "--from", "2026-03-01", "--to", "2026-03-31")
    assert "Budget review" in done.stdout
