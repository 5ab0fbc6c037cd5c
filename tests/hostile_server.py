"""A hostile (or broken) CalDAV server on 127.0.0.1, for the tests of storage.caldav's bounds.

``HostileServer(mode)`` answers every request the way ``mode`` says:

  endless      a 207 multistatus that never ends (chunked, as fast as the socket takes it)
  drip         a 207 whose body comes one byte every 0.2 s, forever (each read is quick)
  drip-head    the status line and headers one byte every 0.2 s, forever
  5xx-html     HTTP 503 with an HTML body labelled application/xml
  garbage      HTTP 207 with a body that is not XML, labelled application/xml
  entities     HTTP 207 whose XML declares entities (a "billion laughs" DTD)
  gzip-bomb    HTTP 207, gzip-encoded, that inflates to far more than its size

It stops on ``stop()`` even while a client is still reading (the sockets are closed).
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler

from tests.quiet_http import QuietHTTPServer

MULTISTATUS_HEAD = (b'<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:">')
RESPONSE = (b"<d:response><d:href>/cal/x.ics</d:href><d:propstat><d:prop><d:getetag>\"1\""
            b"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
            b"</d:response>")
LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1
                                                    else b"&lol;") * 10) for i in range(1, 10))
          + b']>\n<d:multistatus xmlns:d="DAV:"><d:response><d:href>&lol9;</d:href>'
          b"</d:response></d:multistatus>")

MODES = ("endless", "drip", "drip-head", "5xx-html", "garbage", "entities", "gzip-bomb")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.requests += 1
        mode = self.server.mode
        try:
            getattr(self, "_" + mode.replace("-", "_"))()
        except OSError:  # the client gave up, or the server is stopping
            pass

    do_PROPFIND = do_REPORT = do_GET = do_PUT = do_DELETE = do_OPTIONS = _answer
    do_MKCALENDAR = do_MKCOL = do_PROPPATCH = _answer

    def _head(self, status: int, *, chunked: bool = False, length: int | None = None,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif length is not None:
            self.send_header("Content-Length", str(length))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _endless(self) -> None:
        self._head(207, chunked=True)
        self._chunk(MULTISTATUS_HEAD)
        block = RESPONSE * 500
        while not self.server.stopping.is_set():
            self._chunk(block)

    def _drip(self) -> None:
        self._head(207, chunked=True)
        data = MULTISTATUS_HEAD + RESPONSE * 100000
        for i in range(len(data)):
            if self.server.stopping.wait(0.2):
                return
            self._chunk(data[i:i + 1])
            self.wfile.flush()

    def _drip_head(self) -> None:
        head = b"HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml\r\n" + \
               b"X-Padding: " + b"a" * 100000
        for i in range(len(head)):
            if self.server.stopping.wait(0.2):
                return
            self.wfile.write(head[i:i + 1])
            self.wfile.flush()

    def _fixed(self, status: int, body: bytes, extra: dict[str, str] | None = None) -> None:
        self._head(status, length=len(body), extra=extra)
        self.wfile.write(body)

    def _5xx_html(self) -> None:
        self._fixed(503, b"<html><body><h1>Service Unavailable</h1><p>Upstream down<br>"
                         b"</body></html>")

    def _garbage(self) -> None:
        self._fixed(207, b"\x00\xffthis is not <xml at all & never was\r\n" * 20)

    def _entities(self) -> None:
        self._fixed(207, LAUGHS)

    def _gzip_bomb(self) -> None:
        body = gzip.compress(MULTISTATUS_HEAD + b" " * (64 * 1024 * 1024), compresslevel=9)
        self._fixed(207, body, {"Content-Encoding": "gzip"})


class _Server(QuietHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.requests = 0
        self.stopping = threading.Event()
        self.connections: list[socket.socket] = []

    def process_request(self, request, client_address) -> None:
        self.connections.append(request)
        super().process_request(request, client_address)


class HostileServer:
    def __init__(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self._server = _Server(mode)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def requests(self) -> int:
        return self._server.requests

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stopping.set()
        for conn in self._server.connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        time.sleep(0)

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
