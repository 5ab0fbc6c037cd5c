"""The shared plan keeps the truth: what the server holds (and what `export plan.ics`
writes) restores the same findings in another leanmeet, blocked leaders included, while
calendar clients see the blocked leaders left out. On the sample office (real feeds of
four exporters, a roster of 8 leaders), against a real Radicale."""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest

from leanmeet.cli.main import main
from tests.conftest import ROOT
from tests.radicale_server import serve

SAMPLES = ROOT / "sample_calendars"
WINDOW = ["--from", "2026-11-16", "--to", "2027-01-10"]
RULES = ["--rules", str(SAMPLES / "rules.toml")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Radicale only: the 337 objects of the office take Xandikos (a git commit per write)
    three times as long; tests/test_caldav_sync.py runs every sync behaviour on both."""
    yield from serve(tmp_path_factory)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys, db: str) -> list[tuple]:
    code, out, err = cli(capsys, "--db", db, *RULES, "check", *WINDOW, "--json")
    assert code in (0, 1), err
    return sorted((f["rule"], f["severity"], f["uid"], f["recurrence_id"], f["start"],
                   tuple(sorted(f["people"]))) for f in json.loads(out)["findings"])


def blocking(found: list[tuple]) -> list[tuple]:
    return [f for f in found if f[1] == "error"]


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """Scheduler A's database: the four sample feeds (the office's own one arranged) and
    the roster."""
    folder = tmp_path_factory.mktemp("office")
    db = str(folder / "a.json")
    assert main(["--db", db, "import", str(SAMPLES / "government-office.ics"),
                 "--arranged"]) == 0
    assert main(["--db", db, "import", *(str(SAMPLES / n) for n in (
        "leaders-outlook.ics", "departments-google.ics", "部门会议.ics"))]) == 0
    assert main(["--db", db, "people", "import", str(SAMPLES / "roster.csv")]) == 0
    return db


def fresh(tmp_path, name: str) -> str:
    db = str(tmp_path / name)
    assert main(["--db", db, "people", "import", str(SAMPLES / "roster.csv")]) == 0
    return db


def test_pushed_and_pulled_plan_restores_every_finding(server, office, tmp_path, capsys):
    capsys.readouterr()
    a_found = findings(capsys, office)
    assert len(blocking(a_found)) >= 10  # the samples are built to break rules
    url = f"{server.url}f{uuid.uuid4().hex[:8]}/"
    urllib.request.urlopen(urllib.request.Request(url, method="MKCOL"), timeout=10).close()
    code, out, err = cli(capsys, "--db", office, *RULES, "sync", url, "--calendar", "office",
                         "--push")
    assert code == 0, err
    b = fresh(tmp_path, "b.json")
    code, out, err = cli(capsys, "--db", b, *RULES, "sync", url, "--calendar", "office",
                         "--pull")
    assert code == 0, err
    assert blocking(findings(capsys, b)) == blocking(a_found)
    assert findings(capsys, b) == a_found


def test_calendar_clients_see_blocked_leaders_left_out(office, tmp_path, capsys):
    out_file = tmp_path / "plan.ics"
    capsys.readouterr()
    code, _, err = cli(capsys, "--db", office, *RULES, "export", str(out_file), *WINDOW)
    assert code == 0, err
    text = out_file.read_text(encoding="utf-8").replace("\r\n ", "")
    kept = [line for line in text.splitlines() if line.startswith("X-LEANMEET-LEFT-OUT")]
    assert kept, "no blocked leader in the samples?"
    for line in kept:  # every left-out leader is absent from the ATTENDEE lines there
        email = line.rsplit(":", 1)[1].lower()
        block = text[:text.index(line)].rsplit("BEGIN:VEVENT", 1)[1]
        block += text[text.index(line):].split("END:VEVENT", 1)[0]
        assert not any(a.lower().endswith(email) for a in block.splitlines()
                       if a.startswith("ATTENDEE"))


def test_export_round_trip_into_an_empty_database_restores_every_finding(office, tmp_path,
                                                                         capsys):
    capsys.readouterr()
    a_found = findings(capsys, office)
    out_file = tmp_path / "plan.ics"
    code, _, err = cli(capsys, "--db", office, *RULES, "export", str(out_file), *WINDOW)
    assert code == 0, err
    c = fresh(tmp_path, "c.json")
    code, _, err = cli(capsys, "--db", c, "import", str(out_file))
    assert code == 0, err
    assert blocking(findings(capsys, c)) == blocking(a_found)
    assert findings(capsys, c) == a_found
