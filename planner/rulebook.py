"""The rulebook: thresholds, keywords, severities and switches of the meeting-discipline rules.

The built-in defaults live in ``rulebook_default.toml`` (package data, the single source of the
default values); a user file overrides them key by key. Every value is validated against the
dataclasses below generically (``dataclasses.fields`` + type hints), so adding a setting means
adding a field here and a key to the default TOML — nothing else. The ``[merge]`` table is
validated the same way against :class:`planner.merge_settings.MergeSettings`.

Pure: no file I/O beyond reading the packaged defaults through ``importlib.resources``.
"""

from __future__ import annotations

import dataclasses
import sys
import tomllib
import typing
import zoneinfo
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from leanmeet.planner.merge_settings import MergeSettings
from leanmeet.planner.model import KINDS

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
TEXT_FIELDS: tuple[str, ...] = ("summary", "location", "description")


class RulebookError(ValueError):
    """A rulebook value is wrong. The message names the full key path, e.g.
    ``rules.half-day-limit.max_minutes: expected int, got str``; ``key`` holds that path."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


def _check_timezone(value: str) -> str | None:
    if not value:
        return None
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown time zone {value!r} (use an IANA name such as 'Asia/Shanghai', or '')"
    return None


def _check_country(value: str) -> str | None:
    if value and not (value.isascii() and value.isalpha() and 2 <= len(value) <= 3
                      and value.isupper()):
        return f"unknown country {value!r} (use an ISO 3166 code such as 'CN', or '')"
    return None


def _check_unique(value: tuple[str, ...]) -> str | None:
    seen: set[str] = set()
    for item in value:
        if item in seen:
            return f"{item!r} is listed twice"
        seen.add(item)
    return None


def _meta(
    *,
    key: str | None = None,
    choices: tuple[str, ...] | None = None,
    minimum: int | float | None = None,
    check: typing.Callable[[Any], str | None] | None = None,
) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if key is not None:
        meta["key"] = key
    if choices is not None:
        meta["choices"] = choices
    if minimum is not None:
        meta["minimum"] = minimum
    if check is not None:
        meta["check"] = check
    return meta


_SEVERITY = _meta(choices=SEVERITIES)
_KIND_LIST = _meta(choices=KINDS, check=_check_unique)
_FIELDS = _meta(choices=TEXT_FIELDS, check=_check_unique)


@dataclass(frozen=True, slots=True)
class KindConfig:
    """How an event is recognised as one kind (``[kinds.<kind>]``).

    Titles are read as a scheduler reads them (``planner.classify``): a Chinese title is
    head-final, so a ``zh`` keyword that *ends* the title decides its kind; without one, the
    keywords found anywhere count (research, then meeting, then ceremony). English keywords
    count in the title's main clause (before "re", "about", "on", "of"...). The lists below
    that take both scripts (``hosts``, ``venues``...) match ASCII entries on word boundaries
    and Chinese entries as substrings.
    """

    # CATEGORIES values (compared case-insensitively, whole value) that mean this kind
    categories: tuple[str, ...]
    # the event text fields searched for the keywords below
    fields: tuple[str, ...] = field(metadata=_FIELDS)
    # English keywords: case-insensitive, on word boundaries, "-"/" " interchangeable,
    # a trailing plural "s"/"es" allowed; "a+b" means both a and b appear in the field
    en: tuple[str, ...]
    # Chinese keywords (event nouns and verbs); "a+b" means both appear in the field
    zh: tuple[str, ...]
    # text that never counts as a keyword of this kind (Chinese has no word boundaries:
    # 政务公开工作 contains 开工); blanked out before the keywords are searched
    ignore: tuple[str, ...] = ()
    # commercial: who runs the event (a company, a brand) — with ``host_activities``
    hosts: tuple[str, ...] = ()
    host_activities: tuple[str, ...] = ()
    # commercial: retail and property venues (a mall, a store, a sales centre) — with
    # ``venue_activities`` (an opening, a groundbreaking, a ribbon-cutting at such a venue)
    venues: tuple[str, ...] = ()
    venue_activities: tuple[str, ...] = ()
    # commercial: a business opening (开业, grand opening) unless a public host is named
    openings: tuple[str, ...] = ()
    # commercial: public hosts (a hospital, a library, a school) that are never commercial
    public: tuple[str, ...] = ()
    # plenary: words that make a title *about* the session rather than the session itself
    # (收看, 筹备, press conference); research: markers of visitors hosted by us (考察团)
    unless: tuple[str, ...] = ()


_MATCH_MODES: tuple[str, ...] = ("ends", "contains", "words")


@dataclass(frozen=True, slots=True)
class RememberedKind:
    """A correction the scheduler asked to remember (``[[kinds.remembered]]``): titles like
    ``example`` have ``kind``. ``match``: "ends" (the title, read head-final, ends with
    ``pattern``), "contains" (the title contains it), "words" (every word of ``pattern`` is in
    the title, on word boundaries, any case)."""

    pattern: str = field(metadata=_meta(check=lambda v: None if v.strip() else "is empty"))
    kind: str = field(metadata=_meta(choices=KINDS))
    match: str = field(default="ends", metadata=_meta(choices=_MATCH_MODES))
    # the title it was learned from and when (shown by `leanmeet decisions`)
    example: str = ""
    added: str = ""


@dataclass(frozen=True, slots=True)
class KindsConfig:
    """Classification (``[kinds]``)."""

    # keyword matches of several kinds: the first kind listed here wins; kinds not listed
    # are not recognised by keywords (only by CATEGORIES or an override)
    precedence: tuple[str, ...] = field(metadata=_KIND_LIST)
    meeting: KindConfig
    ceremony: KindConfig
    commercial: KindConfig
    research: KindConfig
    plenary: KindConfig
    # corrections remembered from kind overrides (``leanmeet kind UID KIND --remember``);
    # they come after CATEGORIES and before the title is read
    remembered: tuple[RememberedKind, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleConfig:
    """What every rule's table (``[rules.<rule-id>]``) has: the switch and the severity of
    its findings. The tables below add the rule's own keys, in the order listed."""

    enabled: bool
    severity: str = field(metadata=_SEVERITY)


@dataclass(frozen=True, slots=True)
class KindsRuleConfig(RuleConfig):
    """A rule about the events of ``kinds``."""

    kinds: tuple[str, ...] = field(metadata=_KIND_LIST)


@dataclass(frozen=True, slots=True)
class KeywordRuleConfig(KindsRuleConfig):
    """A rule that reads the event text: its keywords (``en`` on word boundaries, ``zh`` as
    substrings; "a+b": both in the field) searched in ``fields``, with the text of
    ``ignore`` blanked out first (``planner.rules.keywords``)."""

    fields: tuple[str, ...] = field(metadata=_FIELDS)
    en: tuple[str, ...]
    zh: tuple[str, ...]
    ignore: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HalfDayConfig(RuleConfig):
    max_minutes: int = field(metadata=_meta(minimum=1))
    kinds: tuple[str, ...] = field(metadata=_KIND_LIST)


@dataclass(frozen=True, slots=True)
class SingleKeynoteConfig(RuleConfig):
    max_speakers: int = field(metadata=_meta(minimum=1))
    kinds: tuple[str, ...] = field(metadata=_KIND_LIST)


@dataclass(frozen=True, slots=True)
class CeremonyConfig(KindsRuleConfig):
    pass


@dataclass(frozen=True, slots=True)
class CommercialConfig(KindsRuleConfig):
    pass


@dataclass(frozen=True, slots=True)
class VenueConfig(RuleConfig):
    exempt_kinds: tuple[str, ...] = field(metadata=_KIND_LIST)
    fields: tuple[str, ...] = field(metadata=_FIELDS)
    en: tuple[str, ...]
    zh: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DoubleBookingConfig(RuleConfig):
    # all-day events take part only when their kind is listed here
    all_day_kinds: tuple[str, ...] = field(metadata=_KIND_LIST)


@dataclass(frozen=True, slots=True)
class ResearchTeamConfig(RuleConfig):
    min_leaders: int = field(metadata=_meta(minimum=2))
    kinds: tuple[str, ...] = field(metadata=_KIND_LIST)


@dataclass(frozen=True, slots=True)
class GrassrootsConfig(RuleConfig):
    min_days: int = field(metadata=_meta(minimum=0))
    kinds: tuple[str, ...] = field(metadata=_KIND_LIST)


# ---- the rest of the policy a calendar can check (issue 14)
@dataclass(frozen=True, slots=True)
class BanquetConfig(KeywordRuleConfig):
    # an official reception: these words in the same fields mean a working meal / buffet
    reception_en: tuple[str, ...]
    reception_zh: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SystemMeetingConfig(KeywordRuleConfig):
    """The keywords: a department's city-wide meeting of its own system."""

    # text (SUMMARY or DESCRIPTION) requiring the heads of counties / districts / departments
    heads_en: tuple[str, ...]
    heads_zh: tuple[str, ...]
    # roster titles (or attendee names) of county / district heads
    head_titles_en: tuple[str, ...]
    head_titles_zh: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocumentInsteadConfig(KeywordRuleConfig):
    # already a video / telephone conference (SUMMARY or LOCATION): what the policy advocates
    remote_en: tuple[str, ...]
    remote_zh: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MunicipalMeetingConfig(KeywordRuleConfig):
    """The keywords: the title says the meeting is held in the name of the Committee /
    Government."""

    # an ORGANIZER whose name ends with one of these is the Committee / Government itself
    organizers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InspectionConfig(KeywordRuleConfig):
    """``ignore``: spot checks and unannounced visits, what the policy advocates."""

    # a meeting about an inspection (English: anywhere in the field; Chinese: after the
    # keyword, titles being head-final) is not the inspection itself
    meeting_en: tuple[str, ...]
    meeting_zh: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OverseasConfig(KindsRuleConfig):
    # the office's country (ISO 3166 code); "" = the country of the office time zone
    home_country: str
    # LOCATION words meaning abroad, besides the names of other countries and regions
    en: tuple[str, ...]
    zh: tuple[str, ...]
    ignore: tuple[str, ...]
    # look for the names of other countries / regions (and their main cities) in LOCATION
    country_names: bool
    # DESCRIPTION lines starting with one of these (then ":" or "：") record the report
    report_prefixes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EscortConfig(KindsRuleConfig):
    """``kinds``: research visits, always checked."""

    # events of these kinds are checked when their title names a reception
    reception_kinds: tuple[str, ...] = field(metadata=_KIND_LIST)
    reception_en: tuple[str, ...]
    reception_zh: tuple[str, ...]
    max_staff: int = field(metadata=_meta(minimum=0))
    max_media: int = field(metadata=_meta(minimum=0))
    # roster people counted as reporters: role "media", or a department naming a news outlet
    media_departments_en: tuple[str, ...]
    media_departments_zh: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StudentsConfig(KeywordRuleConfig):
    """``fields``: searched there and in the attendees' names."""

    # an educational ceremony (SUMMARY): students belong there
    educational_en: tuple[str, ...]
    educational_zh: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SharedTransportConfig(KindsRuleConfig):
    min_leaders: int = field(metadata=_meta(minimum=2))
    # the office's own venues: a LOCATION containing one of these is not off-site
    # (compared without case, spaces and punctuation); an empty LOCATION is not judged
    office_venues: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HolidayConfig(RuleConfig):
    pass


@dataclass(frozen=True, slots=True)
class RulesConfig:
    """``[rules.<rule-id>]``: every rule has ``enabled`` and ``severity`` plus its own keys."""

    half_day_limit: HalfDayConfig = field(metadata=_meta(key="half-day-limit"))
    single_keynote: SingleKeynoteConfig = field(metadata=_meta(key="single-keynote"))
    unarranged_ceremony: CeremonyConfig = field(metadata=_meta(key="unarranged-ceremony"))
    commercial_event: CommercialConfig = field(metadata=_meta(key="commercial-event"))
    venue: VenueConfig = field(metadata=_meta(key="venue"))
    double_booking: DoubleBookingConfig = field(metadata=_meta(key="double-booking"))
    research_team: ResearchTeamConfig = field(metadata=_meta(key="research-team"))
    grassroots_days: GrassrootsConfig = field(metadata=_meta(key="grassroots-days"))
    holiday: HolidayConfig = field(metadata=_meta(key="holiday"))
    # ---- issue 14
    banquet: BanquetConfig = field(metadata=_meta(key="banquet"))
    system_meeting_invitees: SystemMeetingConfig = field(
        metadata=_meta(key="system-meeting-invitees"))
    document_instead: DocumentInsteadConfig = field(metadata=_meta(key="document-instead"))
    unarranged_municipal_meeting: MunicipalMeetingConfig = field(
        metadata=_meta(key="unarranged-municipal-meeting"))
    inspection_approval: InspectionConfig = field(metadata=_meta(key="inspection-approval"))
    overseas_visit: OverseasConfig = field(metadata=_meta(key="overseas-visit"))
    escort_size: EscortConfig = field(metadata=_meta(key="escort-size"))
    students_at_celebration: StudentsConfig = field(
        metadata=_meta(key="students-at-celebration"))
    shared_transport: SharedTransportConfig = field(metadata=_meta(key="shared-transport"))


RULE_IDS: tuple[str, ...] = tuple(f.metadata["key"] for f in dataclasses.fields(RulesConfig))
_RULE_ATTR: dict[str, str] = {f.metadata["key"]: f.name for f in dataclasses.fields(RulesConfig)}


@dataclass(frozen=True, slots=True)
class Rulebook:
    """The whole rulebook. Build it with :func:`default_rulebook` / :func:`rulebook_from_toml`."""

    # office time zone: an IANA name, or "" for the machine's local zone
    timezone: str = field(metadata=_meta(check=_check_timezone))
    kinds: KindsConfig
    rules: RulesConfig
    merge: MergeSettings = field(default_factory=MergeSettings)
    # whose public holidays and working weekends (调休) count: an ISO 3166 code, "" for none
    country: str = field(default="CN", metadata=_meta(check=_check_country))

    def rule(self, rule_id: str) -> RuleConfig:
        """The settings table of one rule (has at least ``enabled`` and ``severity``)."""
        try:
            return getattr(self.rules, _RULE_ATTR[rule_id])
        except KeyError:
            raise KeyError(f"unknown rule {rule_id!r} (known: {', '.join(RULE_IDS)})") from None

    def enabled(self, rule_id: str) -> bool:
        return bool(self.rule(rule_id).enabled)

    def severity(self, rule_id: str) -> str:
        return str(self.rule(rule_id).severity)

    def kind(self, kind: str) -> KindConfig:
        if kind not in KINDS:
            raise KeyError(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")
        return getattr(self.kinds, kind)


# --------------------------------------------------------------------------- loading

_DEFAULT_RESOURCE = "rulebook_default.toml"


@cache
def default_rulebook() -> Rulebook:
    """The built-in rulebook shipped with the package (cached; it is immutable)."""
    beside = Path(__file__).with_name(_DEFAULT_RESOURCE)  # installed as files: no need of
    try:  # importlib.resources, which costs more to import than the file to read
        text = beside.read_text(encoding="utf-8")
    except OSError:  # installed in a zip
        text = resources.files("leanmeet.planner").joinpath(_DEFAULT_RESOURCE).read_text(
            encoding="utf-8")
    try:
        data = tomllib.loads(text)
        return _build(Rulebook, data, "", None)
    except (tomllib.TOMLDecodeError, RulebookError) as exc:  # a packaging bug, not user error
        raise RulebookError(f"built-in {_DEFAULT_RESOURCE}: {exc}") from exc


def rulebook_from_toml(text: str, base: Rulebook | None = None) -> Rulebook:
    """``base`` (default: the built-in rulebook) with the keys of ``text`` replaced.

    A table replaces only the keys it names; a list replaces the whole list. An unknown key or
    a value of the wrong type raises :class:`RulebookError` naming the full key path.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulebookError(f"invalid TOML: {exc}") from None
    return rulebook_from_mapping(data, base)


def rulebook_from_mapping(data: dict[str, Any], base: Rulebook | None = None) -> Rulebook:
    """Like :func:`rulebook_from_toml` for an already parsed table."""
    return _build(Rulebook, data, "", base if base is not None else default_rulebook())


def _type_name(value: object) -> str:
    if isinstance(value, dict):
        return "table"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


def _expected_name(tp: Any) -> str:
    if dataclasses.is_dataclass(tp):
        return "table"
    if typing.get_origin(tp) is tuple:
        return f"array of {_expected_name(typing.get_args(tp)[0])}"
    return getattr(tp, "__name__", str(tp))


@cache
def _hints(cls: type) -> dict[str, Any]:
    """The field types of a settings dataclass. Its annotations are text (``from __future__
    import annotations``); each distinct text is evaluated once in its module, where
    ``typing.get_type_hints`` compiled every field's again (the most of building the
    built-in rulebook, which every command that reads it pays)."""
    return {f.name: _annotation(f.type, cls.__module__) if isinstance(f.type, str)
            else f.type for f in dataclasses.fields(cls)}


@cache
def _annotation(text: str, module: str) -> Any:
    # the package's own annotations, not input
    return eval(text, vars(sys.modules[module]))  # noqa: S307


def _field_key(f: dataclasses.Field) -> str:
    return f.metadata.get("key", f.name)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _build(cls: type, table: Any, path: str, base: Any) -> Any:
    """An instance of dataclass ``cls`` from TOML ``table``; keys missing from the table come
    from ``base`` (or the field default; with neither, the key is required)."""
    if not isinstance(table, dict):
        raise RulebookError(f"{path}: expected a table, got {_type_name(table)}", path)
    fields = {_field_key(f): f for f in dataclasses.fields(cls)}
    for key in table:
        if key not in fields:
            where = _join(path, key)
            known = ", ".join(fields)
            raise RulebookError(f"{where}: unknown key (known keys: {known})", where)
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for key, f in fields.items():
        where = _join(path, key)
        tp = hints[f.name]
        if key in table:
            if dataclasses.is_dataclass(tp):
                sub_base = getattr(base, f.name) if base is not None else None
                if sub_base is None and f.default_factory is not dataclasses.MISSING:
                    sub_base = f.default_factory()
                values[f.name] = _build(tp, table[key], where, sub_base)
            else:
                values[f.name] = _convert(table[key], tp, where, f.metadata)
        elif base is not None:
            values[f.name] = getattr(base, f.name)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise RulebookError(f"{where}: missing key", where)
    return cls(**values)


def _convert(value: Any, tp: Any, where: str, meta: typing.Mapping[str, Any]) -> Any:
    origin = typing.get_origin(tp)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise RulebookError(f"{where}: unsupported setting type {tp!r}", where)
        if not isinstance(value, list):
            raise RulebookError(
                f"{where}: expected {_expected_name(tp)}, got {_type_name(value)}", where
            )
        if dataclasses.is_dataclass(args[0]):  # an array of tables
            return tuple(
                _build(args[0], item, f"{where}[{i}]", None) for i, item in enumerate(value)
            )
        item_meta = {k: v for k, v in meta.items() if k != "check"}
        result = tuple(
            _convert(item, args[0], f"{where}[{i}]", item_meta) for i, item in enumerate(value)
        )
        _post_check(result, where, {"check": meta["check"]} if "check" in meta else {})
        return result
    if tp is bool:
        ok = isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif tp is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok:
            value = float(value)
    elif tp is str:
        ok = isinstance(value, str)
    else:
        raise RulebookError(f"{where}: unsupported setting type {tp!r}", where)
    if not ok:
        raise RulebookError(
            f"{where}: expected {_expected_name(tp)}, got {_type_name(value)}", where
        )
    _post_check(value, where, meta)
    return value


def _post_check(value: Any, where: str, meta: typing.Mapping[str, Any]) -> None:
    choices = meta.get("choices")
    if choices is not None and not isinstance(value, tuple) and value not in choices:
        raise RulebookError(f"{where}: {value!r} is not one of {', '.join(choices)}", where)
    minimum = meta.get("minimum")
    if minimum is not None and not isinstance(value, tuple) and value < minimum:
        raise RulebookError(f"{where}: must be at least {minimum}, got {value}", where)
    check = meta.get("check")
    if check is not None:
        problem = check(value)
        if problem:
            raise RulebookError(f"{where}: {problem}", where)
