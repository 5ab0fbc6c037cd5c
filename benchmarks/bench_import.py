"""Import speed (issues 2 and 13): prints figures, asserts nothing.

  python benchmarks/bench_import.py [N] [--rounds R]      (default N = 20000, R = 2)

Measures, side by side in each round on the same generated file (the machine may be shared:
each round measures the reference right before the import it is compared with):
  icalendar   Calendar.from_ical of the whole file in one process (the reference)
  import      `leanmeet import` into an empty database, a fresh process (target: <= 0.8x
              icalendar: the blocks are parsed over the available cores, storage.parallel)
Each round also prints CPU time (user + system): icalendar's parse, and the import process
with its worker processes (what the import costs the machine, whatever else runs on it).
then, once:
  re-import   the unchanged file again (target: <= 0.1x the first import)
  list        `leanmeet list` of one week from that database, as a fresh process
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from icalendar import Calendar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import compile_leanmeet  # noqa: E402
from synthetic import generate  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def children_cpu() -> float:
    """User + system seconds of the finished child processes (and theirs, once waited for)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def leanmeet(*args: str, env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "leanmeet.cli", *args], env=env,
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"leanmeet {' '.join(args)}: {done.stderr[-400:]}")
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    compile_leanmeet()  # time what an installed leanmeet runs (bytecode.py)
    folder = Path(tempfile.mkdtemp(prefix="leanmeet-bench-"))
    feed = folder / "office.ics"
    feed.write_text(generate(args.n), encoding="utf-8", newline="")
    text = feed.read_text(encoding="utf-8")
    db = folder / "db.json"
    env = dict(os.environ, LEANMEET_DB=str(db), TZ="Asia/Shanghai")
    print(f"events {args.n}; file {feed.stat().st_size / 2**20:.1f} MiB; cores available "
          f"{len(os.sched_getaffinity(0))}; load average {os.getloadavg()[0]:.1f}")
    ratios, icals, imports = [], [], []
    for n in range(args.rounds):
        for old in folder.glob("db.json*"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        cpu = time.process_time()
        t_ical = timed(lambda: Calendar.from_ical(text))
        cpu_ical = time.process_time() - cpu
        cpu = children_cpu()
        t_import = timed(lambda: leanmeet("import", str(feed), env=env))
        cpu_import = children_cpu() - cpu
        icals.append(t_ical)
        imports.append(t_import)
        ratios.append(t_import / t_ical)
        print(f"round {n + 1}: icalendar parse {t_ical:6.2f} s   leanmeet import {t_import:6.2f} s"
              f"   = {t_import / t_ical:.2f}x icalendar   (CPU: {cpu_ical:.2f} s and "
              f"{cpu_import:.2f} s = {cpu_import / cpu_ical:.2f}x; load average "
              f"{os.getloadavg()[0]:.1f})")
    print(f"median: icalendar {statistics.median(icals):.2f} s, import "
          f"{statistics.median(imports):.2f} s = {statistics.median(ratios):.2f}x icalendar "
          "(target <= 0.8x)")
    t_reimport = timed(lambda: leanmeet("import", str(feed), env=env))
    t_list = timed(lambda: leanmeet("list", "--from", "2026-03-02", "--to", "2026-03-08",
                                    env=env))
    t_startup = timed(lambda: leanmeet("--help", env=env))
    print(f"re-import (unchanged)  {t_reimport:.2f} s = {t_reimport / imports[-1]:.2f}x the "
          "import  (target <= 0.1x)")
    print(f"list (one week)        {t_list:.2f} s  (process start alone {t_startup:.2f} s)")


if __name__ == "__main__":
    main()
