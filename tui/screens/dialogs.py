"""The decision dialogs: arrange, exempt, kind, add / remove an attendee, a new roster entry.

Each is a typed ``ModalScreen[str | None]``: it validates, runs the backend call in a thread
worker and dismisses with the message to show ("Arranged …"); a refusal (a commercial event
cannot be arranged, a leader cannot join a blocked event, a missing reason) stays in the
dialog with the reason, and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
    Switch,
)
from textual.widgets.option_list import Option

from leanmeet.application.session import Session
from leanmeet.tui.i18n import _
from leanmeet.planner.model import KINDS, Attendee, Occurrence, Person
from leanmeet.planner.rules import RULES_BY_ID
from leanmeet.tui.screens import backend
from leanmeet.tui.views.common import KIND_NAMES
from leanmeet.tui.screens.common import (
    Dialog,
    JobDone,
    ScopeChoice,
    attendee_text,
    lit,
    one_line,
    short_when,
)

KIND_HELP = {
    "meeting": _("an ordinary meeting (half-day limit, one keynote)"),
    "ceremony": _("ribbon-cutting, groundbreaking, celebration, forum… (leaders need an "
    "arrangement)"),
    "commercial": _("a company's commercial activity (leaders may not attend)"),
    "research": _("a research visit at the grassroots (counts toward the 70 days)"),
    "plenary": _("Party Congress, People's Congress, CPPCC (no half-day limit)"),
}


def event_line(occ: Occurrence) -> Content:
    """``“title” · Tue 1 Dec 10:00–11:00`` with the title literal."""
    return Content.from_markup(
        "[b]“$title”[/b] · $when", title=one_line(occ.summary) or _("(no title)"),
        when=short_when(occ))


class EventDialog(Dialog[str | None]):
    """A dialog about one occurrence; the scope choice appears for a recurring event."""

    def __init__(self, session: Session, occ: Occurrence) -> None:
        super().__init__()
        self.session = session
        self.occurrence = occ

    def event_widgets(self) -> ComposeResult:
        yield Static(event_line(self.occurrence), classes="dialog-event")

    def scope_widgets(self) -> ComposeResult:
        if self.occurrence.series:
            yield ScopeChoice(self.occurrence)

    @property
    def whole_series(self) -> bool:
        scopes = self.query(ScopeChoice)
        return bool(scopes) and scopes.first().whole_series


# ---------------------------------------------------------------------------------- arrange
class ArrangeDialog(EventDialog):
    """Record the office's arrangement (reference text). Refused for commercial events."""

    TITLE_TEXT = _("Arrange")
    OK_LABEL = _("Arrange")
    dialog_id = "arrange-dialog"

    def __init__(self, session: Session, occ: Occurrence, refusal: str | None = None,
                 *, checked: bool = False) -> None:
        super().__init__(session, occ)
        self.refusal = refusal
        self.checked = checked or refusal is not None

    def body(self) -> ComposeResult:
        yield from self.event_widgets()
        yield Label(_("Office reference (document number, note)"))
        yield Input(placeholder="e.g. 办发〔2026〕12号", id="arrange-ref")
        yield from self.scope_widgets()

    def on_mount(self) -> None:
        if self.refusal is not None:
            self._refuse(self.refusal)
        elif not self.checked:
            occ, session = self.occurrence, self.session
            self.start_job("check", lambda: backend.arrange_refusal(session, occ))
        self.query_one("#arrange-ref", Input).focus()

    def _refuse(self, reason: str) -> None:
        self.refusal = reason
        self.show_error(reason)
        self.query_one("#arrange-ref", Input).disabled = True
        self.query_one("#dialog-ok", Button).disabled = True
        self.query_one("#dialog-cancel", Button).focus()

    def finished(self, job: str, result: object) -> None:
        if job == "check":
            if result:
                self._refuse(str(result))
            return
        self.dismiss(result)  # type: ignore[arg-type]

    @on(Input.Submitted, "#arrange-ref")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def submit(self) -> None:
        if self.refusal:
            self.show_error(self.refusal)
            return
        ref = self.query_one("#arrange-ref", Input).value
        if not ref.strip():
            self.show_error(_("Give the office's reference (a document number, a note)."))
            return
        occ, session, whole = self.occurrence, self.session, self.whole_series
        self.start_job("arrange", lambda: backend.arrange(session, occ, whole, ref))


# ---------------------------------------------------------------------------------- exempt
class ExemptDialog(EventDialog):
    """Exempt the event from one rule, with the reason. Only the rules that have findings on
    this event and can be exempted are offered."""

    TITLE_TEXT = _("Exempt from a rule")
    OK_LABEL = _("Exempt")
    dialog_id = "exempt-dialog"

    def __init__(self, session: Session, occ: Occurrence, rules: Sequence[str],
                 rule: str | None = None) -> None:
        super().__init__(session, occ)
        self.rules = list(rules)
        self.rule = rule if rule in self.rules else (self.rules[0] if self.rules else None)

    def body(self) -> ComposeResult:
        yield from self.event_widgets()
        yield Label(_("Rule"))
        options = [(Content(f"{r} — {RULES_BY_ID[r].clause}" if r in RULES_BY_ID else r), r)
                   for r in self.rules]
        yield Select(options, value=self.rule if self.rule else Select.NULL, allow_blank=False
                     if self.rules else True, id="exempt-rule")
        yield Label(_("Reason (required)"))
        yield Input(placeholder=_("e.g. special needs: the provincial leader's keynote"),
                    id="exempt-reason")
        yield from self.scope_widgets()

    def on_mount(self) -> None:
        if not self.rules:
            self.show_error(_("No finding on this event can be exempted."))
        self.query_one("#exempt-reason", Input).focus()

    @on(Input.Submitted, "#exempt-reason")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def submit(self) -> None:
        rule = self.query_one("#exempt-rule", Select).value
        if rule is Select.NULL or not isinstance(rule, str):
            self.show_error(_("Choose the rule to exempt the event from."))
            return
        reason = self.query_one("#exempt-reason", Input).value
        if not reason.strip():
            self.show_error(_("Give the reason for the exemption (it is required)."))
            return
        occ, session, whole = self.occurrence, self.session, self.whole_series
        self.start_job("exempt", lambda: backend.exempt(session, occ, whole, rule, reason))


# ---------------------------------------------------------------------------------- kind
class KindDialog(EventDialog):
    """Override the kind of the event: one of the five kinds."""

    TITLE_TEXT = _("Change the kind")
    OK_LABEL = _("Set kind")
    dialog_id = "kind-dialog"

    def __init__(self, session: Session, occ: Occurrence, current: str | None = None) -> None:
        super().__init__(session, occ)
        self.known = current in KINDS
        self.current = current if current in KINDS else "meeting"

    def body(self) -> ComposeResult:
        yield from self.event_widgets()
        yield RadioSet(
            *(RadioButton(Content.assemble((KIND_NAMES[k], "bold"), f" — {KIND_HELP[k]}"),
                          value=k == self.current, id=f"kind-{k}") for k in KINDS),
            id="kind-choice",
        )
        pattern = backend.remember_hint(self.occurrence)
        yield Checkbox(Content(_("Remember for titles like this ({pattern})").format(
                           pattern=pattern)), value=False,
                       id="kind-remember")
        yield from self.scope_widgets()

    def on_mount(self) -> None:
        self.query_one("#kind-choice", RadioSet).focus()
        if not self.known:
            occ, session = self.occurrence, self.session
            self.start_job("current", lambda: backend.kind_of(session, occ))

    def finished(self, job: str, result: object) -> None:
        if job == "current":
            if result in KINDS:
                self.current = str(result)
                self.query_one(f"#kind-{result}", RadioButton).value = True
            return
        self.dismiss(result)  # type: ignore[arg-type]

    @property
    def kind(self) -> str:
        index = self.query_one("#kind-choice", RadioSet).pressed_index
        return KINDS[index] if 0 <= index < len(KINDS) else self.current

    def submit(self) -> None:
        occ, session, whole, kind = self.occurrence, self.session, self.whole_series, self.kind
        remember = self.query_one("#kind-remember", Checkbox).value
        self.start_job("kind", lambda: backend.set_kind(session, occ, whole, kind, remember))


# ---------------------------------------------------------------------------------- attendees
def person_prompt(person: Person) -> Content:
    mark = Content.styled("★ ", "$text-warning") if person.is_leader else Content("  ")
    extra = ", ".join(x for x in (person.title, person.department) if x)
    leader = _("leader · ") if person.is_leader else ""
    return Content.assemble(
        mark, (person.name or person.email, "bold"), f" <{person.email}>",
        (f"  {leader}{extra}" if extra or person.is_leader else "", "dim"))


class AddAttendeeDialog(EventDialog):
    """Pick a person from the roster (type to filter) or type an email address. A leader is
    checked against the blocking rules first and refused with their reason."""

    TITLE_TEXT = _("Add an attendee")
    OK_LABEL = _("Add")
    dialog_id = "add-attendee-dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_list", _("Roster"), show=False, id="attendee.list"),
    ]

    def __init__(self, session: Session, occ: Occurrence) -> None:
        super().__init__(session, occ)
        self.people: list[Person] = []

    def body(self) -> ComposeResult:
        yield from self.event_widgets()
        yield Label(_("Name or email (type to filter the roster, or a new email address)"))
        yield Input(placeholder=_("e.g. 王建国 or wang.jianguo@tianshui.gov.cn"),
                    id="attendee-query")
        yield OptionList(id="attendee-roster", markup=False)
        yield from self.scope_widgets()

    def on_mount(self) -> None:
        session = self.session
        self.start_job("people", lambda: backend.people(session))
        self.query_one("#attendee-query", Input).focus()

    def finished(self, job: str, result: object) -> None:
        if job == "people":
            present = {a.email for a in self.occurrence.attendees if a.email}
            self.people = [p for p in result if p.email not in present]  # type: ignore[union-attr]
            self._filter(self.query_one("#attendee-query", Input).value)
            return
        self.dismiss(result)  # type: ignore[arg-type]

    def _matches(self, query: str) -> list[Person]:
        words = query.casefold().split()
        return [p for p in self.people
                if all(w in f"{p.name} {p.email} {p.title} {p.department}".casefold()
                       for w in words)]

    def _filter(self, query: str) -> None:
        options = self.query_one("#attendee-roster", OptionList)
        options.clear_options()
        options.add_options(Option(person_prompt(p), id=p.email) for p in self._matches(query))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#attendee-query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._filter(event.value)

    def action_focus_list(self) -> None:
        self.query_one("#attendee-roster", OptionList).focus()

    @on(Input.Submitted, "#attendee-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(OptionList.OptionSelected, "#attendee-roster")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._add(event.option.id or "", "")

    def submit(self) -> None:
        query = self.query_one("#attendee-query", Input).value.strip()
        if "@" in query:
            name, _, email = query.rpartition("<")
            if email:  # "Name <email>"
                self._add(email.rstrip(">").strip(), name.strip())
            else:
                self._add(query, "")
            return
        options = self.query_one("#attendee-roster", OptionList)
        option = options.highlighted_option
        if option is not None:
            self._add(option.id or "", "")
        elif query:
            self.show_error(_("Nobody on the roster matches {query!r}; type an email address "
                              "to add someone else.").format(query=query))
        else:
            self.show_error(_("Pick a person from the roster or type an email address."))

    def _add(self, email: str, name: str) -> None:
        occ, session, whole = self.occurrence, self.session, self.whole_series
        self.start_job("add", lambda: backend.add_attendee(session, occ, whole, email, name))


class RemoveAttendeeDialog(EventDialog):
    """Remove one of the event's attendees."""

    TITLE_TEXT = _("Remove an attendee")
    OK_LABEL = _("Remove")
    dialog_id = "remove-attendee-dialog"

    def body(self) -> ComposeResult:
        yield from self.event_widgets()
        yield OptionList(
            *(Option(lit(attendee_text(a)), id=str(i))
              for i, a in enumerate(self.occurrence.attendees)),
            id="attendee-list", markup=False)
        yield from self.scope_widgets()

    def on_mount(self) -> None:
        options = self.query_one("#attendee-list", OptionList)
        if not self.occurrence.attendees:
            self.show_error(_("This event has no attendees."))
        else:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#attendee-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_submit()

    def submit(self) -> None:
        option = self.query_one("#attendee-list", OptionList).highlighted_option
        if option is None:
            self.show_error(_("Choose the attendee to remove."))
            return
        attendee: Attendee = self.occurrence.attendees[int(option.id or 0)]
        occ, session, whole = self.occurrence, self.session, self.whole_series
        self.start_job("remove", lambda: backend.remove_attendee(session, occ, whole, attendee))


# ---------------------------------------------------------------------------------- roster
class PersonDialog(Dialog[str | None]):
    """A new roster entry (an existing email is updated, as ``leanmeet people add``)."""

    TITLE_TEXT = _("Add a person to the roster")
    OK_LABEL = _("Add")
    dialog_id = "person-dialog"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def body(self) -> ComposeResult:
        yield Label(_("Name"))
        yield Input(id="person-name")
        yield Label(_("Email"))
        yield Input(placeholder=_("name@example.gov.cn"), id="person-email")
        yield Label(_("Title"))
        yield Input(id="person-title")
        yield Label(_("Department"))
        yield Input(id="person-department")
        with Horizontal(classes="switch-row"):
            yield Switch(id="person-leader")
            yield Label(_("Leader (the meeting rules apply to leaders)"))

    def on_mount(self) -> None:
        self.query_one("#person-name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def submit(self) -> None:
        values = {key: self.query_one(f"#person-{key}", Input).value
                  for key in ("name", "email", "title", "department")}
        leader = self.query_one("#person-leader", Switch).value
        session = self.session
        self.start_job("add", lambda: backend.add_person(
            session, values["name"], values["email"], leader, values["title"],
            values["department"]))


__all__ = [
    "AddAttendeeDialog",
    "ArrangeDialog",
    "ExemptDialog",
    "JobDone",
    "KindDialog",
    "PersonDialog",
    "RemoveAttendeeDialog",
]
