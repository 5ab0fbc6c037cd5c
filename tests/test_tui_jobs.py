"""A screen's jobs: a reload replaces the read still running, and never loses a change."""

from __future__ import annotations

import threading

from textual import on
from textual.app import App
from textual.screen import Screen

from leanmeet.tui.screens.common import JobDone, JobsMixin


class _Jobs(JobsMixin, Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.done: list[tuple[str, object]] = []

    @on(JobDone)
    def _done(self, message: JobDone) -> None:
        self.done.append((message.job, message.result))


async def _until(pilot, predicate) -> None:
    for _ in range(500):
        await pilot.pause(0.01)
        if predicate():
            return
    raise AssertionError("never happened")


async def test_a_reload_during_a_change_keeps_the_changes_answer():
    release = threading.Event()
    app = App[None]()
    async with app.run_test() as pilot:
        screen = _Jobs()
        await app.push_screen(screen)

        def accept() -> str:
            release.wait(10)
            return "merged 2 meetings"

        screen.start_job("accept", accept)
        screen.start_job("load", lambda: "rows")  # the reload a change elsewhere asks for
        await _until(pilot, lambda: ("load", "rows") in screen.done)
        release.set()
        await _until(pilot, lambda: ("accept", "merged 2 meetings") in screen.done)


async def test_a_second_load_replaces_the_first():
    release = threading.Event()
    app = App[None]()
    async with app.run_test() as pilot:
        screen = _Jobs()
        await app.push_screen(screen)
        screen.start_job("load", lambda: release.wait(10) and "old rows")
        screen.start_job("load", lambda: "new rows")
        await _until(pilot, lambda: ("load", "new rows") in screen.done)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
        assert ("load", "old rows") not in screen.done
