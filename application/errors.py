"""The one error type of the application layer."""

from __future__ import annotations


class UserError(Exception):
    """What the user asked for cannot be done; the message says why (and what to do).

    Nothing was stored. The command line prints it after ``leanmeet COMMAND:`` and exits 2;
    the TUI shows it as a sentence in the dialog.
    """
