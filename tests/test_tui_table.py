"""The interface's DataTable keeps its header in step with rows added after it was drawn."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from leanmeet.tui.views.table import Table


class _One(App[None]):
    def __init__(self, table_class: type[DataTable]) -> None:
        super().__init__()
        self.table_class = table_class

    def compose(self) -> ComposeResult:
        table = self.table_class(id="t")
        table.add_column("Status", key="status", width=6)
        table.add_column("Meetings", key="meetings")
        yield table


async def header_after_late_rows(table_class: type[DataTable]) -> tuple[str, str]:
    app = _One(table_class)
    async with app.run_test(size=(100, 10)) as pilot:
        table = app.query_one("#t", DataTable)
        await pilot.pause()
        table.add_row("open", "A very long title of a merged meeting " * 2, key="r")
        # the header drawn before the table measured its columns (as a busy machine does)
        table.render_line(0)
        await pilot.pause()
        await pilot.pause()
        header = "".join(s.text for s in table.render_line(0) if "Meetings" in s.text)
        row = "".join(s.text for s in table.render_line(1) if "A very long" in s.text)
        return header, row


async def test_the_header_follows_the_width_of_rows_that_arrive_later():
    header, row = await header_after_late_rows(Table)
    assert len(header) == len(row) > len(" Meetings ")

