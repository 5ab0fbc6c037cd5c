"""Control, escape and bidi characters in a feed never reach the store (storage.ics_blocks
strips every line that is not printable; printable lines are kept as they are)."""

from __future__ import annotations

import json

from tests.import_helpers import cli


def test_escape_and_bidi_characters_are_stripped_and_tabs_kept(tmp_path, capsys):
    feed = tmp_path / "f.ics"
    feed.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20261130T010000Z\r\nDTEND:20261130T020000Z\r\n"
        "SUMMARY:\x1b[31mRed\x1b[0m budget\u202e review\x07\r\n"
        "LOCATION:Room\t1 会议室\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8",
        newline="")
    db = str(tmp_path / "db.json")
    assert cli(capsys, "--db", db, "import", str(feed))[0] == 0
    code, out, _ = cli(capsys, "--db", db, "list", "--from", "2026-11-30", "--to",
                       "2026-11-30", "--json")
    (event,) = json.loads(out)["events"]
    assert event["summary"] == "[31mRed[0m budget review"
    assert "\x1b" not in out and "\u202e" not in event["summary"]
    assert event["location"] in ("Room\t1 会议室", "Room 1 会议室")
