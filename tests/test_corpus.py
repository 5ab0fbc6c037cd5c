"""Every real-world file of ../shared/corpus imports without a traceback or a hang, stores
what can be understood and reports the rest with file:line (skipped when the corpus is absent).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.import_helpers import FOUND, cli, summary_counts

FILES = sorted(CORPUS.rglob("*.ics")) if CORPUS.is_dir() else []
NOT_CALENDARS = {"synthetic/truncated_download.ics"}


def expected() -> dict[str, dict]:
    table = CORPUS / "EXPECTED.tsv"
    with table.open(encoding="utf-8") as handle:
        return {row["file"].removeprefix("./"): row
                for row in csv.DictReader(handle, delimiter="\t")}


def run(capsys, *args: str) -> tuple[int, str, str]:
    return cli(capsys, *args, limit=20)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CORPUS)) for p in FILES])
def test_corpus_file_imports_cleanly(corpus, path: Path, capsys):
    name = str(path.relative_to(corpus))
    code, out, err = run(capsys, "import", str(path), "--feed", "corpus")
    assert "internal error" not in err and "Traceback" not in err
    if name in NOT_CALENDARS:
        assert code == 2 and len(err.strip().splitlines()) == 1
        return
    assert code in (0, 1), err
    summary = out.strip().splitlines()[-1]
    added = int(summary.split(": ")[1].split(" added")[0])
    skipped = int(summary.split(", ")[-1].split(" skipped")[0])
    assert (code == 1) == (skipped > 0)
    problem_lines = [line for line in err.splitlines() if "skipped:" in line]
    assert len(problem_lines) == skipped
    for line in problem_lines:  # file:line: skipped: reason
        where = line.strip().split(": skipped: ")[0]
        assert where.startswith(str(path) + ":") and where.rsplit(":", 1)[1].isdigit()
    row = expected().get(name)
    if row and (row.get("vevents") or "").isdigit() and int(row["vevents"]) > 0:
        # where icalendar alone finds the events, we store or report each of them
        assert added + skipped <= int(row["vevents"])
        if row["component_errors"] == "0" and "duplicate" not in name:
            assert added + skipped == int(row["vevents"]), (added, skipped, row)
    # re-import changes nothing
    code2, out2, _ = run(capsys, "import", str(path), "--feed", "corpus")
    assert " 0 added, 0 updated" in out2 and " 0 removed" in out2
    # every stored event lists without error, whatever its time zone
    code3, out3, err3 = run(capsys, "list", "--from", "1990-01-01", "--to", "2040-12-31",
                            "--json")
    assert code3 == 0 and "internal error" not in err3
    assert len(json.loads(out3)["events"]) >= min(added, 1)


def test_latin1_file_is_decoded_not_mangled(corpus, capsys):
    run(capsys, "import", str(corpus / "synthetic/latin1_encoded.ics"))
    _, out, _ = run(capsys, "list", "--from", "2025-03-01", "--to", "2025-03-01", "--json")
    assert json.loads(out)["events"][0]["summary"] == "Besprechung M\u00fcnchen \u00e0 l'\u00e9cole"


def test_secondly_bomb_is_reported_quickly(corpus, capsys):
    code, _, err = run(capsys, "import", str(corpus / "synthetic/rrule_secondly_bomb.ics"))
    assert code == 1 and "rrule_secondly_bomb.ics:9: skipped: RRULE FREQ=SECONDLY" in err


def test_moved_occurrence_of_google_feed(corpus, capsys):
    """x-wr-timezone's own example: a moved occurrence appears only at its new time."""
    path = corpus / "x-wr-timezone/moved-event-RECURRENCE-ID.in.ics"
    run(capsys, "import", str(path))
    _, out, _ = run(capsys, "list", "--from", "2000-01-01", "--to", "2040-12-31", "--json")
    events = json.loads(out)["events"]
    rids = [e["recurrence_id"] for e in events]
    assert len(rids) == len(set(rids))  # no occurrence twice (original + moved)


def begin_vevent_lines(path: Path) -> int:
    """The VEVENTs a reader of the file sees: its BEGIN:VEVENT lines, counted independently
    of leanmeet's splitter."""
    from leanmeet.storage.sources import read_file

    return sum(1 for line in read_file(str(path)).splitlines()
               if line[:6].upper() == "BEGIN:" and line[6:].strip().upper() == "VEVENT")


FOUND_FILES = sorted(FOUND.glob("*.ics")) if FOUND.is_dir() else []


@pytest.mark.parametrize("path", FILES + FOUND_FILES,
                         ids=[str(p.relative_to(p.parent.parent)) for p in FILES + FOUND_FILES])
def test_counts_add_up_to_the_events_in_the_file(path: Path, capsys):
    """No silent loss: added + updated + unchanged + skipped = the VEVENTs in the file, on the
    first import and on a re-import (every corpus file and every found/ file)."""
    name = str(path.relative_to(CORPUS)) if CORPUS in path.parents else path.name
    if name in NOT_CALENDARS:
        pytest.skip("not a calendar: refused whole")
    seen = begin_vevent_lines(path)
    for attempt in ("first", "again"):
        code, out, err = run(capsys, "import", str(path), "--feed", "counts")
        assert code in (0, 1), err
        c = summary_counts(out)
        assert c["added"] + c["updated"] + c["unchanged"] + c["skipped"] == seen, (attempt, c)
        assert len([line for line in err.splitlines() if ": skipped: " in line]) == c["skipped"]
        if attempt == "again":
            assert c["added"] == 0 and c["updated"] == 0
