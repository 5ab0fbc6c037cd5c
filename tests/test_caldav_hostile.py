"""leanmeet sync against a hostile or broken server on 127.0.0.1 (tests/hostile_server.py):
every failure is one line on stderr, exit 2, the database byte-identical, within bounded
time and memory; a slow answer of a real server is retried, not fatal."""

from __future__ import annotations

import resource
import time
import urllib.request
from pathlib import Path

import pytest

from leanmeet.cli.main import main
from leanmeet.storage.caldav import transport
from leanmeet.storage.caldav_sync import Server
from tests import caldav_helpers
from tests.caldav_helpers import cli
from tests.hostile_server import HostileServer
from tests.ics import SHANGHAI, calendar, event
from tests.radicale_server import CountingProxy, serve
from tests.xandikos_server import serve as serve_xandikos

db = caldav_helpers.db  # the fixture: a database with one imported event


def failed_cleanly(capsys, db: str, args: list[str], *needles: str) -> str:
    before = Path(db).read_bytes()
    code, out, err = cli(capsys, "--db", db, *args)
    assert code == 2, (out, err)
    assert len(err.splitlines()) == 1, err
    assert "internal error" not in err and "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    assert "your database is unchanged" in err
    assert Path(db).read_bytes() == before
    return err


def test_an_endless_multistatus_is_cut_at_the_size_cap(db, capsys, monkeypatch):
    monkeypatch.setattr(transport, "MAX_RESPONSE_BYTES", 8 * 1024 * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with HostileServer("endless") as server:
        started = time.monotonic()
        failed_cleanly(capsys, db, ["sync", server.url, "--pull", "--timeout", "30"],
                       "larger than 8 MB; refused")
        assert time.monotonic() - started < 20
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200  # bounded by the cap, not by the server


def test_a_gzip_bomb_counts_inflated(db, capsys, monkeypatch):
    monkeypatch.setattr(transport, "MAX_RESPONSE_BYTES", 8 * 1024 * 1024)
    with HostileServer("gzip-bomb") as server:
        failed_cleanly(capsys, db, ["sync", server.url, "--pull"], "larger than 8 MB")


@pytest.mark.parametrize("mode", ["drip", "drip-head"])
def test_a_dripping_server_is_given_up_at_the_deadline(db, capsys, mode):
    with HostileServer(mode) as server:
        started = time.monotonic()
        failed_cleanly(capsys, db, ["sync", server.url, "--pull", "--timeout", "2"],
                       "did not finish within 2 s")
        assert time.monotonic() - started < 6


def test_a_5xx_with_a_non_xml_body(db, capsys):
    with HostileServer("5xx-html") as server:
        failed_cleanly(capsys, db, ["sync", server.url, "--pull"], "HTTP 503")


def test_a_207_with_garbage(db, capsys):
    with HostileServer("garbage") as server:
        failed_cleanly(capsys, db, ["sync", server.url, "--pull"], "not WebDAV XML")


def test_xml_entities_are_refused(db, capsys):
    with HostileServer("entities") as server:
        failed_cleanly(capsys, db, ["sync", server.url, "--pull"], "declares a DTD")


def test_tls_spoken_to_a_plain_http_server(db, capsys):
    with HostileServer("garbage") as server:
        url = server.url.replace("http://", "https://")
        err = failed_cleanly(capsys, db, ["sync", url, "--pull"],
                             "does not speak TLS on this port", "use an http:// URL")
    assert "--ca-file" not in err


# ------------------------------------------------------------------ a slow real server
@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    yield from serve(tmp_path_factory)


def test_a_slow_write_is_retried_not_fatal(radicale, db, capsys, monkeypatch):
    """The first PUT is answered after the attempt's timeout (Radicale has stored it by
    then): the retry finds the copy already there, equal to ours, and the push goes on."""
    monkeypatch.setattr(transport, "ATTEMPT_SECONDS", 1.0)
    urllib.request.urlopen(urllib.request.Request(radicale.url + "slow-office/",
                                                  method="MKCOL"), timeout=10).close()
    with CountingProxy(radicale.port) as proxy:
        proxy.delay("PUT", seconds=2.5, times=1)
        code, out, err = cli(capsys, "--db", db, "sync", proxy.url + "slow-office/",
                             "--calendar", "office", "--push")
        assert (code, err) == (0, ""), err
        assert "0 conflicts" in out
        assert proxy.methods["PUT"] >= 2  # the slow one was sent again
        code, out, err = cli(capsys, "--db", db, "sync", proxy.url + "slow-office/",
                             "--calendar", "office", "--push")
    assert code == 0 and "0 added, 0 updated, 0 deleted, 1 unchanged" in out



def test_a_busy_moment_does_not_make_the_whole_push_one_at_a_time(radicale):
    """A server busy with another write answers 423 Locked: that write is sent again, the
    next few go one at a time, then several are in flight again."""
    urllib.request.urlopen(urllib.request.Request(radicale.url + "busy/", method="MKCOL"),
                           timeout=10).close()
    urllib.request.urlopen(urllib.request.Request(radicale.url + "busy/office/",
                                                  method="MKCALENDAR"), timeout=10).close()
    texts = [calendar(event(f"busy-{i}", "DTSTART;TZID=Asia/Shanghai:20261201T090000",
                            "DTEND;TZID=Asia/Shanghai:20261201T100000", f"SUMMARY:Topic {i}"),
                      zones=SHANGHAI) for i in range(40)]
    with CountingProxy(radicale.port) as proxy:
        proxy.fail("PUT", after=2, status=423, times=3)
        server = Server(proxy.url + "busy/office/")
        done, failure = server.each(
            lambda i: server.put(f"/busy/office/busy-{i}.ics", texts[i], etag=None),
            range(len(texts)))
        server.close()
        statuses = [status for method, _, status in proxy._server.log if method == "PUT"]
    assert failure is None and sorted(i for i, (written, _) in done) == list(range(40))
    assert statuses.count(423) == 3 and statuses.count(201) == 40
    assert server.workers > 1 and not server.serial  # several in flight again

@pytest.fixture(scope="module")
def xandikos(tmp_path_factory):
    yield from serve_xandikos(tmp_path_factory)


def test_a_calendar_that_takes_no_journals_is_said_plainly(xandikos, db, capsys):
    """Xandikos enforces a calendar's component set: the shared decisions (VJOURNALs) do
    not fit a calendar made for events only; the push says so and what to do."""
    assert main(["--db", db, "arrange", "kept-1", "--ref", "ref-1"]) == 0
    capsys.readouterr()
    calendar = xandikos.url + "events-only/cal/"
    urllib.request.urlopen(urllib.request.Request(xandikos.url + "events-only/",
                                                  method="MKCOL"), timeout=10).close()
    body = (b'<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:'
            b'xml:ns:caldav"><d:set><d:prop><c:supported-calendar-component-set>'
            b'<c:comp name="VEVENT"/></c:supported-calendar-component-set></d:prop></d:set>'
            b"</c:mkcalendar>")
    urllib.request.urlopen(urllib.request.Request(calendar, data=body, method="MKCALENDAR",
                                                  headers={"Content-Type": "application/xml"}),
                           timeout=10).close()
    before = Path(db).read_bytes()
    code, out, err = cli(capsys, "--db", db, "sync", calendar, "--push")
    assert code == 2 and len(err.splitlines()) == 1, err
    assert "does not accept VJOURNAL objects" in err and "--calendar NEW-NAME" in err
    assert Path(db).read_bytes() == before
