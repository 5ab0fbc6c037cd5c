"""Import speed (issue 2): prints figures, asserts nothing.

  python benchmarks/bench_import.py [N]      (default N = 20000)

Measures, in one run on the same generated file:
  icalendar   Calendar.from_ical of the whole file (the reference)
  import      `leanmeet import` into an empty database (target: <= 1.5x icalendar)
  re-import   the unchanged file again (target: <= 0.2x the first import)
  list        `leanmeet list` of one week from that database, as a fresh process (< 1 s)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from icalendar import Calendar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def leanmeet(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leanmeet.cli", *args], env=env,
                          capture_output=True, text=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    folder = Path(tempfile.mkdtemp(prefix="leanmeet-bench-"))
    feed = folder / "office.ics"
    feed.write_text(generate(n), encoding="utf-8", newline="")
    db = folder / "db.json"
    env = dict(os.environ, LEANMEET_DB=str(db), TZ="Asia/Shanghai")
    text = feed.read_text(encoding="utf-8")
    t_ical = timed(lambda: Calendar.from_ical(text))
    t_import = timed(lambda: leanmeet("import", str(feed), env=env))
    t_reimport = timed(lambda: leanmeet("import", str(feed), env=env))
    t_list = timed(lambda: leanmeet("list", "--from", "2026-03-02", "--to", "2026-03-08",
                                    env=env))
    t_startup = timed(lambda: leanmeet("--help", env=env))
    week = leanmeet("list", "--from", "2026-03-02", "--to", "2026-03-08", "--json", env=env)
    count = week.stdout.count('"uid"')
    print(f"events                     {n}")
    print(f"file size                  {feed.stat().st_size / 2**20:.1f} MiB; "
          f"database {db.stat().st_size / 2**20:.1f} MiB")
    print(f"icalendar parse            {t_ical:.2f} s")
    print(f"leanmeet import            {t_import:.2f} s  = {t_import / t_ical:.2f}x icalendar"
          "  (target <= 1.5x)")
    print(f"leanmeet re-import         {t_reimport:.2f} s  = {t_reimport / t_import:.2f}x import"
          "  (target <= 0.2x)")
    print(f"leanmeet list (one week)   {t_list:.2f} s  ({count} occurrences; process start "
          f"alone {t_startup:.2f} s)  (target < 1 s)")


if __name__ == "__main__":
    main()
