"""The agenda: the occurrences of a week in a DataTable, one row each, keyed by occurrence."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static
from leanmeet.tui.views.table import Table

from leanmeet.tui.i18n import _, format_day
from leanmeet.planner.model import Occurrence
from leanmeet.tui.views.columns import column_widths
from leanmeet.tui.views.common import (
    CursorPolicy,
    EventOpened,
    Markers,
    Selected,
    ViewData,
    agenda_order,
    cell,
    occurrence_key,
    start_day,
    time_text,
)


def column_limits(width: int) -> tuple[int, ...]:
    """The widest the title, location and feed cells get in a table ``width`` cells wide (the
    detail dialog shows the full text): the room the date, time and checks columns leave,
    shared 55/28/17 (at least 16, 8, 6)."""
    return column_widths(width, fixed=(12, 13, 8), minimums=(16, 8, 6), shares=(55, 28))


class AgendaTable(Table, inherit_bindings=False):
    """The agenda's table, with its own bindings only: DataTable's PageUp/PageDown (scroll)
    would shadow the App's period keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", _("Up"), show=False, id="agenda.up"),
        Binding("down,j", "cursor_down", _("Down"), show=False, id="agenda.down"),
        Binding("left,h", "cursor_left", _("Scroll left"), show=False, id="agenda.left"),
        Binding("right,l", "cursor_right", _("Scroll right"), show=False, id="agenda.right"),
        Binding("home,g", "scroll_top", _("First event"), show=False, id="agenda.first"),
        Binding("end,G", "scroll_bottom", _("Last event"), show=False, id="agenda.last"),
        Binding("enter", "select_cursor", _("Open"), show=False, id="agenda.open"),
    ]


class AgendaView(Vertical):
    """The occurrences of a period, one row each, sorted by start. Attributes down (``show``),
    messages up (``EventOpened``, ``Selected``)."""

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = (
        (_("Date"), "date"),
        (_("Time"), "time"),
        (_("Checks"), "checks"),  # before the long texts: it never falls off the edge
        (_("Title"), "title"),
        (_("Location"), "location"),
        (_("Feed"), "feed"),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.occurrences: dict[str, Occurrence] = {}
        # the row the cursor was put on by show()/select(): its highlight is not the user's
        self._placed: str | None = None

    def compose(self) -> ComposeResult:
        table = AgendaTable(id="agenda-table", cursor_type="row", zebra_stripes=True)
        for label, key in self.COLUMNS:
            table.add_column(label, key=key)
        yield table
        yield Static("", id="agenda-none")

    @property
    def table(self) -> AgendaTable:
        return self.query_one(AgendaTable)

    @property
    def highlighted(self) -> Occurrence | None:
        """The occurrence under the cursor (None when the period has none)."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.occurrences.get(key or "")

    def focus_main(self) -> None:
        self.table.focus()

    def show(self, data: ViewData, day: date, key: str | None, cursor: CursorPolicy) -> None:
        """Replace the rows (call inside ``app.batch_update()``) and place the cursor: on
        today's first event ("today"), the first row ("top"), or the event ``key`` / the first
        event on or after ``day`` ("keep")."""
        table = self.table
        table.clear()
        self.occurrences = {}
        last_day: date | None = None
        target: int | None = None
        occurrences = sorted(data.occurrences, key=agenda_order)
        limits = column_limits(self.size.width or self.app.size.width)
        colours = self._colours()
        for index, occ in enumerate(occurrences):
            row_key = occurrence_key(occ)
            if row_key in self.occurrences:  # the data layer keeps differing duplicates
                row_key = f"{row_key}#{index}"
            self.occurrences[row_key] = occ
            first = start_day(occ)
            cells = self._cells(occ, first, first != last_day, first == data.today, limits)
            cells.insert(2, self._checks(data.markers, occ, colours))
            table.add_row(*cells, key=row_key)
            if target is None:
                if cursor == "today" and first >= data.today:
                    target = index
                elif cursor == "keep" and (row_key == key or (key is None and first >= day)):
                    target = index
            last_day = first
        if target is None and cursor == "keep" and key is not None:
            target = next((i for i, o in enumerate(occurrences) if start_day(o) >= day), None)
        none = self.query_one("#agenda-none", Static)
        none.display = not occurrences
        period = data.period
        none.update(
            Content(
                _("No events from {first} to {last}. Press n or p for other weeks.").format(
                    first=format_day(period.first, "medium"), last=format_day(period.last))
            )
        )
        if occurrences:
            if target is None:  # "today" after the last event: the last one
                target = len(occurrences) - 1 if cursor in ("today", "keep") else 0
            self._placed = list(self.occurrences)[target]
            table.move_cursor(row=target, animate=False)

    def show_markers(self, markers: Markers) -> None:
        """Fill the Checks column once the period is analysed (cells updated in place)."""
        table = self.table
        colours = self._colours()
        for row_key, occ in self.occurrences.items():
            table.update_cell(row_key, "checks", self._checks(markers, occ, colours))

    def _colours(self) -> dict[str, str]:
        """The theme's colours for the badges (rich Text cells take no theme variables)."""
        variables = self.app.theme_variables
        return {name: f"bold {variables.get(name, 'default')}"
                for name in ("error", "warning", "accent")}

    @staticmethod
    def _checks(markers: Markers, occ: Occurrence, colours: dict[str, str]) -> Text:
        badge = markers.event(occ)
        text = Text(no_wrap=True, end="")
        for i, (piece, style) in enumerate(badge.counted()):
            if i:
                text.append(" ")
            name = "error" if "error" in style else "warning" if "warning" in style else "accent"
            text.append(piece, style=colours[name])
        return text

    @staticmethod
    def _cells(occ: Occurrence, day: date, first_of_day: bool, is_today: bool,
               limits: tuple[int, ...]) -> list[Text]:
        base = "dim strike" if occ.cancelled else ""
        # Every row names its day (a long day scrolls past its first row); the first is bold.
        style = "dim" if not first_of_day else "bold underline" if is_today else "bold"
        date_cell = cell(format_day(day, "medium"), style=style)
        title_cells, location_cells, feed_cells = limits
        title = cell(occ.summary or _("(no title)"), title_cells, base)
        if occ.cancelled:
            title = Text.assemble(title, Text(_(" (cancelled)"), style="dim"), no_wrap=True, end="")
        return [
            date_cell,
            cell(time_text(occ), style="dim" if occ.cancelled else ""),
            title,
            cell(occ.location, location_cells, "dim" if occ.cancelled else ""),
            cell(occ.feed, feed_cells, "dim"),
        ]

    def select(self, day: date, key: str | None) -> None:
        """Move the cursor to ``key`` if shown."""
        if key is None or key not in self.occurrences:
            return
        self._placed = key
        self.table.move_cursor(row=list(self.occurrences).index(key), animate=False)

    @on(DataTable.RowHighlighted, "#agenda-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        table = self.table
        if not table.row_count or event.cursor_row != table.cursor_row or \
                table.coordinate_to_cell_key(table.cursor_coordinate).row_key != event.row_key:
            return  # stale: the rows were replaced or the cursor moved on since
        if self._placed is not None:
            if event.row_key.value == self._placed:
                return  # where show() put the cursor: not a move of the user's
            self._placed = None
        occ = self.occurrences.get(event.row_key.value or "")
        if occ is not None:
            self.post_message(Selected(start_day(occ), occ))

    @on(DataTable.RowSelected, "#agenda-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        occ = self.occurrences.get(event.row_key.value or "")
        if occ is not None:
            self.post_message(EventOpened(occ))
