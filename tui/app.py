"""The leanmeet TUI (SPEC §8): one App, the views (month, week, day, agenda) in a
ContentSwitcher, dialogs as ModalScreens.

The App is the shell: it owns the state every view shares (the view, the selected day and
event, the period shown), loads the weeks a period needs in a thread worker, caches them, and
tells the views what to draw (attributes down); the views post what the user did (messages up:
``Selected``, ``EventOpened``, ``DayOpened``). The screens of ``tui/screens`` are opened from
one marked block below and use :attr:`LeanmeetApp.session`, :attr:`selected_occurrence`,
:meth:`reload` and :meth:`show_occurrence`.

Loading (one thread worker at a time, touching no widget): it reads the period's missing
weeks and posts ``WeeksRead`` (the view draws them at once); once that frame is painted it
reads the weeks around the period, a week at a time, nearest first (so ``n``/``p`` find them
ready); then, when the user has not moved for ``ANALYSIS_DELAY``, it runs the rules and the
merge suggestions over the period's weeks and the weeks next to it, a step at a time, and posts
``WeeksAnalysed`` (the badges appear). Weeks are cached while the database file is unchanged.
A move cancels the worker before the new period is drawn, and the worker checks between its
steps: the work for a week the user has left stops instead of sharing the interpreter (the
GIL) with the drawing of the next one.

Event text (titles, locations, names, descriptions, feed names) comes from other people's
calendars and is never parsed as markup.
"""

from __future__ import annotations

import gc
import shlex
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Static
from textual.worker import get_current_worker

from leanmeet.application.errors import UserError
from leanmeet.application.prefetch import WeekPrefetch
from leanmeet.application.session import Session, today_in
from leanmeet.planner.model import Occurrence
from leanmeet.storage.db import DatabaseError, default_db_path
from leanmeet.storage.repository import Repository
from leanmeet.tui.views.footer import FittingFooter
from leanmeet.tui.i18n import N_, _, ngettext
from leanmeet.tui.keymap import (
    KeymapError,
    binding_ids,
    keys_path,
    load_keymap,
    load_settings,
    save_settings,
)
from leanmeet.tui.palette import LeanmeetCommands
# The screens (tui/screens), the rules and the merge search load when first used (the
# screens block, the analysis worker), not before the first frame: see _screen() below.
from leanmeet.tui.views.agenda import AgendaTable, AgendaView
from leanmeet.tui.views.common import (
    VIEWS,
    CursorPolicy,
    DayOpened,
    EventOpened,
    Markers,
    Period,
    Selected,
    ViewData,
    ViewName,
    add_months,
    days_of,
    markers_for,
    merge_markers,
    occurrence_key,
    start_day,
    unique,
)
from leanmeet.tui.views.month import MonthView
from leanmeet.tui.views.search import SearchIndex, SearchScreen
from leanmeet.tui.views.timegrid import TimeGrid

__all__ = [
    "AgendaTable",
    "AgendaView",
    "HelpScreen",
    "LeanmeetApp",
    "Period",
]

CACHE_WEEKS = 40  # weeks kept in memory (a month view needs six)
READ_BEHIND, READ_AHEAD = 2, 6  # weeks read around the period shown
SEARCH_MONTHS = 12  # search looks this far before and after today
PREFETCH_WAIT = 0.3  # seconds the first frame waits for the week read by the child


@dataclass
class Week:
    """One loaded ISO week: its occurrences and, once analysed, its markers."""

    occurrences: list[Occurrence]
    problems: list[str]
    markers: Markers | None = None


# ------------------------------------------------------------------------------ messages
class WeeksRead(Message):
    """The worker read the occurrences of some weeks (``request`` None: a prefetch)."""

    def __init__(self, request: int | None, signature: object, weeks: dict[date, Week],
                 database_empty: bool) -> None:
        super().__init__()
        self.request = request
        self.signature = signature
        self.weeks = weeks
        self.database_empty = database_empty


class WeeksAnalysed(Message):
    """The worker ran the rules and the merge suggestions over some weeks."""

    def __init__(self, signature: object, markers: dict[date, Markers]) -> None:
        super().__init__()
        self.signature = signature
        self.markers = markers


class PeriodFailed(Message):
    """The worker could not read the database; ``error`` says why and what to do."""

    def __init__(self, request: int, error: str) -> None:
        super().__init__()
        self.request = request
        self.error = error


# ------------------------------------------------------------------------------ dialogs
class HelpScreen(ModalScreen[None]):
    """The keys of the screen below it, as (keys, description) lines, and what the badges
    mean. Closed by escape/q/?."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", _("Close"), id="help.close"),
    ]

    LEGEND = (
        _("Badges: ! findings (errors in red, warnings in yellow), & a merge suggestion.\n"
        "Mouse: click selects, double-click (or a click on the selected one) opens.\n"
        "Keys can be remapped in keys.toml by the ids in [brackets]; ctrl+p lists every "
        "command and theme.")
    )

    def __init__(self, keys: Iterable[tuple[str, str]], ids: dict[str, str] | None = None
                 ) -> None:
        super().__init__()
        self.keys = list(keys)
        self.ids = ids or {}

    def compose(self) -> ComposeResult:
        width = max((cell_len(k) for k, _ in self.keys), default=0) + 3
        lines = [
            Content.assemble(
                (k, "bold $accent"), " " * (width - cell_len(k)), d,
                ("  [" + self.ids[d] + "]", "$text-muted") if d in self.ids else "",
            )
            for k, d in self.keys
        ]
        with Vertical(id="help"):
            yield Static(Content.styled(_("Keys"), "bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(Content("\n").join(lines), id="help-keys")
                yield Static(Content(self.LEGEND + "\n" + _(
                    "Days: \"off\" a public holiday (its name where there is room), \"work\" a "
                    "weekend that is a working day (调休).")), id="help-legend")
        yield FittingFooter()

    def action_close(self) -> None:
        self.dismiss(None)


# ------------------------------------------------------------------------------ the app
SHELL_BINDINGS: list[BindingType] = [
    Binding("m", "view('month')", _("Month"), id="view.month", tooltip=_("Show the month view")),
    Binding("w", "view('week')", _("Week"), id="view.week", tooltip=_("Show the week view")),
    Binding("d", "view('day')", _("Day"), id="view.day", tooltip=_("Show the day view")),
    Binding("a", "view('agenda')", _("Agenda"), id="view.agenda", tooltip=_("Show the agenda")),
    Binding("n,pagedown", "next_period", _("Next"), id="period.next",
            tooltip=_("Show the next period")),
    Binding("p,pageup", "previous_period", _("Prev"), id="period.previous",
            tooltip=_("Show the previous period")),
    Binding("t", "today", _("Today"), id="period.today", tooltip=_("Show today")),
    Binding("slash", "search", _("Search"), key_display="/", id="app.search",
            tooltip=_("Search the events of the year around today")),
    Binding("question_mark", "help", _("Help"), key_display="?", id="app.help"),
    Binding("ctrl+p", "command_palette", _("Commands"), show=False, priority=True,
            id="app.palette", tooltip=_("Open the command palette")),
    Binding("q", "quit", _("Quit"), show=False, id="app.quit"),
]

# what the help screen says for the period keys, by view
UNIT = {"month": "month", "week": "week", "day": "day", "agenda": "week"}
PERIOD_HELP = {  # next, previous, today
    "month": (N_("Show the next month"), N_("Show the previous month"),
              N_("Show the month of today")),
    "week": (N_("Show the next week"), N_("Show the previous week"),
             N_("Show the week of today")),
    "day": (N_("Show the next day"), N_("Show the previous day"), N_("Show today")),
}


class LeanmeetApp(App[None]):
    """``leanmeet`` without a command: the calendar of the stored events."""

    TITLE = "leanmeet"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {LeanmeetCommands}
    # Seconds after a move before the rules and merge suggestions run (reading is not
    # delayed): pressing n again within it finds the CPU free (the rules take ~0.4 s a week
    # with 50,000 events and share the interpreter with the UI).
    ANALYSIS_DELAY: ClassVar[float] = 0.25

    # --- screens (tui/screens) -------------------------------------------------------------
    # Owned by the screens half of the TUI: the bindings and actions that open tui/screens/*.
    # The shell calls open_detail(occ) on enter / double-click in every view. Screens use
    # app.session, app.selected_occurrence, app.current_period, app.reload() and
    # app.show_occurrence(occ). Everything outside this block is the shell's.
    SCREEN_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "findings", _("Findings"), id="screens.findings",
                tooltip=_("Findings of four weeks from the period shown")),
        Binding("s", "suggestions", _("Merges"), id="screens.suggestions",
                tooltip=_("Merge suggestions of four weeks from the period shown")),
        Binding("r", "roster", _("Roster"), id="screens.roster", tooltip=_("The roster")),
        Binding("i", "import", _("Import"), id="screens.import", tooltip=_("Import calendars")),
        Binding("e", "export", _("Export"), id="screens.export", tooltip=_("Export the plan")),
        # issue 15 (l is vim's "right" in the views, so the leaders' week is on L)
        Binding("L", "leaders_week", _("Leaders"), id="screens.leaders", show=False,
                tooltip=_("The leaders' weekly activity table")),
        Binding("o", "load", _("Load"), id="screens.load", show=False,
                tooltip=_("The meeting load, as plots")),
    ]

    def _screens_session(self) -> Session | None:
        """The session the screens' workers use (None, with a notice, when the rulebook could
        not be read: the app shows why)."""
        if self.session is None:
            self.notify(_("leanmeet could not open its rulebook or database (see the message "
                          "behind this screen)."), severity="error", markup=False)
        return self.session

    # The screens (and what they use: the application's actions, plots) are imported when
    # first opened, not before the first frame.
    def _full_screen(self, kind: type) -> None:
        """Findings, suggestions, roster: one at a time (f, s, r switch between them)."""
        from leanmeet.tui.screens.common import FullScreen

        if isinstance(self.screen, kind):
            return
        session = self._screens_session()
        if session is None:
            return
        while isinstance(self.screen, FullScreen):
            self.pop_screen()
        self.push_screen(kind(session))

    def action_findings(self) -> None:
        from leanmeet.tui.screens.findings import FindingsScreen

        self._full_screen(FindingsScreen)

    def action_suggestions(self) -> None:
        from leanmeet.tui.screens.suggestions import SuggestionsScreen

        self._full_screen(SuggestionsScreen)

    def action_roster(self) -> None:
        from leanmeet.tui.screens.roster import RosterScreen

        self._full_screen(RosterScreen)

    def action_import(self) -> None:
        from leanmeet.tui.screens.files import ImportDialog

        session = self._screens_session()
        if session is not None:
            self.push_screen(ImportDialog(session))

    def action_leaders_week(self) -> None:
        from leanmeet.tui.screens.leaders import LeadersWeekScreen

        self._full_screen(LeadersWeekScreen)

    def action_load(self) -> None:
        from leanmeet.tui.screens.load import LoadScreen

        self._full_screen(LoadScreen)

    def action_export(self) -> None:
        from leanmeet.tui.screens.files import ExportDialog

        session = self._screens_session()
        if session is not None:
            self.push_screen(ExportDialog(session))

    def open_detail(self, occurrence: Occurrence) -> None:
        """Show one event (enter / double-click in a view, enter in search results)."""
        from leanmeet.tui.screens.detail import EventDetailScreen

        session = self._screens_session()
        if session is not None:
            self.push_screen(EventDetailScreen(occurrence, session))

    # --- end of the screens block ----------------------------------------------------------

    BINDINGS: ClassVar[list[BindingType]] = [*SHELL_BINDINGS, *SCREEN_BINDINGS]

    def __init__(self, db_path: str | Path, rules_path: str | Path | None = None, *,
                 view: ViewName = "week", prefetch: WeekPrefetch | None = None) -> None:
        super().__init__()
        # the week of today, read by a child process while Textual loaded (application.prefetch)
        self._prefetch = prefetch
        self.db_path = Path(db_path)
        # One repository for the whole session: it keeps the file's tables while unchanged.
        self.repository = Repository(self.db_path)
        self.rules_path = rules_path
        self.session: Session | None = None  # repository, rulebook, office zone (on mount)
        self.tz: tzinfo | None = None  # the office zone, from the rulebook (on mount)
        self.today: date | None = None
        self.period: Period | None = None
        self.view: ViewName = view
        self.day: date | None = None  # the selected day
        self.key: str | None = None  # the selected occurrence (its occurrence_key)
        self._weeks: OrderedDict[date, Week] = OrderedDict()
        self._signature: object = None  # the database version the cached weeks are from
        self._database_empty = False
        self._search: tuple[object, SearchIndex] | None = None
        self._quiet_after = 0.0  # time.monotonic() before which the rules do not start
        self._painted = threading.Event()  # the period asked for is on screen
        self._failed = False  # the last load failed (the error is shown)
        self._request = 1  # the newest load asked for (the first one: as soon as mounted)
        self._applied = 0  # the newest load shown (or failed)
        self._cursor: CursorPolicy = "today"
        self._reported: set[str] = set()  # problems already notified this session
        self._settings: dict[str, str] = {}
        self._theme_ready = False
        self._switch_interval = sys.getswitchinterval()
        self._period_text = ""  # the period line shown

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="period-bar"):
            yield Static("", id="period")
            yield Static("", id="period-badges")
        with ContentSwitcher(initial=self.view, id="views"):
            yield MonthView(id="month", first=self.view == "month")
            yield TimeGrid(7, id="week")
            yield TimeGrid(1, id="day")
            yield AgendaView(id="agenda")
            yield Static("", id="empty")
            with Vertical(id="error"):
                yield Static(
                    Content.styled(_("leanmeet cannot show your calendar"), "bold"), id="error-title"
                )
                yield Static("", id="error-message")
                yield Static(Content(_("Press t to try again, q to quit.")), id="error-hint")
        yield FittingFooter()

    def on_mount(self) -> None:
        # the workers (reading, the rules) share the interpreter with the UI: hand the GIL
        # over every millisecond rather than every five, so keys are answered promptly
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(0.001)
        self._apply_user_files()
        try:
            self.session = Session.open(self.db_path, self.rules_path,
                                        repository=self.repository)
            self.tz = self.session.tz
            self.today = today_in(self.tz)
        except (UserError, OSError) as exc:  # the rulebook, its zone, LEANMEET_TODAY
            self._applied = self._request
            self._show_error(str(exc))
            return
        self.day = self.today
        self.sub_title = self.zone_text()
        self.query_one("#views", ContentSwitcher).current = self.view
        # the first frame already says which period is loading (one layout, not two), and
        # is painted before the worker reads the file (which holds the GIL)
        self.period = Period.for_view("week" if self.view == "agenda" else self.view,
                                      self.day)
        self.refresh_bindings()  # the period keys (check_action): in the first frame too
        if self._take_prefetched():
            self._load("today")  # the week is here already: the first frame shows it
        else:
            self._set_period_line(None)
            self.call_after_refresh(self._load, "today")

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        if self._prefetch is not None:  # never taken (the database could not be opened)
            self._prefetch.cancel()

    def _apply_user_files(self) -> None:
        """keys.toml (remapped keys) and settings.toml (the theme)."""
        settings, problem = load_settings()
        self._settings = settings
        if problem:
            self.notify(problem, title=_("Settings"), severity="warning", markup=False)
        theme = settings.get("theme")
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.notify(_("Unknown theme {theme!r} in the settings file; using the default.").format(theme=theme),
                        severity="warning", markup=False)
        if not keys_path().is_file():
            self._theme_ready = True
            return
        try:
            keymap = load_keymap(known=self.known_binding_ids())
        except KeymapError as exc:
            self.notify(f"{exc}\n" + _("The default keys are used."), title=_("Keys not remapped"),
                        severity="error", markup=False, timeout=15)
        else:
            if keymap:
                self.set_keymap(keymap)
        self._theme_ready = True

    def known_binding_ids(self) -> set[str]:
        """Every binding id a keys file may name: the App's, the views', the screens'."""
        classes: list[type] = [type(self), AgendaTable, MonthView, TimeGrid, SearchScreen,
                               HelpScreen]
        from leanmeet.tui.screens import (
            detail, dialogs, files, findings, leaders, load, roster, suggestions,
        )

        for module in (detail, findings, suggestions, roster, files, dialogs,
                       leaders, load):
            classes.extend(v for v in vars(module).values()
                           if isinstance(v, type) and issubclass(v, Widget))
        return binding_ids(classes)

    def watch_theme(self, theme: str) -> None:
        if not self._theme_ready or self._settings.get("theme") == theme:
            return
        self._settings["theme"] = theme
        try:
            save_settings(self._settings)
        except OSError as exc:
            self.notify(_("The theme could not be remembered: {error}").format(error=exc), severity="warning",
                        markup=False)

    def zone_text(self) -> str:
        """The header's subtitle: the office zone the times are in, and where it came from
        (a machine on UTC with no rulebook zone is said plainly, with what to do)."""
        if self.tz is None or self.session is None:
            return ""
        name = getattr(self.tz, "key", None) or str(self.tz)
        offset = datetime.now(self.tz).strftime("%z")
        utc = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
        if self.session.rulebook.timezone:
            return _("times in {zone} ({offset})").format(zone=name, offset=utc)
        if name in ("UTC", "Etc/UTC"):
            return _('times in UTC: no office zone set (add timezone = "Asia/Shanghai" to '
                     "the rulebook)")
        return _("times in {zone} ({offset}, this machine's zone)").format(zone=name,
                                                                          offset=utc)

    @property
    def country(self) -> str:
        """Whose public holidays and working weekends the views mark (the rulebook's)."""
        rulebook = self.session.rulebook if self.session is not None else None
        return str(getattr(rulebook, "country", "CN"))

    # ---------------------------------------------------------------- what screens use
    @property
    def current_period(self) -> Period | None:
        return self.period

    @property
    def selected_occurrence(self) -> Occurrence | None:
        """The event selected in the current view (None in the month view, or none)."""
        widget = self._view_widget(self.view)
        if isinstance(widget, AgendaView):
            return widget.highlighted
        if isinstance(widget, TimeGrid):
            return widget.selected
        return None

    def reload(self) -> None:
        """Read the database (and the rulebook) again and redraw, keeping the selection:
        call it after a change."""
        self._weeks.clear()
        self._search = None
        self._signature = None
        if self.session is not None:
            try:
                self.session.reload_rulebook()
            except UserError as exc:
                self.notify(str(exc), title=_("Rulebook"), severity="error", markup=False)
        if self.period is not None:
            self._load("keep")

    def show_occurrence(self, occurrence: Occurrence) -> None:
        """Jump to an event: its week (the week view when in the month view), selected."""
        if self.view == "month":
            self.view = "week"
        self.day = start_day(occurrence)
        self.key = occurrence_key(occurrence)
        self._load("keep")

    def palette_bindings(self) -> list[Binding]:
        """The bindings the command palette offers (every App action)."""
        return [b for b in self.BINDINGS if isinstance(b, Binding)]

    # ---------------------------------------------------------------- loading
    @property
    def loading(self) -> bool:
        """True while a requested period has not been shown yet."""
        return self._applied != self._request

    @property
    def analysing(self) -> bool:
        """True while the shown period's badges are not computed yet."""
        if self.period is None or self._failed:
            return False
        return any(self._weeks.get(w) is None or self._weeks[w].markers is None
                   for w in self.period.weeks)

    def _load(self, cursor: CursorPolicy) -> None:
        if self.session is None or self.day is None:
            return
        # the work for the period left (reading ahead, analysing) stops at its next check,
        # before this period is drawn: it would share the interpreter with the drawing
        self.workers.cancel_group(self, "load")
        view = self.view
        self.period = Period.for_view("week" if view == "agenda" else view, self.day)
        self._cursor = cursor
        self._request += 1
        self._failed = False
        self._quiet_after = time.monotonic() + self.ANALYSIS_DELAY
        signature = self.session.signature()
        if signature != self._signature or signature is None:
            self._weeks.clear()
            self._search = None
            self._signature = signature
        for monday in self.period.weeks:  # recently used: the last to leave the cache
            if monday in self._weeks:
                self._weeks.move_to_end(monday)
        missing = [w for w in self.period.weeks if w not in self._weeks]
        if not missing:
            self._apply()
            # the background work (badges, reading ahead) once this frame is painted
            self.call_after_refresh(self._start_worker, [], self._request)
        else:
            self._set_period_line(None)
            self._start_worker(missing, self._request)

    def _start_worker(self, missing: list[date], request: int) -> None:
        """Read the missing weeks of the period; then read the weeks around it (cheap: one
        pass over the stored events), then compute the badges of the period and of the weeks
        before and after it (the rules and merge suggestions: the slow part)."""
        if self.period is None or request != self._request:
            return  # the user has moved on: that load started its own worker
        weeks = self.period.weeks
        unanalysed = [w for w in weeks if w in self._weeks and self._weeks[w].markers is None]
        week = timedelta(days=7)
        before, after = weeks[0] - week, weeks[-1] + week
        # nearest first, the weeks after before the weeks before (n is pressed more than p)
        span = sorted([weeks[0] - week * i for i in range(1, READ_BEHIND + 1)] + [
            weeks[-1] + week * i for i in range(1, READ_AHEAD + 1)],
            key=lambda w: (abs((w - weeks[0]).days), w < weeks[0]))
        near = [before, after, after + week]
        # read ahead only when a near week is missing, then every missing week of the span
        ahead = [w for w in span if w not in self._weeks] if any(
            w not in self._weeks for w in near) else []
        around = [w for w in (before, after)
                  if w not in self._weeks or self._weeks[w].markers is None]
        if not (missing or unanalysed or ahead or around):
            return
        cached = {w: self._weeks[w] for w in unanalysed + around if w in self._weeks}
        self._painted = painted = threading.Event()
        if not missing:
            painted.set()  # shown already: this worker runs after the frame was painted
        self._work(request, missing, ahead, missing + unanalysed + around, cached,
                   self._signature, painted)

    # A description, so that Textual does not repr() the arguments (the cached weeks: with
    # 50,000 events 100-300 ms on the UI thread right after each move's frame).
    @work(thread=True, exclusive=True, exit_on_error=False, group="load",
          description="read and analyse weeks")
    def _work(self, request: int, read: list[date], ahead: list[date], analyse: list[date],
              cached: dict[date, Week], signature: object, painted: threading.Event) -> None:
        """Read the period's missing weeks, then the weeks ahead; then analyse (in a thread:
        no widget is touched here). A move cancels this worker (``_load``); it stops at its
        next check: the steps are short (one week read, the rules of one week, the merge
        suggestions of one week), so a stale one does not keep competing with the UI."""
        worker = get_current_worker()
        session = self.session
        assert session is not None
        try:
            got = self._read(session, read, signature) if read else {}
            if worker.is_cancelled:
                return
            if read:
                empty = not any(w.occurrences for w in got.values()) and \
                    session.repository.stats()["events"] == 0
                self.post_message(WeeksRead(request, signature, got, empty))
                painted.wait(0.5)  # let the UI paint the period before reading ahead
                if worker.is_cancelled:
                    return
            extra: dict[date, Week] = {}
            for monday in ahead:  # a week at a time (a read costs what it reads)
                if worker.is_cancelled:
                    return
                one = self._read(session, [monday])
                extra.update(one)
                self.post_message(WeeksRead(None, signature, one, False))
            weeks = {**cached, **extra, **got}
            while time.monotonic() < self._quiet_after:  # the user may move on: CPU free
                if worker.is_cancelled:
                    return
                time.sleep(0.02)
            ctx = session.check_context()
            for monday in analyse:
                if worker.is_cancelled:
                    return
                if monday not in weeks:
                    continue
                markers = self._analyse(session, ctx, monday, weeks[monday].occurrences,
                                        lambda: worker.is_cancelled)
                if markers is None or worker.is_cancelled:
                    return
                self.post_message(WeeksAnalysed(signature, {monday: markers}))
        except DatabaseError as exc:
            if not worker.is_cancelled:
                self.post_message(PeriodFailed(request, str(exc)))
        except Exception as exc:  # noqa: BLE001 - shown in the app, never a traceback
            if not worker.is_cancelled:
                self.post_message(PeriodFailed(
                    request, f"internal error: {type(exc).__name__}: {exc} (please report this "
                    "bug)"))

    def _take_prefetched(self) -> bool:
        """Put the week the prefetching child read into the cache, when the child has handed
        it over already and read this version of the database (application.prefetch): then
        the first frame is the week, not an empty period and the week a frame later."""
        prefetch = self._prefetch
        # a child about to finish is worth waiting for: the frame of an empty period, and
        # then the week, cost more than the wait
        if prefetch is None or self.session is None or self.period is None \
                or not prefetch.ready(wait=PREFETCH_WAIT):
            return False
        self._prefetch = None
        taken = prefetch.take()
        signature = self.session.signature()
        if taken is None or signature is None or taken[0] != signature \
                or taken[1] not in self.period.weeks or not taken[2]:
            return False  # another version, another week, or none read: read as usual
        self._signature = signature
        self._weeks.update(self._weeks_of(taken[2], taken[3], [taken[1]]))
        return True

    def _read(self, session: Session, mondays: list[date], signature: object = None
              ) -> dict[date, Week]:
        """The occurrences of the weeks, read in one pass over the stored events (the week
        the prefetching child read, when it read this version of the database)."""
        prefetch, self._prefetch = self._prefetch, None
        taken = prefetch.take() if prefetch is not None else None
        if taken is not None and signature is not None and taken[0] == signature \
                and taken[1] in mondays:
            out = self._weeks_of(taken[2], taken[3], [taken[1]])
            rest = [m for m in mondays if m != taken[1]]
            return {**out, **(self._read(session, rest) if rest else {})}
        problems: list = []
        first, last = min(mondays), max(mondays) + timedelta(days=6)
        occurrences = session.occurrences(first, last, problems=problems)
        return self._weeks_of(occurrences, [str(p) for p in problems], mondays)

    @staticmethod
    def _weeks_of(occurrences: list[Occurrence], texts: list[str], mondays: list[date]
                  ) -> dict[date, Week]:
        out = {m: Week([], texts) for m in mondays}
        for occ in occurrences:
            for day in days_of(occ):
                monday = day - timedelta(days=day.weekday())
                week = out.get(monday)
                if week is not None and (not week.occurrences or week.occurrences[-1] is not occ):
                    week.occurrences.append(occ)
        # The cached weeks live long: out of the collector's way, as the database is (see
        # Session.warm). Otherwise every full collection walks them all: with 50,000 events,
        # 100-200 ms pauses while moving from week to week. Occurrences hold no cycles, so
        # reference counting still frees a week when it leaves the cache.
        gc.freeze()
        return out

    def _analyse(self, session: Session, ctx, monday: date, occurrences: list[Occurrence],
                 cancelled: Callable[[], bool]) -> Markers | None:
        """Findings (rules) and merge suggestions of one week, as badges; None when
        ``cancelled()`` turned true between the two (the user moved on)."""
        from leanmeet.application.queries import merge_suggestions  # after the first frame
        from leanmeet.planner.rules import run_checks

        found = run_checks(occurrences, ctx)
        if cancelled():
            return None
        merges = merge_suggestions(session, occurrences)
        days = [monday + timedelta(days=i) for i in range(7)]
        return markers_for(found, merges, days)

    @on(WeeksRead)
    def _weeks_read(self, message: WeeksRead) -> None:
        if message.signature != self._signature:
            return
        for monday, week in message.weeks.items():
            if monday not in self._weeks:
                self._weeks[monday] = week
        while len(self._weeks) > CACHE_WEEKS:
            self._weeks.popitem(last=False)
        if message.request is None:
            return
        if message.request != self._request:
            return  # the user has moved on to another period
        self._database_empty = message.database_empty
        self._apply()
        self.call_after_refresh(self._painted.set)

    @on(WeeksAnalysed)
    def _weeks_analysed(self, message: WeeksAnalysed) -> None:
        if message.signature != self._signature:
            return
        shown = set(self.period.weeks) if self.period is not None else set()
        touched = False
        for monday, markers in message.markers.items():
            week = self._weeks.get(monday)
            if week is not None:
                week.markers = markers
                touched = touched or monday in shown
        if touched and not self.loading:
            markers = self._period_markers()
            widget = self._view_widget(self.view)
            if widget is not None and hasattr(widget, "show_markers"):
                widget.show_markers(markers)
            self._set_badges(markers)

    @on(PeriodFailed)
    def _period_failed(self, message: PeriodFailed) -> None:
        if message.request != self._request:
            return
        self._applied = message.request
        self._failed = True
        self._show_error(message.error)

    # ---------------------------------------------------------------- showing
    def _period_markers(self) -> Markers:
        assert self.period is not None
        parts = [self._weeks[w].markers for w in self.period.weeks
                 if w in self._weeks and self._weeks[w].markers is not None]
        markers = merge_markers(parts)  # type: ignore[arg-type]
        markers.analysed = len(parts) == len(self.period.weeks)
        return markers

    def _apply(self) -> None:
        """Show the current period from the cache (every week of it is there)."""
        assert self.period is not None and self.today is not None and self.day is not None
        self._applied = self._request
        period = self.period
        occurrences = unique(o for w in period.weeks for o in self._weeks[w].occurrences)
        if period.kind == "day":
            occurrences = [o for o in occurrences if period.first in days_of(o)]
        data = ViewData(period, occurrences, self.today, self._period_markers(),
                        self.country)
        with self.batch_update():
            if period.first == period.grid_first and period.last == period.grid_last:
                in_period = occurrences  # a week: every occurrence read for it is in it
            else:
                in_period = [o for o in occurrences if any(d in period for d in days_of(o))]
            self._set_period_line(in_period)
            self._set_badges(data.markers)
            if self._database_empty:
                self._show_empty()
            else:
                widget = self._view_widget(self.view)
                assert widget is not None
                widget.show(data, self.day, self.key, self._cursor)
                self._remember_selection(widget)
                self._switch(self.view)
        problems = [p for w in period.weeks for p in self._weeks[w].problems]
        new = [p for p in dict.fromkeys(problems) if p not in self._reported]
        self._reported.update(new)
        if new:
            shown = "\n".join(new[:5])
            more = len(new) - 5
            self.notify(
                shown + ("\n" + _("… and {count} more").format(count=more) if more > 0 else ""),
                title=_("Some events could not be shown"),
                severity="warning",
                markup=False,
            )

    def _remember_selection(self, widget: Widget) -> None:
        """What a view chose to select when shown becomes the shared selection (the agenda
        only places its cursor: its rows are not days)."""
        if isinstance(widget, TimeGrid):
            self.day = widget.day or self.day
            self.key = widget.key
        elif isinstance(widget, MonthView):
            self.day = widget.day or self.day

    def _view_widget(self, name: str) -> Widget | None:
        if name not in VIEWS:
            return None
        try:
            return self.query_one(f"#{name}")
        except Exception:  # noqa: BLE001 - not mounted (the app is closing)
            return None

    def _switch(self, name: str) -> None:
        switcher = self.query_one("#views", ContentSwitcher)
        switcher.current = name
        widget = self._view_widget(name)
        if widget is not None and hasattr(widget, "focus_main"):
            widget.focus_main()

    def _set_period_line(self, occurrences: Sequence[Occurrence] | None) -> None:
        if self.period is None:
            return
        text = self.period.label
        if occurrences is None:
            text += _(" · loading…")
        else:
            count = len(occurrences)
            cancelled = sum(1 for o in occurrences if o.cancelled)
            text += " · " + (ngettext("{count} event", "{count} events", count).format(
                count=count) if count else _("no events"))
            if cancelled:
                text += " " + _("({count} cancelled)").format(count=cancelled)
        if text != self._period_text:  # an update lays the screen out again
            self._period_text = text
            self.query_one("#period", Static).update(Content(text))

    def _set_badges(self, markers: Markers, width: int | None = None) -> None:
        """The period's findings and merge suggestions, right of the period line (``width``:
        the screen's, when it is being resized)."""
        widget = self.query_one("#period-badges", Static)
        if not markers.analysed:
            self._badges_shown(widget, Content.styled(_("checking the rules…"), "$text-muted"))
            return
        period = self.period
        days = None
        if period is not None:
            days = [period.first + timedelta(days=i)
                    for i in range((period.last - period.first).days + 1)]
        total = markers.total(days)
        if not (total.errors or total.warnings or total.merges):
            self._badges_shown(widget, Content.styled(_("no findings"), "$text-muted"))
            return
        # the room the period line leaves (its own padding, the badges' padding), at most
        # the badges' max-width (app.tcss: 60%)
        width = width or self.size.width
        room = min(width * 3 // 5 - 2, width - cell_len(self._period_text) - 4)
        for form in ("long", "short", "compact"):
            content = self._badges_text(total, form)
            if content.cell_length <= room:
                break
        self._badges_shown(widget, content)

    @staticmethod
    def _badges_text(total, form: str) -> Content:
        """The badges in words (``long``, ``short``: "merges" for "merge suggestions") or as
        the views' marks (``compact``: "!5 !2 &5", where the words leave no room for the
        period's count of events)."""
        styles = ("bold $text-error", "bold $text-warning", "bold $text-accent")
        counts = (total.errors, total.warnings, total.merges)
        marks = ("!", "!", "&")
        if form == "compact":
            return Content(" ").join(Content.styled(f"{m}{n}", style) for m, n, style in
                                     zip(marks, counts, styles) if n)
        words = (
            ngettext("{count} error", "{count} errors", total.errors),
            ngettext("{count} warning", "{count} warnings", total.warnings),
            ngettext("{count} merge suggestion", "{count} merge suggestions", total.merges)
            if form == "long" else ngettext("{count} merge", "{count} merges", total.merges),
        )
        return Content(" · ").join(
            Content.styled(f"{m} " + w.format(count=n), style) for m, w, n, style in
            zip(marks, words, counts, styles) if n)

    def on_resize(self, event: events.Resize) -> None:
        if self.period is not None and all(w in self._weeks for w in self.period.weeks):
            self._set_badges(self._period_markers(), event.size.width)  # words that fit

    def _badges_shown(self, widget: Static, content: Content) -> None:
        """Show the badges, as wide as they are (the period line keeps the rest): the width
        changes only when the text's does, so moving from week to week relays nothing."""
        width = content.cell_length + 2
        if widget.styles.width is None or widget.styles.width.value != width:
            widget.styles.width = width
        widget.update(content)

    def _show_empty(self) -> None:
        command = "leanmeet import FILE.ics"
        if self.db_path != default_db_path():
            command = f"leanmeet --db {shlex.quote(str(self.db_path))} import FILE.ics"
        text = Content.assemble(
            (_("No events yet."), "bold"),
            _("\n\nThe database "),
            (str(self.db_path), "italic"),
            _(" is empty.\n"
            "Import a calendar (.ics file, folder or URL) from your shell, then start "
            "leanmeet again:\n\n    "),
            (command, "bold $accent"),
        )
        self.query_one("#empty", Static).update(text)
        self._switch("empty")

    def _show_error(self, error: str) -> None:
        if self.period is not None:
            self._period_text = self.period.label
            self.query_one("#period", Static).update(Content(self._period_text))
        self.query_one("#error-message", Static).update(Content(error))
        self._switch("error")

    # ---------------------------------------------------------------- view messages
    @on(Selected)
    def _selected(self, message: Selected) -> None:
        message.stop()
        day, occ = message.day, message.occurrence
        if occ is not None and self.period is not None and day not in self.period:
            # an event that began before the period: its first day in the period
            day = next((d for d in days_of(occ) if d in self.period), day)
        self.day = day
        self.key = occurrence_key(occ) if occ is not None else None
        if self.period is not None and day not in self.period:
            self._load("keep")

    @on(EventOpened)
    def _opened(self, message: EventOpened) -> None:
        message.stop()
        self.open_detail(message.occurrence)

    @on(DayOpened)
    def _day_opened(self, message: DayOpened) -> None:
        message.stop()
        self.day = message.day
        self.key = None
        self.view = "day"
        self._load("keep")

    # ---------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_period", "previous_period", "today", "view", "search"):
            return self.period is not None  # hidden until the office zone is known
        return True

    def action_view(self, name: str) -> None:
        if name not in VIEWS or self.day is None:
            return
        if name == self.view and not self.loading:
            self._switch(name)
            return
        self.view = name  # type: ignore[assignment]
        self._load("keep")

    def action_next_period(self) -> None:
        self._shift(1)

    def action_previous_period(self) -> None:
        self._shift(-1)

    def _shift(self, steps: int) -> None:
        if self.period is None or self.day is None:
            return
        if self.view == "month":
            self.day = self.period.shifted(steps).first
        elif self.view == "day":
            self.day = self.day + timedelta(days=steps)
        else:
            self.day = self.day + timedelta(days=7 * steps)
        self.key = None
        self._load("top" if self.view == "agenda" else "keep")

    def action_today(self) -> None:
        if self.tz is None:
            return
        try:
            self.today = today_in(self.tz)
        except UserError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.day = self.today
        self.key = None
        self._load("today")

    def action_search(self) -> None:
        if self.session is None or self.today is None:
            return

        def chosen(occurrence: Occurrence | None) -> None:
            if occurrence is not None:
                self.show_occurrence(occurrence)

        self.push_screen(SearchScreen(self.search_index, self.today), chosen)

    def search_index(self) -> SearchIndex:
        """The occurrences of the year before and after today, ready to search (built once
        per database version; called from the search screen's worker)."""
        session = self.session
        assert session is not None and self.today is not None
        signature = session.signature()
        cached = self._search
        if cached is not None and cached[0] == signature:
            return cached[1]
        first = add_months(self.today, -SEARCH_MONTHS)
        last = add_months(self.today, SEARCH_MONTHS)
        index = SearchIndex.build(session.occurrences(first, last), first, last)
        self._search = (signature, index)
        return index

    def action_help(self) -> None:
        ids = {}
        for active in self.screen.active_bindings.values():
            if active.binding.id:
                ids[self._describe(active.binding)] = active.binding.id
        self.push_screen(HelpScreen(self.key_help(), ids))

    def _describe(self, binding: Binding) -> str:
        unit = UNIT.get(self.view, "week")
        if binding.action == "next_period":
            return _(PERIOD_HELP[unit][0])
        if binding.action == "previous_period":
            return _(PERIOD_HELP[unit][1])
        if binding.action == "today":
            return _(PERIOD_HELP[unit][2])
        return binding.tooltip or binding.description

    def key_help(self) -> list[tuple[str, str]]:
        """(keys, description) of the active bindings, one line per action, keymap applied."""
        grouped: dict[tuple[str, str], list[str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.id is None and binding.action != "command_palette":
                continue  # Textual's built-in focus and copy keys
            grouped.setdefault((binding.action, self._describe(binding)), []).append(
                self.get_key_display(binding)
            )
        return [(" / ".join(keys), description) for (_, description), keys in grouped.items()]
