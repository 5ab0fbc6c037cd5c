"""Issue 13 points 1-2: writes proportional to the change, reads proportional to the window.

The proof is in the files: a decision or a roster change succeeds with every events segment
moved away (so it neither reads nor rewrites them); a week's read succeeds with every segment
of other periods moved away; a re-import with one changed meeting rewrites one segment."""

from __future__ import annotations

import zoneinfo
from datetime import date
from pathlib import Path

import pytest

from benchmarks.synthetic import generate
from leanmeet.planner.model import Decision, Person
from leanmeet.storage.occurrences import office_window
from leanmeet.storage.partition import overlaps
from leanmeet.storage.repository import FeedText, Repository

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def repo(tmp_path) -> Repository:
    repo = Repository(tmp_path / "db.json")
    repo.import_feed("office", [FeedText("office.ics", generate(600, prefix="lay"))])
    return repo


def events_files(repo: Repository, keep=lambda seg: False,
                 kinds=("file", "texts", "uids")) -> list[str]:
    return [seg[k] for seg in repo.db.snapshot().segments("events") if not keep(seg)
            for k in kinds]


def hide(repo: Repository, names: list[str], away: Path) -> None:
    away.mkdir(exist_ok=True)
    for name in names:
        (repo.db.store / name).rename(away / name)


def back(repo: Repository, away: Path) -> None:
    for path in away.iterdir():
        path.rename(repo.db.store / path.name)


def week(repo: Repository, first=date(2026, 3, 2), last=date(2026, 3, 8)):
    lo, hi = office_window(first, last, TZ)
    return repo.occurrences(lo, hi, TZ)


def test_decisions_and_people_never_read_or_rewrite_the_events(repo, tmp_path):
    segments = repo.db.snapshot().segments("events")
    assert len({s["part"] for s in segments}) > 10  # months and the series, apart
    before = week(repo)
    names = events_files(repo)
    hide(repo, names, tmp_path / "away")
    fresh = Repository(repo.path)  # a new process: nothing cached
    fresh.add_decision(Decision("arrangement", "lay-1@office.example.gov", text="R-1"))
    fresh.add_people([Person("王五", "wang@x.gov", "leader")])
    fresh.edit_attendee("lay-2@office.example.gov", None, "li@x.gov", "李四", add=True)
    assert fresh.stats()["events"] == 600  # counted from the root alone
    back(repo, tmp_path / "away")
    assert repo.db.snapshot().segments("events") == segments  # not one events file rewritten
    assert len(week(Repository(repo.path))) == len(before)
    assert [d.text for d in Repository(repo.path).decisions()][:1] == ["R-1"]


def test_a_week_reads_only_the_segments_of_its_period(repo, tmp_path):
    lo, hi = office_window(date(2026, 3, 2), date(2026, 3, 8), TZ)
    before = week(repo)
    assert before
    # documents and texts of other periods go away (the UID lists stay: has_uid reads them)
    others = events_files(repo, keep=lambda s: overlaps(s, lo.timestamp(), hi.timestamp()),
                          kinds=("file", "texts"))
    assert len(others) > 0.8 * len(events_files(repo, kinds=("file", "texts")))
    hide(repo, others, tmp_path / "away")
    fresh = Repository(repo.path)
    assert week(fresh) == before
    assert fresh.has_uid("lay-5@office.example.gov") in (True, False)  # UID lists are read
    with pytest.raises(Exception, match="missing"):  # a month elsewhere needs its segment
        week(fresh, date(2026, 9, 7), date(2026, 9, 13))


def test_a_week_of_zoned_events_opens_no_neighbouring_week(repo, tmp_path):
    before = week(repo)  # 2026-03-02..08 in Asia/Shanghai: ISO week 10 (UTC) and no other
    others = [seg[k] for seg in repo.db.snapshot().segments("events")
              if seg["part"] not in ("2026-W10", "series") for k in ("file", "texts")]
    hide(repo, others, tmp_path / "away")
    assert week(Repository(repo.path)) == before


def test_reimport_with_one_change_rewrites_one_segment(repo, tmp_path):
    text = generate(600, prefix="lay")
    before = repo.db.snapshot().segments("events")
    changed = text.replace("Agenda item 17\\n", "Agenda item 17 (moved)\\n", 1)
    assert changed != text
    result = repo.import_feed("office", [FeedText("office.ics", changed)])
    assert (result.added, result.updated, result.unchanged) == (0, 1, 599)
    after = repo.db.snapshot().segments("events")
    # one month's segment file rewritten (every descriptor names the new import: its mark)
    assert len({s["file"] for s in after} - {s["file"] for s in before}) == 1
    again = repo.import_feed("office", [FeedText("office.ics", changed)])
    assert again.unchanged == 600 and repo.db.snapshot().segments("events") == after
