"""What a CalDAV pull asks of the repository (storage.repository.Repository.remove_components):
the events of objects deleted on the server, and the overrides a changed object no longer
holds, leave the pulled feed through the repository's own transaction, which expands the
feed's series again; nothing of another feed, nor a component asked to be kept, is touched.
Real database files in tmp_path, real iCalendar text."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from leanmeet.storage.ics_reader import parse_feed, record_key
from leanmeet.storage.repository import FeedText, Repository
from tests.ics import SHANGHAI, calendar, event

TZ = ZoneInfo("Asia/Shanghai")
MASTER = event("weekly", "DTSTART;TZID=Asia/Shanghai:20261130T090000",
               "DTEND;TZID=Asia/Shanghai:20261130T100000", "RRULE:FREQ=WEEKLY;COUNT=4",
               "SUMMARY:Weekly briefing")
MOVED = event("weekly", "RECURRENCE-ID;TZID=Asia/Shanghai:20261207T090000",
              "DTSTART;TZID=Asia/Shanghai:20261207T150000",
              "DTEND;TZID=Asia/Shanghai:20261207T160000", "SUMMARY:Weekly briefing (moved)")
SINGLE = event("single", "DTSTART;TZID=Asia/Shanghai:20261208T090000",
               "DTEND;TZID=Asia/Shanghai:20261208T100000", "SUMMARY:Budget review")


def starts(repo: Repository, uid: str | None = None) -> list[str]:
    occs = repo.occurrences(datetime(2026, 11, 30, tzinfo=TZ), datetime(2027, 1, 1, tzinfo=TZ),
                            TZ)
    return sorted(f"{o.feed} {o.uid} {o.start.astimezone(TZ):%m-%d %H:%M}" for o in occs
                  if uid is None or o.uid == uid)


def test_an_override_gone_from_the_object_leaves_and_the_series_is_expanded_again(tmp_path):
    repo = Repository(tmp_path / "db.json")
    text = calendar(MASTER, MOVED, SINGLE, zones=SHANGHAI)
    repo.import_feed("caldav:office", [FeedText("office", text)])
    repo.import_feed("dept", [FeedText("dept", calendar(MASTER, MOVED, zones=SHANGHAI))])
    assert "caldav:office weekly 12-07 15:00" in starts(repo)
    # the object now holds the master only: keep its key, the override goes
    keep = {record_key(r) for r in parse_feed(calendar(MASTER, zones=SHANGHAI), "x",
                                              "caldav:office").records}
    assert repo.remove_components("caldav:office", {"weekly": keep}) == 1
    office = [s for s in starts(repo, "weekly") if s.startswith("caldav:office")]
    assert office == ["caldav:office weekly 11-30 09:00", "caldav:office weekly 12-07 09:00",
                      "caldav:office weekly 12-14 09:00", "caldav:office weekly 12-21 09:00"]
    # another feed's copy of the same UID is untouched, and so is the other event
    assert "dept weekly 12-07 15:00" in starts(repo)
    assert "caldav:office single 12-08 09:00" in starts(repo)


def test_an_object_deleted_on_the_server_takes_all_its_components(tmp_path):
    repo = Repository(tmp_path / "db.json")
    repo.import_feed("caldav:office", [FeedText("office", calendar(MASTER, MOVED, SINGLE,
                                                                   zones=SHANGHAI))])
    before = repo.path.read_bytes()
    assert repo.remove_components("caldav:office", {"absent": ()}) == 0
    assert repo.path.read_bytes() == before  # nothing to remove, nothing written
    assert repo.remove_components("caldav:office", {"weekly": ()}) == 2
    assert starts(repo) == ["caldav:office single 12-08 09:00"]
    assert not repo.has_uid("weekly") and repo.has_uid("single")
