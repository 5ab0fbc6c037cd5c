"""Schema migration: a database written by leanmeet 0.1 (commit 3d9a344: one JSON file,
schema 1) with decisions and an accepted merge is read as it is, and its first write moves it
to the segmented layout (schema 2) with everything found again.

tests/data/leanmeet-0.1.json was made by the 0.1 command line itself::

    leanmeet import office.ics --feed office --arranged      (2 meetings, a weekly series with
    leanmeet people import roster.csv                          a moved occurrence, one more)
    leanmeet arrange tourism --ref 市政办〔2026〕12号
    leanmeet exempt weekly-sync --occurrence 2026-11-30T14:00:00+08:00 --rule single-keynote
    leanmeet kind weekly-sync plenary
    leanmeet merge <the one suggestion of 2026-11-30..2026-12-06>
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

V01 = Path(__file__).parent / "data" / "leanmeet-0.1.json"
WEEK = ["--from", "2026-11-30", "--to", "2026-12-06"]


def leanmeet(db, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "leanmeet.cli", "--db", str(db), *args],
                          cwd=str(ROOT), capture_output=True, text=True, timeout=120,
                          env={**os.environ, "LEANMEET_TODAY": "2026-11-25"})
    assert done.returncode in (0, 1), done.stderr
    return done


def week(db) -> list[tuple[str, str]]:
    events = json.loads(leanmeet(db, "list", *WEEK, "--json").stdout)["events"]
    return [(e["uid"], e["start"]) for e in events]


def decisions(db) -> set[tuple]:
    rows = json.loads(leanmeet(db, "decisions", "--json").stdout)["decisions"]
    return {(d["type"], d["uid"], d.get("occurrence"), d.get("text")) for d in rows}


def test_a_01_database_is_migrated_with_its_decisions_and_merges(tmp_path):
    db = tmp_path / "leanmeet.json"
    shutil.copyfile(V01, db)
    original = db.read_bytes()
    assert json.loads(original)["_meta"] == {"schema": 1}

    before_week, before_decisions = week(db), decisions(db)
    assert db.read_bytes() == original  # reading does not migrate
    merged = [uid for uid, _ in before_week if uid.endswith("@merged.leanmeet")]
    assert len(merged) == 1
    assert not {"safety-a", "safety-b"} & {uid for uid, _ in before_week}  # superseded
    assert {d[0] for d in before_decisions} == {"arrangement", "exemption", "kind",
                                                "merge-accepted"}

    # the first write moves it to schema 2
    leanmeet(db, "arrange", "weekly-sync", "--ref", "市政办〔2026〕13号")
    root = json.loads(db.read_bytes())
    assert root["_meta"] == {"schema": 2}
    assert (tmp_path / "leanmeet.json.schema1.bak").read_bytes() == original
    assert week(db) == before_week
    after = decisions(db)
    assert after - before_decisions == {("arrangement", "weekly-sync", None, "市政办〔2026〕13号")}
    assert before_decisions <= after
    people = json.loads(leanmeet(db, "people", "list", "--json").stdout)["people"]
    assert {p["email"] for p in people} == {"wang@gov.cn", "li@gov.cn"}
    moved = [start for uid, start in week(db) if uid == "weekly-sync"]
    assert moved == ["2026-11-30T16:00:00+08:00"]  # the override of the series survived

    # the accepted merge is still undoable: unmerge brings the originals back
    sid = next(d[1] for d in after if d[0] == "merge-accepted")
    leanmeet(db, "unmerge", sid)
    assert {"safety-a", "safety-b"} <= {uid for uid, _ in week(db)}
