"""The calendar views of the TUI (tui/views, tui/app.py): month, week, day and agenda; their
keys, the mouse, search, the command palette, help, remapped keys, themes, untrusted and
double-width text; snapshots of each view.

A real database in tmp_path: the bundled sample calendars imported through the real command
line (as sample_calendars/demo.py does), "today" frozen at 2026-11-29 (tests/conftest.py), the
office zone from a real rulebook file.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.command import CommandPalette
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Footer, Input, Static

from leanmeet.planner.model import Occurrence
from leanmeet.storage.repository import FeedText, Repository
from leanmeet.tui.app import AgendaView, HelpScreen, LeanmeetApp
from leanmeet.tui.views.month import MonthDay, MonthView
from leanmeet.tui.views.search import SearchScreen
from leanmeet.tui.views.timegrid import TimeGrid, assign_lanes
from tests.conftest import copy_template

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_calendars"

BRACKET, CLOSING_TAG, VARIABLE = "[Meeting] sync", "Q3 [/b] review", "[$accent]x"


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="session")
def sample_master(tmp_path_factory) -> Path:
    """The sample calendars imported once per session (copied for each test)."""
    from leanmeet.cli.main import main

    folder = tmp_path_factory.mktemp("samples")
    db = folder / "samples.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "Asia/Shanghai")
        mp.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        mp.setenv("LEANMEET_TODAY", "2026-11-29")
        feeds = sorted(p for p in SAMPLES.glob("*.ics") if p.name != "government-office.ics")
        base = ["--db", str(db)]
        assert main([*base, "import", str(SAMPLES / "government-office.ics"), "--arranged"]) == 0
        assert main([*base, "import", *map(str, feeds)]) in (0, 1)
        assert main([*base, "people", "import", str(SAMPLES / "roster.csv")]) == 0
    return db


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text('timezone = "Asia/Shanghai"\n', encoding="utf-8")
    return path


@pytest.fixture
def db(sample_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "leanmeet.json"
    copy_template(sample_master, path)
    return path


def calendar(*events: str) -> str:
    return ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//leanmeet tests//EN\n" + "".join(events)
            + "END:VCALENDAR\n")


def vevent(uid: str, summary: str, start: str, end: str, extra: str = "") -> str:
    return (f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20261101T000000Z\n"
            f"DTSTART;TZID=Asia/Shanghai:{start}\nDTEND;TZID=Asia/Shanghai:{end}\n"
            f"SUMMARY:{summary}\n{extra}END:VEVENT\n")


# Week 48 (23–29 Nov 2026): untrusted titles, a Chinese title, three overlapping meetings.
CRAFTED = calendar(
    vevent("bracket@t", BRACKET, "20261123T090000", "20261123T100000", "LOCATION:[Room] A\n"),
    vevent("closing@t", CLOSING_TAG, "20261124T140000", "20261124T150000"),
    vevent("variable@t", VARIABLE, "20261125T100000", "20261125T110000"),
    vevent("zh@t", "全市安全生产工作会议暨第四季度安全形势分析会", "20261126T090000",
           "20261126T113000", "LOCATION:市政府三楼会议室\n"),
    vevent("a@t", "Overlap A", "20261127T090000", "20261127T110000"),
    vevent("b@t", "Overlap B", "20261127T093000", "20261127T103000"),
    vevent("c@t", "Overlap C", "20261127T100000", "20261127T120000"),
    vevent("after@t", "After lunch", "20261127T140000", "20261127T150000"),
)

ALL_DAY_AND_NIGHT = calendar(
    "BEGIN:VEVENT\nUID:allday@t\nDTSTAMP:20261101T000000Z\nDTSTART;VALUE=DATE:20261125\n"
    "DTEND;VALUE=DATE:20261126\nSUMMARY:Inspection day\nEND:VEVENT\n",
    "BEGIN:VEVENT\nUID:twodays@t\nDTSTAMP:20261101T000000Z\nDTSTART;VALUE=DATE:20261126\n"
    "DTEND;VALUE=DATE:20261128\nSUMMARY:两天培训\nEND:VEVENT\n",
    vevent("night@t", "Night shift", "20261128T220000", "20261129T020000"),
    vevent("day@t", "Morning meeting", "20261125T090000", "20261125T100000"),
)


@pytest.fixture
def crafted(tmp_path: Path) -> Path:
    path = tmp_path / "crafted.json"
    Repository(path).import_feed("crafted", [FeedText("crafted.ics", CRAFTED)])
    return path


async def settle(pilot: Pilot) -> None:
    """Wait for the workers (loading, rules, search) and for their results to be shown."""
    app = pilot.app
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        busy = isinstance(app, LeanmeetApp) and (app.loading or app.analysing)
        if not busy and not any(w.is_running for w in app.workers):
            return
    raise AssertionError("the app never settled")


async def press(pilot: Pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def shown(widget: Widget) -> str:
    """The text the widget shows on screen now."""
    area = Region(0, 0, widget.region.width, widget.region.height)
    return "\n".join(strip.text for strip in widget.render_lines(area))


def inside(widget: Widget) -> str:
    """What the widget shows inside its border and padding."""
    gutter = widget.styles.gutter
    lines = shown(widget).splitlines()[gutter.top: widget.region.height - gutter.bottom]
    return "\n".join(line[gutter.left: len(line) - gutter.right if gutter.right else None]
                     for line in lines)


def period_line(app: LeanmeetApp) -> str:
    return shown(app.query_one("#period", Static)).strip()


def badges_line(app: LeanmeetApp) -> str:
    return shown(app.query_one("#period-badges", Static)).strip()


def current(app: LeanmeetApp) -> str:
    return app.query_one("#views", ContentSwitcher).current or ""


def grid(app: LeanmeetApp, name: str = "week") -> TimeGrid:
    return app.query_one(f"#{name}", TimeGrid)


def selected_title(app: LeanmeetApp) -> str | None:
    occ = app.selected_occurrence
    return occ.summary if occ is not None else None


def month_cell(app: LeanmeetApp, day: date) -> MonthDay:
    return next(c for c in app.query(MonthDay) if c.day == day)


def hit_of(g: TimeGrid, title: str) -> tuple[int, int]:
    """An (x, y) in the widget where the event titled ``title`` is drawn."""
    assert g._layout is not None
    for y, pieces in enumerate(g._layout.hits):
        for piece in pieces:
            occ = g._by_key.get(piece.key or "")
            if occ is not None and occ.summary == title:
                return piece.x0 + 1, y
    raise AssertionError(f"{title!r} is not drawn")


def grid_lines(g: TimeGrid) -> list[str]:
    """The lines of the grid, without the detail line(s) under it."""
    lines = shown(g).splitlines()
    return lines[: len(lines) - g._detail_rows(g.size.height)]


def agenda_titles(app: LeanmeetApp) -> list[str]:
    return [o.summary for o in app.query_one(AgendaView).occurrences.values()]


def new_app(db: Path, rules: Path, **kwargs) -> LeanmeetApp:
    return LeanmeetApp(db_path=db, rules_path=rules, **kwargs)


# ------------------------------------------------------------------------------ views
async def test_opens_on_the_week_of_today_with_findings_and_merges(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert current(app) == "week"
        assert period_line(app) == "Week 48 · 23–29 Nov 2026 · 56 events"
        # the same as leanmeet check / suggest --from 2026-11-23 --to 2026-11-29
        assert badges_line(app) == "! 3 errors · ! 3 warnings · & 3 merge suggestions"
        g = grid(app)
        assert g.has_focus and g.day == date(2026, 11, 29)
        header = shown(g).splitlines()[0]
        for name in ("Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27", "Sat 28", "Sun 29"):
            assert name in header
        assert "!2 &2" in header  # Thursday: two findings, two merge suggestions


async def test_view_keys_switch_between_month_week_day_and_agenda(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        assert current(app) == "month"
        assert period_line(app) == "November 2026 · 124 events"
        # leanmeet check / suggest --from 2026-11-01 --to 2026-11-30 say the same
        assert badges_line(app) == "! 9 errors · ! 4 warnings · & 5 merge suggestions"
        assert app.query_one(MonthView).has_focus
        await press(pilot, "d")
        assert current(app) == "day"
        assert period_line(app) == "Sun 29 Nov 2026 · Week 48 · no events"
        await press(pilot, "a")
        assert current(app) == "agenda"
        assert period_line(app) == "Week 48 · 23–29 Nov 2026 · 56 events"
        assert app.query_one("#agenda-table", DataTable).row_count == 56
        await press(pilot, "w")
        assert current(app) == "week"
        assert grid(app).has_focus


async def test_next_and_previous_move_by_the_unit_of_the_view(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert period_line(app).startswith("Week 49 · 30 Nov – 6 Dec 2026")
        await press(pilot, "pageup", "p")
        assert period_line(app).startswith("Week 47 · 16–22 Nov 2026")
        await press(pilot, "m")
        assert period_line(app).startswith("November 2026")
        await press(pilot, "n")
        assert period_line(app).startswith("December 2026")
        await press(pilot, "pagedown")
        assert period_line(app).startswith("January 2027")
        await press(pilot, "d")
        assert period_line(app).startswith("Fri 1 Jan 2027")
        await press(pilot, "n")
        assert period_line(app).startswith("Sat 2 Jan 2027")
        await press(pilot, "p", "p")
        assert period_line(app).startswith("Thu 31 Dec 2026")
        await press(pilot, "t")
        assert period_line(app) == "Sun 29 Nov 2026 · Week 48 · no events"


async def test_week_grid_moves_with_arrows_and_vim_keys(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        g = grid(app)
        await press(pilot, "h", "left", "h")  # Sun -> Thu
        assert g.day == date(2026, 11, 26)
        assert selected_title(app) == "Emergency duty dispatch (应急值班调度)"
        await press(pilot, "j")
        first_next = selected_title(app)
        await press(pilot, "down")
        assert selected_title(app) not in (first_next, "Emergency duty dispatch (应急值班调度)")
        await press(pilot, "k", "up")
        assert selected_title(app) == "Emergency duty dispatch (应急值班调度)"
        await press(pilot, "G")
        assert selected_title(app) == "Rural e-commerce briefing"
        await press(pilot, "g", "l", "right")  # Thu -> Sat (no events)
        assert g.day == date(2026, 11, 28) and selected_title(app) is None
        await press(pilot, "l", "l")  # past Sunday: the next week
        assert period_line(app).startswith("Week 49")
        assert g.day == date(2026, 11, 30)
        await press(pilot, "h")  # back before Monday: the previous week
        assert period_line(app).startswith("Week 48")
        assert g.day == date(2026, 11, 29)


async def test_month_moves_by_day_and_week_and_enter_opens_the_day(db, rules):
    app = new_app(db, rules, view="month")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(MonthView)
        assert view.day == date(2026, 11, 29)
        assert month_cell(app, date(2026, 11, 29)).has_class("-selected", "-today")
        await press(pilot, "k", "up")  # two weeks up
        assert view.day == date(2026, 11, 15)
        await press(pilot, "h", "left", "l")
        assert view.day == date(2026, 11, 14)
        await press(pilot, "j", "j", "down", "down")  # 12 Dec: another month
        assert period_line(app).startswith("December 2026")
        assert view.day == date(2026, 12, 12)
        await press(pilot, "right", "right")
        assert view.day == date(2026, 12, 14)
        await press(pilot, "enter")
        assert current(app) == "day"
        assert period_line(app).startswith("Mon 14 Dec 2026 · Week 51")
        assert selected_title(app) == "Emergency duty dispatch (应急值班调度)"


async def test_month_cells_show_count_titles_and_markers(db, rules):
    app = new_app(db, rules, view="month")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = inside(month_cell(app, date(2026, 11, 26))).splitlines()
        assert lines[0].split() == ["26", "10", "!2", "&2"]
        assert lines[1].strip().startswith("08:30 Emergenc")
        assert lines[-1].strip() == "+7 more"
        outside = month_cell(app, date(2026, 12, 2))
        assert outside.has_class("-outside")
        assert inside(outside).splitlines()[0].split()[:2] == ["2", "12"]
        empty = inside(month_cell(app, date(2026, 11, 28))).split()
        assert empty == ["28"]


async def test_enter_opens_the_selected_event_from_week_and_day(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h", "h", "h", "j")
        title = selected_title(app)
        assert title is not None
        base = app.screen
        await press(pilot, "enter")
        assert app.screen is not base
        assert title in " ".join(shown(w) for w in app.screen.query(Static))
        await press(pilot, "escape")
        assert app.screen is base
        await press(pilot, "d")
        assert selected_title(app) == title  # the day view keeps the selection
        await press(pilot, "enter")
        assert app.screen is not base


async def test_click_selects_and_double_click_opens_in_the_week(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        g = grid(app)
        base = app.screen
        x, y = hit_of(g, "Emergency duty dispatch (应急值班调度)")
        column = max(i for i, cx in enumerate(g._layout.column_x) if cx <= x)
        await pilot.click(g, offset=(x, y))
        await settle(pilot)
        assert selected_title(app) == "Emergency duty dispatch (应急值班调度)"
        assert g.day == g._layout.days[column]
        assert app.screen is base
        # an empty Sunday afternoon (a narrow column at the right)
        await pilot.click(g, offset=(g._layout.column_x[6] + 2, 30))
        await settle(pilot)
        assert g.day == date(2026, 11, 29) and selected_title(app) is None
        key, occ = next((k, o) for k, o in g._by_key.items() if o.summary == "Q3 [/b] review")
        g.select(occ.start.date(), key)  # the selection is always drawn (never in "+N")
        await settle(pilot)
        x, y = hit_of(g, "Q3 [/b] review")
        await pilot.double_click(g, offset=(x, y))
        await settle(pilot)
        assert app.screen is not base
        assert "Q3 [/b] review" in " ".join(shown(w) for w in app.screen.query(Static))


async def test_click_selects_a_month_day_and_double_click_opens_it(db, rules):
    app = new_app(db, rules, view="month")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click(month_cell(app, date(2026, 11, 18)))
        await settle(pilot)
        assert app.query_one(MonthView).day == date(2026, 11, 18)
        assert current(app) == "month"
        await pilot.double_click(month_cell(app, date(2026, 11, 19)))
        await settle(pilot)
        assert current(app) == "day"
        assert period_line(app).startswith("Thu 19 Nov 2026")


async def test_agenda_click_selects_and_a_second_click_opens(db, rules):
    app = new_app(db, rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one("#agenda-table", DataTable)
        base = app.screen
        await press(pilot, "g")  # the first row, scrolled to the top
        await pilot.click(table, offset=(30, 3))
        await settle(pilot)
        assert table.cursor_row == 2
        assert app.screen is base
        await pilot.click(table, offset=(30, 3))
        await settle(pilot)
        assert app.screen is not base


# ------------------------------------------------------------------------------ badges
async def test_badges_on_events_days_and_agenda_rows(db, rules):
    app = new_app(db, rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one("#agenda-table", DataTable)
        agenda = app.query_one(AgendaView)
        checks = {agenda.occurrences[row.value].summary: table.get_cell(row, "checks").plain
                  for row in table.rows}
        assert checks["Silk Road (Tianshui) Cultural Tourism Forum 2026"] == "!1"
        assert checks["Heating supply guarantee meeting"] == "!1 &1"
        assert checks["Emergency duty dispatch (应急值班调度)"] == ""
        await press(pilot, "d")  # the day of the cursor, with the findings spelled out
        await press(pilot, "t", "h", "h", "h")
        text = shown(grid(app, "day"))
        assert "!1 09:00–11:00 Silk Road" in text
        assert "unarranged-ceremony:" in text


# ------------------------------------------------------------------------------ search
async def test_search_finds_titles_people_and_chinese_and_jumps_to_the_event(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one(Input).has_focus
        await pilot.press(*"督查反馈")
        await settle(pilot)
        titles = [o.summary for o in screen.found]
        assert titles == ["省政府督查组年终督查反馈会"]
        status = shown(screen.query_one("#search-status", Static))
        assert "1 match from 29 Nov 2025 to 29 Nov 2027" in status
        await press(pilot, "enter")
        assert not isinstance(app.screen, SearchScreen)
        assert current(app) == "week"
        assert period_line(app).startswith("Week 51 · 14–20 Dec 2026")
        assert selected_title(app) == "省政府督查组年终督查反馈会"


async def test_search_matches_every_word_in_any_field_and_escape_closes(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"silk auditorium")  # a title word and a location word
        await settle(pilot)
        assert [o.summary for o in screen.found] == [
            "Silk Road (Tianshui) Cultural Tourism Forum 2026"]
        for _ in range(len("silk auditorium")):
            await pilot.press("backspace")
        await pilot.press(*"nothing like this")
        await settle(pilot)
        assert screen.found == []
        assert "No events match" in shown(screen.query_one("#search-status", Static))
        await press(pilot, "escape")
        assert not isinstance(app.screen, SearchScreen)
        assert period_line(app).startswith("Week 48")


async def test_search_by_attendee_name_moves_through_results(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"刘晓燕")
        await settle(pilot)
        assert len(screen.found) > 3
        assert all("刘晓燕" in (o.summary + " ".join(a.name for a in o.attendees)
                              + (o.organizer.name if o.organizer else ""))
                   for o in screen.found)
        first = screen.highlighted
        assert first is not None
        await press(pilot, "down")
        second = screen.highlighted
        assert second is not None and second != first
        await press(pilot, "enter")
        assert selected_title(app) == second.summary


# ------------------------------------------------------------------------------ palette, help
async def test_command_palette_offers_every_action_and_runs_it(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        from leanmeet.tui.palette import LeanmeetCommands

        provider = LeanmeetCommands(app.screen)
        names = {name for name, _, _ in provider._commands()}
        assert {"Month", "Week", "Day", "Agenda", "Next", "Prev", "Today", "Search", "Help",
                "Quit", "Findings", "Merges", "Roster", "Import", "Export"} <= names
        assert any(name == "Theme: nord" for name, _, _ in provider._themes())
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"agenda")
        await settle(pilot)
        await press(pilot, "enter")
        assert current(app) == "agenda"


async def test_theme_from_the_palette_is_remembered(db, rules, tmp_path):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"theme: nord")
        await settle(pilot)
        await press(pilot, "enter")
        assert app.theme == "nord"
    settings = tmp_path / "config" / "leanmeet" / "settings.toml"
    assert settings.read_text(encoding="utf-8") == 'theme = "nord"\n'
    again = new_app(db, rules)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_help_lists_every_key_with_its_id_and_the_badges(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = [" ".join(line.split())
                 for line in shown(app.screen.query_one("#help-keys", Static)).splitlines()]
        for expected in (
            "m Show the month view [view.month]",
            "w Show the week view [view.week]",
            "d Show the day view [view.day]",
            "a Show the agenda [view.agenda]",
            "n / pgdn Show the next week [period.next]",
            "t Show the week of today [period.today]",
            "/ Search the events of the year around today [app.search]",
            "← / h Previous day [grid.left]",
            "↓ / j Next event [grid.down]",
            "⏎ Open [grid.open]",
            "^p Open the command palette [app.palette]",
            "q Quit [app.quit]",
        ):
            assert expected in lines, lines
        legend = " ".join(shown(app.screen.query_one("#help-legend", Static)).split())
        assert "! findings" in legend and "& a merge suggestion" in legend
        await press(pilot, "escape")
        await press(pilot, "d", "question_mark")
        lines = [" ".join(line.split())
                 for line in shown(app.screen.query_one("#help-keys", Static)).splitlines()]
        assert "n / pgdn Show the next day [period.next]" in lines


async def test_the_footer_shows_the_main_keys_and_follows_a_remap(db, rules, tmp_path):
    write_keys(tmp_path, '[keys]\n"view.month" = "M"\n')
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = " ".join(" ".join(shown(key).split()) for key in app.query_one(Footer).children)
        for hint in ("M Month", "w Week", "d Day", "a Agenda", "n Next", "p Prev", "t Today",
                     "/ Search", "? Help", "f Findings", "s Merges", "e Export"):
            assert hint in footer, footer


# ------------------------------------------------------------------------------ keymap
def write_keys(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "leanmeet" / "keys.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def test_keys_toml_remaps_keys_by_binding_id(db, rules, tmp_path):
    write_keys(tmp_path, '[keys]\n"view.month" = "M"\n"period.next" = "n,right_square_bracket"\n'
                         '"grid.down" = "ctrl+n"\n')
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h", "h", "h", "ctrl+n")
        assert selected_title(app) != "Emergency duty dispatch (应急值班调度)"
        await press(pilot, "right_square_bracket")
        assert period_line(app).startswith("Week 49")
        await press(pilot, "m")
        assert current(app) == "week"  # m no longer switches
        await press(pilot, "M")
        assert current(app) == "month"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[keys]\n"view.month" = \n', "keys.toml:2: not valid TOML"),
        ('[keys]\n"view.moon" = "M"\n', "keys.toml:2: unknown binding id 'view.moon'"),
        ('[keys]\n"view.month" = 3\n', "keys.toml:2: 'view.month' must be a string"),
        ('"view.month" = "M"\n', "keys.toml:1: no [keys] table"),
    ],
)
async def test_a_bad_keys_file_is_reported_and_the_defaults_kept(db, rules, tmp_path, text,
                                                                 message):
    write_keys(tmp_path, text)
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        assert any(message in n and "The default keys are used." in n for n in notes), notes
        await press(pilot, "m")
        assert current(app) == "month"


# ---------------------------------------------------------------- what the screens use
async def test_show_occurrence_reload_and_selected_occurrence(db, rules):
    app = new_app(db, rules, view="month")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.selected_occurrence is None  # the month view selects days
        assert app.session is not None and app.session.tz.key == "Asia/Shanghai"
        target = next(o for o in app.session.occurrences(date(2026, 12, 14), date(2026, 12, 14))
                      if o.summary == "省政府督查组年终督查反馈会")
        app.show_occurrence(target)
        await settle(pilot)
        assert current(app) == "week"
        assert app.current_period is not None and date(2026, 12, 14) in app.current_period
        assert app.selected_occurrence == target
        Repository(db).import_feed("extra", [FeedText("extra.ics", calendar(vevent(
            "new@t", "Added outside", "20261216T100000", "20261216T110000")))])
        app.reload()
        await settle(pilot)
        assert app.selected_occurrence == target  # the selection survives the reload
        await press(pilot, "a")
        assert "Added outside" in agenda_titles(app)


async def test_a_change_to_the_database_is_seen_on_the_next_move(db, rules):
    app = new_app(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "p")  # week 49 and 48 now cached
        Repository(db).import_feed("extra", [FeedText("extra.ics", calendar(vevent(
            "late@t", "Late addition", "20261202T100000", "20261202T110000")))])
        await press(pilot, "n", "a")
        assert "Late addition" in agenda_titles(app)


async def test_all_day_events_and_a_night_across_midnight(tmp_path, rules):
    path = tmp_path / "night.json"
    Repository(path).import_feed("night", [FeedText("night.ics", ALL_DAY_AND_NIGHT)])
    app = new_app(path, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        g = grid(app)
        lines = grid_lines(g)
        header, all_day = lines[0], lines[1]
        assert lines[2].startswith("00:00")  # the night shift needs the whole day
        column = {name: cell_len(header[: header.index(name)]) for name in (
            "Wed 25", "Thu 26", "Fri 27", "Sat 28", "Sun 29")}

        def at(line: str, cells: int) -> str:  # the day column (its cells) the header names
            out, width = "", 0
            for ch in line:
                if width >= cells:
                    out += ch
                width += cell_len(ch)
            return out.split("│")[0]

        assert all_day.startswith("all-d")
        assert "Inspection d" in at(all_day, column["Wed 25"])
        assert "两天培训" in at(all_day, column["Thu 26"])
        assert "两天培训" in at(all_day, column["Fri 27"])  # both of its days
        assert at(all_day, column["Sat 28"]).strip() == ""
        night = [(line, line.index("Night")) for line in lines if "Night" in line]
        starts = {cell_len(line[:i]) for line, i in night}
        assert len(starts) == 2  # drawn on Saturday and on Sunday
        assert min(starts) >= column["Sat 28"] - 1 and max(starts) >= column["Sun 29"] - 1
        await press(pilot, "m")
        wednesday = inside(month_cell(app, date(2026, 11, 25))).splitlines()
        assert wednesday[1].strip() == "Inspection day"  # all-day first, without a time
        assert wednesday[2].strip() == "09:00 Morning …"  # cut to the cell
        sunday = inside(month_cell(app, date(2026, 11, 29))).splitlines()
        assert sunday[1].strip() == "…   Night shi…"  # continued from Saturday


# ------------------------------------------------------------------------------ untrusted text
async def test_untrusted_titles_show_literally_in_every_view(crafted, rules):
    app = new_app(crafted, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "d", "h", "h", "h", "h", "h", "h")  # Monday 23
        for title, day_keys in ((BRACKET, ()), (CLOSING_TAG, ("l",)), (VARIABLE, ("l",))):
            await press(pilot, *day_keys)
            assert title in shown(grid(app, "day")), title
            assert selected_title(app) == title
        await press(pilot, "w")
        week = shown(grid(app))
        assert "[Meeti" in week and "Q3 [/" in week and "[$acc" in week
        await press(pilot, "m")
        month = {title: inside(month_cell(app, day)) for title, day in (
            (BRACKET, date(2026, 11, 23)), (CLOSING_TAG, date(2026, 11, 24)),
            (VARIABLE, date(2026, 11, 25)))}
        assert "09:00 [Meeting" in month[BRACKET]  # cut to the cell's width
        assert "14:00 Q3 [/b] …" in month[CLOSING_TAG]
        assert "10:00 [$accent" in month[VARIABLE]
        await press(pilot, "slash")
        await pilot.press(*"[")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert {o.summary for o in screen.found} == {BRACKET, CLOSING_TAG, VARIABLE}
        table = shown(screen.query_one(DataTable))
        assert BRACKET in table and CLOSING_TAG in table and VARIABLE in table


async def test_chinese_titles_keep_the_grid_columns_aligned(crafted, rules):
    app = new_app(crafted, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        g = grid(app)
        lines = grid_lines(g)
        assert any("全市安" in line for line in lines)
        width = g.region.width
        separators = None
        for line in lines:
            assert cell_len(line) == width, line
            columns = [cell_len(line[:i]) for i, ch in enumerate(line) if ch == "│"]
            separators = separators or columns
            assert columns == separators, line  # every day column starts at the same cell
        assert len(separators) == 7
        await press(pilot, "m")
        for cell in app.query(MonthDay):
            for line in shown(cell).splitlines():
                assert cell_len(line) == cell.region.width
        await press(pilot, "a")
        rows = shown(app.query_one("#agenda-table", DataTable)).splitlines()[1:9]
        feed_at = {cell_len(row[: row.index("crafted")]) for row in rows if "crafted" in row}
        assert len(feed_at) == 1, rows


async def test_overlapping_events_are_drawn_side_by_side(crafted, rules):
    app = new_app(crafted, rules, view="day")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h", "h")  # Friday 27
        g = grid(app, "day")
        spans = {}
        for title in ("Overlap A", "Overlap B", "Overlap C", "After lunch"):
            x, y = hit_of(g, title)
            piece = next(p for p in g._layout.hits[y] if p.x0 <= x < p.x1)
            spans[title] = (piece.x0, piece.x1)
        boxes = [spans["Overlap A"], spans["Overlap B"], spans["Overlap C"]]
        for i, (a0, a1) in enumerate(boxes):  # side by side: no two share a cell
            for b0, b1 in boxes[i + 1:]:
                assert a1 <= b0 or b1 <= a0, boxes
        assert all(b1 - b0 > 30 for b0, b1 in boxes)  # three lanes of the wide day column
        assert spans["After lunch"][1] - spans["After lunch"][0] > 100  # alone: full width
        row = next(line for line in shown(g).splitlines() if "Overlap B" in line)
        assert "Overlap A" not in row and "09:30–10:30 Overlap B" in row


def test_lanes_are_assigned_by_a_sweep():
    # A 9-11, B 9:30-10:30, C 10-12, D 11-12 (after A), E 14-15 alone
    lanes = assign_lanes([(0, 4), (1, 3), (2, 6), (4, 6), (10, 12)])
    assert lanes == [(0, 3), (1, 3), (2, 3), (0, 3), (0, 1)]
    assert assign_lanes([]) == []
    assert assign_lanes([(0, 1), (1, 2)]) == [(0, 1), (0, 1)]  # touching: one lane


# ------------------------------------------------------------------------------ snapshots
def _settled(keys: str = ""):
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        for key in keys:
            await press(pilot, key)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_month(snap_compare, db, rules, size):
    assert snap_compare(new_app(db, rules, view="month"), terminal_size=size,
                        run_before=_settled())


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_week(snap_compare, db, rules, size):
    assert snap_compare(new_app(db, rules), terminal_size=size, run_before=_settled("hhh"))


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_day(snap_compare, db, rules, size):
    assert snap_compare(new_app(db, rules, view="day"), terminal_size=size,
                        run_before=_settled("hhhjj"))


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_agenda(snap_compare, db, rules, size):
    assert snap_compare(new_app(db, rules, view="agenda"), terminal_size=size,
                        run_before=_settled())


@pytest.mark.parametrize(("start", "end", "all_day", "days"), [
    ("2026-11-26T09:00", "2026-11-26T10:00", False, ["2026-11-26"]),
    ("2026-11-26T22:00", "2026-11-27T00:00", False, ["2026-11-26"]),  # to midnight
    ("2026-11-26T22:00", "2026-11-27T00:00:01", False, ["2026-11-26", "2026-11-27"]),
    ("2026-11-26T22:00", "2026-11-28T00:00", False, ["2026-11-26", "2026-11-27"]),
    ("2026-11-26T22:00", "2026-11-27T01:00", False, ["2026-11-26", "2026-11-27"]),
    ("2026-11-26T09:00", "2026-11-26T09:00", False, ["2026-11-26"]),  # no length
    ("2026-11-26T09:00", "2026-11-25T09:00", False, ["2026-11-26"]),  # ends before it starts
    ("2026-11-26", "2026-11-28", True, ["2026-11-26", "2026-11-27"]),  # end exclusive
    ("2026-11-26", "2026-11-26", True, ["2026-11-26"]),
])
def test_the_days_an_occurrence_is_on(start, end, all_day, days):
    from leanmeet.tui.views.common import days_of

    tz = ZoneInfo("Asia/Shanghai")

    def value(text):
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text).replace(tzinfo=tz)

    occ = Occurrence("u", None, value(start), value(end), all_day, "A meeting")
    assert days_of(occ) == [date.fromisoformat(d) for d in days]


async def test_the_badges_give_way_to_the_count_of_events_at_80_columns(db, rules):
    """At 80 columns the badges' words would take the room of the period's count of events:
    they are shortened, then become the views' marks; wider, the words come back."""
    app = new_app(db, rules)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert period_line(app) == "Week 48 · 23–29 Nov 2026 · 56 events"
        assert badges_line(app) == "! 3 errors · ! 3 warnings · & 3 merges"  # it fits
        await press(pilot, "n")
        await settle(pilot)
        line, badges = period_line(app), badges_line(app)
        assert line.startswith("Week 49 · 30 Nov – 6 Dec 2026 · ") and line.endswith(" events")
        assert re.fullmatch(r"(!\d+ )*!\d+( &\d+)?|(!\d+ )*&\d+", badges), badges
        footer = app.query_one(Footer)
        narrow = len(footer.query("FooterKey"))
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert badges_line(app).endswith(" merge suggestions") and "errors" in badges_line(app)
        assert len(app.query_one(Footer).query("FooterKey")) > narrow  # the footer refits
