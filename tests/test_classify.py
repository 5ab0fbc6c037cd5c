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
        "市人代会",
        "市人民代表大会第二次会议",
        "市政协全体会议",
        "市十七届人大五次会议开幕",
        "政协第十四届委员会第三次会议",
        "全國政協十三屆一次會議開幕",  # traditional characters
        "中国共产党第二十次全国代表大会在京开幕",
        "市十五届人大二次会议举行第五次全体会议",
        "Opening meeting of the first session of the 14th CPPCC National Committee",
    ],
)
def test_plenary_is_the_session_itself(summary):
    assert kind_of(summary) == "plenary"


@pytest.mark.parametrize(
    "summary",
    [
        "第五次代表大会",  # whose congress? when unsure: meeting
        "全国两会精神传达",
        "市政协机关集中收看全国政协开幕会直播",
        "政协主席会议",
        "市政协七届委员会第九次主席会议",
        "市政协七届八次常委会议",
        "两会筹备工作会议",
        "公司职工代表大会",
        "省第十一次党代会新闻发布会",
        "部署“两会”期间安全生产工作",
        "迎接全国两会",
        "省十四届人大常委会第六次会议",
        "市十六届人大常委会第二十七次会议举行第一次全体会议",
        "二届市人民政府第93次常务会议",
        "市委五届十次全体(扩大)会议",
        "第19屆第4次定期會縣政總質詢",
        "Press conference on the Two Sessions",
        "Town hall meeting on the NPC session",
        "Budget workshop about the CPPCC proposals",
        "NPC Standing Committee session",
    ],
)
def test_titles_about_a_session_or_other_congresses_are_not_plenary(summary):
    # §3 exempts only the Party Congress and the "Two Sessions" themselves
    assert kind_of(summary) == "meeting"


def test_a_celebration_of_the_peoples_congress_is_a_ceremony():
    assert kind_of("庆祝全国人民代表大会成立70周年大会") == "ceremony"


@pytest.mark.parametrize(
    ("summary", "kind"),
    [
        ("全县企业开工复产工作调度会", "meeting"),  # 开工 inside 开工复产, head 调度会
        ("召开工作会议暨项目开工仪式", "ceremony"),
        ("乡村振兴研讨会筹备会", "meeting"),
        ("筹备会暨研讨会", "ceremony"),
        ("新春团拜会", "ceremony"),
        ("全市各界烈士纪念日公祭仪式", "ceremony"),
        ("肥西县与招商检测签署合作协议", "ceremony"),
        ("王建斌到大成镇开展巡河工作", "research"),
        ("赵治文走访慰问辖区困难群众", "research"),
        ("市人大常委会组织代表集中视察", "research"),
        ("大港区人大常委会调研组深入乡镇召开座谈会", "meeting"),
        ("上海市徐汇区经贸考察团赴我市进行考察", "meeting"),  # visitors we host
        ("浙江省普陀区党政代表团来扶余考察", "meeting"),
        ("黄市长一行来到市人民医院调研", "research"),  # 来到: our leader goes there
        ("2016寧波特色文化產業博覽會開幕活動", "ceremony"),
        ("浙中發展高峰論壇", "ceremony"),
        ("開展調研", "research"),
    ],
)
def test_chinese_titles_are_read_head_final(summary, kind):
    assert kind_of(summary) == kind


@pytest.mark.parametrize(
    ("summary", "kind"),
    [
        ("Meeting ward councillor re supermarkets", "meeting"),
        ("Awards dinner", "ceremony"),
        ("Mayor's International Gala", "ceremony"),
        ("Remembrance Sunday wreath laying at the War Memorial", "ceremony"),
        ("Armed Forces Flag Raising Ceremony", "ceremony"),
        ("Symposium on water policy", "ceremony"),
        ("Site visit to the water plant", "research"),
        ("Mayor's Community Walk", "research"),
        ("Tour of the plant site", "research"),
        ("Visit from the Consul General", "meeting"),
        ("Community forum with the Mayor", "meeting"),
        ("Exhibition hall design review", "meeting"),
        ("Groundbreaking ceremony for the new fire station", "ceremony"),
    ],
)
def test_english_titles_are_read_by_their_main_clause(summary, kind):
    assert kind_of(summary) == kind


@pytest.mark.parametrize(
    ("summary", "kind"),
    [
        ("漢陽萬達廣場開業慶典", "commercial"),  # a mall's opening
        ("XX购物中心封顶典礼", "commercial"),
        ("XX有限公司成立十周年庆典", "commercial"),
        ("香格里拉市人民医院开业揭牌仪式", "ceremony"),  # a public hospital's opening
        ("市人民医院隆重举行建院三十周年庆典", "ceremony"),
        ("中车集团新能源装备产业基地项目开工仪式", "ceremony"),  # a factory, not a sale
        ("馬平昌會見奇瑞汽車股份有限公司董事長尹同躍一行", "meeting"),
        ("副市长到江门金羚集团有限公司调研指导", "research"),
        ("Grand opening of the new Main Street store", "commercial"),
        ("Ribbon cutting ceremony to welcome a new business", "commercial"),
        ("Library Branch grand opening", "ceremony"),
        ("Grand opening of the Neighborhood Hospital", "ceremony"),
        ("Condo open house party", "commercial"),
    ],
)
def test_commercial_needs_host_and_activity(summary, kind):
    assert kind_of(summary) == kind


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
    # without an event noun the keywords anywhere count; 政务公开工作 holds 开工
    assert kind_of("政务公开工作") == "meeting"
    book = rulebook_from_toml("[kinds.ceremony]\nignore = []")
    assert classify(occ("政务公开工作"), book) == "ceremony"
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
    # other fields count only when the title itself says nothing
    book = rulebook_from_toml('[kinds.ceremony]\nfields = ["summary", "description"]')
    assert classify(occ("预算", description="会后出席剪彩"), book) == "ceremony"
    assert classify(occ("预算审议", description="会后出席剪彩"), book) == "meeting"
    assert classify(occ("预算", description="会后出席剪彩"), RB) == "meeting"


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
    assert classifier.explain(occ("XX项目开工仪式")) == (
        "ceremony: title ends in 开工仪式 — §4 activities")
    assert classifier.explain(occ("全县企业开工复产工作调度会")).startswith(
        "meeting: title ends in 调度会 — §3")
    assert "§1 research" in classifier.explain(occ("赴秦州区调研"))
    assert "exempt" in classifier.explain(occ("市十七届人大五次会议开幕"))
    assert "§4 commercial" in classifier.explain(occ("楼盘开盘"))
    assert "when unsure" in classifier.explain(occ("Budget"))
    assert "CATEGORIES" in classifier.explain(occ("x", categories=["ceremony"]))
    assert "scheduler" in classifier.explain(occ("x"), override="plenary")
