"""The registry and run_checks: classification once, cancellations, exemptions, sorting, JSON."""

from __future__ import annotations

from leanmeet.planner.findings import Finding
from leanmeet.planner.model import Decision
from leanmeet.planner.rulebook import RULE_IDS, default_rulebook
from leanmeet.planner.rules import RULES, blocked_leaders, prepare, run_checks
from tests.rules_helpers import (
    CLERK,
    LI,
    WANG,
    att,
    check,
    context,
    generated_calendar,
    generated_people,
    occ,
)

F_KEYS = {
    "rule",
    "severity",
    "uid",
    "recurrence_id",
    "start",
    "summary",
    "people",
    "message",
    "clause",
}


def test_every_rule_is_registered_once_with_a_clause_and_a_rulebook_table():
    ids = [rule.id for rule in RULES]
    assert ids == list(RULE_IDS)
    assert len(set(ids)) == len(ids)
    rb = default_rulebook()
    for rule in RULES:
        assert rule.clause
        assert rb.rule(rule.id).severity in ("error", "warning", "info")


def _violations(status="CONFIRMED"):
    """One event that breaks nearly everything at once."""
    return [
        occ(
            "开业庆典",
            "2025-03-03 09:00",
            300,
            attendees=[att(LI, role="X-KEYNOTE"), WANG],
            location="天水大酒店",
            description="主讲：张伟",
            status=status,
            uid="bad@test",
        ),
        occ(
            "Budget review", "2025-03-03 10:00", 300, attendees=[LI], status=status, uid="long@test"
        ),
    ]


def test_cancelled_occurrences_break_no_rule():
    live = {f.rule for f in check(_violations())}
    assert {
        "commercial-event",
        "venue",
        "double-booking",
        "single-keynote",
        "half-day-limit",
    } <= live
    cancelled = check(_violations("CANCELLED"))
    assert {f.rule for f in cancelled} == {"grassroots-days"}  # the per-leader report remains


def test_findings_sorted_by_severity_then_start():
    findings = check(_violations())
    ranks = [("error", "warning", "info").index(f.severity) for f in findings]
    assert ranks == sorted(ranks)
    errors = [f for f in findings if f.severity == "error"]
    starts = [f.occurrences[0].start for f in errors]
    assert starts == sorted(starts)
    assert findings[-1].rule == "grassroots-days"


def test_disabled_rule_and_severity_override():
    book = '[rules.venue]\nenabled = false\n[rules.double-booking]\nseverity = "error"'
    findings = check(_violations(), rulebook=book)
    assert "venue" not in {f.rule for f in findings}
    assert {f.severity for f in findings if f.rule == "double-booking"} == {"error"}


def test_exemption_is_per_rule():
    exempt = Decision("exemption", "long@test", rule="half-day-limit", text="budget day")
    rules = [
        (f.rule, f.occurrences[0].uid)
        for f in check(_violations(), decisions=[exempt])
        if f.occurrences
    ]
    assert ("half-day-limit", "long@test") not in rules
    assert ("half-day-limit", "bad@test") not in rules  # commercial is not a meeting
    assert ("double-booking", "bad@test") in rules


def test_kind_is_decided_once_with_overrides():
    ctx = context(decisions=[Decision("kind", "bad@test", text="ceremony")])
    events = {e.occ.uid: e for e in prepare(_violations(), ctx)}
    assert events["bad@test"].kind == "ceremony"
    assert events["long@test"].kind == "meeting"
    rules = {f.rule for f in run_checks(_violations(), ctx)}
    assert "unarranged-ceremony" in rules and "commercial-event" not in rules


def test_same_occurrence_twice_is_checked_once():
    o = occ("Budget review", minutes=300, attendees=[LI])
    assert len([f for f in check([o, o]) if f.rule == "half-day-limit"]) == 1


def test_json_is_the_spec_shape():
    findings = check(_violations())
    for f in findings:
        js = f.to_json()
        extra = {"related"} if f.rule in ("double-booking", "research-team") else set()
        assert set(js) == F_KEYS | extra
    (venue,) = [f for f in findings if f.rule == "venue"]
    js = venue.to_json()
    assert js == {
        "rule": "venue",
        "severity": "warning",
        "uid": "bad@test",
        "recurrence_id": None,
        "start": "2025-03-03T09:00:00+08:00",
        "summary": "开业庆典",
        "people": ["li.wei@gov.example", "wang.fang@gov.example"],
        "message": venue.message,
        "clause": "§10 frugality",
    }


def test_json_of_an_all_day_series_occurrence():
    from datetime import date

    o = occ("Strategy retreat", "2025-03-03", days=1, uid="s@test", recurrence_id=date(2025, 3, 3))
    (f,) = [f for f in check([o]) if f.rule == "half-day-limit"]
    js = f.to_json()
    assert js["start"] == "2025-03-03"
    assert js["recurrence_id"] == "2025-03-03"


def test_blocked_leaders_takes_only_blocking_errors():
    ribbon = occ("剪彩仪式", attendees=[LI, CLERK], uid="r@test")
    launch = occ("新品发布会", "2025-03-04 09:00", attendees=[WANG], uid="l@test")
    findings = check([ribbon, launch])
    assert blocked_leaders(findings) == {
        ("r@test", None): {"li.wei@gov.example"},
        ("l@test", None): {"wang.fang@gov.example"},
    }
    not_blocking = Finding("venue", "error", "§10", "x", (ribbon,), ("li.wei@gov.example",))
    assert blocked_leaders([not_blocking]) == {}


def test_finding_keys_are_stable_and_distinct():
    findings = check(_violations())
    keys = [f.key for f in findings]
    assert len(keys) == len(set(keys))
    assert keys == [f.key for f in check(_violations())]


def test_20000_occurrences_run_through_every_rule():
    people = generated_people(300)
    occs = generated_calendar(20000, people, seed=3, policy_extras=400)
    findings = run_checks(occs, context(people=people))
    rules = {f.rule for f in findings}
    assert rules == set(RULE_IDS) - {"single-keynote"}
    cancelled = {o.key for o in occs if o.cancelled}
    assert all(o.key not in cancelled for f in findings for o in f.occurrences)
