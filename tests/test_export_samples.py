"""The plan of the bundled sample calendars (four feeds, the roster, merges, arrangements,
exemptions, a kind override, a dismissal) through real tools: an empty leanmeet database,
icalendar and recurring-ical-events, khal, and a headless Chromium for the HTML report."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zoneinfo
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar

from leanmeet.cli.main import main
from leanmeet.planner.findings import BLOCKING_RULES
from tests.conftest import SAMPLES, TODAY
from tests.ics import SHANGHAI, calendar, event

FIRST, LAST = "2026-11-16", "2027-01-10"
WINDOW = ["--from", FIRST, "--to", LAST]
SH = zoneinfo.ZoneInfo("Asia/Shanghai")
TEA_PARTY = "6c105eea-10b3-521f-b4b2-c35f8007f3f1"  # 离退休老干部迎新年茶话会 (U2)
CONFERENCE = "tsgo-a831ce325d9e0661ccde@office.tianshui.gov.cn"  # 全市经济工作会议 (H2)
DISPATCH = "3n7vev4ync2it4k52ejc7n5htf@google.com"  # the endless weekday series (S2)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _quiet(*args: str) -> tuple[int, str]:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(args))
    return code, buffer.getvalue()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The sample calendars imported as sample_calendars/demo.py does, then decided on:
    two merges (one with an occurrence of a series), an arrangement, an exemption, a kind
    override of one occurrence and a dismissal. Built once; tests copy it."""
    folder = tmp_path_factory.mktemp("samples")
    db = folder / "samples.json"
    base = ["--db", str(db)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LEANMEET_TODAY", TODAY)
        mp.setenv("TZ", "Asia/Shanghai")
        mp.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        mp.setenv("XDG_DATA_HOME", str(folder / "data"))
        feeds = sorted(p for p in SAMPLES.glob("*.ics") if p.name != "government-office.ics")
        assert _quiet(*base, "import", str(SAMPLES / "government-office.ics"), "--arranged")[0] == 0
        assert _quiet(*base, "import", *map(str, feeds))[0] == 0
        assert _quiet(*base, "people", "import", str(SAMPLES / "roster.csv"))[0] == 0
        code, out = _quiet(*base, "suggest", *WINDOW, "--json")
        suggestions = json.loads(out)["suggestions"]
        with_series = [s for s in suggestions if any(m["recurrence_id"] for m in s["members"])]
        singles = [s for s in suggestions if not any(m["recurrence_id"] for m in s["members"])
                   and s["members"][0]["start"] >= "2026-11-30"]
        assert with_series and singles
        for s in (with_series[0], singles[0]):
            assert _quiet(*base, "merge", s["id"])[0] == 0, s
        assert _quiet(*base, "arrange", TEA_PARTY, "--ref", "市委办〔2026〕88号")[0] == 0
        assert _quiet(*base, "exempt", CONFERENCE, "--rule", "half-day-limit", "--reason",
                      "year-end conference; approved <special needs>")[0] == 0
        assert _quiet(*base, "kind", DISPATCH, "ceremony", "--occurrence",
                      "2026-12-02T08:30:00+08:00")[0] == 0
        assert _quiet(*base, "dismiss", suggestions[-1]["id"])[0] == 0
    return db


@pytest.fixture
def db(sample_db, tmp_path) -> list[str]:
    copy = tmp_path / "office.json"
    shutil.copy(sample_db, copy)
    return ["--db", str(copy)]


def export(capsys, db: list[str], out: Path, *extra: str) -> Path:
    code, _, err = cli(capsys, *db, "export", str(out), *WINDOW, *extra)
    assert code == 0, err
    return out


def listed(capsys, db: list[str]) -> list[dict]:
    return json.loads(cli(capsys, *db, "list", *WINDOW, "--json")[1])["events"]


def findings(capsys, db: list[str]) -> list[dict]:
    return json.loads(cli(capsys, *db, "check", *WINDOW, "--json")[1])["findings"]


def start_text(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(SH).isoformat()
    return value.isoformat()


# ------------------------------------------------------------------ ics
def test_sample_plan_validates_and_expands_like_leanmeet(db, capsys, tmp_path):
    path = export(capsys, db, tmp_path / "plan.ics")
    text = path.read_bytes().decode("utf-8")
    cal = Calendar.from_ical(text)
    assert all(not c.errors for c in cal.walk())
    assert cal.get_missing_tzids() == set()
    assert all(e.get("UID") and e.get("DTSTAMP") for e in cal.walk("VEVENT"))
    expanded = recurring_ical_events.of(cal).between(date(2026, 11, 16), date(2027, 1, 11))
    got = sorted((str(e["UID"]), start_text(e["DTSTART"].dt)) for e in expanded)
    events = listed(capsys, db)
    assert got == sorted((e["uid"], e["start"]) for e in events)
    # the infinite series stays one VEVENT with its RRULE (and its cancelled occurrence)
    dispatch = [e for e in cal.walk("VEVENT") if str(e["UID"]) == DISPATCH]
    assert sum("RRULE" in e for e in dispatch) == 1
    # Outlook's properties that leanmeet does not model survive
    assert "X-MICROSOFT-CDO-BUSYSTATUS" in text and "X-ALT-DESC" in text


def test_sample_round_trip_restores_occurrences_and_decisions(db, capsys, tmp_path):
    export(capsys, db, tmp_path / "plan.ics")
    before = {(e["uid"], e["recurrence_id"]): e for e in listed(capsys, db)}
    blocked = {(f["uid"], f["recurrence_id"]): set(f["people"]) for f in findings(capsys, db)
               if f["rule"] in BLOCKING_RULES}
    assert len(blocked) >= 10
    other = ["--db", str(tmp_path / "empty.json")]
    code, out, err = cli(capsys, *other, "import", str(tmp_path / "plan.ics"))
    assert code == 0 and err == "", err
    cli(capsys, *other, "people", "import", str(SAMPLES / "roster.csv"))
    after = {(e["uid"], e["recurrence_id"]): e for e in listed(capsys, other)}
    assert set(after) == set(before)
    for key, e in before.items():
        expected = {k: v for k, v in e.items() if k != "feed"}
        expected["attendees"] = [a for a in e["attendees"]
                                 if a["email"] not in blocked.get(key, set())]
        assert {k: v for k, v in after[key].items() if k != "feed"} == expected, key
    # decisions: the same, plus the office feed's --arranged as arrangements of its events
    mine = json.loads(cli(capsys, *db, "decisions", "--json")[1])["decisions"]
    theirs = json.loads(cli(capsys, *other, "decisions", "--json")[1])["decisions"]
    strip = lambda ds: sorted(json.dumps(d, sort_keys=True, ensure_ascii=False) for d in ds)  # noqa: E731
    assert strip([d for d in theirs if d["text"] != "arranged feed government-office"]) == \
        strip(mine)
    assert {d["type"] for d in mine} == {"merge-accepted", "arrangement", "exemption", "kind",
                                         "merge-dismissed"}
    # the same findings, except that nobody is in a blocked event any more
    keep = lambda fs: sorted((f["rule"], f["uid"], f["recurrence_id"], tuple(f["people"]))  # noqa: E731
                             for f in fs if f["rule"] not in BLOCKING_RULES)
    assert keep(findings(capsys, other)) == keep(findings(capsys, db))
    assert not [f for f in findings(capsys, other)
                if f["rule"] in BLOCKING_RULES]


def _khal_command() -> str | None:
    """khal of the test extra sits beside this interpreter (a venv's bin/ need not be on
    PATH when the suite runs as .venv/bin/python -m pytest)."""
    beside = Path(sys.executable).parent / "khal"
    return str(beside) if beside.exists() else shutil.which("khal")


KHAL = _khal_command()


def _khal(config: Path, *args: str) -> subprocess.CompletedProcess:
    khal = KHAL
    return subprocess.run([khal, "-c", str(config), *args], capture_output=True, text=True,
                          timeout=180, env={**os.environ, "TZ": "Asia/Shanghai"})


@pytest.mark.skipif(KHAL is None,
                    reason="khal is not installed (pip install khal; the test extra has it)")
def test_khal_imports_the_plan(db, capsys, tmp_path):
    plan = export(capsys, db, tmp_path / "plan.ics")
    vdir = tmp_path / "khal" / "plan"
    vdir.mkdir(parents=True)
    config = tmp_path / "khal" / "config"
    config.write_text(
        f"[calendars]\n[[plan]]\npath = {vdir}\ntype = calendar\n\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Asia/Shanghai\ndefault_timezone = Asia/Shanghai\n\n"
        f"[sqlite]\npath = {tmp_path / 'khal' / 'khal.db'}\n", encoding="utf-8")
    done = _khal(config, "import", "--batch", "-a", "plan", str(plan))
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    shown = _khal(config, "list", "--format", "{start}|{uid}|{title}", "--day-format", "",
                  "2026-11-30", "2026-12-06")
    assert shown.returncode == 0, shown.stderr
    got = {tuple(line.split("|", 2)) for line in shown.stdout.splitlines() if "|" in line}
    code, out, _ = cli(capsys, *db, "list", "--from", "2026-11-30", "--to", "2026-12-06",
                       "--json")
    want = set()
    for e in json.loads(out)["events"]:
        start = e["start"] if e["all_day"] else e["start"][:16].replace("T", " ")
        want.add((start, e["uid"], e["summary"]))
    assert {(s, u) for s, u, _ in got} >= {(s, u) for s, u, _ in want}
    assert ("2026-12-01 10:00", "7bceceb4-28d3-5952-aeba-7ccb0c014e10",
            "麦积区便民服务中心剪彩仪式") in got


# ------------------------------------------------------------------ the HTML report
class _Text(HTMLParser):
    """The text a reader sees, and the cells of each table row, per table id."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.text: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.table: str | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("style", "script", "head", "title"):
            self.skip += 1
        if tag == "table":
            self.table = dict(attrs).get("id") or f"table{len(self.tables)}"
            self.tables[self.table] = []
        elif tag == "tr" and self.table:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("style", "script", "head", "title"):
            self.skip -= 1
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join(" ".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table:
            self.tables[self.table].append(self.row)
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chrome'}",
         *args], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(_chromium() is None,
                    reason="chromium is not installed (apt-get install chromium; .ci/run "
                           "installs it)")
def test_html_report_in_a_browser(db, capsys, tmp_path):
    hostile = tmp_path / "hostile.ics"
    hostile.write_text(calendar(event(
        "hostile", "DTSTART;TZID=Asia/Shanghai:20261203T100000",
        "DTEND;TZID=Asia/Shanghai:20261203T110000",
        "SUMMARY:<img src=x onerror=alert(1)> 庆典 [b]bold[/b]",
        "ATTENDEE;CN=王建国:mailto:wang.jianguo@tianshui.gov.cn"), zones=SHANGHAI),
        encoding="utf-8")
    assert cli(capsys, *db, "import", str(hostile))[0] == 0
    page = export(capsys, db, tmp_path / "plan.html")
    done = _browser(tmp_path, "--dump-dom", page.as_uri())
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    reader = _Text()
    reader.feed(done.stdout)
    seen = " ".join(" ".join(reader.text).split())
    assert "会议统筹计划" in seen
    assert "麦积区便民服务中心剪彩仪式" in seen  # a Chinese title, as text
    # hostile text is shown, not run
    assert "<img src=x onerror=alert(1)> 庆典 [b]bold[/b]" in seen
    assert "img" not in reader.tags and "script" not in reader.tags
    # the findings table: severity, rule, clause, status, event, people, message
    rows = reader.tables["findings-table"]
    assert rows[0] == ["Severity", "Rule", "Clause", "Status", "Event", "People", "Message"]
    by_status: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        by_status.setdefault(row[3].split()[0], []).append(row)
    assert set(by_status) == {"open", "arranged", "exempted"}
    [exempted] = by_status["exempted"]
    assert exempted[1] == "half-day-limit" and exempted[2] == "§3 meeting time"
    assert "全市经济工作会议" in exempted[4] and "<special needs>" in exempted[3]
    arranged = [r for r in by_status["arranged"] if "茶话会" in r[4]]
    assert arranged and "市委办〔2026〕88号" in arranged[0][3]
    assert arranged[0][2] == "§4 activities"
    opened = {(r[1], r[2]) for r in by_status["open"]}
    assert ("commercial-event", "§4 commercial") in opened
    assert ("grassroots-days", "§1 research") in opened
    # every open finding the check command reports is in the table
    code, out, _ = cli(capsys, *db, "check", *WINDOW, "--json")
    assert len(by_status["open"]) == len(json.loads(out)["findings"])
    # merges made and the leaders' load
    assert len(reader.tables["merges-table"]) == 3
    leaders = {r[0]: r for r in reader.tables["leaders-table"][1:]}
    assert set(leaders) >= {"王建国", "陈卫东", "张志强"}
    assert re.match(r"\d+ (\(\+\d+ planned\) )?of 70; projected \d+", leaders["张志强"][6])
    # a screenshot renders (the page needs nothing from the network)
    shot = tmp_path / "plan.png"
    done = _browser(tmp_path, "--window-size=1400,1800", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0 and shot.stat().st_size > 20_000, done.stderr[-2000:]
