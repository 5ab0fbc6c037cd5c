"""Identity and re-import against a real TinyDB file (storage.repository)."""

from __future__ import annotations

from datetime import date

import pytest

from leanmeet.storage.ics_reader import SourceError
from leanmeet.storage.occurrences import office_window
from leanmeet.storage.repository import FeedText, Repository
from leanmeet.storage.timezones import office_zone
from tests.ics import calendar, event

TZ = office_zone("Asia/Shanghai")


def occs(repo: Repository, first=date(2026, 1, 1), last=date(2026, 12, 31)):
    lo, hi = office_window(first, last, TZ)
    return repo.occurrences(lo, hi, TZ)


def imp(repo: Repository, feed: str, text: str, name: str = "feed.ics"):
    return repo.import_feed(feed, [FeedText(name, text)])


def ev(uid, summary="Budget review", start="20261130T010000Z", *extra):
    return event(uid, f"DTSTART:{start}", "DURATION:PT1H", f"SUMMARY:{summary}", *extra)


def counts(result):
    return (result.added, result.updated, result.unchanged, result.removed, result.skipped)


def test_reimport_changes_nothing_and_file_is_not_rewritten(db_file):
    repo = Repository(db_file)
    text = calendar(ev("a"), ev("b", "Flood briefing", "20261201T010000Z"))
    assert counts(imp(repo, "dept", text)) == (2, 0, 0, 0, 0)
    events_before = {s["file"] for s in repo.db.snapshot().segments("events")}
    again = imp(repo, "dept", text)
    assert counts(again) == (0, 0, 2, 0, 0)
    assert "0 added, 0 updated, 2 unchanged, 0 removed, 0 skipped" in again.summary()
    assert len(occs(repo)) == 2
    # the events' segments were not rewritten (storage.db: only the feed row changed)
    assert {s["file"] for s in repo.db.snapshot().segments("events")} == events_before
    stored = {(d["uid"], d["feed"]) for d in repo._tables()["events"]}
    assert stored == {("a", "dept"), ("b", "dept")}


def test_newer_sequence_replaces_older_is_ignored(db_file):
    repo = Repository(db_file)
    imp(repo, "dept", calendar(ev("a", "Old title", "20261130T010000Z", "SEQUENCE:1")))
    r = imp(repo, "dept", calendar(ev("a", "New title", "20261130T020000Z", "SEQUENCE:2")))
    assert counts(r) == (0, 1, 0, 0, 0)
    [occ] = occs(repo)
    assert occ.summary == "New title" and occ.start.hour == 10
    r = imp(repo, "dept", calendar(ev("a", "Stale title", "20261130T030000Z", "SEQUENCE:1")))
    assert counts(r) == (0, 0, 1, 0, 0)
    assert "newer" in str(r.problems[0])
    assert occs(repo)[0].summary == "New title"


def test_newer_last_modified_replaces(db_file):
    repo = Repository(db_file)
    imp(repo, "d", calendar(ev("a", "v1", "20261130T010000Z", "LAST-MODIFIED:20261101T000000Z")))
    r = imp(repo, "d", calendar(ev("a", "v2", "20261130T010000Z",
                                   "LAST-MODIFIED:20261102T000000Z")))
    assert r.updated == 1 and occs(repo)[0].summary == "v2"


def test_events_gone_from_a_feed_are_removed_from_that_feed_only(db_file):
    repo = Repository(db_file)
    imp(repo, "one", calendar(ev("a"), ev("b", "Second")))
    imp(repo, "two", calendar(ev("c", "Other feed"), ev("b", "Second")))
    r = imp(repo, "one", calendar(ev("a")))
    assert counts(r) == (0, 0, 1, 1, 0)
    remaining = {(o.uid, o.feed) for o in occs(repo)}
    assert remaining == {("a", "one"), ("c", "two"), ("b", "two")}


def test_same_event_in_two_feeds_is_one_occurrence(db_file):
    repo = Repository(db_file)
    imp(repo, "mayor", calendar(ev("inv", "Safety meeting")))
    imp(repo, "office", calendar(ev("inv", "Safety meeting")))
    assert len(occs(repo)) == 1


def test_event_without_uid_gets_a_stable_id(db_file):
    repo = Repository(db_file)
    text = calendar(event(None, "DTSTART:20261130T010000Z", "SUMMARY:no uid"))
    assert imp(repo, "d", text).added == 1
    # a new DTSTAMP (every export writes a new one) does not make it a new event
    text2 = text.replace("DTSTAMP:20260101T000000Z", "DTSTAMP:20261129T000000Z")
    r = imp(repo, "d", text2)
    assert (r.added, r.removed) == (0, 0)
    [occ] = occs(repo)
    assert occ.uid.startswith("leanmeet-")


def test_unrelated_events_sharing_a_uid_are_both_kept_with_a_warning(db_file):
    repo = Repository(db_file)
    text = calendar(ev("same", "A", "20261130T010000Z"), ev("same", "B", "20261202T010000Z"))
    r = imp(repo, "d", text)
    assert r.added == 2 and r.skipped == 0
    assert any("also used" in str(p) and not p.skipped for p in r.problems)
    assert sorted(o.summary for o in occs(repo)) == ["A", "B"]
    assert counts(imp(repo, "d", text)) == (0, 0, 2, 0, 0)


def test_broken_event_is_skipped_and_its_stored_version_kept(db_file):
    repo = Repository(db_file)
    imp(repo, "d", calendar(ev("a", "Good"), ev("b", "Will break")))
    broken = calendar(ev("a", "Good"),
                      event("b", "DTSTART:2026113XT010000Z", "SUMMARY:Will break"))
    r = imp(repo, "d", broken, "d.ics")
    assert r.skipped == 1 and r.removed == 0
    [problem] = [p for p in r.problems if p.skipped]
    assert str(problem).startswith("d.ics:14: skipped: invalid DTSTART")
    assert sorted(o.summary for o in occs(repo)) == ["Good", "Will break"]


def test_not_a_calendar_changes_nothing(db_file):
    repo = Repository(db_file)
    imp(repo, "d", calendar(ev("a")))
    before = db_file.read_bytes()
    for text in ("<html><body>502 Bad Gateway</body></html>",
                 calendar(ev("b"))[:-30]):  # truncated download
        with pytest.raises(SourceError):
            imp(repo, "d", text)
    assert db_file.read_bytes() == before


def test_partial_feed_read_never_removes(db_file):
    repo = Repository(db_file)
    imp(repo, "d", calendar(ev("a"), ev("b", "B")))
    r = repo.import_feed("d", [FeedText("part.ics", calendar(ev("a")))], complete=False)
    assert r.removed == 0 and len(occs(repo)) == 2


def test_control_and_escape_characters_never_reach_stored_text(db_file):
    repo = Repository(db_file)
    text = calendar(ev("a", "Budget\x1b[31m red\x07 \u202egnp.exe"))
    imp(repo, "d", text)
    [occ] = occs(repo)
    assert occ.summary == "Budget[31m red gnp.exe"
    assert "\x1b" not in db_file.read_text(encoding="utf-8")


def test_arranged_feed_marks_its_occurrences(db_file):
    repo = Repository(db_file)
    repo.import_feed("office", [FeedText("o.ics", calendar(ev("a")))], arranged=True)
    imp(repo, "dept", calendar(ev("b", "B")))
    flags = {o.uid: o.arranged_feed for o in occs(repo)}
    assert flags == {"a": True, "b": False}


def test_arranged_flag_is_kept_on_reimport_until_cleared(db_file):
    repo = Repository(db_file)
    text = calendar(ev("a"))
    repo.import_feed("office", [FeedText("o.ics", text)], arranged=True)
    repo.import_feed("office", [FeedText("o.ics", text)])  # e.g. a folder import
    assert occs(repo)[0].arranged_feed is True
    repo.import_feed("office", [FeedText("o.ics", text)], arranged=False)
    assert occs(repo)[0].arranged_feed is False


def test_attendee_edits_apply_to_one_occurrence_or_the_series(db_file):
    repo = Repository(db_file)
    text = calendar(event("s", "DTSTART:20261130T010000Z", "DURATION:PT1H",
                          "RRULE:FREQ=WEEKLY;COUNT=2", "SUMMARY:Weekly",
                          "ATTENDEE;CN=Li:mailto:li@gov.cn"))
    imp(repo, "d", text)
    repo.edit_attendee("s", None, "Wang@Gov.cn", "Wang", add=True)
    repo.edit_attendee("s", "2026-12-07T09:00:00+08:00", "li@gov.cn", "Li", add=False)
    first, second = occs(repo)
    assert [a.email for a in first.attendees] == ["li@gov.cn", "wang@gov.cn"]
    assert [a.email for a in second.attendees] == ["wang@gov.cn"]
    repo.edit_attendee("s", None, "wang@gov.cn", "Wang", add=False)  # replaces the addition
    assert [a.email for a in occs(repo)[0].attendees] == ["li@gov.cn"]
    assert len([d for d in repo.decisions() if d.uid == "s"]) == 2
