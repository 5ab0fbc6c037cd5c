"""Dialogs that read or write files: import calendars, import a roster CSV, export the plan.

Paths complete as you type (``PathSuggester`` over the file system; right arrow or tab takes
the completion). The work runs in a thread worker: an import reports progress per file read
and per feed stored (an indeterminate bar while one big file is read and stored) and ends with
the summary lines and every problem (file:line) in a scrollable log; errors (a missing file,
something that is not a calendar) are shown there too, and the app stays responsive.
"""

from __future__ import annotations

import asyncio
import os
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static, Switch

from leanmeet.application.errors import UserError
from leanmeet.application.session import Session
from leanmeet.tui.i18n import _
from leanmeet.tui.screens import backend
from leanmeet.tui.screens.common import Dialog, lit

MAX_LOG_LINES = 400


# ---------------------------------------------------------------------------------- paths
class PathSuggester(Suggester):
    """Completes the last part of a path from the file system: folders (with a trailing
    ``/``) and files with one of ``suffixes`` (any file when empty). Hidden entries only when
    the typed part starts with a dot."""

    def __init__(self, suffixes: tuple[str, ...] = ()) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = tuple(s.lower() for s in suffixes)

    async def get_suggestion(self, value: str) -> str | None:
        # a slow (network) folder must not hold up the UI
        return await asyncio.to_thread(complete_path, value, self.suffixes)


def complete_path(value: str, suffixes: tuple[str, ...] = ()) -> str | None:
    """``value`` completed with the first matching folder or file name, or None."""
    if not value or "://" in value or value == "-":
        return None
    expanded = os.path.expanduser(value)
    folder, prefix = os.path.split(expanded)
    try:
        with os.scandir(folder or ".") as entries:
            found = sorted(
                (not entry.is_dir(), entry.name, entry.is_dir()) for entry in entries
                if entry.name.startswith(prefix)
                and (prefix.startswith(".") or not entry.name.startswith("."))
                and (entry.is_dir() or not suffixes
                     or entry.name.lower().endswith(suffixes)))
    except OSError:
        return None
    for _is_file, name, is_dir in found:
        completion = value + name[len(prefix):] + ("/" if is_dir else "")
        if completion != value:
            return completion
    return None


class PathInput(Input):
    """An Input whose tab takes the completion (then moves on as usual)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", _("Complete the path"), show=False, id="path.complete"),
    ]

    def action_complete(self) -> None:
        before = self.value
        if self.cursor_at_end:
            self.action_cursor_right()  # takes the completion, if there is one
        if self.value == before:
            self.screen.focus_next()


# ---------------------------------------------------------------------------------- jobs
class JobProgress(Message):
    def __init__(self, done: int, total: int | None, what: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.what = what


def outcome_content(outcome: backend.Outcome) -> Content:
    """Summary lines (bold), errors, then problems (file:line), at most MAX_LOG_LINES."""
    parts: list[Content] = []
    for line in outcome.lines:
        parts.append(Content.styled(line, "bold"))
    for error in outcome.errors:
        parts.append(Content.styled(error, "$text-error"))
    if outcome.cancelled:
        parts.append(Content.styled(_("Stopped: the remaining feeds were not imported."),
                                    "$text-warning"))
    problems = outcome.problems
    for problem in problems[:MAX_LOG_LINES]:
        parts.append(Content.styled(problem, "$text-warning"))
    if len(problems) > MAX_LOG_LINES:
        parts.append(Content(_("… and {count} more problems (leanmeet import on the command "
                               "line lists them all)").format(count=len(problems) - MAX_LOG_LINES)))
    if not parts:
        parts.append(Content(_("Nothing to import.")))
    return Content("\n").join(parts)


class FileJobDialog(Dialog["backend.Outcome | None"]):
    """A dialog that runs one long job and then shows its outcome in a scrollable log; it
    stays open for another run and closes with the last outcome."""

    CANCEL_LABEL = _("Close")
    PATH_ID = ""  # the id of the path input (focused first; enter there submits)
    outcome: backend.Outcome | None = None
    running = False

    def __init__(self, session: Session | None = None, path: str = "") -> None:
        super().__init__()
        self.session = session
        self.initial = path

    def log_widgets(self) -> ComposeResult:
        yield ProgressBar(total=None, show_eta=False, id="job-progress")
        yield Static("", classes="job-status", id="job-status")
        with VerticalScroll(classes="job-log", id="job-log"):
            yield Static("", id="job-log-text")

    def on_mount(self) -> None:
        if self.session is None:
            self.session = backend.session_of(self.app)
        self.query_one(f"#{self.PATH_ID}", Input).focus()
        self.query_one("#dialog-cancel", Button).label = self.CANCEL_LABEL
        self.query_one("#job-progress", ProgressBar).display = False
        self.query_one("#job-log", VerticalScroll).display = False
        self.cancel_event = threading.Event()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def begin(self, job: str, call) -> None:
        self.running = True
        self.cancel_event = threading.Event()
        bar = self.query_one("#job-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.query_one("#job-log", VerticalScroll).display = False
        self.query_one("#dialog-cancel", Button).label = _("Stop")
        self.start_job(job, call)

    def progress(self, done: int, total: int | None, what: str) -> None:
        """Called from the worker thread."""
        self.post_message(JobProgress(done, total, what))

    @on(JobProgress)
    def _progress(self, message: JobProgress) -> None:
        message.stop()
        bar = self.query_one("#job-progress", ProgressBar)
        bar.update(total=message.total, progress=message.done)
        if message.what:
            self.query_one("#job-status", Static).update(lit(message.what))

    def finished(self, job: str, result: object) -> None:
        self.running = False
        self.query_one("#dialog-cancel", Button).label = self.CANCEL_LABEL
        outcome = result if isinstance(result, backend.Outcome) else backend.Outcome(
            lines=[str(result)])
        self.outcome = outcome
        bar = self.query_one("#job-progress", ProgressBar)
        if bar.total is None:
            bar.update(total=1, progress=1)
        status = _("Done.") if not outcome.errors else _("Done, with errors.")
        self.query_one("#job-status", Static).update(Content(status))
        self.query_one("#job-log-text", Static).update(outcome_content(outcome))
        log = self.query_one("#job-log", VerticalScroll)
        log.display = True
        log.scroll_home(animate=False)
        self.after(outcome)

    def show_error(self, message: str) -> None:
        super().show_error(message)
        if message and self.running:  # a job failed outright
            self.running = False
            self.query_one("#dialog-cancel", Button).label = self.CANCEL_LABEL
            self.query_one("#job-progress", ProgressBar).display = False

    def after(self, outcome: backend.Outcome) -> None:
        """After a run (in the UI thread): refresh what depends on it."""

    def action_cancel(self) -> None:
        if self.running:
            self.cancel_event.set()
            self.query_one("#job-status", Static).update(
                Content(_("Stopping after the current feed…")))
            return
        self.dismiss(self.outcome)


def _reload(app) -> None:
    reload = getattr(app, "reload", None)
    if reload is not None:
        reload()


# ---------------------------------------------------------------------------------- import
class ImportDialog(FileJobDialog):
    """Import calendars: a file, a folder (every .ics inside) or a URL, into the feed named
    after each file or into one named feed, optionally as arranged by the office."""

    TITLE_TEXT = _("Import calendars")
    OK_LABEL = _("Import")
    dialog_id = "import-dialog"
    PATH_ID = "import-path"

    def body(self) -> ComposeResult:
        yield Label(_("Calendar file, folder of .ics files, or http(s):// / webcal:// URL"))
        yield PathInput(self.initial, placeholder=_("e.g. ~/calendars/office.ics"),
                        suggester=PathSuggester((".ics", ".ical", ".ifb")), id="import-path")
        yield Label(_("Feed name (optional; default: each file's name)"))
        yield Input(placeholder=_("e.g. office"), id="import-feed")
        with Horizontal(classes="switch-row"):
            yield Switch(id="import-arranged")
            yield Label(_("Arranged by the office (the office's own feed)"))
        yield from self.log_widgets()

    def submit(self) -> None:
        if self.running:
            return
        path = self.query_one("#import-path", Input).value
        if not path.strip():
            self.show_error(_("Give a calendar file, a folder or a URL."))
            return
        feed = self.query_one("#import-feed", Input).value.strip() or None
        arranged = True if self.query_one("#import-arranged", Switch).value else None
        session = self.session
        assert session is not None
        self.query_one("#job-status", Static).update(Content(_("Starting…")))

        def run() -> backend.Outcome:
            return backend.run_import(session, [path], feed, arranged, self.progress,
                                      self.cancel_event.is_set)

        self.begin("import", run)

    def after(self, outcome: backend.Outcome) -> None:
        if outcome.lines:
            _reload(self.app)


# ---------------------------------------------------------------------------------- roster CSV
class RosterImportDialog(FileJobDialog):
    """Import a roster CSV (header ``name,email,role,title,department``)."""

    TITLE_TEXT = _("Import a roster CSV")
    OK_LABEL = _("Import")
    dialog_id = "roster-import-dialog"
    PATH_ID = "roster-path"

    def body(self) -> ComposeResult:
        yield Label(_("Roster CSV (header: name,email,role,title,department)"))
        yield PathInput(self.initial, placeholder=_("e.g. ~/roster.csv"),
                        suggester=PathSuggester((".csv", ".txt")), id="roster-path")
        yield from self.log_widgets()

    def submit(self) -> None:
        if self.running:
            return
        path = self.query_one("#roster-path", Input).value
        session = self.session
        assert session is not None
        self.begin("roster", lambda: backend.import_roster(session, path))

    def after(self, outcome: backend.Outcome) -> None:
        if outcome.lines:
            _reload(self.app)


# ---------------------------------------------------------------------------------- export
EXPORT_FORMATS = (
    ("ics", _("iCalendar plan (.ics) — for Outlook, Google, Apple Calendar, Thunderbird")),
    ("itip", _("iTIP notices (a folder) — cancel the originals, invite to merged meetings")),
    ("csv", _("CSV table (.csv)")),
    ("md", _("Markdown report (.md)")),
    ("html", _("HTML report (.html)")),
)
DEFAULT_NAMES = {"ics": "leanmeet-plan.ics", "itip": "leanmeet-itip", "csv": "leanmeet-plan.csv",
                 "md": "leanmeet-plan.md", "html": "leanmeet-plan.html"}
EXPORT_DAYS = 28  # like `leanmeet export`


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(_("{what} {text!r} is not a date (YYYY-MM-DD).").format(
            what=what, text=text.strip())) from None


class ExportDialog(Dialog[str | None]):
    """Export the consolidated plan: format, path, period. Closes with the last message."""

    TITLE_TEXT = _("Export the plan")
    OK_LABEL = _("Export")
    dialog_id = "export-dialog"

    def __init__(self, session: Session | None = None, folder: str | Path | None = None,
                 first: date | None = None, last: date | None = None) -> None:
        super().__init__()
        self.session = session
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.first = first
        self.last = last
        self.result: str | None = None

    def body(self) -> ComposeResult:
        yield Label(_("Format"))
        yield Select([(Content(label), fmt) for fmt, label in EXPORT_FORMATS], value="ics",
                     allow_blank=False, id="export-format")
        yield Label(_("Write to (a file; a folder for iTIP notices)"))
        yield PathInput(str(self.folder / DEFAULT_NAMES["ics"]),
                        suggester=PathSuggester(), id="export-path")
        with Horizontal(classes="period-row"):
            with Vertical():
                yield Label(_("From (YYYY-MM-DD)"))
                yield Input(id="export-from")
            with Vertical():
                yield Label(_("To (YYYY-MM-DD)"))
                yield Input(id="export-to")
        yield Static("", classes="job-status", id="export-result")

    def on_mount(self) -> None:
        if self.session is None:
            self.session = backend.session_of(self.app)
        first = self.first or backend.first_shown(self.app)
        last = self.last or first + timedelta(days=EXPORT_DAYS - 1)
        self.query_one("#export-from", Input).value = first.isoformat()
        self.query_one("#export-to", Input).value = last.isoformat()
        self.query_one("#dialog-cancel", Button).label = _("Close")
        self.query_one("#export-format", Select).focus()

    @on(Select.Changed, "#export-format")
    def _format(self, event: Select.Changed) -> None:
        """Follow the format with the default file name (unless the user typed another)."""
        event.stop()
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        if path.name in DEFAULT_NAMES.values() and isinstance(event.value, str):
            path_input.value = str(path.with_name(DEFAULT_NAMES[event.value]))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def submit(self) -> None:
        fmt = self.query_one("#export-format", Select).value
        out = self.query_one("#export-path", Input).value
        first_text = self.query_one("#export-from", Input).value
        last_text = self.query_one("#export-to", Input).value
        session = self.session
        assert session is not None

        def run() -> str:
            first = _date(first_text, _("From"))
            last = _date(last_text, _("To"))
            return backend.export(session, out, str(fmt), first, last)

        self.query_one("#export-result", Static).update(Content(_("Exporting…")))
        self.start_job("export", run)

    def show_error(self, message: str) -> None:
        super().show_error(message)
        if message:
            self.query_one("#export-result", Static).update("")

    def finished(self, job: str, result: object) -> None:
        self.result = str(result)
        self.query_one("#export-result", Static).update(
            Content.styled(self.result, "$text-success"))

    def action_cancel(self) -> None:
        self.dismiss(self.result)


__all__ = [
    "ExportDialog",
    "ImportDialog",
    "PathInput",
    "PathSuggester",
    "RosterImportDialog",
    "complete_path",
]
