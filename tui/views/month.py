"""The month view: six weeks of day cells. Each cell is ONE widget whose ``render()`` returns
``Content``: the day's number, its event count and badges, then as many of its events as fit
(time and title) and "+N more"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from leanmeet.tui.i18n import _, format_day
from leanmeet.tui.views.daymarks import NO_MARK, DayMark, day_mark
from leanmeet.planner.model import Occurrence
from leanmeet.tui.views.common import (
    NO_BADGE,
    Badge,
    CursorPolicy,
    DayOpened,
    Markers,
    Selected,
    ViewData,
    agenda_order,
    days_of,
    fit,
    is_timed,
)

WEEKDAYS = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))


class MonthDay(Widget):
    """One day of the month grid."""

    def __init__(self, index: int) -> None:
        super().__init__(id=f"month-day-{index}", classes="month-day")
        self.index = index
        self.day: date | None = None
        self.occurrences: list[Occurrence] = []
        self.badge: Badge = NO_BADGE
        self.outside = False
        self.mark: DayMark = NO_MARK

    def set_day(self, day: date, occurrences: list[Occurrence], badge: Badge, *,
                outside: bool, today: bool, weekend: bool, mark: DayMark = NO_MARK) -> None:
        self.day = day
        self.mark = mark
        self.set_class(mark.day_off, "-day-off")
        self.set_class(bool(mark) and not mark.day_off, "-workday")
        self.occurrences = occurrences
        self.badge = badge
        self.outside = outside
        self.set_class(outside, "-outside")
        self.set_class(today, "-today")
        self.set_class(weekend, "-weekend")
        self.refresh()

    def set_badge(self, badge: Badge) -> None:
        if badge != self.badge:
            self.badge = badge
            self.refresh()

    def render(self) -> Content:
        width, height = self.size
        if self.day is None or width < 2 or height < 1:
            return Content("")
        day = self.day
        number = f"{day.day}" if day.day != 1 else format_day(day, "day_month")
        mark = self.mark
        right: list[tuple[str, str]] = []
        count = len(self.occurrences)
        if count:
            right.append((str(count), "$text-muted"))
        right.extend(self.badge.counted())
        tail = Content(" ").join(Content.styled(t, s) for t, s in right)
        room = width - tail.cell_length - 1
        if room < cell_len(number):
            tail = Content.assemble(*self.badge.short())
            room = width - tail.cell_length - 1
        label = Content.styled(number, "bold")
        if mark:  # a public holiday or a working weekend: its name, else its short mark
            for text in (mark.text, mark.short):
                if cell_len(number) + 1 + cell_len(text) <= room:
                    label = Content.assemble(label, " ", (text, mark.style))
                    break
        head = Content.assemble(label.truncate(max(1, room), pad=True), " ", tail)
        lines = [head.truncate(width, pad=True)]
        rows = height - 1
        items = self.occurrences
        # the count is in the first line: with room for one or two events, titles beat "+N"
        keep = rows if rows < 3 else rows - 1
        shown = items if len(items) <= rows else items[: max(0, keep)]
        for occ in shown:
            lines.append(self._line(occ, day, width))
        if len(shown) < len(items) and len(lines) < height:
            more = len(items) - len(shown)
            lines.append(Content.styled(fit((_("+{count} more") if width >= 12 else "+{count}").format(count=more), width), "$text-muted"))
        return Content("\n").join(lines)

    @staticmethod
    def _line(occ: Occurrence, day: date, width: int) -> Content:
        style = "strike $text-muted" if occ.cancelled else ""
        if is_timed(occ) and occ.start.date() == day:
            time = f"{occ.start:%H:%M} "
        elif is_timed(occ):
            time = "  …   "  # continues from the day before
        else:
            time = ""
            style = style or "$text-secondary"
        room = width - len(time)
        if room < 6:  # narrow: the title only (the day view has the times)
            time, room = "", width
        if room < 3:
            return Content.styled(fit(occ.summary or _("(no title)"), width), style)
        return Content.assemble(
            (time, "$text-muted"),
            Content.styled(fit(occ.summary or _("(no title)"), room), style),
        )

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if self.day is None:
            return
        view = self.parent
        while view is not None and not isinstance(view, MonthView):
            view = view.parent
        if view is not None:
            view.clicked(self.day, event.chain)


class MonthView(Vertical, can_focus=True):
    """Six weeks of days; the selected day is highlighted. Posts ``Selected`` (a day) and
    ``DayOpened``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", _("Previous day"), show=False, id="month.left"),
        Binding("right,l", "move(1)", _("Next day"), show=False, id="month.right"),
        Binding("up,k", "move(-7)", _("Week before"), show=False, id="month.up"),
        Binding("down,j", "move(7)", _("Week after"), show=False, id="month.down"),
        Binding("enter", "open", _("Open the day"), show=False, id="month.open"),
    ]

    def __init__(self, *, id: str | None = None, first: bool = False) -> None:
        super().__init__(id=id)
        self.data: ViewData | None = None
        self.day: date | None = None
        # The day cells are more than half of the app's widgets: unless the month is the
        # view the app opens on (``first``), they are mounted once the first frame is on
        # the screen, so styling them does not delay a week's first frame.
        self._cells = [MonthDay(index) for index in range(42)]
        self._first = first
        self._mounted_cells = False

    def _grids(self) -> list[Grid]:
        self._mounted_cells = True
        return [Grid(*(Static(Content(name), classes="month-weekday") for name in WEEKDAYS),
                     id="month-weekdays"), Grid(*self._cells, id="month-grid")]

    def compose(self) -> ComposeResult:
        if self._first:
            yield from self._grids()

    def on_mount(self) -> None:
        if not self._mounted_cells:
            self.call_after_refresh(self._mount_cells)

    def _mount_cells(self) -> None:
        if not self._mounted_cells:
            self.mount(*self._grids())

    def focus_main(self) -> None:
        self.focus()

    @property
    def cells(self) -> list[MonthDay]:
        return self._cells

    def show(self, data: ViewData, day: date, key: str | None, cursor: CursorPolicy) -> None:
        self._mount_cells()
        self.data = data
        period = data.period
        first = period.grid_first
        per_day: dict[date, list[Occurrence]] = {
            first + timedelta(days=i): [] for i in range(42)}
        for occ in sorted(data.occurrences, key=agenda_order):
            for d in days_of(occ):
                if d in per_day:
                    per_day[d].append(occ)
        for items in per_day.values():
            items.sort(key=lambda o: (is_timed(o), o.start.timestamp() if is_timed(o) else 0))
        for index, cell in enumerate(self.cells):
            d = first + timedelta(days=index)
            cell.set_day(d, per_day[d], data.markers.day(d), outside=d not in period,
                         today=d == data.today, weekend=d.weekday() >= 5,
                         mark=day_mark(d, data.country))
        if cursor == "today" and data.today in period:
            day = data.today
        if day not in period:
            day = period.first
        self.select(day, None)

    def show_markers(self, markers: Markers) -> None:
        if self.data is None:
            return
        self.data.markers = markers
        for cell in self.cells:
            if cell.day is not None:
                cell.set_badge(markers.day(cell.day))

    def select(self, day: date, key: str | None = None) -> None:
        self.day = day
        for cell in self.cells:
            cell.set_class(cell.day == day, "-selected")

    @property
    def selected(self) -> Occurrence | None:
        return None

    def action_move(self, days: int) -> None:
        if self.day is None:
            return
        target = self.day + timedelta(days=days)
        if self.data is not None and target in self.data.period:
            self.select(target)
        else:
            self.day = target  # another month: the App shows it; keys count from here
        self.post_message(Selected(target, None))

    def action_open(self) -> None:
        if self.day is not None:
            self.post_message(DayOpened(self.day))

    def clicked(self, day: date, chain: int) -> None:
        again = day == self.day
        self.focus()
        if self.data is not None and day in self.data.period:
            self.select(day)
        self.post_message(Selected(day, None))
        if chain >= 2 or again:
            self.post_message(DayOpened(day))
