"""The block splitter: feed text to calendars and their VTIMEZONE / VEVENT blocks.

Only BEGIN/END lines are looked at (icalendar parses each block afterwards), with the
physical line numbers kept for error reports. One pass with a stack, so the work is linear in
the size of the file however deep the nesting. What real files get wrong is repaired where
the intent is clear, each time with a warning:

- a VEVENT outside any VCALENDAR (after END:VCALENDAR) is read as part of the calendar before;
- a VCALENDAR nested in another is read as part of the outer one;
- a VEVENT (or VTIMEZONE) that begins while another component is still open (a VTODO whose
  END is mistyped) closes that component: the event is read as a calendar-level event;
- an END without a BEGIN is ignored; a sub-component (VALARM) left open is closed at its
  parent's END.

An event that is itself not closed (its END:VEVENT never comes) is broken: skipped with a
reason, because its properties may be cut short. Limits bound the work on hostile input:
content lines longer than MAX_LINE characters and components nested deeper than MAX_DEPTH
inside an event make that event (or zone) broken.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from leanmeet.storage.text import strip_controls

MAX_LINE = 1_000_000  # characters in one content line (after unfolding)
MAX_DEPTH = 20  # components nested inside one VEVENT / VTIMEZONE (VALARM is 1)
CALENDAR_LEVEL = ("VEVENT", "VTIMEZONE")

_PROPERTY_START = re.compile(r"[A-Za-z0-9-]+[;:]")
_SPLIT = re.compile(r"\r\n|\r|\n")
_LINE_ENDS = re.compile(r"([\r\n]+)")  # a run of line ends (kept by split)
_LINE_TEXT = itemgetter(1)  # of (number, line): false for an empty line


class SourceError(Exception):
    """The source is not a calendar at all (or not a complete one): nothing of it is used."""


@dataclass
class Block:
    kind: str
    line: int
    lines: list[str] = field(default_factory=list)
    broken: str = ""
    notes: list[tuple[int, str]] = field(default_factory=list)
    logical: int = 0  # length of the content line being read (for MAX_LINE)

    @property
    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"


@dataclass
class CalendarBlocks:
    line: int
    props: list[str] = field(default_factory=list)
    timezones: list[Block] = field(default_factory=list)
    events: list[Block] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  # warnings about the file


class _Notes:
    """Warnings of one kind are reported once, with how often they happened."""

    def __init__(self) -> None:
        self.seen: dict[str, list] = {}

    def add(self, kind: str, line: int, text: str) -> None:
        entry = self.seen.get(kind)
        if entry is None:
            self.seen[kind] = [line, text, 1]
        else:
            entry[2] += 1

    def items(self) -> list[tuple[int, str]]:
        out = []
        for line, text, count in self.seen.values():
            more = f" ({count:,} times in this file; the first is named)" if count > 1 else ""
            out.append((line, text + more))
        return sorted(out)


@dataclass
class _Open:
    name: str
    line: int
    kept: bool  # its BEGIN line is in the block's text (so its END must be too)


def logical_name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].strip().upper()


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(number, text) of each line that is not empty (lines counted from 1)."""
    if text.count("\n\n") * 4 <= text.count("\n"):  # most lines have text: split them all
        return filter(_LINE_TEXT, enumerate(_SPLIT.split(text), start=1))
    # mostly empty lines (a chunk of a parallel parse: the other chunks' VEVENTs are kept as
    # line ends so that every line keeps its number): split at runs of line ends, each run
    # counted at once
    return _lines_between_runs(text)


def _lines_between_runs(text: str) -> Iterator[tuple[int, str]]:
    parts = _LINE_ENDS.split(text)  # [line, line ends, line, line ends, ..., line]
    number = 1
    for index in range(0, len(parts), 2):
        if index:
            ends = parts[index - 1]
            number += len(ends) - ends.count("\r\n") if "\r" in ends else len(ends)
        if parts[index]:
            yield number, parts[index]


def split_calendars(text: str, source: str) -> list[CalendarBlocks]:
    """Split feed text into calendars and their blocks; raise SourceError when it is no
    calendar or a truncated one."""
    calendars: list[CalendarBlocks] = []
    notes = _Notes()
    stack = _Stack()
    calendar_at: list[int] = []  # stack positions of the VCALENDARs that are open
    cal: CalendarBlocks | None = None
    block: Block | None = None
    block_at = -1  # stack position of the block's own BEGIN
    target = ""  # where a continuation line goes: "block", "props" or "" (dropped)

    def close_one(number: int) -> None:
        """Pop the innermost open component, which was never closed."""
        nonlocal block
        opened = stack.pop()
        position = len(stack)
        if opened.name == "VCALENDAR":
            calendar_at.pop()
        if block is not None and position == block_at:
            if not block.broken:
                block.broken = (f"BEGIN:{block.kind} at line {block.line} is not closed by "
                                f"END:{block.kind} (line {number} comes first)")
            block = None
        elif block is not None and position > block_at:
            if opened.kept:
                block.lines.append(f"END:{opened.name}")
                block.notes.append((opened.line, f"BEGIN:{opened.name} is not closed; taken "
                                    f"as closed at line {number}"))
        else:
            notes.add(f"open {opened.name}", opened.line,
                      f"BEGIN:{opened.name} is not closed; taken as closed at line {number}")

    def unwind_to_calendar(number: int) -> None:
        keep = calendar_at[-1] + 1 if calendar_at else 0
        while len(stack) > keep:
            close_one(number)

    for number, raw in _lines(text):
        if raw.isspace():
            continue
        # a printable line has no control, escape or bidi character (a C call, where the
        # strip is a regex): only the others are stripped
        line = raw if raw.isprintable() else strip_controls(raw)
        if len(line) > MAX_LINE:
            if block is not None and not block.broken:
                block.broken = (f"line {number} is {len(line):,} characters long (more "
                                f"than {MAX_LINE:,})")
            elif block is None:
                notes.add("long", number, f"a {len(line):,}-character line ignored (more "
                          f"than {MAX_LINE:,})")
            target = ""
            continue
        if line[0] in " \t":
            if target == "block" and block is not None:
                block.logical += len(line)
                if block.logical > MAX_LINE:
                    if not block.broken:
                        block.broken = (f"the content line ending at line {number} is more "
                                        f"than {MAX_LINE:,} characters long")
                    target = ""
                    continue
                block.lines.append(line)
            elif target == "props" and cal is not None and cal.props:
                if len(cal.props[-1]) + len(line) <= MAX_LINE:
                    cal.props[-1] += line[1:]
            continue
        # BEGIN: and END: start with B or E: the other lines (most) skip the upper-casing
        head = line[:6].upper() if line[0] in "BbEe" else ""
        if head == "BEGIN:":
            name = line[6:].strip().upper()
            target = ""
            if name == "VCALENDAR":
                if not calendar_at:
                    if stack:  # a VEVENT outside a calendar was left open: it ends here
                        while stack:
                            close_one(number)
                    cal = CalendarBlocks(number)
                    calendars.append(cal)
                else:
                    unwind_to_calendar(number)
                    notes.add("nested", number, "a VCALENDAR nested inside another: its "
                              "contents are read as part of the outer calendar")
                calendar_at.append(len(stack))
                stack.append(_Open(name, number, False))
                continue
            if name in CALENDAR_LEVEL:
                if not calendar_at:
                    while stack:
                        close_one(number)
                    if not calendars:
                        calendars.append(CalendarBlocks(number))
                    cal = calendars[-1]
                    notes.add("outside", number, f"BEGIN:{name} outside any VCALENDAR: read "
                              "as part of the calendar before it")
                else:
                    unwind_to_calendar(number)
                block = Block(name, number, [line])
                block_at = len(stack)
                (cal.events if name == "VEVENT" else cal.timezones).append(block)
                stack.append(_Open(name, number, True))
                continue
            if block is not None:
                kept = len(stack) - block_at < MAX_DEPTH
                if kept:
                    block.lines.append(line)
                    target = "block"
                elif not block.broken:
                    block.broken = (f"components nested more than {MAX_DEPTH} levels deep "
                                    f"(line {number})")
                stack.append(_Open(name, number, kept))
            elif calendar_at:
                stack.append(_Open(name, number, False))  # a VTODO, VJOURNAL...: not read
            continue
        if head[:4] == "END:":
            name = line[4:].strip().upper()
            target = ""
            if stack.names[name] <= 0:
                if block is not None:
                    block.notes.append((number, f"END:{name} without BEGIN:{name} ignored"))
                elif cal is not None:
                    notes.add(f"end {name}", number, f"END:{name} without BEGIN:{name} ignored")
                continue
            while stack[-1].name != name:
                close_one(number)
            opened = stack.pop()
            position = len(stack)
            if name == "VCALENDAR":
                calendar_at.pop()
                if not calendar_at:
                    cal = None
            elif block is not None and position >= block_at:
                if opened.kept:
                    block.lines.append(line)
                if position == block_at:
                    block = None
            if not stack and not calendar_at:
                cal = None
            continue
        if block is not None:
            if len(stack) - block_at > MAX_DEPTH:
                target = ""
                continue
            block.logical = len(line)
            target = "block"
            if (len(block.lines) > 1 and block.kind == "VEVENT"
                    and not _PROPERTY_START.match(line)):
                # a continuation line that lost its leading space: keep its text
                block.lines.append(" " + line)
                block.notes.append((number, "line without a leading space taken as the "
                                    "continuation of the line before"))
            else:
                block.lines.append(line)
        elif cal is not None and calendar_at and len(stack) == calendar_at[-1] + 1:
            cal.props.append(line)
            target = "props"
        else:
            target = ""
    if calendar_at or stack:
        opened = stack[-1]
        raise SourceError(
            f"{source}: truncated: BEGIN:{opened.name} at line {opened.line} is never closed "
            "(incomplete download?); nothing imported from it"
        )
    if not calendars:
        sample = text.lstrip()[:200].lower()
        if sample.startswith("<") or "<html" in sample:
            raise SourceError(f"{source}: not an iCalendar file (it is an HTML page)")
        raise SourceError(f"{source}: not an iCalendar file (no BEGIN:VCALENDAR)")
    calendars[0].notes = notes.items()
    return calendars


class _Stack(list):
    """The open components, with a count per name: "is X open?" costs O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: Counter[str] = Counter()

    def append(self, item: _Open) -> None:  # type: ignore[override]
        super().append(item)
        self.names[item.name] += 1

    def pop(self) -> _Open:  # type: ignore[override]
        item = super().pop()
        self.names[item.name] -= 1
        return item
