"""Content lines wrong in a way whose intent is plain are mended and said (storage.ics_events
._repair), folded lines too; every other line reaches the parser as it was written."""

from __future__ import annotations

from leanmeet.storage.ics_reader import parse_feed

FEED = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;VALUE=DATE:20261201Z\r\n"
        "SUMMARY;;LANGUAGE=en:Budget;; review\r\n"
        "ATTENDEE;CN=A;:mailto:a@x\r\n"
        "RRULE:FREQ=WEEKLY; COUNT=3\r\n"
        "X-FOO;\r\n"
        "LOCATION;LANGUAGE=en;\r\n :Room 3\r\n"
        "DESCRIPTION:a;b\\; c: d\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_plain_mistakes_are_mended_and_said_with_their_lines():
    parsed = parse_feed(FEED, "f.ics", "office")
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (7, "DTSTART: a Z after a date (not a date-time) removed"),
        (8, "SUMMARY: empty parameter removed"),
        (9, "ATTENDEE: empty parameter removed"),
        (10, "RRULE: spaces removed from the rule"),
        (11, "X-FOO: empty parameter removed"),
        (12, "LOCATION: empty parameter removed"),
    ]
    (record,) = parsed.records
    assert record["s"] == "2026-12-01" and record["rec"] and record["until"] is not None
    assert record["sum"] == "Budget;; review"  # the value is left as written
    assert record["loc"] == "Room 3" and record["att"].startswith("a@x\tA")
    assert record["desc"] == "a;b; c: d"
