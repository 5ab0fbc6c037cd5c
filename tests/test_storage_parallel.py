"""The parallel first import (storage.parallel) gives exactly what one process gives: the
same records, problems (with their line numbers, in the same order), zones and counts, on
every corpus file, every found file and a feed full of versions and duplicates."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks.synthetic import generate
from leanmeet.storage import parallel
from leanmeet.storage.ics_reader import parse_feed
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared"
# (found/attack_* are issue 16's bounded-work cases: until the reader bounds them, one parse
# of them takes minutes in either path)
FILES = sorted([*SHARED.glob("corpus/**/*.ics"),
                *(p for p in SHARED.glob("found/*.ics") if not p.name.startswith("attack_"))])


def outcome(parsed) -> dict:
    return {
        "records": sorted(parsed.records, key=lambda r: (r["uid"], r["rid"] or "", r["d"])),
        "problems": [str(p) for p in parsed.problems],
        "zones": parsed.zones, "unchanged": parsed.unchanged, "events": parsed.events,
        "skipped_uids": parsed.skipped_uids,
    }


def both(text: str, known=()) -> tuple:
    try:
        single = outcome(parse_feed(text, "feed.ics", "office", known))
    except Exception as exc:  # noqa: BLE001 - SourceError, or a reader bug (issue 16): the same
        single = f"{type(exc).__name__}: {exc}"
    try:
        many = outcome(parallel.parse_feed_parallel(text, "feed.ics", "office", known,
                                                    workers=2))
    except Exception as exc:  # noqa: BLE001
        many = f"{type(exc).__name__}: {exc}"
    return single, many


@pytest.fixture(autouse=True)
def always_parallel(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_BLOCKS", 0)


def compare_every_file() -> None:
    """Print, as JSON, how many files were compared and those whose parallel parse differs
    (with both outcomes, cut short)."""
    parallel.MIN_BLOCKS = 0
    differ = []
    for path in FILES:
        text = path.read_bytes().decode("utf-8", "replace")
        single, many = both(text)
        if many != single:
            differ.append([path.name, repr(single)[:1500], repr(many)[:1500]])
    print(json.dumps({"compared": len(FILES), "differ": differ}, ensure_ascii=False))


@pytest.mark.skipif(not FILES, reason="../shared/ not present")
def test_every_corpus_and_found_file_parses_the_same_in_parallel():
    # In a fresh interpreter, as `leanmeet import FILE` runs: its only thread is the main one,
    # so the workers are forked. (In the test process, threads left by earlier tests' HTTP
    # clients switched the pool to a fork server, which cost 20 s more here, by test order.)
    done = subprocess.run(
        [sys.executable, "-c",
         "from tests.test_storage_parallel import compare_every_file; compare_every_file()"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["compared"] == len(FILES)
    assert not said["differ"], said["differ"]


def event(uid: str, day: int, summary: str, *extra: str) -> str:
    return "\r\n".join(["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z",
                        f"DTSTART:202603{day:02d}T010000Z", f"DTEND:202603{day:02d}T020000Z",
                        f"SUMMARY:{summary}", *extra, "END:VEVENT"]) + "\r\n"


def test_versions_duplicates_and_broken_events_across_chunks(monkeypatch):
    blocks = []
    for i in range(60):
        blocks.append(event(f"e{i}", 1 + i % 28, f"Meeting {i}"))
        if i % 5 == 0:  # an older version later in the file
            blocks.append(event(f"e{i}", 2, f"Old {i}", "SEQUENCE:0"))
            blocks[-2] = event(f"e{i}", 1 + i % 28, f"Meeting {i}", "SEQUENCE:3")
        if i % 7 == 0:  # another event with the same UID
            blocks.append(event(f"e{i}", 3, f"Other {i}"))
        if i % 11 == 0:  # broken
            blocks.append(event(f"bad{i}", 4, "Broken", "DTSTART:notadate"))
        if i % 13 == 0:  # no UID
            blocks.append(event("", 5, f"No uid {i}").replace("UID:\r\n", ""))
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nX-WR-TIMEZONE:Nowhere/Land\r\n"
            + "".join(blocks) + "END:VCALENDAR\r\n")
    joined = []
    real_join = parallel._join
    monkeypatch.setattr(parallel, "_join", lambda *a: joined.append(real_join(*a)) or joined[-1])
    single, many = both(text)
    assert many == single
    assert joined and joined[0] is not None  # the chunks were parsed apart, not in one process
    assert any("older version" in p for p in single["problems"])
    assert any("also used by" in p for p in single["problems"])
    assert sum("X-WR-TIMEZONE" in p for p in single["problems"]) == 1  # not once per chunk


def test_known_blocks_are_reported_unchanged_in_parallel_too():
    text = generate(400, prefix="par")
    first = parse_feed(text, "feed.ics", "office")
    known = {r["h"] for r in first.records[::3]}
    single, many = both(text, known)
    assert many == single and len(single["unchanged"]) == len(known)


def test_a_truncated_feed_is_refused_the_same_way():
    text = generate(50, prefix="cut")
    single, many = both(text[: len(text) // 2])
    assert isinstance(single, str) and single.startswith("SourceError") and many == single


def stored_instances(repo) -> tuple[list, list]:
    snap = repo.db.snapshot()
    instances = sorted(tuple(sorted(d.items())) for d in snap.table("instances").values())
    horizons = sorted((r["uid"], r["sig"]) for r in snap.table("horizons").values())
    return instances, horizons


def test_the_workers_expand_the_series_as_the_import_would(tmp_path, monkeypatch):
    from datetime import UTC, datetime

    from leanmeet.storage.repository import FeedText, Repository

    text = generate(200, prefix="par")
    made = parallel.parse_feed_parallel(text, "office.ics", "office", workers=2,
                                        expand_at=datetime.now(UTC))
    assert len(made.expansions) == 7  # every series of the feed, expanded by the workers
    many = Repository(tmp_path / "many.json")
    many.import_feed("office", [FeedText("office.ics", text)])
    monkeypatch.setattr(parallel, "available_cores", lambda: 1)  # one process, as before
    single = Repository(tmp_path / "single.json")
    single.import_feed("office", [FeedText("office.ics", text)])
    assert stored_instances(many)[0]  # series were expanded and stored
    assert stored_instances(many) == stored_instances(single)
