"""Export speed (SPEC §6): prints figures, asserts nothing.

  python benchmarks/bench_export.py [N]      (default N = 20000 events)

Generates the synthetic office calendar of N events (benchmarks/synthetic.py: single meetings
over 2026 plus weekly series), imports it into an empty database, then measures, each as a
fresh process where it is a command:
  export      `leanmeet export plan.ics` of the whole year (every occurrence of 2026)
  icalendar   Calendar.from_ical of the exported file (the reference: target export <= 1x)
and, for information, the CSV export of the same year.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from icalendar import Calendar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402

YEAR = ["--from", "2026-01-01", "--to", "2026-12-31"]


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def leanmeet(*args: str, env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "leanmeet.cli", *args], env=env,
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"leanmeet {' '.join(args)} failed: {done.stderr.strip()}")
    return done


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    folder = Path(tempfile.mkdtemp(prefix="leanmeet-bench-export-"))
    feed = folder / "office.ics"
    feed.write_text(generate(n), encoding="utf-8", newline="")
    db = folder / "db.json"
    env = dict(os.environ, LEANMEET_DB=str(db), TZ="Asia/Shanghai",
               LEANMEET_TODAY="2026-11-29")
    leanmeet("import", str(feed), env=env)
    listed = leanmeet("list", *YEAR, "--json", env=env)
    occurrences = len(json.loads(listed.stdout)["events"])
    plan = folder / "plan.ics"
    t_export, done = timed(lambda: leanmeet("export", str(plan), *YEAR, env=env))
    text = plan.read_text(encoding="utf-8")
    t_ical, cal = timed(lambda: Calendar.from_ical(text))
    events = len(cal.walk("VEVENT"))
    t_csv, _ = timed(lambda: leanmeet("export", str(folder / "plan.csv"), *YEAR, env=env))
    t_startup, _ = timed(lambda: leanmeet("--help", env=env))
    print(f"events imported            {n}")
    print(f"occurrences in 2026        {occurrences}")
    print(f"exported file              {plan.stat().st_size / 2**20:.1f} MiB, {events} VEVENTs "
          f"({done.stdout.strip()})")
    print(f"leanmeet export (ics)      {t_export:.2f} s  (process start alone {t_startup:.2f} s)")
    print(f"icalendar parse of it      {t_ical:.2f} s")
    print(f"ratio                      {t_export / t_ical:.2f}x icalendar  (target <= 1x)")
    print(f"leanmeet export (csv)      {t_csv:.2f} s  (every rule over the year; information)")


if __name__ == "__main__":
    main()
