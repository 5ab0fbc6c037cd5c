"""Search (``/``): an input over a list of matches. Searches titles, locations, descriptions,
organizers and attendees (names and e-mails) of the occurrences from a year before today to a
year after; ``enter`` jumps to the match. The occurrences are read once per database version
(in a thread) and matched in a thread as you type."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static
from leanmeet.tui.views.table import Table
from textual.worker import get_current_worker

from leanmeet.tui.views.footer import FittingFooter
from leanmeet.tui.i18n import _, format_day, ngettext
from leanmeet.planner.model import Occurrence
from leanmeet.tui.views.common import agenda_order, cell, start_day, time_text

MAX_RESULTS = 500


@dataclass(frozen=True)
class SearchIndex:
    """Occurrences (agenda order) with their searchable text, case-folded."""

    occurrences: tuple[Occurrence, ...]
    texts: tuple[str, ...]
    first: date
    last: date

    @classmethod
    def build(cls, occurrences: Sequence[Occurrence], first: date, last: date) -> SearchIndex:
        ordered = sorted(occurrences, key=agenda_order)
        texts = []
        for occ in ordered:
            people = [occ.organizer] if occ.organizer else []
            people.extend(occ.attendees)
            parts = [occ.summary, occ.location, occ.description]
            parts.extend(f"{p.name} {p.email}" for p in people)
            texts.append("\n".join(parts).casefold())
        return cls(tuple(ordered), tuple(texts), first, last)

    def search(self, query: str, today: date, limit: int = MAX_RESULTS
               ) -> tuple[list[Occurrence], int]:
        """(matches, how many in all): every word of ``query`` is in the text. With more than
        ``limit`` matches, the ``limit`` nearest to today (still in date order)."""
        words = query.casefold().split()
        if not words:
            return [], 0
        found = [occ for occ, text in zip(self.occurrences, self.texts)
                 if all(w in text for w in words)]
        total = len(found)
        if total > limit:
            nearest = sorted(range(total), key=lambda i: abs((start_day(found[i]) - today).days))
            keep = sorted(nearest[:limit])
            found = [found[i] for i in keep]
        return found, total


class SearchScreen(ModalScreen[Occurrence | None]):
    """Type to search; up/down choose; enter jumps to the event; escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Close"), id="search.close"),
        Binding("down", "move(1)", _("Next match"), show=False, id="search.down"),
        Binding("up", "move(-1)", _("Previous match"), show=False, id="search.up"),
    ]

    class Results(Message):
        def __init__(self, query: str, found: list[Occurrence], total: int) -> None:
            super().__init__()
            self.query = query
            self.found = found
            self.total = total

    class Ready(Message):
        def __init__(self, index: SearchIndex | None, error: str = "") -> None:
            super().__init__()
            self.index = index
            self.error = error

    def __init__(self, index_source: Callable[[], SearchIndex], today: date,
                 query: str = "") -> None:
        super().__init__()
        self.index_source = index_source
        self.today = today
        self.index: SearchIndex | None = None
        self.initial = query
        self.found: list[Occurrence] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search"):
            yield Input(self.initial, placeholder=_("Search titles, places, descriptions, people…"),
                        id="search-input")
            yield Static(Content(_("Reading events…")), id="search-status")
            table = Table(id="search-results", cursor_type="row", zebra_stripes=True)
            for label, key in ((_("Date"), "date"), (_("Time"), "time"), (_("Title"), "title"),
                               (_("Location"), "location")):
                table.add_column(label, key=key)
            yield table
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._load_index()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search-index",
          description="build the search index")
    def _load_index(self) -> None:
        worker = get_current_worker()
        try:
            message = self.Ready(self.index_source())
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            message = self.Ready(None, _("cannot search: {error}").format(error=exc))
        if not worker.is_cancelled:
            self.post_message(message)

    @on(Ready)
    def _ready(self, message: Ready) -> None:
        if message.index is None:
            self._status(message.error)
            return
        self.index = message.index
        self._run(self.query_one(Input).value)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        if self.index is not None:
            self._run(event.value)

    def _run(self, query: str) -> None:
        if not query.strip():
            self._show(query, [], 0)
            return
        self._search(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search",
          description="search")
    def _search(self, query: str) -> None:
        worker = get_current_worker()
        assert self.index is not None
        found, total = self.index.search(query, self.today)
        if not worker.is_cancelled:
            self.post_message(self.Results(query, found, total))

    @on(Results)
    def _results(self, message: Results) -> None:
        if message.query == self.query_one(Input).value:
            self._show(message.query, message.found, message.total)

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Content(text))

    def _show(self, query: str, found: list[Occurrence], total: int) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.found = found
        target = 0
        for index, occ in enumerate(found):
            day = start_day(occ)
            table.add_row(cell(f"{day:%a %-d %b %Y}"), cell(time_text(occ)),
                          cell(occ.summary or _("(no title)"), 50), cell(occ.location, 30),
                          key=str(index))
            if day < self.today:
                target = min(index + 1, len(found) - 1)
        if found:
            table.move_cursor(row=target, animate=False)
        assert self.index is not None
        span = _("{first} to {last}").format(first=format_day(self.index.first, "day_month_year"),
                                              last=format_day(self.index.last, "day_month_year"))
        if not query.strip():
            text = _("Type to search the events from {span}.").format(span=span)
        elif not total:
            text = _("No events match from {span}.").format(span=span)
        elif total > len(found):
            text = _("{total} matches; showing the {count} nearest to today.").format(
                total=total, count=len(found))
        else:
            text = ngettext("{count} match from {span}. Enter jumps to it.",
                            "{count} matches from {span}. Enter jumps to it.", total).format(
                count=total, span=span)
        self._status(text)

    @property
    def highlighted(self) -> Occurrence | None:
        table = self.query_one(DataTable)
        if not self.found or not table.row_count:
            return None
        return self.found[table.cursor_row]

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        occ = self.highlighted
        if occ is not None:
            self.dismiss(occ)

    @on(DataTable.RowSelected, "#search-results")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        occ = self.found[int(event.row_key.value or 0)]
        self.dismiss(occ)

    def action_close(self) -> None:
        self.dismiss(None)
