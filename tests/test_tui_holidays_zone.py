"""The views mark public holidays and 调休 working weekends (planner.workdays, the `holidays`
library), and the header names the office zone, or says plainly that none is set."""

from __future__ import annotations

from pathlib import Path

import tzlocal

from leanmeet.storage.repository import FeedText, Repository
from leanmeet.tui.app import LeanmeetApp
from leanmeet.tui.views.month import MonthDay
from tests.test_tui_views import grid, grid_lines, settle

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//holidays//EN
BEGIN:VEVENT
UID:work-sunday@test
DTSTAMP:20260901T000000Z
DTSTART;TZID=Asia/Shanghai:20260920T093000
DTEND;TZID=Asia/Shanghai:20260920T103000
SUMMARY:Sunday budget meeting
END:VEVENT
BEGIN:VEVENT
UID:national-day@test
DTSTAMP:20260901T000000Z
DTSTART;TZID=Asia/Shanghai:20261001T093000
DTEND;TZID=Asia/Shanghai:20261001T103000
SUMMARY:Holiday duty briefing
END:VEVENT
END:VCALENDAR
"""


def make(tmp_path: Path, rules_text: str) -> tuple[Path, Path]:
    db, rules = tmp_path / "h.json", tmp_path / "rules.toml"
    Repository(db).import_feed("h", [FeedText("h.ics", ICS)])
    rules.write_text(rules_text, encoding="utf-8")
    return db, rules


async def test_week_and_month_mark_a_working_sunday_and_national_day(tmp_path, monkeypatch):
    monkeypatch.setenv("LEANMEET_TODAY", "2026-09-16")
    db, rules = make(tmp_path, 'timezone = "Asia/Shanghai"\n')
    app = LeanmeetApp(db, rules)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        header = grid_lines(grid(app))[0]
        assert "working day" in header  # Sunday 20 September 2026 is worked (调休)
        await pilot.press("n", "n")  # the week of 1 October
        await settle(pilot)
        header = grid_lines(grid(app))[0]
        assert "National Day" in header
        await pilot.press("m")
        await settle(pilot)
        cells = {c.day.isoformat(): c for c in app.query(MonthDay) if c.day is not None}
        assert cells["2026-10-01"].has_class("-day-off")
        assert cells["2026-10-10"].has_class("-workday")  # Saturday 10 October is worked
        assert not cells["2026-10-09"].has_class("-day-off")


async def test_no_country_marks_no_holiday(tmp_path, monkeypatch):
    monkeypatch.setenv("LEANMEET_TODAY", "2026-10-01")
    db, rules = make(tmp_path, 'timezone = "Asia/Shanghai"\ncountry = ""\n')
    app = LeanmeetApp(db, rules)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert "National Day" not in grid_lines(grid(app))[0]


async def test_the_header_names_the_office_zone(tmp_path):
    db, rules = make(tmp_path, 'timezone = "Asia/Shanghai"\n')
    app = LeanmeetApp(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.sub_title == "times in Asia/Shanghai (UTC+08:00)"


async def test_a_utc_machine_without_an_office_zone_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    tzlocal.reload_localzone()
    db, rules = make(tmp_path, "")
    app = LeanmeetApp(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "no office zone set" in app.sub_title
        assert 'timezone = "Asia/Shanghai"' in app.sub_title
