"""Reading an event title the way a scheduler does: normalising it and finding its parts.

* :func:`normalise`: NFKC (full-width letters and punctuation become ASCII), traditional
  Chinese characters become simplified ones (OpenCC ``t2s``), runs of white space collapse.
* :func:`chinese_core`: a Chinese title is head-final — the event noun at its end says what
  the event is. What comes after that noun in news-style titles (``…开工仪式在XX举行``,
  ``…会议隆重开幕``, ``…座谈会（图）``, a date) is set aside here, so that the noun is last.
* :func:`english_clauses`: an English title's main clause (the event) and the rest (its topic,
  place, guests: ``Meeting re Arena``, ``Tour of the plant site``).

Pure functions of their text; OpenCC's dictionaries are loaded once, on first use.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from leanmeet.planner.patterns import LazyPattern

_CJK = LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACES = LazyPattern(r"\s+")

_converter = None
_converter_lock = threading.Lock()


def _t2s():
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def nfkc(text: str) -> str:
    """NFKC form (full-width letters and punctuation become ASCII)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """NFKC, traditional → simplified Chinese, white space collapsed, curly quotes straight."""
    if not text:
        return ""
    text = nfkc(text).replace("’", "'").replace("‘", "'")
    if has_cjk(text):
        text = _t2s().convert(text)
    return _SPACES.sub(" ", text).strip()


# ------------------------------------------------------------------------------- Chinese
_NUM = "0-9一二三四五六七八九十百千零〇两"
# bracketed asides: （扩大）, (长春), 【直播】, [图]; quotes and book-title marks are dropped
# but their text is kept (《政府工作报告》征求意见座谈会)
_ASIDE = LazyPattern(r"[(\[【〔［]([^()\[\]【】〔〕［］]{0,24})[)\]】〕］]")
_QUOTES = LazyPattern(r"[\"“”'‘’「」『』《》〈〉]")
_TRAILING_PUNCT = LazyPattern(r"[\s。．.！!？?，,、；;：:…·~\-—_/|]+$")
_TRAILING_DATE = LazyPattern(
    rf"\s*(?:[{_NUM}]{{4}}年)?[{_NUM}]{{1,2}}月[{_NUM}]{{1,3}}日?$"
    r"|\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|\s*\d{4}$"
)
_ADVERB = "(?:隆重|正式|顺利|胜利|圆满|盛大|如期|在京|今日|昨日|今天|昨天)?"
_OPEN_CLOSE = "开幕|闭幕|启幕|落幕"
# …在XX举行 / …于XX召开 / …在京开幕
_AT_PLACE = LazyPattern(
    rf"(?:在|于)[^，,。在于]{{1,20}}?{_ADVERB}(举行|召开|举办|{_OPEN_CLOSE}|开班|启动)$"
)
_HELD = LazyPattern(rf"{_ADVERB}(举行|召开|举办|开班|启动)$")
_OPENED = LazyPattern(rf"{_ADVERB}({_OPEN_CLOSE})$")
# …并讲话 / …并致辞 / …并宣布开工
_AND_SPEAKS = LazyPattern(r"并(?:发表|作)?(?:重要)?(?:讲话|致辞|宣布[^，,]{0,12})$")


def _strip_once(text: str) -> tuple[str, str]:
    for pattern in (_TRAILING_PUNCT, _TRAILING_DATE, _AND_SPEAKS, _AT_PLACE, _HELD, _OPENED):
        match = pattern.search(text)
        if match and match.start() >= 2:  # never strip a title down to nothing
            verb = match.group(1) if pattern.groups else ""
            return text[: match.start()], verb if verb in ("开幕", "闭幕") else ""
    return text, ""


@lru_cache(maxsize=65536)
def chinese_core(text: str) -> tuple[str, str]:
    """The title with asides, quotes and what follows its event noun set aside, and
    ``"开幕"``/``"闭幕"`` when the title said the event opened or closed (else "").

    ``text`` is already :func:`normalise`d."""
    asides = [m.group(1) for m in _ASIDE.finditer(text) if has_cjk(m.group(1))]
    text = _ASIDE.sub(lambda m: "" if has_cjk(m.group(1)) or not m.group(1) else m.group(0),
                      text)
    if asides and not has_cjk(text):  # "Sixth Session of … (市第十九届…第六次会议)": the
        text = asides[-1]             # Chinese in brackets is the title in Chinese
    text = _QUOTES.sub("", text).strip()
    opened = ""
    for _ in range(6):
        stripped, verb = _strip_once(text)
        opened = opened or verb
        if stripped == text:
            break
        text = stripped.rstrip()
    return text, opened


# ------------------------------------------------------------------------------- English
# a topic, a place, the people: the event is what comes before them
_EN_SPLIT = LazyPattern(
    r"\s(?:re:?|regarding|about|concerning|to discuss|of|for|with|at|on|in|to|by|from|"
    r"during|between|featuring|hosted by)\s|:\s|\s[-–—]\s|\s\|\s|\(",
    re.IGNORECASE,
)


def ascii_part(text: str) -> str:
    """The non-Chinese part of a mixed title (its English words)."""
    return _SPACES.sub(" ", _CJK_RUN.sub(" ", text)).strip()


_CJK_RUN = LazyPattern(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def english_clauses(text: str) -> tuple[str, str]:
    """(main clause, rest) of an English title."""
    match = _EN_SPLIT.search(text)
    if match is None or match.start() == 0:
        return text, ""
    return text[: match.start()], text[match.start():]
