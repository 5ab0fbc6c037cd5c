"""storage.holiday_cache: a country's year of holidays computed by the `holidays` library once,
then read from the user's cache folder; a damaged file is computed again."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from leanmeet.planner import workdays
from leanmeet.storage.holiday_cache import cache_folder, cached_year
from tests.conftest import ROOT

PROBE = """
import sys
from datetime import date
from leanmeet.application.session import Session
from leanmeet.planner.workdays import day_info
Session(sys.argv[1])
days = [day_info(date(2026, 10, d), "CN", "zh_CN") for d in (1, 8, 10, 11)]
print(repr([(i.holiday, i.working_weekend, i.day_off) for i in days]))
print("holidays" in sys.modules)
"""


def probe(tmp_path) -> tuple[str, bool]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "db.json")],
                          cwd=str(ROOT), capture_output=True, text=True, timeout=60, check=True)
    facts, imported = done.stdout.strip().splitlines()
    return facts, imported == "True"


def test_the_second_start_reads_the_year_from_the_cache_folder(tmp_path):
    first, computed = probe(tmp_path)
    assert computed  # nothing cached yet: the library built the year
    (path,) = cache_folder().glob("CN-2026-zh_CN-*.json")
    again, computed_again = probe(tmp_path)
    assert not computed_again  # read from the file, the library not even imported
    assert again == first
    # and what the file says is the library's answer: 国庆节, the 调休 Saturday 10 Oct
    assert "国庆节" in first and "(None, True, False)" in first
    assert json.loads(path.read_text(encoding="utf-8"))["names"]["2026-10-01"] == "国庆节"


def test_a_damaged_or_wrong_file_is_computed_again_and_rewritten(tmp_path):
    truth = workdays.compute_year("CN", 2026, None)
    assert cached_year("CN", 2026, None) == truth
    (path,) = cache_folder().glob("CN-2026-default-*.json")
    for damage in ("not json", '{"names": {"2027-01-01": "x"}, "working": []}',
                   '{"names": [], "working": 5}', ""):
        path.write_text(damage, encoding="utf-8")
        assert cached_year("CN", 2026, None) == truth
        assert cached_year("CN", 2026, None) == truth  # rewritten: now read back
        assert json.loads(path.read_text(encoding="utf-8"))["names"]
    assert truth.names[date(2026, 10, 1)]


def test_an_unknown_country_is_weekends_only(tmp_path):
    assert cached_year("XX", 2026, None) is None
    assert not list(cache_folder().glob("XX-*"))
    info = workdays.day_info(date(2026, 10, 3), "XX")
    assert info.day_off and not info.holiday
