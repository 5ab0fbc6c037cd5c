"""Series expanded at import (storage.instances) read exactly like series expanded live:
same occurrences, times, recurrence ids and fields, on every corpus file and the synthetic
office, for windows inside and beyond the expanded horizon."""

from __future__ import annotations

import zoneinfo
from dataclasses import astuple
from datetime import date, datetime, timedelta

import pytest

from benchmarks.synthetic import generate
from leanmeet.storage.occurrences import expand, office_window
from leanmeet.storage.repository import FeedText, Repository
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared"
CORPUS = sorted(SHARED.glob("corpus/**/*.ics"))
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def live(repo: Repository, first: date, last: date) -> list:
    """What the read gives without any stored instance: every record expanded now."""
    tables = repo._tables()
    lo, hi = office_window(first, last, TZ)
    zones = {z["id"]: z["text"] for z in tables["zones"]}
    arranged = [f["name"] for f in tables["feeds"] if f.get("arranged")]
    return expand(tables["events"], lo, hi, TZ, zones=zones, arranged_feeds=arranged)


def stored(repo: Repository, first: date, last: date) -> list:
    lo, hi = office_window(first, last, TZ)
    return repo.occurrences(lo, hi, TZ, include_superseded=True)


def same(a: list, b: list) -> None:
    assert [astuple(o) for o in a] == [astuple(o) for o in b]


def windows(center: date):
    for offset in (-400, 0, 45, 500, 3000):  # 500 and 3000 are past the horizon
        first = center + timedelta(days=offset)
        yield first, first + timedelta(days=13)


@pytest.mark.skipif(not CORPUS, reason="../shared/ not present")
def test_every_corpus_file_reads_the_same_as_live_expansion(tmp_path):
    repo = Repository(tmp_path / "db.json")
    for n, path in enumerate(CORPUS):
        text = path.read_bytes().decode("utf-8", "replace")
        try:
            repo.import_feed(f"f{n}", [FeedText(path.name, text)])
        except Exception:  # noqa: BLE001 - a file the reader refuses (issue 16's business)
            continue
    assert repo.db.snapshot().count("horizons") > 0  # the corpus' series were expanded
    starts = sorted({r["s"][:10] for r in repo._tables()["events"] if r["rec"]})
    assert starts, "no series in the corpus?"
    for center in {date.fromisoformat(s) for s in starts[:: max(1, len(starts) // 6)]}:
        for first, last in windows(center):
            same(stored(repo, first, last), live(repo, first, last))


def test_the_synthetic_office_and_a_changed_series(tmp_path):
    repo = Repository(tmp_path / "db.json")
    text = generate(700, prefix="inst")
    repo.import_feed("office", [FeedText("office.ics", text)])
    snap = repo.db.snapshot()
    assert snap.count("instances") > 0 and snap.count("horizons") > 0
    for first, last in windows(date(2026, 3, 2)):
        same(stored(repo, first, last), live(repo, first, last))
    # a series moved to another hour, and a moved occurrence of another one
    moved = text.replace("UID:inst-0@office.example.gov\r\nDTSTAMP:20260101T000000Z\r\n"
                         "DTSTART;TZID=Asia/Shanghai:", "UID:inst-0@office.example.gov\r\n"
                         "DTSTAMP:20260101T000000Z\r\nSEQUENCE:1\r\nDTSTART;TZID=Asia/Shanghai:",
                         1)
    assert moved != text
    repo.import_feed("office", [FeedText("office.ics", moved)])
    for first, last in windows(date(2026, 3, 2)):
        same(stored(repo, first, last), live(repo, first, last))


def test_a_window_where_finite_series_end_expands_nothing_live(tmp_path):
    from leanmeet.storage import occurrences

    repo = Repository(tmp_path / "db.json")
    repo.import_feed("office", [FeedText("office.ics", generate(700, prefix="fin"))])
    ends = sorted({datetime.fromtimestamp(d["until"], TZ).date()
                   for d in repo.db.snapshot().table("events").values()
                   if d["rec"] and d.get("until") is not None})
    assert ends  # the synthetic office has series of 20 weeks
    for end in ends[:: max(1, len(ends) // 3)][:3]:  # the weeks in which some of them end
        first, last = end - timedelta(days=3), end + timedelta(days=3)
        assert stored(repo, first, last)
        same(stored(repo, first, last), live(repo, first, last))
        occurrences._series_query.cache_clear()  # live() parsed them: start again
        stored(Repository(repo.path), first, last)
        assert occurrences._series_query.cache_info().misses == 0, first
