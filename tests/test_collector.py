"""storage.collector: the cyclic collector paused during reads, and given back as it was."""

from __future__ import annotations

import gc
import threading

from leanmeet.storage.collector import collector_paused


def test_overlapping_reads_give_the_collector_back_when_the_last_one_ends():
    assert gc.isenabled()
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other_read() -> None:
        first_in.wait()
        with collector_paused():
            seen.append(gc.isenabled())
        second_done.set()

    thread = threading.Thread(target=other_read)
    thread.start()
    try:
        with collector_paused():
            first_in.set()
            with collector_paused():  # nested in the same thread
                assert not gc.isenabled()
            second_done.wait(10)
            assert not gc.isenabled()  # the other read ended first: still paused
    finally:
        thread.join(10)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_the_program_had_disabled_stays_disabled():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_in_the_read_still_gives_the_collector_back():
    try:
        with collector_paused():
            raise ValueError("a broken read")
    except ValueError:
        pass
    assert gc.isenabled()
