"""The merge suggestions screen (``leanmeet suggest`` over four weeks): score and reasons, a
preview of the merged meeting, accept, dismiss; the merges accepted or dismissed in the window
stay listed so that they can be undone (``u``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from leanmeet.application.session import Session
from leanmeet.tui.i18n import _, format_day, ngettext, say
from leanmeet.tui.views.footer import FittingFooter
from leanmeet.planner.model import Occurrence
from leanmeet.tui.screens import backend
from leanmeet.tui.screens.common import (
    FourWeekWindow,
    FullScreen,
    JobDone,
    JobsMixin,
    cell,
    lines,
    lit,
    one_line,
    period_text,
    person_text,
    short_when,
    short_when_cells,
    theme_style,
)
from leanmeet.tui.screens.detail import EventDetailScreen
from leanmeet.tui.screens.findings import ScreenTable
from leanmeet.tui.views.columns import column_widths

STATUS_VARIABLE = {"open": "text-accent", "accepted": "text-success", "dismissed": "text-muted"}
STATUS_LABEL = {"open": _("open"), "accepted": _("merged"), "dismissed": _("dismissed")}



def pad(label: str, width: int) -> str:
    """``label`` padded to ``width`` terminal cells (a Chinese character takes two)."""
    return label + " " * max(1, width - cell_len(label))

@dataclass(frozen=True)
class Row:
    id: str
    status: str  # open | accepted | dismissed
    suggestion: object | None = None  # planner.merge.Suggestion (open)
    past: backend.PastMerge | None = None  # accepted / dismissed

    @property
    def members(self) -> tuple[Occurrence | None, ...]:
        if self.suggestion is not None:
            return tuple(self.suggestion.members)  # type: ignore[attr-defined]
        assert self.past is not None
        return self.past.members


def _duration(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    if h and m:
        return _("{hours} h {minutes:02d} min").format(hours=h, minutes=m)
    return _("{hours} h").format(hours=h) if h else _("{minutes} min").format(minutes=m)


def load_rows(session: Session, first: date, last: date) -> list[Row]:
    """Open suggestions first (by start), then accepted and dismissed ones (newest first)."""
    rows = [Row(s.id, "open", suggestion=s) for s in backend.suggestions_in(session, first, last)]
    rows += [Row(p.id, p.status, past=p) for p in backend.merge_decisions_in(session, first, last)]
    return rows


class SuggestionsScreen(FourWeekWindow, JobsMixin, FullScreen[None]):
    """Meetings that could be held as one, with the merged meeting proposed."""

    SUB_TITLE = _("merge suggestions")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", _("Accept"), id="suggestions.accept"),
        Binding("d", "dismiss_suggestion", _("Dismiss"), id="suggestions.dismiss"),
        Binding("u", "undo", _("Undo"), id="suggestions.undo"),
        Binding("o,enter", "open", _("Open meeting"), id="suggestions.open"),
        *FourWeekWindow.window_bindings("suggestions"),
    ]

    def __init__(self, session: Session | None = None, first: date | None = None) -> None:
        super().__init__(session, first)
        self.rows: dict[str, Row] = {}
        self.busy = False
        self.when_cells = short_when_cells()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="suggestions-title", classes="screen-title")
        table = ScreenTable(id="suggestions-table", cursor_type="row", zebra_stripes=True)
        # fixed widths: the layout never depends on which rows arrived first
        for label, key, width in ((_("Status"), "status", 9), (_("Score"), "score", 5),
                                  (_("When"), "when", self.when_cells),
                                  (_("Meetings"), "meetings", None)):
            table.add_column(label, key=key, width=width)
        yield table
        with VerticalScroll(id="suggestions-pane", classes="pane"):
            yield Static("", id="suggestions-preview")
        yield FittingFooter()

    # ---------------------------------------------------------------- loading
    def load(self) -> None:
        session, first, last = self.session, self.first, self.last
        assert session is not None and first is not None
        self.loaded = False
        self.busy = True
        self._title()
        self.start_job("load", lambda: load_rows(session, first, last))

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        message.stop()
        self.busy = False
        if message.job == "load":
            self.loaded = True
            if message.error is not None:
                self.rows = {}
                self._show()
                self.query_one("#suggestions-preview", Static).update(
                    Content.styled(message.error, "$text-error"))
                return
            self._fill(message.result)  # type: ignore[arg-type]
            return
        if message.error is not None:
            self.notify(message.error, severity="error", markup=False)
            return
        self.changed(str(message.result))

    def _fill(self, rows: list[Row]) -> None:
        self.rows = {row.id: row for row in rows}
        self._show()

    def _title(self) -> None:
        assert self.first is not None
        text = _("Merge suggestions") + f" · {period_text(self.first, self.last)}"
        if not self.loaded:
            text += _(" · looking…")
        else:
            count = {s: sum(1 for r in self.rows.values() if r.status == s)
                     for s in ("open", "accepted", "dismissed")}
            text += " · " + _("{open} open, {accepted} accepted, {dismissed} dismissed").format(
                **count)
        self.query_one("#suggestions-title", Static).update(Content(text))

    def _show(self) -> None:
        with self.app.batch_update():
            self.query_one(ScreenTable).refill(
                (key, self._cells(row)) for key, row in self.rows.items())
            self._title()
        self._preview()

    def _cells(self, row: Row) -> list:
        status = cell(STATUS_LABEL[row.status], style=theme_style(
            self, STATUS_VARIABLE[row.status], "bold" if row.status == "open" else ""))
        score = cell(f"{row.suggestion.score:.2f}" if row.suggestion is not None else "—")  # type: ignore[attr-defined]
        members = [m for m in row.members if m is not None]
        when = cell(short_when(members[0]) if members else "—")
        titles = " + ".join(one_line(m.summary) or "(no title)" for m in members)
        # the meetings take what the status, score and when columns leave (widths as set in
        # compose); the preview shows every title
        meetings, = column_widths(self.size.width or self.app.size.width, fixed=(9, 5, self.when_cells),
                                  minimums=(30,))
        return [status, score, when, cell(titles, meetings)]

    @property
    def highlighted(self) -> Row | None:
        return self.rows.get(self.query_one(ScreenTable).highlighted_key() or "")

    def _preview(self) -> None:
        preview = self.query_one("#suggestions-preview", Static)
        row = self.highlighted
        if row is None:
            if not self.loaded:
                preview.update(Content.styled(_("looking for meetings to merge…"), "$text-muted"))
            else:
                preview.update(Content(
                    _("No merge suggestions in these four weeks. Press n or p for other weeks.")))
            return
        preview.update(lines(self._open_lines(row) if row.suggestion is not None
                             else self._past_lines(row)))

    def _member_lines(self, members) -> list[Content]:
        out = [Content.styled(_("Meetings"), "bold")]
        for m in members:
            if m is None:
                out.append(Content.styled(_("  (a meeting outside these four weeks)"),
                                          "$text-muted"))
                continue
            out.append(Content.assemble(f"  {short_when(m)}  ", lit(one_line(m.summary)),
                                        (f"  · {m.feed}" if m.feed else "", "$text-muted")))
        return out

    def _open_lines(self, row: Row) -> list[Content]:
        s = row.suggestion
        r, p = s.reasons, s.proposal  # type: ignore[attr-defined]
        count = len(s.members)  # type: ignore[attr-defined]
        out = [Content.assemble(
            (s.id, "bold"), " · ", _("score"), " ", (f"{s.score:.2f}", "bold"), " · ",  # type: ignore[attr-defined]
            ngettext("{n} meeting", "{n} meetings", count).format(n=count), "  ",
            (_("(a: accept · d: dismiss)"), "dim")),
            Content.styled(_("Why"), "bold")]
        for label, value, text in ((_("time"), r.time, r.time_text),
                                   (_("attendees"), r.attendees, r.attendees_text),
                                   (_("content"), r.content, r.content_text)):
            if value is None:
                out.append(Content.assemble((f"  {pad(label, 10)} —     ", "$text-muted"),
                                            (say(text), "$text-muted")))
            else:
                out.append(Content.assemble(f"  {pad(label, 10)} ", (f"{value:.2f}", "bold"),
                                            "  ", lit(say(text))))
        out += self._member_lines(s.members)  # type: ignore[attr-defined]
        out.append(Content.styled(_("Merged meeting (preview)"), "bold"))
        people = [person_text(a) for a in p.attendees]
        fields = [
            (_("When"), _("{day}, {time}").format(
                day=format_day(p.start), time=f"{p.start:%H:%M}–{p.end:%H:%M}")
             + f" ({_duration(p.minutes)})"),
            (_("Title"), p.summary),
            (_("Location"), p.location or "—"),
            (_("Organizer"), person_text(p.organizer) if p.organizer else "—"),
            (_("Keynote"), p.keynote or "—"),
            (_("Attendees ({count})").format(count=len(people)), ", ".join(people) or "—"),
        ]
        for label, value in fields:
            out.append(Content.assemble(f"  {pad(label, 15)}", lit(value)))
        if getattr(p, "reason", ""):  # the slot and why (issue 15)
            style = "$text-success" if p.free else "$text-warning"
            slot = _("Slot")
            out.append(Content.assemble(f"  {pad(slot, 15)}", (say(p.reason), style)))
            for c in p.conflicts:
                out.append(Content.assemble(f"  {'':<15}", (_("busy: "), "$text-warning"),
                                            lit(say(c.text()))))
        out += [Content("  ") + lit(line) for line in p.description.splitlines()]
        return out

    def _past_lines(self, row: Row) -> list[Content]:
        past = row.past
        assert past is not None
        if row.status == "accepted":
            head = Content.assemble(
                (past.id, "bold"), " · ",
                lit(_("merged on {at} into “{title}”").format(at=past.at[:10] or "—",
                                                             title=past.text)),
                "  ", (_("(u: undo the merge)"), "dim"))
        else:
            head = Content.assemble(
                (past.id, "bold"), " · ",
                _("dismissed on {at}").format(at=past.at[:10] or "—"),
                "  ", (_("(u: suggest these meetings again)"), "dim"))
        return [head, *self._member_lines(past.members)]

    @on(DataTable.RowHighlighted, "#suggestions-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._preview()

    @on(DataTable.RowSelected, "#suggestions-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # ---------------------------------------------------------------- actions
    def _row(self, status: str | None, verb: str) -> Row | None:
        if self.busy:
            self.notify(_("Busy — wait a moment."), severity="warning")
            return None
        row = self.highlighted
        if row is None:
            return None
        if status is not None and row.status != status:
            self.notify(_("Only an open suggestion can be {verb}; this one is {status}.").format(
                verb=verb, status=STATUS_LABEL.get(row.status, row.status)), severity="warning")
            return None
        return row

    def _run(self, job: str, call) -> None:
        self.busy = True
        self.start_job(job, call)

    def action_accept(self) -> None:
        row = self._row("open", _("accepted"))
        if row is not None:
            session, s = self.session, row.suggestion
            self._run("accept", lambda: backend.accept(session, s))  # type: ignore[arg-type]

    def action_dismiss_suggestion(self) -> None:
        row = self._row("open", _("dismissed"))
        if row is not None:
            session, s = self.session, row.suggestion
            self._run("dismiss", lambda: backend.dismiss(session, s))  # type: ignore[arg-type]

    def action_undo(self) -> None:
        row = self._row(None, _("undone"))
        if row is None:
            return
        if row.status == "open":
            self.notify(_("Nothing to undo: this suggestion is still open (a: accept, "
                        "d: dismiss)."), severity="warning")
            return
        session, status = self.session, row.status
        self._run("undo", lambda: backend.undo(session, row.id, status))  # type: ignore[arg-type]

    def action_open(self) -> None:
        """The first meeting of an open or dismissed suggestion; the merged meeting of an
        accepted one is in the calendar."""

        row = self.highlighted
        if row is None:
            return
        member = next((m for m in row.members if m is not None), None)
        if member is not None:
            self.app.push_screen(EventDetailScreen(member, self.session), self.load_if)


__all__ = ["SuggestionsScreen"]
