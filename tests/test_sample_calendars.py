"""The bundled sample calendars: valid RFC 5545, the roster, and a deterministic generator.

These checks need nothing of leanmeet's own importer: only icalendar and
recurring-ical-events (both dependencies of the package) and the files themselves.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zoneinfo
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from leanmeet.planner.rulebook import RULE_IDS

SAMPLES = Path(__file__).resolve().parents[1] / "sample_calendars"
FEEDS = ["government-office.ics", "leaders-outlook.ics", "departments-google.ics",
         "部门会议.ics"]
GENERATED = FEEDS + ["roster.csv", "cases.json", "README.md"]
WINDOW = (date(2026, 11, 16), date(2027, 1, 11))


def load(name: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((SAMPLES / name).read_bytes())


def events(name: str) -> list[icalendar.Event]:
    return list(load(name).walk("VEVENT"))


def test_generator_is_deterministic(tmp_path: Path) -> None:
    """Running generate.py into a fresh folder reproduces the committed files byte for byte."""
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(SAMPLES / "generate.py"), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for name in GENERATED:
        fresh, committed = (out / name).read_bytes(), (SAMPLES / name).read_bytes()
        assert fresh == committed, (
            f"sample_calendars/{name} is out of date: run python sample_calendars/generate.py")
    assert sorted(p.name for p in out.iterdir()) == sorted(GENERATED)


@pytest.mark.parametrize("name", FEEDS)
def test_feed_lines_are_crlf_and_folded(name: str) -> None:
    raw = (SAMPLES / name).read_bytes()
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF or CR"
    lines = raw.split(b"\r\n")[:-1]
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    for n, line in enumerate(lines, 1):
        assert len(line) <= 75, f"{name}:{n} is {len(line)} octets"
        line.decode("utf-8")  # folding never splits a UTF-8 character
        assert not line.startswith(b"\t")
        assert line, f"{name}:{n} is empty"


@pytest.mark.parametrize("name", FEEDS)
def test_feed_parses_without_errors(name: str) -> None:
    cal = load(name)
    assert cal.get("PRODID") and cal.get("VERSION") == "2.0"
    for component in cal.walk():
        assert not component.errors, (name, component.name, component.get("UID"),
                                      component.errors)
    evs = list(cal.walk("VEVENT"))
    assert len(evs) >= 40
    tzids = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    for ev in evs:
        assert ev.get("UID"), ev
        assert isinstance(ev.get("DTSTAMP").dt, datetime)
        assert ev.get("DTSTART") is not None
        assert ev.get("SUMMARY")
        for prop in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if prop in ev and "TZID" in ev[prop].params:
                assert ev[prop].params["TZID"] in tzids, (name, prop, ev[prop].params["TZID"])


@pytest.mark.parametrize("name", FEEDS)
def test_uids_are_unique_except_overrides(name: str) -> None:
    seen: dict[tuple, int] = {}
    for ev in events(name):
        rid = ev.get("RECURRENCE-ID")
        key = (str(ev["UID"]), rid.dt.isoformat() if rid else None)
        seen[key] = seen.get(key, 0) + 1
    assert all(n == 1 for n in seen.values()), [k for k, n in seen.items() if n > 1]


def test_total_volume() -> None:
    total = sum(len(events(name)) for name in FEEDS)
    assert 250 <= total <= 600


def test_outlook_style() -> None:
    raw = (SAMPLES / "leaders-outlook.ics").read_bytes().decode("utf-8")
    cal = load("leaders-outlook.ics")
    assert str(cal["PRODID"]) == "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"
    assert cal.get("X-WR-CALNAME")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["China Standard Time"]
    assert "DTSTART;TZID=China Standard Time:" in raw
    assert "X-MICROSOFT-CDO-BUSYSTATUS:" in raw and "ROLE=X-KEYNOTE" in raw
    evs = list(cal.walk("VEVENT"))
    series = [e for e in evs if "RRULE" in e]
    assert series and all("UNTIL" in e["RRULE"] or "COUNT" in e["RRULE"] for e in series)
    assert any("EXDATE" in e for e in series)
    moved = [e for e in evs if "RECURRENCE-ID" in e]
    assert moved and moved[0]["DTSTART"].dt.date() != moved[0]["RECURRENCE-ID"].dt.date()


def test_google_style() -> None:
    raw = (SAMPLES / "departments-google.ics").read_bytes().decode("utf-8")
    cal = load("departments-google.ics")
    assert str(cal["PRODID"]).startswith("-//Google Inc//Google Calendar")
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert str(cal["CALSCALE"]) == "GREGORIAN" and str(cal["METHOD"]) == "PUBLISH"
    evs = list(cal.walk("VEVENT"))
    assert all(str(e["UID"]).endswith("@google.com") for e in evs)
    assert any("RRULE" in e and "UNTIL" not in e["RRULE"] and "COUNT" not in e["RRULE"]
               for e in evs)
    assert any(str(e.get("STATUS")) == "CANCELLED" and "RECURRENCE-ID" in e for e in evs)
    assert "DTSTART;VALUE=DATE:" in raw and "\r\nDURATION:" in raw
    assert sum(1 for e in evs if str(e["DTSTART"].to_ical()).endswith("Z'")) > len(evs) / 2


def test_chinese_feed_style() -> None:
    raw = (SAMPLES / "部门会议.ics").read_bytes()
    cal = load("部门会议.ics")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    # long Chinese text is folded, and some folds fall between multi-byte characters
    continuation = [line for line in raw.split(b"\r\n") if line.startswith(b" ")]
    assert any(line[1] >= 0x80 for line in continuation)


def test_occurrences_in_window_match_the_generator() -> None:
    """recurring-ical-events expands each feed to the counts the generator planned with."""
    counts = json.loads((SAMPLES / "cases.json").read_text("utf-8"))["counts"]
    for name in FEEDS:
        occ = list(recurring_ical_events.of(load(name)).between(*WINDOW))
        assert len(occ) == counts[name]["occurrences_in_window"], name
    outlook = load("leaders-outlook.ics")
    uid = next(str(e["UID"]) for e in outlook.walk("VEVENT") if "EXDATE" in e)
    weekly = [o for o in recurring_ical_events.of(outlook).between(*WINDOW)
              if str(o["UID"]) == uid]
    days = {o["DTSTART"].dt.date() for o in weekly}
    assert len(days) == 7
    assert date(2026, 12, 28) not in days  # EXDATE
    assert date(2026, 12, 14) not in days and date(2026, 12, 15) in days  # moved


def test_roster() -> None:
    text = (SAMPLES / "roster.csv").read_text("utf-8")
    assert text.splitlines()[0] == "name,email,role,title,department,liaison"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["role"] for r in rows} == {"leader", "staff", "media"}
    assert sum(r["role"] == "leader" for r in rows) >= 5
    # liaison departments only for leaders; several leaders have some
    assert all(not r["liaison"] for r in rows if r["role"] != "leader")
    assert sum(bool(r["liaison"]) for r in rows if r["role"] == "leader") >= 4
    emails = [r["email"] for r in rows]
    assert len(set(emails)) == len(emails) and all(e == e.lower() and "@" in e for e in emails)
    assert all(r["name"] and r["title"] and r["department"] for r in rows)
    # everyone on the roster takes part in something
    attendees = set()
    for name in FEEDS:
        for e in events(name):
            found = e.get("ATTENDEE") or []
            for a in [found] if isinstance(found, str) else found:
                attendees.add(str(a).lower().removeprefix("mailto:"))
    assert set(emails) <= attendees


def test_cases_point_at_real_events() -> None:
    doc = json.loads((SAMPLES / "cases.json").read_text("utf-8"))
    index = {}
    for name in FEEDS:
        for e in events(name):
            rid = e.get("RECURRENCE-ID")
            index[(name, str(e["UID"]), rid.dt.isoformat() if rid else None)] = e
    assert len(doc["cases"]) >= 30
    for c in doc["cases"]:
        assert c["events"], c["case"]
        for ref in c["events"]:
            rid = ref["recurrence_id"]
            if rid:
                rid = datetime.fromisoformat(rid).replace(tzinfo=None).isoformat()
                hits = [e for (f, u, r), e in index.items() if f == ref["file"]
                        and u == ref["uid"] and r and r.startswith(rid)]
            else:
                hits = [index.get((ref["file"], ref["uid"], None))]
            assert hits and hits[0] is not None, (c["case"], ref)
            assert str(hits[0]["SUMMARY"]) == ref["summary"]
    rules = {c["rule"] for c in doc["cases"]}
    for rule in (*RULE_IDS, "merge"):
        assert rule in rules, rule


def _roster_emails() -> tuple[set[str], dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO((SAMPLES / "roster.csv").read_text("utf-8"))))
    return {r["email"] for r in rows}, {r["name"]: r["email"] for r in rows}


def _occurrences() -> list[tuple[datetime, datetime, str, str, set[str]]]:
    """(start, end, file, uid, roster people) of every non-cancelled occurrence."""
    emails, by_name = _roster_emails()
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    out = []
    for name in FEEDS:
        for o in recurring_ical_events.of(load(name)).between(*WINDOW):
            if str(o.get("STATUS", "")).upper() == "CANCELLED":
                continue
            start = o["DTSTART"].dt
            end = o["DTEND"].dt if "DTEND" in o else (
                start + o["DURATION"].dt if "DURATION" in o else start)
            if not isinstance(start, datetime):
                start = datetime.combine(start, datetime.min.time(), shanghai)
                end = datetime.combine(end, datetime.min.time(), shanghai)
            found = o.get("ATTENDEE") or []
            people = set()
            for a in [found] if isinstance(found, str) else found:
                if a.params.get("PARTSTAT", "").upper() == "DECLINED":
                    continue
                email = str(a).lower().removeprefix("mailto:")
                email = email if email in emails else by_name.get(a.params.get("CN", ""), "")
                if email:
                    people.add(email)
            out.append((start, end, name, str(o["UID"]), people))
    return out


def test_expected_double_bookings_are_exactly_the_overlaps() -> None:
    occ = sorted(_occurrences(), key=lambda x: (x[0], x[3]))
    found = set()
    for i, (s1, e1, f1, u1, p1) in enumerate(occ):
        for s2, e2, f2, u2, p2 in occ[i + 1:]:
            if s2 >= e1:
                break
            if s2 < e2 and s1 < e1 and (f1, u1) != (f2, u2):
                for person in p1 & p2:
                    found.add((person, (f1, u1), (f2, u2)))
    doc = json.loads((SAMPLES / "cases.json").read_text("utf-8"))
    expected = {(d["person"], (d["events"][0]["file"], d["events"][0]["uid"]),
                 (d["events"][1]["file"], d["events"][1]["uid"]))
                for d in doc["double_bookings"]}
    normalize = {(p, *sorted((a, b))) for p, a, b in found}
    assert normalize == {(p, *sorted((a, b))) for p, a, b in expected}
    assert expected, "the samples must contain double-bookings"


# ------------------------------------------------------------------ check fires exactly there
# The rules of issue 14 on the samples: every finding is on an event of a case of that rule
# that says it fires, and every such case gets its finding (the earlier rules are held to the
# cases by tests/test_samples_e2e.py).
EXACT_RULES = ("banquet", "system-meeting-invitees", "document-instead",
               "unarranged-municipal-meeting", "inspection-approval", "overseas-visit",
               "escort-size", "students-at-celebration", "shared-transport")


@pytest.fixture(scope="module")
def sample_findings(checked_samples) -> list[dict]:
    return checked_samples[1]


@pytest.fixture(scope="module")
def checked_samples(tmp_path_factory) -> tuple[list[str], list[dict], dict[str, str]]:
    """`leanmeet check --json` on the samples imported as demo.py does (a real database),
    and the plan exported as Markdown, HTML and .ics: (db args, findings, exports)."""
    import contextlib
    import os

    from leanmeet.cli.main import main

    folder = tmp_path_factory.mktemp("checked")
    base = ["--db", str(folder / "db.json")]
    out = io.StringIO()
    env = {"LEANMEET_TODAY": "2026-11-29", "TZ": "Asia/Shanghai",
           "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data")}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        feeds = sorted(str(p) for p in SAMPLES.glob("*.ics") if p.name != "government-office.ics")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main([*base, "import", str(SAMPLES / "government-office.ics"),
                         "--arranged"]) == 0
            assert main([*base, "import", *feeds]) == 0
            assert main([*base, "people", "import", str(SAMPLES / "roster.csv")]) == 0
        window = ["--from", "2026-11-16", "--to", "2027-01-10"]
        with contextlib.redirect_stdout(out):
            main([*base, "check", *window, "--json"])
        assert os.environ["TZ"] == "Asia/Shanghai"
        exports = {}
        for fmt in ("md", "html", "ics"):
            path = folder / f"plan.{fmt}"
            with contextlib.redirect_stdout(io.StringIO()):
                assert main([*base, "export", str(path), *window]) == 0
            exports[fmt] = path.read_text(encoding="utf-8")
    return base, json.loads(out.getvalue())["findings"], exports


@pytest.mark.parametrize("rule", EXACT_RULES)
def test_check_fires_exactly_on_the_cases(rule, sample_findings) -> None:
    doc = json.loads((SAMPLES / "cases.json").read_text("utf-8"))
    fires = [c for c in doc["cases"] if c["rule"] == rule and c["expect"].startswith("fires")]
    clean = [c for c in doc["cases"] if c["rule"] == rule and not c["expect"].startswith("fires")]
    assert fires and clean, f"{rule}: the samples need a case where it fires and a clean one"
    expected = {ev["uid"] for c in fires for ev in c["events"]}
    got = {f["uid"] for f in sample_findings if f["rule"] == rule}
    assert got == expected, (rule, {"unexpected": got - expected, "missing": expected - got})
    for c in clean:
        assert not {ev["uid"] for ev in c["events"]} & got, c["case"]
    for f in sample_findings:
        if f["rule"] == rule:
            assert f["clause"] and f["message"] and f["people"], f


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_list_the_new_findings_with_their_clauses(fmt, checked_samples) -> None:
    _, found, exports = checked_samples
    text = exports[fmt]
    for rule in EXACT_RULES:
        clause = next(f["clause"] for f in found if f["rule"] == rule)
        assert rule in text, (fmt, rule)
        assert clause.replace("&", "&amp;") in text or clause in text, (fmt, rule, clause)


def test_the_plan_leaves_banquet_leaders_out(checked_samples) -> None:
    _, found, exports = checked_samples
    banquets = [f for f in found if f["rule"] == "banquet"]
    assert banquets and all(f["severity"] == "error" for f in banquets)
    cal = icalendar.Calendar.from_ical(exports["ics"])
    by_uid = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    for f in banquets:
        event = by_uid[f["uid"]]
        found_att = event.get("ATTENDEE") or []
        emails = {str(a).lower().removeprefix("mailto:")
                  for a in ([found_att] if isinstance(found_att, str) else found_att)}
        assert not emails & set(f["people"]), (f["summary"], emails)
        assert "banquet" in str(event.get("COMMENT", "")).lower()
