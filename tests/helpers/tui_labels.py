"""Run the TUI headless over its screens and dialogs and print, as JSON, the interface's own
texts on each (footer keys, labels, buttons, table headers, titles, the header), never the
events' texts. ``python -m tests.helpers.tui_labels DB RULES [PART ...]`` (the language comes
from the environment or the settings file, as for a user; PARTs such as ``"view w"`` or
``"dialog export"``: only those are visited, for a test that looks at no other)."""

from __future__ import annotations

import asyncio
import json
import sys

from rich.text import Text
from textual.widgets import Button, DataTable, Footer, Label, RadioButton, Static
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderTitle

from leanmeet.tui.app import LeanmeetApp

TITLE_CLASSES = ("screen-title", "dialog-title", "section-label")


def labels(screen) -> list[str]:
    out: list[str] = []
    for key in screen.query(FooterKey):
        out.append(str(key.description))
    for widget in screen.query(Label):
        out.append(str(widget.content))
    for widget in screen.query(Button):
        out.append(str(widget.label))
    for widget in screen.query(RadioButton):
        out.append(str(widget.label))
    for table in screen.query(DataTable):
        for column in table.columns.values():
            label = column.label
            out.append(label.plain if isinstance(label, Text) else str(label))
    for widget in screen.query(Static):
        if any(widget.has_class(c) for c in TITLE_CLASSES) or widget.id in (
                "help-legend", "help-title", "empty", "error-title", "error-hint",
                "findings-title", "suggestions-title", "roster-title", "help-keys",
                "leaders-title", "load-title", "load-summary") or (
                widget.id or "").startswith("label-"):
            out.append(str(widget.content))
    if screen.query(HeaderTitle):
        out.append(screen.sub_title or screen.app.sub_title)
    return [t for t in out if t.strip()]


async def collect(db: str, rules: str, parts: tuple[str, ...] = ()) -> dict[str, list[str]]:
    from leanmeet.tui.screens.dialogs import KindDialog, PersonDialog
    from leanmeet.tui.screens.files import ExportDialog, ImportDialog, RosterImportDialog

    app = LeanmeetApp(db, rules)
    found: dict[str, list[str]] = {}

    def wanted(part: str) -> bool:
        return not parts or part in parts

    async with app.run_test(size=(160, 45)) as pilot:
        async def settle() -> None:
            for _ in range(100):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if not app.loading and all(w.is_finished for w in app.workers):
                    break
            await pilot.pause()

        await settle()
        for view in "wmda":
            if not wanted(f"view {view}"):
                continue
            await pilot.press(view)
            await settle()
            found[f"view {view}"] = labels(app.screen) + [
                str(app.query_one("#period", Static).content)]
        await pilot.press("w")
        await settle()
        for key in ("f", "s", "r", "question_mark", "L", "o"):
            if not wanted(f"screen {key}"):
                continue
            await pilot.press(key)
            await settle()
            found[f"screen {key}"] = labels(app.screen)
            await pilot.press("escape")
            await settle()
        env = app._screens_session()
        occ = next(o for w in app._weeks.values() for o in w.occurrences if not o.cancelled)
        for name, dialog in (("import", ImportDialog(env)), ("roster", RosterImportDialog(env)),
                             ("export", ExportDialog(env)), ("kind", KindDialog(env, occ)),
                             ("person", PersonDialog(env))):
            if not wanted(f"dialog {name}"):
                continue
            app.push_screen(dialog)
            await settle()
            found[f"dialog {name}"] = labels(app.screen)
            await pilot.press("escape")
            await settle()
        if wanted("detail"):
            app.open_detail(occ)
            await settle()
            found["detail"] = labels(app.screen)
    return found


if __name__ == "__main__":
    found = asyncio.run(collect(sys.argv[1], sys.argv[2], tuple(sys.argv[3:])))
    print(json.dumps(found, ensure_ascii=False))
