"""Real `leanmeet import` processes: concurrent imports lose nothing; kill -9 mid-import
leaves the previous state readable, across the root and every segment file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from benchmarks.synthetic import generate
from leanmeet.storage.repository import Repository
from tests.conftest import ROOT


def spawn(db, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "leanmeet.cli", "--db", str(db), *args],
                            cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored_uids(db) -> dict[str, set[str]]:
    repo = Repository(db)
    with repo.db.read() as handle:
        out: dict[str, set[str]] = {}
        for doc in handle.table("events").all():
            out.setdefault(doc["feed"], set()).add(doc["uid"])
    return out


def test_two_processes_importing_at_once_lose_nothing(tmp_path):
    db = tmp_path / "db.json"
    for name in ("alpha", "beta", "gamma"):
        (tmp_path / f"{name}.ics").write_text(generate(800, prefix=name), encoding="utf-8")
    procs = [spawn(db, "import", str(tmp_path / f"{n}.ics")) for n in ("alpha", "beta", "gamma")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    feeds = stored_uids(db)
    assert {name: len(uids) for name, uids in feeds.items()} == {
        "alpha": 800, "beta": 800, "gamma": 800}


def test_kill_9_in_the_middle_of_an_import_keeps_the_previous_state(tmp_path):
    db = tmp_path / "db.json"
    small = tmp_path / "office.ics"
    small.write_text(generate(50, prefix="before"), encoding="utf-8")
    assert spawn(db, "import", str(small)).wait(timeout=60) == 0
    before = stored_uids(db)
    big = tmp_path / "office-big.ics"
    big.write_text(generate(4000, prefix="after"), encoding="utf-8")
    rng = random.Random(5)
    outcomes = set()
    for _ in range(4):
        proc = spawn(db, "import", str(big), "--feed", "office")
        # kill while it parses, or while it writes (a temporary file appears)
        deadline = time.monotonic() + rng.uniform(0.3, 3.0)
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.name.endswith(".tmp") for p in tmp_path.rglob("*")):  # root or segments
                break
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        state = stored_uids(db)  # loads: never corrupt
        assert state in (before, {"office": {f"after-{i}@office.example.gov"
                                              for i in range(4000)}})
        outcomes.add(state == before)
        if state != before:  # the import had finished: restore the old state for the next try
            assert spawn(db, "import", str(small), "--feed", "office").wait(timeout=60) == 0
    assert True in outcomes  # at least one kill landed before the commit
    # the parse workers of the killed imports (storage.parallel) died with them
    deadline = time.monotonic() + 10
    while leftovers(db) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert leftovers(db) == []


def leftovers(db) -> list[int]:
    """Processes still running with this database on their command line (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if str(db).encode() in handle.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


def decisions_of(db) -> set[str]:
    return {d.text for d in Repository(db).decisions()}


def test_a_decision_and_an_import_at_once_lose_nothing(tmp_path):
    """Two processes, two concerns (events and decisions in different files): one lock."""
    db = tmp_path / "db.json"
    (tmp_path / "alpha.ics").write_text(generate(300, prefix="alpha"), encoding="utf-8")
    assert spawn(db, "import", str(tmp_path / "alpha.ics")).wait(timeout=60) == 0
    (tmp_path / "beta.ics").write_text(generate(1500, prefix="beta"), encoding="utf-8")
    importing = spawn(db, "import", str(tmp_path / "beta.ics"))
    deciding = [spawn(db, "arrange", f"alpha-{i}@office.example.gov", "--ref", f"R-{i}")
                for i in range(0, 12, 3)]
    for proc in [importing, *deciding]:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    assert {n: len(u) for n, u in stored_uids(db).items()} == {"alpha": 300, "beta": 1500}
    assert decisions_of(db) == {f"R-{i}" for i in range(0, 12, 3)}


def test_kill_9_at_random_moments_of_decisions_and_imports_leaves_old_or_new(tmp_path):
    db = tmp_path / "db.json"
    small = tmp_path / "office.ics"
    small.write_text(generate(200, prefix="k"), encoding="utf-8")
    assert spawn(db, "import", str(small), "--feed", "office").wait(timeout=60) == 0
    rng = random.Random(13)
    changed = tmp_path / "office-changed.ics"
    changed.write_text(generate(200, prefix="k").replace("Agenda item", "Item"),
                       encoding="utf-8")
    for attempt in range(6):
        before = (stored_uids(db), decisions_of(db), len(Repository(db).feeds()))
        if attempt % 2:
            proc = spawn(db, "import", str(changed if attempt % 4 == 1 else small),
                         "--feed", "office")
        else:
            proc = spawn(db, "arrange", f"k-{attempt}@office.example.gov", "--ref",
                         f"R-{attempt}")
        time.sleep(rng.uniform(0.2, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        after = (stored_uids(db), decisions_of(db), len(Repository(db).feeds()))
        assert after[0] == before[0]  # the same UIDs (the texts may be old or new)
        assert after[1] in (before[1], before[1] | {f"R-{attempt}"})
        repo = Repository(db)  # every file the root names is there and whole
        events = repo._tables()["events"]
        assert len(events) == 200
        assert {e["sum"] for e in events if e["uid"] == "k-3@office.example.gov"}
