"""Text similarity of meeting titles and descriptions, in English and in Chinese.

A text becomes a set of *tokens*:

1. NFKC (full-width letters and punctuation become ASCII) and case folding;
2. tags in square brackets are dropped (``[Finance]``, ``【市应急局】``, ``〔2024〕``): they name
   who holds the meeting, not what it is about; so are dates, quarters and ordinals
   (2024年, 第二季度, 三季度, 第3次, 上半年);
3. boilerplate words are removed (``MergeSettings.boilerplate``): English ones as whole words,
   Chinese ones wherever they occur, except one-character ones (会), which go only at the end
   of a run of Chinese characters (推进会 loses it, 社会 keeps it);
4. English and other Latin words become tokens (numbers alone and one-letter words are
   dropped; a plural ``s`` is taken off: "inspections" = "inspection");
5. Chinese has no spaces, so each run of Chinese characters becomes its character bigrams
   (安全生产 → 安全 全生 生产; a lone character is a token on its own). A boilerplate word
   splits a run, so no bigram spans the place where it was.

Two texts are compared by the Dice coefficient of their token sets, ``2|A∩B| / (|A|+|B|)``
(a word with a close spelling in the other text counts as shared: rapidfuzz, one to one),
and by containment ``|A∩B| / min(|A|, |B|)`` (the shorter title inside the longer one:
安全生产 in 安全生产检查督导), which counts, scaled down, once the shorter text has enough
tokens to be specific. The rapidfuzz token ratios were tried instead (see README.md): about
as accurate on EN/ZH title pairs, but they score different subjects higher, and token sets
say which words are shared, which the reason text needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_TAG = re.compile(r"\[[^\]]*\]|【[^】]*】|〔[^〕]*〕")
_TOKEN = re.compile(
    rf"[^\W\d_{_CJK}][^\W_{_CJK}]*(?:['’-][^\W_{_CJK}]+)*|\d[^\W_{_CJK}]*|[{_CJK}]+"
)
# descriptions: lines that are about the meeting's form, not its subject
_DESC_NOISE = re.compile(
    r"^\s*(?:keynote(?: speakers?)?|主讲人?|主旨讲话|dial[- ]?in|join|link|passcode|password|"
    r"meeting id|会议号|密码|链接)\s*[:：]",
    re.IGNORECASE,
)
# headings whose text is kept: "Agenda: flood season plan" → "flood season plan"
_DESC_HEADING = re.compile(r"^\s*(?:agenda|topics?|议程|议题|内容)\s*[:：]", re.IGNORECASE)
# dates, quarters, ordinals and counts: "2024年", "第二季度", "三季度", "第3次", "上半年"
_NUMBERED = re.compile(
    r"\d+\s*(?:年度|年|月份|月|日|号|季度|次|届|期|批|轮|周)"
    r"|第[一二三四五六七八九十百零〇两\d]+\s*(?:季度|次|届|期|批|轮|周|阶段)?"
    r"|[一二三四]季度|[上下]半年"
)
_URL = re.compile(r"\w+://\S+|\S+@\S+")
_DESC_CHARS = 400


def has_cjk(text: str) -> bool:
    return bool(_HAS_CJK.search(text))


class Tokenizer:
    """Turns titles and descriptions into token sets, with a given boilerplate list."""

    def __init__(self, boilerplate: Iterable[str]) -> None:
        words = {unicodedata.normalize("NFKC", w).casefold().strip() for w in boilerplate}
        words.discard("")
        cjk = sorted((w for w in words if has_cjk(w)), key=len, reverse=True)
        self._latin = frozenset(w for w in words if not has_cjk(w))
        multi = [w for w in cjk if len(w) > 1]
        single = [w for w in cjk if len(w) == 1]
        self._multi = re.compile("|".join(map(re.escape, multi))) if multi else None
        self._single = (
            re.compile("(?:" + "|".join(map(re.escape, single)) + f")(?![{_CJK}])")
            if single
            else None
        )
        self._cache: dict[str, frozenset[str]] = {}
        self._desc_cache: dict[str, frozenset[str]] = {}

    def clean(self, text: str) -> str:
        """The text as it is compared: normalised, tags and boilerplate blanked out."""
        text = unicodedata.normalize("NFKC", text).casefold()
        text = _TAG.sub(" ", text)
        text = _NUMBERED.sub(" ", text)
        if self._multi is not None:
            text = self._multi.sub(" ", text)
        if self._single is not None:
            text = self._single.sub(" ", text)
        return text

    def spans(self, cleaned: str) -> list[tuple[str, int, int]]:
        """(token, start, end) of every token of a cleaned text, in order."""
        out: list[tuple[str, int, int]] = []
        for m in _TOKEN.finditer(cleaned):
            word, at = m.group(), m.start()
            if _HAS_CJK.match(word):
                if len(word) == 1:
                    out.append((word, at, at + 1))
                else:
                    out.extend((word[i : i + 2], at + i, at + i + 2) for i in range(len(word) - 1))
                continue
            if word in self._latin or word.isdigit() or len(word) < 2:
                continue
            if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
                word = word[:-1]
                if word in self._latin:
                    continue
            out.append((word, at, m.end()))
        return out

    def tokens(self, text: str) -> frozenset[str]:
        """The token set of a title (cached: calendars repeat their titles a lot)."""
        found = self._cache.get(text)
        if found is None:
            found = frozenset(t for t, _, _ in self.spans(self.clean(text)))
            if len(self._cache) < 100_000:
                self._cache[text] = found
        return found

    def description_tokens(self, text: str) -> frozenset[str]:
        """Tokens of a description's subject lines (keynote, dial-in and link lines and
        "Agenda:" headings left out), from its first few hundred characters."""
        if not text:
            return frozenset()
        lines = [
            _DESC_HEADING.sub(" ", ln) for ln in text.splitlines() if not _DESC_NOISE.match(ln)
        ]
        body = _URL.sub(" ", "\n".join(lines))[:_DESC_CHARS]
        found = self._desc_cache.get(body)
        if found is None:
            found = frozenset(t for t, _, _ in self.spans(self.clean(body)))
            if len(self._desc_cache) < 10_000:  # series repeat theirs; most are unique
                self._desc_cache[body] = found
        return found


FUZZY_CUTOFF = 85  # rapidfuzz ratio at which two words count as one ("inspection(s)")
FUZZY_MIN_LENGTH = 5


def _fuzzy_common(only_a: frozenset[str], only_b: frozenset[str]) -> int:
    """How many of the words found in one title only have a close spelling in the other
    (plural, -ing, a typo), matched one to one with rapidfuzz. Chinese bigrams and short
    words must match exactly: one character changes their meaning."""
    candidates = [t for t in only_b if len(t) >= FUZZY_MIN_LENGTH and t.isascii()]
    if not candidates:
        return 0
    matched = 0
    for token in sorted(only_a):
        if len(token) < FUZZY_MIN_LENGTH or not token.isascii() or not candidates:
            continue
        best = process.extractOne(token, candidates, scorer=fuzz.ratio,
                                  score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            candidates.remove(best[0])
            matched += 1
    return matched


def similarity(
    a: frozenset[str], b: frozenset[str], *, containment_factor: float, min_tokens: int
) -> float:
    """Similarity 0..1 of two token sets: Dice, or scaled containment of the smaller one in
    the larger one when the smaller one has at least ``min_tokens`` tokens."""
    if not a or not b:
        return 0.0
    common = len(a & b) + _fuzzy_common(a - b, b - a)
    if not common:
        return 0.0
    score = 2 * common / (len(a) + len(b))
    smaller = min(len(a), len(b))
    if smaller >= min_tokens:
        score = max(score, containment_factor * common / smaller)
    return score


def shared_part(tokenizer: Tokenizer, titles: Sequence[str], limit: int = 3) -> str:
    """The words the titles have in common, as they read in the first title
    ("安全生产", "flood prevention"), for the reason text; "" when there are none.

    Tokens common to all titles; when there are none (a group held together by other
    signals), those the first title shares with any other."""
    if len(titles) < 2:
        return ""
    first = tokenizer.tokens(titles[0])
    others = [tokenizer.tokens(t) for t in titles[1:]]
    common = set(first).intersection(*others)
    if not common:
        common = {t for t in first if any(t in o for o in others)}
    if not common:
        return ""
    cleaned = tokenizer.clean(titles[0])
    covered = [False] * len(cleaned)
    for token, start, end in tokenizer.spans(cleaned):
        if token in common:
            covered[start:end] = [True] * (end - start)
    # maximal covered stretches; English words separated by one space stay together
    parts: list[str] = []
    current = ""
    for ch, on in zip(cleaned, covered, strict=True):
        if on or (current and ch == " " and not _HAS_CJK.match(current[-1])):
            current += ch
        elif current:
            parts.append(current)
            current = ""
    parts.append(current)
    parts = [" ".join(p.split()) for p in parts if p.strip()]
    return " … ".join(parts[:limit])


@lru_cache(maxsize=64)
def tokenizer_for(boilerplate: tuple[str, ...]) -> Tokenizer:
    """One tokenizer per boilerplate list (settings are frozen, so this is safe to share)."""
    return Tokenizer(boilerplate)
