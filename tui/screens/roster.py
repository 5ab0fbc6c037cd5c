"""The roster screen: the people the office knows (leaders first), add a person, toggle the
leader role, import a roster CSV."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Header, Static

from leanmeet.application.session import Session
from leanmeet.planner.model import Person
from leanmeet.planner.people import format_liaison
from leanmeet.tui.i18n import _, ngettext
from leanmeet.tui.screens import backend
from leanmeet.tui.screens.common import FullScreen, JobDone, JobsMixin, cell, theme_style
from leanmeet.tui.screens.dialogs import PersonDialog
from leanmeet.tui.screens.files import RosterImportDialog
from leanmeet.tui.views.footer import FittingFooter
from leanmeet.tui.screens.findings import ScreenTable


ROLE_TEXT = {"staff": _("staff"), "media": _("media")}


class RosterTable(ScreenTable, inherit_bindings=False):
    """The roster table: ``l`` toggles the leader role (the screen's key), so horizontal
    scrolling of the wide table keeps only the arrow keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(b for b in ScreenTable.BINDINGS if getattr(b, "id", "") not in ("table.left",
                                                                           "table.right")),
        Binding("left", "scroll_left", _("Scroll left"), show=False, id="table.left"),
        Binding("right", "scroll_right", _("Scroll right"), show=False, id="table.right"),
    ]


class RosterScreen(JobsMixin, FullScreen[None]):
    """Name, email, role (leader, staff, media), title, department and liaison departments of
    everyone on the roster."""

    SUB_TITLE = _("roster")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,plus", "new", _("New person"), id="roster.new"),
        Binding("l", "toggle_leader", _("Toggle leader"), id="roster.leader"),
        Binding("space", "toggle_leader", _("Toggle leader"), show=False, id="roster.leader_space"),
        Binding("c", "import_csv", _("Import CSV"), id="roster.import"),
    ]

    def __init__(self, session: Session | None = None) -> None:
        super().__init__()
        self.session = session
        self.people: dict[str, Person] = {}
        self.loaded = False
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="roster-title", classes="screen-title")
        table = RosterTable(id="roster-table", cursor_type="row", zebra_stripes=True)
        for label, key in ((_("Role"), "role"), (_("Name"), "name"), (_("Email"), "email"),
                           (_("Title"), "title"), (_("Department"), "department"),
                           (_("Liaison"), "liaison")):
            table.add_column(label, key=key)
        yield table
        yield Static("", id="roster-empty", classes="empty-note")
        yield FittingFooter()

    def on_mount(self) -> None:
        if self.session is None:
            self.session = backend.session_of(self.app)
        self.query_one(ScreenTable).focus()
        self.load()

    def load(self) -> None:
        session = self.session
        assert session is not None
        self.busy = True
        self.start_job("load", lambda: backend.people(session))

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        message.stop()
        self.busy = False
        if message.error is not None:
            self.notify(message.error, severity="error", markup=False)
            if message.job == "load":
                self.loaded = True
                self._show([])
            return
        if message.job == "load":
            self.loaded = True
            self._show(message.result)  # type: ignore[arg-type]
            return
        self.changed(str(message.result))

    def _show(self, people: list[Person]) -> None:
        self.people = {p.email: p for p in people}
        leader_style = theme_style(self, "text-warning", "bold")
        rows = []
        for p in people:
            role = (cell(_("★ leader"), style=leader_style) if p.is_leader
                    else cell(ROLE_TEXT.get(p.role, p.role)))
            rows.append((p.email, (role, cell(p.name, 24), cell(p.email, 36), cell(p.title, 30),
                                   cell(p.department, 24), cell(format_liaison(p.liaison), 30))))
        with self.app.batch_update():
            self.query_one(ScreenTable).refill(rows)
        leaders = sum(1 for p in people if p.is_leader)
        self.query_one("#roster-title", Static).update(Content(
            _("Roster") + " · " + ngettext("{count} person", "{count} people", len(people)).format(
                count=len(people)) + ", " + ngettext("{count} leader", "{count} leaders",
                                                     leaders).format(count=leaders)))
        empty = self.query_one("#roster-empty", Static)
        empty.display = not people
        empty.update(Content(_("The roster is empty. Press n to add a person or c to import a "
                             "roster CSV (name,email,role,title,department[,liaison]).")))

    @property
    def highlighted(self) -> Person | None:
        return self.people.get(self.query_one(ScreenTable).highlighted_key() or "")

    def action_new(self) -> None:
        assert self.session is not None
        self.app.push_screen(PersonDialog(self.session), self.changed)

    def action_toggle_leader(self) -> None:
        person = self.highlighted
        if person is None or self.busy:
            return
        session = self.session
        assert session is not None
        self.busy = True
        self.start_job("toggle", lambda: backend.toggle_leader(session, person))

    def action_import_csv(self) -> None:
        def closed(outcome: backend.Outcome | None) -> None:
            if outcome is not None and outcome.lines:
                self.load()

        self.app.push_screen(RosterImportDialog(self.session), closed)


__all__ = ["RosterScreen"]
