"""The one DataTable the interface uses: Textual's, with its header kept in step.

Textual's DataTable measures its columns when it is idle, after rows were added, but keys the
cached rendering of every cell (the header too) by a counter that this measuring does not
move. A header drawn between ``add_row`` and that idle moment (a busy machine makes it
likely) keeps the width the column had before its rows arrived: the title of an
auto-width column stays as narrow as its label while the rows below it are wide. Dropping the
cached renderings whenever the widths were measured again keeps header and rows in step.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import DataTable
from textual.widgets._data_table import RowKey


class Table(DataTable):
    """A DataTable whose header is redrawn whenever its columns are measured again."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        self._clear_caches()
        self.refresh()
