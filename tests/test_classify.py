"""Event kinds: override, CATEGORIES, keywords (English and Chinese), precedence."""

from __future__ import annotations

import pytest

from leanmeet.planner.classify import classify, compile_classifier
from leanmeet.planner.rulebook import default_rulebook, rulebook_from_toml
from tests.rules_helpers import occ

RB = default_rulebook()


def kind_of(summary: str, **kw) -> str:
    return classify(occ(summary, **kw), RB)


@pytest.mark.parametrize(
    "summary",
    [
        "Ribbon-cutting of the new bridge",
        "ribbon cutting, east gate",
        "RIBBON CUTTING",
        "Groundbreaking of the metro line",
        "Spring Festival celebration",
        "Commemoration of the flood victims",
        "Commendation of model workers",
        "Silk Road Expo 2025",
        "Seminar on rural revitalisation",
        "New Year tea party",
        "Digital economy forum",
        "Digital economy forums",
        "Signing ceremony with investors",
        "Completion ceremony of the hospital",
        "Plant commissioning",
        "ＥＸＰＯ opening",  # full-width letters
    ],
)
def test_english_ceremony_keywords(summary):
    assert kind_of(summary) == "ceremony"


@pytest.mark.parametrize(
    "summary",
    [
        "大桥剪彩",
        "新校区奠基",
        "项目集中开工",
        "建市40周年庆典",
        "庆祝建党节",
        "纪念抗战胜利",
        "劳模表彰",
        "丝绸之路博览会",
        "乡村振兴研讨会",
        "新春茶话会",
        "数字经济论坛",
        "项目签约",
        "医院竣工",
        "生产线投产",
    ],
)
def test_chinese_ceremony_keywords(summary):
    assert kind_of(summary) == "ceremony"


@pytest.mark.parametrize(
    "summary",
    [
        "Commercial activity at the mall",
        "Product launch of the X5 phone",
        "Store opening",
        "Visit to the sales center",
        "Sales centre tour",
        "Sponsorship signing",
    ],
)
def test_english_commercial_keywords(summary):
    assert kind_of(summary) == "commercial"


@pytest.mark.parametrize(
    "summary",
    [
        "商业综合体推介",
        "楼盘开盘",
        "XX花园楼盘参观",
        "国庆促销活动",
        "XX手机产品发布会",
        "新品发布会",
        "XX有限公司发布会",
        "XX集团新闻发布会",
    ],
)
def test_chinese_commercial_keywords(summary):
    assert kind_of(summary) == "commercial"


@pytest.mark.parametrize(
    "summary", ["市政府新闻发布会", "新闻发布会", "全市民营企业发展新闻发布会", "政策发布会"]
)
def test_government_press_conference_is_a_meeting(summary):
    # 发布会 is commercial only when it is a company's (SPEC §3)
    assert kind_of(summary) == "meeting"


@pytest.mark.parametrize(
    "summary",
    [
        "Research visit to Gangu County",
        "Investigation and research in Qinzhou",
        "Fact-finding trip",
        "赴秦州区调研",
        "蹲点",
    ],
)
def test_research_keywords(summary):
    assert kind_of(summary) == "research"


@pytest.mark.parametrize(
    "summary",
    [
        "13th Party Congress",
        "Municipal People's Congress",
        "Municipal People’s Congress",
        "CPPCC plenary session",
        "Two Sessions",
        "市第十三次党代会",
        "第五次代表大会",
        "市人代会",
        "市人民代表大会第二次会议",
        "市政协全体会议",
        "全国两会精神传达",
    ],
)
def test_plenary_keywords(summary):
    assert kind_of(summary) == "plenary"


@pytest.mark.parametrize(
    "summary",
    [
        "Budget review",
        "项目推进会",
        "Exposure review",
        "Seminary board",
        "Forumula check",
        "Platform design review",
        "",
    ],
)
def test_default_is_meeting_and_english_needs_word_boundaries(summary):
    assert kind_of(summary) == "meeting"


@pytest.mark.parametrize(
    "summary",
    [
        "政务公开工作推进会",
        "召开工作部署会",
        "家庭医生签约服务推进会",
        "纪念品设计评审",
        "XX商业银行座谈会",
        "Apple exports review",
    ],
)
def test_keyword_traps_stay_meetings(summary):
    # Chinese has no word boundaries: 政务公开工作 holds 开工; "exports" holds "expo"
    assert kind_of(summary) == "meeting"


def test_ignored_text_does_not_hide_a_real_keyword():
    assert kind_of("召开工作会议暨项目开工仪式") == "ceremony"
    assert kind_of("XX商业银行开业") == "commercial"


def test_ignore_list_comes_from_the_rulebook():
    book = rulebook_from_toml("[kinds.ceremony]\nignore = []")
    assert classify(occ("政务公开工作推进会"), book) == "ceremony"
    book = rulebook_from_toml('[kinds.ceremony]\nignore = ["Forum Hall"]')
    assert classify(occ("Budget at Forum Hall"), book) == "meeting"
    assert classify(occ("Forum at Forum Hall"), book) == "ceremony"


@pytest.mark.parametrize(
    ("summary", "location"),
    [
        ("开业庆典", ""),  # store opening + celebration
        ("Grand opening celebration", ""),
        ("楼盘开盘剪彩", ""),
        ("奠基仪式", "XX地产售楼中心"),  # a developer's groundbreaking, at its sales center
        ("Groundbreaking ceremony", "Riverside sales center"),
    ],
)
def test_commercial_beats_ceremony(summary, location):
    assert kind_of(summary, location=location) == "commercial"


def test_ceremony_keywords_are_not_taken_from_location_or_description():
    assert kind_of("Budget review", location="Forum Hall, 3rd floor") == "meeting"
    assert kind_of("预算审议", description="会后出席剪彩") == "meeting"


def test_fields_per_kind_come_from_the_rulebook():
    book = rulebook_from_toml('[kinds.ceremony]\nfields = ["summary", "description"]')
    assert classify(occ("预算审议", description="会后出席剪彩"), book) == "ceremony"


def test_categories_win_over_keywords():
    assert kind_of("剪彩仪式", categories=["Meeting"]) == "meeting"
    assert kind_of("Budget review", categories=["调研"]) == "research"
    assert kind_of("Budget review", categories=["CEREMONY"]) == "ceremony"
    assert kind_of("Budget review", categories=["ｃｏｍｍｅｒｃｉａｌ"]) == "commercial"


def test_unknown_categories_fall_back_to_keywords():
    assert kind_of("剪彩仪式", categories=["Blue category", "Work"]) == "ceremony"
    assert kind_of("Budget review", categories=["Blue category"]) == "meeting"


def test_several_kind_categories_use_precedence():
    assert kind_of("x", categories=["Meeting", "Commercial"]) == "commercial"
    assert kind_of("x", categories=["research", "ceremony"]) == "ceremony"


def test_override_beats_categories_and_keywords():
    o = occ("楼盘开盘", categories=["Commercial"])
    assert classify(o, RB, override="meeting") == "meeting"
    assert classify(o, RB, override="plenary") == "plenary"
    # an unknown kind is not an override
    assert classify(o, RB, override="party") == "commercial"
    assert classify(o, RB, override=None) == "commercial"


def test_research_beats_plenary_keywords():
    # a CPPCC member's research visit is a visit, not a plenary session
    assert kind_of("市政协委员赴秦州区调研") == "research"


def test_precedence_is_configurable():
    book = rulebook_from_toml(
        '[kinds]\nprecedence = ["ceremony", "commercial", "research", "plenary"]'
    )
    assert classify(occ("开业庆典"), book) == "ceremony"
    assert classify(occ("开业庆典"), RB) == "commercial"


def test_kind_left_out_of_precedence_is_not_recognised_by_keywords():
    book = rulebook_from_toml('[kinds]\nprecedence = ["commercial", "ceremony", "plenary"]')
    assert classify(occ("赴秦州区调研"), book) == "meeting"
    assert classify(occ("x", categories=["research"]), book) == "research"


def test_conjunction_keyword_needs_every_part_in_one_field():
    assert kind_of("XX公司发布会") == "commercial"
    assert kind_of("发布会", location="XX公司") == "meeting"
    assert kind_of("XX公司座谈会") == "meeting"


def test_user_keywords_replace_the_list():
    book = rulebook_from_toml('[kinds.ceremony]\nen = ["gala"]\nzh = ["晚会"]')
    assert classify(occ("Annual gala"), book) == "ceremony"
    assert classify(occ("迎春晚会"), book) == "ceremony"
    assert classify(occ("剪彩"), book) == "meeting"  # the list was replaced


def test_explain_names_the_reason():
    classifier = compile_classifier(RB.kinds)
    assert "剪彩" in classifier.explain(occ("大桥剪彩"))
    assert "SUMMARY" in classifier.explain(occ("大桥剪彩"))
    assert "CATEGORIES" in classifier.explain(occ("x", categories=["ceremony"]))
    assert "scheduler" in classifier.explain(occ("x"), override="plenary")
