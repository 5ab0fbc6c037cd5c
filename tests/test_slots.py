"""Issue 15: the merged meeting goes where every attendee and the room are free, within
working hours, avoiding days off; with no such slot, the one with the fewest conflicts, named.

Real .ics text imported through the real command line into a real TinyDB file; the slot is
read back from `suggest --json`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from tests.ics import SHANGHAI, calendar, event
from leanmeet.cli.main import main

NAMES = {"wang@gov.cn": "王建国", "li@gov.cn": "李明", "zhao@gov.cn": "赵磊",
         "sun@gov.cn": "孙丽"}
TEAM = ("wang@gov.cn", "li@gov.cn", "zhao@gov.cn")


def att(*emails: str) -> list[str]:
    return [f"ATTENDEE;CN={NAMES[e]}:mailto:{e}" for e in emails]


def timed(uid: str, day: str, start: str, end: str, summary: str, *extra: str) -> str:
    return event(uid, f"DTSTART;TZID=Asia/Shanghai:{day}T{start}00",
                 f"DTEND;TZID=Asia/Shanghai:{day}T{end}00", f"SUMMARY:{summary}", *extra)


def all_day(uid: str, first: str, end: str, summary: str, *extra: str) -> str:
    return event(uid, f"DTSTART;VALUE=DATE:{first}", f"DTEND;VALUE=DATE:{end}",
                 f"SUMMARY:{summary}", *extra)


def pair(day: str, *extra: str) -> list[str]:
    """Two meetings the office would merge: same morning, same people, same subject
    (90 + 60 minutes: the merged meeting is 150 minutes)."""
    return [
        timed("safety-a", day, "0900", "1030", "全市冬季安全生产工作会议", *extra, *att(*TEAM)),
        timed("safety-b", day, "1000", "1100", "住建系统冬季安全生产专题会", *extra, *att(*TEAM)),
    ]


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def load(tmp_path, capsys, **feeds: list[str]) -> None:
    for name, events in feeds.items():
        path = tmp_path / f"{name}.ics"
        path.write_text(calendar(*events, zones=SHANGHAI), encoding="utf-8")
        code, _, err = cli(capsys, "import", str(path))
        assert code == 0, err


def proposal(capsys, first: str, last: str) -> dict:
    code, out, err = cli(capsys, "suggest", "--from", first, "--to", last, "--json")
    assert code == 0, err
    (s,) = json.loads(out)["suggestions"]
    return s["proposal"]


def span(p: dict) -> tuple[datetime, datetime]:
    return datetime.fromisoformat(p["start"]), datetime.fromisoformat(p["end"])


def test_everyone_free_keeps_the_first_meetings_time(tmp_path, capsys):
    load(tmp_path, capsys, dept=pair("20261201"))
    p = proposal(capsys, "2026-11-30", "2026-12-06")
    assert p["start"] == "2026-12-01T09:00:00+08:00" and p["end"] == "2026-12-01T11:30:00+08:00"
    assert p["free"] is True and p["conflicts"] == []
    assert "free at the first meeting's time" in p["reason"]


def test_a_busy_attendee_in_another_feed_moves_the_slot(tmp_path, capsys):
    # 王建国's own calendar (another feed): the whole morning with a delegation
    leader = [timed("visit", "20261201", "0830", "1200", "接待省考察团", *att("wang@gov.cn"))]
    load(tmp_path, capsys, dept=pair("20261201"), leader=leader)
    p = proposal(capsys, "2026-11-30", "2026-12-06")
    start, end = span(p)
    # not over the morning visit, not over lunch: the afternoon of the same day
    assert start == datetime.fromisoformat("2026-12-01T14:00:00+08:00")
    assert end - start == timedelta(minutes=150)
    assert p["free"] is True and p["conflicts"] == []
    # why: what kept it from the first meeting's time
    assert p["reason"].startswith("at the first meeting's time 王建国 busy: 接待省考察团")


def test_a_busy_room_moves_the_slot(tmp_path, capsys):
    room = "LOCATION:市政府三楼会议室"
    # the room is taken all morning by people who are not invited
    other = [timed("training", "20261201", "0830", "1200", "档案管理培训", room,
                   *att("sun@gov.cn"))]
    load(tmp_path, capsys, dept=pair("20261201", room), other=other)
    p = proposal(capsys, "2026-11-30", "2026-12-06")
    start, _ = span(p)
    assert start == datetime.fromisoformat("2026-12-01T14:00:00+08:00")
    assert p["location"] == "市政府三楼会议室" and p["free"] is True


def test_a_room_booked_as_a_cutype_room_attendee_is_busy_too(tmp_path, capsys):
    room = "ATTENDEE;CUTYPE=ROOM;ROLE=NON-PARTICIPANT;CN=第一会议室:mailto:room1@gov.cn"
    # the room's own calendar: booked all morning (no LOCATION text at all)
    rooms = [timed("booked", "20261201", "0800", "1230", "预订", room)]
    load(tmp_path, capsys, dept=pair("20261201", room), rooms=rooms)
    p = proposal(capsys, "2026-11-30", "2026-12-06")
    start, _ = span(p)
    assert start == datetime.fromisoformat("2026-12-01T14:00:00+08:00")
    assert "room1@gov.cn" in p["attendees"] and p["free"] is True


def test_a_public_holiday_is_skipped(tmp_path, capsys):
    # Wed 2026-09-30, the eve of National Day: everyone is away on training all that day;
    # the next day (Thu 1 October) is a public holiday, so the slot goes to Tue 29 September
    away = [all_day("course", "20260930", "20261001", "党校培训", *att(*TEAM))]
    load(tmp_path, capsys, dept=pair("20260930"), away=away)
    p = proposal(capsys, "2026-09-28", "2026-10-04")
    start, end = span(p)
    assert start.date() == date(2026, 9, 29) and start.hour == 9 and p["free"] is True
    assert not any(c["summary"] == "党校培训" for c in p["conflicts"])


def test_a_tiaoxiu_working_saturday_is_a_working_day(tmp_path, capsys):
    # Fri 9 October 2026, after the National Day week: everyone is busy Thursday and Friday;
    # Monday to Wednesday are holidays; Saturday 10 October is a working day (调休)
    away = [all_day("inspect", "20261008", "20261010", "防汛检查", *att(*TEAM))]
    load(tmp_path, capsys, dept=pair("20261009"), away=away)
    p = proposal(capsys, "2026-10-05", "2026-10-11")
    start, _ = span(p)
    assert start.date() == date(2026, 10, 10) and p["free"] is True


def test_no_slot_at_all_gives_the_fewest_conflicts_and_names_them(tmp_path, capsys):
    # 李明 is on a research trip the whole week; 赵磊 also has a meeting at 09:00 on Tuesday
    trip = [all_day("trip", "20261130", "20261207", "赴西部区县调研", *att("li@gov.cn")),
            timed("budget", "20261201", "0900", "1000", "预算审核", *att("zhao@gov.cn"))]
    load(tmp_path, capsys, dept=pair("20261201"), trip=trip)
    p = proposal(capsys, "2026-11-30", "2026-12-06")
    assert p["free"] is False
    # one conflict is unavoidable (李明); the first such slot is not the 09:00 one
    assert [(c["who"], c["summary"]) for c in p["conflicts"]] == [("李明", "赴西部区县调研")]
    assert p["start"] != "2026-12-01T09:00:00+08:00"
    assert "李明" in p["reason"] and "赴西部区县调研" in p["reason"]
    code, out, _ = cli(capsys, "suggest", "--from", "2026-11-30", "--to", "2026-12-06")
    assert "李明 busy: 赴西部区县调研" in out  # the readable output names it too


def test_free_lists_common_free_time(tmp_path, capsys):
    leader = [timed("visit", "20261201", "0830", "1000", "接待省考察团", *att("wang@gov.cn")),
              timed("talk", "20261201", "1500", "1600", "谈话", *att("li@gov.cn"))]
    load(tmp_path, capsys, leader=leader)
    code, out, err = cli(capsys, "free", "王建国", "li@gov.cn", "--from", "2026-12-01",
                         "--to", "2026-12-01", "--minutes", "60", "--json")
    assert code == 0, err
    slots = [(s["start"][11:16], s["end"][11:16]) for s in json.loads(out)["slots"]]
    assert slots == [("10:00", "12:00"), ("14:00", "15:00"), ("16:00", "18:00")]
    code, out, _ = cli(capsys, "free", "nobody@gov.cn", "--from", "2026-10-01",
                       "--to", "2026-10-02")
    assert code == 0 and "no common free time" in out  # National Day: no working time
    code, _, err = cli(capsys, "free", "--from", "2026-12-01")
    assert code == 2


# ------------------------------------------------------------------ the search itself
def test_find_slot_agrees_with_brute_force():
    """Random busy weeks: the slot found is free when any candidate is, and otherwise has
    the fewest conflicts of all candidates (checked one by one, the slow way)."""
    import random
    from zoneinfo import ZoneInfo

    from leanmeet.planner.model import Attendee, Occurrence
    from leanmeet.planner.slots import BusyIndex, Room, WorkingHours, find_slot, location_key

    tz = ZoneInfo("Asia/Shanghai")
    hours = WorkingHours()
    monday = date(2026, 11, 30)
    for seed in range(40):
        rng = random.Random(seed)
        people = [f"p{i}@gov.cn" for i in range(6)]
        rooms = ["一号会议室", "二号会议室"]
        occs = []
        for k in range(rng.randint(5, 60)):
            day = monday + timedelta(days=rng.randrange(5))
            start = datetime.combine(day, datetime.min.time(), tz) + timedelta(
                minutes=rng.randrange(8 * 60, 18 * 60, 5))
            end = start + timedelta(minutes=rng.choice([20, 45, 60, 90, 180]))
            who = rng.sample(people, rng.randint(1, 3))
            occs.append(Occurrence(f"o{k}", None, start, end, False, f"busy {k}",
                                   location=rng.choice(rooms + ["", ""]),
                                   attendees=tuple(Attendee(w) for w in who)))
        busy = BusyIndex.build(occs, lambda a: a.email, tz)
        wanted = rng.sample(people, 3)
        length = rng.choice([60, 90, 150, 240])
        options = [Room(r, (location_key(r),)) for r in rng.sample(rooms, rng.randint(0, 2))]
        days = [monday + timedelta(days=d) for d in (2, 3, 1, 4, 0, 5, 6)]
        slot = find_slot(minutes=length, days=days, people=[(w, w) for w in wanted],
                         rooms=options, busy=busy, hours=hours)

        def conflicts(start: datetime) -> int:
            end = start + timedelta(minutes=length)
            hit = [o for o in occs if o.start < end and o.end > start]
            n = sum(any(w in {a.email for a in o.attendees} for o in hit) for w in wanted)
            if options and all(any(o.location == r.name for o in hit) for r in options):
                n += 1
            return n

        candidates = []
        for d in days[:5]:
            for m in range(8 * 60 + 30, 18 * 60 - length + 1, 30):
                s = datetime.combine(d, datetime.min.time(), tz) + timedelta(minutes=m)
                e = s + timedelta(minutes=length)
                lunch = (datetime.combine(d, datetime.min.time(), tz) + timedelta(hours=12),
                         datetime.combine(d, datetime.min.time(), tz) + timedelta(hours=14))
                if e <= lunch[0] or s >= lunch[1]:
                    candidates.append(s)
        assert slot is not None
        best = min(conflicts(c) for c in candidates)
        assert len(slot.conflicts) == conflicts(slot.start) == best, seed
        assert slot.end - slot.start == timedelta(minutes=length)
        assert slot.start in candidates
