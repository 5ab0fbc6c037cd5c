"""Storage at scale (issue 13): prints figures next to the process floor, asserts nothing.

  python benchmarks/bench_scale.py [--sizes 2000,20000,100000] [--repeat 3] [--keep DIR]

For each size N, a synthetic office feed of N VEVENTs (benchmarks/synthetic.py: 3% weekly
series, half of them without end) is imported into a fresh database by the real command,
then, each as a fresh `leanmeet` process, median of --repeat runs, in the same run as
the process floor (`leanmeet --help`, same interpreter, same moment):

  decision     `arrange UID --ref …` (one decision)          target <= 2x floor, < 200 MB
  week list    `list --from … --to …` of one week             target <= 2x floor, < 200 MB
  re-import    the unchanged feed again                       target <= 0.1x its first import
  TUI          cold start to the week's events (tmux 120x40)  target < 1 s at 100,000
               (median of --repeat starts)

Peak memory is the child's maximum resident set (wait4; it counts from the fork, so this
process never holds a feed: synthetic.py writes it in a process of its own). The machine may
be shared: the floor is measured between the runs it is compared with, and every figure is a
median; the CPU time (user + system, from wait4) of each is printed as a ratio too, which a
busy machine disturbs less than the wall-clock time. leanmeet's byte code is written first
(benchmarks/bytecode.py), as an installed wheel has it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bytecode import compile_leanmeet  # noqa: E402

TODAY = "2026-06-17"  # a Wednesday in the synthetic year
WEEK_ARGS = ["--from", "2026-06-15", "--to", "2026-06-21"]


CPU: dict[tuple, float] = {}  # args -> CPU seconds (user + system) of the last run


def run(args: list[str], env: dict) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one fresh leanmeet process (its CPU time in CPU)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "leanmeet.cli", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"leanmeet {' '.join(args)} failed ({proc.returncode}): {err[-500:]}")
    CPU[tuple(args)] = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def median_run(args: list[str], env: dict, repeat: int) -> tuple[float, float, float]:
    """Median seconds, peak MB and median CPU seconds of ``repeat`` runs."""
    runs, cpu = [], []
    for _ in range(repeat):
        runs.append(run(args, env))
        cpu.append(CPU[tuple(args)])
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs),
            statistics.median(cpu))


def tui_cold_start(db: Path, env: dict) -> float | None:
    if not shutil.which("tmux"):
        return None
    from bench_tui import Pane

    rules = Path(tempfile.mkdtemp(prefix="leanmeet-bench-")) / "rules.toml"
    rules.write_text('timezone = "Asia/Shanghai"\n', encoding="utf-8")
    pane = Pane()
    spawned, socket = pane.spawn_leanmeet(db, rules, {
        "LEANMEET_TODAY": TODAY, "TZ": "Asia/Shanghai", "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(rules.parent / "config")})
    try:
        shown = pane.until(lambda s: "Week 25" in s and " events" in s)
        return shown - spawned
    finally:
        pane.run("kill-server")
        if socket:
            Path(socket).unlink(missing_ok=True)


def mark(value: float, limit: float) -> str:
    return "ok" if value <= limit else "OVER"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the feeds and databases in DIR")
    args = parser.parse_args()
    compile_leanmeet()  # time what an installed leanmeet runs (bytecode.py)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="leanmeet-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"cores available: {len(os.sched_getaffinity(0))}; load average "
          f"{os.getloadavg()[0]:.1f}; files in {folder}")
    for n in (int(s) for s in args.sizes.split(",")):
        feed = folder / f"office-{n}.ics"
        if not feed.exists():  # in another process: the children's peak memory (below) is
            # counted from their fork of this one, which must stay small
            subprocess.run([sys.executable, str(HERE / "synthetic.py"), str(n), str(feed)],
                           check=True, stdout=subprocess.DEVNULL)
        db = folder / f"db-{n}.json"
        for old in folder.glob(f"db-{n}.json*"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        env = dict(os.environ, LEANMEET_DB=str(db), TZ="Asia/Shanghai", LEANMEET_TODAY=TODAY)
        first, first_mb, _ = run(["import", str(feed), "--feed", "office"], env)
        again, again_mb, _ = run(["import", str(feed), "--feed", "office"], env)
        floor_before, _, cpu_before = median_run(["--help"], env, args.repeat)
        decision, decision_mb, decision_cpu = median_run(
            ["arrange", "bench-1@office.example.gov", "--ref", "市政办〔2026〕1号"], env,
            args.repeat)
        week, week_mb, week_cpu = median_run(["list", *WEEK_ARGS], env, args.repeat)
        floor_after, _, cpu_after = median_run(["--help"], env, args.repeat)
        floor = (floor_before + floor_after) / 2
        floor_cpu = (cpu_before + cpu_after) / 2
        starts = [t for t in (tui_cold_start(db, env) for _ in range(args.repeat))
                  if t is not None]
        tui = statistics.median(starts) if starts else None
        size = sum(p.stat().st_size for p in [db, *(folder / f"db-{n}.json.d").iterdir()])
        print(f"\n{n} events (feed {feed.stat().st_size / 2**20:.0f} MiB, database "
              f"{size / 2**20:.0f} MiB)")
        print(f"  process floor (--help)   {floor:6.2f} s  ({floor_before:.2f} before, "
              f"{floor_after:.2f} after); CPU {floor_cpu:.2f} s")
        print(f"  one decision             {decision:6.2f} s = {decision / floor:4.2f}x floor  "
              f"peak {decision_mb:4.0f} MB   [{mark(decision / floor, 2)} <= 2x, "
              f"{mark(decision_mb, 200)} < 200 MB]  CPU {decision_cpu / floor_cpu:4.2f}x")
        print(f"  a week's list            {week:6.2f} s = {week / floor:4.2f}x floor  "
              f"peak {week_mb:4.0f} MB   [{mark(week / floor, 2)} <= 2x, "
              f"{mark(week_mb, 200)} < 200 MB]  CPU {week_cpu / floor_cpu:4.2f}x")
        print(f"  first import             {first:6.2f} s  peak {first_mb:4.0f} MB")
        print(f"  re-import, unchanged     {again:6.2f} s = {again / first:4.2f}x first import  "
              f"[{mark(again / first, 0.1)} <= 0.1x]")
        if tui is not None:
            print(f"  TUI to the week's events {tui:6.2f} s   [{mark(tui, 1.0)} < 1 s]  (median of "
                  f"{len(starts)}: {', '.join(f'{t:.2f}' for t in starts)})")
        else:
            print("  TUI: tmux is not installed, not measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
