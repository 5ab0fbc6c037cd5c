"""grassroots-days (§1 research): per leader, research days this year vs the 70-day minimum."""

from __future__ import annotations

from datetime import date

from tests.rules_helpers import CLERK, LI, WANG, occ, rule_findings

RULE = "grassroots-days"


def report(occs, **kw):
    return {f.people[0]: f for f in rule_findings(occs, RULE, **kw)}


def test_one_report_per_leader_even_without_visits():
    found = report([])
    assert set(found) == {"li.wei@gov.example", "wang.fang@gov.example", "zhang.wei@gov.example"}
    f = found["wang.fang@gov.example"]
    assert f.severity == "info"
    assert f.clause == "§1 research"
    assert f.details["days"] == 0
    assert f.details["projected"] == 0
    assert "0 grassroots research days in 2025" in f.message


def test_staff_get_no_report():
    assert "chen.jing@gov.example" not in report([occ("调研", attendees=[CLERK])])


def test_distinct_days_count_and_projection():
    # today is 2025-03-03, day 62 of 365
    visits = [occ("赴秦州区调研", f"2025-02-{d:02d} 09:00", attendees=[LI]) for d in range(1, 11)]
    visits.append(occ("Research visit", "2025-02-01 15:00", attendees=[LI]))  # same day again
    f = report(visits)["li.wei@gov.example"]
    assert f.details == {"year": 2025, "days": 10, "planned": 0, "minimum": 70, "projected": 59}
    assert "10 grassroots research days in 2025 so far" in f.message
    assert "about 59 by year end" in f.message
    assert "short of the minimum" in f.message


def test_multi_day_all_day_visit_counts_each_day():
    trip = occ("赴甘谷县调研", "2025-02-10", days=3, attendees=[WANG])  # 10, 11, 12 Feb
    assert report([trip])["wang.fang@gov.example"].details["days"] == 3


def test_future_visits_are_planned_not_done():
    f = report([occ("调研", "2025-03-20 09:00", attendees=[LI])])["li.wei@gov.example"]
    assert f.details["days"] == 0
    assert f.details["planned"] == 1
    assert "(+1 planned)" in f.message


def test_projection_is_never_below_what_is_planned():
    done = [occ("调研", "2025-01-06 09:00", attendees=[LI])]  # pace: 1 day in 62 -> 6 a year
    planned = [occ("调研", "2025-04-01", days=10, attendees=[LI])]
    assert report(done)["li.wei@gov.example"].details["projected"] == 6
    assert report(done + planned)["li.wei@gov.example"].details["projected"] == 11


def test_other_years_and_other_kinds_do_not_count():
    occs = [
        occ("调研", "2024-12-30", days=3, attendees=[LI]),  # only 1 Jan 2025 counts
        occ("Budget review", "2025-02-03 09:00", attendees=[LI]),
        occ("调研", "2025-02-04 09:00", attendees=[LI], status="CANCELLED"),
        occ("调研", "2025-02-05 09:00", attendees=[LI], status="CONFIRMED"),
    ]
    assert report(occs)["li.wei@gov.example"].details["days"] == 2


def test_minimum_reached():
    visits = [
        occ("调研", f"2025-{m:02d}-{d:02d}", days=1, attendees=[LI])
        for m in (1, 2)
        for d in range(1, 29)
    ] + [occ("调研", f"2025-03-0{d}", days=1, attendees=[LI]) for d in (1, 2, 3)]
    f = report(visits, today=date(2025, 3, 3))["li.wei@gov.example"]
    assert f.details["days"] == 59
    assert "on pace" in f.message
    f = report(visits, rulebook="[rules.grassroots-days]\nmin_days = 50")["li.wei@gov.example"]
    assert "minimum reached" in f.message


def test_json_has_no_event():
    js = report([])["li.wei@gov.example"].to_json()
    assert js["uid"] is None and js["recurrence_id"] is None
    assert js["start"] is None and js["summary"] is None
    assert js["people"] == ["li.wei@gov.example"]
    assert "related" not in js
