"""Dependencies point one way (STYLE.md): front ends (tui, cli) -> application -> storage ->
planner; no Textual below the front ends; the commands independent of each other.

The contracts are import-linter's, in pyproject.toml ``[tool.importlinter]``. They are checked
on the source folders laid out as they are installed (``leanmeet/<folder>``, the package-dir
mapping of pyproject.toml), since an editable install has no ``leanmeet`` folder to read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT

PYPROJECT = ROOT / "pyproject.toml"


def installed_layout(where: Path) -> Path:
    """``where/leanmeet/<package>`` -> the repository's folders, as pyproject maps them."""
    mapping = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-dir"]
    root = where / "leanmeet"
    root.mkdir(parents=True)
    for package, folder in mapping.items():
        assert package.count(".") == 1 and package.startswith("leanmeet."), package
        (root / package.split(".")[1]).symlink_to(ROOT / folder, target_is_directory=True)
    return where


def lint_imports(tmp_path: Path) -> subprocess.CompletedProcess:
    layout = installed_layout(tmp_path / "layout")
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), str(PYPROJECT), "--no-cache"], capture_output=True, text=True,
        cwd=str(tmp_path), env={**os.environ, "PYTHONPATH": str(layout)}, timeout=300)


def test_import_linter_contracts_are_kept(tmp_path):
    done = lint_imports(tmp_path)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    for contract in ("Front ends -> application -> storage -> planner",
                     "No Textual or Rich below the front ends",
                     "Commands are independent of each other", "No import cycles"):
        assert f"{contract} KEPT" in report
    # every package was analysed (a typo in root_packages would check nothing)
    analysed = int(report.split("Analyzed ")[1].split(" files")[0])
    mapping = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-dir"]
    assert analysed >= sum(len(list((ROOT / f).rglob("*.py"))) for f in mapping.values())


def test_every_command_module_is_registered_once():
    from leanmeet.cli import main

    folder = ROOT / "cli" / "commands"
    modules = sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
    assert sorted(m.__name__.rsplit(".", 1)[1] for m in main.COMMANDS) == modules
    assert len({m.NAME for m in main.COMMANDS}) == len(main.COMMANDS)


def test_importing_the_lower_layers_loads_no_ui():
    code = (
        "import sys, pkgutil, importlib\n"
        "import leanmeet.planner as planner, leanmeet.storage as storage\n"
        "import leanmeet.application as application\n"
        "for pkg in (planner, storage, application):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'rich', "
        "'argparse') or n.startswith(('leanmeet.tui', 'leanmeet.cli'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(ROOT), check=True).stdout
    assert out.strip() == "[]"


def test_the_domain_loads_no_database():
    code = (
        "import sys, pkgutil, importlib\nimport leanmeet.planner as planner\n"
        "for m in pkgutil.walk_packages(planner.__path__, 'leanmeet.planner.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'tinydb')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(ROOT), check=True).stdout
    assert out.strip() == "[]"
