"""planner/ is the pure domain: it imports neither textual nor tinydb (STYLE: layers)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PLANNER = Path(__file__).resolve().parent.parent / "planner"
FORBIDDEN = ("textual", "tinydb", "leanmeet.storage", "leanmeet.tui")


def _top(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "leanmeet" else parts[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(_top(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(_top(node.module))
    return names


def test_planner_sources_do_not_import_ui_or_database():
    files = sorted(PLANNER.rglob("*.py"))
    assert len(files) > 10
    offenders = {str(p.relative_to(PLANNER)): sorted(_imports(p) & set(FORBIDDEN)) for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_the_rulebook_loads_neither_textual_nor_tinydb():
    code = (
        "import sys, pkgutil, importlib\nimport leanmeet.planner as planner\n"
        "for m in pkgutil.walk_packages(planner.__path__, 'leanmeet.planner.'):\n"
        "    importlib.import_module(m.name)\n"
        "import leanmeet.planner.rules, leanmeet.planner.rulebook, leanmeet.planner.classify\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'tinydb'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PLANNER.parent
    )
    assert out.stdout.strip() == ""
