"""The TUI's texts in the interface language (English or Simplified Chinese).

The machinery is :mod:`leanmeet.storage.i18n` (no Textual: the command line uses the same
one); this module registers the TUI's catalog (``tui/locale/zh_CN/LC_MESSAGES/leanmeet.mo``)
and the settings file's ``language`` before the first text is looked up. Screens import::

    from leanmeet.tui.i18n import _, N_, ngettext, format_day

Catalog work (Babel, from the repository root; see ``babel.cfg``)::

    python tui/locale/catalog.py          # extract, update the .po, compile the .mo
    python tui/locale/catalog.py --check  # fail when a msgid has no translation
"""

from __future__ import annotations

from pathlib import Path

from leanmeet.storage import i18n
from leanmeet.storage.i18n import (
    N_,
    format_day,
    format_stamp,
    is_chinese,
    language,
    ngettext,
)
from leanmeet.tui.keymap import load_settings

LOCALE_DIR = Path(__file__).resolve().parent / "locale"

i18n.add_catalog(LOCALE_DIR)
i18n.configure(load_settings()[0].get("language"))


def _(message: str) -> str:
    """``message`` in the interface language."""
    return i18n.gettext(message)


__all__ = ["LOCALE_DIR", "N_", "_", "format_day", "format_stamp", "is_chinese", "language",
           "ngettext"]
