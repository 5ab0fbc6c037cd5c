"""`leanmeet export OUT --format itip`: a REQUEST for each merged meeting and a CANCEL for each
of its originals (RFC 5546), in files a scheduler can mail, with an index of recipients."""

from __future__ import annotations

import json

from icalendar import Calendar

from leanmeet.cli.main import main
from tests.ics import SHANGHAI, calendar, event

WINDOW = ["--from", "2026-11-30", "--to", "2026-12-27"]


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def att(email: str, name: str) -> str:
    return f"ATTENDEE;CN={name};PARTSTAT=ACCEPTED:mailto:{email}"


ORGANIZER = "ORGANIZER;CN=住建局:mailto:zjj@gov.cn"
FEED = calendar(
    event("standing", "DTSTART;TZID=Asia/Shanghai:20261201T140000",
          "DTEND;TZID=Asia/Shanghai:20261201T150000", "SUMMARY:住建局周例会",
          "RRULE:FREQ=WEEKLY;COUNT=4", "SEQUENCE:2", ORGANIZER,
          att("wang@gov.cn", "王建国"), att("zhao@gov.cn", "赵磊"),
          "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:reminder", "TRIGGER:-PT15M",
          "END:VALARM"),
    event("party", "DTSTART;TZID=Asia/Shanghai:20261208T150000",
          "DTEND;TZID=Asia/Shanghai:20261208T160000", "SUMMARY:住建局周例会工作安排",
          ORGANIZER, att("wang@gov.cn", "王建国"), att("zhao@gov.cn", "赵磊"),
          att("sun@gov.cn", "孙丽")),
    zones=SHANGHAI)


def merged(tmp_path, capsys) -> str:
    path = tmp_path / "dept.ics"
    path.write_text(FEED, encoding="utf-8")
    assert cli(capsys, "import", str(path))[0] == 0
    [s] = json.loads(cli(capsys, "suggest", *WINDOW, "--json")[1])["suggestions"]
    assert cli(capsys, "merge", s["id"])[0] == 0
    return s["id"]


def parse(path) -> tuple[Calendar, object]:
    cal = Calendar.from_ical(path.read_bytes().decode("utf-8"))
    assert all(not c.errors for c in cal.walk())
    assert cal.get_missing_tzids() == set()
    [ev] = cal.walk("VEVENT")
    return cal, ev


def test_request_and_cancels_for_each_merge(tmp_path, capsys):
    sid = merged(tmp_path, capsys)
    out = tmp_path / "notices"
    code, stdout, err = cli(capsys, "export", str(out), "--format", "itip", *WINDOW)
    assert code == 0, err
    assert "3 iTIP notices for 1 merge from" in stdout
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"2026-12-08_{sid}_1-request_合并-住建局周例会-住建局周例会工作安排.ics",
                     f"2026-12-08_{sid}_2-cancel_住建局周例会.ics",
                     f"2026-12-08_{sid}_3-cancel_住建局周例会工作安排.ics", "index.txt"]
    request_cal, request = parse(out / names[0])
    assert str(request_cal["METHOD"]) == "REQUEST"
    assert str(request["UID"]) == f"{sid}@merged.leanmeet" and request["SEQUENCE"] == 0
    assert request.get("ORGANIZER") is not None
    people = request["ATTENDEE"]
    assert len(people) == 3
    for a in people:
        assert a.params["PARTSTAT"] == "NEEDS-ACTION" and a.params["RSVP"] == "TRUE"
    description = str(request["DESCRIPTION"])
    assert "replaces" in description
    assert "2026-12-08 14:00–15:00 住建局周例会 (UID standing)" in description
    assert "2026-12-08 15:00–16:00 住建局周例会工作安排 (UID party)" in description
    # the occurrence of the series: its UID and RECURRENCE-ID, SEQUENCE + 1, cancelled
    cancel_cal, cancel = parse(out / names[1])
    assert str(cancel_cal["METHOD"]) == "CANCEL"
    assert str(cancel["UID"]) == "standing" and cancel["SEQUENCE"] == 3
    assert cancel["RECURRENCE-ID"].dt.isoformat() == "2026-12-08T14:00:00+08:00"
    assert str(cancel["STATUS"]) == "CANCELLED" and "RRULE" not in cancel
    assert not cancel.walk("VALARM") and cancel.get("ORGANIZER") is not None
    _, single = parse(out / names[2])
    assert str(single["UID"]) == "party" and single["SEQUENCE"] == 1
    assert "RECURRENCE-ID" not in single
    index = (out / "index.txt").read_text(encoding="utf-8")
    assert names[1] in index and "to: wang@gov.cn, zhao@gov.cn" in index
    assert "method=CANCEL" in index


def test_no_merges_no_files(tmp_path, capsys):
    path = tmp_path / "dept.ics"
    path.write_text(FEED, encoding="utf-8")
    cli(capsys, "import", str(path))
    out = tmp_path / "notices"
    code, stdout, _ = cli(capsys, "export", str(out), "--format", "itip", *WINDOW)
    assert code == 0 and "no accepted merges" in stdout
    assert not out.exists()  # no empty folder left behind
