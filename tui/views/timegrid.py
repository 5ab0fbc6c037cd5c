"""The week and day views: a proportional time grid, one column per day.

Each row of the grid is a fixed number of minutes (chosen so the working day fits the
terminal); an event covers the rows of its time. Events that overlap are laid out side by
side: a sweep over the intervals sorted by start assigns each one the lowest free lane, and all
events of one overlapping cluster share its width equally.

The titles get the room: an empty day off (a weekend that is not worked, a public holiday) is
a narrow column; a cluster gets only as many lanes as leave a title of at least ``MIN_LANE``
cells, and the events that do not fit are counted in a narrow "+N" strip on its right (a click
on it opens the day view; the selected event is always drawn). When even one readable lane per
day does not fit (80 columns), the week is drawn as a list per day instead. The last line(s)
show the selected event in full: time, title, place, findings. Day headers mark public
holidays and 调休 working weekends (:mod:`leanmeet.tui.views.daymarks`).

The grid is ONE widget (the Line API): each line is ``Content`` built from plain strings (event
text is never parsed as markup), with widths measured in terminal cells, rendered to a
``Strip`` once per change.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from leanmeet.planner.model import Occurrence
from leanmeet.tui.i18n import _, format_day, ngettext
from leanmeet.tui.views.common import (
    CursorPolicy,
    DayOpened,
    EventOpened,
    Markers,
    Selected,
    ViewData,
    days_of,
    fit,
    is_timed,
    occurrence_key,
    one_line,
    start_day,
    time_text,
)
from leanmeet.tui.views.daymarks import day_mark


def day_mark_off(day: date, country: str) -> bool:
    return day_mark(day, country).day_off

STEPS = (10, 15, 20, 30, 45, 60, 90, 120, 180, 240)  # minutes a row can stand for
DAY_START, DAY_END = 8 * 60, 18 * 60  # always shown (office hours)
GUTTER = 6  # "09:00 "
MIN_LANE = 12  # narrowest an event box gets before lanes are folded into "+N"
STRIP = 4  # the "+N" strip of a cluster with more events side by side than fit
NARROW_COLUMN = 7  # an empty day off (weekend, holiday): just its name
MAX_ALL_DAY_ROWS = 3

EVENT = "$text on $primary-muted"
EVENT_TITLE = "bold $text on $primary-muted"
SELECTED = "bold $text on $accent-muted"
SELECTED_FOCUS = "bold $block-cursor-foreground on $block-cursor-background"
CANCELLED = "strike $text-muted on $panel"
ALL_DAY = "$text on $secondary-muted"
OVERFLOW = "$text-muted on $panel"
RULE = "$panel-lighten-1"
GUTTER_STYLE = "$text-muted"
DETAIL = "$text on $panel"


# ------------------------------------------------------------------------------ layout
def assign_lanes(intervals: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each half-open interval [a, b) (b > a): (its lane, the lanes of its cluster).

    A sweep over the intervals sorted by start (longer first on ties) with a heap of the
    active ones' ends: each interval takes the lowest lane freed so far; a cluster ends when no
    interval is active. O(n log n)."""
    order = sorted(range(len(intervals)), key=lambda i: (intervals[i][0], -intervals[i][1]))
    result = [(0, 1)] * len(intervals)
    active: list[tuple[int, int]] = []  # (end, lane)
    free: list[int] = []
    members: list[int] = []
    width = 0

    def close() -> None:
        for m in members:
            result[m] = (result[m][0], width)

    for i in order:
        a, b = intervals[i]
        while active and active[0][0] <= a:
            _, lane = heapq.heappop(active)
            heapq.heappush(free, lane)
        if not active and members:
            close()
            members, width, free = [], 0, []
        if free:
            lane = heapq.heappop(free)
        else:
            lane = width
        width = max(width, lane + 1)
        heapq.heappush(active, (b, lane))
        members.append(i)
        result[i] = (lane, 0)
    close()
    return result


@dataclass
class Piece:
    """One drawn stretch of a grid line: cells [x0, x1) of the widget."""

    x0: int
    x1: int
    key: str | None  # the occurrence key, None for "+N"
    overflow: list[str] = field(default_factory=list)  # keys folded into "+N"


@dataclass
class Box:
    occ: Occurrence
    key: str
    day: int  # column index
    r0: int  # first row (of the time rows)
    r1: int  # row after the last
    lane: int = 0
    lanes: int = 1
    overflow: bool = False  # folded into the cluster's "+N" strip
    strip: bool = False  # its cluster has more lanes than fit: a "+N" strip on the right


@dataclass
class Layout:
    lines: list[Content]
    hits: list[list[Piece]]  # per widget line
    header_rows: int  # lines above the time rows
    days: list[date]
    column_x: list[int]  # where each day column starts (its separator cell)
    column_widths: list[int]  # each day column's width, its separator included
    hidden: dict[date, int]  # events folded into "+N" per day
    strips: list[Strip] = field(default_factory=list)  # the lines, rendered
    row_days: list[date] | None = None  # the list layout: the day of each line


def _minutes(value: datetime, day: date) -> int:
    """Minutes from ``day`` 00:00 (office zone) to ``value``, clamped to the day."""
    if value.date() < day:
        return 0
    if value.date() > day:
        return 1440
    return value.hour * 60 + value.minute


class TimeGrid(Widget, can_focus=True):
    """A proportional time grid of ``days`` columns (7: the week view, 1: the day view)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move_day(-1)", _("Previous day"), show=False, id="grid.left"),
        Binding("right,l", "move_day(1)", _("Next day"), show=False, id="grid.right"),
        Binding("up,k", "move_event(-1)", _("Previous event"), show=False, id="grid.up"),
        Binding("down,j", "move_event(1)", _("Next event"), show=False, id="grid.down"),
        Binding("home,g", "edge_event(0)", _("First event of the day"), show=False,
                id="grid.first"),
        Binding("end,G", "edge_event(-1)", _("Last event of the day"), show=False,
                id="grid.last"),
        Binding("enter", "open", _("Open"), show=False, id="grid.open"),
    ]

    def __init__(self, columns: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = columns
        self.data: ViewData | None = None
        self.day: date | None = None
        self.key: str | None = None
        self._by_key: dict[str, Occurrence] = {}
        self._per_day: dict[date, list[Occurrence]] = {}
        self._keys: dict[int, str] = {}  # id() of each occurrence shown -> occurrence_key
        # per day shown: its timed events with their minutes (from, to) that day, in order;
        # worked out once per show(), not on every redraw (a busy week has thousands)
        self._timed: dict[date, list[tuple[Occurrence, int, int]]] = {}
        self._all_day: dict[date, list[Occurrence]] = {}
        self._layout: Layout | None = None
        self._layout_for: tuple | None = None
        self._version = 0

    # ---------------------------------------------------------------- data in
    @property
    def days(self) -> list[date]:
        if self.data is None:
            return []
        if self.columns == 1:
            return [self.data.period.first]
        first = self.data.period.grid_first
        return [first + timedelta(days=i) for i in range(self.columns)]

    def show(self, data: ViewData, day: date, key: str | None, cursor: CursorPolicy) -> None:
        """Draw ``data``; select ``key`` if shown, else the first event of ``day`` (or, with
        the "today" policy, today's first event)."""
        self.data = data
        shown = set(self.days)
        timed: dict[date, list[tuple[Occurrence, int, int]]] = {d: [] for d in shown}
        all_day: dict[date, list[Occurrence]] = {d: [] for d in shown}
        self._by_key = {}
        keys: dict[int, str] = {}  # id(occurrence) -> its key, for the layout (_build_grid)
        for occ in data.occurrences:
            if is_timed(occ):
                for d in days_of(occ):
                    if d in timed:
                        timed[d].append((occ, _start_minutes(occ, d), _end_minutes(occ, d)))
            else:
                for d in days_of(occ):
                    if d in all_day:
                        all_day[d].append(occ)
            this = occurrence_key(occ)
            keys[id(occ)] = this
            self._by_key.setdefault(this, occ)
        self._keys = keys
        for items in timed.values():  # stable: all-day events keep their order
            items.sort(key=lambda t: (t[1], -t[2]))
        self._timed, self._all_day = timed, all_day
        # all-day events first, then by start (longer first)
        self._per_day = {d: all_day[d] + [t[0] for t in timed[d]] for d in shown}
        if cursor == "today" and data.today in shown:
            day = data.today
        if day not in shown:
            day = self.days[0] if self.days else day
        self.day = day
        if cursor == "keep" and key in self._by_key:
            occ = self._by_key[key]
            if day not in days_of(occ):
                self.day = next((d for d in days_of(occ) if d in shown), day)
            self.key = key
        else:
            self.key = self._first_key(self.day)
        self._changed()

    def show_markers(self, markers: Markers) -> None:
        if self.data is not None:
            self.data.markers = markers
            self._changed()

    def select(self, day: date, key: str | None) -> None:
        self.day = day
        self.key = key if key in self._by_key else None
        self._changed()

    @property
    def selected(self) -> Occurrence | None:
        return self._by_key.get(self.key) if self.key else None

    def focus_main(self) -> None:
        self.focus()

    def _changed(self) -> None:
        self._version += 1
        self.refresh()

    def _first_key(self, day: date) -> str | None:
        items = self._per_day.get(day) or []
        return occurrence_key(items[0]) if items else None

    # ---------------------------------------------------------------- keys
    def _day_keys(self, day: date) -> list[str]:
        return [occurrence_key(o) for o in self._per_day.get(day, [])]

    def action_move_day(self, step: int) -> None:
        if self.day is None:
            return
        target = self.day + timedelta(days=step)
        current = self.selected
        if target not in self._per_day:
            # another period: the App shows it; keys pressed before it does count from here
            self.day, self.key = target, None
            self.post_message(Selected(target, None))
            return
        key = self._nearest(target, current)
        self.select(target, key)
        self.post_message(Selected(target, self.selected))

    def _nearest(self, day: date, current: Occurrence | None) -> str | None:
        """The event of ``day`` that starts closest to the time of ``current``."""
        items = self._per_day.get(day) or []
        if not items:
            return None
        if current is None or not is_timed(current):
            return occurrence_key(items[0])
        minute = current.start.hour * 60 + current.start.minute
        timed = [o for o in items if is_timed(o)] or items
        best = min(timed, key=lambda o: abs(_start_minutes(o, day) - minute))
        return occurrence_key(best)

    def action_move_event(self, step: int) -> None:
        if self.day is None:
            return
        keys = self._day_keys(self.day)
        if not keys:
            return
        if self.key not in keys:
            index = 0 if step > 0 else len(keys) - 1
        else:
            index = max(0, min(len(keys) - 1, keys.index(self.key) + step))
        self.select(self.day, keys[index])
        self.post_message(Selected(self.day, self.selected))

    def action_edge_event(self, index: int) -> None:
        if self.day is None:
            return
        keys = self._day_keys(self.day)
        if keys:
            self.select(self.day, keys[index])
            self.post_message(Selected(self.day, self.selected))

    def action_open(self) -> None:
        occ = self.selected
        if occ is not None:
            self.post_message(EventOpened(occ))

    # ---------------------------------------------------------------- mouse
    def on_click(self, event: events.Click) -> None:
        layout = self._layout
        offset = event.get_content_offset(self)
        if layout is None or offset is None or self.day is None:
            return
        x, y = offset
        if layout.row_days is not None:  # the list layout: one line, one event or day
            if not 0 <= y < len(layout.row_days):
                return
            day = layout.row_days[y]
            key = layout.hits[y][0].key if layout.hits[y] else None
        else:
            column = next((i for i, cx in enumerate(layout.column_x)
                           if cx <= x < cx + layout.column_widths[i]), None)
            if column is None:
                return
            day = layout.days[column]
            key = None
            if 0 <= y < len(layout.hits):
                for piece in layout.hits[y]:
                    if piece.x0 <= x < piece.x1:
                        if piece.key is None and piece.overflow and self.columns > 1:
                            # "+N": the events that did not fit, in the day view
                            self.post_message(DayOpened(day))
                            return
                        key = piece.key or (piece.overflow[0] if piece.overflow else None)
                        break
        again = key is not None and key == self.key
        self.select(day, key)
        self.post_message(Selected(day, self.selected))
        if key is not None and (event.chain >= 2 or again):
            occ = self.selected
            if occ is not None:
                self.post_message(EventOpened(occ))

    # ---------------------------------------------------------------- drawing
    def render_line(self, y: int) -> Strip:
        """One line of the grid (the Line API: only the lines on screen are asked for, and
        the whole grid is laid out once per change, not once per line)."""
        width, height = self.size
        layout = self._current_layout(width, height)
        if layout is None or y >= len(layout.strips):
            return Strip.blank(width, self.rich_style)
        return layout.strips[y]

    def _current_layout(self, width: int, height: int) -> Layout | None:
        if self.data is None or width < GUTTER + self.columns or height < 2:
            self._layout = None
            return None
        signature = (width, height, self._version, self.has_focus, self.app.theme)
        if self._layout is None or self._layout_for != signature:
            self._layout = self._build(width, height)
            base = self.visual_style
            parse = self._get_style
            self._layout.strips = [
                Strip([Segment(text, style.rich_style)
                       for text, style in line.render(base, end="", parse_style=parse)],
                      line.cell_length).adjust_cell_length(width, base.rich_style)
                for line in self._layout.lines
            ]
            self._layout_for = signature
        return self._layout

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _detail_rows(self, height: int) -> int:
        """Lines kept under the grid for the selected event's full text."""
        if height < 8:
            return 0
        return 2 if height >= 30 else 1

    def _column_widths(self, room: int, days: list[date]) -> list[int]:
        """Each day column's width (its separator included): an empty day off (a weekend
        that is not worked, a public holiday) gets a narrow column, the others share the
        rest."""
        count = len(days)
        if count == 1:
            return [room]
        country = self.data.country if self.data is not None else ""
        narrow: dict[int, int] = {}
        for i, d in enumerate(days):
            if not self._per_day.get(d) and day_mark_off(d, country) and d != self.day:
                narrow[i] = max(NARROW_COLUMN, cell_len(self._day_name(d, False)) + 2)
        rest = count - len(narrow)
        left = room - sum(narrow.values())
        if rest == 0 or left // rest < sum(narrow.values()) // max(1, len(narrow)):
            narrow, rest, left = {}, count, room  # nothing to gain: equal columns
        share, extra = divmod(left, rest)
        widths = []
        for i in range(count):
            if i in narrow:
                widths.append(narrow[i])
            else:
                widths.append(share + (1 if extra > 0 else 0))
                extra -= 1
        return widths

    def _build(self, width: int, height: int) -> Layout:
        assert self.data is not None
        data = self.data
        days = self.days
        markers = data.markers
        detail_rows = self._detail_rows(height)
        height -= detail_rows
        widths = self._column_widths(width - GUTTER, days)
        if len(days) > 1 and max(widths) - 1 < MIN_LANE:
            layout = self._build_list(width, height)
        else:
            layout = self._build_grid(width, height, days, widths, markers)
        for line in self._detail(width, detail_rows, markers):
            layout.lines.append(line)
            layout.hits.append([])
        return layout

    def _build_grid(self, width: int, height: int, days: list[date], widths: list[int],
                    markers: Markers) -> Layout:
        column_x = [GUTTER + sum(widths[:i]) for i in range(len(days))]
        inners = [w - 1 for w in widths]  # the first cell of a column is the separator

        # all-day events, then the time range the timed ones need
        all_day: list[list[Occurrence]] = []
        lo, hi = DAY_START, DAY_END
        for d in days:
            all_day.append(self._all_day.get(d, []))
            for _o, start, end in self._timed.get(d, []):
                lo = min(lo, start // 60 * 60)
                hi = max(hi, math.ceil(end / 60) * 60)
        all_rows = min(MAX_ALL_DAY_ROWS, max((len(a) for a in all_day), default=0))
        header_rows = 1 + all_rows
        rows = max(1, height - header_rows)
        step = next((s for s in STEPS if math.ceil((hi - lo) / s) <= rows), STEPS[-1])
        hi = min(1440, max(hi, lo + rows * step))
        used_rows = min(rows, math.ceil((hi - lo) / step))

        # boxes: rows and lanes (as many lanes as leave a readable title; the rest: "+N")
        boxes: list[Box] = []
        hidden: dict[date, int] = {}
        for column, d in enumerate(days):
            max_lanes = max(1, inners[column] // MIN_LANE)
            strip_lanes = max(1, (inners[column] - STRIP) // MIN_LANE)
            day_timed = self._timed.get(d, [])
            timed = [o for o, _s, _e in day_timed]
            spans = []
            for _o, start, end in day_timed:
                r0 = min(used_rows - 1, max(0, (start - lo) // step))
                r1 = max(r0 + 1, min(used_rows, math.ceil((end - lo) / step)))
                spans.append((r0, r1))
            keys = self._keys
            day_boxes = [Box(o, keys.get(id(o)) or occurrence_key(o), column, r0, r1)
                         for o, (r0, r1) in zip(timed, spans)]
            for box, (lane, lanes) in zip(day_boxes, assign_lanes(spans)):
                box.lane, box.lanes = lane, lanes
                if lanes > max_lanes:
                    box.lanes, box.strip = strip_lanes, True
                    if lane >= strip_lanes:
                        box.lane, box.overflow = strip_lanes - 1, True
                        hidden[d] = hidden.get(d, 0) + 1
            boxes.extend(day_boxes)

        by_cell: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            for r in range(box.r0, box.r1):
                by_cell.setdefault((r, box.day), []).append(box)

        lines: list[Content] = []
        hits: list[list[Piece]] = []
        focus = self.has_focus

        # the header: day names, holiday marks and badges
        parts: list[Content | tuple[str, str] | str] = [" " * GUTTER]
        for column, d in enumerate(days):
            parts.append(("│", RULE))
            parts.append(self._day_header(d, inners[column], markers, hidden.get(d, 0),
                                          inners[column] >= 40))
        lines.append(Content.assemble(*parts))
        hits.append([])

        # all-day rows
        all_day_label = _("all-day")
        for row in range(all_rows):
            parts = [(fit(all_day_label if row == 0 else "", GUTTER - 1, ellipsis=False) + " ",
                      GUTTER_STYLE)]
            line_hits: list[Piece] = []
            for column in range(len(days)):
                inner = inners[column]
                parts.append(("│", RULE))
                items = all_day[column]
                x0 = column_x[column] + 1
                if row < len(items) and not (row == all_rows - 1 and len(items) > all_rows):
                    occ = items[row]
                    key = occurrence_key(occ)
                    style = self._style(occ, key, focus, ALL_DAY)
                    parts.append(self._label(occ, inner, style, markers, inner >= 40))
                    line_hits.append(Piece(x0, x0 + inner, key))
                elif row < len(items):
                    more = len(items) - row
                    parts.append((fit(_("+{count} all-day").format(count=more), inner),
                                  OVERFLOW))
                    line_hits.append(Piece(x0, x0 + inner, None,
                                           [occurrence_key(o) for o in items[row:]]))
                else:
                    parts.append(" " * inner)
            lines.append(Content.assemble(*parts))
            hits.append(line_hits)

        # the time rows
        for r in range(rows):
            minute = lo + r * step
            label = f"{minute // 60:02d}:{minute % 60:02d}" if r < used_rows and (
                minute % 60 == 0 or 60 % step) else ""
            parts = [(label.ljust(GUTTER), GUTTER_STYLE)]
            line_hits = []
            hour_line = r < used_rows and minute % 60 == 0 and r > 0
            for column in range(len(days)):
                parts.append(("│", RULE))
                x0 = column_x[column] + 1
                row_boxes = by_cell.get((r, column), [])
                parts.extend(self._row(row_boxes, r, inners[column], x0, hour_line, markers,
                                       focus, inners[column] >= 40, line_hits))
            lines.append(Content.assemble(*parts))
            hits.append(line_hits)
        return Layout(lines, hits, header_rows, days, column_x, widths, hidden)

    def _build_list(self, width: int, height: int) -> Layout:
        """The week as a list per day (too narrow for a readable grid): each day's header,
        then its events one a line (time, badges, title, place), scrolled so that the
        selection is on screen."""
        assert self.data is not None
        markers = self.data.markers
        focus = self.has_focus
        rows: list[tuple[Content, list[Piece], date]] = []
        selected_row = 0
        for d in self.days:
            if d == self.day and self.key is None:
                selected_row = len(rows)
            header = self._day_header(d, width, markers, 0, True, list_mode=True)
            rows.append((header, [Piece(0, width, None)], d))
            for occ in self._per_day.get(d, []):
                key = occurrence_key(occ)
                if key == self.key and d == self.day:
                    selected_row = len(rows)
                style = self._style(occ, key, focus, "") if key == self.key else (
                    CANCELLED if occ.cancelled else "")
                when = time_text(occ) if start_day(occ) == d or not is_timed(occ) else \
                    _("continued")
                lead = Content.styled(" " + fit(when, 12, ellipsis=False) + " ",
                                      style or GUTTER_STYLE)
                title = occ.summary or _("(no title)")
                if occ.location:
                    title += " · " + occ.location
                body = self._label_text(occ, title, width - lead.cell_length, style or "",
                                        markers)
                rows.append((lead + body, [Piece(0, width, key)], d))
        # scroll: the selected line, with its day's header when it fits
        offset = 0
        if len(rows) > height:
            header_row = max(i for i in range(selected_row + 1)
                             if rows[i][1][0].key is None)
            offset = header_row if selected_row - header_row < height else \
                selected_row - height + 1
            offset = max(0, min(offset, len(rows) - height))
        shown = rows[offset:offset + height]
        lines = [line for line, _h, _d in shown]
        hits = [h for _l, h, _d in shown]
        layout = Layout(lines, hits, 0, self.days, [0], [width], {})
        layout.row_days = [d for _l, _h, d in shown]
        return layout

    def _detail(self, width: int, count: int, markers: Markers) -> list[Content]:
        """The selected event in full (title, time, place, findings), or the selected day's
        holiday; ``count`` lines."""
        if count <= 0 or self.day is None:
            return []
        occ = self.selected
        country = self.data.country if self.data is not None else ""
        mark = day_mark(self.day, country)
        if occ is None:
            events = len(self._per_day.get(self.day, []))
            parts = [format_day(self.day, "full"),
                     ngettext("{count} event", "{count} events", events).format(count=events)
                     if events else _("no events")]
            if mark.text:
                parts.append(mark.text)
            first = Content.styled(" " + " · ".join(parts), "bold")
            rest: list[Content] = []
        else:
            when = f"{format_day(start_day(occ), 'medium')} {time_text(occ)}"
            first = Content.assemble(
                (" " + when + "  ", "bold $text-accent"),
                (one_line(occ.summary or _("(no title)")), "bold"),
            )
            extra = []
            if occ.location:
                extra.append(Content.assemble((_("place") + ": ", "$text-muted"),
                                              one_line(occ.location)))
            if occ.cancelled:
                extra.append(Content.styled(_("cancelled"), "$text-error"))
            if mark.text:
                extra.append(Content.styled(mark.text, mark.style))
            notes = markers.notes_of(occ)
            if notes:
                badge = markers.event(occ)
                extra.append(Content.styled(" ".join(one_line(n) for n in notes),
                                            badge.finding_style if badge.findings
                                            else "$text-accent"))
            tail = Content(" · ").join(extra)
            if count == 1:
                first = Content.assemble(first, "  ", tail) if extra else first
                rest = []
            else:
                rest = [Content.assemble(" ", tail)]
        out = [first, *rest][:count]
        while len(out) < count:
            out.append(Content(""))
        return [line.truncate(width, ellipsis=True, pad=True).stylize_before(DETAIL)
                for line in out]

    @staticmethod
    def _day_name(d: date, wide: bool) -> str:
        return " " + format_day(d, "full" if wide else "short")

    def _day_header(self, d: date, inner: int, markers: Markers, hidden: int,
                    wide: bool, *, list_mode: bool = False) -> Content:
        assert self.data is not None
        name = self._day_name(d, wide)
        badge = markers.day(d)
        count = len(self._per_day.get(d, []))
        mark = day_mark(d, self.data.country)
        counted: list[tuple[str, str]] = []
        if wide:
            counted.append((ngettext("{count} event", "{count} events", count).format(
                count=count) if count else _("no events"), "$text-muted"))
        counted.extend(badge.counted())
        extra = [(_("+{count} more").format(count=hidden), "$text-muted")] if hidden else []
        style = "bold"
        if d == self.data.today:
            style = "bold $text-accent"
        if d == self.day and (not list_mode or self.key is None):
            style = "bold reverse"
        marks = [(mark.text, mark.style)] if mark.text else []
        short = [(mark.short, mark.style)] if mark.short else []
        # the most that fits: the holiday, counts and "+N" hidden, then less and less
        for right in ([*marks, *extra, *counted], [*short, *extra, *counted],
                      [*short, *counted], [*short, *extra, *badge.short()],
                      [*short, *badge.short()], badge.short(), []):
            tail = Content(" ").join(Content.styled(t, s) for t, s in right)
            if right:
                tail = tail + " "
            room = inner - tail.cell_length
            if room >= cell_len(name):
                break
        if list_mode:
            head = Content.assemble((name, style), "  ", tail)
            return head.truncate(inner, pad=True).stylize_before("on $panel")
        return Content.assemble((fit(name, max(0, room), ellipsis=False), style), tail
                                ).truncate(inner, pad=True)

    def _style(self, occ: Occurrence, key: str, focus: bool, normal: str) -> str:
        if key == self.key:
            return SELECTED_FOCUS if focus else SELECTED
        if occ.cancelled:
            return CANCELLED
        return normal

    @staticmethod
    def _label_text(occ: Occurrence, title: str, width: int, style: str,
                    markers: Markers) -> Content:
        """Badges (with counts), then ``title``, cut to ``width`` cells."""
        marks = markers.event(occ).counted()
        head = Content.assemble(*[(t, s) for t, s in marks])
        if marks:
            head = head + " "
        room = max(1, width - head.cell_length)
        return (head + fit(title, room)).stylize_before(style) if style else \
            head + fit(title, room)

    def _label(self, occ: Occurrence, width: int, style: str, markers: Markers,
               wide: bool, prefix: str = "") -> Content:
        """One line of an event box: badges, then the title, cut to ``width`` cells."""
        badge = markers.event(occ)
        marks = badge.counted() if wide else badge.short()
        title = prefix + (occ.summary or _("(no title)"))
        if occ.cancelled and wide:
            title += " " + _("(cancelled)")
        head = Content.assemble(*[(t, s) for t, s in marks])
        if marks:
            head = head + " "
        room = width - head.cell_length
        if room < 1:
            return Content.styled(fit(title, width), style)
        return (head + fit(title, room)).stylize_before(style)

    def _row(self, row_boxes: list[Box], r: int, inner: int, x0: int, hour_line: bool,
             markers: Markers, focus: bool, wide: bool, line_hits: list[Piece]) -> list:
        """The pieces of one day column on time row ``r``."""
        empty_char = "┈" if hour_line else " "
        if not row_boxes:
            return [(empty_char * inner, RULE)] if hour_line else [" " * inner]
        lanes = row_boxes[0].lanes
        strip = row_boxes[0].strip
        room = inner - STRIP if strip else inner
        drawn: dict[int, list[Box]] = {}
        for box in row_boxes:
            drawn.setdefault(box.lane, []).append(box)
        out: list = []
        x = 0
        shown_here: set[str] = set()
        for lane in range(lanes):
            a = lane * room // lanes
            b = (lane + 1) * room // lanes
            if a > x:
                out.append((empty_char * (a - x), RULE) if hour_line else " " * (a - x))
            x = b
            in_lane = drawn.get(lane, [])
            w = b - a
            # the selected event is always drawn, even when it was folded into "+N"
            chosen = next((bx for bx in in_lane if bx.key == self.key), None) or next(
                (bx for bx in in_lane if not bx.overflow), None)
            if chosen is None:
                out.append((empty_char * w, RULE) if hour_line else " " * w)
                continue
            shown_here.add(chosen.key)
            gap = 1 if w >= 4 and (lane < lanes - 1 or strip) else 0
            out.append(self._box_line(chosen, r - chosen.r0, w - gap, markers, focus, wide))
            if gap:
                out.append(" ")
            line_hits.append(Piece(x0 + a, x0 + b - gap, chosen.key))
        if strip:
            folded = [bx for bx in row_boxes if bx.overflow and bx.key not in shown_here]
            if folded:
                starts = any(bx.r0 == r for bx in folded)  # the count where one begins
                out.append((fit(f"+{len(folded)}" if starts else "", STRIP), OVERFLOW))
                line_hits.append(Piece(x0 + room, x0 + inner, None, [bx.key for bx in folded]))
            else:
                out.append((empty_char * STRIP, RULE) if hour_line else " " * STRIP)
            x = inner
        if x < inner:
            out.append(" " * (inner - x))
        return out

    def _box_line(self, box: Box, k: int, w: int, markers: Markers, focus: bool,
                  wide: bool) -> Content:
        """Line ``k`` of an event box: title, then time, location, notes."""
        occ = box.occ
        normal = EVENT
        style = self._style(occ, box.key, focus, normal)
        if k == 0:
            title_style = style if style != EVENT else EVENT_TITLE
            prefix = f"{time_text(occ)}  " if wide else ""
            return self._label(occ, w, title_style, markers, wide, prefix)
        lines: list[str] = []
        if not wide:
            lines.append(time_text(occ))
        if occ.location:
            lines.append(occ.location)
        if wide:
            people = len(occ.attendees)
            if people:
                lines.append(ngettext("{count} attendee", "{count} attendees",
                                      people).format(count=people))
            lines.extend(markers.notes_of(occ))
        text = lines[k - 1] if k - 1 < len(lines) else ""
        return Content.styled(fit(text, w), style if style != EVENT else
                              ("$text-muted on $primary-muted" if k > 1 else EVENT))


def _start_minutes(occ: Occurrence, day: date) -> int:
    if not is_timed(occ):
        return 0
    return _minutes(occ.start, day)


def _end_minutes(occ: Occurrence, day: date) -> int:
    if not is_timed(occ) or not isinstance(occ.end, datetime):
        return 1440
    return max(_start_minutes(occ, day), _minutes(occ.end, day))
