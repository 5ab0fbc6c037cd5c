"""The long fuzz run and the bounded-work figures (issue 16, points 4 and 6): prints figures,
exits 1 when a mutated file crashes or hangs leanmeet.

  python benchmarks/bench_fuzz.py [EXAMPLES] [SEED]     (default 2000 examples, seed 16)

1. Fuzz: EXAMPLES mutated corpus files (tests/fuzz_ics.py: byte flips, line deletions and
   duplications, truncation, hostile DTSTART / RRULE / RECURRENCE-ID / TZID / DURATION
   values) through import, a two-year list and check, seeded with SEED (the suite's test runs
   120 derandomized examples). Prints examples per second, the slowest example, and as its
   floor the same three commands on the unmutated file the slowest one came from.
2. Bounded work: hostile files generated at growing sizes (nested VCALENDARs, nested
   components in an event, long lines), imported in this process; the time per size shows
   the work is linear (the ratio to the smallest size is about the ratio of sizes). Next to
   them, as the floor, splitting the same text into lines (the least any reader does).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from tests.fuzz_ics import check_one, mutated_calendar, source_files  # noqa: E402

GOOD = ("BEGIN:VEVENT\r\nUID:good-{n}\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nSUMMARY:good\r\nEND:VEVENT\r\n")


def fuzz(examples: int, seed_value: int) -> int:
    files = source_files()
    if not files:
        print("fuzz: ../shared/corpus and ../shared/found are absent; skipped")
        return 0
    times: list[tuple[float, bytes]] = []
    folder = Path(tempfile.mkdtemp(prefix="leanmeet-fuzz-"))

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None,
              phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    @given(data=mutated_calendar(files))
    def run(data: bytes) -> None:
        began = time.perf_counter()
        check_one(data, folder)
        times.append((time.perf_counter() - began, data))

    os.environ["LEANMEET_DEBUG"] = "1"
    began = time.perf_counter()
    failed = 0
    try:
        run()
    except Exception as exc:  # the failing example, shrunk, with its traceback above
        failed = 1
        print(f"fuzz: FAILED: {type(exc).__name__}: {str(exc)[:2000]}")
    total = time.perf_counter() - began
    print(f"fuzz: {len(times)} examples in {total:.1f} s ({len(times) / total:.1f}/s), "
          f"seed {seed_value}, {failed} failure(s)")
    if times:
        slowest, data = max(times, key=lambda t: t[0])
        source = max(files, key=lambda p: _common_prefix(p.read_bytes(), data))
        floor_began = time.perf_counter()
        check_one(source.read_bytes()[:300_000], folder / "floor")
        floor = time.perf_counter() - floor_began
        print(f"fuzz: slowest example {slowest:.2f} s (import + list + check); floor: the "
              f"unmutated {source.name} {floor:.2f} s")
    return failed


def _common_prefix(a: bytes, b: bytes) -> int:
    n = min(len(a), len(b), 4096)
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def timed_import(text: str) -> float:
    from leanmeet.storage.ics_reader import parse_feed

    began = time.perf_counter()
    try:
        parse_feed(text, "bench.ics", "bench")
    except Exception as exc:  # a refused file is a result here
        print(f"    ({type(exc).__name__}: {str(exc)[:80]})")
    return time.perf_counter() - began


def floor_lines(text: str) -> float:
    """The least any reader does with the text: split it into lines and find its BEGIN lines
    (one pass in C)."""
    began = time.perf_counter()
    lines = text.splitlines()
    sum(1 for line in lines if line.startswith("BEGIN:"))
    return time.perf_counter() - began


def bounded() -> None:
    shapes = {
        "nested VCALENDAR": lambda n: ("BEGIN:VCALENDAR\r\n" * n + GOOD.format(n=0)
                                       + "END:VCALENDAR\r\n" * n),
        "nested VTODO around a VEVENT": lambda n: (
            "BEGIN:VCALENDAR\r\n" + "BEGIN:VTODO\r\n" * n + GOOD.format(n=0)
            + "END:VTODO\r\n" * n + "END:VCALENDAR\r\n"),
        "nested components in a VEVENT": lambda n: (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261201T090000Z\r\n"
            + "BEGIN:X-A\r\n" * n + "END:X-A\r\n" * n + "END:VEVENT\r\nEND:VCALENDAR\r\n"),
        "one long DESCRIPTION line": lambda n: (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261201T090000Z\r\n"
            "DESCRIPTION:" + "x" * (n * 100) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    }
    for name, make in shapes.items():
        rows = []
        for n in (25_000, 50_000, 100_000):
            text = make(n)
            rows.append((n, len(text), timed_import(text), floor_lines(text)))
        base = rows[0][2] or 1e-9
        print(f"bounded: {name}")
        for n, size, took, floor in rows:
            print(f"    n={n:>7,}  {size / 1e6:5.1f} MB  {took:6.2f} s  ({took / base:4.1f}x the "
                  f"smallest)   floor: splitting the same text into lines {floor:.3f} s")


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed_value = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    bounded()
    sys.exit(fuzz(examples, seed_value))


if __name__ == "__main__":
    main()
