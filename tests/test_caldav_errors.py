"""leanmeet sync when the server cannot be used: one line on stderr, exit 2, the database
byte-identical; passwords only from the environment or a terminal prompt, never stored or
printed; TLS verified."""

from __future__ import annotations

import os
import pty
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests import caldav_helpers
from tests.caldav_helpers import cli
from tests.conftest import ROOT
from tests.quiet_http import QuietHTTPServer
from tests.radicale_server import AUTH_PASSWORD, CountingProxy, RadicaleServer, free_port, serve

db = caldav_helpers.db  # the fixture: a database with one imported event


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    yield from serve(tmp_path_factory)


@pytest.fixture(scope="module")
def radicale_auth(tmp_path_factory):
    yield from serve(tmp_path_factory, auth=True)


def assert_failed_cleanly(capsys, db: str, args: list[str], *needles: str) -> str:
    before = Path(db).read_bytes()
    code, out, err = cli(capsys, "--db", db, *args)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err
    assert Path(db).read_bytes() == before
    return err


def test_connection_refused(db, capsys):
    url = f"http://127.0.0.1:{free_port()}/"
    assert_failed_cleanly(capsys, db, ["sync", url, "--calendar", "office"],
                          "cannot connect", "connection refused", "your database is unchanged")


def test_timeout(db, capsys):
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        started = time.monotonic()
        assert_failed_cleanly(capsys, db, ["sync", f"http://127.0.0.1:{port}/", "--timeout",
                                           "0.5", "--pull"],
                              "did not finish within 0.5 s", "bounds the whole sync")
        assert time.monotonic() - started < 20


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors(radicale, db, capsys, status):
    with CountingProxy(radicale.port) as proxy:
        proxy.fail("*", status=status)
        err = assert_failed_cleanly(capsys, db, ["sync", proxy.url, "--pull"])
    assert f"HTTP {status}" in err


def test_wrong_password_is_refused_and_never_shown(radicale_auth, db, capsys, monkeypatch):
    monkeypatch.setenv("OFFICE_PW", "wrong-Pa55-91")
    err = assert_failed_cleanly(capsys, db, ["sync", radicale_auth.url, "--user", "office",
                                             "--password-env", "OFFICE_PW", "--pull"],
                                "refused the login of 'office' (HTTP 401)")
    assert "wrong-Pa55-91" not in err


def test_login_needed(radicale_auth, db, capsys):
    assert_failed_cleanly(capsys, db, ["sync", radicale_auth.url + "office/", "--pull"],
                          "asks for a login (HTTP 401)", "--user NAME")


def test_forbidden(radicale_auth, db, capsys, monkeypatch):
    monkeypatch.setenv("VISITOR_PW", "visitor-pw-1")
    assert_failed_cleanly(capsys, db, ["sync", radicale_auth.url + "office/", "--user",
                                       "visitor", "--password-env", "VISITOR_PW", "--pull"],
                          "access forbidden to 'visitor' (HTTP 403)")


def test_password_is_used_but_never_stored_or_printed(radicale_auth, db, tmp_path, capsys,
                                                      monkeypatch):
    monkeypatch.setenv("OFFICE_PW", AUTH_PASSWORD)
    args = ["--db", db, "sync", radicale_auth.url, "--user", "office", "--password-env",
            "OFFICE_PW", "--calendar", "office"]
    code, out, err = cli(capsys, *args)
    assert (code, err) == (0, ""), err
    assert "1 added" in out
    code, out2, err2 = cli(capsys, *args)
    assert code == 0
    everything = out + err + out2 + err2
    for path in tmp_path.rglob("*"):
        if path.is_file():
            everything += path.read_bytes().decode("utf-8", "replace")
    assert AUTH_PASSWORD not in everything
    files = [Path(db), *Path(db + ".d").iterdir()]  # the root and its segments (storage.db)
    assert any("office" in p.read_text(encoding="utf-8") for p in files)  # the sync state


def test_user_alone_works_on_a_server_that_asks_no_password(radicale, db, capsys):
    url = radicale.url + "open-office/"
    urllib.request.urlopen(urllib.request.Request(url, method="MKCOL"), timeout=10).close()
    code, out, err = cli(capsys, "--db", db, "sync", url, "--user", "office", "--calendar",
                         "office")
    assert (code, err) == (0, ""), err
    assert "1 added" in out


def test_user_alone_on_a_server_that_wants_a_password(radicale_auth, db, capsys):
    # pytest's stdin is no terminal: no prompt, one line saying what to give
    assert_failed_cleanly(capsys, db, ["sync", radicale_auth.url, "--user", "office",
                                       "--pull"],
                          "asks for the password of 'office' (HTTP 401)", "--password-env VAR")


def test_password_needs_an_env_var(db, capsys, monkeypatch):
    monkeypatch.delenv("NOPE_PW", raising=False)
    url = f"http://127.0.0.1:{free_port()}/"
    assert_failed_cleanly(capsys, db, ["sync", url, "--user", "office", "--password-env",
                                       "NOPE_PW"], "NOPE_PW is not set")
    assert_failed_cleanly(capsys, db, ["sync", url, "--password-env", "NOPE_PW"],
                          "--password-env needs --user")


def test_password_in_the_url_is_refused_without_showing_it(db, capsys):
    url = f"http://office:Hunter2-in-url@127.0.0.1:{free_port()}/"
    err = assert_failed_cleanly(capsys, db, ["sync", url, "--pull"],
                                "do not put a password in the URL")
    assert "Hunter2-in-url" not in err


def test_password_prompt_on_a_terminal(radicale_auth, tmp_path):
    """With no --password-env, the password is asked for on the terminal (not echoed)."""
    import fcntl
    import termios

    db = tmp_path / "db.json"
    main_fd, sub_fd = pty.openpty()

    def controlling_terminal():  # the pty becomes the child's /dev/tty, as in a real shell
        os.setsid()
        fcntl.ioctl(sub_fd, termios.TIOCSCTTY, 0)

    env = {**os.environ, "LEANMEET_DB": str(db)}
    child = subprocess.Popen(
        [sys.executable, "-m", "leanmeet.cli", "sync", radicale_auth.url, "--user", "office",
         "--calendar", "office", "--pull"],
        stdin=sub_fd, stdout=sub_fd, stderr=sub_fd, cwd=str(ROOT), env=env,
        preexec_fn=controlling_terminal, close_fds=True)
    os.close(sub_fd)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"Password for office" not in seen and time.monotonic() < deadline:
            seen += os.read(main_fd, 1024)
        assert b"Password for office" in seen
        os.write(main_fd, AUTH_PASSWORD.encode() + b"\n")
        while child.poll() is None and time.monotonic() < deadline:
            try:
                chunk = os.read(main_fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        assert child.wait(timeout=60) == 0, seen.decode("utf-8", "replace")
    finally:
        if child.poll() is None:
            child.kill()
        os.close(main_fd)
    assert AUTH_PASSWORD.encode() not in seen  # not echoed
    assert b"caldav:office" in seen


def test_stopped_server_gives_a_clear_error_and_nothing_is_lost(tmp_path, db, capsys,
                                                                monkeypatch):
    monkeypatch.setenv("OFFICE_PW", "any-pw-4")  # --auth-type none takes any password
    args = ["sync", "--user", "office", "--password-env", "OFFICE_PW", "--calendar", "office"]
    with RadicaleServer(tmp_path / "srv") as server:
        url = server.url
        code, out, err = cli(capsys, "--db", db, *args, url)
        assert code == 0, err
        assert "1 added" in out
    # the server is down now
    assert_failed_cleanly(capsys, db, [*args, url], "cannot connect", "is the server running?")
    code, out, _ = cli(capsys, "--db", db, "list", "--from", "2026-12-01", "--to", "2026-12-01")
    assert code == 0 and "Budget review" in out


# ------------------------------------------------------------------ TLS
@pytest.fixture
def tls_server(tmp_path):
    """An HTTPS server on loopback with a self-signed certificate (made by openssl)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_PROPFIND(self):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    httpd = QuietHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}/", cert
    httpd.shutdown()
    httpd.server_close()


def test_tls_certificates_are_verified(tls_server, db, capsys):
    url, cert = tls_server
    assert_failed_cleanly(capsys, db, ["sync", url, "--pull"],
                          "TLS certificate could not be verified", "--ca-file")
    # with the office's CA the connection is made (this toy server then answers 404)
    assert_failed_cleanly(capsys, db, ["sync", url, "--pull", "--ca-file", str(cert)],
                          "not found (HTTP 404)")
