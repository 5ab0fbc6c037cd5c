"""The TOML rulebook: defaults, key-by-key overrides, validation, and the user file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from leanmeet.planner.merge_settings import MergeSettings
from leanmeet.planner.rulebook import (
    RULE_IDS,
    RulebookError,
    default_rulebook,
    rulebook_from_toml,
)
from leanmeet.storage.rulebook_file import load_rulebook, user_rulebook_path


def test_defaults_follow_the_spec():
    rb = default_rulebook()
    assert rb.timezone == ""
    assert rb.rules.half_day_limit.max_minutes == 240
    assert rb.rules.grassroots_days.min_days == 70
    assert rb.rules.half_day_limit.kinds == ("meeting",)
    assert rb.rules.venue.exempt_kinds == ("research",)
    severities = {rule: rb.severity(rule) for rule in RULE_IDS}
    assert severities == {
        "half-day-limit": "error",
        "single-keynote": "error",
        "unarranged-ceremony": "error",
        "commercial-event": "error",
        "venue": "warning",
        "double-booking": "warning",
        "research-team": "info",
        "grassroots-days": "info",
        "holiday": "info",
        "banquet": "error",
        "system-meeting-invitees": "warning",
        "document-instead": "info",
        "unarranged-municipal-meeting": "warning",
        "inspection-approval": "warning",
        "overseas-visit": "warning",
        "escort-size": "warning",
        "students-at-celebration": "error",
        "shared-transport": "info",
    }
    assert rb.country == "CN"
    assert all(rb.enabled(rule) for rule in RULE_IDS)
    assert rb.merge == MergeSettings()
    assert rb.kinds.precedence.index("commercial") < rb.kinds.precedence.index("ceremony")


SPEC_KEYWORDS = {
    "ceremony": [
        "ribbon-cutting",
        "groundbreaking",
        "celebration",
        "commemoration",
        "commendation",
        "expo",
        "seminar",
        "tea party",
        "forum",
        "signing",
        "commissioning",
        "剪彩",
        "奠基",
        "开工",
        "庆典",
        "庆祝",
        "纪念",
        "表彰",
        "博览会",
        "研讨会",
        "茶话会",
        "论坛",
        "签约",
        "竣工",
        "投产",
    ],
    "commercial": [
        "commercial activity",
        "product launch",
        "store opening",
        "sales center",
        "sponsorship",
        "商业活动",
        "开盘",
        "楼盘",
        "促销",
    ],
    "research": ["research visit", "调研"],
    "plenary": [
        "party congress",
        "people's congress",
        "CPPCC",
        "two sessions",
        "党代会",
        "人代会",
        "人民代表大会",
        "两会",
    ],
}


@pytest.mark.parametrize("kind", sorted(SPEC_KEYWORDS))
def test_default_toml_lists_every_spec_keyword(kind):
    cfg = default_rulebook().kind(kind)
    listed = set(cfg.en) | set(cfg.zh)
    missing = [k for k in SPEC_KEYWORDS[kind] if k not in listed]
    assert missing == []


def test_default_venue_keywords():
    venue = default_rulebook().rules.venue
    for word in ["hotel", "guesthouse", "resort"]:
        assert word in venue.en
    for word in ["酒店", "宾馆", "饭店", "度假村"]:
        assert word in venue.zh


def test_a_table_overrides_only_the_keys_it_names():
    base = default_rulebook()
    rb = rulebook_from_toml("[rules.half-day-limit]\nmax_minutes = 180\n")
    assert rb.rules.half_day_limit.max_minutes == 180
    assert rb.rules.half_day_limit.severity == "error"
    assert rb.rules.half_day_limit.kinds == ("meeting",)
    assert rb.rules.venue == base.rules.venue
    assert rb.kinds == base.kinds


def test_a_list_replaces_the_list():
    rb = rulebook_from_toml('[rules.venue]\nzh = ["会所"]\n')
    assert rb.rules.venue.zh == ("会所",)
    assert rb.rules.venue.en == default_rulebook().rules.venue.en


def test_overrides_stack_on_a_base():
    first = rulebook_from_toml('[rules.venue]\nseverity = "error"\n')
    second = rulebook_from_toml("[rules.venue]\nenabled = false\n", base=first)
    assert second.rules.venue.severity == "error"
    assert second.rules.venue.enabled is False


def test_timezone_and_switches():
    rb = rulebook_from_toml('timezone = "Asia/Shanghai"\n[rules.double-booking]\nenabled = false\n')
    assert rb.timezone == "Asia/Shanghai"
    assert not rb.enabled("double-booking")
    assert rb.enabled("venue")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[rules.half-day-limit]\nmax_minutes = "240"',
            "rules.half-day-limit.max_minutes: expected int, got str",
        ),
        (
            "[rules.half-day-limit]\nmax_minutes = 240.5",
            "rules.half-day-limit.max_minutes: expected int, got float",
        ),
        (
            "[rules.half-day-limit]\nmax_minutes = 0",
            "rules.half-day-limit.max_minutes: must be at least 1",
        ),
        ("[rules.venue]\nenabled = 1", "rules.venue.enabled: expected bool, got int"),
        (
            '[rules.venue]\nseverity = "fatal"',
            "rules.venue.severity: 'fatal' is not one of error, warning, info",
        ),
        ('[rules.venue]\nen = "hotel"', "rules.venue.en: expected array of str, got str"),
        ('[rules.venue]\nzh = ["酒店", 3]', "rules.venue.zh[1]: expected str, got int"),
        ("[rules.venue]\nhotels = []", "rules.venue.hotels: unknown key"),
        ("[rules.no-such-rule]\nenabled = true", "rules.no-such-rule: unknown key"),
        ("[kinds.party]\nen = []", "kinds.party: unknown key"),
        (
            '[kinds]\nprecedence = ["commercial", "party"]',
            "kinds.precedence[1]: 'party' is not one of",
        ),
        (
            '[kinds]\nprecedence = ["commercial", "commercial"]',
            "kinds.precedence: 'commercial' is listed twice",
        ),
        (
            '[kinds.ceremony]\nfields = ["title"]',
            "kinds.ceremony.fields[0]: 'title' is not one of summary, location, description",
        ),
        (
            '[rules.double-booking]\nall_day_kinds = ["holiday"]',
            "rules.double-booking.all_day_kinds[0]",
        ),
        ("rules = 3", "rules: expected a table, got int"),
        ("colour = 'red'", "colour: unknown key"),
        ('timezone = "Mars/Olympus"', "timezone: unknown time zone 'Mars/Olympus'"),
        ("timezone = 8", "timezone: expected str, got int"),
        ("[merge]\nmin_score = 'high'", "merge.min_score: expected float, got str"),
        ("[merge]\nmax_gap_minutes = 1.5", "merge.max_gap_minutes: expected int, got float"),
        ("[merge]\nboilerplate = [1]", "merge.boilerplate[0]: expected str, got int"),
        ("[merge]\nno_such_setting = 1", "merge.no_such_setting: unknown key"),
    ],
)
def test_bad_values_name_the_key(text, message):
    with pytest.raises(RulebookError) as info:
        rulebook_from_toml(text)
    assert message in str(info.value)
    assert str(info.value).startswith(info.value.key)


def test_invalid_toml_says_where():
    with pytest.raises(RulebookError, match=r"invalid TOML: .*line 2"):
        rulebook_from_toml("[rules.venue]\nenabled = = true\n")


def test_merge_table_follows_merge_settings_fields():
    defaults = MergeSettings()
    lines = ["[merge]"]
    for f in dataclasses.fields(MergeSettings):
        value = getattr(defaults, f.name)
        if isinstance(value, tuple):
            lines.append(f"{f.name} = [{', '.join(repr(v) for v in value)}]")
        elif isinstance(value, bool):
            lines.append(f"{f.name} = {str(value).lower()}")
        elif isinstance(value, str):
            lines.append(f"{f.name} = {value!r}")
        else:
            lines.append(f"{f.name} = {value!r}")
    assert rulebook_from_toml("\n".join(lines)).merge == defaults


def test_merge_values_are_converted():
    rb = rulebook_from_toml('[merge]\nmin_score = 1\nboilerplate = ["会议", "meeting"]\n')
    assert rb.merge.min_score == 1.0 and isinstance(rb.merge.min_score, float)
    assert rb.merge.boilerplate == ("会议", "meeting")
    assert rb.merge.max_group_size == MergeSettings().max_group_size


def test_rulebook_lookups():
    rb = default_rulebook()
    assert rb.rule("venue") is rb.rules.venue
    with pytest.raises(KeyError):
        rb.rule("no-such-rule")
    with pytest.raises(KeyError):
        rb.kind("party")


# ------------------------------------------------------------------ the user's file
def test_user_rulebook_path_is_in_the_config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert user_rulebook_path() == tmp_path / "cfg" / "leanmeet" / "rules.toml"


@pytest.fixture
def user_file(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    path = tmp_path / "cfg" / "leanmeet" / "rules.toml"
    path.parent.mkdir(parents=True)
    return path


def test_load_without_files_gives_the_defaults(user_file):
    assert load_rulebook() == default_rulebook()


def test_user_file_then_rules_option(user_file, tmp_path):
    user_file.write_text(
        'timezone = "Asia/Shanghai"\n[rules.half-day-limit]\nmax_minutes = 180\n',
        encoding="utf-8",
    )
    assert load_rulebook().rules.half_day_limit.max_minutes == 180
    extra = tmp_path / "strict.toml"
    extra.write_text("[rules.half-day-limit]\nmax_minutes = 120\n", encoding="utf-8")
    rb = load_rulebook(extra)
    assert rb.rules.half_day_limit.max_minutes == 120
    assert rb.timezone == "Asia/Shanghai"  # the user file still applies


def test_file_with_bom_and_chinese(user_file):
    user_file.write_bytes('\ufeff[rules.venue]\nzh = ["会所"]\n'.encode())
    assert load_rulebook().rules.venue.zh == ("会所",)


def test_bad_user_file_names_file_line_and_key(user_file):
    user_file.write_text(
        '# my rules\n[rules.venue]\nseverity = "warning"\n\n[rules.half-day-limit]\n'
        'max_minutes = "four hours"\n',
        encoding="utf-8",
    )
    with pytest.raises(RulebookError) as info:
        load_rulebook()
    assert str(info.value).startswith(f"{user_file}:6: rules.half-day-limit.max_minutes")
    assert "expected int, got str" in str(info.value)


def test_unknown_table_in_file_points_at_its_header(tmp_path, user_file):
    path = tmp_path / "r.toml"
    path.write_text("timezone = ''\n\n[rules.vneue]\nenabled = false\n", encoding="utf-8")
    with pytest.raises(RulebookError, match=r"r\.toml:3: rules\.vneue: unknown key"):
        load_rulebook(path)


def test_missing_rules_option_file(tmp_path, user_file):
    with pytest.raises(RulebookError, match="not found"):
        load_rulebook(tmp_path / "nope.toml")


def test_broken_toml_file(tmp_path, user_file):
    path = tmp_path / "broken.toml"
    path.write_text("[rules.venue\n", encoding="utf-8")
    with pytest.raises(RulebookError, match=r"broken\.toml: invalid TOML: .*line 1"):
        load_rulebook(path)


def test_the_settings_field_types_are_read_as_typing_reads_them():
    """planner.rulebook._hints evaluates each annotation text once; every settings class
    reachable from Rulebook gets the types typing.get_type_hints gives."""
    import dataclasses
    import typing

    from leanmeet.planner import rulebook

    seen: set[type] = set()
    todo = [rulebook.Rulebook]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        expected = typing.get_type_hints(cls)
        assert rulebook._hints(cls) == expected, cls
        for tp in expected.values():
            todo += [t for t in (tp, *typing.get_args(tp)) if dataclasses.is_dataclass(t)]
    assert len(seen) > 20
