"""Quality of merge suggestions on a labelled calendar (English and Chinese).

``tests/data/merge_labelled.ics`` holds realistic scenarios; ``merge_labels.toml`` lists the
UID pairs that must be suggested together and those that must not (each with its scenario).
A pair is *predicted* when one suggestion holds an occurrence of each UID (for ``[X, X]``:
two occurrences of the series X). Recall and precision are computed over the labelled pairs.
"""

from __future__ import annotations

import tomllib
from itertools import combinations
from pathlib import Path

import pytest

from leanmeet.planner.merge import MergeSettings, suggest
from leanmeet.storage.ics_reader import occurrences_from_ics

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def labelled():
    text = (DATA / "merge_labelled.ics").read_text(encoding="utf-8")
    occurrences = occurrences_from_ics(text, tz="Asia/Shanghai")
    labels = tomllib.loads((DATA / "merge_labels.toml").read_text(encoding="utf-8"))
    return occurrences, labels


def _predicted(occurrences) -> set[frozenset[str]]:
    out: set[frozenset[str]] = set()
    for s in suggest(occurrences, MergeSettings()):
        for a, b in combinations(s.members, 2):
            out.add(frozenset((a.uid, b.uid)))
    return out


def test_the_labelled_set_is_big_enough_and_consistent(labelled):
    occurrences, labels = labelled
    known = {o.uid for o in occurrences}
    merge = [frozenset(p) for p in labels["must_merge"]]
    never = [frozenset(p) for p in labels["must_not"]]
    assert len(merge) >= 20 and len(never) >= 20
    assert not set(merge) & set(never)
    assert {uid for pair in merge + never for uid in pair} <= known


def test_recall_and_precision_on_the_labelled_pairs(labelled):
    occurrences, labels = labelled
    predicted = _predicted(occurrences)
    merge = [frozenset(p) for p in labels["must_merge"]]
    never = [frozenset(p) for p in labels["must_not"]]
    found = [p for p in merge if p in predicted]
    wrong = [p for p in never if p in predicted]
    recall = len(found) / len(merge)
    precision = len(found) / (len(found) + len(wrong)) if found or wrong else 1.0
    missed = sorted(tuple(sorted(p)) for p in merge if p not in predicted)
    assert recall >= 0.9, f"recall {recall:.2f}; missed {missed}"
    assert precision >= 0.9, f"precision {precision:.2f}; wrongly merged {wrong}"
