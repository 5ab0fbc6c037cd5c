"""The wire under the ``caldav`` library's client, bounded against a hostile server.

The ``caldav`` library's ``DAVClient`` does the HTTP work (authentication negotiation, TLS
verification, parsing multistatus XML with entities off). What it cannot do, done here:

- **A cap on every answer** (``MAX_RESPONSE_BYTES``, decoded, so a gzip bomb counts too): the
  client's session is replaced by ``BoundedSession``, which streams the body and stops at
  the cap. An endless multistatus costs at most the cap, not the machine's memory.
- **One deadline for the whole operation**: ``Deadline`` is the ``--timeout`` of a whole
  sync. Every request runs in a worker thread (``Pool``) and is waited for at most the time
  left; a server that drips bytes (each read inside the per-read timeout) is given up at
  the deadline, not served forever. Each attempt also has its own timeout
  (``ATTEMPT_SECONDS``, or less when the deadline is nearer), after which a request that
  may be repeated is tried again: a slow answer is retried, not fatal.
- **Several requests in flight**: ``Pool`` threads, each with its own ``DAVClient`` (the
  library's client keeps its negotiated authentication per instance).
"""

from __future__ import annotations

import queue
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

import niquests

#: The largest answer read from a server (bytes, after content decoding).
MAX_RESPONSE_BYTES = 256 * 1024 * 1024
#: The longest one attempt of a request may take before it is tried again.
ATTEMPT_SECONDS = 60.0
#: Attempts of a request that may be repeated (reads, conditional writes).
ATTEMPTS = 3
#: Requests in flight at once (writes and multiget batches).
WORKERS = 4
WORKER_PREFIX = "leanmeet-caldav-"

T = TypeVar("T")


class SyncError(Exception):
    """The server could not be used (down, login refused, server error, timeout...).

    The message is one line, names the server (never a password) and says what to do."""


class LoginNeeded(SyncError):
    """The server asks for a password that was not given (the CLI may prompt and retry)."""


class SyncUsageError(Exception):
    """The request cannot be carried out as given (unknown calendar, no target...)."""


class ResponseTooLarge(Exception):
    pass


class DeadlineExceeded(Exception):
    pass


class UnsafeAnswer(Exception):
    """An XML answer that declares a DTD (entities): a multistatus never needs one."""


def public_url(url: str) -> str:
    """The URL without user name or password (for messages and for storing)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


class Deadline:
    """The end of the whole operation (``--timeout`` seconds from now)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def attempt(self) -> float:
        """The timeout of one attempt: ATTEMPT_SECONDS, or the time left if less."""
        left = self.remaining()
        if left <= 0:
            raise DeadlineExceeded
        return min(ATTEMPT_SECONDS, left)


class BoundedSession(niquests.Session):
    """A niquests session that reads every body streamed, at most ``max_bytes`` and never
    past the deadline."""

    def __init__(self, deadline: Deadline, max_bytes: int = MAX_RESPONSE_BYTES) -> None:
        super().__init__()
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.last_status = 0

    def request(self, method, url, *args: Any, **kwargs: Any):  # type: ignore[override]
        kwargs["stream"] = True
        kwargs["timeout"] = self.deadline.attempt()
        response = super().request(method, url, *args, **kwargs)
        self.last_status = response.status_code or 0
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise ResponseTooLarge
                if self.deadline.remaining() <= 0:
                    raise DeadlineExceeded
                chunks.append(chunk)
        except (ResponseTooLarge, DeadlineExceeded):
            response.close()
            raise
        except niquests.exceptions.ConnectionError as exc:
            response.close()
            if "timed out" in str(exc).lower():  # a read timeout inside the body
                raise niquests.exceptions.ReadTimeout(str(exc)) from None
            raise
        data = b"".join(chunks)
        head = data[:4096].lstrip().lower()
        if head.startswith(b"<?xml") or head.startswith(b"<!doctype"):
            if b"<!doctype" in head or b"<!entity" in head:
                raise UnsafeAnswer
        response._content = data
        response._content_consumed = True
        release = getattr(response.raw, "release_conn", None)
        if release is not None:  # the connection goes back to the pool for the next request
            release()
        return response


class Pool:
    """Daemon worker threads that run calls and hand back futures; ``run`` waits for one
    call at most until the deadline. A worker stuck on a dripping server is abandoned at
    the deadline (it is a daemon thread, and its socket read times out on its own)."""

    def __init__(self, deadline: Deadline, workers: int = WORKERS) -> None:
        self.deadline = deadline
        self.size = max(1, workers)
        self._queue: queue.Queue = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def _start(self) -> None:
        with self._lock:
            while len(self._threads) < self.size:
                thread = threading.Thread(target=self._work, daemon=True,
                                          name=f"{WORKER_PREFIX}{len(self._threads)}")
                thread.start()
                self._threads.append(thread)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # handed to the waiting thread
                future.set_exception(exc)

    def submit(self, fn: Callable[..., T], *args: Any) -> Future:
        self._start()
        future: Future = Future()
        self._queue.put((future, fn, args))
        return future

    def wait(self, future: Future) -> Any:
        """The result of a submitted call; DeadlineExceeded when the deadline passes first."""
        left = self.deadline.remaining()
        if left <= 0 and not future.done():
            raise DeadlineExceeded
        try:
            return future.result(timeout=max(left, 0.0) + 0.05)
        except TimeoutError:
            future.cancel()
            raise DeadlineExceeded from None

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        return self.wait(self.submit(fn, *args))

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        self._threads = []


__all__ = [
    "ATTEMPTS", "ATTEMPT_SECONDS", "BoundedSession", "Deadline", "DeadlineExceeded",
    "LoginNeeded", "MAX_RESPONSE_BYTES", "Pool", "ResponseTooLarge", "SyncError",
    "SyncUsageError", "UnsafeAnswer", "WORKERS", "WORKER_PREFIX", "public_url",
]
