"""How wide the text columns of a table get: the room its fixed columns leave at the table's
width, shared out (the agenda, the findings and the suggestions tables; a pane or dialog
shows each full text)."""

from __future__ import annotations

from collections.abc import Sequence

PADDING = 2  # cells a DataTable column adds to its content
SCROLLBAR = 2


def column_widths(width: int, fixed: Sequence[int], minimums: Sequence[int],
                  shares: Sequence[int] = ()) -> tuple[int, ...]:
    """The widest each text column gets in a table ``width`` cells wide whose other columns
    take ``fixed`` cells: the room left (after every column's padding and a scrollbar), the
    first text columns taking ``shares`` percent of it, the last what they leave; each at
    least its ``minimums`` entry (so a narrow terminal scrolls sideways)."""
    if len(shares) != len(minimums) - 1:
        raise ValueError("one share for every text column but the last")
    columns = len(fixed) + len(minimums)
    room = max(0, width - sum(fixed) - PADDING * columns - SCROLLBAR)
    widths = [max(least, room * share // 100) for share, least in zip(shares, minimums)]
    widths.append(max(minimums[-1], room - sum(widths)))
    return tuple(widths)
