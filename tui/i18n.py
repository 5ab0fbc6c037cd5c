"""The TUI's texts in the interface language (English or Simplified Chinese).

The machinery and the one catalog are :mod:`leanmeet.i18n` (no Textual: the command line and
the layers below use the same ones); importing this module hands the settings file's
``language`` over before the first text is looked up. Screens import::

    from leanmeet.tui.i18n import _, N_, ngettext, format_day, say

``say(text)`` shows a sentence made below the front ends (a finding's message, a merge
reason, an import summary, an error) in the interface language.

Catalog work (Babel, from the repository root; see ``babel.cfg``)::

    python i18n/catalog.py          # extract, update the .po, compile the .mo
    python i18n/catalog.py --check  # fail when a msgid has no translation
"""

from __future__ import annotations

from leanmeet import i18n
from leanmeet.i18n import (
    LOCALE_DIR,
    N_,
    format_day,
    format_stamp,
    is_chinese,
    language,
    ngettext,
)
from leanmeet.i18n.sentences import say
from leanmeet.storage.settings import configure_language

configure_language()


def _(message: str) -> str:
    """``message`` in the interface language."""
    return i18n.gettext(message)


__all__ = ["LOCALE_DIR", "N_", "_", "format_day", "format_stamp", "is_chinese", "language",
           "ngettext", "say"]
