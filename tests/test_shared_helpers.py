"""The helpers that the rules and the TUI tables share (issue 12): one definition each, so
what they promise is checked here once."""

from __future__ import annotations

import pytest

from leanmeet.planner.people import Roster
from leanmeet.planner.rules import RULES_BY_ID, prepare
from leanmeet.planner.rules.base import event_finding, leaders_finding, of_kinds
from leanmeet.tui.views.agenda import column_limits
from leanmeet.tui.views.columns import PADDING, SCROLLBAR, column_widths
from tests.rules_helpers import CLERK, LI, ROSTER, WANG, att, context, occ


def test_distinct_leaders_keeps_each_leader_once_in_roster_order():
    again = type(LI)(LI.name, LI.email.upper(), "leader", "Mayor (second row)")
    roster = Roster([WANG, CLERK, LI, again])
    assert roster.distinct_leaders == (WANG, LI)


def test_of_kinds_and_the_finding_about_one_event():
    ctx = context()
    events = prepare([
        occ("Budget meeting", attendees=(att(LI), att(CLERK))),
        occ("Ribbon-cutting ceremony for the new bridge", attendees=(att(WANG),)),
    ], ctx)
    assert [ev.occ.summary for ev in of_kinds(events, ("ceremony",))] == [
        "Ribbon-cutting ceremony for the new bridge"]
    meeting = events[0]
    assert [p.label for p in meeting.leaders_or_people] == [LI.email]
    rule = RULES_BY_ID["unarranged-ceremony"]
    plain = event_finding(rule, "warning", meeting.occ, meeting.people, "text")
    assert (plain.rule, plain.clause, plain.people, plain.blocks) == (
        rule.id, rule.clause, (LI.email, CLERK.email), False)
    assert leaders_finding(rule, "error", meeting.occ, meeting.leaders, "text").blocks
    assert not leaders_finding(rule, "warning", meeting.occ, meeting.leaders, "text").blocks


def test_no_leader_the_finding_names_everyone():
    ctx = context(people=[p for p in ROSTER if not p.is_leader])
    (ev,) = prepare([occ("Budget meeting", attendees=(att(LI), att(CLERK)))], ctx)
    assert [p.label for p in ev.leaders_or_people] == [LI.email, CLERK.email]


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 240])
def test_agenda_columns_fill_the_width_and_keep_their_minimums(width):
    fixed = (12, 13, 8)
    widths = column_limits(width)
    used = sum(fixed) + sum(widths) + PADDING * (len(fixed) + len(widths)) + SCROLLBAR
    if width >= 100:  # room for every minimum: the table fills the terminal exactly
        assert used == width
    assert widths[0] >= 16 and widths[1] >= 8 and widths[2] >= 6


def test_column_widths_needs_a_share_for_every_text_column_but_the_last():
    assert column_widths(60, fixed=(10,), minimums=(30,)) == (44,)
    with pytest.raises(ValueError):
        column_widths(60, fixed=(10,), minimums=(10, 10))
