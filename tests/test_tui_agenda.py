"""The agenda TUI (tui/app.py): Pilot tests for behaviour, snapshots for the look.

A real database in tmp_path, filled by importing real .ics text; "today" is frozen with
LEANMEET_TODAY and the office zone comes from a real rulebook file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from leanmeet.storage.repository import FeedText, Repository
from leanmeet.tui.app import AgendaTable, AgendaView, HelpScreen, LeanmeetApp, Period
from leanmeet.tui.screens.detail import EventDetailScreen as DetailScreen

TODAY = "2026-11-25"  # a Wednesday in ISO week 48 (23–29 Nov 2026)

# Untrusted titles: each one breaks something when it is parsed as markup.
BRACKET, CLOSING_TAG, VARIABLE, RICH_TAGS = (
    "[Meeting] sync",
    "Q3 [/b] review",
    "[$accent]x",
    "[bold red]x[/]",
)

FEED = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//leanmeet tests//EN
BEGIN:VEVENT
UID:weekly@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261116T090000
DTEND;TZID=Asia/Shanghai:20261116T093000
RRULE:FREQ=WEEKLY;COUNT=4
SUMMARY:Weekly sync
LOCATION:Room 301
END:VEVENT
BEGIN:VEVENT
UID:bracket@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261123T140000
DTEND;TZID=Asia/Shanghai:20261123T150000
SUMMARY:[Meeting] sync
LOCATION:[Room] A
END:VEVENT
BEGIN:VEVENT
UID:allday@test
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261124
DTEND;VALUE=DATE:20261125
SUMMARY:全市安全生产工作会议
LOCATION:市政府三楼会议室
END:VEVENT
BEGIN:VEVENT
UID:q3@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261125T100000
DTEND;TZID=Asia/Shanghai:20261125T113000
SUMMARY:Q3 [/b] review
LOCATION:Board room
ORGANIZER;CN=Li Wei:mailto:li.wei@example.org
ATTENDEE;CN=张伟;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:zhang.wei@example.org
ATTENDEE;CN="[Guest] Ann";ROLE=OPT-PARTICIPANT:mailto:ann@example.org
ATTENDEE;CN=Bob;ROLE=X-KEYNOTE;PARTSTAT=TENTATIVE:mailto:bob@example.org
CATEGORIES:Finance,[Q3]
DESCRIPTION:Agenda:\\n1. [bold red]numbers[/]\\n2. $accent colours
END:VEVENT
BEGIN:VEVENT
UID:variable@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261126T150000
DTEND;TZID=Asia/Shanghai:20261126T160000
SUMMARY:[$accent]x
LOCATION:会议室 B
END:VEVENT
BEGIN:VEVENT
UID:cancelled@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261127T093000
DTEND;TZID=Asia/Shanghai:20261127T100000
SUMMARY:[bold red]x[/]
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:next@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261201T100000
DTEND;TZID=Asia/Shanghai:20261201T110000
SUMMARY:Planning 规划会
END:VEVENT
BEGIN:VEVENT
UID:previous@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Shanghai:20261119T160000
DTEND;TZID=Asia/Shanghai:20261119T170000
SUMMARY:Retro
END:VEVENT
END:VCALENDAR
"""

WEEK_48 = [
    "Weekly sync",
    BRACKET,
    "全市安全生产工作会议",
    CLOSING_TAG,
    VARIABLE,
    f"{RICH_TAGS} (cancelled)",
]
WEEK_49 = ["Weekly sync", "Planning 规划会"]
WEEK_47 = ["Weekly sync", "Retro"]


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Today, the machine zone and the platform folders fixed; nothing of the user's read."""
    monkeypatch.setenv("LEANMEET_TODAY", TODAY)
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("LEANMEET_DB", raising=False)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text('timezone = "Asia/Shanghai"\n', encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "leanmeet.json"
    result = Repository(path).import_feed("office", [FeedText("week.ics", FEED)])
    assert result.added == 8 and not result.problems
    return path


async def settle(pilot: Pilot) -> None:
    """Wait for the loading worker (reading, then the rules) and for its results to reach the
    screen."""
    app = pilot.app
    assert isinstance(app, LeanmeetApp)
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app.loading and not app.analysing and not any(w.is_running for w in app.workers):
            return
    raise AssertionError("the agenda never finished loading")


def shown(widget: Widget) -> str:
    """The text the widget shows on screen now (padding and border included)."""
    area = Region(0, 0, widget.region.width, widget.region.height)
    return "\n".join(strip.text for strip in widget.render_lines(area))


def words(widget: Widget) -> str:
    """What the widget shows, borders dropped and whitespace (line wrapping) collapsed."""
    return " ".join(shown(widget).translate(str.maketrans("╭╮╰╯─│", "      ")).split())


def table(app: LeanmeetApp) -> AgendaTable:
    return app.query_one(AgendaTable)


def column(app: LeanmeetApp, key: str) -> list[str]:
    t = table(app)
    return [t.get_cell(row, key).plain for row in t.rows]


def titles(app: LeanmeetApp) -> list[str]:
    return column(app, "title")


def period_line(app: LeanmeetApp) -> str:
    return shown(app.query_one("#period", Static)).strip()


def detail_title(app: LeanmeetApp) -> str:
    """The title the event detail (tui/screens/detail.py) shows, without what it appends:
    the kind ("  meeting") and "(cancelled)"."""
    heading = shown(app.screen.query_one("#detail-title", Static)).strip()
    return heading.removesuffix(" (cancelled)").rsplit("  ", 1)[0]


def cursor_title(app: LeanmeetApp) -> str:
    occ = app.query_one(AgendaView).highlighted
    assert occ is not None
    return occ.summary


# ------------------------------------------------------------------------------ the agenda
async def test_agenda_lists_the_week_of_today_sorted_with_days_and_times(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert period_line(app) == "Week 48 · 23–29 Nov 2026 · 6 events (1 cancelled)"
        assert titles(app) == WEEK_48
        # every row names its day; the first event of a day in bold, the others dimmed
        assert column(app, "date") == [
            "Mon 23 Nov",
            "Mon 23 Nov",
            "Tue 24 Nov",
            "Wed 25 Nov",
            "Thu 26 Nov",
            "Fri 27 Nov",
        ]
        assert column(app, "time") == [
            "09:00–09:30",
            "14:00–15:00",
            "all day",
            "10:00–11:30",
            "15:00–16:00",
            "09:30–10:00",
        ]
        assert column(app, "location")[:3] == ["Room 301", "[Room] A", "市政府三楼会议室"]
        assert set(column(app, "feed")) == {"office"}
        dates = [table(app).get_cell(row, "date") for row in table(app).rows]
        assert [str(d.style) for d in dates[:3]] == ["bold", "dim", "bold"]
        assert str(dates[3].style) == "bold underline"  # today
        # rows are keyed by occurrence: uid|recurrence-id
        keys = [row.value for row in table(app).rows]
        assert keys[0] == "weekly@test|2026-11-23T09:00:00+08:00"
        assert keys[1] == "bracket@test|"
        # the cursor starts on today's first event
        assert cursor_title(app) == CLOSING_TAG
        assert table(app).has_focus


async def test_cancelled_occurrence_is_struck_through_and_labelled(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        title = table(app).get_row_at(5)[3]
        assert isinstance(title, Text)
        assert title.plain == f"{RICH_TAGS} (cancelled)"
        struck = [span for span in title.spans if "strike" in str(span.style)]
        assert struck and title.plain[struck[0].start : struck[0].end] == RICH_TAGS
        assert f"{RICH_TAGS} (cancelled)" in shown(table(app))


async def test_next_previous_and_today_change_the_period(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert period_line(app) == "Week 49 · 30 Nov – 6 Dec 2026 · 2 events"
        assert titles(app) == WEEK_49
        assert table(app).cursor_row == 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert period_line(app).startswith("Week 50 · 7–13 Dec 2026 · 1 event")
        assert titles(app) == ["Weekly sync"]
        await pilot.press("p", "pageup", "p")
        await settle(pilot)
        assert period_line(app) == "Week 47 · 16–22 Nov 2026 · 2 events"
        assert titles(app) == WEEK_47
        assert column(app, "date") == ["Mon 16 Nov", "Thu 19 Nov"]
        await pilot.press("t")
        await settle(pilot)
        assert period_line(app).startswith("Week 48 · 23–29 Nov 2026")
        assert titles(app) == WEEK_48
        assert cursor_title(app) == CLOSING_TAG


async def test_a_week_without_events_says_so(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("n")
        await settle(pilot)
        assert period_line(app) == "Week 51 · 14–20 Dec 2026 · no events"
        assert titles(app) == []
        note = app.query_one("#agenda-none", Static)
        assert note.display
        assert "No events from Mon 14 Dec to Sun 20 Dec 2026" in shown(note)
        await pilot.press("t")
        await settle(pilot)
        assert not note.display


async def test_vim_keys_and_arrows_move_the_cursor(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        t = table(app)
        assert t.cursor_row == 3
        await pilot.press("j")
        assert t.cursor_row == 4
        await pilot.press("down")
        assert t.cursor_row == 5
        await pilot.press("down")  # stays on the last row
        assert t.cursor_row == 5
        await pilot.press("k", "k")
        assert t.cursor_row == 3
        await pilot.press("up")
        assert t.cursor_row == 2
        await pilot.press("G")
        assert t.cursor_row == 5
        await pilot.press("g")
        assert t.cursor_row == 0


async def test_keys_can_be_remapped_by_binding_id(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.set_keymap({"period.next": "right_square_bracket", "agenda.down": "ctrl+n"})
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert titles(app) == WEEK_49
        await pilot.press("ctrl+n")
        assert table(app).cursor_row == 1


def calendar(*events: str) -> str:
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//leanmeet tests//EN\n"
        + "".join(events)
        + "END:VCALENDAR\n"
    )


def vevent(uid: str, summary: str, start: str, end: str) -> str:
    return (
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20261101T000000Z\n{start}\n{end}\n"
        f"SUMMARY:{summary}\nEND:VEVENT\n"
    )


async def test_all_day_events_stay_on_their_day_west_of_utc(tmp_path):
    path = tmp_path / "leanmeet.json"
    text = calendar(
        vevent(
            "late@test",
            "Late call",
            "DTSTART;TZID=America/New_York:20261123T200000",
            "DTEND;TZID=America/New_York:20261123T210000",
        ),
        vevent(
            "offsite@test", "Offsite", "DTSTART;VALUE=DATE:20261124", "DTEND;VALUE=DATE:20261125"
        ),
        vevent(
            "early@test",
            "Breakfast",
            "DTSTART;TZID=America/New_York:20261124T070000",
            "DTEND;TZID=America/New_York:20261124T080000",
        ),
    )
    Repository(path).import_feed("ny", [FeedText("ny.ics", text)])
    rules = tmp_path / "ny.toml"
    rules.write_text('timezone = "America/New_York"\n', encoding="utf-8")
    app = LeanmeetApp(db_path=path, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert titles(app) == ["Late call", "Offsite", "Breakfast"]
        assert column(app, "date") == ["Mon 23 Nov", "Tue 24 Nov", "Tue 24 Nov"]
        assert column(app, "time") == ["20:00–21:00", "all day", "07:00–08:00"]


async def test_events_sharing_a_uid_are_both_listed_and_open(tmp_path, rules):
    path = tmp_path / "leanmeet.json"
    text = calendar(
        vevent(
            "dup@test",
            "Dup A",
            "DTSTART;TZID=Asia/Shanghai:20261123T100000",
            "DTEND;TZID=Asia/Shanghai:20261123T110000",
        ),
        vevent(
            "dup@test",
            "Dup B",
            "DTSTART;TZID=Asia/Shanghai:20261124T100000",
            "DTEND;TZID=Asia/Shanghai:20261124T110000",
        ),
    )
    Repository(path).import_feed("dup", [FeedText("dup.ics", text)])
    app = LeanmeetApp(db_path=path, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert titles(app) == ["Dup A", "Dup B"]
        await pilot.press("down", "enter")
        assert isinstance(app.screen, DetailScreen)
        assert detail_title(app) == "Dup B"


# ------------------------------------------------------------------------------ dialogs
async def test_enter_opens_the_detail_and_escape_closes_it(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert cursor_title(app) == CLOSING_TAG
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        screen = app.screen

        def field(name: str) -> str:
            return shown(screen.query_one(f"#detail-{name}", Static))

        assert detail_title(app) == CLOSING_TAG
        assert field("when").strip() == "Wed 25 Nov 2026, 10:00–11:30 (Asia/Shanghai)"
        assert field("location").strip() == "Board room"
        assert field("status").strip() == "confirmed"
        assert field("organizer").strip() == "Li Wei <li.wei@example.org>"
        attendees = [line.rstrip() for line in field("attendees").splitlines()]
        assert attendees == [
            "张伟 <zhang.wei@example.org> · required · accepted",
            "[Guest] Ann <ann@example.org> · optional · no reply",
            "Bob <bob@example.org> · keynote speaker · tentative",
        ]
        assert field("categories").strip() == "Finance, [Q3]"
        assert field("feed").strip() == "office"
        assert [line.strip() for line in field("description").splitlines()] == [
            "Agenda:",
            "1. [bold red]numbers[/]",
            "2. $accent colours",
        ]
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)
        assert table(app).has_focus
        # q closes the detail, not the app
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("q")
        assert not isinstance(app.screen, DetailScreen)
        assert app.return_code is None


async def test_period_keys_do_nothing_under_the_detail(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "n")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        assert titles(app) == WEEK_48


async def test_help_lists_the_keys(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = shown(app.screen.query_one("#help-keys", Static))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        for expected in (
            "n / pgdn Show the next week [period.next]",
            "p / pgup Show the previous week [period.previous]",
            "t Show the week of today [period.today]",
            "↓ / j Down [agenda.down]",
            "↑ / k Up [agenda.up]",
            "⏎ Open [agenda.open]",
            "? Help [app.help]",
            "q Quit [app.quit]",
        ):
            assert expected in lines
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.return_code is None
        await pilot.press("q")
        assert app.return_code == 0


# ------------------------------------------------------------------------------ untrusted text
@pytest.mark.parametrize("title", [BRACKET, CLOSING_TAG, VARIABLE, RICH_TAGS])
async def test_untrusted_titles_show_literally_in_the_table_and_the_detail(db, rules, title):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row = next(i for i, t in enumerate(titles(app)) if t.startswith(title))
        assert table(app).get_row_at(row)[3].plain.removesuffix(" (cancelled)") == title
        assert title in shown(table(app))
        table(app).move_cursor(row=row)
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        assert detail_title(app) == title


async def test_double_width_titles_keep_the_columns_aligned(db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = shown(table(app)).splitlines()[1:7]  # below the header row
        assert any("全市安全生产工作会议" in line for line in lines)
        feed_columns = {cell_len(line[: line.rindex("office")]) for line in lines}
        assert len(feed_columns) == 1, lines
        location = [line for line in lines if "市政府三楼会议室" in line or "Room 301" in line]
        starts = {
            cell_len(line[: max(line.find("市政府"), line.find("Room 301"))]) for line in location
        }
        assert len(starts) == 1, location


# ------------------------------------------------------------------------------ empty and errors
async def test_empty_database_tells_how_to_import(tmp_path, rules):
    path = tmp_path / "nothing yet.json"
    app = LeanmeetApp(db_path=path, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.query_one("#views", ContentSwitcher).current == "empty"
        text = words(app.query_one("#empty", Static))
        assert "No events yet." in text
        assert f"leanmeet --db '{path}' import FILE.ics" in text
        assert not path.exists()  # looking never creates the database


async def test_corrupt_database_shows_the_error_not_a_traceback(tmp_path, rules):
    path = tmp_path / "leanmeet.json"
    path.write_text('{"events": {"1": {"uid": "a"', encoding="utf-8")
    app = LeanmeetApp(db_path=path, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.query_one("#views", ContentSwitcher).current == "error"
        text = words(app.query_one("#error-message", Static))
        assert f"{path}: not valid JSON" in text
        assert "restore a backup or move it aside" in text
        assert path.read_text(encoding="utf-8") == '{"events": {"1": {"uid": "a"'
        await pilot.press("q")
        assert app.return_code == 0


async def test_a_repaired_database_shows_after_t(tmp_path, rules):
    path = tmp_path / "leanmeet.json"
    path.write_text("not json", encoding="utf-8")
    app = LeanmeetApp(db_path=path, rules_path=rules, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.query_one("#views", ContentSwitcher).current == "error"
        path.unlink()
        Repository(path).import_feed("office", [FeedText("week.ics", FEED)])
        await pilot.press("t")
        await settle(pilot)
        assert app.query_one("#views", ContentSwitcher).current == "agenda"
        assert titles(app) == WEEK_48


async def test_bad_rulebook_time_zone_is_shown(db, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('timezone = "Mars/Olympus"\n', encoding="utf-8")
    app = LeanmeetApp(db_path=db, rules_path=bad, view="agenda")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.query_one("#views", ContentSwitcher).current == "error"
        text = words(app.query_one("#error-message", Static))
        assert "Mars/Olympus" in text and str(bad) in text


# ------------------------------------------------------------------------------ the period label
@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 11, 25), "Week 48 · 23–29 Nov 2026"),
        (date(2026, 12, 6), "Week 49 · 30 Nov – 6 Dec 2026"),
        (date(2026, 12, 31), "Week 53 · 28 Dec 2026 – 3 Jan 2027"),
    ],
)
def test_week_label(day, label):
    assert Period.week_of(day).label == label


# ------------------------------------------------------------------------------ snapshots
def test_snapshot_agenda(snap_compare, db, rules):
    app = LeanmeetApp(db_path=db, rules_path=rules, view="agenda")
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)
