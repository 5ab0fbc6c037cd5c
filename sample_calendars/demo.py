"""Open leanmeet on the bundled sample calendars.

    .venv/bin/python sample_calendars/demo.py [--no-tui]

Imports the office's own feed (as arranged), the other feeds and the roster into
``demo.json`` next to this script's folder (your own database is not touched), then opens
the TUI with the sample office's rulebook (``rules.toml``: the office is in Asia/Shanghai).
Running it again changes nothing that is already imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

from leanmeet.cli.main import main

HERE = Path(__file__).resolve().parent
DB = HERE.parent / "demo.json"


def run() -> int:
    base = ["--db", str(DB), "--rules", str(HERE / "rules.toml")]
    feeds = sorted(p for p in HERE.glob("*.ics") if p.name != "government-office.ics")
    steps = [
        ["import", str(HERE / "government-office.ics"), "--arranged"],
        ["import", *map(str, feeds)],
        ["people", "import", str(HERE / "roster.csv")],
    ]
    for step in steps:
        if main(base + step) == 2:
            return 2
    print(f"\nDatabase: {DB}\nTry: leanmeet --db {DB} --rules {HERE / 'rules.toml'} check "
          "--from 2026-11-16 --to 2027-01-10")
    if "--no-tui" in sys.argv:
        return 0
    return main(base)


if __name__ == "__main__":
    sys.exit(run())
