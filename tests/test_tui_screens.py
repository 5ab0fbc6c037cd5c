"""The screens of the TUI (tui/screens): event detail, findings, suggestions, roster, import
and export dialogs. Pilot tests for behaviour (what a user sees AND what is stored, checked
through the real command line), snapshots for the look.

The database is the bundled sample calendars (the office feed imported ``--arranged``, the
other feeds, the roster), imported once per module through ``leanmeet.cli.main.main`` and copied into
each test's tmp_path. "Today" is 2026-11-29 (tests/conftest.py), the office zone
Asia/Shanghai (a rules file).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    OptionList,
    ProgressBar,
    RadioButton,
    Select,
    Static,
)

from leanmeet.cli.main import main
from leanmeet.storage.repository import FeedText, Repository
from leanmeet.tui.app import LeanmeetApp
from leanmeet.tui.screens.detail import EventDetailScreen
from leanmeet.tui.screens.dialogs import (
    AddAttendeeDialog,
    ArrangeDialog,
    ExemptDialog,
    KindDialog,
    PersonDialog,
    RemoveAttendeeDialog,
)
from leanmeet.tui.screens.files import ExportDialog, ImportDialog, RosterImportDialog, complete_path
from leanmeet.tui.screens.findings import FindingsScreen
from leanmeet.tui.screens.roster import RosterScreen
from leanmeet.tui.screens.suggestions import SuggestionsScreen
from tests.conftest import SAMPLES, copy_template

SIZE = (120, 40)
RULES = 'timezone = "Asia/Shanghai"\n'

# Untrusted text: each breaks something when parsed as markup.
BRACKET, CLOSING_TAG, VARIABLE = "[Meeting] sync", "Q3 [/b] review", "[$accent]x"

# sample calendar events (sample_calendars/README.md)
CEREMONY = "麦积区便民服务中心剪彩仪式"  # U2: unarranged ceremony, 周海涛, Tue 1 Dec
COMMERCIAL = "Longcheng Group client appreciation afternoon"  # CAT1: 赵国庆, Wed 2 Dec
ECONOMIC = "全市经济工作会议"  # H2: half-day-limit, Tue 22 Dec
FLOOD = "Flood prevention briefing — 2026 season wrap-up"  # M2, Tue 1 Dec 14:00
FLOOD_2 = "Flood control coordination meeting"
WEEKLY = "Weekly Leadership Meeting 市政府领导班子周例会"  # S1: a weekly series


# ------------------------------------------------------------------------------ fixtures
def _cli(db: Path, rules: Path, *args: str) -> int:
    return main(["--db", str(db), "--rules", str(rules), *args])


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """The sample calendars and roster, imported once (as sample_calendars/demo.py does)."""
    folder = tmp_path_factory.mktemp("samples")
    db, rules = folder / "leanmeet.json", folder / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    feeds = sorted(str(p) for p in SAMPLES.glob("*.ics") if p.name != "government-office.ics")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "Asia/Shanghai")
        mp.setenv("LEANMEET_TODAY", "2026-11-29")
        assert _cli(db, rules, "import", str(SAMPLES / "government-office.ics"),
                    "--arranged") == 0
        assert _cli(db, rules, "import", *feeds) == 0
        assert _cli(db, rules, "people", "import", str(SAMPLES / "roster.csv")) == 0
    return db


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture
def db(sample_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "leanmeet.json"
    copy_template(sample_db, path)
    return path


def run_json(db: Path, rules: Path, *args: str) -> dict:
    """The real command line's JSON output (``leanmeet ... --json``); also while an app runs
    (which captures standard output while its loop runs)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _cli(db, rules, *args, "--json")
    return json.loads(out.getvalue())


def findings_json(db, rules) -> list[dict]:
    return run_json(db, rules, "check", "--from", "2026-11-29", "--to",
                    "2026-12-26")["findings"]


def decisions_json(db, rules) -> list[dict]:
    return run_json(db, rules, "decisions")["decisions"]


def events_json(db, rules, first="2026-11-30", last="2026-12-06") -> list[dict]:
    return run_json(db, rules, "list", "--from", first, "--to", last)["events"]


# ------------------------------------------------------------------------------ helpers
def ready(app) -> bool:
    """The calendar and the screen on top show what they loaded (nothing pending)."""
    screen = app.screen
    if getattr(app, "loading", False) or getattr(screen, "busy", False):
        return False
    if getattr(screen, "loaded", True) is False or getattr(screen, "running", False):
        return False
    return not (isinstance(screen, EventDetailScreen) and screen.report is None)


async def settle(pilot: Pilot) -> None:
    """Wait for every worker and for its messages to reach the screen."""
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if all(w.is_finished for w in app.workers) and ready(app):
            await pilot.pause()
            return
    raise AssertionError("the workers never finished")


def shown(widget: Widget) -> str:
    """The text the widget shows on screen now."""
    area = Region(0, 0, widget.region.width, widget.region.height)
    return "\n".join(strip.text for strip in widget.render_lines(area))


BORDERS = str.maketrans("█▊▎▔▁╭╮╰╯─│", "           ")


def words(widget: Widget) -> str:
    """What the widget shows, borders dropped and whitespace (line wrapping) collapsed."""
    return " ".join(shown(widget).translate(BORDERS).split())


def text_of(screen, selector: str) -> str:
    return words(screen.query_one(selector, Static))


def column(table: DataTable, key: str) -> list[str]:
    return [table.get_cell(row, key).plain for row in table.rows]


async def start(pilot: Pilot) -> LeanmeetApp:
    await settle(pilot)
    return pilot.app  # type: ignore[return-value]


async def open_findings(pilot: Pilot) -> FindingsScreen:
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FindingsScreen)
    return screen


async def cursor_to(pilot: Pilot, table: DataTable, key: str, text: str) -> None:
    """Move the table's cursor to the first row whose ``key`` column starts with ``text``
    (the arrow keys for a short way, else as a click on the row would)."""
    def matches(value: str) -> bool:  # a long cell ends in "…"
        return value.startswith(text) or (value.endswith("…") and text.startswith(value[:-1]))

    target = next(i for i, value in enumerate(column(table, key)) if matches(value))
    if abs(target - table.cursor_row) > 2:
        table.move_cursor(row=target)
        await pilot.pause()
    while table.cursor_row < target:
        await pilot.press("down")
    while table.cursor_row > target:
        await pilot.press("up")


async def open_event(pilot: Pilot, title: str) -> EventDetailScreen:
    """The detail of the first finding's event with this title (findings screen, then o)."""
    screen = await open_findings(pilot)
    await cursor_to(pilot, screen.query_one(DataTable), "event", title)
    await pilot.press("o")
    await settle(pilot)
    detail = pilot.app.screen
    assert isinstance(detail, EventDetailScreen)
    return detail


def stored_occurrence(db: Path, title: str):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    occs = Repository(db).occurrences(datetime(2026, 11, 16, tzinfo=tz),
                                      datetime(2027, 1, 11, tzinfo=tz), tz)
    return next(o for o in occs if o.summary == title)


async def open_stored(pilot: Pilot, db: Path, title: str) -> EventDetailScreen:
    """The detail of a stored event, as the calendar's enter opens it."""
    app = pilot.app
    assert isinstance(app, LeanmeetApp)
    app.open_detail(stored_occurrence(db, title))
    await settle(pilot)
    assert isinstance(app.screen, EventDetailScreen)
    return app.screen


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused widget; a long text (a path) is pasted, its last key typed (each
    key press waits for the app to be idle)."""
    focused = pilot.app.focused
    if isinstance(focused, Input) and len(text) > 8:
        focused.insert_text_at_cursor(text[:-1])
        text = text[-1]
    await pilot.press(*text)


async def clear_and_type(pilot: Pilot, widget: Input, text: str) -> None:
    widget.focus()
    await pilot.pause()
    await pilot.press("home", "ctrl+k")
    await type_text(pilot, text)


async def choose(pilot: Pilot, select_id: str, value: str) -> None:
    """Open a Select with the keyboard and pick the option whose value is ``value``."""
    screen = pilot.app.screen
    select = screen.query_one(select_id, Select)
    select.focus()
    await pilot.pause()
    values = [v for _, v in select._options]  # noqa: SLF001 - the options as given
    await pilot.press("enter")
    await pilot.pause()
    current = values.index(select.value)
    target = values.index(value)
    await pilot.press(*(["down"] * (target - current) if target > current
                        else ["up"] * (current - target)), "enter")
    await pilot.pause()
    assert select.value == value


# ------------------------------------------------------------------------------ event detail
async def test_detail_shows_the_event_its_leaders_findings_and_clauses(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        detail = await open_event(pilot, COMMERCIAL)
        title = text_of(detail, "#detail-title")
        assert title == f"{COMMERCIAL} commercial"
        assert text_of(detail, "#detail-when") == "Wed 2 Dec 2026, 15:00–16:30 (Asia/Shanghai)"
        assert text_of(detail, "#detail-location") == "Longcheng Group headquarters, 12F"
        assert text_of(detail, "#detail-kind") == (
            "commercial: from CATEGORIES 'commercial' — §4 commercial")
        assert text_of(detail, "#detail-arranged") == (
            "no (a commercial event cannot be arranged)")
        assert text_of(detail, "#detail-feed") == "leaders-outlook"
        attendees = text_of(detail, "#detail-attendees")
        assert "赵国庆 <zhao.guoqing@tianshui.gov.cn> · required · no reply" in attendees
        assert "★ leader (Vice Mayor) — kept out (blocked)" in attendees
        findings = text_of(detail, "#detail-findings")
        assert "● error commercial-event §4 commercial (blocks: leaders kept out)" in findings
        assert "赵国庆 may not attend a commercial event in an official capacity" in findings
        assert text_of(detail, "#label-findings") == "Findings (1)"
        assert text_of(detail, "#detail-hints") == "No merge suggestion for this event."
        await pilot.press("escape")
        assert isinstance(app.screen, FindingsScreen)
        # enter on the calendar's selected event opens the same detail
        await pilot.press("escape", "a")
        await settle(pilot)
        selected = app.selected_occurrence
        assert selected is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventDetailScreen)
        assert app.screen.occurrence.key == selected.key
        assert text_of(app.screen, "#detail-title").startswith(selected.summary)


async def test_detail_shows_merge_hints_with_reasons(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        detail = await open_stored(pilot, db, FLOOD)
        hints = text_of(detail, "#detail-hints")
        assert f"Could be merged with “{FLOOD_2}” (Tue 1 Dec 15:15–15:45) score 0.64" in hints
        assert "time: same afternoon, 15 minutes apart" in hints
        assert "attendees: 4 of 5 attendees in common" in hints
        assert "proposed: Tue 1 Dec 14:00–15:30 “Merged: " in hints
        assert text_of(detail, "#label-hints") == "Merge hints (1)"
        assert "No findings" in text_of(detail, "#detail-findings")


async def test_detail_arrange_records_the_reference_and_lifts_the_finding(db, rules):
    before = [f for f in findings_json(db, rules) if f["summary"] == CEREMONY]
    assert [f["rule"] for f in before] == ["unarranged-ceremony"]
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        detail = await open_event(pilot, CEREMONY)
        assert text_of(detail, "#detail-arranged") == "no"
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ArrangeDialog)
        await type_text(pilot, "办发[2026]12号")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is detail
        assert text_of(detail, "#detail-arranged") == "yes — 办发[2026]12号"
        assert "No findings" in text_of(detail, "#detail-findings")
        assert "arranged: 办发[2026]12号" in text_of(detail, "#detail-decisions")
        await pilot.press("escape")
        await settle(pilot)
        # the findings screen below was refreshed
        assert CEREMONY not in column(app.screen.query_one(DataTable), "event")
    assert not [f for f in findings_json(db, rules) if f["summary"] == CEREMONY]
    arranged = [d for d in decisions_json(db, rules) if d["type"] == "arrangement"]
    assert [(d["text"], d["occurrence"]) for d in arranged] == [("办发[2026]12号", None)]


async def test_arranging_a_commercial_event_is_refused_with_the_reason(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_event(pilot, COMMERCIAL)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ArrangeDialog)
        error = text_of(dialog, "#dialog-error")
        assert "commercial event" in error and "cannot be arranged" in error
        assert dialog.query_one("#dialog-ok", Button).disabled
        assert dialog.query_one("#arrange-ref", Input).disabled
        await pilot.press("enter")  # the focus is on Cancel
        await settle(pilot)
        assert not isinstance(app.screen, ArrangeDialog)
    assert decisions_json(db, rules) == []


async def test_exempt_offers_only_exemptable_rules_with_findings_and_needs_a_reason(
        db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        detail = await open_event(pilot, ECONOMIC)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExemptDialog)
        select = dialog.query_one("#exempt-rule", Select)
        assert [v for _, v in select._options] == ["half-day-limit"]  # noqa: SLF001
        await pilot.press("enter")  # no reason yet
        await settle(pilot)
        assert app.screen is dialog
        assert "reason" in text_of(dialog, "#dialog-error")
        await type_text(pilot, "special needs: year-end conference [b]")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is detail
        assert text_of(detail, "#detail-exemptions") == (
            "half-day-limit: special needs: year-end conference [b]")
        # a commercial-event finding cannot be exempted: nothing to offer
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        await cursor_to(pilot, screen.query_one(DataTable), "event", COMMERCIAL)
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is screen
    assert not [f for f in findings_json(db, rules)
                if f["summary"] == ECONOMIC and f["rule"] == "half-day-limit"]
    exemptions = [d for d in decisions_json(db, rules) if d["type"] == "exemption"]
    assert [(d["rule"], d["text"]) for d in exemptions] == [
        ("half-day-limit", "special needs: year-end conference [b]")]


async def test_change_kind_from_the_detail(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        detail = await open_event(pilot, COMMERCIAL)
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, KindDialog)
        assert dialog.kind == "commercial"
        await pilot.click("#kind-meeting")
        assert dialog.kind == "meeting"
        await pilot.click("#dialog-ok")
        await settle(pilot)
        assert app.screen is detail
        assert text_of(detail, "#detail-kind") == (
            "meeting: set by the scheduler (kind override) — §3 meeting time")
        assert "No findings" in text_of(detail, "#detail-findings")
    assert not [f for f in findings_json(db, rules) if f["summary"] == COMMERCIAL]
    kinds = [d for d in decisions_json(db, rules) if d["type"] == "kind"]
    assert [(d["text"], d["occurrence"]) for d in kinds] == [("meeting", None)]


async def test_a_series_decision_applies_to_one_occurrence_or_the_whole_series(
        db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        occ = stored_occurrence(db, WEEKLY)
        assert occ.series
        for whole in (False, True):
            app.open_detail(occ)
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, KindDialog)
            assert [str(b.label) for b in dialog.query_one("#scope").query(RadioButton)] == [
                "Only this occurrence (Mon 16 Nov 2026 08:30)",
                "The whole series (every occurrence)"]
            await pilot.click("#kind-ceremony")
            if whole:
                await pilot.click("#scope-series")
            await pilot.click("#dialog-ok")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
    kinds = [d for d in decisions_json(db, rules) if d["type"] == "kind"]
    assert sorted((d["occurrence"] or "", d["text"]) for d in kinds) == [
        ("", "ceremony"), ("2026-11-16T08:30:00+08:00", "ceremony")]


async def test_adding_a_leader_to_a_blocked_event_is_refused_and_nothing_stored(
        db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for title, why in ((COMMERCIAL, "may not attend a commercial event"),
                           (CEREMONY, "attend a ceremony without an arrangement")):
            detail = await open_stored(pilot, db, title)
            await pilot.press("plus")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, AddAttendeeDialog)
            await type_text(pilot, "wang")
            options = dialog.query_one(OptionList)
            assert options.option_count == 1
            assert "★ 王建国 <wang.jianguo@tianshui.gov.cn>" in words(options)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog
            error = text_of(dialog, "#dialog-error")
            assert error.startswith("王建国 cannot be added:")
            assert why in error
            await pilot.press("escape")
            await pilot.press("escape")
            assert app.screen is not detail
    assert decisions_json(db, rules) == []


async def test_add_and_remove_an_attendee(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        detail = await open_stored(pilot, db, FLOOD)
        assert text_of(detail, "#label-attendees") == "Attendees (5)"
        await pilot.press("plus")
        await settle(pilot)
        await type_text(pilot, "吴敏")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is detail
        assert text_of(detail, "#label-attendees") == "Attendees (6)"
        assert "吴敏 <wu.min@tianshui.gov.cn>" in text_of(detail, "#detail-attendees")
        # someone not on the roster, by email
        await pilot.press("plus")
        await settle(pilot)
        await type_text(pilot, "Guest <guest@example.org>")
        await pilot.press("enter")
        await settle(pilot)
        assert "Guest <guest@example.org>" in text_of(detail, "#detail-attendees")
        stored = next(e for e in events_json(db, rules) if e["summary"] == FLOOD)
        assert {"wu.min@tianshui.gov.cn", "guest@example.org"} <= {
            a["email"] for a in stored["attendees"]}
        # remove 吴敏 again
        await pilot.press("minus")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RemoveAttendeeDialog)
        options = dialog.query_one(OptionList)
        target = next(i for i in range(options.option_count)
                      if "wu.min@" in str(options.get_option_at_index(i).prompt))
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is detail
        assert "吴敏" not in text_of(detail, "#detail-attendees")
        assert text_of(detail, "#label-attendees") == "Attendees (6)"
    stored = next(e for e in events_json(db, rules) if e["summary"] == FLOOD)
    emails = {a["email"] for a in stored["attendees"]}
    assert "wu.min@tianshui.gov.cn" not in emails and "guest@example.org" in emails


# ------------------------------------------------------------------------------ findings
async def test_findings_screen_lists_what_check_reports_and_filters(db, rules):
    expected = findings_json(db, rules)
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = await open_findings(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == len(expected) == 48
        assert column(table, "rule") == [f["rule"] for f in expected]
        assert text_of(screen, "#findings-title") == (
            "Findings · 29 Nov – 26 Dec 2026 · 17 errors, 16 warnings, 15 information")
        first = text_of(screen, "#findings-detail")
        assert "● error unarranged-ceremony §4 activities" in first
        assert CEREMONY in first
        await choose(pilot, "#findings-severity", "warning")
        assert set(column(table, "severity")) == {"warning"}
        assert table.row_count == 16
        assert text_of(screen, "#findings-title").endswith("· 16 shown")
        await choose(pilot, "#findings-rule", "double-booking")
        assert column(table, "rule") == ["double-booking"]
        await choose(pilot, "#findings-severity", "all")
        await choose(pilot, "#findings-rule", "all")
        assert table.row_count == 48
        # next and previous four weeks
        table.focus()
        await pilot.press("n")
        await settle(pilot)
        assert text_of(screen, "#findings-title").startswith("Findings · 27 Dec 2026 – 23 Jan 2027")
        await pilot.press("t")
        await settle(pilot)
        assert table.row_count == 48
        await pilot.press("escape")
        assert not isinstance(app.screen, FindingsScreen)


async def test_findings_arrange_and_exempt_dialogs(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = await open_findings(pilot)
        table = screen.query_one(DataTable)
        await cursor_to(pilot, table, "event", CEREMONY)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ArrangeDialog)
        await type_text(pilot, "ref 7")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert CEREMONY not in column(table, "event")
        assert table.row_count == 47
        await cursor_to(pilot, table, "event", ECONOMIC)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExemptDialog)
        assert dialog.query_one("#exempt-rule", Select).value == "half-day-limit"
        await type_text(pilot, "annual conference")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert ECONOMIC not in column(table, "event")
    rules_of = {(f["summary"], f["rule"]) for f in findings_json(db, rules)}
    assert (CEREMONY, "unarranged-ceremony") not in rules_of
    assert (ECONOMIC, "half-day-limit") not in rules_of


async def test_findings_enter_jumps_to_the_event(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("n")  # the calendar shows next week: the findings start there
        await settle(pilot)
        screen = await open_findings(pilot)
        assert text_of(screen, "#findings-title").startswith(
            "Findings · 30 Nov – 27 Dec 2026 · ")
        await cursor_to(pilot, screen.query_one(DataTable), "event", ECONOMIC)
        jumped = []
        if hasattr(app, "show_occurrence"):
            original = app.show_occurrence

            def spy(occ):
                jumped.append(occ)
                return original(occ)

            app.show_occurrence = spy  # type: ignore[method-assign]
        await pilot.press("enter")
        await settle(pilot)
        if jumped:
            assert not isinstance(app.screen, FindingsScreen)
            assert [o.summary for o in jumped] == [ECONOMIC]
        else:  # no calendar to jump to: the event opens
            assert isinstance(app.screen, EventDetailScreen)
            assert app.screen.occurrence.summary == ECONOMIC


# ------------------------------------------------------------------------------ suggestions
async def test_suggestions_show_score_reasons_and_the_merged_meeting(db, rules):
    expected = run_json(db, rules, "suggest")["suggestions"]
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        table = screen.query_one(DataTable)
        assert [r.value for r in table.rows] == [s["id"] for s in expected]
        assert column(table, "score") == [f"{s['score']:.2f}" for s in expected]
        assert set(column(table, "status")) == {"open"}
        assert column(table, "meetings")[0].startswith(f"{FLOOD} + Flood control")
        preview = text_of(screen, "#suggestions-preview")
        assert f"{expected[0]['id']} · score 0.64 · 2 meetings" in preview
        assert "time 0.94 same afternoon, 15 minutes apart" in preview
        assert "content — titles" in preview
        assert "When Tue 1 Dec 2026, 14:00–15:30 (1 h 30 min)" in preview
        assert f"Title Merged: {FLOOD} / {FLOOD_2}" in preview
        assert "Attendees (5)" in preview
        assert "Agenda: - 14:00–15:00 Flood prevention" in preview


async def test_accept_replaces_the_meetings_and_undo_restores_them(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(DataTable)
        first = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("a")
        await settle(pilot)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == first
        assert column(table, "status")[table.cursor_row] == "merged"
        assert "merged on" in text_of(screen, "#suggestions-preview")
        assert text_of(screen, "#suggestions-title").endswith("12 open, 1 accepted, 0 dismissed")
        titles = [e["summary"] for e in events_json(db, rules)]
        assert f"Merged: {FLOOD} / {FLOOD_2}" in titles
        assert FLOOD not in titles and FLOOD_2 not in titles
        assert first not in [s["id"] for s in run_json(db, rules,
                                                       "suggest")["suggestions"]]
        await pilot.press("u")
        await settle(pilot)
        assert column(table, "status")[table.cursor_row] == "open"
        titles = [e["summary"] for e in events_json(db, rules)]
        assert f"Merged: {FLOOD} / {FLOOD_2}" not in titles
        assert FLOOD in titles and FLOOD_2 in titles


async def test_dismiss_and_undo(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(DataTable)
        await pilot.press("down")
        chosen = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("d")
        await settle(pilot)
        assert column(table, "status")[table.cursor_row] == "dismissed"
        assert chosen not in [s["id"] for s in run_json(db, rules,
                                                        "suggest")["suggestions"]]
        await pilot.press("a")  # only an open suggestion can be accepted
        await settle(pilot)
        assert column(table, "status")[table.cursor_row] == "dismissed"
        await pilot.press("u")
        await settle(pilot)
        assert column(table, "status")[table.cursor_row] == "open"
        assert chosen in [s["id"] for s in run_json(db, rules,
                                                    "suggest")["suggestions"]]
    assert decisions_json(db, rules) == []


# ------------------------------------------------------------------------------ roster
async def test_roster_lists_adds_and_toggles_leaders(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        table = screen.query_one(DataTable)
        assert text_of(screen, "#roster-title") == "Roster · 30 people, 8 leaders"
        assert column(table, "role")[:8] == ["★ leader"] * 8
        leaders = set(column(table, "name")[:8])
        assert {"王建国", "陈卫东", "李红梅", "张志强"} <= leaders
        # liaison departments and the media role (issue 14)
        by_name = dict(zip(column(table, "name"), column(table, "liaison"), strict=True))
        assert by_name["刘晓燕"].startswith("教育局; Education Bureau; 文")
        roles = dict(zip(column(table, "name"), column(table, "role"), strict=True))
        assert roles["韩雪"] == "media" and roles["吴敏"] == "staff"
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, PersonDialog)
        await type_text(pilot, "Ann Lee")
        await pilot.press("tab")
        await type_text(pilot, "Ann.Lee@Example.org")
        await pilot.click("#person-leader")
        await pilot.click("#dialog-ok")
        await settle(pilot)
        assert app.screen is screen
        assert text_of(screen, "#roster-title") == "Roster · 31 people, 9 leaders"
        # toggle the highlighted person (the cursor stays on it)
        await cursor_to(pilot, table, "name", "吴敏")
        await pilot.press("l")
        await settle(pilot)
        assert column(table, "name")[table.cursor_row] == "吴敏"
        assert column(table, "role")[table.cursor_row] == "★ leader"
    people = {p["email"]: p for p in run_json(db, rules, "people", "list")["people"]}
    assert people["ann.lee@example.org"]["role"] == "leader"
    assert people["ann.lee@example.org"]["name"] == "Ann Lee"
    assert people["wu.min@tianshui.gov.cn"]["role"] == "leader"


async def test_roster_csv_import_shows_the_summary_and_problems(db, rules, tmp_path):
    csv = tmp_path / "more people.csv"
    csv.write_text("name,email,role,title,department\n"
                   "Kim Park,kim@example.org,staff,Clerk,Office\n"
                   "No Mail,not-an-email,staff,,\n", encoding="utf-8")
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, RosterImportDialog)
        await type_text(pilot, str(tmp_path / "more"))
        await pilot.press("tab")  # completes the path
        assert dialog.query_one("#roster-path", Input).value == str(csv)
        await pilot.press("enter")
        await settle(pilot)
        log = text_of(dialog, "#job-log-text")
        assert "roster: 1 added, 0 updated, 1 skipped" in log
        assert f"{csv}:3: 'not-an-email' is not an email address; row skipped" in log
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert text_of(screen, "#roster-title") == "Roster · 31 people, 8 leaders"
        # a file that is not a roster: the reason, nothing changed
        await pilot.press("c")
        await type_text(pilot, str(SAMPLES / "government-office.ics"))
        await pilot.press("enter")
        await settle(pilot)
        assert "header is" in text_of(app.screen, "#job-log-text")
    assert len(run_json(db, rules, "people", "list")["people"]) == 31


# ------------------------------------------------------------------------------ import
async def test_import_dialog_imports_a_folder_with_progress_and_summary(tmp_path, rules):
    db = tmp_path / "empty.json"
    folder = tmp_path / "feeds"
    folder.mkdir()
    for name in ("departments-google.ics", "部门会议.ics"):
        shutil.copyfile(SAMPLES / name, folder / name)
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("i")
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        await type_text(pilot, str(folder))
        await pilot.press("enter")
        await settle(pilot)
        log = text_of(dialog, "#job-log-text")
        assert "departments-google: 72 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" in log
        assert "部门会议: 89 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" in log
        bar = dialog.query_one(ProgressBar)
        assert bar.total == 4 and bar.progress == 4  # two files read, two feeds stored
        assert text_of(dialog, "#job-status") == "Done."
        await pilot.press("escape")
        assert not isinstance(app.screen, ImportDialog)
    feeds = {e["feed"] for e in events_json(db, rules)}
    assert feeds == {"departments-google", "部门会议"}


async def test_import_dialog_shows_errors_and_never_crashes(tmp_path, db, rules):
    before = events_json(db, rules)
    page = tmp_path / "error.ics"
    page.write_text("<html><body>502 Bad Gateway</body></html>\n", encoding="utf-8")
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("i")
        dialog = app.screen
        path = dialog.query_one("#import-path", Input)
        for source, error in ((tmp_path / "missing.ics", "missing.ics: no such file"),
                              (page, "error.ics")):
            await clear_and_type(pilot, path, str(source))
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog
            log = text_of(dialog, "#job-log-text")
            assert error in log
            assert text_of(dialog, "#job-status") == "Done, with errors."
    assert events_json(db, rules) == before


async def test_import_runs_in_a_worker_and_the_app_stays_responsive(tmp_path, rules,
                                                                    monkeypatch):
    db = tmp_path / "empty.json"
    reached, release = threading.Event(), threading.Event()
    real = Repository.import_feed

    def slow_import(self, *args, **kwargs):
        reached.set()
        assert release.wait(30)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Repository, "import_feed", slow_import)
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("i")
        dialog = app.screen
        await type_text(pilot, str(SAMPLES / "government-office.ics"))
        await pilot.click("#import-arranged")
        await pilot.click("#dialog-ok")
        assert await asyncio.to_thread(reached.wait, 30)
        await pilot.pause()
        # the worker is storing the feed; the UI answers meanwhile
        bar = dialog.query_one(ProgressBar)
        assert bar.display and bar.total is None  # one file: indeterminate
        assert text_of(dialog, "#job-status") == "storing feed government-office"
        await pilot.click("#import-feed")
        await type_text(pilot, "typed while importing")
        assert dialog.query_one("#import-feed", Input).value == "typed while importing"
        assert dialog.query_one("#dialog-ok", Button).disabled
        release.set()
        await settle(pilot)
        assert "government-office: 72 added" in text_of(dialog, "#job-log-text")
        assert bar.total == 2 and bar.progress == 2
    feeds = {f["name"]: f for f in Repository(db).feeds()}
    assert feeds["government-office"]["arranged"] is True


async def test_stop_ends_the_import_after_the_current_feed(tmp_path, rules, monkeypatch):
    db = tmp_path / "empty.json"
    folder = tmp_path / "feeds"
    folder.mkdir()
    for name in ("departments-google.ics", "部门会议.ics"):
        shutil.copyfile(SAMPLES / name, folder / name)
    reached, release = threading.Event(), threading.Event()
    real = Repository.import_feed

    def slow_import(self, *args, **kwargs):
        reached.set()
        assert release.wait(30)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Repository, "import_feed", slow_import)
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("i")
        dialog = app.screen
        await type_text(pilot, str(folder))
        await pilot.press("enter")
        assert await asyncio.to_thread(reached.wait, 30)
        await pilot.pause()
        assert str(dialog.query_one("#dialog-cancel", Button).label) == "Stop"
        await pilot.press("escape")  # stop: the feed being stored is finished, no more
        assert app.screen is dialog
        assert text_of(dialog, "#job-status") == "Stopping after the current feed…"
        release.set()
        await settle(pilot)
        log = text_of(dialog, "#job-log-text")
        assert "departments-google: 72 added" in log
        assert "Stopped: the remaining feeds were not imported." in log
        await pilot.press("escape")
        assert app.screen is not dialog
    assert [f["name"] for f in Repository(db).feeds()] == ["departments-google"]


def test_path_completion(tmp_path):
    (tmp_path / "office feeds").mkdir()
    (tmp_path / "office.ics").write_text("x", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.ics").write_text("x", encoding="utf-8")
    base = str(tmp_path) + os.sep
    assert complete_path(base + "off", (".ics",)) == base + "office feeds/"
    assert complete_path(base + "office.", (".ics",)) == base + "office.ics"
    assert complete_path(base + "no", (".ics",)) is None  # notes.txt is not a calendar
    assert complete_path(base + "no") == base + "notes.txt"
    assert complete_path(base + ".h", (".ics",)) == base + ".hidden.ics"
    assert complete_path(base + "office.ics", (".ics",)) is None  # already complete
    assert complete_path("https://example.org/c", (".ics",)) is None
    assert complete_path(str(tmp_path / "missing" / "x")) is None


# ------------------------------------------------------------------------------ export
async def test_export_dialog_writes_the_plan(db, rules, tmp_path):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-from", Input).value == "2026-11-29"
        assert dialog.query_one("#export-to", Input).value == "2026-12-26"
        path = dialog.query_one("#export-path", Input)
        await clear_and_type(pilot, path, str(tmp_path / "plan.ics"))
        await pilot.press("enter")
        await settle(pilot)
        result = text_of(dialog, "#export-result")
        assert "exported" in result and str(tmp_path / "plan.ics") in result
        text = (tmp_path / "plan.ics").read_text(encoding="utf-8")
        assert text.startswith("BEGIN:VCALENDAR") and CEREMONY in text
        # a folder that does not exist: the reason, nothing written
        await clear_and_type(pilot, path, str(tmp_path / "nowhere" / "plan.ics"))
        await pilot.press("enter")
        await settle(pilot)
        assert "does not exist" in text_of(dialog, "#dialog-error")
        # another format: the default name follows; a bad date is refused
        await clear_and_type(pilot, path, str(tmp_path / "leanmeet-plan.ics"))
        await choose(pilot, "#export-format", "md")
        assert path.value == str(tmp_path / "leanmeet-plan.md")
        await clear_and_type(pilot, dialog.query_one("#export-to", Input), "2026-13-01")
        await pilot.press("enter")
        await settle(pilot)
        assert "is not a date" in text_of(dialog, "#dialog-error")
        assert not (tmp_path / "leanmeet-plan.md").exists()
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportDialog)


# ------------------------------------------------------------------------------ untrusted text
UNTRUSTED_FEED = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//leanmeet tests//EN
BEGIN:VEVENT
UID:u1@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261201T090000
DTEND;TZID=Asia/Shanghai:20261201T100000
SUMMARY:[Meeting] sync
LOCATION:[Room] Grand Hotel
ATTENDEE;CN="[Guest] Ann":mailto:ann@example.org
ATTENDEE;CN="Q3 [/b] Bob":mailto:bob@example.org
END:VEVENT
BEGIN:VEVENT
UID:u2@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261201T100000
DTEND;TZID=Asia/Shanghai:20261201T103000
SUMMARY:[Meeting] sync follow-up
LOCATION:[Room] 2
ATTENDEE;CN="[Guest] Ann":mailto:ann@example.org
ATTENDEE;CN="Q3 [/b] Bob":mailto:bob@example.org
END:VEVENT
BEGIN:VEVENT
UID:u3@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261202T090000
DTEND;TZID=Asia/Shanghai:20261202T150000
SUMMARY:Q3 [/b] review
ATTENDEE;CN="[$accent]x":mailto:lead@example.org
END:VEVENT
BEGIN:VEVENT
UID:u4@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261203T100000
DTEND;TZID=Asia/Shanghai:20261203T110000
SUMMARY:[$accent]x ribbon-cutting
ATTENDEE;CN="[$accent]x":mailto:lead@example.org
END:VEVENT
END:VCALENDAR
"""
UNTRUSTED_ROSTER = ("name,email,role,title,department\n"
                    "[$accent]x,lead@example.org,leader,[b]Mayor,[Dept] A\n"
                    "[Guest] Ann,ann@example.org,staff,,\n")


@pytest.fixture
def untrusted_db(tmp_path: Path) -> Path:
    from leanmeet.storage.repository import parse_roster

    path = tmp_path / "untrusted.json"
    repo = Repository(path)
    assert repo.import_feed("[feed] x", [FeedText("u.ics", UNTRUSTED_FEED)]).added == 4
    repo.add_people(parse_roster(UNTRUSTED_ROSTER)[0])
    return path


async def test_untrusted_text_shows_literally_on_every_screen(untrusted_db, rules):
    app = LeanmeetApp(db_path=untrusted_db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = await open_findings(pilot)
        table = screen.query_one(DataTable)
        events = column(table, "event")
        for title in (BRACKET, CLOSING_TAG, f"{VARIABLE} ribbon-cutting"):
            assert title in events
            assert title in shown(table)
        await cursor_to(pilot, table, "event", CLOSING_TAG)
        assert CLOSING_TAG in text_of(screen, "#findings-detail")
        await pilot.press("x")
        await settle(pilot)
        await type_text(pilot, "[b]special[/b] [$accent] needs")
        await pilot.press("enter")
        await settle(pilot)
        await cursor_to(pilot, table, "event", f"{VARIABLE} ribbon-cutting")
        await pilot.press("o")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, EventDetailScreen)
        assert text_of(detail, "#detail-title").startswith(f"{VARIABLE} ribbon-cutting")
        attendees = text_of(detail, "#detail-attendees")
        assert f"{VARIABLE} <lead@example.org>" in attendees
        assert "★ leader ([b]Mayor)" in attendees
        assert f"{VARIABLE} attends a ceremony" in text_of(detail, "#detail-findings")
        await pilot.press("escape")
        app.open_detail(stored_occurrence(untrusted_db, CLOSING_TAG))
        await settle(pilot)
        detail = app.screen
        assert text_of(detail, "#detail-title").startswith(CLOSING_TAG)
        assert text_of(detail, "#detail-exemptions") == (
            "half-day-limit: [b]special[/b] [$accent] needs")
        await pilot.press("escape", "escape")
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        assert column(screen.query_one(DataTable), "meetings") == [
            f"{BRACKET} + {BRACKET} follow-up"]
        preview = text_of(screen, "#suggestions-preview")
        assert f"Title Merged: {BRACKET} / {BRACKET} follow-up" in preview
        assert "[Guest] Ann <ann@example.org>, Q3 [/b] Bob <bob@example.org>" in preview
        assert "Location [Room] Grand Hotel" in preview
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        roster = screen.query_one(DataTable)
        assert column(roster, "name") == [VARIABLE, "[Guest] Ann"]
        assert column(roster, "title")[0] == "[b]Mayor"
        assert "[Dept] A" in shown(roster)


async def test_chinese_titles_keep_the_columns_aligned(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = await open_findings(pilot)
        lines = shown(screen.query_one(DataTable)).splitlines()[1:25]
        assert any(CEREMONY in line for line in lines)
        assert any(COMMERCIAL[:20] in line for line in lines)
        starts = {cell_len(line[: line.index(rule)]) for line in lines
                  for rule in ("unarranged-ceremony", "commercial-event", "half-day-limit")
                  if rule in line}
        assert len(starts) == 1, lines
        await pilot.press("s")
        await settle(pilot)
        lines = shown(app.screen.query_one(DataTable)).splitlines()[1:10]
        assert any("冬季" in line for line in lines) and any("Flood" in line for line in lines)
        starts = {cell_len(line[: line.index(" open ") + 6]) for line in lines
                  if " open " in line}
        assert len(starts) == 1, lines


# ------------------------------------------------------------------------------ snapshots
def test_snapshot_event_detail(snap_compare, db, rules):
    async def run_before(pilot: Pilot) -> None:
        await start(pilot)
        await open_event(pilot, COMMERCIAL)
        # the same text rendered differently once under heavy load: let scrolling settle
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)

    app = LeanmeetApp(db_path=db, rules_path=rules)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_findings(snap_compare, db, rules, size):
    async def run_before(pilot: Pilot) -> None:
        await start(pilot)
        await open_findings(pilot)

    app = LeanmeetApp(db_path=db, rules_path=rules)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_suggestions(snap_compare, db, rules, size):
    async def run_before(pilot: Pilot) -> None:
        await start(pilot)
        await pilot.press("s")
        await settle(pilot)

    app = LeanmeetApp(db_path=db, rules_path=rules)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
