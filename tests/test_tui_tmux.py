"""End to end: the real ``leanmeet`` command in a real terminal (tmux): open it on the sample
calendars, switch views, open an event, quit. Skipped when tmux is not installed."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from leanmeet.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_calendars"
LEANMEET = Path(sys.executable).with_name("leanmeet")

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """A session on a private tmux server (its own socket, no user config)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.base = ["tmux", "-L", name, "-f", os.devnull]

    def run(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=20)
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Poll the pane until ``text`` shows (bounded); the screen, or a failure with it."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        size = self.run("display", "-p", "-t", self.name, "#{window_width}x#{window_height}")
        raise AssertionError(f"{text!r} did not appear within {timeout} s in the {size.strip()} "
                             f"pane; the screen:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while text in screen and time.monotonic() < deadline:
            time.sleep(0.1)
            screen = self.screen()
        assert text not in screen, f"{text!r} still shows after {timeout} s:\n{screen}"
        return screen

    def alive(self) -> bool:
        return subprocess.run([*self.base, "has-session", "-t", self.name],
                              capture_output=True).returncode == 0


@pytest.fixture
def sample_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "samples.json"
    feeds = sorted(p for p in SAMPLES.glob("*.ics") if p.name != "government-office.ics")
    assert main(["--db", str(db), "import", str(SAMPLES / "government-office.ics"),
                 "--arranged"]) == 0
    assert main(["--db", str(db), "import", *map(str, feeds)]) in (0, 1)
    return db


def test_the_leanmeet_command_in_a_terminal(sample_db: Path, tmp_path: Path):
    assert LEANMEET.exists(), f"{LEANMEET} is not installed (pip install -e .)"
    rules = tmp_path / "rules.toml"
    rules.write_text('timezone = "Asia/Shanghai"\n', encoding="utf-8")
    env = {
        "LEANMEET_TODAY": "2026-11-29",
        "TZ": "Asia/Shanghai",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }
    # COLUMNS/LINES would override the pane's size (shutil.get_terminal_size reads them first)
    command = " ".join(
        ["env", "-u", "COLUMNS", "-u", "LINES", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
         str(LEANMEET),
         "--db", shlex.quote(str(sample_db)), "--rules", shlex.quote(str(rules))])
    tmux = Tmux(f"leanmeet-test-{uuid.uuid4().hex[:8]}")
    subprocess.run([*tmux.base, "new-session", "-d", "-s", tmux.name, "-x", "120", "-y", "40",
                    command], check=True, timeout=20)
    socket = tmux.run("display", "-p", "#{socket_path}").strip()
    try:
        tmux.wait_for("Week 48 · 23–29 Nov 2026 · 56 events")
        tmux.wait_for("Thu 26")
        tmux.wait_for("merge suggestion")  # the rules ran: the badges are there
        tmux.keys("m")
        screen = tmux.wait_for("November 2026 · 124 events")
        assert "Mon" in screen and "Sun" in screen
        tmux.keys("a")
        tmux.wait_for("Title")
        tmux.keys("d")  # today in the day view
        tmux.wait_for("Sun 29 Nov 2026 · Week 48 · no events")
        tmux.keys("h", "h", "h")  # Thursday, its first event selected
        tmux.wait_for("Thu 26 Nov 2026 · Week 48 · 10 events")
        tmux.keys("Enter")
        screen = tmux.wait_for("Organizer")  # the event's detail
        assert "Emergency duty dispatch" in screen
        tmux.keys("Escape")
        tmux.wait_gone("Organizer")
        tmux.wait_for("Thu 26 Nov 2026 · Week 48 · 10 events")
        tmux.keys("q")
        deadline = time.monotonic() + 15
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not tmux.alive(), "leanmeet did not quit on q:\n" + tmux.screen()
    finally:
        if tmux.alive():
            tmux.run("kill-session", "-t", tmux.name)
        tmux.run("kill-server")
        if socket:
            Path(socket).unlink(missing_ok=True)
