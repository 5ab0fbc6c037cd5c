"""Builders of Occurrence values and check contexts for the rulebook tests."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from leanmeet.planner.decisions import DecisionIndex
from leanmeet.planner.model import Attendee, Decision, Occurrence, Person
from leanmeet.planner.people import Roster
from leanmeet.planner.rulebook import Rulebook, default_rulebook, rulebook_from_toml
from leanmeet.planner.rules import CheckContext, run_checks

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2025, 3, 3)  # a Monday

LI = Person("Li Wei", "li.wei@gov.example", "leader", "Mayor")
WANG = Person("Wang Fang", "wang.fang@gov.example", "leader", "Deputy Mayor")
ZHANG = Person("张伟", "zhang.wei@gov.example", "leader", "副市长")
CLERK = Person("Chen Jing", "chen.jing@gov.example", "staff", "Secretary")
ROSTER = (LI, WANG, ZHANG, CLERK)

_counter = 0


def at(text: str) -> datetime:
    """'2025-03-03 09:00' in the office zone."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def att(
    who: Person | str,
    name: str = "",
    role: str = "REQ-PARTICIPANT",
    partstat: str = "ACCEPTED",
) -> Attendee:
    """An attendee from a roster Person or an email ("" for none)."""
    if isinstance(who, Person):
        return Attendee(who.email.lower(), name or who.name, role, partstat)
    return Attendee(who.lower(), name, role, partstat)


def occ(
    summary: str = "Weekly meeting",
    start: str | datetime | date = "2025-03-03 09:00",
    minutes: int = 60,
    *,
    end: str | datetime | date | None = None,
    days: int | None = None,
    uid: str | None = None,
    recurrence_id: datetime | date | None = None,
    attendees: Iterable[Attendee | Person] = (),
    location: str = "",
    description: str = "",
    status: str = "CONFIRMED",
    categories: Sequence[str] = (),
    organizer: Attendee | None = None,
    arranged_feed: bool = False,
    feed: str = "test",
) -> Occurrence:
    """A timed occurrence (``minutes`` long) or, with ``days``, an all-day one."""
    global _counter
    _counter += 1
    if days is not None:
        first = (
            start
            if isinstance(start, date) and not isinstance(start, datetime)
            else (date.fromisoformat(str(start)[:10]))
        )
        begin: datetime | date = first
        finish: datetime | date = first + timedelta(days=days)
        all_day = True
    else:
        begin = at(start) if isinstance(start, str) else start
        if end is None:
            finish = begin + timedelta(minutes=minutes)
        else:
            finish = at(end) if isinstance(end, str) else end
        all_day = False
    people = tuple(att(a) if isinstance(a, Person) else a for a in attendees)
    return Occurrence(
        uid=uid or f"evt-{_counter}@test",
        recurrence_id=recurrence_id,
        start=begin,
        end=finish,
        all_day=all_day,
        summary=summary,
        location=location,
        description=description,
        status=status,
        categories=tuple(categories),
        feed=feed,
        organizer=organizer,
        attendees=people,
        series=recurrence_id is not None,
        arranged_feed=arranged_feed,
    )


def series(summary: str, starts: Iterable[str], uid: str = "series@test", **kw) -> list[Occurrence]:
    """Occurrences of one recurring series (recurrence id = original start)."""
    out = []
    for s in starts:
        moment = at(s)
        out.append(occ(summary, moment, uid=uid, recurrence_id=moment, **kw))
    return out


def context(
    rulebook: Rulebook | str | None = None,
    people: Iterable[Person] = ROSTER,
    decisions: Iterable[Decision] = (),
    today: date = TODAY,
) -> CheckContext:
    """A check context; ``rulebook`` may be TOML text overriding the defaults."""
    if isinstance(rulebook, str):
        book = rulebook_from_toml(rulebook)
    else:
        book = rulebook or default_rulebook()
    return CheckContext(book, Roster(people), DecisionIndex(decisions), today, TZ)


def check(occurrences: Sequence[Occurrence], **kw):
    return run_checks(occurrences, context(**kw))


def rule_findings(occurrences: Sequence[Occurrence], rule: str, **kw):
    return [f for f in check(occurrences, **kw) if f.rule == rule]


# ------------------------------------------------------------------ generated calendars
def generated_people(n: int = 300) -> list[Person]:
    people = []
    for i in range(n):
        role = "leader" if i % 10 == 0 else "staff"
        people.append(Person(f"Person {i}", f"p{i}@gov.example", role))  # type: ignore[arg-type]
    return people


# titles and places the rules of issue 14 look for (generated_calendar's ``policy_extras``)
POLICY_TITLES = [
    "欢迎晚宴",
    "全市教育系统工作会议（各县区主要负责同志参加）",
    "传达学习上级会议精神",
    "以市委市政府名义召开专题会",
    "安全生产大检查",
    "学生文艺汇演庆典",
    "Research visit to Hamburg",
]
POLICY_PLACES = ["Hamburg, Germany", "秦州区", "麦积区", ""]


def generated_calendar(
    n: int, people: Sequence[Person], seed: int = 7, days: int = 365, policy_extras: int = 0
) -> list[Occurrence]:
    """``n`` random occurrences over ``days`` days with 1-6 attendees from ``people``: a mix of
    kinds, places, all-day events, cancellations and repeated (uid, recurrence id) pairs.
    ``policy_extras``: that many more, with the titles and places of :data:`POLICY_TITLES`
    (drawn from their own seed, so the first ``n`` stay the same)."""
    rng = random.Random(seed)
    kinds = [
        "Budget meeting",
        "项目推进会",
        "赴{p}调研",
        "Research visit to {p}",
        "剪彩仪式",
        "Product launch",
        "Forum",
        "党代会",
    ]
    places = ["秦州区", "麦积区", "Gangu County", "City Hall room 3", "XX Hotel", ""]
    start_day = date(2025, 1, 1)
    out: list[Occurrence] = []
    for i in range(n):
        if out and rng.random() < 0.01:
            out.append(out[rng.randrange(len(out))])  # the same event seen twice
            continue
        day = start_day + timedelta(days=rng.randrange(days))
        place = rng.choice(places)
        summary = rng.choice(kinds).format(p=place or "秦州区")
        attendees = tuple(att(p) for p in rng.sample(list(people), rng.randint(1, 6)))
        status = "CANCELLED" if rng.random() < 0.03 else "CONFIRMED"
        if rng.random() < 0.05:
            out.append(
                occ(
                    summary,
                    day,
                    days=rng.randint(1, 3),
                    attendees=attendees,
                    location=place,
                    status=status,
                    uid=f"gen-{i}",
                )
            )
            continue
        minute = rng.randrange(7 * 60, 20 * 60, 15)
        start = datetime.combine(day, datetime.min.time(), TZ) + timedelta(minutes=minute)
        out.append(
            occ(
                summary,
                start,
                rng.choice([30, 60, 90, 120, 240, 300]),
                attendees=attendees,
                location=place,
                status=status,
                uid=f"gen-{i}",
            )
        )
    extra = random.Random(seed + 1)
    for i in range(policy_extras):
        day = start_day + timedelta(days=extra.randrange(days))
        start = datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=9)
        attendees = tuple(att(p) for p in extra.sample(list(people), extra.randint(2, 6)))
        out.append(occ(extra.choice(POLICY_TITLES), start, 60, attendees=attendees,
                       location=extra.choice(POLICY_PLACES), uid=f"policy-{i}"))
    return out
