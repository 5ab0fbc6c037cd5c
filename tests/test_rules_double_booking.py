"""double-booking: one person in two overlapping events (a sweep, checked against brute force)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import pytest

from leanmeet.planner.model import Attendee, Decision
from leanmeet.planner.rules import ClassifiedEvent, prepare
from leanmeet.planner.rules.double_booking import DoubleBooking, overlapping_pairs
from tests.rules_helpers import (
    CLERK,
    LI,
    TZ,
    WANG,
    att,
    context,
    generated_calendar,
    generated_people,
    occ,
    rule_findings,
    series,
)

RULE = "double-booking"


def test_overlapping_meetings_of_one_person():
    a = occ("Budget review", "2025-03-03 09:00", 120, attendees=[LI, CLERK], uid="a@test")
    b = occ("安全生产会议", "2025-03-03 10:00", 60, attendees=[LI], uid="b@test")
    (f,) = rule_findings([b, a], RULE)
    assert f.severity == "warning"
    assert f.occurrences == (a, b)  # the earlier first
    assert f.people == ("li.wei@gov.example",)
    assert "Li Wei is booked" in f.message
    js = f.to_json()
    assert js["uid"] == "a@test"
    assert js["related"] == [
        {"uid": "b@test", "recurrence_id": None, "start": "2025-03-03T10:00:00+08:00"}
    ]


def test_meetings_that_touch_do_not_overlap():
    a = occ("A", "2025-03-03 09:00", 60, attendees=[LI])
    b = occ("B", "2025-03-03 10:00", 60, attendees=[LI])
    assert rule_findings([a, b], RULE) == []


def test_different_people_do_not_clash():
    a = occ("A", "2025-03-03 09:00", 60, attendees=[LI])
    b = occ("B", "2025-03-03 09:30", 60, attendees=[WANG])
    assert rule_findings([a, b], RULE) == []


def test_the_same_event_seen_twice_is_not_a_double_booking():
    a = occ("A", attendees=[LI], uid="same@test")
    again = occ("A", attendees=[LI], uid="same@test", feed="other feed")
    assert rule_findings([a, again], RULE) == []


def test_same_uid_different_occurrences_can_clash():
    occs = series("Duty", ["2025-03-03 09:00", "2025-03-03 09:30"], attendees=[LI])
    assert len(rule_findings(occs, RULE)) == 1


def test_cancelled_and_declined_do_not_count():
    a = occ("A", attendees=[LI])
    assert rule_findings([a, occ("B", attendees=[LI], status="CANCELLED")], RULE) == []
    assert rule_findings([a, occ("B", attendees=[att(LI, partstat="DECLINED")])], RULE) == []


def test_person_matched_by_email_in_one_event_and_cn_in_the_other():
    a = occ("A", attendees=[LI])
    b = occ("B", attendees=[Attendee("", "LI WEI")])
    (f,) = rule_findings([a, b], RULE)
    assert f.people == ("li.wei@gov.example",)


def test_attendees_outside_the_roster_count_by_email_not_by_bare_name():
    guest = "guest@firm.example"
    assert (
        len(
            rule_findings(
                [occ("A", attendees=[att(guest)]), occ("B", attendees=[att(guest)])], RULE
            )
        )
        == 1
    )
    named = [occ("A", attendees=[att("", "Zhou")]), occ("B", attendees=[att("", "Zhou")])]
    assert rule_findings(named, RULE) == []


def test_everyone_in_both_events_is_in_one_finding():
    a = occ("A", attendees=[LI, WANG, CLERK])
    b = occ("B", attendees=[WANG, LI])
    (f,) = rule_findings([a, b], RULE)
    assert f.people == ("li.wei@gov.example", "wang.fang@gov.example")


def test_all_day_meeting_double_books_a_timed_meeting():
    day = occ("Strategy retreat", "2025-03-03", days=1, attendees=[LI])
    timed = occ("Budget review", "2025-03-03 15:00", attendees=[LI])
    assert len(rule_findings([day, timed], RULE)) == 1
    next_day = occ("Budget review", "2025-03-04 09:00", attendees=[LI])
    assert rule_findings([day, next_day], RULE) == []


def test_all_day_research_trip_does_not_double_book():
    trip = occ("赴甘谷县调研", "2025-03-03", days=2, attendees=[LI])
    timed = occ("Budget review", "2025-03-04 15:00", attendees=[LI])
    assert rule_findings([trip, timed], RULE) == []
    book = '[rules.double-booking]\nall_day_kinds = ["meeting", "research"]'
    assert len(rule_findings([trip, timed], RULE, rulebook=book)) == 1


def test_exemption_of_either_event_lifts_it():
    a = occ("A", attendees=[LI], uid="a@test")
    b = occ("B", attendees=[LI], uid="b@test")
    exempt = Decision("exemption", "b@test", rule=RULE, text="leaves after 10 minutes")
    assert rule_findings([a, b], RULE, decisions=[exempt]) == []


def test_overlapping_pairs_sweep():
    intervals = [(0, 10, 1), (5, 6, 2), (6, 7, 3), (10, 20, 4), (6, 6, 5), (20, 21, 6)]
    pairs = {frozenset(p) for p in overlapping_pairs(intervals)}
    assert pairs == {
        frozenset({1, 2}),
        frozenset({1, 3}),
        frozenset({1, 5}),
    }


# ------------------------------------------------------------------ against brute force
def _eligible(ev: ClassifiedEvent, all_day_kinds=frozenset({"meeting"})) -> bool:
    return ev.end_ts > ev.start_ts and not (ev.all_day and ev.kind not in all_day_kinds)


def _people(ev: ClassifiedEvent) -> dict[str, str]:
    return {
        p.key: p.label for p in ev.people if p.person is not None or not p.key.startswith("name:")
    }


def _as_sets(findings) -> dict[frozenset, frozenset]:
    return {frozenset(o.key for o in f.occurrences): frozenset(f.people) for f in findings}


def brute_force(events: list[ClassifiedEvent]) -> dict[frozenset, frozenset]:
    """Every pair of events, compared directly."""
    out = {}
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            if not (_eligible(a) and _eligible(b)) or a.key == b.key:
                continue
            if a.start_ts < b.end_ts and b.start_ts < a.end_ts:
                pa, pb = _people(a), _people(b)
                shared = pa.keys() & pb.keys()
                if shared:
                    out[frozenset({a.key, b.key})] = frozenset(pa[k] for k in shared)
    return out


def by_day_buckets(events: list[ClassifiedEvent]) -> dict[frozenset, frozenset]:
    """Pairs compared only within (person, day) buckets: exact, and fast on a big calendar."""
    buckets = defaultdict(list)
    for ev in events:
        if not _eligible(ev):
            continue
        first = datetime.fromtimestamp(ev.start_ts, TZ).date()
        last = datetime.fromtimestamp(ev.end_ts - 1e-6, TZ).date()
        for key in _people(ev):
            for n in range((last - first).days + 1):
                buckets[key, first + timedelta(days=n)].append(ev)
    out: dict[frozenset, set] = {}
    for (key, _), evs in buckets.items():
        for i, a in enumerate(evs):
            for b in evs[i + 1 :]:
                if a.key != b.key and a.start_ts < b.end_ts and b.start_ts < a.end_ts:
                    out.setdefault(frozenset({a.key, b.key}), set()).add(_people(a)[key])
    return {k: frozenset(v) for k, v in out.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sweep_matches_brute_force_on_a_small_dense_calendar(seed):
    people = generated_people(30)
    occs = generated_calendar(500, people, seed=seed, days=4)
    ctx = context(people=people)
    events = prepare(occs, ctx)
    expected = brute_force(events)
    assert len(expected) > 50  # the set is dense enough to mean something
    assert _as_sets(DoubleBooking().check(events, ctx)) == expected


def test_sweep_on_20000_occurrences_matches_a_bucketed_reference():
    people = generated_people(300)
    occs = generated_calendar(20000, people, seed=11)
    ctx = context(people=people)
    events = prepare(occs, ctx)
    assert len(events) > 19000
    found = _as_sets(DoubleBooking().check(events, ctx))
    expected = by_day_buckets(events)
    assert len(expected) > 1000
    assert found == expected
