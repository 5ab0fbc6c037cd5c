"""research-team (§1 research): leaders visiting one place at one time form one team."""

from __future__ import annotations

import pytest

from leanmeet.planner.rules import ClassifiedEvent, prepare
from leanmeet.planner.rules.research_team import ResearchTeam, normalize_place
from tests.rules_helpers import (
    CLERK,
    LI,
    WANG,
    ZHANG,
    context,
    generated_calendar,
    generated_people,
    occ,
    rule_findings,
)

RULE = "research-team"


def test_two_leaders_same_place_same_time():
    a = occ("赴秦州区调研", "2025-03-03 09:00", 180, location="秦州区", attendees=[LI], uid="a@t")
    b = occ(
        "秦州区农业调研", "2025-03-03 10:00", 180, location=" 秦州 区 ", attendees=[WANG], uid="b@t"
    )
    (f,) = rule_findings([a, b], RULE)
    assert f.severity == "info"
    assert f.clause == "§1 research"
    assert f.occurrences == (a, b)
    assert f.people == ("li.wei@gov.example", "wang.fang@gov.example")
    assert "research team" in f.message
    js = f.to_json()
    assert js["uid"] == "a@t"
    assert [r["uid"] for r in js["related"]] == ["b@t"]


def test_english_visits_and_place_spelling():
    a = occ("Research visit to Gangu County", location="Gangu County", attendees=[LI])
    b = occ("Research visit", location="gangu  county.", attendees=[ZHANG])
    assert len(rule_findings([a, b], RULE)) == 1


def test_different_places_or_times_are_separate():
    a = occ("调研", "2025-03-03 09:00", 120, location="秦州区", attendees=[LI])
    elsewhere = occ("调研", "2025-03-03 09:00", 120, location="麦积区", attendees=[WANG])
    later = occ("调研", "2025-03-03 11:00", 120, location="秦州区", attendees=[WANG])
    assert rule_findings([a, elsewhere], RULE) == []
    assert rule_findings([a, later], RULE) == []


def test_leaders_already_in_one_visit():
    joint = occ("联合调研", location="秦州区", attendees=[LI, WANG])
    tail = occ("调研", location="秦州区", attendees=[LI])
    assert rule_findings([joint, tail], RULE) == []


def test_one_leader_or_staff_only():
    a = occ("调研", location="秦州区", attendees=[LI])
    b = occ("调研", location="秦州区", attendees=[LI, CLERK])
    c = occ("调研", location="秦州区", attendees=[CLERK])
    assert rule_findings([a, b, c], RULE) == []


def test_meetings_are_not_research_visits():
    a = occ("Budget review", location="秦州区", attendees=[LI])
    b = occ("Budget review", location="秦州区", attendees=[WANG])
    assert rule_findings([a, b], RULE) == []


def test_chained_visits_form_one_group():
    a = occ("调研", "2025-03-03 09:00", 120, location="秦州区", attendees=[LI])
    b = occ("调研", "2025-03-03 10:30", 120, location="秦州区", attendees=[WANG])
    c = occ("调研", "2025-03-03 12:00", 120, location="秦州区", attendees=[ZHANG])
    (f,) = rule_findings([a, b, c], RULE)
    assert f.occurrences == (a, b, c)
    assert len(f.people) == 3


def test_all_day_visits_overlap():
    a = occ("赴甘谷县调研", "2025-03-03", days=2, location="甘谷县", attendees=[LI])
    b = occ("甘谷县调研", "2025-03-04 09:00", location="甘谷县", attendees=[WANG])
    assert len(rule_findings([a, b], RULE)) == 1


def test_cancelled_visit_does_not_count():
    a = occ("调研", location="秦州区", attendees=[LI])
    b = occ("调研", location="秦州区", attendees=[WANG], status="CANCELLED")
    assert rule_findings([a, b], RULE) == []


def test_normalize_place():
    assert normalize_place(" Gangu  County. ") == normalize_place("gangu county") == "gangucounty"
    assert normalize_place("秦州 区") == "秦州区"


# ------------------------------------------------------------------ against brute force
def brute_force(events: list[ClassifiedEvent]) -> set[frozenset]:
    visits = [
        e for e in events if e.kind == "research" and e.leaders and normalize_place(e.occ.location)
    ]
    parent = list(range(len(visits)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(visits):
        for j in range(i + 1, len(visits)):
            b = visits[j]
            if (
                normalize_place(a.occ.location) == normalize_place(b.occ.location)
                and a.start_ts < b.end_ts
                and b.start_ts < a.end_ts
            ):
                parent[root(i)] = root(j)
    groups: dict[int, list] = {}
    for i, v in enumerate(visits):
        groups.setdefault(root(i), []).append(v)
    out = set()
    for group in groups.values():
        leaders = {p.key for v in group for p in v.leaders}
        if (
            len(group) > 1
            and len(leaders) >= 2
            and not any(leaders <= {p.key for p in v.leaders} for v in group)
        ):
            out.add(frozenset(v.key for v in group))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sweep_matches_brute_force(seed):
    people = generated_people(40)
    occs = generated_calendar(1500, people, seed=seed, days=5)
    ctx = context(people=people)
    events = prepare(occs, ctx)
    expected = brute_force(events)
    assert len(expected) >= 10
    found = {frozenset(o.key for o in f.occurrences) for f in ResearchTeam().check(events, ctx)}
    assert found == expected


def test_20000_occurrences_are_all_real_groups():
    people = generated_people(300)
    ctx = context(people=people)
    events = prepare(generated_calendar(20000, people, seed=5), ctx)
    findings = ResearchTeam().check(events, ctx)
    assert findings
    by_key = {e.key: e for e in events}
    for f in findings:
        group = [by_key[o.key] for o in f.occurrences]
        assert len({normalize_place(e.occ.location) for e in group}) == 1
        assert all(e.kind == "research" for e in group)
        # consecutive visits (sorted by start) overlap the group so far: it is one group
        latest = group[0].end_ts
        for e in group[1:]:
            assert e.start_ts < latest
            latest = max(latest, e.end_ts)
