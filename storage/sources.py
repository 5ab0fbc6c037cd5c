"""Where feeds come from: files, folders, standard input, http(s):// and webcal:// URLs.

A download is bounded: TIMEOUT seconds for any one read, DEADLINE seconds for the whole
request (a server that drips a byte every few seconds, in its headers or its body, is cut off
by a watchdog that shuts the socket), MAX_BYTES in size (a larger Content-Length is refused
before the body is read). A body shorter than its Content-Length is an incomplete download,
not a calendar. Redirects are followed only to http(s)://. A 304 Not Modified to a request
without validators (no copy of ours it could refer to) is a clear error, not a crash.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from leanmeet.storage.text import NotTextError, decode_feed

if TYPE_CHECKING:
    import urllib.request

MAX_BYTES = 200 * 1024 * 1024
TIMEOUT = 30  # seconds for one read from the server
DEADLINE = 120  # seconds for the whole download
_CHUNK = 1 << 16


class SourceUnreadable(Exception):
    """A source could not be read at all; the message is one line for the user."""


@dataclass
class Loaded:
    source: str  # the name used in error reports (path or URL)
    feed: str  # default feed name
    text: str


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://", "webcal://", "webcals://"))


def default_feed_name(source: str) -> str:
    if source == "-":
        return "stdin"
    if is_url(source):
        parsed = urllib.parse.urlparse(source)
        stem = Path(urllib.parse.unquote(parsed.path)).stem
        return stem or parsed.hostname or "url"
    return Path(source).stem or Path(source).name


def expand_sources(sources: list[str]) -> list[str]:
    """Folders become the ``*.ics`` files inside them (sorted, recursively)."""
    out: list[str] = []
    for source in sources:
        path = Path(source)
        if source != "-" and not is_url(source) and path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".ics"
                           and p.is_file())
            if not files:
                raise SourceUnreadable(f"{source}: folder has no .ics files")
            out += [str(p) for p in files]
        else:
            out.append(source)
    return out


def _decode(data: bytes, source: str, declared: str | None = None) -> str:
    if not data.strip():
        raise SourceUnreadable(f"{source}: empty")
    try:
        text, _ = decode_feed(data, declared)
    except NotTextError:
        raise SourceUnreadable(f"{source}: not text (binary file?)") from None
    return text


def read_file(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SourceUnreadable(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceUnreadable(f"{path}: is a folder") from None
    except OSError as exc:
        raise SourceUnreadable(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise SourceUnreadable(f"{path}: larger than {MAX_BYTES // 2**20} MB")
    return _decode(data, path)


def read_stream(stream: BinaryIO, name: str = "<stdin>") -> str:
    return _decode(stream.read(MAX_BYTES + 1), name)


@dataclass
class Fetched:
    url: str
    text: str | None  # None: not modified (304)
    etag: str | None = None
    last_modified: str | None = None


def _candidates(url: str) -> list[str]:
    lower = url.lower()
    if lower.startswith("webcals://"):
        return ["https://" + url[10:]]
    if lower.startswith("webcal://"):
        return ["https://" + url[9:], "http://" + url[9:]]
    return [url]


class _Watchdog:
    """Shuts the sockets of a request down when its total time is up."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self.sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class _Refused(Exception):
    """A redirect we do not follow (the message is for the user)."""


def _opener(watchdog: _Watchdog) -> urllib.request.OpenerDirector:
    import http.client  # the HTTP client loads when a feed is downloaded, not before
    import urllib.request

    class HTTPConnection(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.add(self.sock)

    class HTTPSConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.add(self.sock)

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(HTTPConnection, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(HTTPSConnection, req, context=self._context)

    class RedirectHandler(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            target = urllib.parse.urljoin(req.full_url, newurl)
            if urllib.parse.urlparse(target).scheme.lower() not in ("http", "https"):
                raise _Refused(f"redirected to {target[:200]}: only http:// and https:// "
                               "redirects are followed")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(HTTPHandler, HTTPSHandler, RedirectHandler)


def _read_body(response, url: str, watchdog: _Watchdog) -> bytes:
    declared = response.headers.get("Content-Length")
    length = int(declared) if declared and declared.strip().isdigit() else None
    if length is not None and length > MAX_BYTES:
        raise SourceUnreadable(f"{url}: the server announces {length:,} bytes (more than "
                               f"{MAX_BYTES // 2**20} MB); not downloaded")
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise SourceUnreadable(f"{url}: larger than {MAX_BYTES // 2**20} MB")
    if watchdog.expired:
        raise TimeoutError
    if length is not None and size < length:
        raise SourceUnreadable(f"{url}: incomplete download ({size:,} of {length:,} bytes "
                               "announced); nothing imported from it")
    return b"".join(chunks)


def conditional_get(url: str, *, etag: str | None = None, last_modified: str | None = None,
                    timeout: float = TIMEOUT, deadline: float = DEADLINE) -> Fetched:
    """GET ``url`` unless it is unchanged since the validators (ETag / Last-Modified);
    raises SourceUnreadable. webcal:// is tried as https://, then as http:// when the server
    does not speak TLS (many webcal servers don't). ``deadline`` bounds the whole call."""
    import http.client
    import urllib.error
    import urllib.request

    candidates = _candidates(url)
    last: Exception | None = None
    end = time.monotonic() + deadline
    for candidate in candidates:
        headers = {"User-Agent": "leanmeet/0.1", "Accept": "text/calendar, */*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(candidate, headers=headers)
        remaining = end - time.monotonic()
        if remaining <= 0:
            break
        with _Watchdog(remaining) as watchdog:
            try:
                with _opener(watchdog).open(request, timeout=min(timeout, remaining)) as response:
                    data = _read_body(response, url, watchdog)
                    charset = response.headers.get_content_charset()
                    new_etag = response.headers.get("ETag")
                    new_modified = response.headers.get("Last-Modified")
            except _Refused as exc:
                raise SourceUnreadable(f"{url}: {exc}") from None
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    if not (etag or last_modified):
                        raise SourceUnreadable(
                            f"{url}: the server answered 304 Not Modified to a plain request "
                            "(there is no earlier copy it could mean); nothing imported"
                        ) from None
                    return Fetched(url, None, exc.headers.get("ETag") or etag,
                                   exc.headers.get("Last-Modified") or last_modified)
                raise SourceUnreadable(f"{url}: HTTP {exc.code} {exc.reason}") from None
            except SourceUnreadable:
                raise
            except urllib.error.URLError as exc:
                if watchdog.expired:
                    break
                last = exc
                reason = getattr(exc, "reason", exc)
                tls = "SSL" in type(reason).__name__ or "ssl" in str(reason).lower()
                refused = isinstance(reason, ConnectionRefusedError)
                if candidate is not candidates[-1] and (tls or refused):
                    continue
                raise SourceUnreadable(f"{url}: cannot fetch ({reason})") from None
            except (TimeoutError, OSError, http.client.HTTPException) as exc:
                if watchdog.expired:
                    break
                raise SourceUnreadable(f"{url}: cannot fetch ({exc or 'timed out'})") from None
        return Fetched(url, _decode(data, url, charset), new_etag, new_modified)
    if last is None or time.monotonic() >= end:
        raise SourceUnreadable(f"{url}: no complete answer within {deadline:g} s (the time "
                               "limit for a whole download); nothing imported")
    raise SourceUnreadable(f"{url}: cannot fetch ({last})")


def fetch_url(url: str, *, timeout: float = TIMEOUT, deadline: float = DEADLINE) -> str:
    """GET a feed's text."""
    text = conditional_get(url, timeout=timeout, deadline=deadline).text
    if text is None:  # no validators sent: conditional_get refuses a 304 already
        raise SourceUnreadable(f"{url}: the server sent no calendar (304 Not Modified)")
    return text


def load(source: str) -> str:
    if source == "-":
        return read_stream(sys.stdin.buffer)
    if is_url(source):
        return fetch_url(source)
    return read_file(source)
