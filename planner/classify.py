"""Event kinds: override, then explicit CATEGORIES, then rulebook keywords.

Order (SPEC §3): a scheduler's override wins; then a CATEGORIES value that names a kind (its
name or one of the rulebook's ``categories`` aliases, whole value, case-insensitive); then
keywords in the fields each kind lists (SUMMARY; LOCATION for ``commercial``), where the
rulebook's ``precedence`` decides between several matching kinds (commercial beats ceremony);
otherwise ``meeting``. English keywords match case-insensitively on word boundaries, Chinese
keywords as substrings; ``a+b`` needs both parts in the same field.

Keyword patterns are compiled once per rulebook (:func:`compile_classifier`, cached).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from leanmeet.planner.decisions import DecisionIndex
from leanmeet.planner.model import KINDS, Occurrence
from leanmeet.planner.rulebook import KindsConfig, Rulebook

DEFAULT_KIND = "meeting"


def nfkc(text: str) -> str:
    """NFKC form (full-width letters and punctuation become ASCII)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


_SEP = re.compile(r"[\s\-_]+")
_EN_BEFORE = r"(?<![0-9A-Za-z])"
_EN_AFTER = r"(?:e?s)?(?![0-9A-Za-z])"  # a plural, then a word boundary


def _en_alternative(keyword: str) -> str:
    """An English keyword as a regex body: words joined by optional space/hyphen/underscore,
    apostrophes optional (straight or curly)."""
    words = [w for w in _SEP.split(nfkc(keyword).strip()) if w]
    parts = [re.escape(w.replace("’", "'")).replace("'", "['’]?") for w in words]
    return r"[\s\-_]*".join(parts)


def _alternation(bodies: Iterable[str]) -> str:
    # longest first, so the reported match is the most specific keyword
    return "|".join(sorted(set(bodies), key=len, reverse=True))


class KeywordMatcher:
    """English (word-bounded, case-insensitive) and Chinese (substring) keywords, compiled.

    One regex for the English keywords and one for the Chinese ones (a plain alternation of
    literals, which the regex engine scans quickly and skips entirely for ASCII text);
    ``a+b`` keywords are checked part by part.
    """

    __slots__ = ("_en", "_zh", "_zh_needs_cjk", "_conjunctions", "_ignore")

    def __init__(self, en: Iterable[str], zh: Iterable[str], ignore: Iterable[str] = ()) -> None:
        en, zh = tuple(en), tuple(zh)
        # phrases blanked out first: ASCII ones on word boundaries, others as substrings
        ignored = []
        for phrase in (p.strip() for p in ignore):
            if phrase.isascii():
                ignored.append(f"{_EN_BEFORE}{_en_alternative(phrase)}(?![0-9A-Za-z])")
            elif phrase:
                ignored.append(self._zh_body(phrase))
        self._ignore = re.compile(_alternation(ignored), re.IGNORECASE) if ignored else None
        en_bodies: list[str] = []
        zh_bodies: list[str] = []
        conjunctions: list[tuple[re.Pattern[str], ...]] = []
        for keywords, bodies, body, wrap in (
            (en, en_bodies, _en_alternative, self._en_pattern),
            (zh, zh_bodies, self._zh_body, self._zh_pattern),
        ):
            for keyword in keywords:
                keyword = keyword.strip()
                if not keyword:
                    continue
                if "+" in keyword.strip("+"):
                    parts = [p.strip() for p in keyword.split("+") if p.strip()]
                    conjunctions.append(tuple(wrap(body(p)) for p in parts))
                else:
                    bodies.append(body(keyword))
        self._en = self._en_pattern(_alternation(en_bodies)) if en_bodies else None
        self._zh = self._zh_pattern(_alternation(zh_bodies)) if zh_bodies else None
        # an all-ASCII text cannot contain a keyword that has a non-ASCII character
        self._zh_needs_cjk = all(not k.isascii() for k in zh if k.strip())
        self._conjunctions = tuple(conjunctions)

    @staticmethod
    def _zh_body(keyword: str) -> str:
        return re.escape(nfkc(keyword))

    @staticmethod
    def _en_pattern(body: str) -> re.Pattern[str]:
        return re.compile(f"{_EN_BEFORE}(?:{body}){_EN_AFTER}", re.IGNORECASE)

    @staticmethod
    def _zh_pattern(body: str) -> re.Pattern[str]:
        return re.compile(body, re.IGNORECASE)

    def __bool__(self) -> bool:
        return self._en is not None or self._zh is not None or bool(self._conjunctions)

    def search(self, text: str) -> str | None:
        """The matched keyword text in ``text`` (already NFKC), or None."""
        if not text:
            return None
        if self._ignore is not None:
            text = self._ignore.sub(" ", text)
        if self._en is not None:
            match = self._en.search(text)
            if match:
                return match.group(0)
        if self._zh is not None and not (self._zh_needs_cjk and text.isascii()):
            match = self._zh.search(text)
            if match:
                return match.group(0)
        for parts in self._conjunctions:
            found = []
            for part in parts:
                match = part.search(text)
                if match is None:
                    break
                found.append(match.group(0))
            else:
                return "+".join(found)
        return None


def occurrence_fields(occ: Occurrence) -> dict[str, str]:
    """The text fields keywords look at, NFKC-normalised."""
    return {
        "summary": nfkc(occ.summary),
        "location": nfkc(occ.location),
        "description": nfkc(occ.description),
    }


class Classifier:
    """Classification compiled for one rulebook's ``[kinds]`` table."""

    def __init__(self, kinds: KindsConfig) -> None:
        precedence = list(kinds.precedence)
        rest = [k for k in KINDS if k not in precedence and k != DEFAULT_KIND]
        order = precedence + rest + ([DEFAULT_KIND] if DEFAULT_KIND not in precedence else [])
        self._category_order = tuple(order)
        self._aliases: dict[str, str] = {}
        # earlier kinds in the order win when an alias is listed under two kinds
        for kind in reversed(order):
            cfg = getattr(kinds, kind)
            for alias in (kind, *cfg.categories):
                self._aliases[nfkc(alias).strip().casefold()] = kind
        keyword_kinds = []
        for kind in precedence:
            cfg = getattr(kinds, kind)
            matcher = KeywordMatcher(cfg.en, cfg.zh, cfg.ignore)
            if matcher:
                keyword_kinds.append((kind, tuple(cfg.fields), matcher))
        self._keyword_kinds = tuple(keyword_kinds)
        self._rank = {kind: i for i, kind in enumerate(order)}

    def category_kind(self, categories: Iterable[str]) -> str | None:
        """The kind named by CATEGORIES values (highest precedence), or None."""
        if not categories:
            return None
        found = [
            kind
            for c in categories
            if (kind := self._aliases.get(nfkc(c).strip().casefold())) is not None
        ]
        if not found:
            return None
        return min(found, key=self._rank.__getitem__)

    def keyword_kind(self, fields: dict[str, str]) -> tuple[str, str, str] | None:
        """(kind, field, matched text) of the first kind in precedence whose keywords match."""
        for kind, kind_fields, matcher in self._keyword_kinds:
            for name in kind_fields:
                hit = matcher.search(fields.get(name, ""))
                if hit:
                    return kind, name, hit
        return None

    def classify(self, occ: Occurrence, override: str | None = None) -> str:
        if override in KINDS:
            return override  # type: ignore[return-value]
        kind = self.category_kind(occ.categories)
        if kind is not None:
            return kind
        found = self.keyword_kind(occurrence_fields(occ))
        return found[0] if found else DEFAULT_KIND

    def explain(self, occ: Occurrence, override: str | None = None) -> str:
        """Why ``occ`` has its kind, in one line (for the TUI's event detail)."""
        if override in KINDS:
            return f"{override}: set by the scheduler"
        kind = self.category_kind(occ.categories)
        if kind is not None:
            return f"{kind}: from CATEGORIES"
        found = self.keyword_kind(occurrence_fields(occ))
        if found:
            return f"{found[0]}: keyword {found[2]!r} in {found[1].upper()}"
        return f"{DEFAULT_KIND}: no category or keyword of another kind"


@lru_cache(maxsize=16)
def compile_classifier(kinds: KindsConfig) -> Classifier:
    return Classifier(kinds)


def scheduler_kind(rulebook: Rulebook, decisions: DecisionIndex) -> Callable[[Occurrence], str]:
    """The kind of an occurrence as the scheduler sees it: their override (a ``kind``
    decision), else the rulebook's classification. The one place that applies the override
    (the rules, the plan, the application layer all ask it)."""
    classifier = compile_classifier(rulebook.kinds)
    override = decisions.kind_override
    return lambda occ: classifier.classify(occ, override(occ))


def classify(occ: Occurrence, rulebook: Rulebook, override: str | None = None) -> str:
    """The kind of ``occ``: override, explicit CATEGORIES, keywords; ``meeting`` by default."""
    return compile_classifier(rulebook.kinds).classify(occ, override)
