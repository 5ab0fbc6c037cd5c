"""The findings screen: what breaks the rules over four weeks (``leanmeet check``), filtered by
severity and rule; jump to the event, open it, arrange, exempt, change its kind."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Label, Select, Static
from leanmeet.tui.views.table import Table

from leanmeet.application.session import Session
from leanmeet.tui.i18n import _, ngettext, say
from leanmeet.tui.views.footer import FittingFooter
from leanmeet.planner.findings import Finding
from leanmeet.planner.model import Occurrence
from leanmeet.planner.rules import RULES_BY_ID
from leanmeet.tui.screens import backend
from leanmeet.tui.views.columns import column_widths
from leanmeet.tui.views.common import SEVERITY_NAMES
from leanmeet.tui.screens.common import (
    SEVERITY_VARIABLE,
    FourWeekWindow,
    FullScreen,
    JobDone,
    JobsMixin,
    cell,
    lines,
    lit,
    period_text,
    short_when,
    theme_style,
)
from leanmeet.tui.screens.detail import EventDetailScreen, finding_lines
from leanmeet.tui.screens.dialogs import ArrangeDialog, ExemptDialog, KindDialog

ALL = "all"



class ScreenTable(Table, inherit_bindings=False):
    """A row-cursor table with arrow and vim keys and no enter of its own (the screen's
    enter acts on the highlighted row)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", _("Up"), show=False, id="table.up"),
        Binding("down,j", "cursor_down", _("Down"), show=False, id="table.down"),
        Binding("home,g", "scroll_top", _("First"), show=False, id="table.first"),
        Binding("end,G", "scroll_bottom", _("Last"), show=False, id="table.last"),
        Binding("pageup", "page_up", _("Page up"), show=False, id="table.page_up"),
        Binding("pagedown", "page_down", _("Page down"), show=False, id="table.page_down"),
        Binding("left,h", "scroll_left", _("Scroll left"), show=False, id="table.left"),
        Binding("right,l", "scroll_right", _("Scroll right"), show=False, id="table.right"),
    ]

    def highlighted_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def refill(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Replace the rows with ``rows`` (key, cells), the cursor staying on the row it was
        on (by key; a row gone: the same position). Call inside ``app.batch_update()``."""
        before, row_before = self.highlighted_key(), self.cursor_row
        self.clear()
        keys = []
        for key, cells in rows:
            self.add_row(*cells, key=key)
            keys.append(key)
        if keys:
            target = keys.index(before) if before in keys else min(row_before, len(keys) - 1)
            self.move_cursor(row=max(0, target), animate=False)


class FindingsScreen(FourWeekWindow, JobsMixin, FullScreen[None]):
    """Findings of a four-week window, worst first."""

    SUB_TITLE = _("findings")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "goto", _("Go to event"), id="findings.goto"),
        Binding("o", "open", _("Open"), id="findings.open"),
        Binding("a", "arrange", _("Arrange"), id="findings.arrange"),
        Binding("x", "exempt", _("Exempt"), id="findings.exempt"),
        Binding("c", "kind", _("Change kind"), id="findings.kind"),
        *FourWeekWindow.window_bindings("findings"),
    ]

    def __init__(self, session: Session | None = None, first: date | None = None) -> None:
        super().__init__(session, first)
        self.findings: list[Finding] = []
        self.shown: dict[str, Finding] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="findings-title", classes="screen-title")
        with Horizontal(classes="filters"):
            yield Label(_("Severity"))
            yield Select([(Content(_("every severity")), ALL),
                          (Content(_("errors")), "error"),
                          (Content(_("warnings")), "warning"),
                          (Content(_("information")), "info")],
                         value=ALL, allow_blank=False, id="findings-severity")
            yield Label(_("Rule"))
            yield Select([(Content(_("every rule")), ALL)], value=ALL, allow_blank=False,
                         id="findings-rule")
        table = ScreenTable(id="findings-table", cursor_type="row", zebra_stripes=True)
        # the rule id last: the message matters more, and the pane shows both in full
        for label, key in ((_("Severity"), "severity"), (_("When"), "when"), (_("Event"), "event"),
                           (_("Message"), "message"), (_("Rule"), "rule")):
            table.add_column(label, key=key)
        yield table
        with VerticalScroll(id="findings-pane", classes="pane"):
            yield Static("", id="findings-detail")
        yield FittingFooter()

    # ---------------------------------------------------------------- loading
    def load(self) -> None:
        session, first, last = self.session, self.first, self.last
        assert session is not None and first is not None
        self.loaded = False
        self._title()
        self.start_job("findings", lambda: backend.findings_in(session, first, last))

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        message.stop()
        if message.error is not None:
            self.loaded = True
            self.findings = []
            self._show()
            self.query_one("#findings-detail", Static).update(
                Content.styled(message.error, "$text-error"))
            return
        self.findings = list(message.result)  # type: ignore[arg-type]
        self.loaded = True
        rules = sorted({f.rule for f in self.findings})
        select = self.query_one("#findings-rule", Select)
        current = select.value
        with self.prevent(Select.Changed):
            select.set_options([(Content(_("every rule")), ALL),
                                *((Content(rule), rule) for rule in rules)])
            select.value = current if current in rules else ALL
        self._show()

    def _title(self) -> None:
        assert self.first is not None
        text = _("Findings") + f" · {period_text(self.first, self.last)}"
        if not self.loaded:
            text += _(" · checking…")
        else:
            counts = {s: sum(1 for f in self.findings if f.severity == s)
                      for s in ("error", "warning", "info")}
            text += " · " + _(", ").join((
                ngettext("{count} error", "{count} errors", counts["error"]).format(
                    count=counts["error"]),
                ngettext("{count} warning", "{count} warnings", counts["warning"]).format(
                    count=counts["warning"]),
                _("{count} information").format(count=counts["info"])))
            shown = len(self.shown)
            if shown != len(self.findings):
                text += " · " + _("{count} shown").format(count=shown)
        self.query_one("#findings-title", Static).update(Content(text))

    @property
    def limits(self) -> tuple[int, ...]:
        """The widest the event and message cells get (the pane under the table shows the
        highlighted finding in full): what the severity, when and rule columns leave."""
        return column_widths(self.size.width or self.app.size.width, fixed=(8, 28, 22),
                             minimums=(14, 20), shares=(55,))

    def _show(self) -> None:
        severity = self.query_one("#findings-severity", Select).value
        rule = self.query_one("#findings-rule", Select).value
        self.shown = {
            f"{index}|{f.key}": f for index, f in enumerate(self.findings)
            if (severity == ALL or f.severity == severity) and (rule == ALL or f.rule == rule)
        }
        with self.app.batch_update():
            self.query_one(ScreenTable).refill(
                (key, self._cells(f)) for key, f in self.shown.items())
            self._title()
        self._describe()

    def _cells(self, f: Finding) -> list:
        occ = f.occurrence
        severity = cell(SEVERITY_NAMES.get(f.severity, f.severity), style=theme_style(
            self, SEVERITY_VARIABLE.get(f.severity, "text-muted"), "bold"))
        if occ is None:
            when, event = cell("—"), cell(_("(per person)"), style="italic")
        else:
            when = cell(short_when(occ))
            event = cell(occ.summary or _("(no title)"), self.limits[0])
        return [severity, when, event, cell(say(f.message), self.limits[1]), cell(f.rule)]

    @property
    def highlighted(self) -> Finding | None:
        key = self.query_one(ScreenTable).highlighted_key()
        return self.shown.get(key or "")

    def _describe(self) -> None:
        detail = self.query_one("#findings-detail", Static)
        f = self.highlighted
        if f is None:
            if not self.loaded:
                detail.update(Content.styled(_("checking the rules…"), "$text-muted"))
            elif self.findings:
                detail.update(Content(_("No finding matches the filters.")))
            else:
                detail.update(Content.styled(
                    _("No findings: every event of these four weeks keeps the rules."),
                    "$text-success"))
            return
        parts = finding_lines(f, f.occurrence)
        if f.occurrence is not None:
            parts.insert(1, Content.assemble("    ", short_when(f.occurrence), "  ",
                                             lit(f.occurrence.summary or _("(no title)"))))
        if f.people:
            parts.append(Content.assemble(_("    people: "), lit(", ".join(f.people))))
        detail.update(lines(parts))

    @on(DataTable.RowHighlighted, "#findings-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._describe()

    @on(DataTable.RowSelected, "#findings-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_goto()

    @on(Select.Changed)
    def _filter(self, event: Select.Changed) -> None:
        event.stop()
        if self.loaded:
            self._show()

    # ---------------------------------------------------------------- actions
    def _target(self) -> tuple[Finding, Occurrence] | None:
        f = self.highlighted
        if f is None:
            return None
        if f.occurrence is None:
            self.notify(_("This finding is about people, not one event."), severity="warning")
            return None
        return f, f.occurrence

    def action_goto(self) -> None:
        target = self._target()
        if target is None:
            return
        occ = target[1]
        show = getattr(self.app, "show_occurrence", None)
        if show is None:  # no calendar to jump to: open the event instead
            self.action_open()
            return
        self.dismiss(None)
        show(occ)

    def action_open(self) -> None:
        target = self._target()
        if target is not None:
            self.app.push_screen(EventDetailScreen(target[1], self.session), self.load_if)

    def action_arrange(self) -> None:
        target = self._target()
        if target is not None and self.session is not None:
            self.app.push_screen(ArrangeDialog(self.session, target[1]), self.changed)

    def action_exempt(self) -> None:
        target = self._target()
        if target is None or self.session is None:
            return
        finding, occ = target
        rules = list(dict.fromkeys(
            f.rule for f in self.findings
            if f.rule in RULES_BY_ID and RULES_BY_ID[f.rule].exemptable
            and any(o.key == occ.key for o in f.occurrences)))
        if not rules:
            rule = RULES_BY_ID.get(finding.rule)
            clause = f" ({rule.clause})" if rule is not None else ""
            self.notify(_("{rule} findings cannot be exempted{clause}.").format(rule=finding.rule, clause=clause),
                        severity="warning", markup=False)
            return
        self.app.push_screen(ExemptDialog(self.session, occ, rules, finding.rule), self.changed)

    def action_kind(self) -> None:
        target = self._target()
        if target is not None and self.session is not None:
            self.app.push_screen(KindDialog(self.session, target[1]), self.changed)


__all__ = ["FindingsScreen", "ScreenTable"]
