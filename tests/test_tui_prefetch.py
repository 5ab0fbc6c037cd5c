"""application.prefetch: the TUI's first week read by a forked child while Textual loads; the
TUI takes it only when the database is still the version the child read.

leanmeet forks only from a process without threads (the CLI, before Textual); pytest's workers
run threads, so the fork itself is tried in a fresh interpreter, and the TUI tests get their
week from a child interpreter that runs the same reading code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from leanmeet.application.prefetch import WeekPrefetch, start_week_prefetch
from leanmeet.application.session import Session
from leanmeet.storage.repository import FeedText, Repository
from leanmeet.tui.app import LeanmeetApp
from leanmeet.tui.views.timegrid import TimeGrid
from tests import test_tui_loading
from tests.test_tui_loading import period_line, settle, shown

db = test_tui_loading.db  # the fixture: the weeks 47 to 52 of 2026, imported
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
WEEK_48 = date(2026, 11, 23)  # "today" is Sunday 29 Nov 2026 (tests/conftest.py)


def one_more(db: Path, title: str) -> None:
    Repository(db).import_feed("more", [FeedText("more.ics", (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\nUID:more@t\n"
        "DTSTAMP:20261101T000000Z\nDTSTART;TZID=Asia/Shanghai:20261125T140000\n"
        f"DTEND;TZID=Asia/Shanghai:20261125T150000\nSUMMARY:{title}\nEND:VEVENT\n"
        "END:VCALENDAR\n"))])


FORKED = """
import json, os, sys
from leanmeet.application.prefetch import WeekPrefetch, start_week_prefetch
prefetch = start_week_prefetch(sys.argv[1], None)
taken = prefetch.take() if prefetch is not None else None
try:
    os.waitpid(prefetch._pid, os.WNOHANG)
    reaped = False
except ChildProcessError:
    reaped = True
print(json.dumps(None if taken is None else {
    "monday": taken[1].isoformat(), "problems": taken[3], "reaped": reaped,
    "again": prefetch.take() is None, "signature": list(taken[0]),
    "summaries": [o.summary for o in taken[2]], "keys": [list(o.key) for o in taken[2]]}))
"""


def forked(db: Path) -> dict | None:
    done = subprocess.run([sys.executable, "-c", FORKED, str(db)], capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def child_prefetch(db: Path) -> WeekPrefetch:
    """A WeekPrefetch fed by a child interpreter running the child's own reading code."""
    child = subprocess.Popen([sys.executable, "-c", "import sys; from pathlib import Path; "
                              "from leanmeet.application.prefetch import _read_week; "
                              "_read_week(Path(sys.argv[1]), None, 1)", str(db)],
                             stdout=subprocess.PIPE)
    return WeekPrefetch(child.pid, os.dup(child.stdout.fileno()))


def test_the_child_reads_the_week_of_today_as_the_session_does(db):
    got = forked(db)
    session = Session(db)
    week = session.occurrences(WEEK_48, WEEK_48 + timedelta(days=6))
    assert got["monday"] == WEEK_48.isoformat() and got["problems"] == []
    assert tuple(got["signature"]) == session.signature()
    assert got["keys"] == [list(o.key) for o in week]
    assert got["summaries"] == ["全市工作推进会议 1", "Budget review 1"]
    assert got["again"] and got["reaped"]  # handed over once; the child was reaped


def test_a_child_that_cannot_read_hands_over_nothing(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"events": 5}', encoding="utf-8")
    assert forked(broken) is None


def test_no_fork_from_a_process_that_runs_threads(db):
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert start_week_prefetch(db, None) is None
    finally:
        stop.set()
        thread.join()


async def opened(app: LeanmeetApp, prefetch: WeekPrefetch) -> tuple[str, str]:
    """Run ``app`` until settled: (its period line, its week grid); the prefetch taken."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app._prefetch is None and prefetch._done  # taken by the first load
        return period_line(app), shown(app.query_one("#week", TimeGrid))


async def test_the_tui_shows_the_prefetched_week(db, tmp_path):
    prefetch = child_prefetch(db)
    line, grid = await opened(LeanmeetApp(db, prefetch=prefetch), prefetch)
    assert line.startswith("Week 48 · 23–29 Nov 2026 · 2 events") and "Budget review 1" in grid


async def test_a_week_read_before_the_database_changed_is_not_shown(db):
    prefetch = child_prefetch(db)
    os.waitpid(prefetch._pid, 0)  # the child has read and handed over (a small week fits
    # in the pipe), so what it read is the version before this change:
    one_more(db, "Added after the child read")
    line, grid = await opened(LeanmeetApp(db, prefetch=prefetch), prefetch)
    assert line.startswith("Week 48 · 23–29 Nov 2026 · 3 events") and "Added after" in grid


class ReadCountingApp(LeanmeetApp):
    """The real app, noting the weeks each of its reads asked for."""

    CSS_PATH = test_tui_loading.GatedApp.CSS_PATH

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reads: list[list[date]] = []

    def _read(self, session, mondays, signature=None):
        self.reads.append(list(mondays))
        return super()._read(session, mondays, signature)


async def test_a_week_handed_over_before_the_tui_opened_is_its_first_frame(db):
    prefetch = child_prefetch(db)
    assert prefetch.ready(wait=30)  # the child has read and handed over
    app = ReadCountingApp(db, prefetch=prefetch)
    line, grid = await opened(app, prefetch)
    assert line.startswith("Week 48 · 23–29 Nov 2026 · 2 events") and "Budget review 1" in grid
    # taken when the app was mounted: no load of the week itself (only of the weeks around)
    assert app.reads and all(WEEK_48 not in mondays for mondays in app.reads)


def busy_week(tmp_path: Path) -> Path:
    """A database whose week 48 holds 400 meetings: more than a pipe holds (64 KiB)."""
    events = "".join(
        f"BEGIN:VEVENT\nUID:busy-{i}@t\nDTSTAMP:20261101T000000Z\n"
        f"DTSTART;TZID=Asia/Shanghai:202611{23 + i % 5}T{8 + i % 9:02d}0000\n"
        f"DTEND;TZID=Asia/Shanghai:202611{23 + i % 5}T{9 + i % 9:02d}0000\n"
        f"SUMMARY:Coordination meeting {i}\nLOCATION:Room {i}\n"
        f"DESCRIPTION:Agenda item {i} of the week's coordination\nEND:VEVENT\n"
        for i in range(400))
    path = tmp_path / "busy.json"
    Repository(path).import_feed("busy", [FeedText("busy.ics", (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n" + events + "END:VCALENDAR\n"))])
    return path


def test_a_week_larger_than_the_pipe_is_handed_over_before_it_is_asked_for(tmp_path):
    prefetch = child_prefetch(busy_week(tmp_path))
    # the parent's drain reads as the child writes: the child finishes without a take()
    assert prefetch.ready(wait=60)
    taken = prefetch.take(timeout=0)
    assert taken is not None and len(taken[2]) == 400
    assert sorted(o.summary for o in taken[2])[:2] == ["Coordination meeting 0",
                                                      "Coordination meeting 1"]
