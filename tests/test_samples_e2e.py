"""The bundled sample calendars through the real command line: they import cleanly, list as
generated, and `leanmeet check` shows every rule of SPEC §4 on the cases they were made for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leanmeet.cli.main import main
from leanmeet.planner.rulebook import RULE_IDS
from tests.conftest import SAMPLES

CASES = json.loads((SAMPLES / "cases.json").read_text(encoding="utf-8"))
WINDOW = ["--from", CASES["window"]["from"], "--to", CASES["window"]["to"]]
RULES = list(RULE_IDS)  # every registered rule fires on the samples


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def imported(capsys):
    feeds = sorted(p for p in SAMPLES.glob("*.ics") if p.name != "government-office.ics")
    assert cli(capsys, "import", str(SAMPLES / "government-office.ics"), "--arranged")[0] == 0
    code, out, err = cli(capsys, "import", *map(str, feeds))
    assert code == 0 and err == "", err
    assert cli(capsys, "people", "import", str(SAMPLES / "roster.csv"))[0] == 0
    return out


def test_samples_import_without_problems_and_list_as_generated(imported, capsys):
    code, out, _ = cli(capsys, "list", *WINDOW, "--json")
    events = json.loads(out)["events"]
    per_feed: dict[str, int] = {}
    for e in events:
        per_feed[e["feed"]] = per_feed.get(e["feed"], 0) + 1
    expected = {Path(name).stem: c["occurrences_in_window"] for name, c in CASES["counts"].items()}
    assert per_feed == expected
    starts = [e["start"] for e in events]
    assert starts == sorted(starts, key=lambda s: (s if "T" in s else s + "T00:00:00+08:00"))


def _index(events: list[dict]) -> dict[tuple[str, str | None], dict]:
    """By (uid, recurrence id); occurrences of a series carry their recurrence id (the
    original start) even where cases.json names the first one with null, so also by start."""
    out = {(e["uid"], e["recurrence_id"]): e for e in events}
    for e in events:
        if e["recurrence_id"] == e["start"]:
            out.setdefault((e["uid"], None), e)
    return out


def test_every_case_event_is_listed_with_its_kind(imported, capsys):
    _, out, _ = cli(capsys, "list", *WINDOW, "--json")
    listed = _index(json.loads(out)["events"])
    for case in CASES["cases"]:
        for ev in case["events"]:
            key = (ev["uid"], ev["recurrence_id"])
            assert key in listed, (case["case"], ev["summary"])
            got = listed[key]
            assert got["summary"] == ev["summary"]
            assert got["start"] == ev["start"], (case["case"], got["start"], ev["start"])
            if ev.get("kind"):
                assert got["kind"] == ev["kind"], (case["case"], ev["summary"], got["kind"])
            assert got["status"] == ev["status"]


def test_check_shows_every_rule_and_fires_where_the_cases_say(imported, capsys):
    code, out, _ = cli(capsys, "check", *WINDOW, "--json")
    assert code == 1  # errors remain
    findings = json.loads(out)["findings"]
    assert {f["rule"] for f in findings} == set(RULES)
    by_rule_uid: dict[str, set[str]] = {}
    for f in findings:
        uids = {f["uid"], *(r["uid"] for r in f.get("related", []))}
        by_rule_uid.setdefault(f["rule"], set()).update(uids)
    for case in CASES["cases"]:
        rule = case["rule"]
        if rule not in RULES or rule == "grassroots-days":
            continue
        uids = {ev["uid"] for ev in case["events"]}
        hit = uids & by_rule_uid.get(rule, set())
        if case["expect"].startswith("fires"):
            assert hit, (case["case"], case["expect"], [e["summary"] for e in case["events"]])
        else:
            assert not hit, (case["case"], case["expect"])
    doubles = {(d["person"]) for d in CASES["double_bookings"]}
    flagged = {p for f in findings if f["rule"] == "double-booking" for p in f["people"]}
    assert doubles <= flagged


def test_readable_check_groups_by_severity(imported, capsys):
    code, out, _ = cli(capsys, "check", *WINDOW)
    assert code == 1
    headers = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headers[0].startswith("Checked 2026-11-16 to 2027-01-10:")
    assert [h.split(" (")[0] for h in headers[1:]] == ["Errors", "Warnings", "Information"]
    assert "[§3 meeting time]" in out and "[§4 commercial]" in out
