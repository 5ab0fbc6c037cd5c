"""Times and recurrence: the real reader on real iCalendar text."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leanmeet.storage.ics_reader import occurrences_from_ics, parse_feed
from tests.ics import SHANGHAI, calendar, event

SH = ZoneInfo("Asia/Shanghai")


def one(text: str, tz: str = "Asia/Shanghai", start=date(2026, 1, 1), end=date(2026, 12, 31)):
    occs = occurrences_from_ics(text, tz, start, end)
    assert len(occs) == 1, occs
    return occs[0]


def test_utc_time_is_shown_in_office_zone():
    occ = one(calendar(event("a", "DTSTART:20261130T010000Z", "DTEND:20261130T023000Z",
                             "SUMMARY:UTC")))
    assert occ.start == datetime(2026, 11, 30, 9, 0, tzinfo=SH)
    assert occ.start.utcoffset() == timedelta(hours=8)
    assert occ.end - occ.start == timedelta(minutes=90)


def test_tzid_with_vtimezone():
    occ = one(calendar(event("a", "DTSTART;TZID=Europe/Berlin:20260701T090000",
                             "DTEND;TZID=Europe/Berlin:20260701T100000", "SUMMARY:Berlin")))
    assert occ.start == datetime(2026, 7, 1, 15, 0, tzinfo=SH)  # CEST +2 -> +8


def test_outlook_windows_zone_name():
    tz = ("BEGIN:VTIMEZONE\r\nTZID:China Standard Time\r\nBEGIN:STANDARD\r\n"
          "DTSTART:16010101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\n"
          "END:STANDARD\r\nEND:VTIMEZONE\r\n")
    occ = one(calendar(event("a", "DTSTART;TZID=China Standard Time:20261130T090000",
                             "DTEND;TZID=China Standard Time:20261130T100000",
                             "SUMMARY:Outlook"), zones=tz), tz="Europe/London")
    assert occ.start == datetime(2026, 11, 30, 1, 0, tzinfo=ZoneInfo("Europe/London"))


def test_windows_zone_name_without_vtimezone():
    occ = one(calendar(event("a", "DTSTART;TZID=W. Europe Standard Time:20260301T093000",
                             "DTEND;TZID=W. Europe Standard Time:20260301T103000",
                             "SUMMARY:x")))
    assert occ.start == datetime(2026, 3, 1, 16, 30, tzinfo=SH)


def test_google_x_wr_timezone_recurring_series_keeps_local_time_over_dst():
    # Google writes UTC times plus X-WR-TIMEZONE; the series is at 09:00 Berlin time
    # both in winter and in summer.
    text = calendar(
        event("g", "DTSTART:20260305T080000Z", "DTEND:20260305T090000Z",
              "RRULE:FREQ=WEEKLY;COUNT=6", "SUMMARY:Weekly"),
        header="X-WR-TIMEZONE:Europe/Berlin\r\n",
    )
    occs = occurrences_from_ics(text, "Europe/Berlin", date(2026, 3, 1), date(2026, 4, 30))
    assert [o.start.hour for o in occs] == [9] * 6
    assert occs[-1].start.date() == date(2026, 4, 9)


def test_floating_time_is_taken_in_office_zone():
    text = calendar(event("f", "DTSTART:20261130T090000", "DTEND:20261130T100000",
                          "SUMMARY:floating"))
    assert one(text).start == datetime(2026, 11, 30, 9, 0, tzinfo=SH)
    berlin = one(text, tz="Europe/Berlin")
    assert berlin.start == datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_all_day_event_and_missing_dtend():
    occs = occurrences_from_ics(calendar(
        event("d1", "DTSTART;VALUE=DATE:20261130", "SUMMARY:all day, no DTEND"),
        event("d2", "DTSTART;VALUE=DATE:20261201", "DTEND;VALUE=DATE:20261203",
              "SUMMARY:two days"),
        event("t1", "DTSTART:20261130T010000Z", "SUMMARY:no end: zero length"),
    ), "Asia/Shanghai", date(2026, 11, 30), date(2026, 12, 31))
    by = {o.uid: o for o in occs}
    assert by["d1"].all_day and by["d1"].start == date(2026, 11, 30)
    assert by["d1"].end == date(2026, 12, 1)
    assert by["d2"].end - by["d2"].start == timedelta(days=2)
    assert by["t1"].end == by["t1"].start and not by["t1"].all_day


def test_duration_instead_of_dtend():
    occ = one(calendar(event("a", "DTSTART:20261130T010000Z", "DURATION:PT2H30M",
                             "SUMMARY:dur")))
    assert occ.end - occ.start == timedelta(hours=2, minutes=30)


def test_rrule_exdate_rdate_and_moved_occurrence():
    text = calendar(
        event("s", "DTSTART;TZID=Asia/Shanghai:20261102T090000",
              "DTEND;TZID=Asia/Shanghai:20261102T100000", "RRULE:FREQ=WEEKLY;COUNT=5",
              "EXDATE;TZID=Asia/Shanghai:20261109T090000",
              "RDATE;TZID=Asia/Shanghai:20261120T150000", "SUMMARY:Weekly"),
        event("s", "RECURRENCE-ID;TZID=Asia/Shanghai:20261116T090000",
              "DTSTART;TZID=Asia/Shanghai:20261118T140000",
              "DTEND;TZID=Asia/Shanghai:20261118T150000", "SUMMARY:Weekly (moved)"),
        zones=SHANGHAI,
    )
    occs = occurrences_from_ics(text, "Asia/Shanghai", date(2026, 11, 1), date(2026, 12, 31))
    starts = [(o.start.strftime("%m-%d %H:%M"), o.summary) for o in occs]
    assert starts == [
        ("11-02 09:00", "Weekly"),
        ("11-18 14:00", "Weekly (moved)"),  # moved: only at its new time
        ("11-20 15:00", "Weekly"),  # RDATE
        ("11-23 09:00", "Weekly"),
        ("11-30 09:00", "Weekly"),
    ]
    moved = occs[1]
    assert moved.recurrence_id == datetime(2026, 11, 16, 9, 0, tzinfo=SH)
    assert all(o.series for o in occs)


def test_cancelled_occurrence_is_marked():
    text = calendar(
        event("c", "DTSTART:20261102T010000Z", "DTEND:20261102T020000Z",
              "RRULE:FREQ=DAILY;COUNT=3", "SUMMARY:Daily"),
        event("c", "RECURRENCE-ID:20261103T010000Z", "DTSTART:20261103T010000Z",
              "DTEND:20261103T020000Z", "STATUS:CANCELLED", "SUMMARY:Daily"),
    )
    occs = occurrences_from_ics(text, "Asia/Shanghai", date(2026, 11, 1), date(2026, 11, 30))
    assert [o.status for o in occs] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]


def test_infinite_rule_shows_in_any_window_without_unbounded_expansion():
    text = calendar(event("inf", "DTSTART:20200106T010000Z", "DTEND:20200106T020000Z",
                          "RRULE:FREQ=WEEKLY", "SUMMARY:forever"))
    far = occurrences_from_ics(text, "Asia/Shanghai", date(2039, 1, 1), date(2039, 1, 31))
    assert len(far) == 5 and all(o.start.weekday() == 0 for o in far)
    parsed = parse_feed(text, "t.ics", "t")
    assert parsed.records[0]["until"] is None  # stored unbounded, expanded per window


@pytest.mark.parametrize("rule, reason", [
    ("FREQ=SECONDLY", "FREQ=SECONDLY"),
    ("FREQ=MINUTELY;INTERVAL=1", "FREQ=MINUTELY"),
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
    ("FREQ=DAILY;COUNT=999999999", "COUNT=999999999"),
])
def test_pathological_rules_are_reported_not_expanded(rule, reason):
    text = calendar(event("bomb", "DTSTART:20200101T000000Z", "DURATION:PT1S",
                          f"RRULE:{rule}", "SUMMARY:bomb"),
                    event("ok", "DTSTART:20261130T010000Z", "SUMMARY:fine"))
    parsed = parse_feed(text, "bomb.ics", "t")
    assert [r["uid"] for r in parsed.records] == ["ok"]
    [problem] = parsed.problems
    assert problem.skipped and reason in problem.reason and problem.line == 9


def test_hourly_series_far_from_start_is_bounded(tmp_path):
    from leanmeet.storage.occurrences import expand, office_window

    text = calendar(event("h", "DTSTART:19000101T000000Z", "DURATION:PT1M",
                          "RRULE:FREQ=HOURLY", "SUMMARY:hourly since 1900"))
    parsed = parse_feed(text, "h.ics", "t")
    problems: list = []
    lo, hi = office_window(date(2026, 11, 30), date(2026, 11, 30), SH)
    assert expand(parsed.records, lo, hi, SH, problems=problems) == []
    assert "too often" in problems[0].reason


def test_custom_vtimezone_of_one_feed_never_shifts_another():
    def custom(offset: str) -> str:
        return ("BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\n"
                f"DTSTART:16010101T000000\r\nTZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\n"
                "END:STANDARD\r\nEND:VTIMEZONE\r\n")

    def feed(offset: str) -> str:
        return calendar(event("x", "DTSTART;TZID=Customized Time Zone:20261130T090000",
                              "DTEND;TZID=Customized Time Zone:20261130T100000",
                              "SUMMARY:custom"), zones=custom(offset))

    a = one(feed("+0100"))
    b = one(feed("-0500"))
    again = one(feed("+0100"))
    assert a.start == datetime(2026, 11, 30, 16, 0, tzinfo=SH)
    assert b.start == datetime(2026, 11, 30, 22, 0, tzinfo=SH)
    assert again.start == a.start
    # a zone name nobody defined is not resolved from another feed's definition either
    bare = one(calendar(event("y", "DTSTART;TZID=Customized Time Zone:20261130T090000",
                              "SUMMARY:undefined zone")))
    assert bare.start == datetime(2026, 11, 30, 9, 0, tzinfo=SH)


def test_all_day_events_sort_from_the_office_midnight():
    from zoneinfo import ZoneInfo

    text = calendar(
        event("day", "DTSTART;VALUE=DATE:20261124", "SUMMARY:all day on the 24th"),
        event("eve", "DTSTART:20261124T020000Z", "DURATION:PT1H", "SUMMARY:evening of the 23rd"),
    )
    occs = occurrences_from_ics(text, "America/New_York", date(2026, 11, 23),
                                date(2026, 11, 24))
    assert [o.uid for o in occs] == ["eve", "day"]
    assert occs[0].start.tzinfo == ZoneInfo("America/New_York")


def test_reimporting_an_exported_custom_zone_keeps_its_id():
    from leanmeet.storage.timezones import custom_zone_id

    body = ("BEGIN:VTIMEZONE\r\nTZID:{}\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
            "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")
    first = custom_zone_id("Customized Time Zone", body.format("Customized Time Zone"))
    again = custom_zone_id(first, body.format(first))
    assert again == first and first.startswith("LM-") and first.endswith("Customized Time Zone")
