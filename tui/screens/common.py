"""Pieces shared by the screens: literal text, full-screen and dialog bases, the scope choice,
the worker that runs an application call (``tui/screens/backend.py``) and posts its outcome.

Event text (titles, locations, names, reasons, paths) is untrusted: it reaches widgets only as
``textual.content.Content`` built from plain text, as ``rich.text.Text`` in DataTable cells,
or through ``Content.from_markup`` variables — never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, RadioButton, RadioSet, Static, TextArea
from textual.worker import get_current_worker

from leanmeet.application.errors import UserError
from leanmeet.application.session import Session
from leanmeet.planner.model import Occurrence
from leanmeet.storage.db import DatabaseError
from leanmeet.tui.i18n import _, format_day, is_chinese
from leanmeet.tui.screens.backend import first_shown, session_of
from leanmeet.tui.views.footer import FittingFooter

# the views' text helpers, which the screens use too (one home: tui/views/common.py)
from leanmeet.tui.views.common import (  # noqa: F401
    PARTSTAT_NAMES,
    ROLE_NAMES,
    attendee_text,
    cell,
    one_line,
    person_text,
    start_day,
    time_text,
    when_text,
)

T = TypeVar("T")
CSS_PATH = "screens.tcss"

SEVERITY_VARIABLE = {"error": "text-error", "warning": "text-warning", "info": "text-primary"}


# ---------------------------------------------------------------------------------- text
def lit(text: str) -> Content:
    """Untrusted text as Content, shown literally."""
    return Content(text)


def theme_style(widget: Widget, variable: str, extra: str = "") -> Style:
    """A Rich style in the colour of a theme variable (for DataTable cells, which do not
    resolve ``$variables``)."""
    colour = widget.app.theme_variables.get(variable)
    style = Style.parse(extra) if extra else Style()
    if colour:
        try:
            style += Style(color=colour)
        except Exception:  # noqa: BLE001 - a colour Rich cannot read: no colour
            pass
    return style


def short_when(occ: Occurrence) -> str:
    """``Tue 1 Dec 14:00–15:00`` (the year is in the screen's title)."""
    return f"{format_day(start_day(occ), 'medium')} {time_text(occ)}"


def short_when_cells() -> int:
    """The terminal cells the widest ``short_when`` takes in the interface language (the
    longest month and weekday names with a two-digit day, and a time span); at least 22, what
    ``all day (2 days)`` takes after an English date."""
    widest = max(cell_len(format_day(date(2026, month, day), "medium"))
                 for month in range(1, 13) for day in range(22, 29))
    return max(22, widest + 1 + cell_len("00:00–00:00"))


def period_text(first: date, last: date) -> str:
    """``29 Nov – 26 Dec 2026``."""
    if first.year != last.year or is_chinese():
        return f"{format_day(first, 'day_month_year')} – {format_day(last, 'day_month_year')}"
    if first.month != last.month:
        return f"{format_day(first, 'day_month')} – {format_day(last, 'day_month_year')}"
    return f"{first.day}–{format_day(last, 'day_month_year')}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def lines(items: Iterable[Content | str]) -> Content:
    return Content("\n").join(Content(i) if isinstance(i, str) else i for i in items)


# ---------------------------------------------------------------------------------- outcomes
class JobDone(Message):
    """An application call finished: ``result`` on success, else ``error`` (shown as is)."""

    def __init__(self, job: str, result: object = None, error: str | None = None) -> None:
        super().__init__()
        self.job = job
        self.result = result
        self.error = error


def run_job(job: str, call: Callable[[], object]) -> JobDone:
    """Run ``call`` (in a worker thread) and wrap what happened for the UI thread."""
    try:
        return JobDone(job, call())
    except UserError as exc:
        return JobDone(job, error=str(exc))
    except (DatabaseError, OSError, ValueError) as exc:
        return JobDone(job, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - shown in the app, never a traceback
        return JobDone(job, error=f"internal error: {type(exc).__name__}: {exc} "
                       "(please report this bug)")


class JobsMixin:
    """``self.start_job(name, call)`` runs ``call`` in a thread worker and posts a
    :class:`JobDone` to the screen.

    A read (``READ_JOBS``: loading the screen, a report, a check) replaces the read still
    running on the screen, whose answer nobody wants any more. A change (accept, arrange,
    import…) is never cancelled by anything: a thread cannot be stopped, so cancelling it would
    only lose the message that says what it did."""

    READ_JOBS = frozenset({"load", "findings", "report", "check", "current", "people"})

    def start_job(self, job: str, call: Callable[[], object]) -> None:
        if job in self.READ_JOBS:
            self._read_worker(job, call)
        else:
            self._change_worker(job, call)

    @work(thread=True, exclusive=True, exit_on_error=False, group="screen-read",
          description="a screen's read")
    def _read_worker(self, job: str, call: Callable[[], object]) -> None:
        worker = get_current_worker()
        message = run_job(job, call)
        if not worker.is_cancelled:
            self.post_message(message)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=False, exit_on_error=False, group="screen-change",
          description="a screen's change")
    def _change_worker(self, job: str, call: Callable[[], object]) -> None:
        self.post_message(run_job(job, call))  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------- screens
CROSS_BINDINGS: list[BindingType] = [
    Binding("f", "app.findings", _("Findings"), id="screens.findings", show=False),
    Binding("s", "app.suggestions", _("Merges"), id="screens.suggestions", show=False),
    Binding("r", "app.roster", _("Roster"), id="screens.roster", show=False),
    Binding("i", "app.import", _("Import"), id="screens.import", show=False),
    Binding("e", "app.export", _("Export"), id="screens.export", show=False),
    Binding("question_mark", "app.help", _("Help"), key_display="?", id="screens.help"),
]


class FullScreen(ModalScreen[T], Generic[T]):
    """A screen that fills the terminal (findings, suggestions, roster).

    Modal, so that the calendar's keys (next week, views…) do not act on the calendar hidden
    below; the keys that make sense here are declared again: the other screens (f, s, r, i, e),
    help (?) and back (escape).
    """

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="screens.back"),
        *CROSS_BINDINGS,
    ]

    def action_back(self) -> None:
        self.dismiss(None)

    def changed(self, result: str | None) -> None:
        """After a change (``result`` says what was done; empty or None: nothing was): tell
        the user, and reload the calendar below (its findings and marks) and this screen."""
        if result:
            self.notify(result, markup=False)
            reload = getattr(self.app, "reload", None)
            if reload is not None:
                reload()
            self.load()  # type: ignore[attr-defined]

    def load_if(self, changed: bool | None) -> None:
        """Reload this screen when a dialog it opened (the event detail) changed something."""
        if changed:
            self.load()  # type: ignore[attr-defined]


class Dialog(JobsMixin, ModalScreen[T], Generic[T]):
    """A dialog: a title, a body, an error line and OK/Cancel buttons. ``submit()`` validates
    and starts the application call (``start_job``); success dismisses with the result, a refusal
    stays open and shows the reason."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Close"), id="dialog.cancel"),
        # q closes too, unless a text field has the focus (there it is a letter: the Input
        # takes it before the screen sees it, and action_quit_unless_typing checks again)
        Binding("q", "quit_unless_typing", _("Close"), show=False, id="dialog.quit"),
        Binding("tab", "app.focus_next", _("Next field"), id="dialog.next"),
        Binding("shift+tab", "app.focus_previous", _("Previous field"), show=False,
                id="dialog.previous"),
        Binding("ctrl+s", "submit", _("OK"), id="dialog.ok"),
    ]
    TITLE_TEXT = ""
    OK_LABEL = _("OK")
    dialog_id = "dialog"
    busy = False  # an application call is running

    def compose(self) -> ComposeResult:
        with Vertical(id=self.dialog_id, classes="dialog"):
            yield Static(self.heading(), classes="dialog-title")
            yield from self.body()
            yield Static("", classes="dialog-error", id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.OK_LABEL, variant="primary", id="dialog-ok")
                yield Button(_("Cancel"), id="dialog-cancel")
        yield FittingFooter()

    SHORT_SCREEN = 32  # lines: below this the dialog's fields are drawn compact

    def heading(self) -> Content:
        return Content.from_markup("[b]$t[/b]", t=self.TITLE_TEXT)

    def _on_mount(self, event) -> None:
        """On a short terminal (80x24) the fields are one line tall and the labels closer, so
        that the whole dialog, its buttons included, fits."""
        short = self.app.size.height < self.SHORT_SCREEN
        self.set_class(short, "-short")
        if short:
            for widget in self.query("Input, Select, Button"):
                widget.compact = True  # type: ignore[attr-defined]

    def body(self) -> ComposeResult:
        yield from ()

    # -- flow
    def show_error(self, message: str) -> None:
        error = self.query_one("#dialog-error", Static)
        error.update(lit(message))
        error.display = bool(message)

    @on(Button.Pressed, "#dialog-ok")
    def _ok_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#dialog-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_submit(self) -> None:
        if self.query_one("#dialog-ok", Button).disabled:
            return
        self.submit()

    def submit(self) -> None:  # subclasses: validate, then self.start_job(...)
        self.dismiss(None)

    def start_job(self, job: str, call: Callable[[], object]) -> None:
        self.show_error("")
        self.query_one("#dialog-ok", Button).disabled = True
        self.busy = True
        super().start_job(job, call)

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        message.stop()
        self.busy = False
        self.query_one("#dialog-ok", Button).disabled = False
        if message.error is not None:
            self.show_error(message.error)
            return
        self.finished(message.job, message.result)

    def finished(self, job: str, result: object) -> None:
        self.dismiss(result)  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_quit_unless_typing(self) -> None:
        if isinstance(self.focused, (Input, TextArea)):
            return
        self.action_cancel()


class ScopeChoice(RadioSet):
    """This occurrence or the whole series (only shown for a recurring event)."""

    def __init__(self, occ: Occurrence, *, id: str = "scope") -> None:
        when = format_day(start_day(occ))
        if isinstance(occ.start, datetime) and not occ.all_day:
            when += f" {occ.start:%H:%M}"
        super().__init__(
            RadioButton(_("Only this occurrence ({when})").format(when=when), value=True, id="scope-one"),
            RadioButton(_("The whole series (every occurrence)"), id="scope-series"),
            id=id,
        )
        self.border_title = _("Apply to")

    @property
    def whole_series(self) -> bool:
        return self.pressed_index == 1


WINDOW_DAYS = 28  # the four weeks of `leanmeet check` / `leanmeet suggest`


class FourWeekWindow:
    """The period of the findings and suggestions screens: ``first`` plus four weeks, moved
    by ``n``/``p`` (``action_shift``) and ``t`` (``action_from_today``); ``load()`` refills
    the screen's table (``loaded`` once the rows are there)."""

    def __init__(self, session: Session | None = None, first: date | None = None) -> None:
        super().__init__()
        self.session = session
        self.first = first
        self.loaded = False

    def on_mount(self) -> None:
        """The app's session, and the window from the period shown (unless given); then the
        table gets the focus and the rows are loaded."""
        app = self.app  # type: ignore[attr-defined]
        if self.session is None:
            self.session = session_of(app)
        if self.first is None:
            self.first = first_shown(app)
        self.query_one(DataTable).focus()  # type: ignore[attr-defined]
        self.load()  # type: ignore[attr-defined]

    @property
    def last(self) -> date:
        assert self.first is not None
        return self.first + timedelta(days=WINDOW_DAYS - 1)

    def action_shift(self, steps: int) -> None:
        assert self.first is not None
        self.first += timedelta(days=WINDOW_DAYS * steps)
        self.load()  # type: ignore[attr-defined]

    def action_from_today(self) -> None:
        assert self.session is not None
        self.first = self.session.today
        self.load()  # type: ignore[attr-defined]

    @staticmethod
    def window_bindings(screen: str) -> list[BindingType]:
        """The keys that move the window, with the ids ``<screen>.next``, ``.previous`` and
        ``.today`` (for a keymap)."""
        return [
            Binding("n", "shift(1)", _("Next 4 weeks"), id=f"{screen}.next"),
            Binding("p", "shift(-1)", _("Previous 4 weeks"), id=f"{screen}.previous"),
            Binding("t", "from_today", _("From today"), id=f"{screen}.today"),
        ]
