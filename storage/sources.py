"""Where feeds come from: files, folders, standard input, http(s):// and webcal:// URLs."""

from __future__ import annotations

import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from leanmeet.storage.text import NotTextError, decode_feed

MAX_BYTES = 200 * 1024 * 1024
TIMEOUT = 30


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


def conditional_get(url: str, *, etag: str | None = None, last_modified: str | None = None,
                    timeout: float = TIMEOUT) -> Fetched:
    """GET ``url`` unless it is unchanged since the validators (ETag / Last-Modified);
    raises SourceUnreadable. webcal:// is tried as https://, then as http:// when the server
    does not speak TLS (many webcal servers don't)."""
    candidates = _candidates(url)
    last: Exception | None = None
    for candidate in candidates:
        headers = {"User-Agent": "leanmeet/0.1", "Accept": "text/calendar, */*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(candidate, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data = response.read(MAX_BYTES + 1)
                charset = response.headers.get_content_charset()
                new_etag = response.headers.get("ETag")
                new_modified = response.headers.get("Last-Modified")
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Fetched(url, None, exc.headers.get("ETag") or etag,
                               exc.headers.get("Last-Modified") or last_modified)
            raise SourceUnreadable(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            last = exc
            reason = getattr(exc, "reason", exc)
            tls = "SSL" in type(reason).__name__ or "ssl" in str(reason).lower()
            refused = isinstance(reason, ConnectionRefusedError)
            if candidate is not candidates[-1] and (tls or refused):
                continue
            raise SourceUnreadable(f"{url}: cannot fetch ({reason})") from None
        except (TimeoutError, OSError) as exc:
            raise SourceUnreadable(f"{url}: cannot fetch ({exc or 'timed out'})") from None
        if len(data) > MAX_BYTES:
            raise SourceUnreadable(f"{url}: larger than {MAX_BYTES // 2**20} MB")
        return Fetched(url, _decode(data, url, charset), new_etag, new_modified)
    raise SourceUnreadable(f"{url}: cannot fetch ({last})")


def fetch_url(url: str, *, timeout: float = TIMEOUT) -> str:
    """GET a feed's text."""
    text = conditional_get(url, timeout=timeout).text
    assert text is not None  # no validators sent: never 304
    return text


def load(source: str) -> str:
    if source == "-":
        return read_stream(sys.stdin.buffer)
    if is_url(source):
        return fetch_url(source)
    return read_file(source)
