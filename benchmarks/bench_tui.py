"""Speed of the TUI with 50,000 occurrences stored (SPEC §8): prints figures only.

  python benchmarks/bench_tui.py [--events N] [--db PATH] [--rounds R]

Targets: cold start to the first painted frame under 2 s; the next week (``n``) repainted
under 150 ms.

1. A synthetic office year of N single meetings (``synthetic.generate``, no series: N
   occurrences) is imported once into a database in the temporary folder and reused on later
   runs (``--db`` to choose the file).
2. The real ``leanmeet`` command in a 120x40 tmux pane (a private tmux server), "today" a
   Wednesday in the middle of the data: time from spawning the process to the first frame
   painted (the header), to the week's events shown, and to the rules' badges shown (tmux
   polled every 20 ms: these are up to ~25 ms late); then ``n`` pressed R times, (a) after
   BENCH_PAUSE seconds (default 1.5) on a week and (b) again at once: the time from
   ``send-keys`` until the next week's label is written to the terminal (the pane's output is
   streamed to a file with ``pipe-pane``, so no polling process competes with the app).
3. In-process (``App.run_test``, headless): the same ``n`` measured inside the app, from the
   key press to the repainted screen, for a prefetched week and with the cache emptied first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from synthetic import generate  # noqa: E402

TODAY = "2026-06-17"  # a Wednesday in the middle of the synthetic year
PAUSE = float(os.environ.get("BENCH_PAUSE", "1.5"))  # seconds spent looking at a week
WEEK = "Week 25 · 15–21 Jun 2026"
NEXT_WEEKS = [f"Week {n} ·" for n in range(26, 53)]  # the weeks after it, in order


def build_db(path: Path, events: int) -> None:
    from leanmeet.storage.repository import FeedText, Repository

    if path.exists():
        stored = Repository(path).stats()["events"]
        if stored == events:
            print(f"database: {path} ({stored} events, reused)")
            return
        path.unlink()
    start = time.perf_counter()
    text = generate(events, series_every=0)
    result = Repository(path).import_feed("office", [FeedText("office.ics", text)])
    print(f"database: {path} ({result.added} events imported in "
          f"{time.perf_counter() - start:.1f} s, {path.stat().st_size / 1e6:.0f} MB)")


# ------------------------------------------------------------------------------ tmux
class Pane:
    def __init__(self) -> None:
        self.name = f"leanmeet-bench-{uuid.uuid4().hex[:8]}"
        self.base = ["tmux", "-L", self.name, "-f", os.devnull]

    def run(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True,
                              timeout=20).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def until(self, test, timeout: float = 60.0) -> float:
        """Poll until ``test(screen)``; the time.perf_counter() when it first held."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if test(self.screen()):
                return time.perf_counter()
            time.sleep(0.02)  # gently: each capture-pane is a process
        raise SystemExit(f"timed out; the screen:\n{self.screen()}")

    def spawn_leanmeet(self, db: Path, rules: Path, env: dict[str, str]) -> tuple[float, str]:
        """Start the real ``leanmeet`` TUI in a 120x40 pane (without the caller's COLUMNS and
        LINES, with ``env``); the time.perf_counter() it was spawned at and the server's socket."""
        leanmeet = Path(sys.executable).with_name("leanmeet")
        command = " ".join(["env", "-u", "COLUMNS", "-u", "LINES",
                            *(f"{k}={v}" for k, v in env.items()),
                            str(leanmeet), "--db", str(db), "--rules", str(rules)])
        spawned = time.perf_counter()
        subprocess.run([*self.base, "new-session", "-d", "-s", self.name, "-x", "120", "-y",
                        "40", command], check=True)
        return spawned, self.run("display", "-p", "#{socket_path}").strip()


def tmux_figures(db: Path, rules: Path, rounds: int) -> None:
    env = {"LEANMEET_TODAY": TODAY, "TZ": "Asia/Shanghai", "TERM": "xterm-256color",
           "XDG_CONFIG_HOME": tempfile.mkdtemp(prefix="leanmeet-bench-config-")}
    pane = Pane()
    spawned, socket = pane.spawn_leanmeet(db, rules, env)
    try:
        first = pane.until(lambda s: "leanmeet" in s)
        shown = pane.until(lambda s: WEEK in s and " events" in s)
        badges = pane.until(lambda s: "error" in s or "warning" in s or "no findings" in s)
        print(f"cold start (process spawned -> frame painted), tmux 120x40:\n"
              f"  first frame          {first - spawned:6.2f} s\n"
              f"  the week's events    {shown - spawned:6.2f} s   (target < 2 s)\n"
              f"  the rules' badges    {badges - spawned:6.2f} s")
        # n: the app's output is streamed to a file (tmux pipe-pane) and watched for the new
        # week's label, so no polling process competes with the app for the CPU
        stream = Path(tempfile.mkdtemp(prefix="leanmeet-bench-")) / "pane.out"
        stream.touch()
        pane.run("pipe-pane", "-t", pane.name, "-o", f"cat >> {stream}")
        time.sleep(0.5)

        def press_n(label: str) -> float:
            offset = stream.stat().st_size
            start = time.perf_counter()
            pane.run("send-keys", "-t", pane.name, "n")
            needle = label.encode()
            with stream.open("rb") as handle:
                deadline = start + 30
                seen = b""
                while time.perf_counter() < deadline:
                    handle.seek(offset)
                    seen = handle.read()
                    if needle in seen:
                        return time.perf_counter() - start
                    time.sleep(0.001)
            raise SystemExit(f"{label!r} was not painted within 30 s")

        after_pause, at_once = [], []
        labels = iter(NEXT_WEEKS)
        for _ in range(rounds):
            time.sleep(PAUSE)  # looking at the week: the weeks around it are read ahead
            after_pause.append(press_n(next(labels)))
            at_once.append(press_n(next(labels)))
        print("next week (n -> the next week's label written to the terminal), tmux:")
        for name, values in ((f"after {PAUSE:g} s on a week", after_pause),
                             ("pressed again at once", at_once)):
            ms = [v * 1000 for v in values]
            print(f"  {name:28s} median {statistics.median(ms):5.0f} ms, "
                  f"max {max(ms):5.0f} ms  ({len(ms)} presses; target < 150 ms)")
        pane.run("send-keys", "-t", pane.name, "q")
    finally:
        pane.run("kill-server")
        if socket:
            Path(socket).unlink(missing_ok=True)


# ------------------------------------------------------------------------------ in process
async def in_process(db: Path, rules: Path, rounds: int) -> None:
    """``n`` inside the app: from the key press to the frame handed to the terminal driver
    (``App._display`` after the new week's grid was drawn)."""
    from leanmeet.tui.app import LeanmeetApp
    from leanmeet.tui.views.timegrid import TimeGrid

    built: list[float] = []
    shown: list[float] = []
    build = TimeGrid._build
    display = LeanmeetApp._display

    def timed_build(self, width, height):
        layout = build(self, width, height)
        built.append(time.perf_counter())
        return layout

    def timed_display(self, screen, renderable):
        display(self, screen, renderable)
        if built and renderable is not None:
            shown.append(time.perf_counter())

    TimeGrid._build = timed_build  # type: ignore[method-assign]
    LeanmeetApp._display = timed_display  # type: ignore[method-assign]

    async def settle(pilot) -> None:
        for _ in range(1000):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if not app.loading and not app.analysing and not any(
                    w.is_running for w in app.workers):
                return

    start = time.perf_counter()
    app = LeanmeetApp(db, rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        print(f"in process (headless): app created -> week shown and analysed "
              f"{time.perf_counter() - start:.2f} s")
        cases = (("read ahead, after a pause", "pause"), ("pressed again at once", "burst"),
                 ("cache emptied first", "empty"))
        for name, case in cases:
            times = []
            for _ in range(rounds):
                if case != "burst":
                    await settle(pilot)
                if case == "empty":
                    app._weeks.clear()
                built.clear()
                shown.clear()
                began = time.perf_counter()
                await pilot.press("n")
                while app.loading or not shown:
                    await asyncio.sleep(0.001)
                times.append((shown[0] - began) * 1000)
            print(f"  n, {name:27s} median {statistics.median(times):5.0f} ms, "
                  f"max {max(times):5.0f} ms  ({rounds} presses, key -> frame out)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--rounds", type=int, default=8, help="presses of each kind (max 13)")
    args = parser.parse_args()
    args.rounds = max(1, min(args.rounds, 13))
    db = args.db or Path(tempfile.gettempdir()) / f"leanmeet-bench-tui-{args.events}.json"
    build_db(db, args.events)
    rules = Path(tempfile.mkdtemp(prefix="leanmeet-bench-")) / "rules.toml"
    rules.write_text('timezone = "Asia/Shanghai"\n', encoding="utf-8")
    os.environ.update({"LEANMEET_TODAY": TODAY, "TZ": "Asia/Shanghai",
                       "XDG_CONFIG_HOME": str(rules.parent / "config")})
    if shutil.which("tmux"):
        tmux_figures(db, rules, args.rounds)
    else:
        print("tmux is not installed: the cold start is not measured")
    asyncio.run(in_process(db, rules, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
