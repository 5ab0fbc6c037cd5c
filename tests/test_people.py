"""Roster matching (email, then CN) and who takes part in an occurrence."""

from __future__ import annotations

from leanmeet.planner.model import Attendee, Person
from leanmeet.planner.people import Roster, participants
from tests.rules_helpers import CLERK, LI, ROSTER, WANG, ZHANG, att, occ


def test_match_by_email_case_insensitively():
    roster = Roster(ROSTER)
    assert roster.match(Attendee("LI.WEI@GOV.EXAMPLE")) is LI
    assert roster.match(Attendee("mailto:Wang.Fang@gov.example")) is WANG


def test_roster_email_in_capitals_still_matches():
    shouty = Person("Zhao Lei", "Zhao.Lei@GOV.example", "leader")
    assert Roster([shouty]).match(Attendee("zhao.lei@gov.example")) is shouty


def test_match_by_cn_when_there_is_no_email():
    roster = Roster(ROSTER)
    assert roster.match(Attendee("", "Li Wei")) is LI
    assert roster.match(Attendee("", "  li   WEI ")) is LI  # case and whitespace
    assert roster.match(Attendee("", "张伟")) is ZHANG
    assert roster.match(Attendee("", "ＬＩ ＷＥＩ")) is LI  # full-width letters


def test_match_by_cn_when_the_email_is_not_on_the_roster():
    assert Roster(ROSTER).match(Attendee("liwei.private@mail.example", "Li Wei")) is LI


def test_email_wins_over_cn():
    assert Roster(ROSTER).match(Attendee("wang.fang@gov.example", "Li Wei")) is WANG


def test_unknown_attendee_matches_nothing():
    roster = Roster(ROSTER)
    assert roster.match(Attendee("someone@else.example", "Someone")) is None
    assert roster.match(Attendee("", "")) is None
    assert Roster([]).match(Attendee("li.wei@gov.example", "Li Wei")) is None


def test_a_name_two_people_share_is_ambiguous():
    a = Person("Wang Wei", "wang.wei1@gov.example", "leader")
    b = Person("Wang Wei", "wang.wei2@gov.example", "staff")
    roster = Roster([a, b])
    assert roster.match(Attendee("", "Wang Wei")) is None
    assert roster.match(Attendee("wang.wei2@gov.example", "Wang Wei")) is b


def test_leaders():
    assert Roster(ROSTER).leaders == (LI, WANG, ZHANG)


def test_participants_skip_declined_and_non_participants():
    o = occ(
        attendees=[
            att(LI, partstat="DECLINED"),
            att(WANG),
            att(CLERK, role="NON-PARTICIPANT"),
            att("guest@else.example"),
        ]
    )
    labels = [p.label for p in participants(o, Roster(ROSTER))]
    assert labels == ["wang.fang@gov.example", "guest@else.example"]


def test_participants_resolve_leaders_and_deduplicate():
    o = occ(attendees=[att(LI), Attendee("", "Li Wei"), att("", "张伟")])
    people = participants(o, Roster(ROSTER))
    assert [p.label for p in people] == ["li.wei@gov.example", "zhang.wei@gov.example"]
    assert all(p.leader for p in people)
    assert people[1].display == "张伟"


def test_organizer_counts_only_without_attendees():
    organizer = att(CLERK)
    with_guests = occ(organizer=organizer, attendees=[att(LI)])
    own = occ(organizer=organizer)
    roster = Roster(ROSTER)
    assert [p.label for p in participants(with_guests, roster)] == ["li.wei@gov.example"]
    assert [p.label for p in participants(own, roster)] == ["chen.jing@gov.example"]
