"""A real Radicale CalDAV server for tests and benchmarks, and a counting HTTP proxy.

``RadicaleServer`` runs ``python -m radicale`` as a subprocess on 127.0.0.1 with its storage in
a temporary folder (``--auth-type none``, or htpasswd with plain passwords for the
authentication tests), waits (bounded) until the port answers, and stops it on ``stop()``.

``CountingProxy`` is a tiny reverse proxy on 127.0.0.1 that forwards every request to a
server and counts what really went over the wire: requests by method, and the calendar object
bodies (``BEGIN:VCALENDAR``) in the responses. Tests use it to prove that a pull with nothing
changed downloads no event body.

``serve`` is the body of the module-scoped fixtures of the test modules that need a server.
"""

from __future__ import annotations

import http.client
import http.server
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from tests.quiet_http import QuietHTTPServer

STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = STARTUP_SECONDS, process=None) -> None:
    """Poll until 127.0.0.1:port accepts a connection (bounded by ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} "
                               "before it listened")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after "
                                   f"{timeout:g} s") from None
            time.sleep(0.02)


def launch(name: str, args: list[str], port: int, *, stderr=subprocess.DEVNULL
           ) -> subprocess.Popen:
    """Start a server process and wait until it listens on ``port`` (stopped, and a
    RuntimeError naming the server, when it does not)."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        wait_for_port(port, process=process)
    except RuntimeError as exc:
        end(process)
        raise RuntimeError(f"{name} did not start: {exc}") from None
    return process


def end(process: subprocess.Popen | None) -> None:
    """Stop a server process started by ``launch`` (terminate, then kill) and close its pipe."""
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    if process.stderr:
        process.stderr.close()


class RadicaleServer:
    """``python -m radicale`` on a free loopback port, storage in ``folder``.

    users: None for ``--auth-type none``; a {name: password} dict for htpasswd (plain).
    """

    def __init__(self, folder: Path | None = None, users: dict[str, str] | None = None):
        self._own_folder = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix="leanmeet-radicale-"))
        self.users = users
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> RadicaleServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        args = [
            sys.executable, "-m", "radicale",
            "--server-hosts", f"127.0.0.1:{self.port}",
            "--storage-filesystem-folder", str(self.folder / "collections"),
            "--logging-level", "error",
            "--web-type", "none",
        ]
        if self.users is None:
            args += ["--auth-type", "none", "--rights-type", "authenticated"]
        else:
            htpasswd = self.folder / "htpasswd"
            htpasswd.write_text("".join(f"{u}:{p}\n" for u, p in self.users.items()),
                                encoding="utf-8")
            args += ["--auth-type", "htpasswd", "--auth-htpasswd-filename", str(htpasswd),
                     "--auth-htpasswd-encryption", "plain", "--auth-delay", "0"]
        self.process = launch("Radicale", args, self.port, stderr=subprocess.PIPE)
        return self

    def stop(self) -> None:
        end(self.process)
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> RadicaleServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.cleanup()


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ProxyServer

    def log_message(self, format, *args) -> None:  # quiet
        pass

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        status = self.server.injected(self.command)
        delay = self.server.delayed(self.command)
        if status:
            self.server.record(self.command, self.path, status, b"")
            payload = b"injected failure"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "connection", "keep-alive", "accept-encoding")}
        conn = http.client.HTTPConnection("127.0.0.1", self.server.target_port, timeout=120)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        self.server.record(self.command, self.path, response.status, data)
        if delay:  # answered late (the server has done the work already)
            time.sleep(delay)
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_MKCALENDAR = _forward
    do_OPTIONS = do_POST = do_PROPPATCH = do_MKCOL = do_HEAD = _forward


class _ProxyServer(QuietHTTPServer):
    daemon_threads = True

    def __init__(self, target_port: int):
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.target_port = target_port
        self.lock = threading.Lock()
        self.methods: Counter[str] = Counter()
        self.bodies = 0  # calendar objects (BEGIN:VCALENDAR) in responses
        self.log: list[tuple[str, str, int]] = []
        self.fail: tuple[str, int, int] | None = None  # (method, after n requests, status)
        self._seen_for_fail = 0
        self.fail_times: int | None = None  # failures left (None: until healed)
        self.delays: dict[str, tuple[float, int]] = {}  # method -> (seconds, times left)

    def delayed(self, method: str) -> float:
        """Seconds to wait before answering this request (a slow server), or 0."""
        with self.lock:
            seconds, left = self.delays.get(method, (0.0, 0))
            if left <= 0:
                return 0.0
            self.delays[method] = (seconds, left - 1)
            return seconds

    def injected(self, method: str) -> int:
        """The status to answer instead of forwarding (a failure the test asked for), or 0."""
        with self.lock:
            if self.fail is None or self.fail[0] not in (method, "*"):
                return 0
            self._seen_for_fail += 1
            if self._seen_for_fail <= self.fail[1] or self.fail_times == 0:
                return 0
            if self.fail_times is not None:
                self.fail_times -= 1
            return self.fail[2]

    def record(self, method: str, path: str, status: int, data: bytes) -> None:
        with self.lock:
            self.methods[method] += 1
            self.bodies += data.count(b"BEGIN:VCALENDAR")
            self.log.append((method, path, status))


class CountingProxy:
    """Forwards 127.0.0.1:<port> to 127.0.0.1:<target_port>, counting the traffic."""

    def __init__(self, target_port: int):
        self._server = _ProxyServer(target_port)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def methods(self) -> Counter[str]:
        return self._server.methods

    @property
    def bodies(self) -> int:
        return self._server.bodies

    @property
    def requests(self) -> int:
        return sum(self._server.methods.values())

    def fail(self, method: str, *, after: int = 0, status: int = 500,
             times: int | None = None) -> None:
        """Answer ``status`` to every ``method`` request ("*": any) after the first ``after``
        (``times``: only to that many of them)."""
        with self._server.lock:
            self._server.fail = (method, after, status)
            self._server._seen_for_fail = 0
            self._server.fail_times = times

    def delay(self, method: str, *, seconds: float, times: int = 1) -> None:
        """Answer the next ``times`` ``method`` requests ``seconds`` late."""
        with self._server.lock:
            self._server.delays[method] = (seconds, times)

    def heal(self) -> None:
        with self._server.lock:
            self._server.fail = None

    def reset(self) -> None:
        with self._server.lock:
            self._server.methods.clear()
            self._server.bodies = 0
            self._server.log.clear()

    def start(self) -> CountingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> CountingProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- for module-scoped pytest fixtures -------------------------------------------------------

AUTH_PASSWORD = "s3cret-Pa55-7f4c"


def serve(tmp_path_factory, *, auth: bool = False):
    """A generator for a module-scoped fixture: one Radicale per test module (tests use
    collections of their own). ``auth``: htpasswd with the users ``office`` (password
    AUTH_PASSWORD) and ``visitor``; otherwise no authentication."""
    users = {"office": AUTH_PASSWORD, "visitor": "visitor-pw-1"} if auth else None
    server = RadicaleServer(tmp_path_factory.mktemp("radicale"), users=users).start()
    try:
        yield server
    finally:
        server.cleanup()
