"""`leanmeet export plan.csv` and `plan.md`: one CSV row per occurrence with the columns the
README documents, and a Markdown report in which calendar text stays text."""

from __future__ import annotations

import csv
import io
import json
import re

from leanmeet.cli.main import main
from tests.conftest import ROOT
from tests.ics import SHANGHAI, calendar, event

WINDOW = ["--from", "2026-11-30", "--to", "2026-12-13"]


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def timed(uid, start, end, summary, *extra):
    return event(uid, f"DTSTART;TZID=Asia/Shanghai:{start}", f"DTEND;TZID=Asia/Shanghai:{end}",
                 f"SUMMARY:{summary}", *extra)


FEED = calendar(
    timed("ribbon", "20261201T100000", "20261201T110000", "剪彩仪式 | 市图书馆",
          "LOCATION:=HYPERLINK(\"http://evil.example\")",
          "ATTENDEE;CN=王建国:mailto:wang@gov.cn", "ATTENDEE;CN=赵磊:mailto:zhao@gov.cn"),
    timed("weekly", "20261130T083000", "20261130T100000", "Weekly *leadership* [meeting](x)",
          "RRULE:FREQ=WEEKLY;COUNT=3", "ATTENDEE;CN=王建国:mailto:wang@gov.cn"),
    timed("budget", "20261203T090000", "20261203T173000", "Budget working meeting",
          "ATTENDEE;CN=王建国:mailto:wang@gov.cn"),
    event("allday", "DTSTART;VALUE=DATE:20261204", "DTEND;VALUE=DATE:20261205",
          "SUMMARY:-1 day review"),
    zones=SHANGHAI)


def setup(tmp_path, capsys) -> None:
    path = tmp_path / "dept.ics"
    path.write_text(FEED, encoding="utf-8")
    assert cli(capsys, "import", str(path))[0] == 0
    cli(capsys, "people", "add", "王建国", "wang@gov.cn", "--leader")
    cli(capsys, "people", "add", "赵磊", "zhao@gov.cn")
    cli(capsys, "exempt", "budget", "--rule", "half-day-limit", "--reason", "budget law")


def read_csv(tmp_path, capsys) -> list[dict]:
    out = tmp_path / "plan.csv"
    code, stdout, err = cli(capsys, "export", str(out), *WINDOW)
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel/WPS read the Chinese as UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_one_row_per_occurrence_with_documented_columns(tmp_path, capsys):
    setup(tmp_path, capsys)
    rows = read_csv(tmp_path, capsys)
    listed = json.loads(cli(capsys, "list", *WINDOW, "--json")[1])["events"]
    assert [(r["uid"], r["recurrence_id"] or None) for r in rows] == \
        [(e["uid"], e["recurrence_id"]) for e in listed]
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Export", 1)[1]
    documented = [c for line in re.findall(r"^\| (`[^|]+`) \|", readme, re.M)
                  for c in re.findall(r"`([a-z_]+)`", line)]
    assert list(rows[0]) == documented
    by_uid = {r["uid"]: r for r in rows}
    ribbon = by_uid["ribbon"]
    assert ribbon["summary"] == "剪彩仪式 | 市图书馆" and ribbon["kind"] == "ceremony"
    assert ribbon["attendees"] == "赵磊 <zhao@gov.cn>"
    assert ribbon["left_out"] == "王建国 <wang@gov.cn>"
    assert ribbon["findings"] == "unarranged-ceremony"
    assert ribbon["start"] == "2026-12-01T10:00:00+08:00" and ribbon["date"] == "2026-12-01"
    # a formula in calendar text is shown, not run
    assert ribbon["location"] == "'=HYPERLINK(\"http://evil.example\")"
    assert by_uid["allday"]["summary"] == "'-1 day review"
    assert by_uid["allday"]["all_day"] == "true" and by_uid["allday"]["end"] == "2026-12-05"
    assert by_uid["budget"]["exemptions"] == "half-day-limit: budget law"
    assert by_uid["budget"]["leaders"] == "王建国" and by_uid["budget"]["findings"] == ""
    assert [r["recurrence_id"] for r in rows if r["uid"] == "weekly"] == [
        "2026-11-30T08:30:00+08:00", "2026-12-07T08:30:00+08:00"]


def test_markdown_report_keeps_calendar_text_as_text(tmp_path, capsys):
    setup(tmp_path, capsys)
    out = tmp_path / "plan.md"
    assert cli(capsys, "export", str(out), *WINDOW)[0] == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Consolidated meeting plan 2026-11-30 – 2026-12-13")
    assert "## Week 49 (2026-11-30 – 2026-12-06)" in text
    assert "## Week 50 (2026-12-07 – 2026-12-13)" in text
    assert r"Weekly \*leadership\* \[meeting\]\(x\)" in text
    # a | in a title does not open a new column
    ribbon = next(line for line in text.splitlines() if "剪彩仪式" in line
                  and line.startswith("| Tue"))
    assert re.split(r"(?<!\\)\|", ribbon).__len__() == 9
    assert "left out: 王建国 \\<wang@gov.cn\\>" in ribbon
    findings = text.split("## Findings", 1)[1].split("## Merges made", 1)[0]
    assert "| error | unarranged-ceremony | §4 activities | open |" in findings
    assert "| error | half-day-limit | §3 meeting time | exempted: budget law |" in findings
    assert "| 王建国 |" in text.split("## Leaders", 1)[1]
