"""single-keynote (§3 meeting quality)."""

from __future__ import annotations

from leanmeet.planner.model import Decision
from tests.rules_helpers import LI, WANG, att, occ, rule_findings

RULE = "single-keynote"


def test_two_keynote_speakers_fire_in_english():
    o = occ(attendees=[att(LI, role="X-KEYNOTE")], description="Keynote: Wang Fang")
    (f,) = rule_findings([o], RULE)
    assert f.severity == "error"
    assert f.clause == "§3 meeting quality"
    assert f.people == ("li.wei@gov.example", "Wang Fang")
    assert "2 keynote speakers" in f.message


def test_two_keynote_speakers_fire_in_chinese():
    o = occ("全市安全生产工作会议", description="主讲：张伟\n主旨讲话：李强")
    (f,) = rule_findings([o], RULE)
    assert f.people == ("张伟", "李强")


def test_one_speaker_passes():
    assert rule_findings([occ(attendees=[att(LI, role="X-KEYNOTE"), att(WANG)])], RULE) == []
    assert rule_findings([occ(description="主讲：张伟")], RULE) == []
    assert rule_findings([occ()], RULE) == []


def test_same_speaker_given_twice_is_one():
    o = occ(attendees=[att(LI, role="X-KEYNOTE")], description="Keynote speaker: Li Wei")
    assert rule_findings([o], RULE) == []


def test_exemption_for_special_needs_lifts_it():
    o = occ(uid="k@test", description="主讲：张伟、李强")
    assert rule_findings([o], RULE) != []
    special = Decision("exemption", "k@test", rule=RULE, text="provincial inspection team")
    assert rule_findings([o], RULE, decisions=[special]) == []


def test_cancelled_meeting_breaks_nothing():
    assert rule_findings([occ(description="主讲：张伟、李强", status="CANCELLED")], RULE) == []


def test_limit_comes_from_the_rulebook():
    o = occ(description="主讲：张伟、李强")
    assert rule_findings([o], RULE, rulebook="[rules.single-keynote]\nmax_speakers = 2") == []
