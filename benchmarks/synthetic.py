"""A synthetic municipal office calendar of N VEVENTs, for the benchmark scripts.

Deterministic (fixed seed). About 3% of the events are weekly series (half of them
infinite), the rest single meetings on weekdays 08:30-18:00 Asia/Shanghai over about a year,
each with 2-12 attendees out of 300 people (40 leaders), titles from a few hundred EN/ZH topics.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

TOPICS_ZH = ["安全生产", "防汛抗旱", "招商引资", "乡村振兴", "营商环境", "疫情防控", "森林防火",
             "城市更新", "文明城市创建", "民生实事", "项目建设", "财政预算", "教育改革", "医疗保障",
             "生态环境保护", "交通运输", "信访维稳", "科技创新", "文化旅游", "粮食安全"]
TOPICS_EN = ["budget review", "flood prevention", "investment promotion", "rural revitalization",
             "business environment", "forest fire prevention", "urban renewal", "road safety",
             "school enrolment", "hospital reform", "air quality", "public transport",
             "housing supply", "tourism season", "digital government", "water supply"]
FORMS_ZH = ["工作会议", "专题会", "调度会", "推进会", "座谈会", "汇报会", "协调会"]
FORMS_EN = ["meeting", "briefing", "coordination meeting", "review", "working session"]
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)


def people(n: int = 300, leaders: int = 40) -> list[tuple[str, str, bool]]:
    return [(f"Person {i:03d}", f"p{i:03d}@office.example.gov", i < leaders) for i in range(n)]


def generate(n: int, start: date = date(2026, 1, 5), seed: int = 7, prefix: str = "bench",
             series_every: int = 33) -> str:
    """N VEVENTs; every ``series_every``-th is a weekly series (0: none, so N occurrences)."""
    rng = random.Random(seed)
    staff = people()
    out = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//leanmeet//benchmark//EN\r\n", VTIMEZONE]
    workdays = [start + timedelta(days=d) for d in range(366)
                if (start + timedelta(days=d)).weekday() < 5]
    for i in range(n):
        day = rng.choice(workdays)
        minute = rng.randrange(8 * 60 + 30, 17 * 60, 15)
        begin = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
        length = rng.choice([30, 45, 60, 60, 90, 120, 180, 240, 300])
        if rng.random() < 0.5:
            title = rng.choice(TOPICS_ZH) + rng.choice(FORMS_ZH)
        else:
            title = f"{rng.choice(TOPICS_EN).capitalize()} {rng.choice(FORMS_EN)}"
        who = rng.sample(staff, rng.randint(2, 12))
        lines = [
            "BEGIN:VEVENT", f"UID:{prefix}-{i}@office.example.gov", "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Asia/Shanghai:{begin:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Asia/Shanghai:{begin + timedelta(minutes=length):%Y%m%dT%H%M%S}",
            f"SUMMARY:{title}", f"LOCATION:Room {rng.randint(101, 420)}",
            f"DESCRIPTION:Agenda item {i}\\nKeynote: {who[0][0]}",
            f"ORGANIZER;CN={who[0][0]}:mailto:{who[0][1]}",
        ]
        lines += [f"ATTENDEE;CN={name};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:{mail}"
                  for name, mail, _ in who]
        if series_every and i % series_every == 0:
            lines.append("RRULE:FREQ=WEEKLY" + (";COUNT=20" if i % (2 * series_every) == 0 else ""))
        lines.append("END:VEVENT")
        out.append("\r\n".join(lines) + "\r\n")
    out.append("END:VCALENDAR\r\n")
    return "".join(out)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"office-{count}.ics")
    target.write_text(generate(count), encoding="utf-8", newline="")
    print(f"wrote {target} ({count} VEVENTs)")
