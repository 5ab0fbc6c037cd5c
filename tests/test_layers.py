"""Dependencies point one way: tui/ -> storage/ -> planner/ (STYLE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

FORBIDDEN = {
    "planner": {"textual", "tinydb", "leanmeet.storage", "leanmeet.tui", "filelock", "platformdirs", "rich"},
    "storage": {"textual", "leanmeet.tui", "rich"},
}


def _top(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "leanmeet" else parts[0]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {_top(alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(_top(node.module))
    return names


def test_no_layer_imports_upwards():
    offenders = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = imported_modules(path) & forbidden
            if bad:
                offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert offenders == []


def test_importing_planner_and_storage_loads_no_ui():
    code = (
        "import sys, pkgutil, importlib\nimport leanmeet.planner as planner, leanmeet.storage as storage\n"
        "for pkg in (planner, storage):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(n for n in ('textual', 'leanmeet.tui') if n in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(ROOT), check=True).stdout
    assert out.strip() == "[]"
