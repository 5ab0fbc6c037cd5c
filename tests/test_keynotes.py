"""Keynote speakers: X-KEYNOTE attendees and "Keynote:" / "主讲：" description lines."""

from __future__ import annotations

import pytest

from leanmeet.planner.keynotes import keynote_speakers
from tests.rules_helpers import LI, WANG, att, occ


def test_attendees_with_keynote_role():
    o = occ(attendees=[att(LI, role="X-KEYNOTE"), att(WANG), att("", "Prof. Zhou", "X-KEYNOTE")])
    assert keynote_speakers(o) == ["li.wei@gov.example", "Prof. Zhou"]


@pytest.mark.parametrize(
    "line",
    [
        "Keynote: Li Wei",
        "Keynote speaker: Li Wei",
        "keynote speakers：Li Wei",
        "主讲：Li Wei",
        "主讲: Li Wei",
        "主旨讲话：Li Wei",
        "主旨讲话:Li Wei",
        "   Keynote:   Li Wei  ",
        "- Keynote: Li Wei",
        "• 主讲：Li Wei",
    ],
)
def test_description_lines(line):
    assert keynote_speakers(occ(description=f"Agenda\n{line}\nQ&A")) == ["Li Wei"]


@pytest.mark.parametrize(
    "description",
    [
        "Agenda: Keynote: Li Wei",
        "No keynote this time",
        "Keynote speech: on growth",
        "主讲嘉宾待定",
        "",
    ],
)
def test_other_lines_name_no_speaker(description):
    assert keynote_speakers(occ(description=description)) == []


def test_chinese_names():
    o = occ(description="会议议程\r\n主讲：张伟\r\n主旨讲话：李强")
    assert keynote_speakers(o) == ["张伟", "李强"]


def test_several_speakers_on_one_line():
    assert keynote_speakers(occ(description="主讲：张伟、李强")) == ["张伟", "李强"]
    assert keynote_speakers(occ(description="Keynote: Li Wei and Wang Fang")) == [
        "Li Wei",
        "Wang Fang",
    ]
    # an ASCII comma separates a name from a title, not two speakers
    assert keynote_speakers(occ(description="Keynote: Li Wei, Mayor")) == ["Li Wei, Mayor"]


def test_a_speaker_named_both_ways_counts_once():
    by_name = occ(attendees=[att(LI, role="X-KEYNOTE")], description="Keynote: li  wei")
    assert keynote_speakers(by_name) == ["li.wei@gov.example"]
    by_email = occ(attendees=[att(LI, role="X-KEYNOTE")], description="主讲：LI.WEI@gov.example")
    assert keynote_speakers(by_email) == ["li.wei@gov.example"]
    twice = occ(description="Keynote: Li Wei\nKeynote speaker: Li Wei")
    assert keynote_speakers(twice) == ["Li Wei"]


def test_description_name_of_a_plain_attendee_is_reported_as_that_attendee():
    o = occ(attendees=[att(LI, role="X-KEYNOTE"), att(WANG)], description="主讲：Wang Fang")
    assert keynote_speakers(o) == ["li.wei@gov.example", "wang.fang@gov.example"]
