"""`leanmeet export OUT.ics`: a valid RFC 5545 plan from the stored events (series stay series,
unknown properties kept), merged meetings replacing their originals, blocked leaders left out,
decisions in X- properties, and a round trip through an empty database."""

from __future__ import annotations

import json
import zoneinfo
from datetime import date, datetime, timedelta

import recurring_ical_events
from icalendar import Calendar

from leanmeet.cli.main import main
from tests.ics import SHANGHAI, calendar, event

WINDOW = ["--from", "2026-11-30", "--to", "2026-12-27"]
SH = zoneinfo.ZoneInfo("Asia/Shanghai")
LEADERS = [("王建国", "wang@gov.cn"), ("李明", "li@gov.cn")]


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def att(email: str, name: str = "", *params: str) -> str:
    cn = f";CN={name}" if name else ""
    return f"ATTENDEE{cn}{''.join(';' + p for p in params)}:mailto:{email}"


def timed(uid: str, start: str, end: str, summary: str, *extra: str, tzid="Asia/Shanghai"):
    return event(uid, f"DTSTART;TZID={tzid}:{start}", f"DTEND;TZID={tzid}:{end}",
                 f"SUMMARY:{summary}", *extra)


BERLIN = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nDTSTART:19810329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "END:DAYLIGHT\r\nBEGIN:STANDARD\r\nDTSTART:19961027T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    "END:STANDARD\r\nEND:VTIMEZONE\r\n"
)
CUSTOM = (
    "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\n"
    "DTSTART:16010101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)
LONG = "议程：" + "，".join(f"第{i}项议题的讨论与表决" for i in range(12))

FEED = calendar(
    # an Outlook-style series: EXDATE, a moved override, properties leanmeet does not model
    timed("weekly", "20261130T083000", "20261130T100000", "Weekly leadership meeting",
          "RRULE:FREQ=WEEKLY;COUNT=6", "EXDATE;TZID=Asia/Shanghai:20261214T083000",
          "X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "CLASS:PUBLIC", "PRIORITY:5",
          att("wang@gov.cn", "王建国"), att("sun@gov.cn", "孙丽")),
    timed("weekly", "20261208T140000", "20261208T153000", "Weekly leadership meeting (moved)",
          "RECURRENCE-ID;TZID=Asia/Shanghai:20261207T083000", "SEQUENCE:1",
          att("wang@gov.cn", "王建国")),
    # ceremonies: a single one, a series blocked throughout, a series arranged once
    timed("ribbon", "20261202T100000", "20261202T110000", "Ribbon-cutting for the city library",
          att("wang@gov.cn", "王建国"), att("zhao@gov.cn", "赵磊")),
    timed("forum", "20261203T150000", "20261203T160000", "Weekly innovation forum",
          "RRULE:FREQ=WEEKLY;COUNT=3", att("li@gov.cn", "李明"), att("zhao@gov.cn", "赵磊")),
    timed("seminar", "20261201T090000", "20261201T100000", "Heritage seminar",
          "RRULE:FREQ=WEEKLY;COUNT=3", att("wang@gov.cn", "王建国"), att("sun@gov.cn", "孙丽")),
    # two meetings that merge
    timed("safety-a", "20261209T090000", "20261209T103000", "全市冬季安全生产工作会议",
          att("wang@gov.cn", "王建国"), att("li@gov.cn", "李明"), att("zhao@gov.cn", "赵磊"),
          att("sun@gov.cn", "孙丽")),
    timed("safety-b", "20261209T100000", "20261209T113000", "住建系统冬季安全生产专题会",
          att("wang@gov.cn", "王建国"), att("li@gov.cn", "李明"), att("zhao@gov.cn", "赵磊")),
    # time zones: a DST zone in winter and summer, a feed's custom zone
    timed("berlin", "20261210T090000", "20261210T100000", "Call with Berlin partners",
          "RRULE:FREQ=MONTHLY;COUNT=9", tzid="Europe/Berlin"),
    timed("custom", "20261211T100000", "20261211T110000", "Tokyo liaison",
          tzid="Customized Time Zone"),
    # no DTSTAMP, a line far longer than 75 octets, an all-day event
    event("nostamp", "DTSTART;TZID=Asia/Shanghai:20261214T160000", "DURATION:PT1H",
          "SUMMARY:Budget check", f"DESCRIPTION:{LONG}", stamp=False),
    event("allday", "DTSTART;VALUE=DATE:20261216", "DTEND;VALUE=DATE:20261217",
          "SUMMARY:Annual review day"),
    zones=SHANGHAI + BERLIN + CUSTOM,
)


def setup(tmp_path, capsys, feed: str = FEED) -> None:
    path = tmp_path / "dept.ics"
    path.write_text(feed, encoding="utf-8", newline="")
    assert cli(capsys, "import", str(path))[0] == 0
    for name, email in LEADERS:
        assert cli(capsys, "people", "add", name, email, "--leader")[0] == 0
    assert cli(capsys, "people", "add", "赵磊", "zhao@gov.cn")[0] == 0


def merge_safety(capsys) -> str:
    code, out, _ = cli(capsys, "suggest", *WINDOW, "--json")
    [s] = [s for s in json.loads(out)["suggestions"]
           if {m["uid"] for m in s["members"]} == {"safety-a", "safety-b"}]
    assert cli(capsys, "merge", s["id"])[0] == 0
    return s["id"]


def export(tmp_path, capsys, *extra: str, name="plan.ics") -> str:
    out = tmp_path / name
    code, stdout, err = cli(capsys, "export", str(out), *WINDOW, *extra)
    assert code == 0, err
    return out.read_bytes().decode("utf-8")


def validate(text: str) -> Calendar:
    """What a strict client checks: PRODID/VERSION, UID and DTSTAMP on every VEVENT, a
    VTIMEZONE for every TZID, nothing icalendar rejects, CRLF lines of at most 75 octets."""
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    cal = Calendar.from_ical(text)
    assert cal.get("PRODID") and str(cal.get("VERSION")) == "2.0"
    for comp in cal.walk():
        assert not comp.errors, (comp.name, comp.get("UID"), comp.errors)
    for ev in cal.walk("VEVENT"):
        assert ev.get("UID") and ev.get("DTSTAMP"), ev.to_ical()
    assert cal.get_missing_tzids() == set()
    return cal


def listed(capsys, *db: str) -> list[dict]:
    code, out, _ = cli(capsys, *db, "list", *WINDOW, "--json")
    assert code == 0
    return json.loads(out)["events"]


def events_by_uid(cal: Calendar) -> dict[str, list]:
    out: dict[str, list] = {}
    for ev in cal.walk("VEVENT"):
        out.setdefault(str(ev["UID"]), []).append(ev)
    return out


def instant(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(SH).isoformat()
    return value.isoformat()


# ------------------------------------------------------------------ validity
def test_plan_is_valid_and_names_every_time_zone(tmp_path, capsys):
    setup(tmp_path, capsys)
    cal = validate(export(tmp_path, capsys))
    zones = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
    assert "Asia/Shanghai" in zones and "Europe/Berlin" in zones
    assert any(z.startswith("LM-") and "Customized Time Zone" in z for z in zones)
    # the VTIMEZONEs give the right offsets on the dates of the plan, winter and summer
    berlin = zones["Europe/Berlin"].to_tz()
    for day in (datetime(2026, 12, 10, 9), datetime(2027, 7, 10, 9)):
        assert berlin.utcoffset(day) == zoneinfo.ZoneInfo("Europe/Berlin").utcoffset(day)
    [custom] = [z for n, z in zones.items() if n.startswith("LM-")]
    assert custom.to_tz().utcoffset(datetime(2026, 12, 11, 10)) == timedelta(hours=9)
    # what was repaired: a DTSTAMP added, the long line folded (text unchanged)
    [nostamp] = events_by_uid(cal)["nostamp"]
    assert nostamp.get("DTSTAMP") is not None and str(nostamp["DESCRIPTION"]) == LONG


def test_series_stay_series_with_their_unknown_properties(tmp_path, capsys):
    setup(tmp_path, capsys)
    text = export(tmp_path, capsys)
    weekly = events_by_uid(validate(text))["weekly"]
    master = next(e for e in weekly if "RECURRENCE-ID" not in e)
    [moved] = [e for e in weekly if "RECURRENCE-ID" in e]
    assert str(master["RRULE"].to_ical().decode()) == "FREQ=WEEKLY;COUNT=6"
    assert master["X-MICROSOFT-CDO-BUSYSTATUS"] == "BUSY" and master["PRIORITY"] == 5
    assert [d.dt for d in master["EXDATE"].dts] == [datetime(2026, 12, 14, 8, 30, tzinfo=SH)]
    assert str(moved["SUMMARY"]) == "Weekly leadership meeting (moved)"
    assert text.count("BEGIN:VEVENT") == 11  # as in the feed: not exploded into occurrences


def test_recurring_ical_events_expands_the_plan_like_leanmeet(tmp_path, capsys):
    setup(tmp_path, capsys)
    merge_safety(capsys)
    cal = validate(export(tmp_path, capsys))
    expanded = recurring_ical_events.of(cal).between(date(2026, 11, 30), date(2026, 12, 28))
    got = sorted((str(e["UID"]), instant(e["DTSTART"].dt)) for e in expanded)
    want = sorted((e["uid"], e["start"]) for e in listed(capsys))
    assert got == want
    assert ("weekly", "2026-12-08T14:00:00+08:00") in got  # the moved occurrence
    assert not any(uid in ("safety-a", "safety-b") for uid, _ in got)


# ------------------------------------------------------------------ merges and blocked leaders
def test_merged_meeting_replaces_and_names_its_originals(tmp_path, capsys):
    setup(tmp_path, capsys)
    sid = merge_safety(capsys)
    by_uid = events_by_uid(validate(export(tmp_path, capsys)))
    assert "safety-a" not in by_uid and "safety-b" not in by_uid
    [merged] = by_uid[f"{sid}@merged.leanmeet"]
    related = merged["RELATED-TO"]
    assert sorted(str(r) for r in related) == ["safety-a", "safety-b"]
    assert "X-LEANMEET-MERGED-FROM" in merged.to_ical().decode()
    assert "X-LEANMEET-MERGE-ACCEPTED" in merged


def test_superseded_occurrence_of_a_series_becomes_an_exdate(tmp_path, capsys):
    feed = calendar(
        timed("standing", "20261201T140000", "20261201T150000", "住建局周例会",
              "RRULE:FREQ=WEEKLY;COUNT=4", att("wang@gov.cn", "王建国"),
              att("zhao@gov.cn", "赵磊")),
        timed("party", "20261208T150000", "20261208T160000", "住建局周例会工作安排",
              att("wang@gov.cn", "王建国"), att("zhao@gov.cn", "赵磊")),
        zones=SHANGHAI)
    setup(tmp_path, capsys, feed)
    code, out, _ = cli(capsys, "suggest", *WINDOW, "--json")
    [s] = json.loads(out)["suggestions"]
    assert {m["recurrence_id"] for m in s["members"]} == {"2026-12-08T14:00:00+08:00", None}
    assert cli(capsys, "merge", s["id"])[0] == 0
    by_uid = events_by_uid(validate(export(tmp_path, capsys)))
    [master] = by_uid["standing"]
    assert [d.dt for d in master["EXDATE"].dts] == [datetime(2026, 12, 8, 14, tzinfo=SH)]
    assert "party" not in by_uid


def attendees(ev) -> list[str]:
    values = ev.get("ATTENDEE") or []
    values = values if isinstance(values, list) else [values]
    return sorted(str(v).removeprefix("mailto:") for v in values)


def test_blocked_leaders_are_left_out_with_the_reason(tmp_path, capsys):
    setup(tmp_path, capsys)
    # the heritage seminar is arranged for its second week only
    assert cli(capsys, "arrange", "seminar", "--occurrence", "2026-12-08T09:00:00+08:00",
               "--ref", "办发〔2026〕12号")[0] == 0
    by_uid = events_by_uid(validate(export(tmp_path, capsys)))
    # a single ceremony: the leader is removed, the staff member stays, a COMMENT says why
    [ribbon] = by_uid["ribbon"]
    assert attendees(ribbon) == ["zhao@gov.cn"]
    assert "王建国" in str(ribbon["COMMENT"]) and "§4" in str(ribbon["COMMENT"])
    # a series blocked in every occurrence: the master itself
    [forum] = by_uid["forum"]
    assert attendees(forum) == ["zhao@gov.cn"] and "RRULE" in forum
    # a series blocked in two of three occurrences: an override for each of those two
    seminar = by_uid["seminar"]
    master = next(e for e in seminar if "RECURRENCE-ID" not in e)
    overrides = {e["RECURRENCE-ID"].dt: e for e in seminar if "RECURRENCE-ID" in e}
    assert attendees(master) == ["sun@gov.cn", "wang@gov.cn"]
    assert sorted(overrides) == [datetime(2026, 12, 1, 9, tzinfo=SH),
                                 datetime(2026, 12, 15, 9, tzinfo=SH)]
    for ov in overrides.values():
        assert attendees(ov) == ["sun@gov.cn"] and "RRULE" not in ov
        assert "Left out" in str(ov["COMMENT"])
    # the meeting that is not a ceremony keeps its leaders
    assert "wang@gov.cn" in attendees(by_uid["weekly"][0])


# ------------------------------------------------------------------ decisions and round trip
def test_decisions_travel_in_x_properties(tmp_path, capsys):
    setup(tmp_path, capsys)
    cli(capsys, "arrange", "ribbon", "--ref", "市委办〔2026〕88号; 第2条")
    cli(capsys, "exempt", "allday", "--rule", "half-day-limit", "--reason", "annual, special")
    cli(capsys, "kind", "weekly", "ceremony", "--occurrence", "2026-11-30T08:30:00+08:00")
    by_uid = events_by_uid(validate(export(tmp_path, capsys)))
    [ribbon] = by_uid["ribbon"]
    assert "X-LEANMEET-ARRANGED" in ribbon
    assert attendees(ribbon) == ["wang@gov.cn", "zhao@gov.cn"]  # arranged: nobody left out
    [allday] = by_uid["allday"]
    exempt = allday["X-LEANMEET-EXEMPT"]
    assert exempt.params["X-RULE"] == "half-day-limit"
    master = next(e for e in by_uid["weekly"] if "RECURRENCE-ID" not in e)
    assert master["X-LEANMEET-KIND"].params["X-OCCURRENCE"] == "2026-11-30T08:30:00+08:00"


def comparable(events: list[dict]) -> dict:
    return {(e["uid"], e["recurrence_id"]): {k: v for k, v in e.items() if k != "feed"}
            for e in events}


def decisions(capsys, *db: str) -> list[dict]:
    return sorted(json.loads(cli(capsys, *db, "decisions", "--json")[1])["decisions"],
                  key=lambda d: json.dumps(d, sort_keys=True))


def test_round_trip_into_an_empty_database(tmp_path, capsys):
    setup(tmp_path, capsys)
    merge_safety(capsys)
    cli(capsys, "arrange", "seminar", "--occurrence", "2026-12-08T09:00:00+08:00",
        "--ref", "办发〔2026〕12号")
    cli(capsys, "exempt", "allday", "--rule", "half-day-limit", "--reason", "annual, special")
    cli(capsys, "kind", "weekly", "ceremony", "--occurrence", "2026-11-30T08:30:00+08:00")
    text = export(tmp_path, capsys)
    before = comparable(listed(capsys))
    # what the plan changed on purpose: the blocked leaders are left out
    left_out = 0
    for (uid, rid), e in before.items():
        if (uid in ("ribbon", "forum")
                or (uid == "seminar" and rid != "2026-12-08T09:00:00+08:00")
                or (uid, rid) == ("weekly", "2026-11-30T08:30:00+08:00")):  # made a ceremony
            kept = [a for a in e["attendees"] if a["email"] not in ("wang@gov.cn", "li@gov.cn")]
            left_out += len(e["attendees"]) - len(kept)
            e["attendees"] = kept
    assert left_out == 7
    other = ["--db", str(tmp_path / "empty.json")]
    assert cli(capsys, *other, "import", str(tmp_path / "plan.ics"))[0] == 0
    for name, email in LEADERS:
        cli(capsys, *other, "people", "add", name, email, "--leader")
    after = comparable(listed(capsys, *other))
    assert after == before
    assert decisions(capsys, *other) == decisions(capsys)
    # the restored decisions act: the arranged seminar week has no finding, the others do
    code, out, _ = cli(capsys, *other, "check", *WINDOW, "--json")
    rules = {(f["rule"], f["uid"], f["recurrence_id"]) for f in json.loads(out)["findings"]}
    assert ("half-day-limit", "allday", None) not in rules
    assert ("unarranged-ceremony", "seminar", "2026-12-08T09:00:00+08:00") not in rules
    # exporting the imported plan again gives the same events
    again = other + ["export", str(tmp_path / "again.ics"), *WINDOW]
    assert cli(capsys, *again)[0] == 0
    first = {str(e["UID"]) for e in Calendar.from_ical(text).walk("VEVENT")}
    second = Calendar.from_ical((tmp_path / "again.ics").read_text(encoding="utf-8"))
    assert {str(e["UID"]) for e in second.walk("VEVENT")} == first


def test_x_wr_timezone_floating_times_keep_their_zone(tmp_path, capsys):
    feed = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar//EN\r\n"
            "X-WR-TIMEZONE:Europe/Berlin\r\n"
            + event("g1", "DTSTART:20261202T090000", "DTEND:20261202T100000",
                    "SUMMARY:Berlin office sync")
            + "END:VCALENDAR\r\n")
    setup(tmp_path, capsys, feed)
    [before] = listed(capsys)
    assert before["start"] == "2026-12-02T16:00:00+08:00"
    validate(export(tmp_path, capsys))
    other = ["--db", str(tmp_path / "empty.json")]
    cli(capsys, *other, "import", str(tmp_path / "plan.ics"))
    [after] = listed(capsys, *other)
    assert after["start"] == before["start"] and after["end"] == before["end"]
