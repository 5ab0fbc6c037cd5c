"""Keyword look-ups shared by the rules that read event text (compiled once per keyword list).

Rules configure English and Chinese keyword lists in the rulebook; :func:`matcher` compiles a
list with the classifier's :class:`~leanmeet.planner.classify.KeywordMatcher` (English on word
boundaries, Chinese as substrings, ``a+b`` both in one field, ``ignore`` blanked out first)
and caches it, so a rule costs one dictionary look-up per event.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from leanmeet.planner.classify import KeywordMatcher, nfkc
from leanmeet.planner.model import Occurrence
from leanmeet.planner.rulebook import KeywordRuleConfig


@lru_cache(maxsize=128)
def matcher(en: tuple[str, ...], zh: tuple[str, ...], ignore: tuple[str, ...] = ()
            ) -> KeywordMatcher:
    return KeywordMatcher(en, zh, ignore)


def keywords(cfg: KeywordRuleConfig) -> KeywordMatcher:
    """The matcher of a rule's own keywords (its table's ``en``, ``zh`` and ``ignore``)."""
    return matcher(cfg.en, cfg.zh, cfg.ignore)


def field_text(occ: Occurrence, name: str) -> str:
    """One text field of an occurrence (summary, location, description), NFKC."""
    return nfkc(getattr(occ, name, "") or "")


def find_in(occ: Occurrence, fields: Iterable[str], found: KeywordMatcher
            ) -> tuple[str, str, str] | None:
    """(field, its text, the matched keyword) of the first field where ``found`` matches."""
    if not found:
        return None
    for name in fields:
        text = field_text(occ, name)
        hit = found.search(text)
        if hit:
            return name, text, hit
    return None


def text_after(text: str, hit: str) -> str:
    """What follows the last place ``hit`` (a matched keyword; ``a+b``: its last part)
    occurs in ``text`` ("" when it cannot be found)."""
    last = hit.split("+")[-1]
    at = text.casefold().rfind(last.casefold())
    return "" if at < 0 else text[at + len(last):]
