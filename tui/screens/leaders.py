"""The leaders' week (领导一周活动安排, key ``L``): a row per roster leader, a column per day,
each cell the leader's morning and afternoon events (time, title, place; blocked ones marked
in the error colour). ``n``/``p`` move a week, ``t`` goes to this week.

The table is built in a worker (``application.planning.leaders_week``: the plan as
``export`` builds it); event text reaches the DataTable only as ``rich.text.Text``, never as
markup.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static
from leanmeet.tui.views.table import Table

from leanmeet.application import planning
from leanmeet.application.session import Session
from leanmeet.planner.leaders_week import Item, WeekTable
from leanmeet.i18n.sentences import say_joined
from leanmeet.tui.i18n import _, format_day, say
from leanmeet.tui.screens.backend import first_shown, session_of
from leanmeet.tui.screens.common import FullScreen, JobDone, JobsMixin, one_line, theme_style
from leanmeet.tui.views.footer import FittingFooter

DAY_CELLS = 15  # 7 days of 15 cells and the name column fit 120 columns


def _line(item: Item, width: int) -> str:
    when = item.time.split("–")[0] if "–" in item.time and ":" in item.time else item.time
    text = f"{when} {one_line(item.title)}"
    if item.place:
        text += f" @{one_line(item.place)}"
    return text


class LeadersWeekScreen(JobsMixin, FullScreen[None]):
    """The leaders' activities of one week."""

    SUB_TITLE = _("leaders' week")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,pagedown", "shift(1)", _("Next week"), id="leaders.next"),
        Binding("p,pageup", "shift(-1)", _("Previous week"), id="leaders.previous"),
        Binding("t", "this_week", _("This week"), id="leaders.today"),
    ]

    def __init__(self, session: Session | None = None, monday: date | None = None) -> None:
        super().__init__()
        self.session = session
        self.monday = monday
        self.table: WeekTable | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="leaders-title", classes="screen-title")
        yield Table(id="leaders-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="leaders-pane", classes="pane"):
            yield Static("", id="leaders-detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        if self.session is None:
            self.session = session_of(self.app)
        if self.monday is None:
            start = first_shown(self.app)
            self.monday = start - timedelta(days=start.weekday())
        self.query_one(DataTable).focus()
        self.load()

    def load(self) -> None:
        session, monday = self.session, self.monday
        assert session is not None and monday is not None
        self.query_one("#leaders-title", Static).update(
            Content(_("Leaders' week from {day} · loading…").format(day=format_day(monday))))
        lang = planning.language()
        self.start_job("load", lambda: planning.leaders_week(session, monday, lang))

    def action_shift(self, weeks: int) -> None:
        assert self.monday is not None
        self.monday += timedelta(weeks=weeks)
        self.load()

    def action_this_week(self) -> None:
        assert self.session is not None
        today = self.session.today
        self.monday = today - timedelta(days=today.weekday())
        self.load()

    @on(JobDone)
    def _done(self, message: JobDone) -> None:
        message.stop()
        title = self.query_one("#leaders-title", Static)
        if message.error is not None:
            title.update(Content.styled(say(message.error), "$text-error"))
            return
        self.table = message.result  # type: ignore[assignment]
        self._fill()

    def _fill(self) -> None:
        t = self.table
        assert t is not None
        h = t.headings
        self.query_one("#leaders-title", Static).update(Content(f"{h['title']} · {t.title}"))
        dt = self.query_one(DataTable)
        dt.clear(columns=True)
        dt.add_column(h["leader"], key="leader", width=10)
        for d in t.days:
            note = d.holiday or (h["working_weekend"] if d.working_weekend else "")
            label = d.label + (f" {note}" if note else "")
            dt.add_column(Text(label[:DAY_CELLS], no_wrap=True), key=d.day.isoformat(),
                          width=DAY_CELLS)
        blocked = theme_style(self, "text-error")
        muted = theme_style(self, "text-muted")
        for row in t.rows:
            cells: list[Text] = [Text(row.name, no_wrap=True)]
            height = 1
            for day in row.cells:
                text = Text(no_wrap=True, overflow="ellipsis")
                lines = 0
                for half, items in zip((h["morning"], h["afternoon"]), day):
                    if not items:
                        continue
                    for k, item in enumerate(items):
                        if lines:
                            text.append("\n")
                        prefix = f"{half} " if k == 0 else " " * (len(half) + 1)
                        text.append(prefix, style=muted)
                        text.append(_line(item, DAY_CELLS),
                                    style=blocked if item.blocked else "")
                        lines += 1
                height = max(height, lines)
                cells.append(text)
            dt.add_row(*cells, height=height, key=row.person.email or row.name)
        if not t.rows:
            dt.add_row(Text(h["no_leaders"], no_wrap=True), *[""] * 7)
            self.query_one("#leaders-detail", Static).update("")
        else:
            self._detail(t.rows[0])

    @on(DataTable.RowHighlighted, "#leaders-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.table is None or event.row_key is None:
            return
        row = next((r for r in self.table.rows
                    if (r.person.email or r.name) == event.row_key.value), None)
        if row is not None:
            self._detail(row)

    def _detail(self, row) -> None:
        """The highlighted leader's week in full: every event once, with time, title,
        place, and why a blocked one is blocked."""
        t = self.table
        assert t is not None
        h = t.headings
        lines: list[Content] = [Content.assemble((row.name, "bold"),
                                                 f"  {row.person.title}" if row.person.title
                                                 else "")]
        for day, halves in zip(t.days, row.cells):
            seen: set[str] = set()
            for half, items in zip((h["morning"], h["afternoon"]), halves):
                for item in items:
                    if item.uid in seen:
                        continue
                    seen.add(item.uid)
                    parts: list = [f"  {day.label} {half}  ", (item.time, "bold"), "  ",
                                   Content(one_line(item.title))]
                    if item.place:
                        parts += [("  @ ", "$text-muted"), Content(one_line(item.place))]
                    if item.blocked:
                        parts += [(f"  [{h['blocked']}] ", "$text-error"),
                                  (one_line(say_joined(item.reason)), "$text-error")]
                    lines.append(Content.assemble(*parts))
        if len(lines) == 1:
            lines.append(Content.styled("  —", "$text-muted"))
        self.query_one("#leaders-detail", Static).update(Content("\n").join(lines))
