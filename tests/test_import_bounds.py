"""Bounded work for every input (issue 16, point 4): hostile files are refused or imported
within the hang guard, each problem reported with file:line, and the good events of the same
file kept. Files are generated in tmp_path; the time limit is a hang guard, not a benchmark
(benchmarks/bench_fuzz.py measures)."""

from __future__ import annotations

import pytest

from tests.import_helpers import cli, listed, summary_counts

GOOD = ("BEGIN:VEVENT\r\nUID:good\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20261201T090000Z\r\n"
        "DTEND:20261201T100000Z\r\nSUMMARY:good\r\nEND:VEVENT\r\n")


def calendar(*bodies: str) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" + GOOD + "".join(bodies)
            + "END:VCALENDAR\r\n")


def event(uid: str, *lines: str, start: str = "DTSTART:20261201T090000Z") -> str:
    return ("BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\n" + start + "\r\n"
            + "".join(line + "\r\n" for line in lines) + "SUMMARY:" + uid + "\r\nEND:VEVENT\r\n")


def run_import(capsys, tmp_path, text: str, limit: int = 30):
    path = tmp_path / "hostile.ics"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "import", str(path), limit=limit)
    assert "internal error" not in err and "Traceback" not in err, err[-2000:]
    assert code in (0, 1), err[-2000:]
    return code, summary_counts(out), err, str(path)


def good_is_listed(capsys):
    assert "good" in [e["summary"] for e in listed(capsys, "2026-12-01", "2026-12-01")]


def test_20000_character_tzid_skips_only_its_event(capsys, tmp_path):
    tzid = "A" * 20_000
    code, counts, err, path = run_import(capsys, tmp_path, calendar(
        f"BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
        event("long-tzid", start=f"DTSTART;TZID={tzid}:20261201T090000")))
    assert counts["added"] + counts["skipped"] == 2 and counts["added"] >= 1
    assert f"{path}:" in err
    good_is_listed(capsys)


def test_tzid_just_under_the_parameter_limit_is_an_unknown_zone(capsys, tmp_path):
    tzid = "B" * 3000
    code, counts, err, path = run_import(capsys, tmp_path, calendar(
        event("long-tzid", start=f"DTSTART;TZID={tzid}:20261201T090000")))
    assert counts["added"] == 2 and "unknown time zone" in err
    assert len(max(err.splitlines(), key=len)) < 400  # the name is shortened in the message


def test_20000_character_parameters_drop_the_line_not_the_event(capsys, tmp_path):
    code, counts, err, path = run_import(capsys, tmp_path, calendar(event(
        "long-param", "ATTENDEE;CN=" + "C" * 20_000 + ":mailto:a@example.org",
        'LOCATION;X-P="' + "D" * 20_000 + '":room')))
    assert counts["added"] == 2
    assert f"{path}:15: warning: ATTENDEE ignored: 20,012 characters of parameters" in err


def test_10_mb_line_is_reported_with_its_line(capsys, tmp_path):
    code, counts, err, path = run_import(capsys, tmp_path, calendar(
        event("huge", "DESCRIPTION:" + "x" * 10_000_000)))
    assert code == 1 and counts == {**counts, "added": 1, "skipped": 1}
    assert f"{path}:11: skipped: line 15 is 10,000,012 characters long" in err
    good_is_listed(capsys)


def test_10_mb_of_folded_lines_is_reported_too(capsys, tmp_path):
    folded = "DESCRIPTION:" + "\r\n ".join(["y" * 70] * 150_000)
    code, counts, err, path = run_import(capsys, tmp_path, calendar(event("folded", folded)))
    assert code == 1 and counts["skipped"] == 1 and "characters long" in err


@pytest.mark.parametrize("begin,end", [
    ("BEGIN:VCALENDAR\r\n", "END:VCALENDAR\r\n"),
    ("BEGIN:VTODO\r\n", "END:VTODO\r\n"),
])
def test_100000_nested_components_around_an_event(capsys, tmp_path, begin, end):
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + begin * 100_000 + event("deep")
            + end * 100_000 + "END:VCALENDAR\r\n")
    code, counts, err, _ = run_import(capsys, tmp_path, text)
    assert counts["added"] == 1
    assert "100,000 times" in err or "99,999 times" in err or "nested" in err
    assert len(err.splitlines()) < 10  # one warning per kind, with its count


def test_100000_nested_components_inside_an_event(capsys, tmp_path):
    deep = "BEGIN:X-DEEP\r\n" * 100_000 + "END:X-DEEP\r\n" * 100_000
    code, counts, err, path = run_import(capsys, tmp_path, calendar(
        "BEGIN:VEVENT\r\nUID:deep\r\nDTSTART:20261201T090000Z\r\n" + deep + "END:VEVENT\r\n"))
    assert code == 1 and f"{path}:11: skipped: components nested more than" in err
    good_is_listed(capsys)


@pytest.mark.parametrize("rule", [
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=HOURLY;BYMONTH=11;BYMONTHDAY=31",
    "FREQ=DAILY;BYYEARDAY=367",
    "FREQ=MONTHLY;BYMONTH=6;BYMONTHDAY=31",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYDAY=MO",
    "FREQ=DAILY;BYHOUR=9;BYSETPOS=3",
])
def test_rules_that_can_never_match_are_refused(capsys, tmp_path, rule):
    code, counts, err, path = run_import(capsys, tmp_path, calendar(
        event("never", f"RRULE:{rule}")))
    assert code == 1 and f"{path}:15: skipped: RRULE" in err
    code, _, err = cli(capsys, "list", "--from", "2026-12-01", "--to", "2026-12-07", limit=10)
    assert code == 0


@pytest.mark.parametrize("rule", [
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29",  # leap days only: rare, but real
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",
])
def test_rare_but_possible_rules_are_kept(capsys, tmp_path, rule):
    code, counts, err, _ = run_import(capsys, tmp_path, calendar(
        event("rare", f"RRULE:{rule}")))
    assert code == 0 and counts["added"] == 2, err


@pytest.mark.parametrize("freq", ["MINUTELY", "SECONDLY", "DAILY", "HOURLY"])
def test_time_zone_with_fast_observance_rules_is_refused(capsys, tmp_path, freq):
    zone = ("BEGIN:VTIMEZONE\r\nTZID:Fast\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
            f"TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0900\r\nRRULE:FREQ={freq}\r\nEND:STANDARD\r\n"
            "BEGIN:DAYLIGHT\r\nDTSTART:16010101T000030\r\nTZOFFSETFROM:+0900\r\n"
            f"TZOFFSETTO:+0800\r\nRRULE:FREQ={freq}\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n")
    code, counts, err, path = run_import(capsys, tmp_path, calendar(
        zone, event("fast", start="DTSTART;TZID=Fast:20261201T090000")))
    assert code == 1 and f"{path}:" in err and "time zone 'Fast'" in err
    good_is_listed(capsys)


def test_many_rdates_in_a_window_are_bounded(capsys, tmp_path):
    rdates = ",".join(f"2027{m:02d}{d:02d}T090000Z" for m in range(1, 13) for d in range(1, 29))
    code, counts, err, _ = run_import(capsys, tmp_path, calendar(
        event("rdates", f"RDATE:{rdates}")))
    assert counts["added"] == 2
    assert len(listed(capsys, "2027-01-01", "2027-12-31")) == 12 * 28
