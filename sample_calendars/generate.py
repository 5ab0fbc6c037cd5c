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


_PEOPLE_ROWS = [
    # key, name, pinyin, role, title, department, dept key
    ("wjg", "王建国", "Wang Jianguo", "leader", "Mayor", "市政府", "GOV"),
    ("cwd", "陈卫东", "Chen Weidong", "leader", "市委书记", "市委", "PC"),
    ("lhm", "李红梅", "Li Hongmei", "leader", "常务副市长", "市政府", "GOV"),
    ("zzq", "张志强", "Zhang Zhiqiang", "leader", "Vice Mayor", "市政府", "GOV"),
    ("lxy", "刘晓燕", "Liu Xiaoyan", "leader", "副市长", "市政府", "GOV"),
    ("zgq", "赵国庆", "Zhao Guoqing", "leader", "Vice Mayor", "市政府", "GOV"),
    ("slp", "孙立平", "Sun Liping", "leader", "Secretary-General of the Municipal Government",
     "市政府", "GOV"),
    ("zht", "周海涛", "Zhou Haitao", "leader", "市政府副秘书长", "市政府办公室", "GO"),
    ("wm", "吴敏", "Wu Min", "staff", "综合科科长", "市政府办公室", "GO"),
    ("zl", "郑磊", "Zheng Lei", "staff", "Secretary to the Mayor", "市政府办公室", "GO"),
    ("hj", "黄静", "Huang Jing", "staff", "督查室主任", "市政府办公室", "GO"),
    ("mj", "马骏", "Ma Jun", "staff", "Director", "Development and Reform Commission", "DRC"),
    ("hxf", "胡晓峰", "Hu Xiaofeng", "staff", "重点项目科科长", "Development and Reform Commission",
     "DRC"),
    ("lx", "林雪", "Lin Xue", "staff", "Planning Officer", "Development and Reform Commission",
     "DRC"),
    ("gjj", "高建军", "Gao Jianjun", "staff", "局长", "应急管理局", "EMB"),
    ("hy", "何勇", "He Yong", "staff", "Chief, Work Safety Supervision Section", "应急管理局",
     "EMB"),
    ("ld", "罗丹", "Luo Dan", "staff", "值班室主任", "应急管理局", "EMB"),
    ("st", "宋涛", "Song Tao", "staff", "Chief, Flood Control and Drought Relief Section",
     "应急管理局", "EMB"),
    ("xf", "谢芳", "Xie Fang", "staff", "Director-General", "Education Bureau", "EDU"),
    ("hb", "韩冰", "Han Bing", "staff", "基础教育科科长", "Education Bureau", "EDU"),
    ("tl", "唐亮", "Tang Liang", "staff", "局长", "住建局", "HOU"),
    ("fyq", "冯雅琴", "Feng Yaqin", "staff", "建筑安全监管科科长", "住建局", "HOU"),
    ("cg", "曹刚", "Cao Gang", "staff", "Chief, Urban Construction Section", "住建局", "HOU"),
    ("xh", "许慧", "Xu Hui", "staff", "局长", "Commerce Bureau", "COM"),
    ("dc", "邓超", "Deng Chao", "staff", "Chief, Foreign Trade Section", "Commerce Bureau", "COM"),
    ("pl", "彭丽", "Peng Li", "staff", "Director-General", "文旅局", "CT"),
    ("jw", "蒋文", "Jiang Wen", "staff", "文物科科长", "文旅局", "CT"),
    ("dm", "董明", "Dong Ming", "staff", "副局长", "Water Resources Bureau", "WAT"),
]


def _email(pinyin: str) -> str:
    return pinyin.lower().replace(" ", ".") + "@" + DOMAIN


PEOPLE: dict[str, Person] = {
    r[0]: Person(r[0], r[1], r[2], _email(r[2]), r[3], r[4], r[5], r[6]) for r in _PEOPLE_ROWS
}
LEADERS = [k for k, p in PEOPLE.items() if p.role == "leader"]

# dept key -> zh name, en name, mailbox, leaders in charge, staff, rooms (zh), rooms (en)
DEPTS = {
    "GO": ("市政府办公室", "Government Office", "office", ["slp", "zht"], ["wm", "zl", "hj"],
           ["市政府3号会议室", "市政府5楼小会议室"],
           ["Government Office, Room 305", "Municipal Government Building, Conference Room 5"]),
    "DRC": ("发改委", "Development and Reform Commission", "fgw", ["zgq", "lhm"],
            ["mj", "hxf", "lx"], ["发改委5楼会议室", "发改委视频会议室"],
            ["DRC Conference Room 501", "DRC video conference room"]),
    "EMB": ("应急管理局", "Emergency Management Bureau", "yjj", ["zzq"], ["gjj", "hy", "ld", "st"],
            ["应急指挥中心会商室", "应急管理局3楼会议室"],
            ["Emergency Command Center, consultation room", "EMB Room 302"]),
    "EDU": ("教育局", "Education Bureau", "jyj", ["lxy"], ["xf", "hb"],
            ["教育局二楼会议室", "教育局视频会议室"],
            ["Education Bureau, Room 201", "Education Bureau video conference room"]),
    "HOU": ("住建局", "Housing and Urban-Rural Development Bureau", "zjj", ["zzq"],
            ["tl", "fyq", "cg"], ["住建局三楼会议室", "住建局1号会议室"],
            ["Housing Bureau, Room 3A", "Housing Bureau, Conference Room 1"]),
    "COM": ("商务局", "Commerce Bureau", "swj", ["zgq"], ["xh", "dc"],
            ["商务局四楼会议室", "商务局402室"],
            ["Commerce Bureau, Room 402", "Commerce Bureau, 4th-floor meeting room"]),
    "CT": ("文旅局", "Culture and Tourism Bureau", "wlj", ["lxy"], ["pl", "jw"],
           ["文旅局会议室", "文旅局2楼小会议室"],
           ["Culture & Tourism Bureau, meeting room", "Culture & Tourism Bureau, Room 208"]),
    "WAT": ("水务局", "Water Resources Bureau", "swuj", ["zzq"], ["dm", "st"],
            ["水务局会议室", "水务局二楼会商室"],
            ["Water Resources Bureau, meeting room", "Water Resources Bureau, Room 205"]),
}


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



def designed() -> None:  # noqa: C901 - a long, flat list of data
    # ---- recurring series --------------------------------------------------------------
    weekly = add(
        "outlook", "rec-weekly-leaders", "Weekly Leadership Meeting 市政府领导班子周例会",
        "2026-11-16 08:30", "2026-11-16 10:00", org="slp",
        who=["wjg", "lhm", "zzq", "lxy", "zgq", "zht", "wm", "zl"],
        location="市政府常务会议室 (Executive Meeting Room)",
        description="Standing agenda:\n1. Last week's key tasks and supervision results\n"
                    "2. This week's schedule of the municipal leaders\n3. Any other business\n"
                    "Papers: \\\\fileserver\\office\\weekly\\agenda.docx",
        rule=Rule("WEEKLY", ["MO"], until=T("2027-01-04 08:30")),
        exdates=[T("2026-12-28 08:30")], categories=["Blue Category"])
    moved = add(
        "outlook", "rec-weekly-leaders-moved",
        "Weekly Leadership Meeting (moved to Tuesday: provincial inspection on Monday)",
        "2026-12-15 09:00", "2026-12-15 10:30", org="slp",
        who=["wjg", "lhm", "zzq", "lxy", "zgq", "zht", "wm", "zl"],
        location="市政府常务会议室 (Executive Meeting Room)",
        description="Moved from Monday 14 December: the provincial inspection team meets the "
                    "leading group that morning.",
        parent=weekly, recurrence_id=T("2026-12-14 08:30"), sequence=1,
        categories=["Blue Category"])
    case("S1", "recurrence", "weekly series", [weekly, moved],
         "Outlook RRULE with UNTIL, EXDATE 2026-12-28 (year-end), override moving 12-14 to "
         "Tue 12-15 with a new SUMMARY")

    exec_mtg = add(
        "office", "rec-exec", "市政府常务会议", "2026-11-19 09:00", "2026-11-19 11:30",
        chair="wjg", who=["lhm", "zzq", "lxy", "zgq", "slp", "zht", "wm", "hj"],
        location="市政府常务会议室",
        description="市政府常务会议（双周四上午）。议题由市政府办公室统一汇总，各议题汇报时间不超过"
                    "10分钟，请相关部门主要负责同志列席。",
        rule=Rule("WEEKLY", ["TH"], interval=2, count=4))
    standing_cmte = add(
        "office", "rec-standing-committee", "市委常委会会议", "2026-11-20 09:00",
        "2026-11-20 11:00", chair="cwd", who=["wjg", "zht"], org=("市委办公室", f"swb@{DOMAIN}"),
        location="市委常委会议室", description="市委常委会会议，双周五上午召开。",
        rule=Rule("WEEKLY", ["FR"], interval=2, until=T("2026-12-31 09:00")))

    duty = add(
        "google", "rec-duty", "Emergency duty dispatch (应急值班调度)", "2026-11-16 08:30",
        "2026-11-16 08:45", org="EMB", who=["gjj", "ld"],
        location="Emergency Command Center, duty room",
        description="Daily 15-minute dispatch: overnight incidents, weather warnings, on-duty "
                    "roster. Video link for counties: 应急指挥视频系统.",
        rule=Rule("WEEKLY", ["MO", "TU", "WE", "TH", "FR"]), utc=False)
    duty_cx = add(
        "google", "rec-duty-cancelled", "Emergency duty dispatch (应急值班调度)",
        "2026-12-25 08:30", "2026-12-25 08:45", org="EMB", who=["gjj", "ld"],
        location="Emergency Command Center, duty room", status="CANCELLED",
        parent=duty, recurrence_id=T("2026-12-25 08:30"), sequence=1, utc=False)
    drc_weekly = add(
        "google", "rec-drc-weekly", "DRC weekly project dispatch", "2026-11-18 16:00",
        "2026-11-18 17:00", org="DRC", who=["mj", "hxf", "lx"],
        location="DRC Conference Room 501",
        description="Weekly dispatch of the municipal key project list: progress, land, "
                    "financing, approvals.",
        rule=Rule("WEEKLY", ["WE"]))
    case("S2", "recurrence", "infinite series", [duty, duty_cx, drc_weekly],
         "Google: weekday series with TZID and no end, its 12-25 occurrence cancelled "
         "(RECURRENCE-ID + STATUS:CANCELLED); weekly UTC series with no end")

    hou_weekly = add(
        "zh", "rec-hou-weekly", "住建局周例会", "2026-11-16 14:30", "2026-11-16 15:30",
        org="HOU", chair="tl", who=["fyq", "cg"], location="住建局三楼会议室",
        description="每周一下午例会：通报上周重点工作完成情况，安排本周工作。",
        rule=Rule("WEEKLY", ["MO"], count=8), rdates=[T("2026-12-30 14:30")])
    case("S3", "recurrence", "series with RDATE", [hou_weekly],
         "COUNT=8 plus an RDATE (extra year-end session on Wed 12-30)")

    # ---- half-day-limit ----------------------------------------------------------------
    h1 = add("outlook", "h1", "Working meeting on the 2027 municipal budget draft",
             "2026-11-18 09:00", "2026-11-18 17:30", org="lhm", who=["zgq", "hj"],
             ext=[("Tianshui Finance Bureau", f"czj@{DOMAIN}")],
             location="Municipal Government Building, Conference Room 3",
             description="Full-day working session, chapter by chapter:\n"
                         "- revenue forecast, transfer payments\n- capital budget; special bonds\n"
                         "- 'three public expenses' (travel, vehicles, receptions)")
    h2 = add("office", "h2", "全市经济工作会议", "2026-12-22 09:00", "2026-12-22 17:30",
             chair="cwd", keynote=["wjg"],
             who=["lhm", "zzq", "lxy", "zgq", "slp", "zht", "wm", "zl", "hj", "mj"],
             location="市委礼堂",
             description="总结2026年经济工作，部署2027年经济工作。上午全体会议，下午分组讨论。")
    case("H1", "half-day-limit", "fires", [h1], "09:00–17:30 working meeting (EN)")
    case("H2", "half-day-limit", "fires", [h2],
         "09:00–17:30 city-wide economic work conference in the office feed (ZH): being "
         "arranged does not exempt from the half-day limit")
    h3 = add("google", "h3", "Quarterly school safety inspection debrief", "2026-11-24 08:30",
             "2026-11-24 12:30", org="EDU", who=["xf", "hb"],
             location="Education Bureau, Room 201",
             description="Exactly four hours: county-by-county results of the Q4 school safety "
                         "inspection, rectification list, winter holiday duty.")
    h3z = add("zh", "h3z", "全市中小学校园安全排查工作会", "2026-11-26 14:00", "2026-11-26 18:00",
              org="EDU", chair="xf", who=["hb"], location="教育局二楼会议室",
              description="会议时长恰为4小时：逐校通报校舍、消防、食堂、校车安全排查结果，"
                          "研究整改措施。")
    case("H3", "half-day-limit", "passes", [h3, h3z], "exactly 240 minutes (EN, ZH)")
    h4 = add("google", "h4", "Project pipeline review (DRC)", "2026-11-19 08:30",
             "2026-11-19 12:31", org="DRC", who=["mj", "hxf", "lx"],
             location="DRC Conference Room 501",
             description="Line-by-line review of the 2027 project pipeline. Runs one minute "
                         "past four hours.")
    h4z = add("zh", "h4z", "老旧小区改造推进会", "2026-11-17 13:30", None,
              duration=timedelta(hours=4, minutes=1), org="HOU", chair="tl",
              who=["fyq", "cg"], location="住建局1号会议室",
              description="逐个小区过进度：管网改造、加装电梯、外墙保温、停车位配建。"
                          "（会议时长4小时1分钟，以DURATION给出）")
    case("H4", "half-day-limit", "fires", [h4, h4z],
         "4 h 01 min: DTEND (EN) and DURATION:PT4H1M (ZH)")
    h5 = add("google", "h5", "Commerce Bureau annual work review meeting", "2026-12-29",
             "2026-12-30", org="COM", who=["zgq", "xh", "dc"],
             location="Commerce Bureau, 4th-floor meeting room",
             description="All-day annual review: foreign trade, consumption, investment "
                         "attraction, market supply.")
    h5z = add("zh", "h5z", "教育系统年度考核述职会", "2026-12-30", "2026-12-31", org="EDU",
              chair="xf", who=["lxy", "hb"], location="教育局二楼会议室",
              description="全天：各县区教育局、市直学校主要负责人年度述职，现场测评。")
    case("H5", "half-day-limit", "fires", [h5, h5z], "all-day (VALUE=DATE) meetings (EN, ZH)")
    h6 = add("outlook", "h6", "Two-day training on emergency response command",
             "2026-12-09 09:00", "2026-12-10 17:00", org="zht", who=["st", "hj"],
             ext=[("Provincial Emergency Management Training Center",
                   "training@yjt.gansu.gov.cn")],
             location="Municipal Party School, Lecture Hall 2",
             description="Provincial course for municipal and county emergency commanders. "
                         "Day 1: command system; day 2: tabletop exercise.")
    h6z = add("zh", "h6z", "全市住建系统安全培训班（两天）", "2026-12-02", "2026-12-04",
              org="HOU", who=["fyq", "cg"], location="市委党校报告厅",
              description="培训两天：建筑施工安全法规、冬季施工安全、有限空间作业、"
                          "燃气安全、典型事故案例分析。")
    case("H6", "half-day-limit", "fires", [h6, h6z],
         "two-day training: timed across two days (EN), two all-day dates (ZH)")
    p1 = add("office", "p1", "政协天水市第九届委员会第六次会议", "2027-01-06", "2027-01-09",
             who=["cwd", "slp", "hj"], kind="plenary", location="天水市会议中心",
             description="会期三天：开幕会、分组讨论、大会发言、闭幕会。")
    p2 = add("office", "p2",
             "Sixth Session of the 19th Tianshui Municipal People's Congress "
             "(市第十九届人民代表大会第六次会议)",
             "2027-01-08 08:30", "2027-01-10 12:00", who=["wjg", "lhm", "zzq", "lxy", "zgq",
                                                          "wm", "zl"],
             kind="plenary", location="天水市会议中心 (Tianshui Convention Center)",
             description="Opening: Government Work Report by Mayor Wang Jianguo. "
                         "Delegations deliberate Friday afternoon and Saturday; closing Sunday "
                         "morning.")
    case("H7", "half-day-limit", "exempt", [p1, p2],
         "\"Two Sessions\": CPPCC plenary Wed–Fri (3 all-day dates, ZH) and People's Congress "
         "Fri 08:30 – Sun 12:00 (EN/ZH title); plenary kind")

    # ---- single-keynote ----------------------------------------------------------------
    k1 = add("outlook", "k1", "City-wide work conference on winter heating",
             "2026-11-19 15:00", "2026-11-19 16:30", org="slp", keynote=["wjg", "zzq"],
             who=["tl", "cg", "gjj", "zl"], location="市政府常务会议室 (Executive Meeting Room)",
             description="Heating season started 1 November. Keynote speeches by the Mayor "
                         "and the Vice Mayor in charge; Housing Bureau reports.")
    k2 = add("zh", "k2", "全市文化旅游产业发展大会", "2026-11-27 09:00", "2026-11-27 11:30",
             org="CT", who=["wjg", "lxy", "pl", "jw"], location="伏羲文化中心报告厅",
             description="会议议程：\n一、文旅局通报2026年文旅产业发展情况\n"
                         "主讲: 刘晓燕副市长\n主旨讲话：王建国市长\n二、县区交流发言")
    k3 = add("google", "k3", "Education quality improvement conference",
             "2026-12-04 14:30", "2026-12-04 16:30", org="EDU", who=["lxy", "xf", "hb"],
             location="Education Bureau, Room 201",
             description="Agenda:\nKeynote: Vice Mayor Liu Xiaoyan, on the 2027 education "
                         "priorities\nKeynote speaker：Director-General Xie Fang, on teacher "
                         "workforce\nDiscussion with county directors")
    case("K1", "single-keynote", "fires", [k1], "two attendees with ROLE=X-KEYNOTE (EN)")
    case("K2", "single-keynote", "fires", [k2],
         "DESCRIPTION lines 主讲: (ASCII colon) and 主旨讲话： (full-width colon) (ZH)")
    case("K3", "single-keynote", "fires", [k3],
         "DESCRIPTION lines Keynote: and Keynote speaker： (full-width colon) (EN)")
    k4 = add("office", "k4", "全市教育工作会议", "2026-11-25 14:30", "2026-11-25 16:30",
             chair="slp", keynote=["lxy"], who=["xf", "hb"], location="市政府常务会议室",
             description="部署冬季校园安全、寒假工作和2027年春季学期重点任务。")
    case("K4", "single-keynote", "passes", [k4], "one X-KEYNOTE attendee only")

    # ---- unarranged-ceremony -----------------------------------------------------------
    u1 = add("google", "u1", "Ribbon-cutting for Qinzhou District community health center",
             "2026-11-20 14:30", "2026-11-20 15:30",
             org=("Qinzhou District Health Commission", "qzwjw@qinzhou.gov.cn"),
             needs=["lxy"], who=["hj"], location="Qinzhou District, Dongguan Street",
             description="Invitation from the district: ribbon-cutting, tour of the new "
                         "clinic, short remarks by a municipal leader.")
    u2 = add("zh", "u2", "麦积区便民服务中心剪彩仪式", "2026-12-01 10:00", "2026-12-01 11:00",
             org=("麦积区人民政府办公室", "mjqzfb@maiji.gov.cn"), needs=["zht"],
             location="麦积区便民服务中心广场",
             description="麦积区邀请市领导出席剪彩并参观便民服务大厅。")
    u3 = add("zh", "u3", "天水市商会成立十周年庆典", "2026-12-18 14:30", "2026-12-18 16:00",
             org="COM", needs=["zgq"], who=["xh"], location="天水市会议中心多功能厅",
             description="商会邀请分管副市长出席庆典并致辞。")
    u4 = add("outlook", "u4", "Silk Road (Tianshui) Cultural Tourism Forum 2026",
             "2026-11-26 09:00", "2026-11-26 11:00", org="pl", needs=["lxy"], who=["jw"],
             location="Tianshui Fuxi Cultural Center, Auditorium",
             description="The Culture & Tourism Bureau invites Vice Mayor Liu to give "
                         "welcome remarks at the forum.")
    u5 = add("zh", "u5", "基础教育高质量发展研讨会", "2026-12-10 14:30", "2026-12-10 17:00",
             org="EDU", needs=["lxy"], who=["xf", "hb"], location="天水师范学院学术报告厅",
             description="邀请分管副市长出席研讨会开幕并讲话。")
    u6 = add("zh", "u6", "离退休老干部迎新年茶话会", "2026-12-24 15:00", "2026-12-24 16:30",
             org=("市委老干部局", f"lgbj@{DOMAIN}"), needs=["wjg", "cwd"],
             location="老干部活动中心",
             description="邀请市委、市政府主要领导出席茶话会，向老同志通报全年工作。")
    u7 = add("google", "u7", "Tianshui Apple & Agricultural Products Expo 博览会 — leaders' tour",
             "2026-12-25 09:30", "2026-12-25 11:00", org="COM", needs=["zgq"], who=["dc"],
             location="Tianshui Convention Center, Hall A",
             description="Exhibitors from seven counties; the Commerce Bureau asks the Vice "
                         "Mayor to tour the halls.")
    u8 = add("zh", "u8", "教育系统优秀教师表彰会", "2026-12-07 14:30", "2026-12-07 16:00",
             org="EDU", needs=["lxy"], who=["xf"], location="天水师范学院学术报告厅",
             description="表彰2026年度优秀教师、优秀班主任，邀请分管副市长颁奖。")
    u10 = add("zh", "u10", "2026天水数字经济发展论坛", "2026-11-17 14:30", "2026-11-17 16:30",
              org=("天水市工商业联合会", "gsl@tianshui-gsl.org.cn"), needs=["zgq"], who=["dc"],
              location="天水经济技术开发区创业大厦报告厅",
              description="主办方邀请分管副市长出席论坛开幕并致辞。")
    u11 = add("outlook", "u11", "New Year tea party with foreign teachers and experts",
              "2026-12-31 15:30", "2026-12-31 16:30", org="xf", needs=["lxy"],
              location="Tianshui Normal University, Faculty Club",
              description="Invitation from the Education Bureau and the university.")
    u12 = add("google", "u12", "Seminar on digital conservation of the Maijishan Grottoes",
              "2027-01-04 14:30", "2027-01-04 16:30", org="CT", needs=["lxy"], who=["jw"],
              location="Maijishan Grottoes Art Research Institute, lecture room",
              description="Academic seminar; the bureau invites the Vice Mayor to attend.")
    for e in (u10, u11, u12):
        e.kind = "ceremony"
    case("U1", "unarranged-ceremony", "fires", [u1, u4, u7, u11, u12],
         "ribbon-cutting, forum, expo, tea party, seminar invitations in department/leader "
         "feeds (EN)")
    case("U2", "unarranged-ceremony", "fires", [u2, u3, u5, u6, u8, u10],
         "剪彩, 庆典, 研讨会, 茶话会, 表彰, 论坛 (ZH)")
    u9 = add("google", "u9", "Fuxi Culture Academic Seminar", "2026-12-14 14:30",
             "2026-12-14 16:30", org="CT", declined=["lxy"], who=["pl", "jw"],
             location="Tianshui Fuxi Cultural Center, Room 3",
             description="Vice Mayor Liu declined the invitation (PARTSTAT=DECLINED).")
    case("U3", "unarranged-ceremony", "no finding (SPEC silent)", [u9],
         "seminar the leader DECLINED: a scheduler expects no finding; staff only attend")
    a1 = add("office", "a1", "天水市第三人民医院新院区开工仪式", "2026-11-20 15:00",
             "2026-11-20 16:00", who=["wjg", "zzq", "zl"], location="麦积区社棠镇（新院区工地）",
             description="市政府办公室统一安排：市领导出席开工仪式，宣布项目开工。")
    a2 = add("office", "a2", "Ribbon-cutting: Tianshui South Railway Station transport hub",
             "2026-12-25 10:00", "2026-12-25 11:00", who=["zzq", "cg"],
             location="Tianshui South Railway Station, east square",
             description="Arranged by the Government Office (ref. 天政办〔2026〕88号).")
    a3 = add("office", "a3", "天水—兰州招商引资项目集中签约仪式", "2026-12-24 10:00",
             "2026-12-24 11:00", who=["wjg", "zgq", "xh"], location="天水市会议中心",
             description="集中签约12个项目，总投资86亿元。")
    a4 = add("office", "a4", "全市安全生产先进集体和先进个人表彰大会", "2026-12-28 15:00",
             "2026-12-28 16:30", who=["zzq", "gjj", "hy"], location="市政府常务会议室",
             description="表彰2026年度安全生产先进集体20个、先进个人50名。")
    a5 = add("office", "a5",
             "Completion and commissioning ceremony: Ganquan wastewater treatment plant phase II",
             "2026-12-16 15:00", "2026-12-16 16:00", who=["zzq", "dm"],
             location="Maiji District, Ganquan Town, wastewater plant",
             description="Arranged by the Government Office. Capacity 40,000 m³/day.")
    a6 = add("office", "a6", "Tianshui–Baoji urban cooperation agreement", "2026-12-07 10:30",
             "2026-12-07 11:30", who=["wjg", "slp"], categories=["ceremony"],
             kind="ceremony", ext=[("Baoji Municipal Government", "office@baoji.gov.cn")],
             location="Municipal Government Building, Reception Hall",
             description="Both mayors sign the framework agreement on Guanzhong–Tianshui "
                         "economic zone cooperation.")
    for e in (u1, u2, u3, u4, u5, u6, u7, u8, u9, a1, a2, a3, a4, a5, a6):
        e.kind = "ceremony"
    case("U4", "unarranged-ceremony", "no finding (arranged)", [a1, a2, a3, a4, a5, a6],
         "the same kinds in the office feed imported with --arranged: 开工仪式, ribbon-cutting, "
         "签约仪式, 表彰大会, completion & commissioning, CATEGORIES:ceremony")

    # ---- commercial-event --------------------------------------------------------------
    c1 = add("zh", "c1", "锦绣华庭楼盘开盘庆典", "2026-12-03 15:00", "2026-12-03 16:00",
             org=("锦绣置业有限公司", "marketing@jinxiu-re.com.cn"), needs=["zzq"], who=["tl"],
             location="秦州区藉河南路锦绣华庭售楼处",
             description="开发商邀请分管副市长出席开盘庆典并致辞。", kind="commercial")
    c2 = add("outlook", "c2", "Product launch: Qinling Microelectronics QM-7 power chip",
             "2026-11-27 15:00", "2026-11-27 16:00",
             org=("Qinling Microelectronics Co., Ltd.", "pr@qinling-micro.com"), needs=["zgq"],
             location="Qinling Microelectronics, Tianshui Economic Development Zone",
             description="Company press event; the company asks the Vice Mayor to press the "
                         "launch button.", kind="commercial")
    c3 = add("google", "c3", "Store opening — Longcheng Supermarket flagship, Qinzhou",
             "2026-12-21 15:00", "2026-12-21 16:00",
             org=("Longcheng Retail", "events@longcheng-retail.com"), needs=["zgq"], who=["xh"],
             location="Qinzhou District, Minzhu Road 18", kind="commercial",
             description="Opening of a private supermarket chain's flagship store.")
    c4 = add("outlook", "c4",
             "Grand opening ceremony & ribbon-cutting — Riverside Mansion sales center "
             "(Longcheng Real Estate)", "2026-12-28 10:00", "2026-12-28 11:00",
             org=("Longcheng Real Estate", "pr@longcheng-re.com"), needs=["zzq"],
             location="Riverside Mansion sales center, Weihe Road", kind="commercial",
             description="Developer's invitation. Ribbon-cutting at 10:18.")
    c5 = add("zh", "c5", "秦岭微电子2027年新品发布会", "2026-12-10 10:00", "2026-12-10 11:00",
             org=("秦岭微电子股份有限公司", "pr@qinling-micro.com"), needs=["zgq"], who=["mj"],
             location="天水经济技术开发区秦岭微电子展厅", kind="commercial",
             description="企业新品发布，邀请市领导出席。")
    c6 = add("office", "c6", "Sponsorship agreement signing — Tianshui Marathon 2027 "
             "(Longcheng Group)", "2026-12-29 10:00", "2026-12-29 10:45",
             who=["lxy", "pl"], ext=[("Longcheng Group", "brand@longcheng-group.com")],
             location="Municipal Government Building, Reception Hall", kind="commercial",
             description="Title sponsorship of the city marathon by a private group.")
    case("C1", "commercial-event", "fires", [c2, c3],
         "company product launch, store opening (EN)")
    case("C2", "commercial-event", "fires", [c5], "企业新品发布会 (ZH)")
    case("C3", "commercial-event", "fires (commercial wins over ceremony)", [c1, c4],
         "楼盘开盘庆典 and developer's grand-opening ceremony & ribbon-cutting: both keyword "
         "sets match, commercial wins")
    case("C4", "commercial-event", "fires (arranged does not help)", [c6],
         "sponsorship signing in the office's --arranged feed: commercial cannot be arranged")

    # ---- categories --------------------------------------------------------------------
    g1 = add("outlook", "cat1", "Longcheng Group client appreciation afternoon",
             "2026-12-02 15:00", "2026-12-02 16:30",
             org=("Longcheng Group", "brand@longcheng-group.com"), needs=["zgq"],
             categories=["commercial"], kind="commercial",
             location="Longcheng Group headquarters, 12F",
             description="Invitation card only; nothing in the title says what it is.")
    g2 = add("zh", "cat2", "秦州古城新春灯会亮灯活动", "2027-01-05 17:00", "2027-01-05 18:00",
             org="CT", needs=["lxy"], who=["pl"], categories=["ceremony"], kind="ceremony",
             location="秦州古城南宅子广场", description="文旅局邀请分管副市长按下亮灯按钮。")
    g3 = add("office", "cat3", "市政府新闻发布会：今冬明春供暖保障工作", "2026-11-30 16:00",
             "2026-11-30 17:00", who=["zzq", "tl"], categories=["meeting"], kind="meeting",
             location="市政府新闻发布厅",
             description="政府新闻发布会（非企业活动），由分管副市长通报供暖保障措施并答记者问。")
    g4 = add("zh", "cat4", "东关街道老旧小区实地走访", "2026-12-09 14:30", "2026-12-09 16:30",
             org="HOU", who=["zzq", "fyq"], categories=["research"], kind="research",
             location="秦州区东关街道民主巷小区",
             description="入户了解老旧小区改造后群众满意度和遗留问题。")
    g5 = add("outlook", "cat5", "Talk with the Provincial DRC on the 2027 project list",
             "2026-12-03 14:30", "2026-12-03 15:30", org="zgq", who=["mj"],
             categories=["Red Category"], location="Municipal Government Building, Room 612",
             description="Outlook colour category only: not a kind, keywords decide (meeting).",
             ext=[("Gansu Provincial DRC", "liaison@fgw.gansu.gov.cn")])
    case("CAT1", "commercial-event", "fires (from CATEGORIES)", [g1],
         "CATEGORIES:commercial; the title alone would say meeting")
    case("CAT2", "unarranged-ceremony", "fires (from CATEGORIES)", [g2],
         "CATEGORIES:ceremony on a lantern lighting (ZH)")
    case("CAT3", "unarranged-ceremony", "no finding (arranged, from CATEGORIES)", [a6],
         "CATEGORIES:ceremony in the office feed")
    case("CAT4", "commercial-event", "no finding (CATEGORIES:meeting)", [g3],
         "government press conference: 发布会 would say commercial, CATEGORIES:meeting wins")
    case("CAT5", "grassroots-days", "counts (from CATEGORIES)", [g4],
         "CATEGORIES:research on a walk-through with no 调研 in the title")
    case("CAT6", "categories", "meeting (not a kind)", [g5],
         "Outlook colour category 'Red Category' is no kind: falls through to keywords")

    # ---- venue -------------------------------------------------------------------------
    v1 = add("outlook", "v1", "Provincial DRC liaison meeting on 2027 key projects",
             "2026-12-07 14:30", "2026-12-07 16:00", org="zgq", who=["mj", "hxf"],
             ext=[("Gansu Provincial DRC", "liaison@fgw.gansu.gov.cn")],
             location="Tianshui Grand Hotel, Meeting Room 2",
             description="Could be held in DRC Conference Room 501.")
    v2 = add("zh", "v2", "全市文旅系统年终总结会", "2026-12-11 09:00", "2026-12-11 11:00",
             org="CT", who=["lxy", "pl", "jw"], location="天水宾馆3号楼会议室",
             description="总结全年文旅工作，安排元旦春节文旅市场工作。")
    v3 = add("zh", "v3", "商务局招商工作务虚会", "2026-12-15 14:00", "2026-12-15 17:00",
             org="COM", who=["xh", "dc"], location="麦积山温泉度假村会议中心",
             description="务虚研究2027年招商引资思路。")
    v4 = add("google", "v4", "Education Bureau 2027 planning workshop", "2026-12-11 14:00",
             "2026-12-11 17:00", org="EDU", who=["xf", "hb"],
             location="Fuxi Guesthouse, Hall B",
             description="Annual planning workshop of the bureau's leading group.")
    v5 = add("zh", "v5", "住建系统质量安全培训", "2026-12-23 09:00", "2026-12-23 11:30",
             org="HOU", who=["tl", "fyq", "cg"], location="陇东酒店二楼多功能厅",
             description="工程质量安全手册宣贯培训。")
    v6 = add("zh", "v6", "应急管理局冬季消防工作座谈会", "2026-12-23 14:30", "2026-12-23 16:00",
             org="EMB", who=["gjj", "hy"], location="天水饭店二楼会议室",
             description="听取重点单位冬季消防工作意见建议。")
    case("V1", "venue", "fires", [v1, v4], "hotel, guesthouse (EN)")
    case("V2", "venue", "fires", [v2, v3, v5, v6], "宾馆, 度假村, 酒店, 饭店 (ZH)")
    v7 = add("outlook", "v7", "Research visit: fire safety rectification at Tianshui Grand Hotel",
             "2026-12-25 14:30", "2026-12-25 16:00", org="zzq", who=["hy"], kind="research",
             location="Tianshui Grand Hotel",
             description="Follow-up of the October inspection: kitchens, exits, sprinklers.")
    v7z = add("office", "v7z", "张志强副市长调研陇东酒店燃气安全整改", "2026-12-17 14:30",
              "2026-12-17 16:00", who=["zzq", "hy"], kind="research", location="陇东酒店后厨",
              description="实地查看餐饮场所燃气报警装置安装和整改情况。")
    case("V3", "venue", "no finding (research visit)", [v7, v7z],
         "research visits located in a hotel (EN, ZH)")

    add("office", "inspection", "省政府督查组年终督查反馈会", "2026-12-14 09:00",
        "2026-12-14 11:30",
        chair="wjg", who=["lhm", "slp", "wm", "hj"],
        ext=[("省政府督查室", "ducha@gansu.gov.cn")], location="市政府常务会议室",
        description="省政府督查组反馈年终督查情况（领导班子周例会因此改至周二）。")

    # ---- double-booking ----------------------------------------------------------------
    d1a = add("outlook", "d1a", "Meeting with the provincial work-safety inspection team",
              "2026-11-25 14:30", "2026-11-25 16:00", who=["zzq", "gjj"], overlap="D1",
              org=("Provincial Work Safety Inspection Team", "duchazu@yjt.gansu.gov.cn"),
              location="Municipal Government Building, Room 612",
              description="Feedback of the provincial inspection on Tianshui.")
    d1b = add("google", "d1b", "Construction site safety review — Housing Bureau",
              "2026-11-25 15:00", "2026-11-25 16:30", org="HOU", who=["zzq", "fyq", "cg"],
              overlap="D1", location="Housing Bureau, Conference Room 1",
              description="Winter construction: scaffolding, tower cranes, CO poisoning "
                          "prevention in heated sheds.")
    d2a = add("zh", "d2a", "住建局党组会", "2026-12-09 09:00", "2026-12-09 10:30", org="HOU",
              chair="tl", who=["cg"], overlap="D2", location="住建局三楼会议室",
              description="传达学习上级会议精神，研究干部调整事项。")
    d2b = add("google", "d2b", "Old-community renovation funding review (Housing / DRC)",
              "2026-12-09 10:00", "2026-12-09 11:00", org="DRC", who=["tl", "hxf"],
              overlap="D2", location="DRC Conference Room 501",
              description="Central budget funds for 2027 renovation batch.")
    case("D1", "double-booking", "fires", [d1a, d1b],
         "Vice Mayor Zhang in an Outlook meeting and a Google meeting 15:00–16:00")
    case("D2", "double-booking", "fires", [d2a, d2b],
         "唐亮 in 住建局党组会 (部门会议) and a DRC review (Google) 10:00–10:30")

    # ---- research-team and grassroots ----------------------------------------------------
    r1a = add("office", "r1a", "张志强副市长调研秦州区冬季供暖保障", "2026-12-04 09:30",
              "2026-12-04 11:30", who=["zzq", "tl"], kind="research",
              location="秦州区热力公司东郊供热站",
              description="查看供热站运行、煤炭储备和应急抢修队伍情况。")
    r1b = add("zh", "r1b", "调研城市集中供热运行情况", "2026-12-04 10:00", "2026-12-04 12:00",
              org="HOU", who=["lhm", "cg"], kind="research", location="秦州区热力公司东郊供热站",
              description="常务副市长李红梅带队，住建局陪同。")
    gangu = "甘谷县第一中学 (Gangu County No. 1 Middle School)"
    r2a = add("outlook", "r2a", "Research visit: rural school consolidation in Gangu County",
              "2026-12-10 09:00", "2026-12-10 12:00", org="lxy", who=["hb"], kind="research",
              location=gangu, description="Boarding conditions, teacher housing, school bus.")
    r2b = add("outlook", "r2b", "Investigation visit: education and rural revitalization, "
              "Gangu County", "2026-12-10 10:00", "2026-12-10 11:30", org="wjg", who=["zl"],
              kind="research", location=gangu,
              description="Mayor's investigation visit; county head accompanies.")
    r2c = add("office", "r2c", "陈卫东书记赴甘谷县调研教育工作", "2026-12-10 10:30",
              "2026-12-10 12:00", who=["cwd"], kind="research", location=gangu,
              description="市委书记调研县域高中发展。")
    case("R1", "research-team", "fires", [r1a, r1b],
         "two leaders, same LOCATION, overlapping (ZH; office + 部门会议)")
    case("R2", "research-team", "fires", [r2a, r2b, r2c],
         "three leaders at the same school the same morning (EN + ZH; Outlook + office)")
    rfull = add("office", "rfull", "陈卫东书记赴张家川回族自治县开展乡村振兴全天调研",
                "2026-11-24 08:30", "2026-11-24 17:30", who=["cwd"], kind="research",
                location="张家川回族自治县（全天，多点）",
                description="上午：肉牛养殖基地、易地搬迁安置点；下午：县乡村振兴工作座谈。")
    case("R3", "half-day-limit", "no finding (research)", [rfull],
         "a full-day research visit is research, not a meeting")

    # ---- untrusted text --------------------------------------------------------------------
    t1 = add("google", "t1", "[Meeting] sync", "2026-11-17 15:00", "2026-11-17 15:30",
             org="DRC", who=["hxf", "lx"], location="DRC Conference Room 501",
             description="Title with square brackets, e.g. [bold] must show literally.")
    t2 = add("outlook", "t2", "Q3 [/b] review", "2026-11-27 10:00", "2026-11-27 11:00",
             org="lhm", who=["mj"], location="Municipal Government Building, Room 608",
             description="Q3 figures; the title contains a closing markup tag.")
    t3 = add("zh", "t3", "[$accent]x", "2026-12-23 16:30", "2026-12-23 17:00", org="CT",
             who=["jw"], location="文旅局2楼小会议室", description="标题含有Textual变量语法。")
    case("T1", "untrusted text", "shown literally", [t1, t2, t3],
         "titles `[Meeting] sync`, `Q3 [/b] review`, `[$accent]x`")

    # ---- attendee matching edge cases -------------------------------------------------------
    e1 = add("google", "e1", "Winter holiday student safety briefing", "2026-12-21 10:30",
             "2026-12-21 11:00", org="EDU", who=["xf"], location="Education Bureau, Room 201",
             description="Vice Mayor Liu joins from her personal address.")
    e1.attendees.append(Att("lxy", cn="刘晓燕", email="liuxiaoyan1972@163.com"))
    e2 = add("outlook", "e2", "Briefing on the city marathon route and traffic plan",
             "2026-12-01 16:00", "2026-12-01 16:45", org="lxy", who=["pl"],
             location="Municipal Government Building, Room 610",
             description="Attendee e-mail written in mixed case.")
    e2.attendees.append(Att("zzq", email="Zhang.Zhiqiang@Tianshui.gov.cn"))
    trap = add("zh", "e3", "人大代表建议和政协委员提案办理工作推进会", "2026-11-23 15:00",
               "2026-11-23 16:00", org="GO", chair="hj", who=["wm"], kind="meeting",
               location="市政府3号会议室", trap=True,
               description="逐件督办2026年人大代表建议和政协委员提案办理进度。")
    deadline = add("zh", "e4", "2027年部门预算申报截止", "2026-12-04 18:00", None,
                   org="GO", location="", description="无DTEND、无DURATION：RFC 5545默认时长为零。")
    case("E1", "roster matching", "matches 刘晓燕 by CN", [e1],
         "personal e-mail not in the roster, CN=刘晓燕 is")
    case("E2", "roster matching", "matches case-insensitively", [e2],
         "ATTENDEE mailto:Zhang.Zhiqiang@Tianshui.gov.cn")
    case("E3", "classification", "meeting (keyword trap), 1 h: no rule fires", [trap],
         "a normal meeting about CPPCC proposals: the head 推进会 decides, not the "
         "organisation names 人大/政协 before it")
    case("E4", "import", "zero-length event", [deadline],
         "DTSTART only (RFC 5545 §3.6.1: no DTEND/DURATION -> ends at its start)")
    trap2 = add("google", "e5", "Apple exports review", "2026-11-30 10:30", "2026-11-30 11:30",
                org="COM", who=["xh", "dc"], location="Commerce Bureau, Room 402", trap=True,
                description="Q4 apple export orders by market.")
    trap3 = add("zh", "e6", "政务公开工作推进会", "2026-12-02 09:30", "2026-12-02 10:30", org="GO",
                chair="hj", who=["wm"], location="市政府3号会议室", trap=True,
                description="推进政务公开标准化规范化，更新主动公开目录。")
    case("E5", "classification", "meeting (keyword trap)", [trap2, trap3],
         "'exports' contains 'expo'; 政务公开工作 contains 开工: match English keywords on word "
         "boundaries; 开工 here is not a groundbreaking")

    # ---- merge suggestions -------------------------------------------------------------------
    m1a = add("zh", "m1a", "全市冬季安全生产工作会议", "2026-11-24 09:00", "2026-11-24 10:30",
              org="EMB", chair="zzq", who=["gjj", "hy", "tl", "fyq", "wm"], overlap="M1",
              location="应急指挥中心会商室",
              description="部署冬季安全生产工作：燃气、消防、建筑施工、道路交通隐患排查整治，"
                          "落实企业主体责任。")
    m1b = add("google", "m1b", "住建系统冬季安全生产专题会", "2026-11-24 10:00",
              "2026-11-24 11:30", org="HOU", who=["zzq", "tl", "fyq", "hy", "gjj", "cg"],
              overlap="M1", location="Housing Bureau, Conference Room 1",
              description="冬季安全生产：建筑施工、燃气管网隐患排查整治，落实企业主体责任。")
    case("M1", "merge", "merge", [m1a, m1b],
         "安全生产 meetings of EMB and Housing, same morning, overlapping, 5 of 7 people shared "
         "(also a double-booking)")
    m2a = add("google", "m2a", "Flood prevention briefing — 2026 season wrap-up",
              "2026-12-01 14:00", None, duration=timedelta(hours=1), org="EMB",
              who=["zzq", "st", "dm", "gjj", "ld"], location="EMB Room 302",
              description="Flood season review: rainfall, dangerous reservoirs, "
                          "geological hazard points, lessons for 2027.")
    m2b = add("outlook", "m2b", "Flood control coordination meeting", "2026-12-01 15:15",
              "2026-12-01 15:45", org="zzq", who=["st", "dm", "gjj"],
              location="Water Resources Bureau, flood room",
              description="Flood control for 2027: reservoir safety, river chiefs, "
                          "emergency supplies.")
    case("M2", "merge", "merge", [m2a, m2b],
         "same afternoon, 15 min apart, similar English titles, 4 of 5 people shared; "
         "one has DURATION")
    m3a = add("outlook", "m3a", "Year-end investment promotion review", "2026-12-16 09:00",
              "2026-12-16 11:00", org="zgq", who=["xh", "dc", "mj", "hxf", "wm", "lx"],
              location="Municipal Government Building, Conference Room 3",
              description="Investment promotion 2026: signed projects, funds in place, "
                          "pipeline for 2027.")
    m3b = add("google", "m3b", "Investment promotion sub-team sync", "2026-12-16 14:30",
              "2026-12-16 15:30", org="COM", who=["xh", "dc", "hxf"],
              location="Commerce Bureau, Room 402",
              description="Follow-up of the investment promotion review: project owners.")
    case("M3", "merge", "merge (subset)", [m3a, m3b],
         "sub-team (3 people) is a subset of the morning review (7), same day, same topic")
    m4a = add("zh", "m4a", "2027年重点项目谋划推进会", "2026-12-17 14:30", "2026-12-17 16:30",
              org="DRC", chair="lhm", who=["mj", "hxf", "lx", "hj", "tl"],
              location="发改委5楼会议室",
              description="谋划2027年重点项目：储备库、前期工作、专项债券申报。")
    m4b = add("zh", "m4b", "重点项目谋划专班碰头会", "2026-12-17 17:00", "2026-12-17 17:45",
              org="DRC", chair="mj", who=["hxf", "lx"], location="发改委5楼会议室",
              description="专班碰头：落实推进会分工，重点项目储备库更新。")
    case("M4", "merge", "merge (subset)", [m4a, m4b],
         "专班碰头会 (3) ⊂ 推进会 (6), same afternoon, same topic (ZH)")
    m5a = add("zh", "m5a", "冬季校园消防安全检查部署会", "2026-12-08 09:00", "2026-12-08 10:00",
              org="EDU", chair="xf", who=["lxy", "hb", "hy"], location="教育局二楼会议室",
              description="部署寒假前校园消防安全检查：宿舍、食堂、实验室、取暖设施。")
    m5b = add("google", "m5b", "校园消防安全专项检查协调会", "2026-12-08 15:00",
              "2026-12-08 16:00", org="EMB", who=["lxy", "hy", "xf", "hb", "gjj"],
              location="EMB Room 302",
              description="应急、教育联合开展校园消防安全专项检查，明确检查分组和时间。")
    case("M5", "merge", "merge", [m5a, m5b],
         "Education and Emergency both on school fire safety, morning and afternoon, "
         "4 of 5 shared (ZH, two feeds)")
    m6a = add("outlook", "m6a", "Heating supply guarantee meeting", "2026-11-26 14:30",
              "2026-11-26 15:30", org="slp", who=["zzq", "tl", "cg", "mj"], overlap="M6",
              location="Municipal Government Building, Conference Room 3",
              description="Coal stocks, gas supply, complaint hotline for cold homes.")
    m6b = add("google", "m6b", "Winter heating supply coordination meeting", "2026-11-26 14:30",
              "2026-11-26 15:30", org="HOU", who=["zzq", "tl", "cg", "mj", "dm"], overlap="M6",
              location="Housing Bureau, Conference Room 1",
              description="Heating supply: coal stocks, gas, hotline complaints, water for "
                          "heating network refill.")
    case("M6", "merge", "merge", [m6a, m6b],
         "duplicate invitations from two feeds, same hour, the same 4 people in both (also a "
         "double-booking)")
    m7a = add("google", "m7a", "Q4 education budget review", "2026-12-18 09:00",
              "2026-12-18 10:00", org="EDU", who=["xf", "hb", "mj", "lx"],
              location="Education Bureau, Room 201",
              description="Education budget Q4: execution rate, arrears, 2027 requests.")
    m7b = add("outlook", "m7b", "Education funding review with DRC", "2026-12-18 10:15",
              "2026-12-18 11:15", org="lhm", who=["xf", "mj", "lx"],
              location="Municipal Government Building, Room 608",
              description="Education funding: 2027 requests against the DRC project list.")
    m7c = add("google", "m7c", "School construction budget check", "2026-12-18 11:30",
              "2026-12-18 12:00", org="EDU", who=["xf", "hb", "lx", "cg"],
              location="Education Bureau, Room 201",
              description="Budget for new school buildings and dormitory upgrades.")
    case("M7", "merge", "merge (group of 3)", [m7a, m7b, m7c],
         "three budget meetings the same morning, chained attendee overlap (EN, two feeds)")
    m8a = add("zh", "m8a", "冬春森林防火工作调度会", "2027-01-05 09:00", "2027-01-05 10:00",
              org="EMB", chair="zht", who=["gjj", "ld", "hj"], location="应急指挥中心会商室",
              description="森林草原防火：火源管控、巡护队伍、扑火物资。")
    m8b = add("zh", "m8b", "森林草原防火专题部署会", "2027-01-05 10:30", "2027-01-05 11:30",
              org="EMB", chair="zht", who=["gjj", "ld", "st"], location="应急指挥中心会商室",
              description="部署冬春森林草原防火：火源管控、巡护、扑火物资储备。")
    case("M8", "merge", "merge", [m8a, m8b],
         "two forest-fire meetings the same morning, back to back (ZH)")

    # ---- decoys: must not merge ----------------------------------------------------------------
    x1a = add("zh", "x1a", "文物保护工作例会", "2026-11-24 09:00", "2026-11-24 10:30", org="CT",
              chair="pl", who=["jw"], location="文旅局会议室",
              description="石窟、古建筑冬季防火和防盗。")
    x1b = add("google", "x1b", "Foreign trade enterprise roundtable prep", "2026-11-24 09:00",
              "2026-11-24 10:00", org="COM", who=["xh", "dc"], location="Commerce Bureau, Room 402",
              description="Prepare the list of exporters for the December roundtable.")
    case("X1", "merge", "no merge", [m1a, x1a, x1b],
         "parallel meetings at the same time as M1, unrelated topics, different people")
    x2 = add("google", "x2", "Flood prevention briefing for cultural heritage sites",
             "2026-11-17 10:00", "2026-11-17 11:00", org="CT", who=["pl", "jw"],
             location="Culture & Tourism Bureau, meeting room",
             description="Drainage at grottoes and old town buildings.")
    x2z = add("zh", "x2z", "文旅系统冬季安全生产工作会议", "2026-12-31 14:30", "2026-12-31 15:30",
              org="CT", chair="pl", who=["jw", "hj"], location="文旅局会议室",
              description="部署景区、文博场馆冬季安全生产工作。")
    case("X2", "merge", "no merge", [x2, m2a, x2z, m1a],
         "same topic weeks apart with other people (flood briefing 11-17 vs M2 12-01; "
         "安全生产工作会议 12-31 vs M1 11-24)")
    case("X3", "merge", "no merge", [weekly, exec_mtg, duty, drc_weekly, hou_weekly],
         "occurrences of one series never merge with each other")
    x4a = add("zh", "x4a", "文旅局冬季旅游推介工作会", "2026-12-15 14:30", "2026-12-15 15:30",
              org="CT", chair="pl", who=["jw", "hj"], location="文旅局会议室",
              description="冬季旅游线路推介和元旦假期市场秩序。")
    x4b = add("zh", "x4b", "文旅局冬季旅游推介工作会", "2026-12-15 14:30", "2026-12-15 15:30",
              org="CT", chair="pl", who=["jw", "hj"], location="文旅局会议室",
              description="（已取消，改发新通知）", status="CANCELLED", sequence=2)
    case("X4", "merge", "no merge", [x4a, x4b, duty_cx],
         "cancelled twin: same title/time/people, one CANCELLED (and the cancelled duty "
         "occurrence)")
    _ = standing_cmte


# ---------------------------------------------------------------------------------------------
# Filler
# ---------------------------------------------------------------------------------------------

TOPICS_EN = {
    "GO": ["key task supervision", "12345 hotline case handling", "government information "
           "disclosure", "year-end performance evaluation", "document streamlining",
           "Government Work Report drafting", "official vehicle management"],
    "DRC": ["special-purpose bond projects", "winter energy supply", "price monitoring",
            "business environment evaluation", "15th Five-Year Plan first-year tasks",
            "grain reserve rotation", "work-for-relief projects"],
    "EMB": ["hazardous chemicals inspection", "winter fire prevention", "emergency supply "
            "reserves", "earthquake drill planning", "gas safety in restaurants",
            "mine safety", "duty roster for the holidays"],
    "EDU": ["winter holiday arrangements", "heating in schools", "teacher recruitment plan",
            "student nutrition program", "preschool enrollment planning",
            "after-school services"],
    "HOU": ["old residential community renovation", "migrant worker wage arrears",
            "urban village redevelopment", "heating pipeline network",
            "affordable housing progress", "building permit streamlining"],
    "COM": ["foreign trade orders", "holiday market supply", "rural e-commerce",
            "overseas apple orders", "enterprise statistics", "cold-chain logistics"],
    "CT": ["Maijishan Grottoes conservation", "winter tourism market order",
           "Fuxi culture festival planning", "public library services",
           "intangible cultural heritage", "scenic area quality"],
    "WAT": ["winter water supply", "river chief system", "rural drinking water",
            "irrigation district renovation"],
}
TOPICS_ZH = {
    "GO": ["重点工作督查", "12345热线办理", "政务公开平台建设", "年度目标责任考核", "精文减会",
           "政府工作报告起草", "公务用车管理"],
    "DRC": ["专项债券项目申报", "冬季能源保供", "价格监测", "营商环境评价", "十五五规划开局",
            "粮食储备轮换", "以工代赈项目"],
    "EMB": ["危险化学品专项整治", "冬春火灾防控", "应急物资储备核查", "地震应急演练筹备",
            "餐饮场所燃气排查", "非煤矿山整治", "节日值班安排"],
    "EDU": ["寒假工作安排", "学校冬季取暖检查", "教师招聘计划", "学生营养改善计划",
            "学前教育普及", "课后服务"],
    "HOU": ["老旧小区改造", "农民工工资清欠", "城中村改造", "供热管网改造",
            "保障性住房建设", "施工许可审批改革"],
    "COM": ["外贸稳增长", "节日市场保供", "电子商务进农村", "苹果出口", "限上企业入库",
            "冷链物流建设"],
    "CT": ["麦积山石窟保护", "冬季旅游市场秩序", "伏羲文化旅游节筹备", "公共文化服务",
           "非遗保护传承", "A级景区复核"],
    "WAT": ["冬季供水保障", "河湖长制", "农村饮水安全", "灌区续建配套"],
}
SHORT = {"GO": "Gov Office", "DRC": "DRC", "EMB": "EMB", "EDU": "Education",
         "HOU": "Housing", "COM": "Commerce", "CT": "Culture & Tourism", "WAT": "Water"}
TYPES_EN = ["briefing", "review", "coordination meeting", "progress check", "working session",
            "planning meeting"]
TYPES_ZH = ["工作调度会", "专题会", "推进会", "碰头会", "部署会", "协调会", "汇报会"]

EXTERNAL_EN = [
    ("Lanzhou University delegation", "talent cooperation and joint laboratories",
     "intl@lzu.edu.cn"),
    ("State Grid Tianshui Power Supply Company", "winter power supply",
     "office@ts.gs.sgcc.com.cn"),
    ("China Development Bank Gansu Branch", "financing for urban renewal",
     "gansu@cdb.cn"),
    ("China Railway 21st Bureau project team", "expressway construction progress",
     "xm21@crcc.cn"),
    ("Provincial Department of Education", "county high school improvement",
     "jyt@gansu.gov.cn"),
    ("Provincial Department of Commerce", "credit insurance for foreign trade",
     "swt@gansu.gov.cn"),
    ("Gansu Provincial Department of Transportation", "the Tianshui–Longnan expressway",
     "jtt@gansu.gov.cn"),
    ("Tianshui Normal University", "a teacher training base", "office@tsnu.edu.cn"),
    ("Agricultural Bank of China Tianshui Branch", "loans for apple growers",
     "ts@abchina.com"),
    ("Baoji Municipal Development and Reform Commission", "the Guanzhong–Tianshui economic "
     "zone", "fgw@baoji.gov.cn"),
    ("Provincial Department of Natural Resources", "land quotas for 2027 projects",
     "zrzyt@gansu.gov.cn"),
]
INTERVIEW_EN = ["Talk with the newly appointed Qingshui County head",
                "Interview: candidates for deputy director, Culture & Tourism Bureau",
                "Talk with the Wushan County leadership on safety accountability",
                "Interview: candidates for section chief, Government Office"]
COUNTIES = [
    ("秦州区", "Qinzhou District"), ("麦积区", "Maiji District"), ("甘谷县", "Gangu County"),
    ("武山县", "Wushan County"), ("秦安县", "Qin'an County"), ("清水县", "Qingshui County"),
    ("张家川回族自治县", "Zhangjiachuan Hui Autonomous County"),
]
# research topic (zh, en), the leaders whose portfolio it is (None: anyone), sites (zh, en)
RESEARCH = [
    ("乡村振兴", "rural revitalization", None,
     [("易地扶贫搬迁安置点", "relocation community"), ("村级互助幸福院", "village elderly home"),
      ("蔬菜产业示范基地", "vegetable demonstration base")]),
    ("巩固拓展脱贫攻坚成果", "consolidating poverty alleviation", None,
     [("易地扶贫搬迁安置点", "relocation community"), ("扶贫车间", "poverty-relief workshop")]),
    ("苹果产业发展", "the apple industry", ["wjg", "cwd", "lhm", "zgq"],
     [("花牛苹果产业园", "Huaniu apple industrial park"),
      ("苹果冷链仓储中心", "apple cold store")]),
    ("中药材产业", "the herb industry", ["wjg", "cwd", "lhm", "zgq"],
     [("中药材种植基地", "herb farm"), ("中药材加工园区", "herb processing park")]),
    ("工业经济运行", "industrial output", ["wjg", "lhm", "zgq"],
     [("工业园区", "industrial park"), ("装备制造产业园", "equipment manufacturing park")]),
    ("冬季供暖保障", "winter heating", ["wjg", "cwd", "zzq", "slp"],
     [("供热站", "heating station"), ("天然气门站", "natural gas gate station")]),
    ("冬季消防安全", "winter fire safety", ["wjg", "zzq"],
     [("农贸市场", "farmers' market"), ("中心敬老院", "central elderly care home")]),
    ("农村饮水安全", "rural drinking water", ["wjg", "cwd", "zzq"],
     [("农村饮水工程", "rural drinking water project"), ("水厂", "waterworks")]),
    ("地质灾害防治", "geological hazard prevention", ["zzq", "cwd"],
     [("地质灾害隐患点", "geological hazard site")]),
    ("义务教育均衡发展", "compulsory education", ["lxy", "wjg", "cwd"],
     [("第二中学", "No. 2 Middle School"), ("寄宿制小学", "boarding primary school")]),
    ("养老服务", "elderly care", ["lxy", "lhm", "slp"],
     [("中心敬老院", "central elderly care home"), ("村级互助幸福院", "village elderly home")]),
    ("基层医疗卫生", "primary health care", ["lxy", "lhm"],
     [("中心卫生院", "central township health center")]),
    ("文物保护利用", "heritage conservation", ["lxy", "cwd"],
     [("文物保护单位", "protected heritage site")]),
]
TITLE_ZH = {"wjg": "市长", "cwd": "书记", "lhm": "常务副市长", "zzq": "副市长", "lxy": "副市长",
            "zgq": "副市长", "slp": "秘书长", "zht": "副秘书长"}
# research visits per leader in the eight weeks (designed ones included)
RESEARCH_TARGET = {"wjg": 11, "cwd": 9, "lhm": 6, "zzq": 14, "lxy": 6, "zgq": 3, "slp": 1,
                   "zht": 0}


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
    wr.writerow(["name", "email", "role", "title", "department"])
    for p in PEOPLE.values():
        wr.writerow([p.name, p.email, p.role, p.title, p.department])
    return buf.getvalue().encode("utf-8")


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


README_HEAD = """\
# Sample calendars

Realistic feeds for trying leanmeet and for end-to-end tests: the schedule of a municipal
government office (天水市, Tianshui) over the eight weeks from Monday 2026-11-16 to Sunday
2027-01-10, in English and Chinese, exported the way the office's own system, Outlook/Exchange
and Google Calendar export. "Today" in the demos is **2026-11-29**.

**Everything here is generated**: edit `generate.py`, then run

    python sample_calendars/generate.py            # rewrites the files next to it
    python sample_calendars/generate.py /tmp/out   # or into another folder

It uses only the standard library and a fixed seed (%(seed)d), so the output is byte-identical
on every run (`tests/test_sample_calendars.py` checks this). Before writing, the generator
checks itself: nobody is in two events at once except in the cases listed below, no two
leaders' research visits meet except in the research-team cases, filler meetings contain no
rule keyword (hotel, 调研, forum, 发布会, …), and the kind each event is meant to have agrees
with a small mirror of the SPEC §3 keyword classifier.

## Files

| file | what | VEVENTs | recurring | overrides | cancelled | occurrences in window |
|---|---|---:|---:|---:|---:|---:|
%(files)s

- `roster.csv` — %(nleaders)d leaders and %(nstaff)d staff, header
  `name,email,role,title,department`; titles and departments mix English and Chinese.
- `government-office.ics` — the Government Office's own feed: **import it with `--arranged`**.
  Standing executive meeting (biweekly, COUNT), Party standing committee (biweekly, UNTIL),
  ceremonies the office arranged, the "Two Sessions" plenaries, leaders' research visits
  (调研), leaders' hearings of department reports. `TZID=Asia/Shanghai` + VTIMEZONE.
- `leaders-outlook.ics` — Outlook 16 export: `TZID=China Standard Time` (Windows zone name,
  VTIMEZONE with STANDARD and DAYLIGHT both +0800), quoted CNs, `ROLE/PARTSTAT/RSVP`,
  `X-MICROSOFT-CDO-*`, `CLASS`, `PRIORITY`, `SEQUENCE`, `X-ALT-DESC` HTML, colour
  categories, a weekly RRULE with UNTIL, an EXDATE and a moved override with a new SUMMARY.
- `departments-google.ics` — Google Calendar export: `X-WR-TIMEZONE:Asia/Shanghai`, UTC
  (`…Z`) times, `@google.com` UIDs, attendees whose CN is their e-mail, two infinite series
  (one with `TZID`, one in UTC), a cancelled occurrence, all-day (`VALUE=DATE`) events, a
  `DURATION` event.
- `部门会议.ics` — Chinese department meetings (a non-ASCII file name on purpose),
  `TZID=Asia/Shanghai`, long Chinese descriptions folded at 75 octets on UTF-8 character
  boundaries, a series with COUNT + RDATE, a DURATION event, an event with DTSTART only,
  a cancelled twin.
- `cases.json` — the table below in machine-readable form (file, UID, RECURRENCE-ID, start,
  summary, intended kind of every event of every case), the expected double-bookings and
  each leader's research days: use it to write end-to-end tests against the importer.

All files: CRLF, lines ≤ 75 octets, DTSTAMP and UID on every VEVENT, commas, semicolons,
backslashes and newlines escaped in TEXT values. Working hours 08:30–18:00, Monday to Friday
(New Year's Day off); only the People's Congress runs into a weekend. A roster person who
organizes an event is also listed as `ATTENDEE;ROLE=CHAIR`, so no expected finding depends on
whether ORGANIZER counts as taking part; organizers that are department mailboxes
(`zjj@tianshui.gov.cn`) or outside bodies are not on the roster.

## Cases

`expect` is what leanmeet should report for the events of the case (rule ids from SPEC §4,
merge suggestions from SPEC §5).

| case | rule / merge | expect | event(s) | file(s) | what it shows |
|---|---|---|---|---|---|
%(cases)s

## Expected double-bookings

Every overlap of one person's events (cancelled events and declined invitations left out).
Anything else the `double-booking` rule reports is a bug in the importer or the rule.

| person | event | event | from |
|---|---|---|---|
%(overlaps)s

## Research days (grassroots-days)

Days with a `research` event per leader (eight weeks; the rule measures against 70 days a year).

| leader | title | days in window | up to 2026-11-29 |
|---|---|---:|---:|
%(research)s

## Filler

The rest are ordinary meetings drawn around the cases with the fixed seed: department
routines (at most one per department per day; 30 min–2 h; English ones in the Google feed,
Chinese ones in `部门会议.ics`), leaders' briefings, meetings with outside bodies, talks and
interviews (Outlook), department reports heard by a leader (office feed) and research visits
that bring each leader to a different number of research days. Fillers do not overlap anyone's
other events, stay within half a day and contain no rule keyword, so every finding on them is
a false positive — except merge suggestions between meetings of one department on nearby
days, which a scheduler may well find useful.
"""


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
        "nstaff": len(PEOPLE) - len(LEADERS), "cases": "\n".join(rows),
        "overlaps": "\n".join(orows), "research": "\n".join(rrows)}
    return text.encode("utf-8")


# ---------------------------------------------------------------------------------------------


def build() -> dict[str, bytes]:
    EVENTS.clear()
    CASES.clear()
    designed()
    fill(random.Random(SEED))
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
