"""The TUI's first week, read by a second process while the first one loads Textual.

Opening the TUI costs two things of about the same size before the week can be drawn: loading
Textual and its widgets, and reading the week from the store (thousands of occurrences in a
busy office). Both are Python work, so two threads would only take turns. ``leanmeet`` without
a command therefore forks before importing Textual: the child opens a session, reads the week
of today (with its problems and the database's signature), hands it over through a pipe as a
pickle and exits; the TUI's first load takes it if the database is still the version read and
the week is the one it shows, and reads as usual otherwise. The child only reads (no lock, no
terminal); whatever goes wrong there (an unreadable rulebook, a broken database, a kill) leaves
the TUI to read and to report it itself.
"""

from __future__ import annotations

import os
import pickle
import threading
from datetime import date, timedelta
from pathlib import Path

from leanmeet.planner.model import Occurrence


class WeekPrefetch:
    """A child reading one week. A thread of this process drains the pipe as the child
    writes (the child never waits for the TUI to ask), so :meth:`ready` tells, without
    waiting, whether the week is here; :meth:`take` waits for it (at most ``timeout`` s)."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid, self._fd = pid, fd
        self._lock = threading.Lock()
        self._done = False
        self._found: object = None  # what the child handed over, unpickled
        self._received = threading.Event()  # the child closed its end: all of it is here
        self._drain = threading.Thread(target=self._read_all, name="leanmeet-prefetch",
                                       daemon=True)
        self._drain.start()

    def _read_all(self) -> None:
        chunks: list[bytes] = []
        try:
            while chunk := os.read(self._fd, 1 << 20):
                chunks.append(chunk)
            # unpickled here too: while Textual starts, the TUI's thread often waits for
            # the terminal, and this thread then has the interpreter to itself
            self._found = pickle.loads(b"".join(chunks)) if chunks else None
        except Exception:  # noqa: BLE001 - a child that died mid-write: the TUI reads itself
            self._found = None
        finally:
            os.close(self._fd)
            self._received.set()

    def ready(self, wait: float = 0.0) -> bool:
        """Whether the child has handed over all it read (or given up), waiting at most
        ``wait`` seconds for it."""
        return self._received.wait(wait) if wait > 0 else self._received.is_set()

    def take(self, timeout: float = 10.0
             ) -> tuple[object, date, list[Occurrence], list[str]] | None:
        """(database signature, Monday, occurrences, problem texts), or None; once."""
        with self._lock:
            if self._done:
                return None
            self._done = True
            if not self._received.wait(timeout):  # too slow: the TUI reads the week itself
                self._stop()
                return None
            self._stop()
            found, self._found = self._found, None
            return found if isinstance(found, tuple) and len(found) == 4 else None

    def _stop(self) -> None:
        """Reap the child (killed if still running, which ends the drain) and the drain."""
        try:
            done, _ = os.waitpid(self._pid, os.WNOHANG)
            if done == 0:
                os.kill(self._pid, 9)
                os.waitpid(self._pid, 0)
        except (ChildProcessError, ProcessLookupError, OSError):
            pass
        self._drain.join()

    def cancel(self) -> None:
        with self._lock:
            if not self._done:
                self._done = True
                self._stop()
                self._found = None


def start_week_prefetch(db_path: str | Path, rules_path: str | Path | None
                        ) -> WeekPrefetch | None:
    """Fork a child that reads the week of today (None where there is no fork, or where
    this process already runs threads: forking those is unsafe)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: read, hand over, and leave without running any exit code
        try:
            os.close(read_end)
            _read_week(Path(db_path), rules_path, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    return WeekPrefetch(pid, read_end)


def _read_week(db_path: Path, rules_path: str | Path | None, fd: int) -> None:
    try:
        from leanmeet.application.session import Session

        session = Session.open(db_path, rules_path)
        signature = session.signature()
        today = session.today
        monday = today - timedelta(days=today.weekday())
        problems: list = []
        occurrences = session.occurrences(monday, monday + timedelta(days=6),
                                          problems=problems)
        payload = pickle.dumps((signature, monday, occurrences, [str(p) for p in problems]),
                               protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
    except BaseException:  # noqa: BLE001 - the TUI reads the week itself and says what is wrong
        pass
