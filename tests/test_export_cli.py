"""The `leanmeet export` command line: formats, window, standard output, usage errors, files
as a user expects them; importing a plan twice; events repaired on the way out."""

from __future__ import annotations

import json
import os
import stat

import pytest
from icalendar import Calendar

from leanmeet.cli.main import main
from tests.conftest import run_cli
from tests.ics import SHANGHAI, calendar, event


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def meeting(uid: str, day: str, summary: str = "Planning meeting", *extra: str) -> str:
    return event(uid, f"DTSTART;TZID=Asia/Shanghai:{day}T090000",
                 f"DTEND;TZID=Asia/Shanghai:{day}T100000", f"SUMMARY:{summary}", *extra)


@pytest.fixture
def imported(tmp_path, capsys):
    # today is 2026-11-29: the default window is 2026-11-29 .. 2026-12-26 (28 days)
    feed = calendar(meeting("first-day", "20261129"), meeting("last-day", "20261226"),
                    meeting("after", "20261227"), meeting("before", "20261128"),
                    zones=SHANGHAI)
    path = tmp_path / "dept.ics"
    path.write_text(feed, encoding="utf-8")
    assert cli(capsys, "import", str(path))[0] == 0


def uids(text: str) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(text).walk("VEVENT")}


def test_default_window_is_28_days_from_today(imported, tmp_path, capsys):
    out = tmp_path / "plan.ics"
    code, stdout, _ = cli(capsys, "export", str(out))
    assert code == 0
    assert "from 2026-11-29 to 2026-12-26" in stdout
    assert uids(out.read_text(encoding="utf-8")) == {"first-day", "last-day"}
    mode = stat.S_IMODE(out.stat().st_mode)
    assert mode & 0o044 == 0o044 & ~_umask()  # an ordinary file, readable as the umask says


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("name, fmt, marker", [
    ("plan.ics", None, "BEGIN:VCALENDAR"), ("plan.csv", None, "\ufeffdate,start,end"),
    ("plan.md", None, "# Consolidated meeting plan"), ("plan.html", None, "<!DOCTYPE html>"),
    ("plan.txt", None, "BEGIN:VCALENDAR"), ("report.out", "md", "# Consolidated"),
])
def test_format_from_extension_or_option(imported, tmp_path, capsys, name, fmt, marker):
    out = tmp_path / name
    extra = ["--format", fmt] if fmt else []
    assert cli(capsys, "export", str(out), *extra)[0] == 0
    assert out.read_text(encoding="utf-8").startswith(marker)


def test_standard_output_keeps_the_summary_on_stderr(imported):
    done = run_cli("export", "-", "--from", "2026-11-29", "--to", "2026-11-29")
    assert done.returncode == 0
    assert uids(done.stdout.decode("utf-8")) == {"first-day"}
    assert b"exported 1 occurrence (1 event, 1 time zone)" in done.stderr


@pytest.mark.parametrize("args, message", [
    (["export", "-", "--format", "itip"], "give a folder"),
    (["export", "{tmp}"], "is a folder"),
    (["export", "{tmp}/missing/plan.ics"], "does not exist"),
    (["export", "plan.ics", "--from", "2026-12-02", "--to", "2026-12-01"], "before"),
    (["export", "plan.ics", "--format", "pdf"], "invalid choice"),
    (["export", "plan.ics", "--from", "soon"], "not a date"),
])
def test_usage_errors_exit_2_with_one_line(imported, tmp_path, capsys, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = cli(capsys, *args)
    assert code == 2 and message in err and err.count("\n") == 1 and out == ""


def test_itip_into_an_existing_file_is_refused(imported, tmp_path, capsys):
    target = tmp_path / "notices"
    target.write_text("x")
    code, _, err = cli(capsys, "export", str(target), "--format", "itip")
    assert code == 2 and "is a file" in err


def test_importing_a_plan_twice_keeps_one_of_each_decision(tmp_path, capsys):
    feed = calendar(meeting("long", "20261201", "Forum on winter heating",
                            "ATTENDEE;CN=王建国:mailto:wang@gov.cn"), zones=SHANGHAI)
    path = tmp_path / "dept.ics"
    path.write_text(feed, encoding="utf-8")
    cli(capsys, "import", str(path))
    cli(capsys, "arrange", "long", "--ref", "办发〔2026〕1号")
    cli(capsys, "kind", "long", "ceremony")
    plan = tmp_path / "plan.ics"
    assert cli(capsys, "export", str(plan))[0] == 0
    other = ["--db", str(tmp_path / "other.json")]
    for _ in range(2):
        assert cli(capsys, *other, "import", str(plan), "--feed", "plan")[0] == 0
    # the plan's decision changed in the meantime: importing the new plan replaces it
    cli(capsys, "arrange", "long", "--ref", "办发〔2026〕2号")
    assert cli(capsys, "export", str(plan))[0] == 0
    assert cli(capsys, *other, "import", str(plan), "--feed", "plan")[0] == 0
    decisions = json.loads(cli(capsys, *other, "decisions", "--json")[1])["decisions"]
    assert sorted((d["type"], d["text"]) for d in decisions) == [
        ("arrangement", "办发〔2026〕2号"), ("kind", "ceremony")]


def test_properties_icalendar_rejected_are_dropped_from_the_plan(tmp_path, capsys):
    feed = calendar(meeting("geo", "20261201", "Site meeting", "GEO:near the river",
                            "X-CUSTOM-NOTE:kept"), zones=SHANGHAI)
    path = tmp_path / "dept.ics"
    path.write_text(feed, encoding="utf-8")
    code, _, err = cli(capsys, "import", str(path))
    assert code == 0 and "invalid GEO ignored" in err
    out = tmp_path / "plan.ics"
    assert cli(capsys, "export", str(out), "--from", "2026-12-01")[0] == 0
    cal = Calendar.from_ical(out.read_text(encoding="utf-8"))
    [ev] = cal.walk("VEVENT")
    assert not ev.errors and "GEO" not in ev and str(ev["X-CUSTOM-NOTE"]) == "kept"
