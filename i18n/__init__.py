"""The interface language: which one (English or Simplified Chinese), gettext lookups, and
dates written the way the language writes them (Babel).

The bottom of the layers (import-linter: every layer may use it, it uses none of them) and free
of Textual, so that every front end (the TUI, the command line) and the layers below them use
the same choice, the same catalog and the same functions::

    from leanmeet.i18n import gettext as _, ngettext, format_day

The language is chosen once per process, the first time a text is looked up: ``language`` in
the settings file (``language = "zh_CN"``, passed by the front end with :func:`configure`),
else the usual environment variables (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
the first one set that is not ``C``/``POSIX``): a ``zh…`` value gives Simplified Chinese,
anything else English. The messages are English in the code (the msgids); the one catalog
(domain ``leanmeet``) is ``i18n/locale/zh_CN/LC_MESSAGES/leanmeet.mo``, made with Babel from every
folder of the code (``python i18n/catalog.py``; see ``babel.cfg``).

Sentences made below the front ends (rule findings, merge reasons, import summaries, errors)
stay English where they are made, because ``--json`` output carries them byte for byte; a front
end shows them with :func:`leanmeet.i18n.sentences.say`, which recognises the sentence's
template in the catalog and fills the translation with the same values.
"""

from __future__ import annotations

import gettext as _gettext
import os
import threading
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime

DOMAIN = "leanmeet"
LANGUAGES = ("en", "zh_CN")
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_lock = threading.Lock()
_language: str | None = None  # decided on first use
_setting: str | None = None  # the settings file's choice (configure)
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_folders: list[Path] = [LOCALE_DIR]
_translation: _gettext.NullTranslations | None = None


def language_of(value: str | None) -> str | None:
    """``zh_CN.UTF-8``, ``zh-Hans``, ``zh`` → "zh_CN"; ``en_US``, ``de`` → "en"; ``C``, ``POSIX``,
    empty → None (not a choice)."""
    if not value:
        return None
    first = value.split(":")[0].strip()
    if not first or first.split(".")[0] in ("C", "POSIX"):
        return None
    return "zh_CN" if first.lower().startswith("zh") else "en"


def choose_language(setting: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The language for ``setting`` (the settings file's ``language``) and ``environ``."""
    chosen = language_of(setting)
    if chosen is not None:
        return chosen
    env = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        chosen = language_of(env.get(name))
        if chosen is not None:
            return chosen
    return "en"


def configure(setting: str | None) -> None:
    """The settings file's ``language`` (call before the first lookup; later calls are too
    late for the texts already made and are ignored)."""
    global _setting
    with _lock:
        if _language is None:
            _setting = setting


def add_catalog(folder: str | Path) -> None:
    """Another ``locale`` folder (holding ``zh_CN/LC_MESSAGES/leanmeet.mo``) whose messages win
    over the shipped catalog's (for a local translation)."""
    global _translation
    with _lock:
        path = Path(folder)
        if path not in _folders:
            _folders.append(path)
            _translation = None


def language() -> str:
    """"en" or "zh_CN": decided on the first call, the same for the whole process."""
    global _language
    if _language is None:
        with _lock:
            if _language is None:
                _language = choose_language(_setting)
    return _language


def _catalog() -> _gettext.NullTranslations:
    global _translation
    current = _translation
    if current is not None:
        return current
    with _lock:
        lang = language() if _language is not None else choose_language(_setting)
        result: _gettext.NullTranslations = _gettext.NullTranslations()
        if lang != "en":
            for folder in reversed(_folders):
                found = _gettext.translation(DOMAIN, folder, languages=[lang], fallback=True)
                if type(found) is not _gettext.NullTranslations:
                    found.add_fallback(result)
                    result = found
        _translation = result
        return result


def gettext(message: str) -> str:
    """``message`` in the interface language."""
    language()
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    language()
    return _catalog().ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a text for extraction without translating it (translated where shown)."""
    return message


def is_chinese() -> bool:
    return language() == "zh_CN"


# ------------------------------------------------------------------------------ dates
# The patterns (CLDR) of each form, per language. English keeps the day first ("Tue 1 Dec").
DATE_FORMS: dict[str, dict[str, str]] = {
    "en": {
        "full": "EEE d MMM y",  # Tue 1 Dec 2026
        "long": "EEEE d MMMM y",  # Tuesday 1 December 2026
        "medium": "EEE d MMM",  # Tue 1 Dec
        "short": "EEE d",  # Tue 1
        "day_month": "d MMM",  # 1 Dec
        "day_month_year": "d MMM y",  # 1 Dec 2026
        "month": "MMMM y",  # December 2026
        "month_short": "MMM",  # Dec
        "weekday": "EEE",  # Tue
    },
    "zh_CN": {
        "full": "y年M月d日 EEEE",  # 2026年12月1日 星期二
        "long": "y年M月d日 EEEE",
        "medium": "M月d日 EEE",  # 12月1日 周二
        "short": "d日 EEE",  # 1日 周二
        "day_month": "M月d日",
        "day_month_year": "y年M月d日",
        "month": "y年M月",  # 2026年12月
        "month_short": "M月",
        "weekday": "EEE",  # 周二
    },
}
BABEL_LOCALE = {"en": "en_GB", "zh_CN": "zh_Hans_CN"}


@lru_cache(maxsize=4096)
def _format(day: date, form: str, lang: str) -> str:
    return _babel_date(day, DATE_FORMS[lang][form], locale=BABEL_LOCALE[lang])


def format_day(day: date | datetime, form: str = "full") -> str:
    """``day`` written in the interface language: "full" ``Tue 1 Dec 2026`` / ``2026年12月1日
    星期二``, "medium" ``Tue 1 Dec`` / ``12月1日 周二``, "short" ``Tue 1`` / ``1日 周二``,
    "month" ``December 2026`` / ``2026年12月``, "weekday" ``Tue`` / ``周二``, "day_month",
    "day_month_year", "month_short", "long"."""
    if isinstance(day, datetime):
        day = day.date()
    return _format(day, form, language())


def format_stamp(moment: datetime) -> str:
    """A moment with date and time (``Tue 1 Dec 2026 14:05`` / ``2026年12月1日 星期二 14:05``)."""
    return f"{format_day(moment.date())} {moment:%H:%M}"


def format_datetime(moment: datetime, pattern: str) -> str:
    """``moment`` with a CLDR ``pattern`` in the interface language."""
    return _babel_datetime(moment, pattern, locale=BABEL_LOCALE[language()])


__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "add_catalog",
    "choose_language",
    "configure",
    "format_datetime",
    "format_day",
    "format_stamp",
    "gettext",
    "is_chinese",
    "language",
    "language_of",
    "ngettext",
]
