"""leanmeet refresh: URL feeds are re-fetched with ETag / If-Modified-Since; what did not
change is neither downloaded nor imported (counted on the server side)."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from leanmeet.cli.main import main
from tests.ics import SHANGHAI, calendar, event


def meeting(uid: str, day: str, summary: str) -> str:
    return event(uid, f"DTSTART;TZID=Asia/Shanghai:202612{day}T090000",
                 f"DTEND;TZID=Asia/Shanghai:202612{day}T100000", f"SUMMARY:{summary}")


FEED = calendar(meeting("r-1", "01", "Budget review"), meeting("r-2", "02", "Flood briefing"),
                zones=SHANGHAI)


class FeedServer:
    """Serves ``files`` on 127.0.0.1 like a calendar host: ETag and Last-Modified (each can
    be switched off), 304 to a matching conditional GET; counts 200s and 304s."""

    def __init__(self, *, etag: bool = True, last_modified: bool = True):
        self.files: dict[str, tuple[bytes, float]] = {}
        self.hits: Counter[int] = Counter()
        self.etag, self.last_modified = etag, last_modified
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path not in owner.files:
                    self._answer(404, b"not here")
                    return
                body, mtime = owner.files[self.path]
                tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                stamp = formatdate(mtime, usegmt=True)
                unchanged = (
                    (owner.etag and self.headers.get("If-None-Match") == tag)
                    or (not self.headers.get("If-None-Match") and owner.last_modified
                        and self.headers.get("If-Modified-Since") == stamp))
                headers = {}
                if owner.etag:
                    headers["ETag"] = tag
                if owner.last_modified:
                    headers["Last-Modified"] = stamp
                if unchanged:
                    self._answer(304, b"", headers)
                else:
                    self._answer(200, body, {**headers,
                                             "Content-Type": "text/calendar; charset=utf-8"})

            def _answer(self, status, body, headers=None):
                owner.hits[status] += 1
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def publish(self, path: str, text: str, mtime: float) -> None:
        self.files[path] = (text.encode("utf-8"), mtime)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("validators", [dict(etag=True, last_modified=True),
                                        dict(etag=False, last_modified=True),
                                        dict(etag=True, last_modified=False)],
                         ids=["etag+last-modified", "last-modified", "etag"])
def test_refresh_downloads_only_what_changed(capsys, db_file, validators):
    with FeedServer(**validators) as server:
        server.publish("/leaders.ics", FEED, 1_790_000_000)
        url = server.url + "/leaders.ics"
        code, out, _ = cli(capsys, "import", url)
        assert code == 0 and "leaders: 2 added" in out
        server.hits.clear()

        # the first refresh has no validators yet: one download, nothing new to import
        code, out, _ = cli(capsys, "refresh")
        assert code == 0
        assert "leaders: 0 added, 0 updated, 2 unchanged" in out
        assert server.hits == {200: 1}

        # nothing changed: 304, no body, the database is not even rewritten
        before = db_file.read_bytes()
        code, out, _ = cli(capsys, "refresh")
        assert (code, out) == (0, "leaders: unchanged (0 downloaded, 1 not modified)\n")
        assert server.hits == {200: 1, 304: 1}
        assert db_file.read_bytes() == before

        # the feed changes: the change is imported
        changed = calendar(meeting("r-1", "01", "Budget review (room 3)"),
                           meeting("r-3", "03", "Tourism planning"), zones=SHANGHAI)
        server.publish("/leaders.ics", changed, 1_790_000_600)
        code, out, _ = cli(capsys, "refresh")
        assert code == 0
        assert "leaders: 1 added, 1 updated, 0 unchanged, 1 removed" in out
        assert server.hits == {200: 2, 304: 1}
    code, out, _ = cli(capsys, "list", "--from", "2026-12-01", "--to", "2026-12-03")
    assert "Budget review (room 3)" in out and "Tourism planning" in out
    assert "Flood briefing" not in out


def test_server_without_validators_same_text_is_not_imported(capsys, db_file):
    with FeedServer(etag=False, last_modified=False) as server:
        server.publish("/dept.ics", FEED, 1_790_000_000)
        assert cli(capsys, "import", server.url + "/dept.ics")[0] == 0
        assert cli(capsys, "refresh")[0] == 0
        before = db_file.read_bytes()
        code, out, _ = cli(capsys, "refresh")
        assert (code, out) == (0, "dept: unchanged (1 downloaded, 0 not modified)\n")
        assert db_file.read_bytes() == before


def test_webcal_url_falls_back_to_http(capsys):
    with FeedServer() as server:
        server.publish("/cal.ics", FEED, 1_790_000_000)
        webcal = server.url.replace("http://", "webcal://") + "/cal.ics"
        assert cli(capsys, "import", webcal)[0] == 0
        assert cli(capsys, "refresh")[0] == 0
        code, out, _ = cli(capsys, "refresh")
        assert code == 0 and "1 not modified" in out


def test_unreachable_feed_is_reported_and_kept(capsys, db_file):
    with FeedServer() as server:
        server.publish("/gone.ics", FEED, 1_790_000_000)
        assert cli(capsys, "import", server.url + "/gone.ics")[0] == 0
        del server.files["/gone.ics"]
        before = db_file.read_bytes()
        code, out, err = cli(capsys, "refresh")
        assert code == 2 and "HTTP 404" in err and len(err.splitlines()) == 1
        assert db_file.read_bytes() == before
    code, out, _ = cli(capsys, "list", "--from", "2026-12-01", "--to", "2026-12-02")
    assert "Budget review" in out and "Flood briefing" in out


def test_refresh_without_url_feeds_and_unknown_names(capsys, tmp_path: Path):
    path = tmp_path / "local.ics"
    path.write_text(FEED, encoding="utf-8")
    assert cli(capsys, "import", str(path))[0] == 0
    code, out, _ = cli(capsys, "refresh")
    assert code == 0 and "no URL feeds to refresh" in out
    code, _, err = cli(capsys, "refresh", "nope")
    assert code == 2 and "no URL feed named 'nope'" in err
