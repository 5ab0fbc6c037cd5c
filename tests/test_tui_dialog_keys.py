"""Keys a person can trust (issue 11): Esc closes every dialog and screen; q closes a dialog
whose focus is not in a text field, and in a text field it is only a letter; every dialog
shows its own footer with its keys (never the calendar's)."""

from __future__ import annotations

import pytest
from textual.widgets import Footer, Input

from leanmeet.tui.app import HelpScreen, LeanmeetApp
from leanmeet.tui.screens.detail import EventDetailScreen
from leanmeet.tui.screens.dialogs import (
    AddAttendeeDialog,
    ArrangeDialog,
    ExemptDialog,
    KindDialog,
    PersonDialog,
    RemoveAttendeeDialog,
)
from leanmeet.tui.screens.files import ExportDialog, ImportDialog, RosterImportDialog
from leanmeet.tui.screens.findings import FindingsScreen
from leanmeet.tui.screens.roster import RosterScreen
from leanmeet.tui.screens.suggestions import SuggestionsScreen
from leanmeet.tui.views.search import SearchScreen
from tests.test_tui_screens import SIZE, WEEKLY, db, rules, sample_db, settle  # noqa: F401


def footer_text(screen) -> str:
    footer = screen.query_one(Footer)
    return " ".join(str(k.key_display) + " " + str(k.description)
                    for k in footer.query("FooterKey"))


def event_of(app: LeanmeetApp, title: str):
    app.show_occurrence  # noqa: B018 - the calendar is loaded (settle)
    for week in app._weeks.values():
        for occ in week.occurrences:
            if occ.summary == title:
                return occ
    raise AssertionError(title)


DIALOGS = {
    "import": lambda app, env, occ: ImportDialog(env),
    "roster-import": lambda app, env, occ: RosterImportDialog(env),
    "export": lambda app, env, occ: ExportDialog(env),
    "arrange": lambda app, env, occ: ArrangeDialog(env, occ, checked=True),
    "exempt": lambda app, env, occ: ExemptDialog(env, occ, ["half-day-limit"]),
    "kind": lambda app, env, occ: KindDialog(env, occ, "meeting"),
    "add-attendee": lambda app, env, occ: AddAttendeeDialog(env, occ),
    "remove-attendee": lambda app, env, occ: RemoveAttendeeDialog(env, occ),
    "person": lambda app, env, occ: PersonDialog(env),
}


async def open_dialog(pilot, name):
    app = pilot.app
    await settle(pilot)
    env = app._screens_session()
    dialog = DIALOGS[name](app, env, event_of(app, WEEKLY))
    app.push_screen(dialog)
    await settle(pilot)
    assert app.screen is dialog
    return dialog


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_escape_closes_the_dialog_and_its_footer_says_so(db, rules, name):
    app = LeanmeetApp(db, rules)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, name)
        text = footer_text(dialog)
        assert "esc" in text and "Close" in text, text
        assert "Month" not in text and "Findings" not in text, text  # not the calendar's
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not dialog


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_q_types_into_a_text_field_and_closes_elsewhere(db, rules, name):
    app = LeanmeetApp(db, rules)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, name)
        fields = list(dialog.query(Input))
        if fields:
            field = fields[0]
            field.focus()
            await pilot.pause()
            before = field.value
            await pilot.press("q")
            await pilot.pause()
            assert app.screen is dialog  # a letter in a text field, not "close"
            # typed: after the text, or in place of it when focusing selected it all (the
            # default path may hold a "q" of its own: /tmp/tmp.q1w2e3/...)
            assert field.value != before and field.value.endswith("q")
            field.value = before
        # the focus elsewhere (a button): q closes, and types nothing anywhere
        dialog.query_one("#dialog-cancel").focus()
        await pilot.pause()
        values = [f.value for f in fields]
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is not dialog
        assert [f.value for f in fields] == values


@pytest.mark.parametrize("key", ["f", "s", "r"])
async def test_escape_closes_the_full_screens(db, rules, key):
    app = LeanmeetApp(db, rules)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, (FindingsScreen, SuggestionsScreen, RosterScreen))
        assert "esc" in footer_text(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]


async def test_escape_closes_help_search_and_detail(db, rules):
    app = LeanmeetApp(db, rules)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, kind in (("question_mark", HelpScreen), ("slash", SearchScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, kind)
            assert "esc" in footer_text(app.screen)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is app.screen_stack[0]
        app.open_detail(event_of(app, WEEKLY))
        await settle(pilot)
        assert isinstance(app.screen, EventDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
