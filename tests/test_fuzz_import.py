"""A fuzz test in the suite (issue 16, point 6): mutated real calendars (tests/fuzz_ics.py)
through import, a two-year list and check. Seeded (derandomize: the same examples on every
run), bounded (FUZZ_EXAMPLES examples, well under a minute); a longer, differently seeded
run is benchmarks/bench_fuzz.py. Fails on any internal error, hang or exit code outside
0/1/2. Skipped when ../shared is absent."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.fuzz_ics import check_one, mutated_calendar, source_files

FILES = source_files()
FUZZ_EXAMPLES = int(os.environ.get("LEANMEET_FUZZ_EXAMPLES", "120"))


@pytest.fixture(autouse=True)
def debug(monkeypatch):
    monkeypatch.setenv("LEANMEET_DEBUG", "1")  # an internal error raises, with its traceback


@pytest.mark.skipif(not FILES, reason="../shared/corpus and ../shared/found are absent")
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
          phases=[Phase.generate, Phase.shrink],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=mutated_calendar(FILES))
def test_mutated_calendars_never_crash_or_hang(data: bytes):
    with tempfile.TemporaryDirectory(prefix="leanmeet-fuzz-") as folder:
        check_one(data, Path(folder))
