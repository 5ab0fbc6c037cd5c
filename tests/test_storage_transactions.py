"""Issue 16 point 5 and issue 13 point 3: a merge is one transaction; a kill at any write
step leaves the old state or the new one across every file of the database."""

from __future__ import annotations

import json
import os

import pytest

from leanmeet.cli.main import main
from tests.test_cli_merge import FEED, WINDOW


class Crash(BaseException):
    """The process dies here (raised from os.replace, the step that makes a file visible)."""


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def state(capsys, db) -> tuple[frozenset, frozenset]:
    code, out, err = cli(capsys, "--db", str(db), "list", *WINDOW, "--json")
    assert code == 0, err
    events = frozenset(e["uid"] for e in json.loads(out)["events"])
    code, out, err = cli(capsys, "--db", str(db), "decisions", "--json")
    assert code == 0, err
    decisions = frozenset((d["type"], d["uid"]) for d in json.loads(out)["decisions"])
    return events, decisions


def test_merge_is_one_transaction_a_crash_at_any_step_leaves_old_or_new(
        tmp_path, capsys, monkeypatch):
    feed = tmp_path / "dept.ics"
    feed.write_text(FEED, encoding="utf-8")
    db = tmp_path / "db.json"
    assert cli(capsys, "--db", str(db), "import", str(feed))[0] == 0
    code, out, _ = cli(capsys, "--db", str(db), "suggest", *WINDOW, "--json")
    [suggestion] = json.loads(out)["suggestions"]
    sid = suggestion["id"]
    old = state(capsys, db)
    assert {"safety-a", "safety-b"} <= old[0]

    real_replace = os.replace
    steps: list[str] = []

    def counting(src, dst):
        steps.append(os.fspath(dst))
        real_replace(src, dst)

    backup = tmp_path / "backup"
    backup.mkdir()
    os.system(f"cp -a {tmp_path}/db.json* {backup}/")  # the database before the merge
    monkeypatch.setattr(os, "replace", counting)
    assert cli(capsys, "--db", str(db), "merge", sid)[0] == 0
    monkeypatch.setattr(os, "replace", real_replace)
    new = state(capsys, db)
    assert ("merge-accepted", sid) in new[1]
    assert not {"safety-a", "safety-b"} & new[0]  # the originals are superseded
    writes = [s for s in steps if not s.endswith(".suggestions.json")]
    assert writes, "the merge wrote nothing"

    for crash_at in range(1, len(steps) + 1):
        os.system(f"rm -rf {tmp_path}/db.json*; cp -a {backup}/db.json* {tmp_path}/")
        assert state(capsys, db) == old
        calls = 0

        def crashing(src, dst):
            nonlocal calls
            calls += 1
            if calls == crash_at:
                raise Crash(dst)
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", crashing)
        with pytest.raises(Crash):
            main(["--db", str(db), "merge", sid])
        monkeypatch.setattr(os, "replace", real_replace)
        capsys.readouterr()
        after = state(capsys, db)
        # never the merged meeting beside its originals, never a decision without its meeting
        assert after in (old, new), f"crash at write {crash_at} of {len(steps)}: {after}"
