"""What the views share: the period a view shows, text helpers for untrusted event text, the
markers (finding and merge badges) of a period, and the messages views post to the App.

Event text (titles, locations, names, feed names) comes from other people's calendars and is
never parsed as markup: widgets get ``textual.content.Content`` built from plain strings,
DataTable cells get ``rich.text.Text``. Widths are measured in terminal cells
(``rich.cells``), so Chinese titles (two cells a character) keep the columns aligned.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.message import Message

from leanmeet.tui.i18n import _, format_day, is_chinese, ngettext, say
from leanmeet.planner.model import Attendee, Occurrence

ViewName = Literal["month", "week", "day", "agenda"]
VIEWS: tuple[ViewName, ...] = ("month", "week", "day", "agenda")
# How the selection is placed after a period is shown: on today's first event ("today"), on
# the first event of the period ("top"), or on the selected event/day when still shown ("keep").
CursorPolicy = Literal["today", "top", "keep"]

ROLE_NAMES = {
    "CHAIR": _("chair"),
    "REQ-PARTICIPANT": _("required"),
    "OPT-PARTICIPANT": _("optional"),
    "NON-PARTICIPANT": _("for information"),
    "X-KEYNOTE": _("keynote speaker"),
}
PARTSTAT_NAMES = {
    "NEEDS-ACTION": _("no reply"),
    "ACCEPTED": _("accepted"),
    "DECLINED": _("declined"),
    "TENTATIVE": _("tentative"),
    "DELEGATED": _("delegated"),
}

# The five kinds (planner.model.KINDS) and the severities, as shown
KIND_NAMES = {"meeting": _("meeting"), "ceremony": _("ceremony"), "commercial": _("commercial"),
              "research": _("research"), "plenary": _("plenary")}
SEVERITY_NAMES = {"error": _("error"), "warning": _("warning"), "info": _("info")}

# Badges (ASCII, one cell wide in every terminal): "!" findings, "&" a merge suggestion.
FINDING_BADGE, MERGE_BADGE = "!", "&"


# ------------------------------------------------------------------------------ periods
def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True, slots=True)
class Period:
    """The days a view shows, first to last inclusive: a month, an ISO week or a day."""

    first: date
    last: date
    kind: Literal["month", "week", "day"] = "week"

    @classmethod
    def week_of(cls, day: date) -> Period:
        monday = monday_of(day)
        return cls(monday, monday + timedelta(days=6), "week")

    @classmethod
    def month_of(cls, day: date) -> Period:
        last = calendar.monthrange(day.year, day.month)[1]
        return cls(day.replace(day=1), day.replace(day=last), "month")

    @classmethod
    def day_of(cls, day: date) -> Period:
        return cls(day, day, "day")

    @classmethod
    def for_view(cls, view: ViewName, day: date) -> Period:
        if view == "month":
            return cls.month_of(day)
        if view == "day":
            return cls.day_of(day)
        return cls.week_of(day)

    def shifted(self, steps: int) -> Period:
        if self.kind == "month":
            return Period.month_of(add_months(self.first, steps))
        days = (self.last - self.first).days + 1
        delta = timedelta(days=days * steps)
        return Period(self.first + delta, self.last + delta, self.kind)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    @property
    def grid_first(self) -> date:
        """The first day drawn: the Monday on or before ``first``."""
        return monday_of(self.first)

    @property
    def grid_last(self) -> date:
        """The last day drawn: a month grid is always six weeks (the same layout every
        month); otherwise the Sunday on or after ``last``."""
        if self.kind == "month":
            return self.grid_first + timedelta(days=41)
        return monday_of(self.last) + timedelta(days=6)

    @property
    def weeks(self) -> list[date]:
        """The Mondays of the weeks drawn (what is loaded for this period)."""
        first = self.grid_first
        return [first + timedelta(days=7 * i)
                for i in range(((self.grid_last - first).days + 1) // 7)]

    @property
    def unit(self) -> str:
        return self.kind

    @property
    def label(self) -> str:
        """``Week 48 · 23–29 Nov 2026``, ``November 2026``, ``Wed 25 Nov 2026 · Week 48``."""
        a, b = self.first, self.last
        week = _("Week {number}").format(number=a.isocalendar().week)
        if self.kind == "month":
            return format_day(a, "month")
        if self.kind == "day":
            return f"{format_day(a, 'full')} · {week}"
        if is_chinese():
            span = f"{format_day(a, 'day_month_year')}–{format_day(b, 'day_month')}"
        elif (a.year, a.month) == (b.year, b.month):
            span = f"{a.day}–{format_day(b, 'day_month_year')}"
        elif a.year == b.year:
            span = f"{format_day(a, 'day_month')} – {format_day(b, 'day_month_year')}"
        else:
            span = f"{format_day(a, 'day_month_year')} – {format_day(b, 'day_month_year')}"
        return f"{week} · {span}"


# ------------------------------------------------------------------------------ occurrences
def occurrence_key(occ: Occurrence) -> str:
    """The key of an occurrence in the views: ``uid|recurrence-id`` (ISO, empty for single
    events)."""
    rid = occ.recurrence_id.isoformat() if occ.recurrence_id is not None else ""
    return f"{occ.uid}|{rid}"


def is_timed(occ: Occurrence) -> bool:
    return isinstance(occ.start, datetime) and not occ.all_day


def start_day(occ: Occurrence) -> date:
    return occ.start.date() if isinstance(occ.start, datetime) else occ.start


def days_of(occ: Occurrence) -> list[date]:
    """The days an occurrence is on (all-day: end exclusive; timed: every day it touches, an
    end at midnight not counting)."""
    start, end = occ.start, occ.end
    if type(start) is datetime and type(end) is datetime and not occ.all_day:
        first = start.date()  # the common case first: a timed event
        last = end.date()
        if last == first or (last > first and end.hour == end.minute == end.second
                             == end.microsecond == 0 and (last - first).days == 1):
            return [first]  # within one day (or ending at the next midnight)
    first = start_day(occ)
    if not is_timed(occ):
        end = occ.end if isinstance(occ.end, date) and not isinstance(occ.end, datetime) else first
        count = max(1, (end - first).days)
    else:
        end_dt = occ.end if isinstance(occ.end, datetime) else occ.start
        last = end_dt.date()
        if end_dt.time() == datetime.min.time() and last > first:
            last -= timedelta(days=1)
        count = max(1, (last - first).days + 1)
    return [first + timedelta(days=i) for i in range(min(count, 366))]


def agenda_order(occ: Occurrence) -> tuple:
    """Day by day in the office zone, all-day events first, then by start time.

    (storage sorts all-day events at midnight UTC, which west of UTC puts them among the
    previous evening's meetings.)"""
    timed = is_timed(occ)
    return (start_day(occ), timed, occ.start.timestamp() if timed else 0.0)


def unique(occurrences: Iterable[Occurrence]) -> list[Occurrence]:
    """The occurrences of several loaded weeks, each once (an event over a weekend is in both
    weeks), in agenda order."""
    seen: set[tuple] = set()
    out: list[Occurrence] = []
    for occ in occurrences:
        ident = (occ.uid, occ.recurrence_id, occ.start, occ.feed, occ.summary)
        if ident not in seen:
            seen.add(ident)
            out.append(occ)
    out.sort(key=agenda_order)
    return out


# ------------------------------------------------------------------------------ text
def one_line(text: str) -> str:
    return " ".join(text.split())


def fit(text: str, width: int, *, ellipsis: bool = True) -> str:
    """``text`` on one line in exactly ``width`` cells: cut (with "…") or padded. A
    double-width character that would straddle the edge becomes a space."""
    if width <= 0:
        return ""
    text = one_line(text)
    if cell_len(text) > width:
        if ellipsis and width > 1:
            return set_cell_size(text, width - 1) + "…"
        return set_cell_size(text, width)
    return set_cell_size(text, width)


def time_text(occ: Occurrence) -> str:
    """``09:00–10:00``, ``22:00–Tue 02:00``, ``all day`` or ``all day (3 days)``."""
    if occ.all_day or not isinstance(occ.start, datetime) or not isinstance(occ.end, datetime):
        days = (occ.end - occ.start).days if occ.all_day else 1
        return _("all day ({count} days)").format(count=days) if days > 1 else _("all day")
    if occ.end.date() == occ.start.date():
        return f"{occ.start:%H:%M}–{occ.end:%H:%M}"
    return f"{occ.start:%H:%M}–{format_day(occ.end, 'weekday')} {occ.end:%H:%M}"


def when_text(occ: Occurrence, tz: tzinfo | None) -> str:
    """The full date and time for the detail dialog."""
    if occ.all_day or not isinstance(occ.start, datetime):
        last = occ.end - timedelta(days=1) if occ.end > occ.start else occ.start
        if last == occ.start:
            return _("{day}, all day").format(day=format_day(occ.start))
        days = (last - occ.start).days + 1
        return _("{first} – {last}, all day ({count} days)").format(
            first=format_day(occ.start, "medium"), last=format_day(last), count=days)
    zone = getattr(tz, "key", None) or occ.start.tzname() or ""
    end = occ.end
    if isinstance(end, datetime) and end.date() == occ.start.date():
        text = _("{day}, {time}").format(day=format_day(occ.start),
                                         time=f"{occ.start:%H:%M}–{end:%H:%M}")
    else:
        text = "{} – {}".format(
            _("{day}, {time}").format(day=format_day(occ.start), time=f"{occ.start:%H:%M}"),
            _("{day}, {time}").format(day=format_day(end), time=f"{end:%H:%M}"))
    return f"{text} ({zone})" if zone else text


def person_text(person: Attendee) -> str:
    if person.name and person.email:
        return f"{person.name} <{person.email}>"
    return person.name or (f"<{person.email}>" if person.email else _("(unnamed)"))


def attendee_text(person: Attendee) -> str:
    role = ROLE_NAMES.get(person.role, person.role.lower())
    reply = PARTSTAT_NAMES.get(person.partstat, person.partstat.lower())
    return f"{person_text(person)} · {role} · {reply}"


def cell(text: str, limit: int | None = None, style: str = "") -> Text:
    """A DataTable cell that shows ``text`` literally (never parsed as markup)."""
    value = Text(one_line(text), style=style, no_wrap=True, end="")
    if limit is not None and value.cell_len > limit:
        value.truncate(limit, overflow="ellipsis")
    return value


# ------------------------------------------------------------------------------ markers
@dataclass(frozen=True, slots=True)
class Badge:
    """The markers of one event or one day: error and warning findings, merge suggestions."""

    errors: int = 0
    warnings: int = 0
    merges: int = 0

    @property
    def findings(self) -> int:
        return self.errors + self.warnings

    def __bool__(self) -> bool:
        return bool(self.errors or self.warnings or self.merges)

    @property
    def finding_style(self) -> str:
        return "bold $text-error" if self.errors else "bold $text-warning"

    def short(self) -> list[tuple[str, str]]:
        """``!`` and ``&`` without counts (for narrow event boxes), as (text, style)."""
        out = []
        if self.findings:
            out.append((FINDING_BADGE, self.finding_style))
        if self.merges:
            out.append((MERGE_BADGE, "bold $text-accent"))
        return out

    def counted(self) -> list[tuple[str, str]]:
        """``!3`` and ``&1`` with counts, as (text, style) pieces separated by spaces."""
        out = []
        if self.findings:
            out.append((f"{FINDING_BADGE}{self.findings}", self.finding_style))
        if self.merges:
            out.append((f"{MERGE_BADGE}{self.merges}", "bold $text-accent"))
        return out

    def plain(self) -> str:
        return " ".join(text for text, _ in self.counted())


NO_BADGE = Badge()


@dataclass
class Markers:
    """The badges of a period, by occurrence key and by day; empty until analysed."""

    by_event: dict[str, Badge] = field(default_factory=dict)
    by_day: dict[date, Badge] = field(default_factory=dict)
    # per occurrence key: one line per finding / suggestion ("half-day-limit: ...")
    notes: dict[str, list[str]] = field(default_factory=dict)
    # per day: ("error" | "warning" | "merge", finding key or suggestion id), for totals
    items: dict[date, set[tuple[str, str]]] = field(default_factory=dict)
    analysed: bool = False

    def event(self, occ: Occurrence) -> Badge:
        return self.by_event.get(occurrence_key(occ), NO_BADGE)

    def day(self, day: date) -> Badge:
        return self.by_day.get(day, NO_BADGE)

    def notes_of(self, occ: Occurrence) -> list[str]:
        return self.notes.get(occurrence_key(occ), [])

    def total(self, days: Iterable[date] | None = None) -> Badge:
        """The findings and suggestions about ``days`` (default: every day analysed), each
        counted once (a suggestion about meetings on two days is one suggestion)."""
        chosen: set[tuple[str, str]] = set()
        for day in self.items if days is None else days:
            chosen.update(self.items.get(day, ()))
        kinds = [kind for kind, _ in chosen]
        return Badge(kinds.count("error"), kinds.count("warning"), kinds.count("merge"))


def markers_for(findings: Sequence, suggestions: Sequence, days: Iterable[date] | None = None
                ) -> Markers:
    """Count error/warning findings and merge suggestions per event and per day (a finding
    about two events counts once for the day of each)."""
    events: dict[str, list[int]] = {}
    notes: dict[str, list[str]] = {}
    per_day: dict[date, list[int]] = {}
    items: dict[date, set[tuple[str, str]]] = {}
    wanted = set(days) if days is not None else None
    for finding in findings:
        if finding.severity not in ("error", "warning"):
            continue
        slot = 0 if finding.severity == "error" else 1
        seen_days: set[date] = set()
        for occ in finding.occurrences:
            key = occurrence_key(occ)
            events.setdefault(key, [0, 0, 0])[slot] += 1
            notes.setdefault(key, []).append(f"{finding.rule}: {say(finding.message)}")
            seen_days.add(start_day(occ))
        for day in seen_days:
            if wanted is None or day in wanted:
                per_day.setdefault(day, [0, 0, 0])[slot] += 1
                items.setdefault(day, set()).add((finding.severity, finding.key))
    for suggestion in suggestions:
        seen_days = set()
        for occ in suggestion.members:
            key = occurrence_key(occ)
            events.setdefault(key, [0, 0, 0])[2] += 1
            others = len(suggestion.members) - 1
            notes.setdefault(key, []).append(
                ngettext("merge: could be held with {count} other meeting (suggestion {id})",
                         "merge: could be held with {count} other meetings (suggestion {id})",
                         others).format(count=others, id=suggestion.id))
            seen_days.add(start_day(occ))
        for day in seen_days:
            if wanted is None or day in wanted:
                per_day.setdefault(day, [0, 0, 0])[2] += 1
                items.setdefault(day, set()).add(("merge", suggestion.id))
    return Markers(
        by_event={k: Badge(*v) for k, v in events.items()},
        by_day={k: Badge(*v) for k, v in per_day.items()},
        notes=notes,
        items=items,
        analysed=True,
    )


def merge_markers(parts: Iterable[Markers]) -> Markers:
    out = Markers(analysed=True)
    for part in parts:
        out.by_event.update(part.by_event)
        out.by_day.update(part.by_day)
        out.notes.update(part.notes)
        out.items.update(part.items)
        out.analysed = out.analysed and part.analysed
    return out


# ------------------------------------------------------------------------------ view data
@dataclass
class ViewData:
    """What a view draws: the period, its occurrences (agenda order), today, the markers."""

    period: Period
    occurrences: Sequence[Occurrence]
    today: date
    markers: Markers = field(default_factory=Markers)
    country: str = "CN"  # whose public holidays and working weekends are marked


# ------------------------------------------------------------------------------ messages
class EventOpened(Message):
    """The user chose an occurrence (enter, double-click, a click on the selected one)."""

    def __init__(self, occurrence: Occurrence) -> None:
        super().__init__()
        self.occurrence = occurrence


class Selected(Message):
    """The user moved the selection: to ``day`` and, in the agenda, week and day views, to
    ``occurrence`` (None when the day has no event or the view selects days)."""

    def __init__(self, day: date, occurrence: Occurrence | None) -> None:
        super().__init__()
        self.day = day
        self.occurrence = occurrence


class DayOpened(Message):
    """The user opened a day of the month view (enter or double-click): show its day view."""

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
