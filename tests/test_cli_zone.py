"""The command line says which zone its times are in and prints them there (issue 11): list
and check name the office zone (or say the machine's is used), decisions prints its stamps in
the office zone."""

from __future__ import annotations

import json
import re

import pytest

from leanmeet.cli.main import main
from tests.ics import calendar, event

# 00:30 UTC is 08:30 in Shanghai: the office's morning meeting
FEED = calendar(event("morning", "DTSTART:20261201T003000Z", "DTEND:20261201T013000Z",
                      "SUMMARY:Morning briefing"))


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def machine_utc(monkeypatch):
    """A server on UTC (the case the issue found: 08:30 meetings shown as 00:30)."""
    import tzlocal

    monkeypatch.setenv("TZ", "UTC")
    tzlocal.reload_localzone()
    yield
    tzlocal.reload_localzone()


@pytest.fixture
def imported(tmp_path, capsys, machine_utc):
    path = tmp_path / "office.ics"
    path.write_text(FEED, encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text('timezone = "Asia/Shanghai"\n', encoding="utf-8")
    assert cli(capsys, "import", str(path))[0] == 0
    return str(rules)


def test_list_prints_office_times_and_names_the_zone(imported, capsys):
    code, out, _ = cli(capsys, "--rules", imported, "list", "--from", "2026-12-01",
                       "--to", "2026-12-01")
    assert code == 0
    assert out.splitlines() == ["Times in Asia/Shanghai",
                                "2026-12-01 Tue 08:30–09:30  Morning briefing"]


def test_without_an_office_zone_the_machine_zone_is_said_plainly(imported, capsys):
    code, out, _ = cli(capsys, "list", "--from", "2026-12-01", "--to", "2026-12-01")
    first, line = out.splitlines()
    assert first.startswith("Times in UTC (this machine's zone; set timezone")
    assert line == "2026-12-01 Tue 00:30–01:30  Morning briefing"


def test_check_names_the_zone(imported, capsys):
    code, out, _ = cli(capsys, "--rules", imported, "check", "--from", "2026-12-01",
                       "--to", "2026-12-01")
    assert out.splitlines()[0].endswith("; times in Asia/Shanghai")


def test_decisions_are_stamped_in_the_office_zone(imported, capsys):
    assert cli(capsys, "--rules", imported, "arrange", "morning", "--ref", "R1")[0] == 0
    code, out, _ = cli(capsys, "--rules", imported, "decisions", "--json")
    [stored] = json.loads(out)["decisions"]
    assert stored["at"].endswith("+00:00")  # stored, and given to scripts, in UTC
    code, out, _ = cli(capsys, "--rules", imported, "decisions")
    [line] = [x for x in out.splitlines() if "arrangement" in x]
    stamp = line.split()[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", stamp), line
    from datetime import datetime

    # shown to the second (shared decisions are stored to the millisecond)
    assert datetime.fromisoformat(stamp) == datetime.fromisoformat(stored["at"]).replace(microsecond=0)
