"""The cyclic garbage collector paused while stored events are read.

Reading a week decodes thousands of documents and builds thousands of occurrences: every
700 new containers the collector would walk the young ones, and every few of those walks
everything alive, the database read so far included. What a read builds holds no cycles (JSON
documents, datetimes, frozen occurrences): reference counting frees it all, so the collector
has nothing to find there. Paused, a 100,000-event week's ``list`` takes about a quarter less.

Reads may overlap (the TUI reads in worker threads): the collector runs again when the last
of them ends, as it was before the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_readers = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` body (nested and threaded uses count)."""
    global _readers, _was_enabled
    with _lock:
        if _readers == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _readers += 1
    try:
        yield
    finally:
        with _lock:
            _readers -= 1
            if _readers == 0 and _was_enabled:
                gc.enable()
