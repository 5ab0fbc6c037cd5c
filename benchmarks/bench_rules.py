"""Speed of `leanmeet check` and `leanmeet suggest` (issues 3 and 4): prints figures only.

  python benchmarks/bench_rules.py [N] [BIG]     (defaults: N = 20000, BIG = 100000)

1. A synthetic office year of N single meetings (no series: N occurrences) is imported; then
   `leanmeet check --json` and `leanmeet suggest --json` over the whole year run as fresh
   processes, against icalendar's parse time of the same file (targets: <= 0.5x each).
   "in-process" figures time run_checks / suggest alone (the command also loads the database).
2. Memory: BIG occurrences built in memory, `suggest` over them in a child process; prints its
   peak resident memory (target: < 1 GB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from icalendar import Calendar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import generate  # noqa: E402

WINDOW = ["--from", "2026-01-01", "--to", "2026-12-31", "--json"]

MEMORY_CHILD = r"""
import random, resource, sys, time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
sys.path.insert(0, sys.argv[2])
from synthetic import TOPICS_EN, TOPICS_ZH, FORMS_EN, FORMS_ZH, people
from leanmeet.planner.model import Attendee, Occurrence
from leanmeet.planner.merge import suggest
from leanmeet.planner.rulebook import default_rulebook
n = int(sys.argv[1]); rng = random.Random(3); tz = ZoneInfo("Asia/Shanghai"); staff = people()
occs = []
for i in range(n):
    day = datetime(2026, 1, 5, tzinfo=tz) + timedelta(days=rng.randrange(0, 5 * 52 * 7 // 5) // 5 * 7 + rng.randrange(5))
    start = day + timedelta(minutes=rng.randrange(510, 1020, 15))
    title = rng.choice(TOPICS_ZH) + rng.choice(FORMS_ZH) if rng.random() < .5 else rng.choice(TOPICS_EN) + " " + rng.choice(FORMS_EN)
    who = rng.sample(staff, rng.randint(2, 12))
    occs.append(Occurrence(uid=f"u{i}", recurrence_id=None, start=start, end=start + timedelta(minutes=rng.choice([30, 60, 90, 120])),
        all_day=False, summary=title, location="Room 1", description="",
        attendees=tuple(Attendee(m, name) for name, m, _ in who)))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
result = suggest(occs, default_rulebook().merge)
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{len(occs)} {len(result)} {elapsed:.2f} {before / 1024:.0f} {peak / 1024:.0f}")
"""


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    big = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    folder = Path(tempfile.mkdtemp(prefix="leanmeet-bench-rules-"))
    feed = folder / "office.ics"
    feed.write_text(generate(n, series_every=0), encoding="utf-8", newline="")
    env = dict(os.environ, LEANMEET_DB=str(folder / "db.json"), TZ="Asia/Shanghai",
               LEANMEET_TODAY="2026-06-30")

    def leanmeet(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "leanmeet.cli", *args], env=env,
                              capture_output=True, text=True)

    text = feed.read_text(encoding="utf-8")
    t_ical = timed(lambda: Calendar.from_ical(text))
    leanmeet("import", str(feed))
    listed = leanmeet("list", *WINDOW).stdout.count('"uid"')
    t_check = timed(lambda: leanmeet("check", *WINDOW))
    t_suggest = timed(lambda: leanmeet("suggest", *WINDOW))
    findings = leanmeet("check", *WINDOW).stdout.count('"rule"')
    suggestions = leanmeet("suggest", *WINDOW).stdout.count('"score"')

    # the domain work alone, in this process
    import dataclasses
    from datetime import date
    from zoneinfo import ZoneInfo

    from leanmeet.application.session import Session
    from leanmeet.planner.merge import suggest
    from leanmeet.planner.rules import run_checks
    from leanmeet.storage.occurrences import office_window
    from leanmeet.storage.repository import Repository

    tz = ZoneInfo("Asia/Shanghai")
    ctx = dataclasses.replace(Session(folder / "db.json").check_context(), tz=tz)
    lo, hi = office_window(date(2026, 1, 1), date(2026, 12, 31), tz)
    occs = Repository(folder / "db.json").occurrences(lo, hi, tz)
    t_rules = timed(lambda: run_checks(occs, ctx))
    t_merge = timed(lambda: suggest(occs, ctx.rulebook.merge))

    print(f"occurrences                {listed}")
    print(f"icalendar parse            {t_ical:.2f} s")
    print(f"leanmeet check (process)   {t_check:.2f} s = {t_check / t_ical:.2f}x icalendar "
          f"({findings} findings; target <= 0.5x)")
    print(f"  run_checks in-process    {t_rules:.2f} s")
    print(f"leanmeet suggest (process) {t_suggest:.2f} s = {t_suggest / t_ical:.2f}x icalendar "
          f"({suggestions} suggestions; target <= 0.5x)")
    print(f"  suggest in-process       {t_merge:.2f} s")
    child = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(big), str(HERE)],
                           capture_output=True, text=True)
    if child.returncode != 0:
        print(child.stderr)
        return
    count, found, secs, before, peak = child.stdout.split()
    print(f"suggest over {count} occurrences: {secs} s, {found} suggestions, peak RSS {peak} MB "
          f"(occurrences alone {before} MB; target < 1024 MB)")


if __name__ == "__main__":
    main()
