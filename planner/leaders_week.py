"""The leaders' weekly activity table (领导一周活动安排), as the offices circulate it.

Rows are the roster's leaders (roster order), columns the seven days of the week, each split
into morning (上午, before 12:00) and afternoon (下午, from 12:00, evening included). A cell
lists the leader's events of that half-day in time order: the time, the title and the place.

- An event is listed in every half-day it covers: 09:00–15:00 in both halves of its day; an
  all-day event in both halves of each of its days; a multi-day research trip on every day
  of the week it covers, with its whole span as the time ("10-08 – 10-10").
- A leader that a blocking finding keeps out of an event (``unarranged-ceremony``,
  ``commercial-event``: see ``planner.plan``) still sees it in the table, marked blocked,
  with the reason: the office has to tell them not to go.
- Cancelled events are left out.
- The day headings carry public holidays and 调休 working weekends (``planner.workdays``).

Headings in English or Chinese (``language`` "en" or "zh_CN"; the interface language).
Pure: plan entries and the roster in, tables out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from leanmeet.planner.findings import as_aware
from leanmeet.planner.model import Person
from leanmeet.planner.people import Roster, participants, person_key
from leanmeet.planner.plan import Plan, PlanEntry, in_window
from leanmeet.planner.workdays import day_info

MORNING, AFTERNOON = 0, 1
NOON = time(12, 0)

HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Leaders' activities for the week",
        "week": "Week {week}, {first} – {last}",
        "leader": "Leader",
        "morning": "AM",
        "afternoon": "PM",
        "all_day": "all day",
        "blocked": "blocked",
        "working_weekend": "working day",
        "none": "",
        "weekdays": "Mon Tue Wed Thu Fri Sat Sun",
        "generated": "Times in {zone}; generated {when} by leanmeet",
        "no_leaders": "No leaders on the roster (leanmeet people add NAME EMAIL --leader).",
    },
    "zh_CN": {
        "title": "领导一周活动安排",
        "week": "第{week}周（{first} 至 {last}）",
        "leader": "领导",
        "morning": "上午",
        "afternoon": "下午",
        "all_day": "全天",
        "blocked": "不宜出席",
        "working_weekend": "调休上班",
        "none": "",
        "weekdays": "周一 周二 周三 周四 周五 周六 周日",
        "generated": "时间为{zone}；leanmeet 生成于 {when}",
        "no_leaders": "名册中没有领导（leanmeet people add 姓名 邮箱 --leader）。",
    },
}


def headings(language: str | None) -> dict[str, str]:
    """The heading set for ``language`` ("zh_CN", "zh", "zh-CN"… Chinese; else English)."""
    if language and language.replace("-", "_").lower().startswith("zh"):
        return HEADINGS["zh_CN"]
    return HEADINGS["en"]


@dataclass(frozen=True, slots=True)
class Item:
    """One event in one cell."""

    time: str  # "09:00–10:30", "all day", "10-08 – 10-10"
    title: str
    place: str
    blocked: bool = False
    reason: str = ""  # why the leader is blocked (the finding's message and clause)
    kind: str = "meeting"
    uid: str = ""
    sort: float = 0.0

    def text(self, h: dict[str, str]) -> str:
        """One line: time, title, place, and the blocked mark."""
        parts = [self.time, self.title]
        if self.place:
            parts.append(f"@ {self.place}")
        if self.blocked:
            parts.append(f"[{h['blocked']}]")
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Day:
    day: date
    label: str  # "Mon 12-01" / "周一 12-01"
    holiday: str | None = None
    working_weekend: bool = False
    day_off: bool = False


@dataclass(frozen=True)
class LeaderRow:
    person: Person
    cells: tuple[tuple[tuple[Item, ...], tuple[Item, ...]], ...]  # [day][half] -> items

    @property
    def name(self) -> str:
        return self.person.name or self.person.email

    def count(self) -> int:
        return len({i.uid for day in self.cells for half in day for i in half})


@dataclass(frozen=True)
class WeekTable:
    monday: date
    days: tuple[Day, ...]
    rows: tuple[LeaderRow, ...]
    headings: dict[str, str] = field(default_factory=dict)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def title(self) -> str:
        h = self.headings
        return h["week"].format(week=self.monday.isocalendar()[1], first=self.monday,
                                last=self.sunday)


def _local(value: date | datetime, tz: tzinfo) -> datetime:
    return as_aware(value, tz).astimezone(tz)


def _halves(entry: PlanEntry, monday: date, tz: tzinfo) -> list[tuple[int, int]]:
    """(day index 0..6, half) the event covers in the week of ``monday``."""
    occ = entry.occ
    start = _local(occ.start, tz)
    end = _local(occ.end, tz)
    if end <= start:
        end = start + timedelta(minutes=1)  # a zero-length event shows at its start
    out: list[tuple[int, int]] = []
    for k in range(7):
        day = monday + timedelta(days=k)
        noon = datetime.combine(day, NOON, tz)
        midnight = datetime.combine(day, time(), tz)
        nxt = midnight + timedelta(days=1)
        if start < noon and end > midnight:
            out.append((k, MORNING))
        if start < nxt and end > noon:
            out.append((k, AFTERNOON))
    return out


def _time_text(entry: PlanEntry, tz: tzinfo, h: dict[str, str]) -> str:
    occ = entry.occ
    if not isinstance(occ.start, datetime):
        end = occ.end if not isinstance(occ.end, datetime) else occ.end.date()
        days = max(1, (end - occ.start).days)
        if days == 1:
            return h["all_day"]
        return f"{occ.start:%m-%d} – {end - timedelta(days=1):%m-%d}"
    s, e = _local(occ.start, tz), _local(occ.end, tz)
    if e.date() != s.date() and not (e.time() == time() and e - s <= timedelta(days=1)):
        return f"{s:%m-%d %H:%M} – {e:%m-%d %H:%M}"
    return f"{s:%H:%M}–{e:%H:%M}"


def week_table(entries: Sequence[PlanEntry], roster: Roster, monday: date, tz: tzinfo,
               language: str | None = "en", country: str = "CN") -> WeekTable:
    """The table of the week starting ``monday`` from the plan's ``entries``."""
    h = headings(language)
    names = h["weekdays"].split()
    zh = h is HEADINGS["zh_CN"]
    days = []
    for k in range(7):
        d = monday + timedelta(days=k)
        info = day_info(d, country, "zh_CN" if zh else None)
        days.append(Day(d, f"{names[k]} {d:%m-%d}", info.holiday, info.working_weekend,
                        info.day_off))
    leaders: list[Person] = []
    seen: set[str] = set()
    for p in roster.leaders:
        if person_key(p) not in seen:
            seen.add(person_key(p))
            leaders.append(p)
    grid: dict[str, list[list[list[Item]]]] = {
        person_key(p): [[[], []] for _ in range(7)] for p in leaders}
    lo = datetime.combine(monday, time(), tz)
    hi = lo + timedelta(days=7)
    for entry in entries:
        occ = entry.occ
        if occ.cancelled:
            continue
        if not in_window(occ, lo, hi, tz):
            continue
        left_out = set(entry.left_out)
        reason = "; ".join(f"{f.message} ({f.clause})" for f in entry.blocks)
        people = participants(occ, roster)  # the original attendees: left-out ones too
        takers = [p for p in people if p.leader and p.key in grid]
        if not takers:
            continue
        blocked_keys = {p.key for a in left_out if (p := roster.participant(a)) is not None}
        halves = _halves(entry, monday, tz)
        text = _time_text(entry, tz, h)
        order = _local(occ.start, tz).timestamp()
        for p in takers:
            blocked = p.key in blocked_keys
            item = Item(text, occ.summary.strip(), occ.location.strip(), blocked,
                        reason if blocked else "", entry.kind, occ.uid, order)
            for k, half in halves:
                grid[p.key][k][half].append(item)
    rows = []
    for p in leaders:
        cells = tuple(tuple(tuple(sorted(items, key=lambda i: (i.sort, i.title)))
                            for items in day) for day in grid[person_key(p)])
        rows.append(LeaderRow(p, cells))  # type: ignore[arg-type]
    return WeekTable(monday, tuple(days), tuple(rows), h)


def leader_weeks(plan: Plan, roster: Roster, language: str | None = "en",
                 country: str = "CN") -> list[WeekTable]:
    """One table per Monday-to-Sunday week of the plan's window."""
    monday = plan.first - timedelta(days=plan.first.weekday())
    out = []
    while monday <= plan.last:
        out.append(week_table(plan.entries, roster, monday, plan.tz, language, country))
        monday += timedelta(days=7)
    return out


__all__ = ["HEADINGS", "Day", "Item", "LeaderRow", "WeekTable", "headings", "leader_weeks",
           "week_table"]
