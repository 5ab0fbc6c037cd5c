"""check / arrange / exempt / kind / decisions through the real command line."""

from __future__ import annotations

import json

import pytest

from leanmeet.cli.main import main
from tests.ics import SHANGHAI, calendar, event

LEADER = "ATTENDEE;CN=王建国:mailto:wang@gov.cn"
FEED = calendar(
    # a weekly ribbon-cutting series with the mayor: unarranged-ceremony on every occurrence
    event("ribbon", "DTSTART;TZID=Asia/Shanghai:20261130T100000",
          "DTEND;TZID=Asia/Shanghai:20261130T110000", "RRULE:FREQ=WEEKLY;COUNT=3",
          "SUMMARY:剪彩仪式", LEADER),
    event("long", "DTSTART;TZID=Asia/Shanghai:20261201T090000",
          "DTEND;TZID=Asia/Shanghai:20261201T130100", "SUMMARY:Budget working meeting"),
    event("shop", "DTSTART;TZID=Asia/Shanghai:20261202T150000",
          "DTEND;TZID=Asia/Shanghai:20261202T160000", "SUMMARY:Store opening of MegaMart",
          LEADER),
    zones=SHANGHAI,
)
WINDOW = ["--from", "2026-11-30", "--to", "2026-12-20"]


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def feed(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,role,title,department\n王建国,wang@gov.cn,leader,市长,市政府\n",
                      encoding="utf-8")
    assert cli(capsys, "people", "import", str(roster))[0] == 0
    path = tmp_path / "dept.ics"
    path.write_text(FEED, encoding="utf-8")
    assert cli(capsys, "import", str(path))[0] == 0
    return path


def findings(capsys) -> list[dict]:
    code, out, _ = cli(capsys, "check", *WINDOW, "--json")
    data = json.loads(out)["findings"]
    assert code == (1 if any(f["severity"] == "error" for f in data) else 0)
    return [f for f in data if f["rule"] != "grassroots-days"]


def rules_of(found, uid):
    return sorted((f["rule"], f["recurrence_id"]) for f in found if f["uid"] == uid)


def test_check_json_and_exit_code(feed, capsys):
    found = findings(capsys)
    assert list(found[0]) == ["rule", "severity", "uid", "recurrence_id", "start", "summary",
                              "people", "message", "clause"]
    assert [r for r, _ in rules_of(found, "ribbon")] == ["unarranged-ceremony"] * 3
    assert rules_of(found, "long") == [("half-day-limit", None)]
    assert rules_of(found, "shop") == [("commercial-event", None)]
    long = next(f for f in found if f["uid"] == "long")
    assert long["clause"].startswith("§3") and long["start"] == "2026-12-01T09:00:00+08:00"


def test_arrange_one_occurrence_then_the_series(feed, capsys):
    code, out, _ = cli(capsys, "arrange", "ribbon", "--occurrence", "2026-12-07T10:00:00+08:00",
                       "--ref", "市政办〔2026〕3号")
    assert code == 0
    left = rules_of(findings(capsys), "ribbon")
    assert left == [("unarranged-ceremony", "2026-11-30T10:00:00+08:00"),
                    ("unarranged-ceremony", "2026-12-14T10:00:00+08:00")]
    assert cli(capsys, "arrange", "ribbon", "--ref", "市政办〔2026〕4号")[0] == 0
    assert rules_of(findings(capsys), "ribbon") == []


def test_exempt_lifts_and_commercial_cannot_be_arranged_or_exempted(feed, capsys):
    assert cli(capsys, "exempt", "long", "--rule", "half-day-limit",
               "--reason", "budget special session")[0] == 0
    assert rules_of(findings(capsys), "long") == []
    code, _, err = cli(capsys, "arrange", "shop", "--ref", "x")
    assert code == 2 and "commercial" in err
    code, _, err = cli(capsys, "exempt", "shop", "--rule", "commercial-event", "--reason", "x")
    assert code == 2 and "cannot be exempted" in err
    assert rules_of(findings(capsys), "shop") == [("commercial-event", None)]


def test_kind_override_is_a_stored_decision(feed, capsys):
    assert cli(capsys, "kind", "long", "plenary")[0] == 0
    assert rules_of(findings(capsys), "long") == []
    code, out, _ = cli(capsys, "list", *WINDOW, "--json")
    assert {e["kind"] for e in json.loads(out)["events"] if e["uid"] == "long"} == {"plenary"}


def test_decisions_list_with_their_time(feed, capsys):
    cli(capsys, "arrange", "ribbon", "--ref", "R1")
    cli(capsys, "exempt", "long", "--rule", "half-day-limit", "--reason", "why")
    code, out, _ = cli(capsys, "decisions", "--json")
    rows = json.loads(out)["decisions"]
    assert [(d["type"], d["uid"], d["rule"], d["text"]) for d in rows] == [
        ("arrangement", "ribbon", None, "R1"), ("exemption", "long", "half-day-limit", "why")]
    assert all(d["at"].startswith("20") for d in rows)
    code, out, _ = cli(capsys, "decisions")
    assert "arrangement  ribbon  R1" in out


def test_arranged_feed_counts_as_arranged(tmp_path, capsys, feed):
    office = tmp_path / "office.ics"
    office.write_text(FEED.replace("UID:ribbon", "UID:office-ribbon"), encoding="utf-8")
    cli(capsys, "import", str(office), "--arranged")
    found = [f for f in findings(capsys) if f["rule"] == "unarranged-ceremony"]
    assert rules_of(found, "office-ribbon") == []
    assert len(rules_of(found, "ribbon")) == 3


def test_usage_errors(feed, capsys):
    code, _, err = cli(capsys, "arrange", "nope", "--ref", "x")
    assert code == 2 and "no event with UID 'nope'" in err
    code, _, err = cli(capsys, "exempt", "long", "--rule", "made-up", "--reason", "x")
    assert code == 2 and "unknown rule" in err
    code, _, err = cli(capsys, "arrange", "ribbon", "--occurrence", "2030-01-01T10:00:00+08:00",
                       "--ref", "x")
    assert code == 2 and "no occurrence" in err
