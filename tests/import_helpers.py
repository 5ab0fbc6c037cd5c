"""Shared by the import tests: the found/ files, the CLI run in this process with a hang
guard, the JSON of `leanmeet list`."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from leanmeet.cli.main import main
from tests.conftest import ROOT

FOUND = ROOT.parent / "shared" / "found"


def found(name: str) -> Path:
    path = FOUND / name
    if not path.is_file():
        pytest.skip(f"../shared/found/{name} is absent")
    return path


def cli(capsys, *args: str, limit: int = 20) -> tuple[int, str, str]:
    """`leanmeet ARGS` in this process; a run longer than ``limit`` seconds is a hang."""

    def hang(*_):
        raise TimeoutError(f"leanmeet {' '.join(args)[:80]} ran for more than {limit} s")

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(limit)
    try:
        code = main(list(args))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, first: str, last: str) -> list[dict]:
    code, out, err = cli(capsys, "list", "--from", first, "--to", last, "--json")
    assert code == 0, err
    return json.loads(out)["events"]


def summary_counts(out: str) -> dict[str, int]:
    """{'added': 1, 'updated': 0, ...} from an import's summary line."""
    counts = out.strip().splitlines()[-1].split(": ", 1)[1]
    return {part.split(" ")[1]: int(part.split(" ")[0]) for part in counts.split(", ")}
