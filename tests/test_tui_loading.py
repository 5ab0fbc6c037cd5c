"""How the TUI loads a week (tui/app.py): the week's events are drawn first, its rules and
merge suggestions afterwards; moving on abandons the work for the week left, so it does not
compete with drawing the next one (issue 11, the week step under 150 ms).

A real database in tmp_path (a real .ics feed through the real importer): a long meeting
every Monday (a half-day-limit error) and a short one every Tuesday, weeks 47 to 52 of 2026;
"today" is frozen at Sunday 29 Nov 2026 (week 48, tests/conftest.py). The real rules run;
the only addition is a gate in front of the analysis of a week (a subclass that waits for the
test before calling the real step), so that "while the rules of a week are being checked" is a
moment the test can hold.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from leanmeet.storage.repository import FeedText, Repository
from leanmeet.tui import app as app_module
from leanmeet.tui.app import LeanmeetApp
from leanmeet.tui.views.timegrid import TimeGrid
from tests import test_tui_views

WEEK_48 = date(2026, 11, 23)


def feed() -> str:
    events = []
    for week in range(6):
        monday = date(2026, 11, 16) + timedelta(days=7 * week)
        tuesday = monday + timedelta(days=1)
        for uid, day, start, end, title in (
            (f"long-{week}@t", monday, "090000", "150000", f"全市工作推进会议 {week}"),
            (f"short-{week}@t", tuesday, "100000", "110000", f"Budget review {week}"),
        ):
            stamp = day.strftime("%Y%m%d")
            events.append(
                f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20261101T000000Z\n"
                f"DTSTART;TZID=Asia/Shanghai:{stamp}T{start}\n"
                f"DTEND;TZID=Asia/Shanghai:{stamp}T{end}\nSUMMARY:{title}\nEND:VEVENT\n")
    return ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//leanmeet tests//EN\n" + "".join(events)
            + "END:VCALENDAR\n")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "weeks.json"
    Repository(path).import_feed("office", [FeedText("office.ics", feed())])
    return path


rules = test_tui_views.rules  # the fixture: a rulebook with the office zone


class GatedApp(LeanmeetApp):
    """The real app; each week's analysis waits for ``gate`` before it runs (the real step).
    ``entered`` lists the weeks whose analysis began, ``finished`` those that returned badges;
    ``cancelled_when_drawn`` whether every other loading worker was already cancelled when a
    period was drawn."""

    CSS_PATH = str(Path(app_module.__file__).with_name(LeanmeetApp.CSS_PATH))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gate = threading.Event()
        self.entered: list[date] = []
        self.finished: list[date] = []
        self.cancelled_when_drawn: list[bool] = []

    def _analyse(self, session, ctx, monday, occurrences, cancelled):
        self.entered.append(monday)
        assert self.gate.wait(30), "the test never opened the gate"
        markers = super()._analyse(session, ctx, monday, occurrences, cancelled)
        if markers is not None:
            self.finished.append(monday)
        return markers

    def _apply(self) -> None:
        stale = [w for w in self.workers if w.group == "load" and w.is_running]
        self.cancelled_when_drawn.append(all(w.is_cancelled for w in stale))
        super()._apply()


def shown(widget: Widget) -> str:
    area = Region(0, 0, widget.region.width, widget.region.height)
    return "\n".join(strip.text for strip in widget.render_lines(area))


def period_line(app: LeanmeetApp) -> str:
    return shown(app.query_one("#period", Static)).strip()


def badges_line(app: LeanmeetApp) -> str:
    return shown(app.query_one("#period-badges", Static)).strip()


class opened:
    """``async with opened(app) as pilot``: run_test, opening the gate on the way out (a
    failing test does not leave a worker waiting at it)."""

    def __init__(self, app: GatedApp) -> None:
        self.app = app
        self.running = app.run_test(size=(120, 40))

    async def __aenter__(self) -> Pilot:
        return await self.running.__aenter__()

    async def __aexit__(self, *exc) -> None:
        self.app.gate.set()
        await self.running.__aexit__(*exc)


async def until(pilot: Pilot, test, what: str) -> None:
    for _ in range(500):
        if test():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never: {what}")


async def settle(pilot: Pilot) -> None:
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app.loading and not app.analysing and not any(
                w.is_running for w in app.workers):
            return
    raise AssertionError("the app never settled")


async def test_the_week_is_drawn_before_its_rules_are_checked(db, rules):
    app = GatedApp(db, rules)
    async with opened(app) as pilot:
        await until(pilot, lambda: app.entered, "the rules of the week began")
        # the rules are still being checked: the events are on screen already
        assert period_line(app) == "Week 48 · 23–29 Nov 2026 · 2 events"
        assert "Budget review 1" in shown(app.query_one("#week", TimeGrid))
        assert badges_line(app) == "checking the rules…"
        app.gate.set()
        await settle(pilot)
        assert app.finished[0] == WEEK_48
        assert badges_line(app) == "! 1 error"


async def test_weeks_passed_through_are_abandoned_and_the_week_rested_on_is_checked(db, rules):
    app = GatedApp(db, rules)
    async with opened(app) as pilot:
        await until(pilot, lambda: app.entered, "the rules of week 48 began")
        assert all(w in app._weeks for w in (WEEK_48 + timedelta(days=7 * i)
                                              for i in range(1, 4))), "read ahead"
        app.cancelled_when_drawn.clear()
        for _ in range(3):  # to week 51, while the rules of week 48 are held at the gate
            await pilot.press("n")
            await until(pilot, lambda: not app.loading, "the next week was drawn")
        assert period_line(app).startswith("Week 51 · 14–20 Dec 2026 · 2 events")
        # the worker of week 48 was cancelled before week 49 was drawn, and every later
        # stale worker before the week after it (not only once the next worker started)
        assert app.cancelled_when_drawn and all(app.cancelled_when_drawn)
        app.gate.set()
        await settle(pilot)
        # what was being checked for week 48 was dropped at its next step; the weeks
        # passed through were never analysed; week 51 and the weeks beside it were
        assert WEEK_48 not in app.finished
        week_51 = WEEK_48 + timedelta(days=21)
        assert app.finished[0] == week_51
        assert set(app.finished) == {week_51, week_51 - timedelta(days=7),
                                     week_51 + timedelta(days=7)}
        for monday in (WEEK_48, WEEK_48 + timedelta(days=7)):
            assert app._weeks[monday].markers is None
        assert badges_line(app) == "! 1 error"
        # back on week 50 (analysed as week 51's neighbour): its badges at once
        await pilot.press("p")
        await until(pilot, lambda: not app.loading, "week 50 was drawn")
        assert badges_line(app) == "! 1 error"


async def test_the_loading_worker_does_not_describe_its_arguments(db, rules):
    """Textual describes a worker by the repr() of its arguments unless given a
    description: for the loading worker that is every cached week's occurrences, built on
    the UI thread after each move (100-300 ms with 50,000 events)."""
    app = GatedApp(db, rules)
    async with opened(app) as pilot:
        await until(pilot, lambda: app.entered, "the rules of week 48 began")
        await pilot.press("n")  # its worker is handed the weeks read ahead
        await until(pilot, lambda: len(app.entered) > 1, "the rules of week 49 began")
        loading = [w for w in app.workers if w.group == "load" and not w.is_cancelled]
        assert loading and all("Occurrence" not in w.description for w in loading)
        app.gate.set()
        await settle(pilot)
