"""holiday (info): meetings on a public holiday of the rulebook's country; a 调休 working
weekend is a working day. The holidays come from the `holidays` library (planner.workdays)."""

from __future__ import annotations

from datetime import date

from leanmeet.planner.rulebook import RulebookError, rulebook_from_toml
from tests.rules_helpers import LI, occ, rule_findings

RULE = "holiday"


def test_a_meeting_on_national_day_is_noted():
    (f,) = rule_findings([occ("Budget review", "2026-10-01 09:00", attendees=[LI])], RULE)
    assert f.severity == "info"
    assert f.people == ("li.wei@gov.example",)
    assert "2026-10-01" in f.message and "National Day" in f.message


def test_ordinary_days_and_working_weekends_pass():
    events = [
        occ("Tuesday meeting", "2026-12-01 09:00"),  # a working day
        occ("Saturday meeting", "2026-12-05 09:00"),  # a weekend, but no holiday
        occ("调休 Sunday meeting", "2026-09-20 09:00"),  # a working Sunday (调休)
    ]
    assert rule_findings(events, RULE) == []


def test_an_event_reaching_into_a_holiday_is_noted_once():
    # a three-day all-day training from 30 Sep: 1 and 2 Oct are National Day holidays
    (f,) = rule_findings([occ("培训", date(2026, 9, 30), days=3)], RULE)
    assert "2026-10-01" in f.message
    # a night shift from New Year's Eve into New Year's Day
    (g,) = rule_findings([occ("Night duty", "2026-12-31 22:00", end="2027-01-01 06:00")], RULE)
    assert "2027-01-01" in g.message


def test_country_chooses_the_holidays_and_empty_turns_them_off():
    event = [occ("Independence Day meeting", "2026-07-04 09:00")]
    assert rule_findings(event, RULE) == []  # not a holiday in China
    assert len(rule_findings(event, RULE, rulebook='country = "US"')) == 1
    national = [occ("Budget review", "2026-10-01 09:00")]
    assert rule_findings(national, RULE, rulebook='country = ""') == []


def test_a_bad_country_is_refused_with_the_key_named():
    try:
        rulebook_from_toml('country = "China"')
    except RulebookError as exc:
        assert "country" in str(exc) and "ISO 3166" in str(exc)
    else:
        raise AssertionError("accepted")
