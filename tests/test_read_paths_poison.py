"""No poison (issue 16, point 3): a value import accepted never makes a later read fail.

The database is poisoned the way 0.1 was: ../shared/found/attack_poison_rid.ics (a
RECURRENCE-ID at 9999-12-31T23:59:59Z, which has no office time) imported through the real
command line, next to an ordinary feed. Then every read path runs as a user runs it
(subprocess), with ordinary windows and the extreme ones: a result or a clear message, exit
0/1/2, never an internal error. The TUI opens on it and moves through its views."""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest

from tests.conftest import SAMPLES, copy_template, run_cli
from tests.import_helpers import found
from tests.radicale_server import serve

WIDE = ["--from", "0001-01-01", "--to", "9999-12-31"]
READS = [
    ["list"],
    ["list", "--json", "--from", "2026-12-01", "--to", "2026-12-01"],
    ["list", "--from", "0001-01-01"],
    ["list", "--to", "9999-12-31"],
    ["list", *WIDE],
    ["list", "--from", "9999-01-01", "--to", "9999-12-31"],
    ["list", "--from", "9999-12-31"],
    ["check"],
    ["check", *WIDE],
    ["check", "--from", "9999-12-01", "--to", "9999-12-31", "--json"],
    ["suggest", *WIDE],
    ["suggest", "--from", "0001-01-01"],
    ["decisions"],
    ["export", "{tmp}/plan.ics", *WIDE],
    ["export", "{tmp}/plan.html", "--format", "html", "--from", "9999-12-01", "--to",
     "9999-12-31"],
    ["export", "{tmp}/plan.md", "--format", "md", "--from", "0001-01-01"],
    ["export", "{tmp}/plan.csv", "--format", "csv", *WIDE],
    ["export", "{tmp}/itip.ics", "--format", "itip", *WIDE],
]


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("poisoned")
    db = folder / "leanmeet.json"
    env = {"LEANMEET_DB": str(db), "TZ": "Asia/Shanghai", "LEANMEET_TODAY": "2026-11-29"}
    done = run_cli("import", str(found("attack_poison_rid.ics")), env=env)
    assert done.returncode in (0, 1), done.stderr
    done = run_cli("import", str(SAMPLES / "government-office.ics"), env=env)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def db(poisoned, tmp_path):
    path = tmp_path / "leanmeet.json"
    copy_template(poisoned, path)
    return path


def read(db, tmp_path, *args: str):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = run_cli("--db", str(db), *args, timeout=120)
    err = done.stderr.decode("utf-8", "replace")
    assert "internal error" not in err and "Traceback" not in err, (args, err[-1500:])
    assert done.returncode in (0, 1, 2), (args, done.returncode, err[-1500:])
    return done.returncode, done.stdout.decode("utf-8", "replace"), err


@pytest.mark.parametrize("args", READS, ids=[" ".join(a) for a in READS])
def test_every_read_survives_the_poisoned_database(db, tmp_path, args):
    code, out, err = read(db, tmp_path, *args)
    assert code in (0, 1), err
    assert out.strip() or err.strip()  # a result or a message, never silence


def test_the_poisoned_event_is_still_shown_at_its_time(db, tmp_path):
    _, out, _ = read(db, tmp_path, "list", "--json", "--from", "2026-12-01", "--to",
                     "2026-12-01")
    (poison,) = [e for e in json.loads(out)["events"] if e["uid"] == "poison"]
    assert poison["start"] == "2026-12-01T17:00:00+08:00"


def test_the_whole_range_lists_the_ordinary_events_too(db, tmp_path):
    _, out, _ = read(db, tmp_path, "list", "--json", *WIDE)
    uids = {e["uid"] for e in json.loads(out)["events"]}
    assert "poison" in uids and len(uids) > 5


def test_wide_window_export_round_trips(db, tmp_path):
    read(db, tmp_path, "export", "{tmp}/plan.ics", *WIDE)
    fresh = tmp_path / "fresh.json"
    code, _, err = read(fresh, tmp_path, "import", str(tmp_path / "plan.ics"))
    assert code in (0, 1)


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    yield from serve(tmp_path_factory)


def test_sync_pushes_the_poisoned_plan(db, tmp_path, radicale):
    home = f"{radicale.url}p{uuid.uuid4().hex[:8]}/"
    urllib.request.urlopen(urllib.request.Request(home, method="MKCOL"), timeout=10).close()
    code, out, err = read(db, tmp_path, "sync", home, "--calendar", "office")
    assert code == 0, err
    code, out, err = read(db, tmp_path, "sync", home, "--calendar", "office")
    assert code == 0, err


async def test_tui_opens_and_moves_through_its_views_on_the_poisoned_database(db, tmp_path):
    from leanmeet.tui.app import LeanmeetApp

    rules = tmp_path / "rules.toml"
    rules.write_text('timezone = "Asia/Shanghai"\n', encoding="utf-8")
    app = LeanmeetApp(db_path=db, rules_path=rules, view="month")
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("m", "n", "w", "d", "a", "p", "t", "f", "escape", "s", "escape", "a"):
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            error = str(app.query_one("#error-message").render())
            assert "error" not in error.lower(), (key, error)
        assert app.is_running
        assert not [w for w in app.workers if w.error is not None]
