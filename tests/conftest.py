"""Shared fixtures: every test runs with its own data/config folders, a frozen "today" and a
fixed office time zone, so nothing touches the developer's real leanmeet database."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

# The TUI's language is chosen once per process (LANGUAGE comes first): the tests are written
# in English; tests/test_tui_i18n.py runs the Chinese interface in its own processes.
os.environ["LANGUAGE"] = "en"

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "sample_calendars"
TODAY = "2026-11-29"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LEANMEET_DB", str(tmp_path / "leanmeet.json"))
    monkeypatch.setenv("LEANMEET_TODAY", TODAY)
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.delenv("LEANMEET_DEBUG", raising=False)
    import tzlocal

    tzlocal.reload_localzone()  # tzlocal remembers the zone per process; TZ changed above
    yield


@pytest.fixture
def db_file(tmp_path) -> Path:
    return tmp_path / "leanmeet.json"


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


def copy_template(source: Path, target: Path) -> None:
    """A test's own copy of a database imported once for its module: the root file and its
    segment folder, byte for byte (modes kept). Plain copies: storage.db.copy_database writes
    each of the ~190 segments atomically with two fsyncs, 0.4-1.4 s a test, which a throwaway
    copy in tmp_path does not need (tests/test_export_samples.py still copies with it)."""
    from leanmeet.storage.db import _store_dir

    store = _store_dir(Path(os.path.realpath(source)))
    if store.is_dir():
        shutil.copytree(store, _store_dir(Path(os.path.realpath(target))))
    shutil.copy2(source, target)


def run_cli(*args: str, stdin: bytes | None = None, env: dict | None = None, timeout=120):
    """Run the real `leanmeet` command line in a subprocess."""
    import os
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "leanmeet.cli", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        cwd=str(ROOT),
    )
