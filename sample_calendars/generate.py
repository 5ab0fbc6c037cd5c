#!/usr/bin/env python3
"""Generate leanmeet's bundled sample calendars (stdlib only, deterministic).

    python sample_calendars/generate.py [OUTPUT_DIR]

Writes, into OUTPUT_DIR (default: the folder of this script):

    roster.csv                 the people (name,email,role,title,department)
    government-office.ics      the office's own feed (import it with --arranged)
    leaders-outlook.ics        leaders' calendars as Outlook/Exchange exports them
    departments-google.ics     departments' shared calendar as Google exports it
    部门会议.ics                Chinese department meetings (TZID=Asia/Shanghai, folded lines)
    cases.json                 every rule/merge case: expectation, file, uid, start, summary
    README.md                  what each file is, the case table, the expected overlaps

The period is the eight weeks from Monday 2026-11-16 to Sunday 2027-01-10 ("today" in the
demos is 2026-11-29).  Hand-designed events show every rule of SPEC §4 and the merges of
SPEC §5; filler meetings (department routines, leaders' briefings, research visits) are drawn
with a fixed seed around them.  The generator checks itself before writing: nobody is in two
events at once unless a case says so, no two leaders' research visits meet unless a case says
so, no filler meeting contains a rule keyword, and every event's intended kind agrees with a
small mirror of the SPEC §3 classifier.  Running it twice gives byte-identical files.

The data is not in this file: the hand-designed events and cases are ``cases/*.toml`` (see
:func:`designed` for the format), the people and departments ``data/people.toml``, the filler
vocabulary ``data/filler.toml`` and the README text ``data/readme_template.md``.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import random
import re
import sys
import tomllib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

SEED = 20261116
WINDOW_START = date(2026, 11, 16)  # Monday
WINDOW_END = date(2027, 1, 11)  # exclusive (Sunday 2027-01-10 is the last day)
TODAY = date(2026, 11, 29)
HOLIDAYS = {date(2027, 1, 1)}  # New Year's Day
EXPORTED = datetime(2026, 11, 29, 1, 0, 0)  # UTC: DTSTAMP of every exported event
OFFSET = timedelta(hours=8)  # Asia/Shanghai, no daylight saving time
DOMAIN = "tianshui.gov.cn"
HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"  # the hand-designed events and cases (see designed())

FEED_FILES = {
    "office": "government-office.ics",
    "outlook": "leaders-outlook.ics",
    "google": "departments-google.ics",
    "zh": "部门会议.ics",
}

# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    pinyin: str
    email: str
    role: str
    title: str
    department: str
    dept: str  # department key (see DEPTS)


DATA_DIR = HERE / "data"  # people, departments and the filler vocabulary
_PEOPLE_DATA = tomllib.loads((DATA_DIR / "people.toml").read_text(encoding="utf-8"))
_FILLER_DATA = tomllib.loads((DATA_DIR / "filler.toml").read_text(encoding="utf-8"))
# key, name, pinyin, role, title, department, dept key
_PEOPLE_ROWS = [(r["key"], r["name"], r["pinyin"], r["role"], r["title"], r["department"],
                 r["dept"]) for r in _PEOPLE_DATA["person"]]


def _email(pinyin: str) -> str:
    return pinyin.lower().replace(" ", ".") + "@" + DOMAIN


PEOPLE: dict[str, Person] = {
    r[0]: Person(r[0], r[1], r[2], _email(r[2]), r[3], r[4], r[5], r[6]) for r in _PEOPLE_ROWS
}
LEADERS = [k for k, p in PEOPLE.items() if p.role == "leader"]

# dept key -> zh name, en name, mailbox, leaders in charge, staff, rooms (zh), rooms (en)
DEPTS = {k: (d["zh"], d["en"], d["mailbox"], list(d["leaders"]), list(d["staff"]),
             list(d["rooms_zh"]), list(d["rooms_en"]))
         for k, d in _PEOPLE_DATA["dept"].items()}


def dept_org(dept: str, lang: str = "zh") -> tuple[str, str]:
    zh, en, box, *_ = DEPTS[dept]
    return (zh if lang == "zh" else en, f"{box}@{DOMAIN}")


OFFICE_ORG = ("市政府办公室", f"office@{DOMAIN}")

# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------


@dataclass
class Att:
    who: str  # a PEOPLE key, or "" for an external attendee
    role: str = "REQ-PARTICIPANT"
    partstat: str = "ACCEPTED"
    cn: str = ""  # external attendees / overrides
    email: str = ""


@dataclass
class Rule:
    freq: str  # DAILY | WEEKLY
    byday: list[str]
    interval: int = 1
    count: int | None = None
    until: datetime | None = None  # local time


@dataclass
class Event:
    feed: str
    key: str
    summary: str
    start: datetime | date
    end: datetime | date | None
    duration: timedelta | None = None  # written as DURATION instead of DTEND
    location: str = ""
    description: str = ""
    organizer: tuple[str, str] | None = None  # (CN, email); a person key is resolved
    attendees: list[Att] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    status: str = "CONFIRMED"
    rule: Rule | None = None
    exdates: list[datetime] = field(default_factory=list)
    rdates: list[datetime] = field(default_factory=list)
    parent: Event | None = None  # for a RECURRENCE-ID override
    recurrence_id: datetime | None = None
    sequence: int = 0
    kind: str = "meeting"  # the kind leanmeet should decide (checked against the mirror)
    overlap: str | None = None  # events sharing this tag may overlap for the same person
    filler: bool = False
    trap: bool = False  # a keyword trap: the mirror classifier is fooled on purpose
    utc: bool | None = None  # google: write UTC (default) or TZID
    lang: str = ""
    extra: list[tuple[str, dict, str]] = field(default_factory=list)
    uid: str = ""

    def people(self) -> list[str]:
        """Roster people taking part (declined attendees excluded)."""
        keys = [a.who for a in self.attendees if a.who and a.partstat != "DECLINED"]
        if self.organizer_key and self.organizer_key not in keys:
            keys.append(self.organizer_key)
        return keys

    organizer_key: str = ""


EVENTS: list[Event] = []
CASES: list[dict] = []


def T(text: str) -> datetime | date:
    """'2026-11-18 09:00' -> datetime; '2026-12-29' -> date."""
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)


def atts(who=(), keynote=(), needs=(), declined=(), ext=(), chair=None) -> list[Att]:
    out: list[Att] = []
    if chair:
        out.append(Att(chair, "CHAIR"))
    out += [Att(k, "X-KEYNOTE") for k in keynote]
    out += [Att(k) for k in who]
    out += [Att(k, partstat="NEEDS-ACTION") for k in needs]
    out += [Att(k, partstat="DECLINED") for k in declined]
    out += [Att("", "REQ-PARTICIPANT", "NEEDS-ACTION", cn, em) for cn, em in ext]
    return out


def add(feed, key, summary, start, end=None, *, who=(), keynote=(), needs=(), declined=(),
        ext=(), chair=None, org=None, **kw) -> Event:
    start = T(start) if isinstance(start, str) else start
    end = T(end) if isinstance(end, str) else end
    e = Event(feed, key, summary, start, end, **kw)
    e.attendees = atts(who, keynote, needs, declined, ext, chair)
    if isinstance(org, str) and org in PEOPLE:
        e.organizer_key = org
        e.organizer = (PEOPLE[org].name, PEOPLE[org].email)
        # the organizer takes part too: list them, so no rule depends on ORGANIZER counting
        if not any(a.who == org for a in e.attendees):
            e.attendees.insert(0, Att(org, "CHAIR"))
    elif isinstance(org, str) and org in DEPTS:
        e.organizer = dept_org(org, "en" if feed in ("google", "outlook") and not _has_cjk(
            summary) else "zh")
    elif org is not None:
        e.organizer = org
    else:
        e.organizer = OFFICE_ORG
    if not e.lang:
        e.lang = "zh" if _has_cjk(summary) else "en"
    assert not any(x.key == key for x in EVENTS), f"duplicate key {key}"
    EVENTS.append(e)
    return e


def case(cid: str, rule: str, expect: str, events, note: str = "") -> None:
    CASES.append({"case": cid, "rule": rule, "expect": expect,
                  "events": list(events), "note": note})


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


# ---------------------------------------------------------------------------------------------
# A mirror of the SPEC §3 classifier, used only to check the data (not leanmeet's code)
# ---------------------------------------------------------------------------------------------

KW = {
    "commercial": ["commercial", "product launch", "store opening", "grand opening",
                   "sales center", "sales centre", "sponsorship", "商业", "开盘", "楼盘", "促销",
                   "发布会"],
    "ceremony": ["ribbon-cutting", "ribbon cutting", "groundbreaking", "celebration",
                 "commemoration", "commendation", "expo", "seminar", "tea party", "forum",
                 "signing", "completion", "commissioning", "剪彩", "奠基", "开工", "庆典", "庆祝",
                 "纪念", "表彰", "博览会", "研讨会", "茶话会", "论坛", "签约", "竣工", "投产"],
    "plenary": ["party congress", "people's congress", "cppcc", "two sessions", "党代会",
                "代表大会", "人代会", "人民代表大会", "政协", "两会"],
    "research": ["research visit", "investigation visit", "research", "investigation", "调研"],
}
VENUE_KW = ["hotel", "guesthouse", "guest house", "resort", "酒店", "宾馆", "饭店", "度假村"]
# words a filler meeting must not contain either (they would make a reader wonder)
FILLER_TABOO = VENUE_KW + ["opening", "launch", "ceremony", "仪式", "sales", "sponsor",
                           "keynote", "主讲", "主旨", "flood", "防汛", "heating supply",
                           "安全生产", "重点项目谋划", "investment promotion"]


def mirror_kind(e: Event) -> str:
    cats = [c.strip().lower() for c in e.categories]
    for c in cats:
        if c in ("meeting", "ceremony", "commercial", "research", "plenary"):
            return c
    text = e.summary.lower()
    for kind in ("commercial", "ceremony", "plenary", "research"):
        for w in KW[kind]:
            pattern = re.escape(w) if _has_cjk(w) else r"(?<![a-z])" + re.escape(w) + r"(?![a-z])"
            if re.search(pattern, text):
                return kind
    return "meeting"


# ---------------------------------------------------------------------------------------------
# Hand-designed events: recurring series, rule cases, merge cases
# ---------------------------------------------------------------------------------------------



def _when(value: str | None) -> datetime | date | None:
    return T(value) if value else None


_BY_KEY: dict[str, Event] = {}


def designed(after_filler: bool = False) -> None:
    """The hand-designed events and cases, read from ``cases/*.toml`` in file-name order.

    A file with ``after_filler = true`` is added after the filler is drawn (the filler of
    the files before it stays as it was; the self-check still refuses unplanned overlaps):
    :func:`build` calls this once with False before the filler, once with True after it.

    Each file holds ``[[event]]`` tables (the keyword arguments of :func:`add`: ``key``,
    ``feed``, ``summary``, ``start``, ``end`` or ``duration_minutes``, ``org`` — a person key,
    a department key or ``[CN, email]`` —, ``chair``, ``keynote``, ``who``, ``needs``,
    ``declined``, ``ext`` (``[[CN, email]]``), ``also`` (attendees appended after these:
    ``{who, cn, email, role, partstat}``), ``location``, ``description``, ``categories``,
    ``status``, ``kind``, ``rule`` (``{freq, byday, interval, count, until}``), ``exdates``,
    ``rdates``, ``parent`` + ``recurrence_id`` (an override of another event), ``sequence``,
    ``overlap``, ``trap``, ``utc``, ``lang``) and ``[[case]]`` tables (``id``, ``rule``,
    ``expect``, ``events`` — event keys of any file —, ``note``).
    """
    by_key = _BY_KEY
    if not after_filler:
        by_key.clear()
    cases: list[dict] = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if bool(data.get("after_filler", False)) != after_filler:
            continue
        unknown = set(data) - {"event", "case", "after_filler"}
        if unknown:
            raise SystemExit(f"{path}: unknown tables {sorted(unknown)}")
        for spec in data.get("event", []):
            by_key[spec["key"]] = _add_spec(spec, by_key, path)
        cases.extend(data.get("case", []))
    for c in cases:
        missing = [k for k in c["events"] if k not in by_key]
        if missing:
            raise SystemExit(f"case {c['id']}: unknown events {missing}")
        case(c["id"], c["rule"], c["expect"], [by_key[k] for k in c["events"]],
             c.get("note", ""))


_SPEC_KEYS = {"key", "feed", "summary", "start", "end", "duration_minutes", "org", "chair",
              "keynote", "who", "needs", "declined", "ext", "also", "location", "description",
              "categories", "status", "kind", "rule", "exdates", "rdates", "parent",
              "recurrence_id", "sequence", "overlap", "trap", "utc", "lang"}


def _add_spec(spec: dict, by_key: dict[str, Event], path: Path) -> Event:
    unknown = set(spec) - _SPEC_KEYS
    if unknown:
        raise SystemExit(f"{path}: event {spec.get('key')!r}: unknown keys {sorted(unknown)}")
    kw: dict = {}
    for name in ("location", "description", "status", "kind", "overlap", "trap", "utc",
                 "lang", "sequence", "categories"):
        if name in spec:
            kw[name] = spec[name]
    if "duration_minutes" in spec:
        kw["duration"] = timedelta(minutes=spec["duration_minutes"])
    if "rule" in spec:
        r = spec["rule"]
        kw["rule"] = Rule(r["freq"], list(r["byday"]), r.get("interval", 1), r.get("count"),
                          _when(r.get("until")))
    for name in ("exdates", "rdates"):
        if name in spec:
            kw[name] = [T(x) for x in spec[name]]
    if "parent" in spec:
        kw["parent"] = by_key[spec["parent"]]
        kw["recurrence_id"] = T(spec["recurrence_id"])
    org = spec.get("org")
    e = add(spec["feed"], spec["key"], spec["summary"], spec["start"], spec.get("end"),
            who=spec.get("who", ()), keynote=spec.get("keynote", ()),
            needs=spec.get("needs", ()), declined=spec.get("declined", ()),
            ext=[tuple(x) for x in spec.get("ext", ())], chair=spec.get("chair"),
            org=tuple(org) if isinstance(org, list) else org, **kw)
    for a in spec.get("also", ()):
        e.attendees.append(Att(a.get("who", ""), a.get("role") or "REQ-PARTICIPANT",
                               a.get("partstat") or "ACCEPTED", a.get("cn", ""),
                               a.get("email", "")))
    return e


# ---------------------------------------------------------------------------------------------
# Filler
# ---------------------------------------------------------------------------------------------

TOPICS_EN: dict[str, list[str]] = _FILLER_DATA["topics_en"]
TOPICS_ZH: dict[str, list[str]] = _FILLER_DATA["topics_zh"]
SHORT: dict[str, str] = _FILLER_DATA["short"]
TYPES_EN: list[str] = _FILLER_DATA["words"]["types_en"]
TYPES_ZH: list[str] = _FILLER_DATA["words"]["types_zh"]
EXTERNAL_EN = [(x["name"], x["subject"], x["email"]) for x in _FILLER_DATA["external"]]
INTERVIEW_EN: list[str] = _FILLER_DATA["words"]["interviews_en"]
COUNTIES = [tuple(c) for c in _FILLER_DATA["words"]["counties"]]
# research topic (zh, en), the leaders whose portfolio it is (None: anyone), sites (zh, en)
RESEARCH = [(r["zh"], r["en"], r.get("leaders"), [tuple(x) for x in r["sites"]])
            for r in _FILLER_DATA["research"]]
TITLE_ZH: dict[str, str] = _FILLER_DATA["title_zh"]
# research visits per leader in the eight weeks (designed ones included)
RESEARCH_TARGET: dict[str, int] = _FILLER_DATA["research_target"]


def weekdays() -> list[date]:
    out, d = [], WINDOW_START
    while d < WINDOW_END:
        if d.weekday() < 5 and d not in HOLIDAYS:
            out.append(d)
        d += timedelta(days=1)
    return out


class Busy:
    """Per person: the intervals they are taken (local naive datetimes)."""

    def __init__(self) -> None:
        self.by_person: dict[str, list[tuple[datetime, datetime]]] = {}

    def add(self, person: str, s: datetime, e: datetime) -> None:
        self.by_person.setdefault(person, []).append((s, e))

    def free(self, person: str, s: datetime, e: datetime) -> bool:
        return all(e <= a or s >= b for a, b in self.by_person.get(person, []))


def occurrences(e: Event, cancelled: bool = False) -> list[tuple[datetime, datetime]]:
    """(start, end) of every occurrence in the window; all-day -> midnight to midnight.

    Cancelled events have none unless *cancelled* is true."""
    if e.status == "CANCELLED" and not cancelled:
        return []
    if isinstance(e.start, datetime):
        length = (e.duration if e.duration is not None
                  else (e.end - e.start if e.end is not None else timedelta(0)))
        starts = [e.start]
    else:
        length = (e.end - e.start) if e.end is not None else timedelta(days=1)
        starts = [datetime.combine(e.start, datetime.min.time())]
    if e.rule:
        starts = expand(e)
    return [(s, s + length) for s in starts]


def expand(e: Event) -> list[datetime]:
    r = e.rule
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    out: list[datetime] = []
    limit = datetime.combine(WINDOW_END, datetime.min.time())
    week0 = e.start.date() - timedelta(days=e.start.weekday())
    d = e.start.date()
    while True:
        s = datetime.combine(d, e.start.time())
        if (r.count is not None and len(out) >= r.count) or (r.until and s > r.until) \
                or s >= limit:
            break
        weeks = (d - week0).days // 7
        if days[d.weekday()] in r.byday and weeks % r.interval == 0:
            out.append(s)
        d += timedelta(days=1)
    out = [s for s in out if s not in e.exdates] + list(e.rdates)
    overridden = {x.recurrence_id for x in EVENTS if x.parent is e}
    return sorted(s for s in out if s not in overridden)


def build_busy() -> Busy:
    busy = Busy()
    for e in EVENTS:
        for s, t in occurrences(e):
            for p in e.people():
                busy.add(p, s, t)
    return busy


def fill(rng: random.Random) -> None:  # noqa: C901
    busy = build_busy()
    days = weekdays()
    starts_am = ["08:30", "09:00", "09:30", "10:00", "10:30", "11:00"]
    starts_pm = ["14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]
    # dept-days already used by designed events
    dept_days: set[tuple[str, date]] = set()
    for e in EVENTS:
        for s, _t in occurrences(e):
            for p in e.people():
                dept_days.add((PEOPLE[p].dept, s.date()))
    last_topic: dict[tuple[str, str], date] = {}
    externals: list[tuple[str, str, str]] = []

    def slot(day: date, people: list[str], durations: list[int]):
        for _ in range(30):
            hhmm = rng.choice(starts_am + starts_pm)
            minutes = rng.choice(durations)
            s = datetime.combine(day, datetime.strptime(hhmm, "%H:%M").time())
            t = s + timedelta(minutes=minutes)
            noon = datetime.combine(day, datetime.strptime("12:00", "%H:%M").time())
            close = datetime.combine(day, datetime.strptime("18:00", "%H:%M").time())
            if (s < noon < t) or t > close:
                continue
            if all(busy.free(p, s, t) for p in people):
                return s, t
        return None

    def commit(e: Event) -> None:
        e.filler = True
        for s, t in occurrences(e):
            for p in e.people():
                busy.add(p, s, t)

    def pick_topic(dept: str, lang: str, day: date) -> str:
        pool = (TOPICS_EN if lang == "en" else TOPICS_ZH)[dept]
        options = [t for t in pool if (day - last_topic.get((lang, t), date.min)).days > 12]
        topic = rng.choice(options or pool)
        last_topic[(lang, topic)] = day
        return topic

    n = 0
    for day in days:
        # department routines: at most one per department per day
        for dept in DEPTS:
            if (dept, day) in dept_days or rng.random() > 0.62:
                continue
            zh, en, _box, chiefs, staff, rooms_zh, rooms_en = DEPTS[dept]
            people = rng.sample(staff, k=min(len(staff), rng.choice([2, 2, 3, 3, 4])))
            if rng.random() < 0.2:
                people.append(rng.choice(chiefs))
            if rng.random() < 0.25:
                other = rng.choice([k for k in PEOPLE if PEOPLE[k].role == "staff"
                                    and PEOPLE[k].dept != dept])
                people.append(other)
            got = slot(day, people, [30, 45, 60, 60, 90, 90, 120])
            if not got:
                continue
            lang = "zh" if rng.random() < 0.5 else "en"
            feed = "zh" if lang == "zh" else "google"
            topic = pick_topic(dept, lang, day)
            n += 1
            if lang == "zh":
                kind_word = rng.choice(TYPES_ZH)
                summary = (zh if rng.random() < 0.4 else "") + topic + kind_word
                room = rng.choice(rooms_zh)
                desc = (f"会议议程：\n一、通报{topic}工作进展情况；\n"
                        f"二、研究存在的困难和问题，明确责任分工；\n三、部署下一阶段重点任务。\n"
                        f"请参会同志提前准备书面材料，会议时间控制在"
                        f"{int((got[1] - got[0]).total_seconds() // 60)}分钟以内。")
            else:
                kind_word = rng.choice(TYPES_EN)
                head = (SHORT[dept] + ": ") if rng.random() < 0.3 else ""
                summary = head + topic[0].upper() + topic[1:] + " " + kind_word
                room = rng.choice(rooms_en)
                desc = (f"Agenda:\n1. Progress on {topic}\n2. Issues needing coordination, "
                        f"owners; deadlines\n3. Next steps")
            e = add(feed, f"f{n:03d}", summary, got[0], got[1], org=dept,
                    chair=people[0] if feed == "zh" else None,
                    who=people[1:] if feed == "zh" else people, location=room,
                    description=desc)
            commit(e)
            dept_days.add((dept, day))
        # leaders' briefings, meetings with outside bodies, talks
        for leader in LEADERS:
            if rng.random() > 0.4:
                continue
            mode = rng.choice(["brief", "brief", "external", "talk", "office"])
            depts = ([d for d in DEPTS if d != "GO"] if leader in ("wjg", "cwd")
                     else [d for d, v in DEPTS.items() if leader in v[3]])
            dept = rng.choice(depts)
            head = DEPTS[dept][4][0]
            people = [leader, head] + ([DEPTS[dept][4][1]] if rng.random() < 0.5 else [])
            if mode == "talk" and leader not in ("wjg", "cwd", "slp"):
                mode = "brief"
            got = slot(day, people, [30, 45, 60, 60, 90])
            if not got:
                continue
            n += 1
            topic_en = pick_topic(dept, "en", day)
            topic_zh = pick_topic(dept, "zh", day)
            if mode == "brief":
                e = add("outlook", f"f{n:03d}",
                        f"Briefing from the {DEPTS[dept][1]} on {topic_en}", got[0], got[1],
                        org=leader, who=people[1:],
                        location="Municipal Government Building, Room "
                                 f"{600 + LEADERS.index(leader) * 2}",
                        description=f"{DEPTS[dept][1]} reports on {topic_en}; decisions needed "
                                    f"from the leader in charge.")
            elif mode == "external":
                if not externals:
                    externals.extend(EXTERNAL_EN)
                org_name, subject, mail = externals.pop(rng.randrange(len(externals)))
                e = add("outlook", f"f{n:03d}", f"Meeting with {org_name} on {subject}",
                        got[0], got[1], org=leader, who=people[1:], ext=[(org_name, mail)],
                        location="Municipal Government Building, Reception Room 2",
                        description=f"Courtesy meeting and talks on {subject}.")
            elif mode == "talk":
                e = add("outlook", f"f{n:03d}", rng.choice(INTERVIEW_EN), got[0], got[1],
                        org=leader, who=people[1:],
                        location="Municipal Government Building, Room 601",
                        description="Confidential. Personnel matters.")
            else:
                e = add("office", f"f{n:03d}",
                        f"{PEOPLE[leader].name}{TITLE_ZH[leader]}听取{DEPTS[dept][0]}"
                        f"{topic_zh}工作汇报",
                        got[0], got[1], chair=leader, who=people[1:],
                        location=rng.choice(["市政府3号会议室", "市政府5楼小会议室"]),
                        description=f"{DEPTS[dept][0]}汇报{topic_zh}工作进展、存在问题和下一步"
                                    f"打算，请分管领导研究决定。")
            commit(e)
    # research visits: top up every leader to RESEARCH_TARGET
    have: dict[str, set[date]] = {k: set() for k in LEADERS}
    for e in EVENTS:
        if e.kind == "research":
            for s, _t in occurrences(e):
                for p in e.people():
                    if p in have:
                        have[p].add(s.date())
    used_locations: list[tuple[str, datetime, datetime]] = [
        (e.location, s, t) for e in EVENTS if e.kind == "research" for s, t in occurrences(e)]
    for leader in LEADERS:
        tries = 0
        while len(have[leader]) < RESEARCH_TARGET[leader] and tries < 400:
            tries += 1
            day = rng.choice(days)
            if day in have[leader] or day > date(2027, 1, 5):
                continue
            cz, ce = rng.choice(COUNTIES)
            tz, te, _who, sites = rng.choice([r for r in RESEARCH if r[2] is None
                                              or leader in r[2]])
            sz, se = rng.choice(sites)
            companion = rng.choice(["zl", "wm", "hj"] if leader in ("wjg", "cwd", "slp")
                                   else [s for d in DEPTS.values() if leader in d[3]
                                         for s in d[4]] or ["wm"])
            people = [leader, companion]
            got = slot(day, people, [120, 150, 180, 210])
            if not got:
                continue
            zh_loc, en_loc = f"{cz}{sz}", f"{ce}, {se}"
            if any(loc in (zh_loc, en_loc) and not (got[1] <= a or got[0] >= b)
                   for loc, a, b in used_locations):
                continue
            n += 1
            if rng.random() < 0.5:
                e = add("office", f"f{n:03d}",
                        f"{PEOPLE[leader].name}{TITLE_ZH[leader]}赴{cz}调研{tz}", got[0], got[1],
                        who=people, kind="research", location=zh_loc,
                        description=f"实地查看{sz}，与基层干部群众座谈，了解{tz}情况，"
                                    f"现场协调解决实际问题。轻车简从，不安排陪同。")
                used_locations.append((zh_loc, got[0], got[1]))
            else:
                verb = rng.choice(["Research visit", "Investigation visit"])
                e = add("outlook", f"f{n:03d}", f"{verb}: {te} in {ce}", got[0], got[1],
                        org=leader, who=people[1:], kind="research", location=en_loc,
                        description=f"On-site visit to the {se}; talk with village cadres and "
                                    f"residents about {te}. No welcome banners, no escorts.")
                used_locations.append((en_loc, got[0], got[1]))
            commit(e)
            have[leader].add(day)


# ---------------------------------------------------------------------------------------------
# Self-checks
# ---------------------------------------------------------------------------------------------


def overlaps() -> list[tuple[str, Event, Event, datetime]]:
    occ = []
    for e in EVENTS:
        for s, t in occurrences(e):
            occ.append((s, t, e))
    occ.sort(key=lambda x: (x[0], x[2].key))
    found = []
    for i, (s1, t1, e1) in enumerate(occ):
        for s2, t2, e2 in occ[i + 1:]:
            if s2 >= t1:
                break
            if e1 is e2 or s2 == t2 or s1 == t1:
                continue
            for p in e1.people():
                if p in e2.people():
                    found.append((p, e1, e2, s2))
    return found


def research_pairs() -> list[tuple[Event, Event]]:
    res = [(s, t, e) for e in EVENTS if e.kind == "research" for s, t in occurrences(e)]
    pairs = []
    for i, (s1, t1, e1) in enumerate(res):
        for s2, t2, e2 in res[i + 1:]:
            if e1.location == e2.location and s1 < t2 and s2 < t1:
                l1 = [p for p in e1.people() if PEOPLE[p].role == "leader"]
                l2 = [p for p in e2.people() if PEOPLE[p].role == "leader"]
                if l1 and l2 and set(l1) != set(l2):
                    pairs.append((e1, e2))
    return pairs


def self_check() -> list[tuple[str, Event, Event, datetime]]:
    problems = []
    ov = overlaps()
    for p, a, b, _s in ov:
        if not (a.overlap and a.overlap == b.overlap):
            problems.append(f"unplanned overlap for {p}: {a.key} {a.summary!r} / "
                            f"{b.key} {b.summary!r}")
    designed_teams = {("r1a", "r1b"), ("r2a", "r2b"), ("r2a", "r2c"), ("r2b", "r2c")}
    for a, b in research_pairs():
        if tuple(sorted((a.key, b.key))) not in designed_teams:
            problems.append(f"unplanned research team: {a.key} / {b.key}")
    for e in EVENTS:
        got = mirror_kind(e)
        if got != e.kind and not e.trap:
            problems.append(f"{e.key} {e.summary!r}: intended {e.kind}, keywords say {got}")
        if e.filler:
            text = " ".join([e.summary, e.location, e.description]).lower()
            bad = [w for w in FILLER_TABOO + [w for ws in KW.values() for w in ws]
                   if w in text and not (e.kind == "research" and w in KW["research"])]
            if bad:
                problems.append(f"filler {e.key} {e.summary!r} contains {bad}")
            if e.kind != "research":
                for s, t in occurrences(e):
                    assert t - s <= timedelta(hours=4)
        for s, t in occurrences(e):
            if isinstance(e.start, datetime) and not e.kind == "plenary" and (
                    s.weekday() >= 5 or s.time() < datetime.strptime("08:30", "%H:%M").time()):
                problems.append(f"{e.key} outside working days/hours: {s}")
    if problems:
        raise SystemExit("self-check failed:\n  " + "\n  ".join(problems))
    return ov


# ---------------------------------------------------------------------------------------------
# iCalendar writing (RFC 5545)
# ---------------------------------------------------------------------------------------------


def esc(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def pval(v: str, force_quote: bool = False) -> str:
    assert '"' not in v
    return f'"{v}"' if force_quote or any(c in v for c in ":;,") else v


def fold(line: str) -> bytes:
    """Fold one content line at 75 octets, never inside a UTF-8 character."""
    out, cur, limit = [], b"", 75
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > limit:
            out.append(cur)
            cur, limit = b" ", 75
        cur += b
    out.append(cur)
    return b"\r\n".join(out) + b"\r\n"


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, name: str, value: str, **params: str) -> None:
        p = "".join(f";{k.replace('_', '-')}={v}" for k, v in params.items())
        self.lines.append(f"{name}{p}:{value}")

    def bytes(self) -> bytes:
        return b"".join(fold(line) for line in self.lines)


def utc(dt: datetime) -> str:
    return (dt - OFFSET).strftime("%Y%m%dT%H%M%SZ")


def local(dt: datetime) -> str:
    return dt.strftime("%Y%m%dT%H%M%S")


def stamp(e: Event, days_before: int) -> datetime:
    """Deterministic CREATED/LAST-MODIFIED, some days before the event (UTC)."""
    start = e.start if isinstance(e.start, datetime) else datetime.combine(
        e.start, datetime.min.time())
    h = int(hashlib.sha1(e.key.encode()).hexdigest()[:6], 16)
    t = start - timedelta(days=days_before + h % 9, minutes=h % 600)
    return min(t, EXPORTED - timedelta(hours=2 + h % 20))


def make_uid(e: Event) -> str:
    if e.parent is not None:
        return e.parent.uid
    h = hashlib.sha1(("leanmeet-sample:" + e.key).encode()).hexdigest()
    if e.feed == "outlook":
        return ("040000008200E00074C5B7101A82E00800000000" + h[:16] +
                "000000000000000010000000" + h[16:48]).upper()
    if e.feed == "google":
        return base64.b32encode(bytes.fromhex(h)).decode().lower().rstrip("=")[:26] + \
            "@google.com"
    if e.feed == "office":
        return f"tsgo-{h[:20]}@office.{DOMAIN}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "https://tianshui.gov.cn/sample/" + e.key))


def rrule_text(r: Rule, feed: str) -> str:
    parts = [f"FREQ={r.freq}"]
    if r.until:
        parts.append(f"UNTIL={utc(r.until)}")
    if r.count:
        parts.append(f"COUNT={r.count}")
    if r.interval != 1 or feed == "outlook":
        parts.append(f"INTERVAL={r.interval}")
    parts.append("BYDAY=" + ",".join(r.byday))
    if feed == "outlook":
        parts.append("WKST=SU")
    return ";".join(parts)


VTZ_SHANGHAI = ["BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "X-LIC-LOCATION:Asia/Shanghai",
                "BEGIN:STANDARD", "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST",
                "DTSTART:19700101T000000", "END:STANDARD", "END:VTIMEZONE"]
VTZ_WINDOWS = ["BEGIN:VTIMEZONE", "TZID:China Standard Time", "BEGIN:STANDARD",
               "DTSTART:16010101T000000", "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800",
               "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:16010101T000000",
               "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "END:DAYLIGHT", "END:VTIMEZONE"]


def when(w: Writer, name: str, value, e: Event, tzid: str | None) -> None:
    if isinstance(value, datetime):
        if tzid:
            w(name, local(value), TZID=pval(tzid))
        else:
            w(name, utc(value))
    else:
        w(name, value.strftime("%Y%m%d"), VALUE="DATE")


def person_cn(key: str, feed: str) -> str:
    p = PEOPLE[key]
    if feed == "google":  # Google writes the e-mail as CN when it knows no name
        return p.email if p.role == "staff" and hash_bit(key) else p.pinyin
    return p.name


def hash_bit(key: str) -> bool:
    return hashlib.sha1(key.encode()).digest()[0] % 2 == 0


def attendee_lines(w: Writer, e: Event) -> None:
    for a in e.attendees:
        email = a.email or PEOPLE[a.who].email
        cn = a.cn or (person_cn(a.who, e.feed) if a.who else email)
        if e.feed == "outlook":
            params = {"CN": pval(cn, True), "ROLE": a.role, "PARTSTAT": a.partstat,
                      "RSVP": "TRUE"}
        elif e.feed == "google":
            params = {"CUTYPE": "INDIVIDUAL", "ROLE": a.role, "PARTSTAT": a.partstat,
                      "CN": pval(cn), "X_NUM_GUESTS": "0"}
        else:
            params = {"CN": pval(cn), "ROLE": a.role, "PARTSTAT": a.partstat}
        w("ATTENDEE", f"mailto:{email}", **params)


def write_event(w: Writer, e: Event) -> None:
    feed = e.feed
    tzid = {"office": "Asia/Shanghai", "zh": "Asia/Shanghai",
            "outlook": "China Standard Time"}.get(feed)
    if feed == "google" and e.utc is False:
        tzid = "Asia/Shanghai"
    created = stamp(e, 6)
    modified = (max(stamp(e, 2), created) if e.sequence == 0
                else max(created, EXPORTED - timedelta(hours=30)))
    w("BEGIN", "VEVENT")
    if feed == "outlook":
        attendee_lines(w, e)
        w("CLASS", "PUBLIC")
        w("CREATED", utc(created + OFFSET))
        if e.description:
            w("DESCRIPTION", esc(e.description))
        if e.categories:
            w("CATEGORIES", ",".join(esc(c) for c in e.categories))
        if e.end is not None:
            when(w, "DTEND", e.end, e, tzid)
        w("DTSTAMP", utc(EXPORTED + OFFSET))
        when(w, "DTSTART", e.start, e, tzid)
        for x in e.exdates:
            when(w, "EXDATE", x, e, tzid)
        w("LAST-MODIFIED", utc(modified + OFFSET))
        if e.location:
            w("LOCATION", esc(e.location), LANGUAGE="zh-cn" if _has_cjk(e.location) else "en-us")
        if e.organizer:
            w("ORGANIZER", f"mailto:{e.organizer[1]}", CN=pval(e.organizer[0], True))
        w("PRIORITY", "1" if e.kind in ("ceremony", "commercial") else "5")
        if e.recurrence_id:
            when(w, "RECURRENCE-ID", e.recurrence_id, e, tzid)
        if e.rule:
            w("RRULE", rrule_text(e.rule, feed))
        w("SEQUENCE", str(e.sequence))
        if e.status == "CANCELLED":
            w("STATUS", "CANCELLED")
        w("SUMMARY", esc(e.summary), LANGUAGE="zh-cn" if e.lang == "zh" else "en-us")
        w("TRANSP", "OPAQUE")
        w("UID", e.uid)
        if e.description and e.key in ("rec-weekly-leaders", "h1", "m3a"):
            html = "<html><body><p>" + e.description.replace("\n", "<br>") + "</p></body></html>"
            w("X-ALT-DESC", esc(html), FMTTYPE="text/html")
        w("X-MICROSOFT-CDO-BUSYSTATUS",
          "TENTATIVE" if any(a.partstat == "NEEDS-ACTION" for a in e.attendees) else "BUSY")
        w("X-MICROSOFT-CDO-IMPORTANCE", "2" if e.kind in ("ceremony", "commercial") else "1")
        w("X-MICROSOFT-CDO-INSTTYPE", "1" if e.rule else ("3" if e.recurrence_id else "0"))
        w("X-MICROSOFT-DISALLOW-COUNTER", "FALSE")
        w("X-MS-OLK-AUTOFILLLOCATION", "FALSE")
        w("X-MS-OLK-CONFTYPE", "0")
    elif feed == "google":
        when(w, "DTSTART", e.start, e, tzid)
        if e.duration is not None:
            w("DURATION", "PT" + (f"{e.duration.seconds // 3600}H" if e.duration.seconds >= 3600
                                  else "") + (f"{e.duration.seconds % 3600 // 60}M"
                                              if e.duration.seconds % 3600 else ""))
        elif e.end is not None:
            when(w, "DTEND", e.end, e, tzid)
        if e.rule:
            w("RRULE", rrule_text(e.rule, feed))
        w("DTSTAMP", utc(EXPORTED + OFFSET))
        if e.organizer:
            w("ORGANIZER", f"mailto:{e.organizer[1]}", CN=pval(e.organizer[0]))
        w("UID", e.uid)
        if e.recurrence_id:
            when(w, "RECURRENCE-ID", e.recurrence_id, e, tzid)
        attendee_lines(w, e)
        if e.categories:
            w("CATEGORIES", ",".join(esc(c) for c in e.categories))
        w("CREATED", utc(created + OFFSET))
        if e.description:
            w("DESCRIPTION", esc(e.description))
        w("LAST-MODIFIED", utc(modified + OFFSET))
        if e.location:
            w("LOCATION", esc(e.location))
        w("SEQUENCE", str(e.sequence))
        w("STATUS", e.status)
        w("SUMMARY", esc(e.summary))
        w("TRANSP", "OPAQUE")
    else:
        w("UID", e.uid)
        w("DTSTAMP", utc(EXPORTED + OFFSET))
        when(w, "DTSTART", e.start, e, tzid)
        if e.duration is not None:
            w("DURATION", "PT%dH%dM" % (e.duration.seconds // 3600,
                                        e.duration.seconds % 3600 // 60))
        elif e.end is not None:
            when(w, "DTEND", e.end, e, tzid)
        if e.rule:
            w("RRULE", rrule_text(e.rule, feed))
        for x in e.exdates:
            when(w, "EXDATE", x, e, tzid)
        for x in e.rdates:
            when(w, "RDATE", x, e, tzid)
        if e.recurrence_id:
            when(w, "RECURRENCE-ID", e.recurrence_id, e, tzid)
        w("SUMMARY", esc(e.summary))
        if e.location:
            w("LOCATION", esc(e.location))
        if e.description:
            w("DESCRIPTION", esc(e.description))
        if e.categories:
            w("CATEGORIES", ",".join(esc(c) for c in e.categories))
        if e.organizer:
            w("ORGANIZER", f"mailto:{e.organizer[1]}", CN=pval(e.organizer[0]))
        attendee_lines(w, e)
        w("STATUS", e.status)
        w("SEQUENCE", str(e.sequence))
        w("CREATED", utc(created + OFFSET))
        w("LAST-MODIFIED", utc(modified + OFFSET))
        w("TRANSP", "OPAQUE")
    w("END", "VEVENT")


HEADERS = {
    "office": [("PRODID",
                "-//Tianshui Municipal Government Office//Leader Activity Schedule 1.0//ZH"),
               ("VERSION", "2.0"), ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH"),
               ("X-WR-CALNAME", "天水市人民政府办公室 · 领导活动安排"),
               ("X-WR-TIMEZONE", "Asia/Shanghai")],
    "outlook": [("PRODID", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"),
                ("VERSION", "2.0"), ("METHOD", "PUBLISH"),
                ("X-CALSTART", "20261116T000000Z"), ("X-CALEND", "20270110T235959Z"),
                ("X-CLIPSTART", "20261115T160000Z"), ("X-CLIPEND", "20270110T160000Z"),
                ("X-WR-RELCALID", "{0000002E-5A6B-1E3C-7D41-0A1B2C3D4E5F}"),
                ("X-WR-CALNAME", "Leaders' calendars 市政府领导日程"),
                ("X-PRIMARY-CALENDAR", "TRUE"), ("X-OWNER;CN=\"孙立平\"",
                                                 "mailto:sun.liping@" + DOMAIN),
                ("X-MS-OLK-WKHRSTART;TZID=\"China Standard Time\"", "083000"),
                ("X-MS-OLK-WKHREND;TZID=\"China Standard Time\"", "180000"),
                ("X-MS-OLK-WKHRDAYS", "MO,TU,WE,TH,FR")],
    "google": [("PRODID", "-//Google Inc//Google Calendar 70.9054//EN"), ("VERSION", "2.0"),
               ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH"),
               ("X-WR-CALNAME", "Tianshui Departments (shared)"),
               ("X-WR-TIMEZONE", "Asia/Shanghai"),
               ("X-WR-CALDESC", "Shared calendar of the municipal departments\\, kept by the "
                                "department offices.")],
    "zh": [("PRODID", "-//天水市电子政务办//部门会议管理系统 3.2//ZH"), ("VERSION", "2.0"),
           ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH"),
           ("X-WR-CALNAME", "天水市各部门会议安排"), ("X-WR-TIMEZONE", "Asia/Shanghai"),
           ("X-WR-CALDESC", "由部门会议管理系统导出，含市直各部门会议、培训和"
                            "邀请市领导出席的活动。")],
}


def sort_key(e: Event):
    base = e.parent or e
    s = base.start if isinstance(base.start, datetime) else datetime.combine(
        base.start, datetime.min.time())
    return (s, base.key, 0 if e.parent is None else 1, e.key)


def write_feed(feed: str) -> bytes:
    w = Writer()
    w.lines.append("BEGIN:VCALENDAR")
    for name, value in HEADERS[feed]:
        w.lines.append(f"{name}:{value}")
    if feed == "outlook":
        w.lines += VTZ_WINDOWS
    else:
        w.lines += VTZ_SHANGHAI
    for e in sorted((e for e in EVENTS if e.feed == feed), key=sort_key):
        write_event(w, e)
    w.lines.append("END:VCALENDAR")
    return w.bytes()


# ---------------------------------------------------------------------------------------------
# Roster, cases.json, README
# ---------------------------------------------------------------------------------------------


def roster_csv() -> bytes:
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow(["name", "email", "role", "title", "department", "liaison"])
    for p in PEOPLE.values():
        wr.writerow([p.name, p.email, p.role, p.title, p.department, "; ".join(liaison(p.key))])
    return buf.getvalue().encode("utf-8")


def liaison(key: str) -> list[str]:
    """The departments a leader is in charge of (the leaders in charge of DEPTS), in Chinese
    and English: the roster's ``liaison`` column."""
    out: list[str] = []
    for zh, en, _box, chiefs, *_ in DEPTS.values():
        if key in chiefs:
            out += [zh, en]
    return out


def iso(v) -> str:
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"
    return v.isoformat()


def event_ref(e: Event) -> dict:
    return {"file": FEED_FILES[e.feed], "uid": e.uid,
            "recurrence_id": iso(e.recurrence_id) if e.recurrence_id else None,
            "start": iso(e.start), "summary": e.summary, "kind": e.kind,
            "status": e.status}


def cases_json(ov) -> bytes:
    doc = {
        "about": "Expected outcomes of the sample calendars; generated by generate.py.",
        "window": {"from": WINDOW_START.isoformat(), "to": (WINDOW_END - timedelta(days=1))
                   .isoformat(), "today": TODAY.isoformat()},
        "cases": [{"case": c["case"], "rule": c["rule"], "expect": c["expect"],
                   "note": c["note"], "events": [event_ref(e) for e in c["events"]]}
                  for c in CASES],
        "double_bookings": [{"person": PEOPLE[p].email, "events": [event_ref(a), event_ref(b)],
                             "at": iso(s)} for p, a, b, s in ov],
        "research_days": research_days(),
        "counts": counts(),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def research_days() -> dict:
    out = {}
    for k in LEADERS:
        days = sorted({s.date() for e in EVENTS if e.kind == "research" and k in e.people()
                       for s, _t in occurrences(e)})
        out[PEOPLE[k].email] = {"in_window": len(days),
                                "to_today": len([d for d in days if d <= TODAY])}
    return out


def counts() -> dict:
    out = {}
    for feed, name in FEED_FILES.items():
        evs = [e for e in EVENTS if e.feed == feed]
        out[name] = {"vevents": len(evs), "recurring": sum(1 for e in evs if e.rule),
                     "overrides": sum(1 for e in evs if e.parent is not None),
                     "cancelled": sum(1 for e in evs if e.status == "CANCELLED"),
                     "occurrences_in_window": sum(len(occurrences(e, True)) for e in evs)}
    return out


README_HEAD = (DATA_DIR / "readme_template.md").read_text(encoding="utf-8")


def md(text: str) -> str:
    return text.replace("|", "\\|")


def readme(ov, nfile: dict) -> bytes:
    files = "\n".join(
        f"| `{name}` | {desc} | {c['vevents']} | {c['recurring']} | {c['overrides']} | "
        f"{c['cancelled']} | "
        f"{c['occurrences_in_window']} |"
        for (feed, name), desc, c in zip(FEED_FILES.items(),
                                         ["office feed (`--arranged`)", "Outlook/Exchange",
                                          "Google Calendar", "Chinese departments"],
                                         [nfile[n] for n in FEED_FILES.values()]))
    rows = []
    for c in CASES:
        titles = "<br>".join(f"`{md(e.summary)}`" if c["case"] == "T1" else md(e.summary)
                             for e in c["events"])
        where = "<br>".join(FEED_FILES[e.feed] for e in c["events"])
        rows.append(f"| {c['case']} | {c['rule']} | {md(c['expect'])} | {titles} | {where} | "
                    f"{md(c['note'])} |")
    orows = [f"| {PEOPLE[p].name} | {md(a.summary)} | {md(b.summary)} | "
             f"{s.strftime('%Y-%m-%d %H:%M')} |" for p, a, b, s in ov]
    rd = research_days()
    rrows = [f"| {PEOPLE[k].name} | {PEOPLE[k].title} | {rd[PEOPLE[k].email]['in_window']} | "
             f"{rd[PEOPLE[k].email]['to_today']} |" for k in LEADERS]
    text = README_HEAD % {
        "seed": SEED, "files": files, "nleaders": len(LEADERS),
        "nstaff": sum(p.role == "staff" for p in PEOPLE.values()),
        "nmedia": sum(p.role == "media" for p in PEOPLE.values()), "cases": "\n".join(rows),
        "overlaps": "\n".join(orows), "research": "\n".join(rrows)}
    return text.encode("utf-8")


# ---------------------------------------------------------------------------------------------


def build() -> dict[str, bytes]:
    EVENTS.clear()
    CASES.clear()
    designed()
    fill(random.Random(SEED))
    designed(after_filler=True)
    ov = self_check()
    for e in EVENTS:
        if e.parent is None:
            e.uid = make_uid(e)
    for e in EVENTS:
        if e.parent is not None:
            e.uid = make_uid(e)
    uids = [e.uid for e in EVENTS if e.parent is None]
    assert len(uids) == len(set(uids))
    out = {name: write_feed(feed) for feed, name in FEED_FILES.items()}
    out["roster.csv"] = roster_csv()
    out["cases.json"] = cases_json(ov)
    out["README.md"] = readme(ov, counts())
    return out


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    target.mkdir(parents=True, exist_ok=True)
    files = build()
    for name, data in files.items():
        (target / name).write_bytes(data)
    total = sum(counts()[n]["vevents"] for n in FEED_FILES.values())
    print(f"wrote {len(files)} files to {target} ({total} VEVENTs)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
