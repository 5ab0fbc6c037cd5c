"""Event kinds, each with its reason (SPEC §3).

Order: the scheduler's override; a CATEGORIES value that names a kind (its name or one of the
rulebook's ``categories`` aliases, whole value, case-insensitive); a remembered correction
(``[[kinds.remembered]]``); then the title read as a scheduler reads it
(:meth:`Classifier.read_title`, see ``planner.titles`` and the comments of
``rulebook_default.toml``); otherwise ``meeting``. Every answer carries its reason, e.g.
``ceremony: title ends in 开工仪式 — §4 activities``.

The lists come from the rulebook's ``[kinds]`` tables and are compiled once per rulebook
(:func:`compile_classifier`, cached); a title's reading is cached per distinct text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from leanmeet.planner.decisions import DecisionIndex
from leanmeet.planner.model import KINDS, Occurrence
from leanmeet.planner.patterns import LazyPattern
from leanmeet.planner.rulebook import KindConfig, KindsConfig, RememberedKind, Rulebook
from leanmeet.planner.titles import (
    ascii_part,
    chinese_core,
    english_clauses,
    has_cjk,
    nfkc,
    normalise,
)

DEFAULT_KIND = "meeting"

# the clause each kind answers to (shown after the reason)
CLAUSES: dict[str, str] = {
    "meeting": "§3 meeting time",
    "plenary": "§3 meeting time: the Party Congress and the Two Sessions are exempt",
    "ceremony": "§4 activities",
    "commercial": "§4 commercial",
    "research": "§1 research",
}

__all__ = [
    "CLAUSES", "DEFAULT_KIND", "Classifier", "KeywordMatcher", "Reading", "classify",
    "compile_classifier", "explain", "nfkc", "occurrence_fields", "remembered_matches",
    "remembered_pattern",
]

_SEP = LazyPattern(r"[\s\-_]+")
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


def _zh_body(keyword: str) -> str:
    return re.escape(normalise(keyword))


# a rulebook has some fifty keyword lists, and most commands (a week's ``list``, the TUI's
# first frame) consult only a few of them, while compiling all of them took a tenth of a second
_Pattern = LazyPattern


@dataclass(frozen=True, slots=True)
class Hit:
    """A keyword found in a text: its span and the text it matched."""

    start: int
    end: int
    text: str


class KeywordMatcher:
    """English (word-bounded, case-insensitive) and Chinese (substring) keywords, compiled.

    One regex for the English keywords and one for the Chinese ones; ``a+b`` keywords are
    checked part by part. Chinese keywords are normalised (traditional → simplified) like the
    texts they are searched in.
    """

    __slots__ = ("_en", "_zh", "_zh_needs_cjk", "_conjunctions", "_ignore")

    def __init__(self, en: Iterable[str], zh: Iterable[str], ignore: Iterable[str] = ()) -> None:
        en, zh = tuple(en), tuple(zh)
        # phrases blanked out first: ASCII ones on word boundaries, others as substrings
        ignored = []
        for phrase in (p.strip() for p in ignore):
            if phrase.isascii() and phrase:
                ignored.append(f"{_EN_BEFORE}{_en_alternative(phrase)}(?![0-9A-Za-z])")
            elif phrase:
                ignored.append(_zh_body(phrase))
        self._ignore = _Pattern(_alternation(ignored), re.IGNORECASE) if ignored else None
        en_bodies: list[str] = []
        zh_bodies: list[str] = []
        conjunctions: list[tuple[_Pattern, ...]] = []
        for keywords, bodies, body, wrap in (
            (en, en_bodies, _en_alternative, self._en_pattern),
            (zh, zh_bodies, _zh_body, self._zh_pattern),
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

    @classmethod
    def mixed(cls, keywords: Iterable[str], ignore: Iterable[str] = ()) -> KeywordMatcher:
        """One list of both scripts: ASCII entries are English, the others Chinese."""
        keywords = tuple(k for k in keywords if k.strip())
        return cls([k for k in keywords if k.isascii()], [k for k in keywords if not k.isascii()],
                   ignore)

    @staticmethod
    def _en_pattern(body: str) -> _Pattern:
        return _Pattern(f"{_EN_BEFORE}(?:{body}){_EN_AFTER}", re.IGNORECASE)

    @staticmethod
    def _zh_pattern(body: str) -> _Pattern:
        return _Pattern(body, re.IGNORECASE)

    def __bool__(self) -> bool:
        return self._en is not None or self._zh is not None or bool(self._conjunctions)

    def blank(self, text: str) -> str:
        """``text`` with the ignored phrases replaced by spaces (same length)."""
        if self._ignore is None:
            return text
        return self._ignore.sub(lambda m: " " * len(m.group(0)), text)

    def hits(self, text: str) -> list[Hit]:
        """Every keyword found in ``text`` (already normalised), in order of position."""
        if not text:
            return []
        text = self.blank(text)
        found: list[Hit] = []
        if self._en is not None:
            found += [Hit(m.start(), m.end(), m.group(0)) for m in self._en.finditer(text)]
        if self._zh is not None and not (self._zh_needs_cjk and text.isascii()):
            found += [Hit(m.start(), m.end(), m.group(0)) for m in self._zh.finditer(text)]
        for parts in self._conjunctions:
            matches = [part.search(text) for part in parts]
            if all(matches):
                start = min(m.start() for m in matches)
                end = max(m.end() for m in matches)
                found.append(Hit(start, end, "+".join(m.group(0) for m in matches)))
        return sorted(found, key=lambda h: (h.start, -h.end))

    def remove(self, text: str) -> str:
        """``text`` with every keyword found in it replaced by a space."""
        out, last = [], 0
        for hit in self.hits(text):
            if hit.start >= last:
                out.append(text[last:hit.start])
                out.append(" ")
                last = hit.end
        out.append(text[last:])
        return "".join(out)

    def search(self, text: str) -> str | None:
        """The first matched keyword text in ``text``, or None."""
        found = self.hits(text)
        return found[0].text if found else None


def occurrence_fields(occ: Occurrence) -> dict[str, str]:
    """The text fields keywords look at, normalised (NFKC, simplified Chinese)."""
    return {
        "summary": normalise(occ.summary),
        "location": normalise(occ.location),
        "description": normalise(occ.description),
    }


@dataclass(frozen=True, slots=True)
class Reading:
    """A kind and why: ``str(reading)`` is ``"<kind>: <why> — <clause>"``."""

    kind: str
    why: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.why} — {CLAUSES.get(self.kind, '')}".rstrip(" —")


# ----------------------------------------------------------------------------- structure
_N = "[0-9一二三四五六七八九十百零〇两]+"
# the sessions themselves, at the end of a Chinese title (simplified)
_SESSIONS = tuple(LazyPattern(p) for p in (
    rf"人民代表大会第?{_N}次(?:全体)?会议$",                       # 人民代表大会第五次会议
    rf"{_N}届(?:全国)?人大{_N}次(?:全体)?会议$",                   # 十七届人大五次会议
    rf"政协[^\s,，。]{{0,10}}?{_N}届[^\s,，。]{{0,10}}?{_N}次(?:全体)?会议$",  # 政协十四届三次会议
    rf"(?:中国人民)?政治协商会议[^\s,，。]{{0,10}}?第?{_N}届[^\s,，。]{{0,10}}?委员会"
    rf"第?{_N}次(?:全体)?会议$",
    rf"人大(?:第)?{_N}届(?:第)?{_N}次(?:全体)?会议$",                # 人大九届一次会议
    rf"(?:中国共产党|中共|党的)[^\s,，。]{{0,12}}?第?{_N}次(?:全国)?代表大会$",
    rf"第?{_N}次党代会$",
    rf"党的{_N}大$",
))
# what may come before a session's name: a year, a place, ordinals (市, 江苏省第十三次, 全国)
_SESSION_PREFIX = LazyPattern(
    rf"^(?:\d{{4}}年度?|全国|全省|全市|全县|[^\s,，。]{{0,8}}?(?:省|市|县|区|州|盟|旗|镇|乡)|"
    rf"第?{_N}(?:届|次))*$"
)
_SESSION_PARTS = LazyPattern(
    rf"(?:举行)?第{_N}次全体会议$|开幕会$|闭幕会$|开幕式$|闭幕式$|开幕大会$|闭幕大会$|预备会议$"
)
# English: words that say the session is meeting
_EN_SESSION = LazyPattern(
    r"\b(?:sessions?|plenary|opening|closing|opens|opened|closes|closed|"
    r"begins|began|convenes|convened|concludes|concluded|annual meeting)\b", re.IGNORECASE)
_EN_FILLER = LazyPattern(
    r"\b(?:the|a|an|of|and|municipal|city|provincial|province|county|district|national|"
    r"annual|chinese|china's|\d+(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth|(?:\w+teenth)|(?:twenty|thirty)\w*)\b|[^\w\s]",
    re.IGNORECASE)
# a main clause that is itself a session ("Fourth plenary meeting", "Closing meeting")
_EN_SESSION_CLAUSE = LazyPattern(
    r"(?:the\s+)?(?:[\w'-]+\s+){0,2}?(?:plenary|opening|closing|annual)\s+(?:meeting|session)s?"
    r"|(?:the\s+)?(?:[\w'-]+\s+){0,2}?sessions?", re.IGNORECASE)
# generic meeting heads: a celebration or commemoration word before them makes a ceremony
_GENERIC_HEADS = frozenset({"会", "大会", "会议"})
# 来 as in "visitors come": not 未来, 以来, 来到, 来自 ...
_GUEST_COME = LazyPattern(r"(?<![未以近原本后将从起出回看带归迎外])来(?![到自往源])")
_WORD = LazyPattern(r"[0-9A-Za-z']+")


class _Kind:
    """One kind's compiled lists."""

    def __init__(self, name: str, cfg: KindConfig) -> None:
        self.name = name
        self.fields = tuple(cfg.fields)
        self.en = KeywordMatcher(cfg.en, (), cfg.ignore)
        self.zh = KeywordMatcher((), cfg.zh, cfg.ignore)
        self.words = KeywordMatcher(cfg.en, cfg.zh, cfg.ignore)
        # Chinese keywords by length, for the head that ends a title
        self.suffixes: dict[int, frozenset[str]] = {}
        by_len: dict[int, set[str]] = {}
        for keyword in cfg.zh:
            keyword = normalise(keyword.strip())
            if keyword and "+" not in keyword:
                by_len.setdefault(len(keyword), set()).add(keyword)
        self.suffixes = {n: frozenset(v) for n, v in sorted(by_len.items(), reverse=True)}
        self.ignore = KeywordMatcher((), (), cfg.ignore)
        self.hosts = KeywordMatcher.mixed(cfg.hosts)
        self.host_activities = KeywordMatcher.mixed(cfg.host_activities)
        self.venues = KeywordMatcher.mixed(cfg.venues)
        self.venue_activities = KeywordMatcher.mixed(cfg.venue_activities)
        self.openings = KeywordMatcher.mixed(cfg.openings)
        self.public = KeywordMatcher.mixed(cfg.public)
        self.unless = KeywordMatcher.mixed([u for u in cfg.unless if u != "来"])
        self.guest_come = "来" in cfg.unless

    def head(self, core: str) -> Hit | None:
        """The longest keyword of this kind that ends ``core``."""
        text = self.ignore.blank(core)
        for length, keywords in self.suffixes.items():
            if length <= len(text) and text[-length:] in keywords:
                return Hit(len(text) - length, len(text), text[-length:])
        return None

    def guest(self, text: str) -> str | None:
        """A marker of visitors hosted by us (research: 来…考察, 考察团, visit from)."""
        hit = self.unless.search(text)
        if hit:
            return hit
        if self.guest_come and _GUEST_COME.search(text):
            return "来"
        return None


# the kinds a title's head can be, most specific first when two heads have the same length
_HEAD_ORDER = ("commercial", "ceremony", "research", "meeting")


class Classifier:
    """Classification compiled for one rulebook's ``[kinds]`` table."""

    def __init__(self, kinds: KindsConfig) -> None:
        precedence = list(kinds.precedence)
        rest = [k for k in KINDS if k not in precedence and k != DEFAULT_KIND]
        order = precedence + rest + ([DEFAULT_KIND] if DEFAULT_KIND not in precedence else [])
        self._rank = {kind: i for i, kind in enumerate(order)}
        self._aliases: dict[str, str] = {}
        # earlier kinds in the order win when an alias is listed under two kinds
        for kind in reversed(order):
            cfg = getattr(kinds, kind)
            for alias in (kind, *cfg.categories):
                self._aliases[nfkc(alias).strip().casefold()] = kind
        # kinds recognised from text: those in the precedence list, and meeting
        self._on = frozenset(k for k in precedence if k in KINDS) | {DEFAULT_KIND}
        self._k = {kind: _Kind(kind, getattr(kinds, kind)) for kind in KINDS}
        self._remembered = tuple(sorted(kinds.remembered, key=lambda r: -len(r.pattern)))
        self._reads: dict[tuple[str, str, str], Reading] = {}
        self._matter: dict[tuple[str, str], bool] = {}
        # the other fields any kind reads (a reading is cached per distinct text it reads)
        used = {name for kind in self._on for name in self._k[kind].fields}
        self._uses_location = "location" in used
        self._uses_description = "description" in used

    # ------------------------------------------------------------------ public API
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

    def reading(self, occ: Occurrence, override: str | None = None) -> Reading:
        """The kind of ``occ`` and why."""
        if override in KINDS:
            return override_reading(override)  # type: ignore[arg-type]
        return self.text_reading(occ.summary, occ.location, occ.description, occ.categories)

    def text_reading(self, summary: str, location: str, description: str,
                     categories: Sequence[str]) -> Reading:
        """The kind of an event's texts and why (no scheduler's override): CATEGORIES, then
        remembered corrections and the title."""
        kind = self.category_kind(categories)
        if kind is not None:
            value = next(c for c in categories
                         if self._aliases.get(nfkc(c).strip().casefold()) == kind)
            return Reading(kind, f"from CATEGORIES {value.strip()!r}")
        return self.read_title(summary, location, description)

    def classify(self, occ: Occurrence, override: str | None = None) -> str:
        return self.reading(occ, override).kind

    def explain(self, occ: Occurrence, override: str | None = None) -> str:
        """Why ``occ`` has its kind, in one line (``ceremony: title ends in 剪彩 — §4 …``)."""
        return str(self.reading(occ, override))

    def read_title(self, summary: str, location: str = "", description: str = "") -> Reading:
        """The kind of an event from its text: remembered corrections, then the title."""
        location = location if self._uses_location and self._matters("location", location) \
            else ""
        description = description if self._uses_description and self._matters(
            "description", description) else ""
        key = (summary, location, description)
        found = self._reads.get(key)
        if found is None:
            if len(self._reads) > 100_000:
                self._reads.clear()
            found = self._reads[key] = self._read(summary, location, description)
        return found

    def _matters(self, name: str, text: str) -> bool:
        """Whether a keyword of a kind that reads field ``name`` is in ``text``: a location
        or description without one reads like an empty one, so the reading of a title is
        cached once for all of them (a week of 3,000 events has a few hundred titles)."""
        key = (name, text)
        found = self._matter.get(key)
        if found is None:
            if len(self._matter) > 100_000:
                self._matter.clear()
            value = normalise(text)
            found = self._matter[key] = any(
                self._k[kind].words.search(value) is not None
                for kind in self._on | {"commercial"} if name in self._k[kind].fields)
        return found

    def remembered_rule(self, summary: str) -> RememberedKind | None:
        """The remembered correction that applies to ``summary``, or None."""
        if not self._remembered:
            return None
        text = normalise(summary)
        core = chinese_core(text)[0] if has_cjk(text) else text
        for rule in self._remembered:
            if remembered_matches(rule, text, core):
                return rule
        return None

    # ------------------------------------------------------------------ reading
    def _read(self, summary: str, location: str, description: str) -> Reading:
        text = normalise(summary)
        rule = self.remembered_rule(summary)
        if rule is not None:
            how = {"ends": "ending in", "contains": "containing", "words": "with the words"}
            return Reading(rule.kind, f"remembered correction: titles {how[rule.match]} "
                                      f"{rule.pattern!r}")
        fields = {"summary": text, "location": normalise(location),
                  "description": normalise(description)}
        if has_cjk(text):
            found = self._read_chinese(text, fields)
            english = ascii_part(text)
            if found is None and _WORD.search(english):  # a bilingual title
                found = self._read_english(english, {**fields, "summary": english})
        else:
            found = self._read_english(text, fields)
        if found is not None:
            return found
        # nothing in the title: the other fields a kind lists (a description, a location)
        for kind in sorted(self._on - {DEFAULT_KIND}, key=self._rank.__getitem__):
            k = self._k[kind]
            for name in k.fields:
                if name == "summary":
                    continue
                hit = k.words.search(fields.get(name, ""))
                if hit:
                    return Reading(kind, f"{hit!r} in {name.upper()}")
        return Reading(DEFAULT_KIND, "no event noun of another kind in the title (when "
                                     "unsure: meeting)")

    def _enabled(self, kind: str) -> bool:
        return kind in self._on

    def _watching(self, text: str) -> Reading | None:
        """Titles that say the event is watching or following another one (收看…开幕式)."""
        hit = self._k[DEFAULT_KIND].unless.search(text)
        if hit:
            return Reading(DEFAULT_KIND, f"{hit!r}: the event follows another one")
        return None

    def _read_chinese(self, text: str, fields: dict[str, str]) -> Reading | None:
        core, _opened = chinese_core(text)
        watching = self._watching(text)
        if watching:
            return watching
        if self._enabled("plenary"):
            session = self._plenary_zh(core, text)
            if session:
                return Reading("plenary", f"the session itself ({session})")
        head: tuple[str, Hit] | None = None
        for kind in _HEAD_ORDER:
            if not self._enabled(kind):
                continue
            hit = self._k[kind].head(core)
            if hit and (head is None or len(hit.text) > len(head[1].text)):
                head = (kind, hit)
        if head and head[0] == DEFAULT_KIND and head[1].text in _GENERIC_HEADS:
            before = self._k["ceremony"].zh.hits(core[: head[1].start])
            if before and self._enabled("ceremony"):  # 庆祝…大会, 纪念…大会
                head = ("ceremony", Hit(before[-1].start, head[1].end,
                                        core[before[-1].start: head[1].end]))
        return self._decide(head, core, text, fields, chinese=True)

    def _read_english(self, text: str, fields: dict[str, str]) -> Reading | None:
        watching = self._watching(text)
        if watching:
            return watching
        if self._enabled("plenary"):
            body = self._plenary_en(text)
            if body:
                return Reading("plenary", f"the {body} session itself")
        main, _rest = english_clauses(text)
        head: tuple[str, Hit] | None = None
        for kind in _HEAD_ORDER:
            if kind == "commercial" or not self._enabled(kind):
                continue
            for hit in self._k[kind].en.hits(main):
                if head is None or (hit.end, len(hit.text)) > (head[1].end, len(head[1].text)):
                    head = (kind, hit)
        return self._decide(head, main, text, fields, chinese=False)

    def _decide(self, head: tuple[str, Hit] | None, core: str, text: str,
                fields: dict[str, str], *, chinese: bool) -> Reading | None:
        commercial = self._commercial(fields) if self._enabled("commercial") else None
        if commercial is not None:
            why, span = commercial
            if head is None:
                return Reading("commercial", why)
            kind, hit = head
            overlaps = span is not None and span.start < hit.end and hit.start < span.end
            if kind == DEFAULT_KIND and not overlaps:
                pass  # a meeting about a commercial matter (…楼盘开盘调度会)
            elif kind == DEFAULT_KIND or self._rank["commercial"] < self._rank[kind]:
                return Reading("commercial", why)
        if head is not None:
            kind, hit = head
            if kind == "research":
                guest = self._k["research"].guest(text)
                if guest:
                    return Reading(DEFAULT_KIND, f"visitors hosted by us ({guest!r} with "
                                                 f"{hit.text!r}), not our leaders' research")
            if chinese:
                return Reading(kind, f"title ends in {hit.text}")
            return Reading(kind, f"the title names {hit.text!r}")
        # no head: what the title does, anywhere (research, then meeting, then ceremony);
        # a keyword inside a longer keyword of another kind does not count (会 in 博览会)
        where = core if chinese else text
        found_by_kind = {
            kind: (self._k[kind].zh if chinese else self._k[kind].en).hits(where)
            for kind in ("research", DEFAULT_KIND, "ceremony") if self._enabled(kind)
        }
        every = [h for hits in found_by_kind.values() for h in hits]
        for kind, found in found_by_kind.items():
            found = [h for h in found if not any(
                o.start <= h.start and h.end <= o.end and len(o.text) > len(h.text)
                for o in every)]
            if not found:
                continue
            k = self._k[kind]
            hit = found[0]
            if kind == "research":
                guest = k.guest(text)
                if guest:
                    return Reading(DEFAULT_KIND, f"visitors hosted by us ({guest!r} with "
                                                 f"{hit.text!r}), not our leaders' research")
            return Reading(kind, f"{hit.text!r} in the title")
        return None

    def _commercial(self, fields: dict[str, str]) -> tuple[str, Hit | None] | None:
        """(reason, span of the commercial activity in the summary) when host and activity
        make the event commercial, or a keyword is commercial by itself."""
        k = self._k["commercial"]
        summary = fields["summary"]
        for name in k.fields:
            hits = k.words.hits(fields.get(name, ""))
            if hits:
                where = "" if name == "summary" else f" in {name.upper()}"
                return (f"{hits[0].text!r}{where} is commercial",
                        hits[0] if name == "summary" else None)
        if k.public.search(summary):  # a public host: its openings are not commercial
            return None
        host = k.hosts.search(summary)
        if host:
            acts = k.host_activities.hits(summary)
            if acts:
                return f"{acts[-1].text!r} by a business ({host!r})", acts[-1]
        venue = k.venues.search(summary)
        if venue:
            acts = [h for h in k.venue_activities.hits(summary) if h.text.casefold() !=
                    venue.casefold()]
            if acts:
                return f"{acts[-1].text!r} at a retail or property venue ({venue!r})", acts[-1]
        opening = k.openings.hits(summary)
        if opening:
            return f"{opening[-1].text!r} is a business opening", opening[-1]
        return None

    def _plenary_zh(self, core: str, text: str) -> str | None:
        k = self._k["plenary"]
        if k.unless.search(text):
            return None
        t = core
        for _ in range(2):
            stripped = _SESSION_PARTS.sub("", t)
            if len(stripped) >= 2:
                t = stripped
        for pattern in _SESSIONS:
            match = pattern.search(t)
            if match and _SESSION_PREFIX.match(t[: match.start()]):
                return t
        hit = k.head(t)  # 党代会, 人代会, 两会 … named on their own
        if hit and _SESSION_PREFIX.match(t[: hit.start]):
            return t
        return None

    def _plenary_en(self, text: str) -> str | None:
        k = self._k["plenary"]
        body = k.en.search(text)
        if not body or k.unless.search(text):
            return None
        main, _rest = english_clauses(text)
        if not k.en.search(main) and not _EN_SESSION_CLAUSE.fullmatch(main.strip()):
            return None  # the session is only the topic: "Town hall meeting on the NPC session"
        if _EN_SESSION.search(text):
            return body
        if not _EN_FILLER.sub(" ", k.en.remove(text)).strip():
            return body
        return None


def remembered_matches(rule: RememberedKind, text: str, core: str) -> bool:
    """Whether a remembered correction applies to a (normalised) title."""
    pattern = normalise(rule.pattern)
    if not pattern:
        return False
    if rule.match == "contains":
        return pattern.casefold() in text.casefold()
    if rule.match == "words":
        words = set(w.casefold() for w in _WORD.findall(text))
        wanted = [w.casefold() for w in _WORD.findall(pattern)]
        if has_cjk(pattern):
            return pattern in text
        return bool(wanted) and all(w in words for w in wanted)
    # ends
    target = core if has_cjk(text) else text
    return target.casefold().endswith(pattern.casefold())


@lru_cache(maxsize=16)
def compile_classifier(kinds: KindsConfig) -> Classifier:
    return Classifier(kinds)


def override_reading(kind: str) -> Reading:
    return Reading(kind, "set by the scheduler (kind override)")


def scheduler_kind(rulebook: Rulebook, decisions: DecisionIndex,
                   stored: str | None = None) -> Callable[[Occurrence], str]:
    """The kind of an occurrence as the scheduler sees it: their override (a ``kind``
    decision), else the rulebook's classification. The one place that applies the override
    (the rules, the plan, the application layer all ask it). ``stored``: see
    :func:`scheduler_reading`."""
    reading = scheduler_reading(rulebook, decisions, stored)
    return lambda occ: reading(occ).kind


def scheduler_reading(rulebook: Rulebook, decisions: DecisionIndex,
                      stored: str | None = None) -> Callable[[Occurrence], Reading]:
    """:func:`scheduler_kind` with its reason (a :class:`Reading`). ``stored``: the key of
    the classifications stored with the events that are valid now (``Occurrence.reading``
    made by this rulebook's kinds and this classifier); an occurrence without one is
    classified here, and the classifier is compiled only if one needs it."""
    override = decisions.kind_override
    classifier: Classifier | None = None

    def reading(occ: Occurrence) -> Reading:
        nonlocal classifier
        wanted = override(occ)
        if wanted in KINDS:
            return override_reading(wanted)  # type: ignore[arg-type]
        kept = occ.reading
        if stored is not None and kept is not None and kept[0] == stored:
            return Reading(kept[1], kept[2])  # type: ignore[arg-type]
        if classifier is None:
            classifier = compile_classifier(rulebook.kinds)
        return classifier.reading(occ)

    return reading


def classify(occ: Occurrence, rulebook: Rulebook, override: str | None = None) -> str:
    """The kind of ``occ``: override, CATEGORIES, remembered corrections, the title;
    ``meeting`` by default."""
    return compile_classifier(rulebook.kinds).classify(occ, override)


def explain(occ: Occurrence, rulebook: Rulebook, override: str | None = None) -> str:
    """``classify`` with its reason: ``"<kind>: <why> — <clause>"``."""
    return compile_classifier(rulebook.kinds).explain(occ, override)


def read_titles(titles: Sequence[str], rulebook: Rulebook) -> list[Reading]:
    """The readings of bare titles (for the benchmark and the labelled set)."""
    classifier = compile_classifier(rulebook.kinds)
    return [classifier.read_title(t) for t in titles]


# ----------------------------------------------------------------------------- corrections
# a title's tail after its last place, date or ordinal is what titles "like it" share
_TAIL_BOUNDARY = LazyPattern(r".*[届年月日号期次市县区镇乡村省州\d\s,，、·:：;；\-—()（）]")
_EN_NOISE = LazyPattern(
    r"^(?:the|a|an|of|and|for|to|in|on|at|with|by|annual|\d+(?:st|nd|rd|th)?|"
    r"january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.IGNORECASE)


def remembered_pattern(summary: str) -> tuple[str, str]:
    """(pattern, match) that make a remembered correction cover titles like ``summary``:
    for a Chinese title the tail after its last place, date or ordinal
    (第三届油菜花节开幕 → ends in 油菜花节), for an English one its significant words
    (12th Annual Lantern Festival 2024 → the words "lantern festival")."""
    text = normalise(summary)
    if has_cjk(text):
        core = chinese_core(text)[0]
        tail = _TAIL_BOUNDARY.sub("", core)
        if len(tail) < 2:
            tail = core
        return tail[-12:], "ends"
    words = [w for w in _WORD.findall(text) if not _EN_NOISE.match(w)]
    if not words:
        return text, "contains"
    return " ".join(w.lower() for w in words[-5:]), "words"
