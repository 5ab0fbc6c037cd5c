"""The oracle test (issue 16, point 7): for every corpus file, the occurrences `leanmeet list`
gives over a window are compared with ical.js (Thunderbird's parser, run by node:
tests/oracle/expand.mjs). Every difference is either fixed or recorded, with who is right and
why, in tests/data/oracle_differences.tsv, which this test reads: a difference not in the table
fails, and so does a row whose difference is gone (the table stays true).

Compared per occurrence: UID, start, end (instants in UTC; dates for all-day events) and
summary, in the office zone Asia/Shanghai over WINDOW. ical.js has no zone database, so the
IANA / Windows zones a file names without defining them are handed to it as VTIMEZONEs
generated from the same tz database (icalendar's Timezone.from_tzinfo).

Skipped when ../shared/corpus, node or ical.js are absent (`npm ci --prefix tests/oracle`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Timezone

from leanmeet.cli.main import main
from leanmeet.storage.sources import read_file
from leanmeet.storage.text import strip_controls
from leanmeet.storage.timezones import standard_zone
from tests.conftest import CORPUS, ROOT

ORACLE = ROOT / "tests" / "oracle"
TABLE = ROOT / "tests" / "data" / "oracle_differences.tsv"
OFFICE = ZoneInfo("Asia/Shanghai")
WINDOW = ("1995-01-01", "2030-12-31")
NOT_CALENDARS = {"synthetic/truncated_download.ics"}
FILES = sorted(p for p in CORPUS.rglob("*.ics")
               if str(p.relative_to(CORPUS)) not in NOT_CALENDARS) if CORPUS.is_dir() else []


def _have_oracle() -> bool:
    return bool(shutil.which("node")) and (ORACLE / "node_modules" / "ical.js").is_dir()


pytestmark = [
    pytest.mark.skipif(not FILES, reason="../shared/corpus is absent"),
    pytest.mark.skipif(not _have_oracle(), reason="node or ical.js absent "
                       "(npm ci --prefix tests/oracle)"),
]

_TZID_REF = re.compile(r';TZID=("[^"]*"|[^;:]*)', re.IGNORECASE)
_TZID_DEF = re.compile(r"^TZID:(.*)$", re.IGNORECASE | re.MULTILINE)


def missing_zones(text: str) -> list[str]:
    """VTIMEZONEs for the known zones the file names without defining them."""
    defined = {m.strip() for m in _TZID_DEF.findall(text)}
    out = []
    for ref in sorted({m.strip('"') for m in _TZID_REF.findall(text)} - defined):
        name = standard_zone(ref)
        if name and ref:
            zone = Timezone.from_tzinfo(ZoneInfo(name), ref, first_date=date(1990, 1, 1),
                                        last_date=date(2032, 1, 1))
            # one RDATE per line: ical.js reads only the first value of an RDATE line
            lines = []
            for line in zone.to_ical().decode().replace("\r\n ", "").splitlines():
                if line.startswith("RDATE:"):
                    lines += ["RDATE:" + v for v in line[6:].split(",")]
                else:
                    lines.append(line)
            out.append("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "\r\n".join(lines)
                       + "\r\nEND:VCALENDAR\r\n")
    return out


def instant(value: str) -> str:
    """One comparable form: 'YYYY-MM-DD' for dates, the UTC instant otherwise."""
    if value.startswith("D:"):
        return value[2:]
    if value.startswith("F:"):
        return datetime.fromisoformat(value[2:]).replace(tzinfo=OFFICE).astimezone(UTC) \
            .strftime("%Y-%m-%dT%H:%M:%SZ")
    if value.startswith("U:"):
        return datetime.fromtimestamp(int(value[2:]), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if len(value) == 10:
        return value
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _moment(key: str) -> datetime:
    if len(key) == 10:
        return datetime.combine(date.fromisoformat(key), time(), OFFICE)
    return datetime.fromisoformat(key.replace("Z", "+00:00"))


def in_window(start: str, end: str) -> bool:
    lo = datetime.combine(date.fromisoformat(WINDOW[0]), time(), OFFICE)
    hi = datetime.combine(date.fromisoformat(WINDOW[1]) + timedelta(days=1), time(), OFFICE)
    s, e = _moment(start), _moment(end)
    if e <= s:
        return lo <= s < hi
    return s < hi and e > lo


def no_uid(uid: str) -> str:
    """An event without UID: leanmeet derives one from its content, ical.js says ''."""
    return "(no UID)" if not uid or uid.startswith("leanmeet-") else uid


def summary(text: str) -> str:
    return " ".join(strip_controls(text).split())


def start_oracle(items: list[dict], folder: Path) -> subprocess.Popen:
    """ical.js (node) on ``items``, started (its input and output in files of ``folder``);
    ``oracle`` waits for its answer."""
    (folder / "items.json").write_text(json.dumps({"items": items}), encoding="utf-8")
    with (folder / "items.json").open("rb") as given, \
            (folder / "answer.json").open("wb") as answer, \
            (folder / "node.err").open("wb") as errors:
        process = subprocess.Popen(["node", str(ORACLE / "expand.mjs")], stdin=given,
                                   stdout=answer, stderr=errors, cwd=str(ORACLE))
    process.folder = folder  # type: ignore[attr-defined]
    return process


def oracle(process: subprocess.Popen) -> dict:
    folder: Path = process.folder  # type: ignore[attr-defined]
    try:
        process.wait(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, (folder / "node.err").read_text(errors="replace")[-2000:]
    return json.loads((folder / "answer.json").read_bytes())


def table() -> dict[tuple[str, str], dict]:
    with TABLE.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t")]
    return {(r["file"], r["uid"]): r for r in rows}


@pytest.fixture(scope="module")
def compared(tmp_path_factory) -> dict[tuple[str, str], tuple[set, set]]:
    return compare(FILES, tmp_path_factory.mktemp("oracle"))


def compare(files: list[Path], folder: Path) -> dict[tuple[str, str], tuple[set, set]]:
    """(file, uid) -> (only leanmeet, only ical.js) occurrences, for the uids that differ."""
    items, ours = [], {}
    for path in files:
        text = read_file(str(path))
        items.append({"name": str(path.relative_to(CORPUS)), "text": text,
                      "zones": missing_zones(text), "from": WINDOW[0], "to": WINDOW[1]})
    ical_js = start_oracle(items, folder)  # node works while leanmeet imports and lists below
    for path in files:
        name = str(path.relative_to(CORPUS))
        db = str(folder / (name.replace("/", "_") + ".json"))
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("TZ", "Asia/Shanghai")
            run_quiet("--db", db, "import", str(path))
            code, out, err = run_quiet("--db", db, "list", "--from", WINDOW[0], "--to",
                                       WINDOW[1], "--json")
        assert code == 0, err
        ours[name] = {(no_uid(e["uid"]), instant(e["start"]), instant(e["end"]),
                       summary(e["summary"])) for e in json.loads(out)["events"]}
    theirs_all = oracle(ical_js)
    differing: dict[tuple[str, str], tuple[set, set]] = {}
    for name, mine in ours.items():
        answer = theirs_all[name]
        theirs = set()
        if answer["error"] is None:
            for o in answer["occurrences"]:
                start, end = instant(o["start"]), instant(o["end"])
                if in_window(start, end):
                    theirs.add((no_uid(o["uid"]), start, end, summary(o["summary"])))
        else:  # one row for the file: ical.js read none of it
            differing[(name, "*")] = (mine, {("*", answer["error"][:80], "", "")})
            continue
        for uid in {t[0] for t in mine ^ theirs}:
            only_mine = {t for t in mine - theirs if t[0] == uid}
            only_theirs = {t for t in theirs - mine if t[0] == uid}
            differing[(name, uid)] = (only_mine, only_theirs)
    return differing


def run_quiet(*args: str) -> tuple[int, str, str]:
    """The CLI in this process, its output captured (for a module-scoped fixture)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _describe(key, diff) -> str:
    mine, theirs = diff
    sample = lambda s: sorted(s)[:3]  # noqa: E731
    return (f"{key[0]}\t{key[1]}: leanmeet only {len(mine)} {sample(mine)}; ical.js only "
            f"{len(theirs)} {sample(theirs)}")


def test_every_difference_from_ical_js_is_recorded_with_who_is_right(compared):
    recorded = table()
    unexplained = [_describe(k, d) for k, d in sorted(compared.items()) if k not in recorded]
    assert not unexplained, "differences from ical.js not in " + TABLE.name + ":\n" + \
        "\n".join(unexplained)


def test_no_recorded_difference_is_stale(compared):
    stale = sorted(k for k in table() if k not in compared)
    assert not stale, f"rows of {TABLE.name} whose difference is gone: {stale}"


def test_every_recorded_difference_names_who_is_right_and_why():
    for key, row in table().items():
        assert row["right"] in ("leanmeet", "ical.js", "both", "neither"), key
        assert len(row["why"]) > 30, key
