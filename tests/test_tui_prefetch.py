"""application.prefetch: the TUI's first week read by a forked child while Textual loads; the
TUI takes it only when the database is still the version the child read."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from leanmeet.application.prefetch import start_week_prefetch
from leanmeet.application.session import Session
from leanmeet.storage.repository import FeedText, Repository
from leanmeet.tui.app import LeanmeetApp
from leanmeet.tui.views.timegrid import TimeGrid
from tests.test_tui_loading import feed, period_line, settle, shown

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
WEEK_48 = date(2026, 11, 23)  # "today" is Sunday 29 Nov 2026 (tests/conftest.py)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "weeks.json"
    Repository(path).import_feed("office", [FeedText("office.ics", feed())])
    return path


def one_more(db: Path, title: str) -> None:
    Repository(db).import_feed("more", [FeedText("more.ics", (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\nUID:more@t\n"
        "DTSTAMP:20261101T000000Z\nDTSTART;TZID=Asia/Shanghai:20261125T140000\n"
        f"DTEND;TZID=Asia/Shanghai:20261125T150000\nSUMMARY:{title}\nEND:VEVENT\n"
        "END:VCALENDAR\n"))])


def test_the_child_reads_the_week_of_today_as_the_session_does(db):
    prefetch = start_week_prefetch(db, None)
    assert prefetch is not None
    signature, monday, occurrences, problems = prefetch.take()
    session = Session(db)
    assert monday == WEEK_48 and signature == session.signature() and problems == []
    assert occurrences == session.occurrences(WEEK_48, WEEK_48 + timedelta(days=6))
    assert [o.summary for o in occurrences] == ["全市工作推进会议 1", "Budget review 1"]
    assert prefetch.take() is None  # once
    with pytest.raises(ChildProcessError):
        os.waitpid(prefetch._pid, os.WNOHANG)  # the child was reaped


def test_a_child_that_cannot_read_hands_over_nothing(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"events": 5}', encoding="utf-8")
    prefetch = start_week_prefetch(broken, None)
    assert prefetch is not None and prefetch.take() is None


async def test_the_tui_shows_the_prefetched_week(db, tmp_path):
    prefetch = start_week_prefetch(db, None)
    app = LeanmeetApp(db, prefetch=prefetch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app._prefetch is None  # taken by the first load
        assert period_line(app).startswith("Week 48 · 23–29 Nov 2026 · 2 events")
        assert "Budget review 1" in shown(app.query_one("#week", TimeGrid))


async def test_a_week_read_before_the_database_changed_is_not_shown(db):
    prefetch = start_week_prefetch(db, None)
    os.waitpid(prefetch._pid, 0)  # the child has read and handed over (a small week fits
    # in the pipe), so what it read is the version before this change:
    one_more(db, "Added after the child read")
    app = LeanmeetApp(db, prefetch=prefetch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app._prefetch is None
        assert period_line(app).startswith("Week 48 · 23–29 Nov 2026 · 3 events")
        assert "Added after" in shown(app.query_one("#week", TimeGrid))
