"""The screens of the leanmeet TUI (SPEC §8): event detail, findings, merge suggestions,
roster, and the import / export dialogs.

The App (``tui/app.py``) imports them lazily from its ``# --- screens`` block; everything they
ask of the rest of leanmeet goes through :mod:`tui.screens.backend`.
"""

from __future__ import annotations

__all__ = [
    "EventDetailScreen",
    "ExportDialog",
    "FindingsScreen",
    "ImportDialog",
    "RosterScreen",
    "SuggestionsScreen",
]


def __getattr__(name: str):  # lazy: importing the package loads no screen
    if name == "EventDetailScreen":
        from leanmeet.tui.screens.detail import EventDetailScreen

        return EventDetailScreen
    if name == "FindingsScreen":
        from leanmeet.tui.screens.findings import FindingsScreen

        return FindingsScreen
    if name == "SuggestionsScreen":
        from leanmeet.tui.screens.suggestions import SuggestionsScreen

        return SuggestionsScreen
    if name == "RosterScreen":
        from leanmeet.tui.screens.roster import RosterScreen

        return RosterScreen
    if name in ("ImportDialog", "ExportDialog"):
        from leanmeet.tui.screens import files

        return getattr(files, name)
    raise AttributeError(name)
