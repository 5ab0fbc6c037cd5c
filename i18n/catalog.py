"""leanmeet's one gettext catalog, with Babel (run from the repository root)::

    python i18n/catalog.py           # extract the messages, update zh_CN's .po, compile .mo
    python i18n/catalog.py --check   # exit 1 when a message has no translation

The messages are the English texts in ``_()``, ``N_()`` and ``ngettext()`` calls of every
folder of the code (``babel.cfg``: tui, cli, application, storage, planner, i18n);
``i18n/locale/leanmeet.pot`` is the template and ``i18n/locale/zh_CN/LC_MESSAGES/leanmeet.po``
the Simplified Chinese translation, compiled to ``leanmeet.mo`` (shipped as package data).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "i18n" / "locale"
POT = HERE / "leanmeet.pot"
PO = HERE / "zh_CN" / "LC_MESSAGES" / "leanmeet.po"
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2"]


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=ROOT)


def extract() -> None:
    pybabel("extract", "-F", "babel.cfg", "--no-location", "--sort-output", "--omit-header",
            "--no-wrap", *KEYWORDS, "-o", str(POT), ".")


def untranslated() -> list[str]:
    """The msgids of the template that the zh_CN catalog does not translate."""
    from babel.messages.pofile import read_po

    with POT.open("rb") as handle:
        template = read_po(handle)
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None else None
        if isinstance(strings, (list, tuple)):
            ok = all(strings)
        else:
            ok = bool(strings)
        if found is None or not ok or found.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str]) -> int:
    if "--check" in argv:
        extract()
        missing = untranslated()
        for msgid in missing:
            print(f"untranslated: {msgid!r}")
        return 1 if missing else 0
    extract()
    if PO.exists():
        pybabel("update", "-i", str(POT), "-D", "leanmeet", "-d", str(HERE), "-l", "zh_CN",
                "--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching")
    else:
        pybabel("init", "-i", str(POT), "-D", "leanmeet", "-d", str(HERE), "-l", "zh_CN",
                "--no-wrap")
    pybabel("compile", "-D", "leanmeet", "-d", str(HERE), "-l", "zh_CN", "--statistics")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
