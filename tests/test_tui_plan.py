"""Issue 15 in the TUI: the leaders' week (L), the load plots (o), and the slot with its
reason in the suggestions preview. Pilot on a real database imported from real .ics text."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from tests.test_leaders_week import FEED
from tests.test_tui_screens import RULES, SIZE, settle, start, text_of
from leanmeet.tui.app import LeanmeetApp
from leanmeet.cli.main import main
from leanmeet.tui.screens.leaders import LeadersWeekScreen
from leanmeet.tui.screens.load import LoadScreen
from leanmeet.tui.screens.suggestions import SuggestionsScreen

SAFETY = (
    "BEGIN:VEVENT\r\nUID:s1\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;TZID=Asia/Shanghai:20261130T090000\r\nDTEND;TZID=Asia/Shanghai:20261130T103000\r\n"
    "SUMMARY:全市冬季安全生产工作会议\r\nATTENDEE;CN=王建国:mailto:wang@gov.cn\r\n"
    "ATTENDEE;CN=李明:mailto:li@gov.cn\r\nATTENDEE;CN=孙丽:mailto:sun@gov.cn\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:s2\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;TZID=Asia/Shanghai:20261130T100000\r\nDTEND;TZID=Asia/Shanghai:20261130T110000\r\n"
    "SUMMARY:住建系统冬季安全生产专题会\r\nATTENDEE;CN=王建国:mailto:wang@gov.cn\r\n"
    "ATTENDEE;CN=李明:mailto:li@gov.cn\r\nATTENDEE;CN=孙丽:mailto:sun@gov.cn\r\nEND:VEVENT\r\n"
)


@pytest.fixture
def office(tmp_path, monkeypatch):
    monkeypatch.setenv("LEANMEET_LANGUAGE", "zh_CN")
    db, rules = tmp_path / "leanmeet.json", tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    feed = tmp_path / "office.ics"
    feed.write_text(FEED.replace("END:VCALENDAR", SAFETY + "END:VCALENDAR"), encoding="utf-8")
    base = ["--db", str(db), "--rules", str(rules)]
    assert main([*base, "import", str(feed)]) == 0
    assert main([*base, "people", "add", "王建国", "wang@gov.cn", "--leader"]) == 0
    assert main([*base, "people", "add", "李明", "li@gov.cn", "--leader"]) == 0
    return db, rules


def cells(table: DataTable, row: str) -> list[str]:
    return [table.get_cell(row, c).plain if hasattr(table.get_cell(row, c), "plain")
            else str(table.get_cell(row, c)) for c in table.columns]


async def test_leaders_week_on_L(office):
    db, rules = office
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("L")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LeadersWeekScreen)
        # "today" is Sunday 29 November: the week shown is the one ending today
        assert "领导一周活动安排 · 第48周" in text_of(screen, "#leaders-title")
        await pilot.press("n")
        await settle(pilot)
        assert "第49周" in text_of(screen, "#leaders-title")
        table = screen.query_one(DataTable)
        wang = cells(table, "wang@gov.cn")
        assert wang[0] == "王建国"
        tuesday = wang[2].splitlines()
        assert tuesday[0].startswith("上午 08:30 党组会")
        assert any("10:00 全市安全生产调度会" in line for line in tuesday)
        assert any(line.startswith("下午 11:00 接待省考察团") for line in tuesday)
        assert wang[3].splitlines() == ["上午 全天 全市防汛检查", "下午 全天 全市防汛检查"]
        li = cells(table, "li@gov.cn")
        assert all("赴西部区县调研" in li[k] for k in (4, 5, 6)) and li[7] == ""
        await pilot.press("n")
        await settle(pilot)
        assert "第50周" in text_of(screen, "#leaders-title")
        assert all(c == "" for c in cells(screen.query_one(DataTable), "wang@gov.cn")[1:])
        await pilot.press("escape")
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, LoadScreen)
        assert len(app.screen.query(PlotextPlot)) == 4
        load = app.screen.load_figures
        assert load is not None and load.total.meetings > 0
        assert "Accepted merges: 0" in text_of(app.screen, "#load-summary")


async def test_the_suggestions_preview_shows_the_slot_and_why(office):
    db, rules = office
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SuggestionsScreen)
        preview = text_of(app.screen, "#suggestions-preview")
        # 3 h 30 min do not fit from 09:00 before lunch: the first time that does, 08:30
        assert ("Slot from the first meeting's start it would run outside the working "
                "hours; first time this week when all 3 attendees and room 市政府三楼会议室 "
                "are free") in preview
        assert "When Mon 30 Nov 2026, 08:30–12:00 (3 h 30 min)" in preview


async def test_the_leaders_pane_shows_the_week_in_full_and_why_blocked(office):
    db, rules = office
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("L", "n")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("wang@gov.cn"))
        await settle(pilot)
        pane = text_of(screen, "#leaders-detail")
        assert "王建国" in pane
        assert "周二 12-01 上午 11:00–12:30 接待省考察团 @ 市民中心" in pane
        assert pane.count("接待省考察团") == 1  # once, though in both halves
        assert "万达广场开业典礼 @ 万达广场 [不宜出席]" in pane and "§4" in pane
