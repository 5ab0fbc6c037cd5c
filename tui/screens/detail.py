"""The event detail: every field, attendees with the leaders marked, the event's findings with
their clauses, its merge hints, the decisions recorded on it; and the actions: arrange,
exempt, change the kind, add or remove an attendee.

The fields of the occurrence passed in show at once; the findings, hints, kind and the fresh
copy of the event (attendee edits, decisions) come from a thread worker
(``backend.event_report``) and replace them when ready. After each decision the report is
read again and the app's views are refreshed (``app.reload()``). The screen dismisses with
True when something was changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from leanmeet.application.session import Session
from leanmeet.planner.decisions import contradictions
from leanmeet.tui.i18n import _, format_day, say
from leanmeet.tui.views.common import SEVERITY_NAMES
from leanmeet.tui.views.footer import FittingFooter
from leanmeet.planner.findings import Finding
from leanmeet.planner.model import Occurrence
from leanmeet.tui.screens import backend
from leanmeet.tui.screens.common import (
    CSS_PATH,
    SEVERITY_VARIABLE,
    JobDone,
    JobsMixin,
    attendee_text,
    lines,
    lit,
    one_line,
    person_text,
    short_when,
    when_text,
)
from leanmeet.tui.screens.dialogs import (
    AddAttendeeDialog,
    ArrangeDialog,
    ExemptDialog,
    KindDialog,
    RemoveAttendeeDialog,
)

FIELDS = (
    ("when", _("When")),
    ("location", _("Location")),
    ("kind", _("Kind")),
    ("arranged", _("Arranged")),
    ("exemptions", _("Exemptions")),
    ("status", _("Status")),
    ("organizer", _("Organizer")),
    ("attendees", _("Attendees")),
    ("categories", _("Categories")),
    ("feed", _("Feed")),
    ("series", _("Repeats")),
    ("decisions", _("Decisions")),
    ("uid", _("UID")),
)
DECISION_NAMES = {
    "arrangement": _("arranged"),
    "exemption": _("exempted"),
    "kind": _("kind set"),
    "attendee-add": _("attendee added"),
    "attendee-remove": _("attendee removed"),
}


def finding_lines(finding: Finding, about: Occurrence | None = None) -> list[Content]:
    """A finding for a scheduler: severity, rule and clause, the message, the other events."""
    variable = SEVERITY_VARIABLE.get(finding.severity, "text-muted")
    head = Content.assemble(
        (f"● {SEVERITY_NAMES.get(finding.severity, finding.severity)}", f"bold ${variable}"),
        "  ", (finding.rule, "bold"), ("  " + say(finding.clause), "$text-muted"),
        (_("  (blocks: leaders kept out)") if finding.blocks else "", f"${variable}"))
    out = [head, Content("    ") + lit(say(finding.message))]
    for other in finding.occurrences:
        if about is not None and other.key == about.key:
            continue
        out.append(Content.assemble(_("    with: "), short_when(other), "  ",
                                    lit(one_line(other.summary) or _("(no title)"))))
    return out


def hint_lines(suggestion, about: Occurrence) -> list[Content]:
    others = [m for m in suggestion.members if m.key != about.key]
    head = Content.assemble(
        (_("Could be merged with "), "bold"),
        Content(", ").join(
            Content.assemble("“", lit(one_line(m.summary)), "” (", short_when(m), ")")
            for m in others),
        ("  " + _("score {score:.2f}").format(score=suggestion.score), "$text-muted"))
    out = [head]
    r = suggestion.reasons
    for label, value, text in ((_("time"), r.time, r.time_text),
                               (_("attendees"), r.attendees, r.attendees_text),
                               (_("content"), r.content, r.content_text)):
        if value is not None:
            out.append(Content.assemble(f"    {label}: ", lit(text)))
    p = suggestion.proposal
    out.append(Content.assemble(
        "    " + _("proposed") + f": {format_day(p.start, 'medium')} {p.start:%H:%M}–"
        f"{p.end:%H:%M}  “", lit(p.summary), "”"))
    out.append(Content.styled("    " + _("{id}: accept or dismiss it in the suggestions screen "
                                        "(s)").format(id=suggestion.id), "$text-muted"))
    return out


class EventDetailScreen(JobsMixin, ModalScreen[bool]):
    """One occurrence in full, with its findings and merge hints, and the decisions on it."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", _("Close"), id="detail.close"),
        Binding("a", "arrange", _("Arrange"), id="detail.arrange"),
        Binding("x", "exempt", _("Exempt"), id="detail.exempt"),
        Binding("c", "kind", _("Change kind"), id="detail.kind"),
        Binding("plus", "add_attendee", _("Add attendee"), key_display="+",
                id="detail.add_attendee"),
        Binding("minus", "remove_attendee", _("Remove attendee"), key_display="-",
                id="detail.remove_attendee"),
        Binding("k", "scroll_up", _("Scroll up"), show=False, id="detail.up"),
        Binding("j", "scroll_down", _("Scroll down"), show=False, id="detail.down"),
    ]

    def __init__(self, occurrence: Occurrence, session: Session | None = None) -> None:
        super().__init__()
        self.occurrence = occurrence
        self.session = session
        self.report: backend.EventReport | None = None
        self.loaded = False  # the report shown is the latest asked for
        self.changed = False

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        with Vertical(id="event-detail"):
            yield Static("", id="detail-title")
            with VerticalScroll(id="detail-body"):
                for key, label in FIELDS:
                    with Horizontal(classes="field", id=f"field-{key}"):
                        yield Static(Content(label), classes="field-label",
                                     id=f"label-{key}")
                        yield Static("", id=f"detail-{key}", classes="field-value")
                yield Static(Content.styled(_("Findings"), "bold"), classes="section-label",
                             id="label-findings")
                yield Static("", id="detail-findings", classes="section")
                yield Static(Content.styled(_("Merge hints"), "bold"), classes="section-label",
                             id="label-hints")
                yield Static("", id="detail-hints", classes="section")
                yield Static(Content.styled(_("Description"), "bold"), classes="section-label")
                yield Static("", id="detail-description", classes="section")
        yield FittingFooter()

    def on_mount(self) -> None:
        if self.session is None:
            self.session = backend.session_of(self.app)
        self._fill(self.occurrence, None)
        self.query_one("#detail-body").focus()
        self.refresh_report()

    def refresh_report(self) -> None:
        session, occ = self.session, self.occurrence
        assert session is not None
        self.loaded = False
        self.start_job("report", lambda: backend.event_report(session, occ))

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        message.stop()
        self.loaded = True
        if message.error is not None:
            self.query_one("#detail-findings", Static).update(
                Content.styled(message.error, "$text-error"))
            return
        report = message.result
        assert isinstance(report, backend.EventReport)
        self.report = report
        if report.occurrence is not None:
            self.occurrence = report.occurrence
        self._fill(self.occurrence, report)
        self.refresh_bindings()

    # ---------------------------------------------------------------- showing
    def _set(self, key: str, value: Content | str) -> None:
        self.query_one(f"#detail-{key}", Static).update(
            lit(value) if isinstance(value, str) else value)

    def _fill(self, occ: Occurrence, report: backend.EventReport | None) -> None:
        title = Content.from_markup("[b]$title[/b]", title=occ.summary or _("(no title)"))
        if report is not None:
            title += Content.styled(f"  {report.kind}", "$text-accent")
        if occ.cancelled:
            title += Content.styled(_(" (cancelled)"), "$text-error")
        if report is not None and report.occurrence is None:
            title += Content.styled(_(" (no longer stored)"), "$text-error")
        if report is not None and report.superseded:
            title += Content.styled(_(" (merged away)"), "$text-warning")
        self.query_one("#detail-title", Static).update(title)
        tz = self.session.tz if self.session is not None else None
        self._set("when", when_text(occ, tz))
        self._set("location", occ.location or "—")
        self._set("status", occ.status.lower())
        self._set("organizer", self._organizer(occ, report))
        self.query_one("#label-attendees", Static).update(
            Content(_("Attendees ({count})").format(count=len(occ.attendees))))
        self._set("attendees", self._attendees(occ, report))
        self._set("categories", ", ".join(occ.categories) or "—")
        self._set("feed", occ.feed + (_("  (arranged by the office)") if occ.arranged_feed else ""))
        self._set("series", _("yes, one occurrence of a series") if occ.series else "no")
        self._set("uid", occ.uid)
        self._set("description", occ.description or _("(no description)"))
        waiting = Content.styled(_("checking…"), "$text-muted")
        if report is None:
            for key in ("kind", "arranged", "exemptions", "decisions"):
                self._set(key, waiting)
            self._set("findings", Content.styled(_("checking the rules…"), "$text-muted"))
            self._set("hints", Content.styled(_("looking for meetings to merge…"), "$text-muted"))
            return
        self._set("kind", report.kind_why or report.kind)
        if report.arranged:
            self._set("arranged", Content.assemble((_("yes"), "bold"), " — ", lit(report.arranged)))
        elif report.arrange_refusal:
            self._set("arranged", Content.assemble(
                _("no") + " ", (_("(a commercial event cannot be arranged)"), "$text-muted")))
        else:
            self._set("arranged", _("no"))
        self._set("exemptions", lines(
            Content.assemble((rule, "bold"), ": ", lit(reason))
            for rule, reason in report.exemptions) if report.exemptions else _("none"))
        self._set("decisions", self._decisions(report))
        self.query_one("#label-findings", Static).update(
            Content.styled(_("Findings ({count})").format(count=len(report.findings)), "bold"))
        if report.superseded:
            findings: Content | str = (
                _("Replaced by the merged meeting of {merge}; its rules are checked on the "
                  "merged meeting.").format(merge=report.merged_into or _("an accepted merge")))
        elif report.findings:
            findings = lines(line for f in report.findings for line in finding_lines(f, occ))
        else:
            findings = Content.styled(_("No findings: this event keeps the rules."),
                                      "$text-success")
        self._set("findings", findings)
        self.query_one("#label-hints", Static).update(
            Content.styled(_("Merge hints ({count})").format(count=len(report.suggestions)), "bold"))
        if report.merged_from:
            hints: Content | str = _("This is the merged meeting of {merge}; undo it in the "
                                     "suggestions screen (s, then u).").format(
                merge=report.merged_from[0])
        elif report.suggestions:
            hints = lines(line for s in report.suggestions for line in hint_lines(s, occ))
        else:
            hints = _("No merge suggestion for this event.")
        self._set("hints", hints)

    @staticmethod
    def _organizer(occ: Occurrence, report: backend.EventReport | None) -> Content | str:
        if occ.organizer is None:
            return "—"
        text = lit(person_text(occ.organizer))
        person = report.organizer_person if report is not None else None
        if person is not None and person.is_leader:
            text += Content.styled(_(" · ★ leader"), "$text-warning")
        return text

    @staticmethod
    def _attendees(occ: Occurrence, report: backend.EventReport | None) -> Content | str:
        if not occ.attendees:
            return "—"
        if report is None or report.occurrence is None:
            return "\n".join(attendee_text(a) for a in occ.attendees)
        out = []
        for line in report.attendees:
            text = lit(attendee_text(line.attendee))
            if line.leader:
                assert line.person is not None
                title = f" ({line.person.title})" if line.person.title else ""
                text += Content.styled(" · ★ " + _("leader") + title, "bold $text-warning")
            if line.blocked:
                text += Content.styled(_(" — kept out (blocked)"), "bold $text-error")
            out.append(text)
        return lines(out)

    @staticmethod
    def _decisions(report: backend.EventReport) -> Content | str:
        if not report.decisions:
            return _("none")
        out = []
        for d in sorted(report.decisions, key=lambda d: d.at):
            scope = f" ({d.occurrence})" if d.occurrence else ""
            text = d.text.replace("\t", " ").strip()
            rule = f" {d.rule}" if d.rule else ""
            by = _(" (by {who})").format(who=d.by) if d.by else ""
            out.append(Content.assemble(
                (DECISION_NAMES.get(d.type, d.type) + rule, "bold"), scope, ": ", lit(text),
                lit(by)))
        for c in contradictions(report.decisions):  # shared decisions that cannot both hold
            out.append(Content.assemble((_("Contradiction"), "bold $text-error"), ": ",
                                        lit(say(c.describe()))))
        return lines(out)

    # ---------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("arrange", "exempt", "kind", "add_attendee", "remove_attendee"):
            report = self.report
            return None if report is None or report.occurrence is None else True
        return True

    def _open(self, dialog) -> None:
        def done(result: str | None) -> None:
            if result:
                self.changed = True
                self.notify(result, markup=False)
                self.refresh_report()
                reload: Callable[[], object] | None = getattr(self.app, "reload", None)
                if reload is not None:
                    reload()

        self.app.push_screen(dialog, done)

    def action_arrange(self) -> None:
        report = self.report
        if report is None or self.session is None:
            return
        self._open(ArrangeDialog(self.session, self.occurrence, report.arrange_refusal,
                                 checked=True))

    def action_exempt(self) -> None:
        report = self.report
        if report is None or self.session is None:
            return
        if not report.exemptable:
            why = (_("it has no findings") if not report.findings else
                   _("its findings come from rules that cannot be exempted"))
            self.notify(_("Nothing to exempt: {why}.").format(why=why), severity="warning", markup=False)
            return
        self._open(ExemptDialog(self.session, self.occurrence, report.exemptable))

    def action_kind(self) -> None:
        if self.report is None or self.session is None:
            return
        self._open(KindDialog(self.session, self.occurrence, self.report.kind))

    def action_add_attendee(self) -> None:
        if self.report is None or self.session is None:
            return
        self._open(AddAttendeeDialog(self.session, self.occurrence))

    def action_remove_attendee(self) -> None:
        if self.report is None or self.session is None:
            return
        if not self.occurrence.attendees:
            self.notify(_("This event has no attendees."), severity="warning")
            return
        self._open(RemoveAttendeeDialog(self.session, self.occurrence))

    def action_scroll_up(self) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_up()

    def action_scroll_down(self) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_down()

    def action_close(self) -> None:
        self.dismiss(self.changed)


__all__ = ["EventDetailScreen", "finding_lines", "hint_lines"]
