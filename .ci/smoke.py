"""Smoke test of leanmeet as installed from the wheel (run by .ci/run in a fresh virtual
environment, from a folder outside the source tree).

  python smoke.py SAMPLES_FOLDER SOURCE_TREE

1. The installed package is the one imported (not the source tree).
2. The main CLI commands, through the installed ``leanmeet`` script: import, people import,
   list, check, suggest, merge, unmerge, decisions, export (ics, html, itip, the leaders'
   table as xlsx), free, stats, --help, and ``python -m leanmeet.cli``.
3. Every TUI screen opened once through Pilot: the four views, search, help, the command
   palette, findings, suggestions, roster (its person and CSV dialogs), the leaders' week,
   the meeting load, import, export, the
   event detail and its dialogs (arrange, exempt, kind, add and remove attendee).
Exits non-zero with a message at the first failure.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

SAMPLES, SOURCE = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
WORK = Path(tempfile.mkdtemp(prefix="leanmeet-smoke-"))
DB = WORK / "smoke.json"
RULES = SAMPLES / "rules.toml"
os.environ.update(LEANMEET_DB=str(DB), LEANMEET_TODAY="2026-12-14", TZ="Asia/Shanghai",
                  XDG_DATA_HOME=str(WORK / "data"), XDG_CONFIG_HOME=str(WORK / "config"))
LEANMEET = Path(sys.executable).with_name("leanmeet")


def fail(message: str) -> None:
    print(f"smoke: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def cli(*args: str, codes: tuple[int, ...] = (0,), module: bool = False) -> str:
    command = [sys.executable, "-m", "leanmeet.cli"] if module else [str(LEANMEET)]
    done = subprocess.run([*command, "--rules", str(RULES), *args], capture_output=True,
                          text=True, cwd=WORK, timeout=300)
    if done.returncode not in codes:
        fail(f"leanmeet {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    print(f"smoke: leanmeet {' '.join(args)}: exit {done.returncode}")
    return done.stdout


def check_installed() -> None:
    import leanmeet.cli
    import leanmeet.tui

    for module in (leanmeet.cli, leanmeet.tui):
        where = Path(module.__file__).resolve()
        if SOURCE in where.parents:
            fail(f"{module.__name__} is imported from the source tree ({where})")
    print(f"smoke: leanmeet imported from {Path(leanmeet.tui.__file__).parent.parent}")


def check_cli() -> None:
    if "import" not in cli("--help"):
        fail("--help lists no import command")
    if "usage: leanmeet" not in cli("--help", module=True):
        fail("python -m leanmeet.cli --help")
    cli("import", str(SAMPLES / "government-office.ics"), "--arranged")
    cli("import", *(str(p) for p in sorted(SAMPLES.glob("*.ics"))
                    if p.name != "government-office.ics"))
    cli("people", "import", str(SAMPLES / "roster.csv"))
    events = json.loads(cli("list", "--from", "2026-12-01", "--to", "2026-12-31", "--json"))
    if not events["events"]:
        fail("list --json shows no events after the import")
    json.loads(cli("check", "--json", codes=(0, 1)))
    found = json.loads(cli("suggest", "--from", "2026-12-01", "--to", "2027-01-31", "--json"))
    if found["suggestions"]:
        first = found["suggestions"][0]["id"]
        cli("merge", first)
        cli("unmerge", first)
    json.loads(cli("decisions", "--json"))
    for name in ("plan.ics", "plan.html"):
        cli("export", str(WORK / name))
        if not (WORK / name).stat().st_size:
            fail(f"export {name} wrote nothing")
    cli("export", str(WORK / "itip"), "--format", "itip")
    # issue 15: common free time, the meeting load, the leaders' weekly table
    people = [a["email"] for e in events["events"] for a in e.get("attendees", [])][:2]
    if "slots" not in json.loads(cli("free", *(people or ["nobody@example.org"]), "--from",
                                     "2026-12-14", "--to", "2026-12-18", "--json")):
        fail("free --json lists no slots key")
    json.loads(cli("stats", "--from", "2026-12-01", "--to", "2026-12-31", "--json"))
    cli("export", str(WORK / "leaders.xlsx"), "--from", "2026-12-14", "--to", "2026-12-20")
    if not (WORK / "leaders.xlsx").stat().st_size:
        fail("export leaders.xlsx wrote nothing")


async def check_tui() -> None:
    from leanmeet.tui.app import LeanmeetApp
    from leanmeet.tui.screens.dialogs import (
        AddAttendeeDialog,
        ArrangeDialog,
        ExemptDialog,
        KindDialog,
        RemoveAttendeeDialog,
    )

    app = LeanmeetApp(db_path=DB, rules_path=RULES)
    seen: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:

        async def settle() -> None:
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()

        async def opened(expected: str, *keys: str, close: str = "escape") -> None:
            await pilot.press(*keys)
            await settle()
            if type(app.screen).__name__ != expected:
                fail(f"keys {keys} opened {type(app.screen).__name__}, not {expected}")
            seen.append(expected)
            if close:
                await pilot.press(close)
                await settle()

        await settle()
        for key in ("m", "w", "d", "a"):
            await pilot.press(key)
            await settle()
            seen.append(f"view {app.view}")
        await opened("SearchScreen", "slash")
        await opened("HelpScreen", "question_mark")
        await opened("CommandPalette", "ctrl+p")
        await opened("FindingsScreen", "f")
        await opened("SuggestionsScreen", "s")
        await opened("RosterScreen", "r", close="")
        await opened("PersonDialog", "n")
        await opened("RosterImportDialog", "c")
        await pilot.press("escape")
        await settle()
        await opened("LeadersWeekScreen", "L")
        await opened("LoadScreen", "o")
        await opened("ImportDialog", "i")
        await opened("ExportDialog", "e")
        session = app.session
        occs = [o for o in session.occurrences(date(2026, 12, 14), date(2026, 12, 20))
                if o.attendees]
        if not occs:
            fail("no event with attendees in the sample week")
        occ = occs[0]
        app.open_detail(occ)
        await settle()
        if type(app.screen).__name__ != "EventDetailScreen":
            fail(f"the event detail did not open ({type(app.screen).__name__})")
        seen.append("EventDetailScreen")
        for dialog in (ArrangeDialog(session, occ), ExemptDialog(session, occ, ["venue"]),
                       KindDialog(session, occ), AddAttendeeDialog(session, occ),
                       RemoveAttendeeDialog(session, occ)):
            app.push_screen(dialog)
            await settle()
            if app.screen is not dialog:
                fail(f"{type(dialog).__name__} did not open")
            seen.append(type(dialog).__name__)
            await pilot.press("escape")
            await settle()
        await pilot.press("escape")
        await settle()
        await pilot.press("q")
    print(f"smoke: TUI screens opened: {', '.join(seen)}")


def main() -> None:
    check_installed()
    check_cli()
    asyncio.run(check_tui())
    print("smoke: OK")


if __name__ == "__main__":
    main()
