"""The screens of the leanmeet TUI (SPEC §8): event detail, findings, merge suggestions,
roster, and the import / export dialogs.

The App (``tui/app.py``) opens them from its ``# --- screens`` block; what they ask of the rest
of leanmeet is the application layer's, called through :mod:`leanmeet.tui.screens.backend`
(which words its results and refusals for the screens).
"""
