"""venue (§10 frugality): no meetings in hotels, guesthouses or resorts."""

from __future__ import annotations

import pytest

from tests.rules_helpers import LI, occ, rule_findings

RULE = "venue"


@pytest.mark.parametrize(
    "location",
    [
        "Grand Hyatt Hotel, Ballroom B",
        "Lakeside Resort",
        "Xiangyang Guesthouse",
        "Old Town Guest House",
        "HOTELS district",
        "天水大酒店三楼",
        "市委宾馆",
        "北京饭店",
        "麦积山度假村",
    ],
)
def test_hotel_venues_warn(location):
    (f,) = rule_findings([occ("Budget review", location=location, attendees=[LI])], RULE)
    assert f.severity == "warning"
    assert f.clause == "§10 frugality"
    assert f.people == ("li.wei@gov.example",)
    assert "agency conference room" in f.message


@pytest.mark.parametrize(
    "location", ["City Hall, Room 301", "市政府三楼会议室", "Hotelier Association office", ""]
)
def test_other_venues_pass(location):
    assert rule_findings([occ("Budget review", location=location)], RULE) == []


def test_the_title_is_not_the_venue():
    assert rule_findings([occ("酒店行业座谈会", location="市商务局会议室")], RULE) == []


def test_research_visits_may_stay_in_hotels():
    assert rule_findings([occ("赴麦积区调研", location="麦积山度假村")], RULE) == []


def test_every_other_kind_is_checked():
    for summary in ["剪彩仪式", "党代会", "新品发布会"]:
        assert len(rule_findings([occ(summary, location="天水大酒店")], RULE)) == 1


def test_cancelled_event_breaks_nothing():
    assert rule_findings([occ(location="天水大酒店", status="CANCELLED")], RULE) == []


def test_keywords_come_from_the_rulebook():
    book = '[rules.venue]\nzh = ["会所"]\nen = []'
    assert len(rule_findings([occ(location="XX会所")], RULE, rulebook=book)) == 1
    assert rule_findings([occ(location="Grand Hotel")], RULE, rulebook=book) == []
