"""DecisionIndex: a decision on the series vs on one occurrence."""

from __future__ import annotations

from datetime import date

from leanmeet.planner.decisions import DecisionIndex, occurrence_matches
from leanmeet.planner.model import Decision
from tests.rules_helpers import at, occ, series

OCCS = series("Weekly", ["2025-03-03 09:00", "2025-03-10 09:00"], uid="w@test")


def test_series_decision_applies_to_every_occurrence():
    index = DecisionIndex([Decision("arrangement", "w@test", text="ref 7")])
    assert [index.arranged(o) for o in OCCS] == ["ref 7", "ref 7"]
    assert index.arranged(occ(uid="other@test")) is None


def test_occurrence_decision_applies_to_that_occurrence_only():
    index = DecisionIndex(
        [Decision("arrangement", "w@test", occurrence="2025-03-10T09:00:00+08:00", text="r")]
    )
    assert [index.arranged(o) for o in OCCS] == [None, "r"]


def test_occurrence_named_in_another_offset_or_as_a_date():
    utc = DecisionIndex([Decision("exemption", "w@test", "2025-03-03T01:00:00Z", "venue", "x")])
    assert [utc.exemption(o, "venue") for o in OCCS] == ["x", None]
    naive = DecisionIndex([Decision("exemption", "w@test", "2025-03-10T09:00:00", "venue", "y")])
    assert [naive.exemption(o, "venue") for o in OCCS] == [None, "y"]
    day = DecisionIndex([Decision("exemption", "w@test", "2025-03-03", "venue", "z")])
    assert [day.exemption(o, "venue") for o in OCCS] == ["z", None]


def test_moved_occurrence_is_found_by_recurrence_id_or_new_start():
    moved = occ(
        "Weekly", at("2025-03-11 14:00"), uid="w@test", recurrence_id=at("2025-03-10 09:00")
    )
    by_rid = DecisionIndex(
        [Decision("kind", "w@test", "2025-03-10T09:00:00+08:00", text="plenary")]
    )
    by_start = DecisionIndex(
        [Decision("kind", "w@test", "2025-03-11T14:00:00+08:00", text="plenary")]
    )
    assert by_rid.kind_override(moved) == "plenary"
    assert by_start.kind_override(moved) == "plenary"
    assert by_rid.kind_override(OCCS[0]) is None


def test_all_day_occurrence():
    o = occ("Retreat", date(2025, 3, 3), days=1, uid="d@test", recurrence_id=date(2025, 3, 3))
    assert occurrence_matches("2025-03-03", o)
    assert not occurrence_matches("2025-03-04", o)
    assert occurrence_matches(None, o)


def test_occurrence_decision_beats_series_and_latest_wins():
    index = DecisionIndex(
        [
            Decision("kind", "w@test", text="ceremony", at="2025-01-01T00:00:00"),
            Decision(
                "kind",
                "w@test",
                "2025-03-10T09:00:00+08:00",
                text="research",
                at="2024-01-01T00:00:00",
            ),
            Decision("kind", "w@test", text="plenary", at="2025-02-01T00:00:00"),
        ]
    )
    assert [index.kind_override(o) for o in OCCS] == ["plenary", "research"]


def test_exemption_is_per_rule_and_empty_texts_still_count():
    index = DecisionIndex(
        [
            Decision("exemption", "w@test", rule="venue"),
            Decision("arrangement", "w@test"),
        ]
    )
    assert index.exemption(OCCS[0], "venue")
    assert index.exemption(OCCS[0], "half-day-limit") is None
    assert index.arranged(OCCS[0])


def test_garbage_occurrence_text_matches_nothing():
    index = DecisionIndex([Decision("arrangement", "w@test", occurrence="next tuesday")])
    assert [index.arranged(o) for o in OCCS] == [None, None]
