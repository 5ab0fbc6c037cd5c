"""A repeat of a feed's last import (the same text, the same leanmeet and rulebook, nothing
changed in the feed since) is answered from what that import stored, without parsing: the
same counts and the same problems. Anything else is parsed as before."""

from __future__ import annotations

import json

import pytest

from leanmeet.storage import parallel
from leanmeet.storage.repository import FeedText, Repository

FEED = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//t//EN\r
BEGIN:VEVENT\r
UID:a@x\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260302T010000Z\r
DTEND:20260302T020000Z\r
SUMMARY:Budget review meeting\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:broken@x\r
DTSTAMP:20260101T000000Z\r
DTSTART:not a date\r
SUMMARY:Broken\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:b@x\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260309T010000Z\r
DTEND:20260309T020000Z\r
RRULE:FREQ=WEEKLY;COUNT=3\r
SUMMARY:Weekly coordination meeting\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The sources the import parses (the real parser, its calls noted)."""
    seen: list[str] = []
    real = parallel.parse_feed_parallel

    def noted(text, source, *args, **kwargs):
        seen.append(source)
        return real(text, source, *args, **kwargs)

    monkeypatch.setattr(parallel, "parse_feed_parallel", noted)
    return seen


def imported(repo: Repository, text: str = FEED, source: str = "dept.ics"):
    return repo.import_feed("dept", [FeedText(source, text)])


def test_a_repeat_is_answered_without_parsing_with_the_same_counts_and_problems(
        tmp_path, parses):
    repo = Repository(tmp_path / "db.json")
    first = imported(repo)
    assert (first.added, first.skipped) == (2, 1) and parses == ["dept.ics"]
    again = imported(repo)
    assert parses == ["dept.ics"]  # not parsed again
    assert (again.added, again.updated, again.unchanged, again.removed, again.skipped) == (
        0, 0, 2, 0, 1)
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]
    assert [(p.uid, str(p)[:12]) for p in again.problems] == [("broken@x", "dept.ics:14:")]
    # and a parsed repeat says the same (the answer is what parsing gives)
    root = json.loads((tmp_path / "db.json").read_text(encoding="utf-8"))
    for seg in root["tables"]["events"]["segments"]:
        seg.pop("imp")
    (tmp_path / "db.json").write_text(json.dumps(root), encoding="utf-8")
    parsed = imported(Repository(tmp_path / "db.json"))
    assert parses == ["dept.ics", "dept.ics"]
    assert parsed.summary() == again.summary()
    assert [str(p) for p in parsed.problems] == [str(p) for p in again.problems]


def test_a_change_to_the_feed_since_its_last_import_is_undone_by_a_repeat(tmp_path, parses):
    repo = Repository(tmp_path / "db.json")
    imported(repo)
    assert repo.remove_event("dept", "a@x") == 1
    again = imported(repo)
    assert again.added == 1 and len(parses) == 2  # parsed: the event is back


def test_another_text_or_source_is_parsed(tmp_path, parses):
    repo = Repository(tmp_path / "db.json")
    imported(repo)
    changed = imported(repo, FEED.replace("Budget review meeting", "Budget review"))
    assert changed.updated == 1 and len(parses) == 2
    imported(repo, FEED.replace("Budget review meeting", "Budget review"), "other.ics")
    assert len(parses) == 3  # the problems would name another file


def test_an_incomplete_import_is_never_answered_from_memory(tmp_path, parses):
    repo = Repository(tmp_path / "db.json")
    repo.import_feed("dept", [FeedText("dept.ics", FEED)], complete=False)
    repo.import_feed("dept", [FeedText("dept.ics", FEED)], complete=False)
    assert len(parses) == 2


@pytest.mark.parametrize("last", [None, "text", {"unchanged": "2"}, {"problems": [[1]]}])
def test_a_wrongly_shaped_memory_is_parsed_again_not_trusted(tmp_path, parses, last):
    repo = Repository(tmp_path / "db.json")
    imported(repo)
    with repo.db.transaction() as tx:
        feeds = tx.part("feeds", "")
        for doc in feeds.values():
            if last is None:
                doc.pop("last")
            else:
                doc["last"] = last if isinstance(last, dict) else {"unchanged": 2, "skipped": 1,
                                                                  "problems": last}
    again = imported(repo)
    assert len(parses) == 2 and again.unchanged == 2 and again.skipped == 1


def test_a_mark_does_not_follow_its_descriptor_to_another_file(tmp_path, parses):
    """A root edited to point a marked segment at another file (here the same documents
    written again with other spacing, under their own SHA-256 name): the mark is bound to its
    file, as the check mark is, so the repeat is parsed."""
    import hashlib

    repo = Repository(tmp_path / "db.json")
    imported(repo)
    store = tmp_path / "db.json.d"
    root = json.loads((tmp_path / "db.json").read_text(encoding="utf-8"))
    seg = next(s for s in root["tables"]["events"]["segments"] if s["part"] != "series")
    docs = json.loads((store / seg["file"]).read_text(encoding="utf-8"))
    payload = json.dumps(docs, indent=1, ensure_ascii=False).encode("utf-8")
    seg["file"], seg["ok"] = hashlib.sha256(payload).hexdigest() + ".json", ""
    (store / seg["file"]).write_bytes(payload)
    (tmp_path / "db.json").write_text(json.dumps(root), encoding="utf-8")
    again = imported(Repository(tmp_path / "db.json"))
    assert len(parses) == 2 and again.unchanged == 2
