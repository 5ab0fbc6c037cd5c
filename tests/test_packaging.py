"""leanmeet as users install it: the wheel built from this tree holds every file the code
loads, and claims only the ``leanmeet`` import name (issue 12).

The wheel is built once for the module from a copy of the tree (the checkout is left as it
was). ``.ci/run`` goes further: it installs the wheel into a fresh virtual environment outside
the source tree and opens every screen there (``.ci/smoke.py``).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from tests.conftest import ROOT

SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"]
PACKAGE_DIR: dict[str, str] = SETUPTOOLS["package-dir"]  # leanmeet.tui -> tui
NOT_SHIPPED = {".py", ".pyc", ".md"}  # code is checked by import; docs are not loaded
SKIP_DIRS = {"__pycache__", ".import_linter_cache"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", *PACKAGE_DIR.values()):
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name,
                            ignore=shutil.ignore_patterns(*SKIP_DIRS, "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"),
         str(source)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = (work / "dist").glob("leanmeet-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def wheel_path(source: Path) -> str:
    """Where a file of the tree lands in the wheel (``tui/app.tcss`` -> ``leanmeet/tui/...``)."""
    relative = source.resolve().relative_to(ROOT)
    for package, folder in PACKAGE_DIR.items():
        if relative.parts[0] == folder:
            return str(PurePosixPath(*package.split("."), *relative.parts[1:]))
    raise AssertionError(f"{relative} is in no installed folder")


def data_files() -> list[Path]:
    out = []
    for folder in PACKAGE_DIR.values():
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix not in NOT_SHIPPED and not (
                    SKIP_DIRS & set(path.relative_to(ROOT).parts)):
                out.append(path)
    return out


def test_the_wheel_installs_one_import_root(wheel):
    tops = {name.split("/")[0] for name in wheel.namelist()}
    assert tops == {"leanmeet", "leanmeet-0.1.0.dist-info"}
    top_level = wheel.read("leanmeet-0.1.0.dist-info/top_level.txt").decode().split()
    assert top_level == ["leanmeet"]
    for generic in ("tui", "storage", "planner", "cli", "application"):
        assert not any(n.startswith(f"{generic}/") or n == f"{generic}.py"
                       for n in wheel.namelist())


def test_the_entry_point_is_the_command_line(wheel):
    entry = wheel.read("leanmeet-0.1.0.dist-info/entry_points.txt").decode()
    assert "leanmeet = leanmeet.cli.main:main" in entry


def test_every_package_folder_is_in_the_wheel(wheel):
    names = set(wheel.namelist())
    folders = [p for folder in PACKAGE_DIR.values() for p in (ROOT / folder).rglob("__init__.py")]
    assert len(folders) >= len(PACKAGE_DIR)
    missing = [str(p.relative_to(ROOT)) for p in folders if wheel_path(p) not in names]
    assert missing == []


def test_every_data_file_of_the_packages_is_in_the_wheel(wheel):
    files = data_files()
    assert any(p.suffix == ".tcss" for p in files) and any(p.suffix == ".toml" for p in files)
    names = set(wheel.namelist())
    missing = [str(p.relative_to(ROOT)) for p in files if wheel_path(p) not in names]
    assert missing == []


def _css_paths(cls: type) -> list[str]:
    value = cls.__dict__.get("CSS_PATH")
    if value is None:
        return []
    return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]


def test_every_stylesheet_a_screen_loads_is_in_the_wheel(wheel):
    """Textual reads ``CSS_PATH`` beside the module of the class that names it: the file of
    every such class (app, views, screens) must be shipped with that module."""
    import leanmeet.tui

    names = set(wheel.namelist())
    checked = []
    modules = [m.name for m in pkgutil.walk_packages(leanmeet.tui.__path__, "leanmeet.tui.")]
    for module_name in modules:
        module = importlib.import_module(module_name)
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module_name:
                continue
            for css in _css_paths(cls):
                path = Path(inspect.getfile(cls)).parent / css
                assert path.is_file(), f"{cls.__qualname__}: {css} is not in the tree"
                checked.append((cls.__qualname__, wheel_path(path)))
    assert {"LeanmeetApp", "EventDetailScreen"} <= {name for name, _ in checked}
    assert [(name, p) for name, p in checked if p not in names] == []
