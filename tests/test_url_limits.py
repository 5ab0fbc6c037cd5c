"""URL import is bounded (issue 16, point 4): a total deadline (not only a per-read timeout),
a size cap checked against Content-Length, a body shorter than its Content-Length refused,
redirects only to http(s), a 304 to a plain GET answered with a clear message. Against real
HTTP servers on 127.0.0.1 (raw sockets where http.server would be too polite)."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from leanmeet.storage import sources
from leanmeet.storage.sources import SourceUnreadable, conditional_get, fetch_url
from tests.import_helpers import cli

ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
       b"DTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nSUMMARY:web\r\nEND:VEVENT\r\n"
       b"END:VCALENDAR\r\n")


class RawServer:
    """Accepts connections on 127.0.0.1 and answers each with ``behave(conn)``."""

    def __init__(self, behave) -> None:
        self.behave = behave
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/feed.ics"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn) -> None:
        try:
            conn.recv(65536)
            self.behave(conn, self)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def server():
    made = []

    def make(behave) -> RawServer:
        made.append(RawServer(behave))
        return made[-1]

    yield make
    for s in made:
        s.close()


def drip(data: bytes, every: float):
    def behave(conn, srv):
        for byte in data:
            if srv.stop.is_set():
                return
            conn.sendall(bytes([byte]))
            time.sleep(every)
    return behave


def test_body_dripping_a_byte_at_a_time_hits_the_total_deadline(server):
    body = ICS * 50
    srv = server(drip(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body,
                      0.05))
    began = time.monotonic()
    with pytest.raises(SourceUnreadable, match="no complete answer within 1.5 s"):
        conditional_get(srv.url, timeout=1, deadline=1.5)
    assert time.monotonic() - began < 5  # each read came within the per-read timeout


def test_headers_sent_slowly_hit_the_total_deadline(server):
    srv = server(drip(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 500 + b"\r\n\r\n", 0.05))
    with pytest.raises(SourceUnreadable, match="time limit"):
        conditional_get(srv.url, timeout=1, deadline=1.5)


def test_short_body_under_a_large_content_length_is_not_imported(server, capsys):
    def behave(conn, srv):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (len(ICS) + 5000)
                     + ICS)
    srv = server(behave)
    code, out, err = cli(capsys, "import", srv.url)
    assert code == 2 and "incomplete download" in err and f"{len(ICS):,} of" in err
    assert "internal error" not in err


def test_5_gb_content_length_is_refused_before_download(server):
    def behave(conn, srv):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000000000\r\n\r\n" + ICS)
    srv = server(behave)
    with pytest.raises(SourceUnreadable, match="announces 5,000,000,000 bytes"):
        fetch_url(srv.url)


def test_body_over_the_size_cap_is_refused(server, monkeypatch):
    monkeypatch.setattr(sources, "MAX_BYTES", 10_000)

    def behave(conn, srv):  # no Content-Length: the cap is checked while reading
        conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + ICS * 100)
    srv = server(behave)
    with pytest.raises(SourceUnreadable, match="larger than"):
        fetch_url(srv.url)


def test_redirect_to_ftp_is_not_followed(server, capsys):
    def behave(conn, srv):
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1/feed.ics\r\n"
                     b"Content-Length: 0\r\n\r\n")
    srv = server(behave)
    code, out, err = cli(capsys, "import", srv.url)
    assert code == 2 and "only http:// and https:// redirects are followed" in err


def test_redirect_to_http_is_followed(server, capsys):
    target = server(lambda conn, srv: conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(ICS) + ICS))
    srv = server(lambda conn, srv: conn.sendall(
        b"HTTP/1.1 301 Moved\r\nLocation: " + target.url.encode() + b"\r\n"
        b"Content-Length: 0\r\n\r\n"))
    code, out, err = cli(capsys, "import", srv.url)
    assert code == 0 and "1 added" in out, err


def test_304_to_a_plain_get_is_a_clear_message(server, capsys):
    srv = server(lambda conn, srv: conn.sendall(
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\n\r\n"))
    code, out, err = cli(capsys, "import", srv.url)
    assert code == 2 and "304 Not Modified" in err and "internal error" not in err
    assert len(err.strip().splitlines()) == 1
