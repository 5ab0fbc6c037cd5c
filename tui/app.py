"""The leanmeet TUI (SPEC §8): one App, views in a ContentSwitcher, dialogs as ModalScreens.

This first version has one view, the agenda: the occurrences of a week in a DataTable keyed by
occurrence, with an event detail dialog and a help dialog. More views (month, week, day) join
the ContentSwitcher later and reuse the period navigation, loading and error handling here.

Event text (titles, locations, names, descriptions, feed names) comes from other people's
calendars and is never parsed as markup: DataTable cells are ``rich.text.Text``, widgets get
``textual.content.Content``.

Loading runs in a thread worker that touches no widget; it posts ``PeriodLoaded`` or
``PeriodFailed`` and the App updates the widgets in the UI thread.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import ClassVar, Literal

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from planner.model import Attendee, Occurrence
from storage.db import DatabaseError, default_db_path
from storage.occurrences import office_window
from storage.repository import Repository

CursorPolicy = Literal["today", "top"]

# Widest a table cell gets; the detail dialog shows the full text.
TITLE_CELLS, LOCATION_CELLS, FEED_CELLS = 44, 24, 14

ROLE_NAMES = {
    "CHAIR": "chair",
    "REQ-PARTICIPANT": "required",
    "OPT-PARTICIPANT": "optional",
    "NON-PARTICIPANT": "for information",
    "X-KEYNOTE": "keynote speaker",
}
PARTSTAT_NAMES = {
    "NEEDS-ACTION": "no reply",
    "ACCEPTED": "accepted",
    "DECLINED": "declined",
    "TENTATIVE": "tentative",
    "DELEGATED": "delegated",
}


# ------------------------------------------------------------------------------ plain helpers
def office_tz_for(rules_path: str | Path | None) -> tzinfo:
    """The office zone: the rulebook's ``timezone``, else the machine's (TZ honoured).

    Raises whatever the rulebook loader raises (RulebookError is a ValueError) and ValueError
    for an unknown zone name.
    """
    from storage.timezones import office_zone

    try:
        from storage.rulebook_file import load_rulebook
    except ImportError:  # the rulebook file loader is not available in this build
        return office_zone(None)
    return office_zone(load_rulebook(rules_path).timezone or None)


def today_in(tz: tzinfo) -> date:
    """``LEANMEET_TODAY`` (ISO date; tests and demos freeze "today" with it), else today."""
    override = os.environ.get("LEANMEET_TODAY")
    if override:
        try:
            return date.fromisoformat(override.strip())
        except ValueError:
            raise ValueError(
                f"LEANMEET_TODAY={override!r} is not a date (YYYY-MM-DD); unset it or fix it"
            ) from None
    return datetime.now(tz).date()


@dataclass(frozen=True, slots=True)
class Period:
    """The days a view shows, first to last inclusive. Only weeks (Monday–Sunday) for now."""

    first: date
    last: date

    @classmethod
    def week_of(cls, day: date) -> Period:
        monday = day - timedelta(days=day.weekday())
        return cls(monday, monday + timedelta(days=6))

    def shifted(self, steps: int) -> Period:
        days = (self.last - self.first).days + 1
        delta = timedelta(days=days * steps)
        return Period(self.first + delta, self.last + delta)

    @property
    def label(self) -> str:
        """``Week 48 · 23–29 Nov 2026`` (months and years written out where they differ)."""
        a, b = self.first, self.last
        if (a.year, a.month) == (b.year, b.month):
            span = f"{a.day}–{b.day} {b:%b %Y}"
        elif a.year == b.year:
            span = f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
        else:
            span = f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"
        return f"Week {a.isocalendar().week} · {span}"


def occurrence_key(occ: Occurrence) -> str:
    """The row key of an occurrence: ``uid|recurrence-id`` (ISO, empty for single events)."""
    rid = occ.recurrence_id.isoformat() if occ.recurrence_id is not None else ""
    return f"{occ.uid}|{rid}"


def start_day(occ: Occurrence) -> date:
    return occ.start.date() if isinstance(occ.start, datetime) else occ.start


def agenda_order(occ: Occurrence) -> tuple:
    """Day by day in the office zone, all-day events first, then by start time.

    (storage sorts all-day events at midnight UTC, which west of UTC puts them among the
    previous evening's meetings.)"""
    timed = isinstance(occ.start, datetime) and not occ.all_day
    return (start_day(occ), timed, occ.start.timestamp() if timed else 0.0)


def one_line(text: str) -> str:
    return " ".join(text.split())


def time_text(occ: Occurrence) -> str:
    """``09:00–10:00``, ``22:00–Tue 02:00``, ``all day`` or ``all day (3 days)``."""
    if occ.all_day or not isinstance(occ.start, datetime) or not isinstance(occ.end, datetime):
        days = (occ.end - occ.start).days if occ.all_day else 1
        return f"all day ({days} days)" if days > 1 else "all day"
    if occ.end.date() == occ.start.date():
        return f"{occ.start:%H:%M}–{occ.end:%H:%M}"
    return f"{occ.start:%H:%M}–{occ.end:%a %H:%M}"


def when_text(occ: Occurrence, tz: tzinfo | None) -> str:
    """The full date and time for the detail dialog."""
    if occ.all_day or not isinstance(occ.start, datetime):
        last = occ.end - timedelta(days=1) if occ.end > occ.start else occ.start
        if last == occ.start:
            return f"{occ.start:%a %-d %b %Y}, all day"
        days = (last - occ.start).days + 1
        return f"{occ.start:%a %-d %b} – {last:%a %-d %b %Y}, all day ({days} days)"
    zone = getattr(tz, "key", None) or occ.start.tzname() or ""
    end = occ.end
    if isinstance(end, datetime) and end.date() == occ.start.date():
        text = f"{occ.start:%a %-d %b %Y, %H:%M}–{end:%H:%M}"
    else:
        text = f"{occ.start:%a %-d %b %Y, %H:%M} – {end:%a %-d %b %Y, %H:%M}"
    return f"{text} ({zone})" if zone else text


def person_text(person: Attendee) -> str:
    if person.name and person.email:
        return f"{person.name} <{person.email}>"
    return person.name or (f"<{person.email}>" if person.email else "(unnamed)")


def attendee_text(person: Attendee) -> str:
    role = ROLE_NAMES.get(person.role, person.role.lower())
    reply = PARTSTAT_NAMES.get(person.partstat, person.partstat.lower())
    return f"{person_text(person)} · {role} · {reply}"


def cell(text: str, limit: int | None = None, style: str = "") -> Text:
    """A DataTable cell that shows ``text`` literally (never parsed as markup)."""
    value = Text(one_line(text), style=style, no_wrap=True, end="")
    if limit is not None and value.cell_len > limit:
        value.truncate(limit, overflow="ellipsis")
    return value


# ------------------------------------------------------------------------------ messages
class PeriodLoaded(Message):
    """The worker read the occurrences of a period."""

    def __init__(
        self,
        request: int,
        period: Period,
        occurrences: list[Occurrence],
        problems: list[str],
        database_empty: bool,
    ) -> None:
        super().__init__()
        self.request = request
        self.period = period
        self.occurrences = occurrences
        self.problems = problems
        self.database_empty = database_empty


class PeriodFailed(Message):
    """The worker could not read the database; ``error`` says why and what to do."""

    def __init__(self, request: int, error: str) -> None:
        super().__init__()
        self.request = request
        self.error = error


# ------------------------------------------------------------------------------ the agenda view
class AgendaTable(DataTable, inherit_bindings=False):
    """The agenda's table, with its own bindings only: DataTable's PageUp/PageDown (scroll)
    would shadow the App's period keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="agenda.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="agenda.down"),
        Binding("left,h", "cursor_left", "Scroll left", show=False, id="agenda.left"),
        Binding("right,l", "cursor_right", "Scroll right", show=False, id="agenda.right"),
        Binding("home,g", "scroll_top", "First event", show=False, id="agenda.first"),
        Binding("end,G", "scroll_bottom", "Last event", show=False, id="agenda.last"),
        Binding("enter", "select_cursor", "Open", id="agenda.open"),
    ]


class AgendaView(Vertical):
    """The occurrences of a period, one row each, sorted by start. Attributes down (``show``),
    messages up (``AgendaView.Opened``)."""

    class Opened(Message):
        """The user chose an occurrence (enter or a click on the highlighted row)."""

        def __init__(self, occurrence: Occurrence) -> None:
            super().__init__()
            self.occurrence = occurrence

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Date", "date"),
        ("Time", "time"),
        ("Title", "title"),
        ("Location", "location"),
        ("Feed", "feed"),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.occurrences: dict[str, Occurrence] = {}

    def compose(self) -> ComposeResult:
        table = AgendaTable(id="agenda-table", cursor_type="row", zebra_stripes=True)
        for label, key in self.COLUMNS:
            table.add_column(label, key=key)
        yield table
        yield Static("", id="agenda-none")

    @property
    def table(self) -> AgendaTable:
        return self.query_one(AgendaTable)

    @property
    def highlighted(self) -> Occurrence | None:
        """The occurrence under the cursor (None when the period has none)."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.occurrences.get(key or "")

    def show(
        self,
        period: Period,
        occurrences: Sequence[Occurrence],
        today: date,
        cursor: CursorPolicy = "top",
    ) -> None:
        """Replace the rows (call inside ``app.batch_update()``)."""
        table = self.table
        table.clear()
        self.occurrences = {}
        last_day: date | None = None
        target: int | None = None
        for index, occ in enumerate(sorted(occurrences, key=agenda_order)):
            key = occurrence_key(occ)
            if key in self.occurrences:  # the data layer keeps differing duplicates
                key = f"{key}#{index}"
            self.occurrences[key] = occ
            day = start_day(occ)
            table.add_row(*self._cells(occ, day, day != last_day, day == today), key=key)
            if target is None and cursor == "today" and day >= today:
                target = index
            last_day = day
        none = self.query_one("#agenda-none", Static)
        none.display = not occurrences
        none.update(
            Content(
                f"No events from {period.first:%a %-d %b} to "
                f"{period.last:%a %-d %b %Y}. Press n or p for other weeks."
            )
        )
        if occurrences:
            if target is None:  # "today" after the last event: the last one
                target = len(occurrences) - 1 if cursor == "today" else 0
            table.move_cursor(row=target, animate=False)

    @staticmethod
    def _cells(occ: Occurrence, day: date, first_of_day: bool, is_today: bool) -> list[Text]:
        base = "dim strike" if occ.cancelled else ""
        # Every row names its day (a long day scrolls past its first row); the first is bold.
        style = "dim" if not first_of_day else "bold underline" if is_today else "bold"
        date_cell = cell(f"{day:%a %-d %b}", style=style)
        title = cell(occ.summary or "(no title)", TITLE_CELLS, base)
        if occ.cancelled:
            title = Text.assemble(title, Text(" (cancelled)", style="dim"), no_wrap=True, end="")
        return [
            date_cell,
            cell(time_text(occ), style="dim" if occ.cancelled else ""),
            title,
            cell(occ.location, LOCATION_CELLS, "dim" if occ.cancelled else ""),
            cell(occ.feed, FEED_CELLS, "dim"),
        ]

    @on(DataTable.RowSelected, "#agenda-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        occ = self.occurrences.get(event.row_key.value or "")
        if occ is not None:
            self.post_message(self.Opened(occ))


# ------------------------------------------------------------------------------ dialogs
class DetailScreen(ModalScreen[None]):
    """Every field of one occurrence. Closed by escape or q."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="detail.close"),
    ]

    def __init__(self, occurrence: Occurrence, tz: tzinfo | None = None) -> None:
        super().__init__()
        self.occurrence = occurrence
        self.tz = tz

    def compose(self) -> ComposeResult:
        occ = self.occurrence
        title = Content.from_markup("[b]$title[/b]", title=occ.summary or "(no title)")
        if occ.cancelled:
            title = title + Content.styled(" (cancelled)", "$text-error")
        people = [attendee_text(a) for a in occ.attendees]
        fields: list[tuple[str, str, str]] = [
            ("when", "When", when_text(occ, self.tz)),
            ("location", "Location", occ.location or "—"),
            ("status", "Status", occ.status.lower()),
            ("organizer", "Organizer", person_text(occ.organizer) if occ.organizer else "—"),
            ("attendees", f"Attendees ({len(people)})", "\n".join(people) or "—"),
            ("categories", "Categories", ", ".join(occ.categories) or "—"),
            (
                "feed",
                "Feed",
                occ.feed + ("  (arranged by the office)" if occ.arranged_feed else ""),
            ),
            ("series", "Repeats", "yes, one occurrence of a series" if occ.series else "no"),
            ("uid", "UID", occ.uid),
        ]
        with Vertical(id="detail"):
            yield Static(title, id="detail-title")
            with VerticalScroll(id="detail-body"):
                for key, label, value in fields:
                    with Horizontal(classes="field"):
                        yield Static(Content(label), classes="field-label")
                        yield Static(Content(value), id=f"detail-{key}", classes="field-value")
                yield Static(Content("Description"), classes="field-label description-label")
                yield Static(
                    Content(occ.description or "(no description)"), id="detail-description"
                )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below it, as (keys, description) lines. Closed by escape/q/?."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, keys: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = list(keys)

    def compose(self) -> ComposeResult:
        width = max((cell_len(k) for k, _ in self.keys), default=0) + 3
        lines = [
            Content.assemble((k, "bold $accent"), " " * (width - cell_len(k)), d)
            for k, d in self.keys
        ]
        with Vertical(id="help"):
            yield Static(Content.from_markup("[b]Keys[/b]"), id="help-title")
            yield Static(Content("\n").join(lines), id="help-keys")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


# ------------------------------------------------------------------------------ the app
class LeanmeetApp(App[None]):
    """``leanmeet`` without a command: the agenda of the stored events."""

    TITLE = "leanmeet"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n,pagedown", "next_period", "Next", id="period.next", tooltip="Show the next week"
        ),
        Binding(
            "p,pageup",
            "previous_period",
            "Previous",
            id="period.previous",
            tooltip="Show the previous week",
        ),
        Binding("t", "today", "Today", id="period.today", tooltip="Show the week of today"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, db_path: str | Path, rules_path: str | Path | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        # One repository for the whole session: it keeps the file's tables while unchanged.
        self.repository = Repository(self.db_path)
        self.rules_path = rules_path
        self.tz: tzinfo | None = None  # the office zone, from the rulebook (on mount)
        self.today: date | None = None
        self.period: Period | None = None
        self.view = "agenda"  # the current view; more join the ContentSwitcher later
        self._request = 0  # the newest load asked for
        self._applied = 0  # the newest load shown (or failed)
        self._cursor: CursorPolicy = "today"
        self._reported: set[str] = set()  # problems already notified this session

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="period")
        with ContentSwitcher(initial=self.view, id="views"):
            yield AgendaView(id="agenda")
            yield Static("", id="empty")
            with Vertical(id="error"):
                yield Static(
                    Content.from_markup("[b]leanmeet cannot show your calendar"), id="error-title"
                )
                yield Static("", id="error-message")
                yield Static(Content("Press t to try again, q to quit."), id="error-hint")
        yield Footer()

    def on_mount(self) -> None:
        try:
            self.tz = office_tz_for(self.rules_path)
            self.today = today_in(self.tz)
        except (ValueError, OSError) as exc:  # RulebookError, unknown zone, LEANMEET_TODAY
            self._show_error(str(exc))
            return
        self._load(Period.week_of(self.today), "today")

    # ---------------------------------------------------------------- loading
    @property
    def loading(self) -> bool:
        """True while a requested period has not been shown yet."""
        return self._applied != self._request

    def _load(self, period: Period, cursor: CursorPolicy) -> None:
        self.period = period
        self._cursor = cursor
        self._request += 1
        self._set_period_line(None)
        self._read_period(self._request, period, self.tz)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _read_period(self, request: int, period: Period, tz: tzinfo) -> None:
        """Read one period (in a thread: no widget is touched here)."""
        worker = get_current_worker()
        message: Message
        repo = self.repository
        try:
            start, end = office_window(period.first, period.last, tz)
            problems: list = []
            occurrences = repo.occurrences(start, end, tz, problems=problems)
            empty = not occurrences and repo.stats()["events"] == 0
            message = PeriodLoaded(request, period, occurrences, [str(p) for p in problems], empty)
        except DatabaseError as exc:
            message = PeriodFailed(request, str(exc))
        except Exception as exc:  # noqa: BLE001 - shown in the app, never a traceback
            message = PeriodFailed(
                request, f"internal error: {type(exc).__name__}: {exc} (please report this bug)"
            )
        if not worker.is_cancelled:
            self.post_message(message)

    @on(PeriodLoaded)
    def _period_loaded(self, message: PeriodLoaded) -> None:
        if message.request != self._request:
            return  # the user has moved on to another period
        self._applied = message.request
        assert self.today is not None
        with self.batch_update():
            self._set_period_line(message.occurrences)
            if message.database_empty:
                self._show_empty()
            else:
                agenda = self.query_one(AgendaView)
                agenda.show(message.period, message.occurrences, self.today, self._cursor)
                self._switch(self.view)
        new = [p for p in message.problems if p not in self._reported]
        self._reported.update(new)
        if new:
            shown = "\n".join(new[:5])
            more = len(new) - 5
            self.notify(
                shown + (f"\n… and {more} more" if more > 0 else ""),
                title="Some events could not be shown",
                severity="warning",
                markup=False,
            )

    @on(PeriodFailed)
    def _period_failed(self, message: PeriodFailed) -> None:
        if message.request != self._request:
            return
        self._applied = message.request
        self._show_error(message.error)

    # ---------------------------------------------------------------- showing
    def _switch(self, name: str) -> None:
        switcher = self.query_one("#views", ContentSwitcher)
        switcher.current = name
        if name == "agenda":
            self.query_one(AgendaTable).focus()

    def _set_period_line(self, occurrences: Sequence[Occurrence] | None) -> None:
        if self.period is None:
            return
        text = self.period.label
        if occurrences is None:
            text += " · loading…"
        else:
            count = len(occurrences)
            cancelled = sum(1 for o in occurrences if o.cancelled)
            text += f" · {count} event{'' if count == 1 else 's'}" if count else " · no events"
            if cancelled:
                text += f" ({cancelled} cancelled)"
        self.query_one("#period", Static).update(Content(text))

    def _show_empty(self) -> None:
        command = "leanmeet import FILE.ics"
        if self.db_path != default_db_path():
            command = f"leanmeet --db {shlex.quote(str(self.db_path))} import FILE.ics"
        text = Content.assemble(
            ("No events yet.", "bold"),
            "\n\nThe database ",
            (str(self.db_path), "italic"),
            " is empty.\n"
            "Import a calendar (.ics file, folder or URL) from your shell, then start "
            "leanmeet again:\n\n    ",
            (command, "bold $accent"),
        )
        self.query_one("#empty", Static).update(text)
        self._switch("empty")

    def _show_error(self, error: str) -> None:
        if self.period is not None:
            self.query_one("#period", Static).update(Content(self.period.label))
        self.query_one("#error-message", Static).update(Content(error))
        self._switch("error")

    # ---------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_period", "previous_period", "today"):
            return self.period is not None  # hidden until the office zone is known
        return True

    def action_next_period(self) -> None:
        if self.period is not None:
            self._load(self.period.shifted(1), "top")

    def action_previous_period(self) -> None:
        if self.period is not None:
            self._load(self.period.shifted(-1), "top")

    def action_today(self) -> None:
        if self.tz is None:
            return
        try:
            self.today = today_in(self.tz)
        except ValueError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._load(Period.week_of(self.today), "today")

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_help()))

    def key_help(self) -> list[tuple[str, str]]:
        """(keys, description) of the active bindings, one line per action, keymap applied."""
        grouped: dict[tuple[str, str], list[str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.id is None and binding.action != "command_palette":
                continue  # Textual's built-in focus and copy keys
            grouped.setdefault((binding.action, binding.tooltip or binding.description), []).append(
                self.get_key_display(binding)
            )
        return [(" / ".join(keys), description) for (_, description), keys in grouped.items()]

    @on(AgendaView.Opened)
    def _open(self, message: AgendaView.Opened) -> None:
        self.push_screen(DetailScreen(message.occurrence, self.tz))
