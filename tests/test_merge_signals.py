"""Merge suggestions, signal by signal: time, attendees, content (English and Chinese)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leanmeet.planner.merge import MergeSettings, suggest
from leanmeet.planner.merge.text import Tokenizer, shared_part, similarity
from leanmeet.planner.model import Attendee, Occurrence

TZ = ZoneInfo("Asia/Shanghai")
SETTINGS = MergeSettings()


def at(day: int, hm: str, month: int = 3) -> datetime:
    h, m = map(int, hm.split(":"))
    return datetime(2025, month, day, h, m, tzinfo=TZ)


def people(*keys: str) -> tuple[Attendee, ...]:
    return tuple(Attendee(f"{k}@city.gov.cn", k) for k in keys)


def occ(uid: str, start: datetime, minutes: int, summary: str, who=(), **kw) -> Occurrence:
    return Occurrence(
        uid=uid,
        recurrence_id=kw.pop("recurrence_id", None),
        start=start,
        end=start + timedelta(minutes=minutes),
        all_day=False,
        summary=summary,
        attendees=people(*who),
        **kw,
    )


def only(result):
    assert len(result) == 1, [s.to_json() for s in result]
    return result[0]


TEAM = ("a", "b", "c", "d", "e", "f")
OTHERS = ("p", "q", "r", "s", "t")


# ------------------------------------------------------------------ time


def test_overlap_counts_fully_and_names_the_overlap():
    s = only(
        suggest(
            [
                occ("x", at(4, "09:00"), 90, "Q2 budget review", TEAM),
                occ("y", at(4, "10:00"), 60, "Office relocation plan", TEAM),
            ],
            SETTINGS,
        )
    )
    assert s.reasons.time == 1.0
    assert s.reasons.time_text == "overlap 10:00–10:30"


def test_gap_lowers_the_time_signal_and_says_how_far_apart():
    s = only(
        suggest(
            [
                occ("x", at(4, "09:00"), 60, "Q2 budget review", TEAM),
                occ("y", at(4, "11:30"), 60, "Office relocation plan", TEAM),
            ],
            SETTINGS.__class__(max_gap_minutes=180),
        )
    )
    assert s.reasons.time == pytest.approx(1 - 0.5 * 90 / 180)
    assert s.reasons.time_text == "same morning, 90 minutes apart"


def test_back_to_back_is_as_close_as_an_overlap():
    s = only(
        suggest(
            [
                occ("x", at(4, "14:00"), 60, "Q2 budget review", TEAM),
                occ("y", at(4, "15:00"), 60, "Office relocation plan", TEAM),
            ],
            SETTINGS,
        )
    )
    assert s.reasons.time == 1.0
    assert s.reasons.time_text == "same afternoon, back to back"


def test_beyond_the_gap_same_people_different_subjects_is_not_suggested():
    assert (
        suggest(
            [
                occ("x", at(4, "09:00"), 60, "Q2 budget review", TEAM),
                occ("y", at(4, "14:00"), 60, "Office relocation plan", TEAM),
            ],
            SETTINGS,
        )
        == []
    )


def test_time_alone_is_not_enough():
    # parallel meetings of different people on different subjects: the normal office day
    assert (
        suggest(
            [
                occ("x", at(4, "09:00"), 60, "Air quality monitoring review", TEAM),
                occ("y", at(4, "09:00"), 60, "School enrollment plan", OTHERS),
            ],
            SETTINGS,
        )
        == []
    )


# ------------------------------------------------------------------ attendees


def test_attendee_reason_counts_people_in_common():
    s = only(
        suggest(
            [
                occ(
                    "x",
                    at(5, "09:00"),
                    60,
                    "Tax revenue analysis",
                    ("a", "b", "c", "d", "e", "f", "g", "h"),
                ),
                occ(
                    "y",
                    at(5, "10:00"),
                    60,
                    "Office relocation plan",
                    ("a", "b", "c", "d", "e", "f", "g", "z"),
                ),
            ],
            SETTINGS,
        )
    )
    # Jaccard 7/9, containment 7/8
    assert s.reasons.attendees == pytest.approx((7 / 9 + 7 / 8) / 2)
    assert s.reasons.attendees_text.startswith("7 of 9 attendees in common")
    assert s.reasons.content is None  # different subjects: that signal did not count


def test_sub_team_inside_a_larger_meeting_counts_by_containment():
    big = tuple(f"p{i}" for i in range(20))
    s = only(
        suggest(
            [
                occ("all", at(6, "09:00"), 120, "Education bureau all-hands", big),
                occ(
                    "sub", at(6, "11:15"), 30, "Exam logistics check-in", ("p3", "p7", "p11", "p15")
                ),
            ],
            SETTINGS,
        )
    )
    assert s.reasons.attendees is not None  # Jaccard 4/20 alone would not count
    assert "all 4 of the smaller meeting" in s.reasons.attendees_text


def test_a_single_shared_leader_is_not_a_shared_participation_scope():
    assert (
        suggest(
            [
                occ("x", at(6, "09:00"), 60, "Tax revenue analysis", ("mayor", "a", "b")),
                occ("y", at(6, "10:00"), 60, "Office relocation plan", ("mayor", "p", "q")),
            ],
            SETTINGS,
        )
        == []
    )


def test_people_are_matched_by_email_case_insensitively_and_by_name():
    x = Occurrence(
        "x",
        None,
        at(7, "09:00"),
        at(7, "10:00"),
        False,
        "Tax revenue analysis",
        attendees=(
            Attendee("li.wei@city.gov.cn", "Li Wei"),
            Attendee("wang.fang@city.gov.cn", "Wang Fang"),
            Attendee("zhou@city.gov.cn", "Zhou"),
        ),
    )
    y = Occurrence(
        "y",
        None,
        at(7, "10:00"),
        at(7, "11:00"),
        False,
        "Office relocation plan",
        attendees=(
            Attendee("LI.WEI@CITY.GOV.CN", ""),
            Attendee("", "Wang Fang"),
            Attendee("zhou@city.gov.cn", "Zhou"),
        ),
    )
    s = only(suggest([x, y], SETTINGS))
    assert s.reasons.attendees_text.startswith("3 of 3 attendees in common")


def test_decliners_do_not_count_as_participants():
    declined = tuple(Attendee(f"{k}@city.gov.cn", k, partstat="DECLINED") for k in TEAM[1:])
    x = occ("x", at(7, "09:00"), 60, "Tax revenue analysis", TEAM)
    y = Occurrence(
        "y",
        None,
        at(7, "10:00"),
        at(7, "11:00"),
        False,
        "Office relocation plan",
        attendees=(Attendee("a@city.gov.cn", "a"), *declined),
    )
    assert suggest([x, y], SETTINGS) == []


# ------------------------------------------------------------------ content

TOK = Tokenizer(SETTINGS.boilerplate)


def sim(a: str, b: str) -> float:
    return similarity(
        TOK.tokens(a),
        TOK.tokens(b),
        containment_factor=SETTINGS.content_containment_factor,
        min_tokens=SETTINGS.content_min_tokens,
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("安全生产工作会议", "全市安全生产专题会议"),
        ("全市防汛抗旱工作会议", "防汛抗旱部署会"),
        ("营商环境优化工作会议", "优化营商环境座谈会"),
        ("【市应急局】森林防火工作会议", "【市林业局】森林防火专题会"),
        ("2024年住房保障座谈会", "第二季度住房保障推进会"),
        ("Flood prevention coordination meeting", "Coordination meeting on flood prevention"),
        ("Waste sorting pilot progress", "Progress on the waste sorting pilot"),
        ("Inspections of fire exits", "Fire exit inspection"),
    ],
)
def test_same_subject_is_similar(a, b):
    assert sim(a, b) >= SETTINGS.content_threshold


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("安全生产", "招商引资"),
        ("安全生产工作会议", "招商引资工作会议"),
        ("防汛抗旱工作部署会", "森林防火工作部署会"),
        ("城市更新项目推进会", "城市管理执法工作会议"),
        ("国有资产管理工作会议", "国有企业改革推进会"),
        ("Budget review", "Safety review"),
        ("Education bureau weekly", "Health bureau weekly"),
    ],
)
def test_different_subjects_are_not_similar(a, b):
    assert sim(a, b) < SETTINGS.content_threshold


def test_boilerplate_is_removed_before_comparing():
    assert TOK.tokens("全市安全生产工作会议") == TOK.tokens("安全生产") == {"安全", "全生", "生产"}
    assert TOK.tokens("工作会议") == frozenset()
    assert TOK.tokens("Weekly meeting") == frozenset()
    # one-character boilerplate only at the end of a run: 会 in 推进会, not in 社会
    assert "社会" in TOK.tokens("社会保障推进会")


def test_boilerplate_comes_from_the_settings():
    plain = Tokenizer(())
    assert (
        similarity(
            plain.tokens("安全生产工作会议"),
            plain.tokens("招商引资工作会议"),
            containment_factor=0.9,
            min_tokens=3,
        )
        > 0
    )
    assert sim("安全生产工作会议", "招商引资工作会议") == 0


def test_content_reason_names_the_shared_part():
    s = only(
        suggest(
            [
                occ("x", at(4, "09:00"), 90, "全市安全生产工作会议", TEAM),
                occ("y", at(4, "10:00"), 60, "安全生产专题会议", OTHERS),
            ],
            SETTINGS,
        )
    )
    assert s.reasons.attendees is None
    assert s.reasons.content == 1.0
    assert s.reasons.content_text == "titles 100% alike: 安全生产"
    assert (
        shared_part(
            TOK,
            ["Flood prevention coordination meeting", "Coordination meeting on flood prevention"],
        )
        == "flood prevention coordination"
    )


def test_same_subject_same_morning_by_two_departments_is_suggested_in_english():
    s = only(
        suggest(
            [
                occ("x", at(4, "14:00"), 60, "Flood prevention coordination meeting", TEAM),
                occ("y", at(4, "15:30"), 60, "Coordination meeting on flood prevention", OTHERS),
            ],
            SETTINGS,
        )
    )
    assert s.reasons.content == 1.0
    assert s.reasons.time == pytest.approx(1 - 0.5 * 30 / 120)


def test_description_lifts_a_close_title_but_never_an_unrelated_one():
    text = "Review the pumping stations along the river before the flood season"
    close_a = occ("x", at(4, "09:00"), 60, "Pump checks", OTHERS, description=text)
    close_b = occ("y", at(4, "09:00"), 60, "Pump maintenance", TEAM, description=text)
    assert sim("Pump checks", "Pump maintenance") < SETTINGS.content_threshold
    assert len(suggest([close_a, close_b], SETTINGS)) == 1
    far_a = occ("x", at(4, "09:00"), 60, "Tax revenue analysis", OTHERS, description=text)
    far_b = occ("y", at(4, "09:00"), 60, "School enrollment plan", TEAM, description=text)
    assert suggest([far_a, far_b], SETTINGS) == []


# ------------------------------------------------------------------ combinations


def test_same_people_and_subject_in_the_same_week_are_suggested():
    s = only(
        suggest(
            [
                occ("x", at(10, "09:00"), 90, "招商引资项目推进会", TEAM),
                occ("y", at(13, "15:00"), 60, "重点招商引资项目调度会", TEAM),
            ],
            SETTINGS,
        )
    )
    assert s.reasons.time is None
    assert s.reasons.time_text == "same week, 3 days apart (Mon 10 Mar, Thu 13 Mar)"


def test_same_people_and_subject_in_different_weeks_are_not():
    assert (
        suggest(
            [
                occ("x", at(10, "09:00"), 90, "招商引资项目推进会", TEAM),
                occ("y", at(17, "09:00"), 90, "招商引资项目推进会", TEAM),
            ],
            SETTINGS,
        )
        == []
    )


def test_content_alone_is_not_enough():
    assert (
        suggest(
            [
                occ("x", at(10, "09:00"), 90, "安全生产工作会议", TEAM),
                occ("y", at(12, "15:00"), 60, "安全生产专题会议", OTHERS),
            ],
            SETTINGS,
        )
        == []
    )


def test_combinations_can_be_switched_off():
    events = [
        occ("x", at(4, "09:00"), 90, "全市安全生产工作会议", TEAM),
        occ("y", at(4, "10:00"), 60, "安全生产专题会议", OTHERS),
    ]
    assert suggest(events, MergeSettings(combinations=("time+attendees",))) == []
    with pytest.raises(ValueError, match="time\\+location"):
        suggest(events, MergeSettings(combinations=("time+location",)))


def test_all_three_signals_score_higher_than_two():
    three = only(
        suggest(
            [
                occ("x", at(4, "09:00"), 60, "安全生产工作会议", TEAM),
                occ("y", at(4, "09:00"), 60, "安全生产专题会议", TEAM),
            ],
            SETTINGS,
        )
    )
    two = only(
        suggest(
            [
                occ("x", at(4, "09:00"), 60, "安全生产工作会议", TEAM),
                occ("y", at(4, "09:00"), 60, "招商引资专题会议", TEAM),
            ],
            SETTINGS,
        )
    )
    assert three.score == pytest.approx(1.0)
    assert 0 < two.score < three.score


def test_shared_part_of_a_group_without_a_word_common_to_all():
    titles = ["安全生产工作会议", "安全生产专题会议", "Office relocation plan"]
    assert shared_part(TOK, titles) == "安全生产"
    assert shared_part(TOK, ["Road traffic safety campaign", "Road safety campaign"]) == (
        "road … safety campaign"
    )
    assert shared_part(TOK, ["Tax revenue analysis", "Office relocation plan"]) == ""


def test_close_spellings_count_through_rapidfuzz_but_chinese_must_match_exactly():
    tok = Tokenizer(tuple(MergeSettings().boilerplate))
    kwargs = {"containment_factor": 0.9, "min_tokens": 3}
    plural = similarity(frozenset(tok.tokens("School safety inspection review")),
                        frozenset(tok.tokens("School safety inspections reviews")), **kwargs)
    assert plural >= 0.9
    different = similarity(frozenset(tok.tokens("School safety inspection")),
                           frozenset(tok.tokens("Hospital budget allocation")), **kwargs)
    assert different == 0.0
    # 安全 (safety) vs 安置 (resettlement): one character apart, not the same word
    zh = similarity(frozenset(tok.tokens("安全")), frozenset(tok.tokens("安置")), **kwargs)
    assert zh == 0.0
