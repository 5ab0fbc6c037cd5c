"""Merge suggestions (SPEC §5): which meetings could be held as one, why, and the merged
meeting proposed. Pure domain code; see ``planner/merge/README.md``."""

from planner.merge.ids import dismissed_ids, suggestion_id
from planner.merge.proposal import Proposal
from planner.merge.settings import MergeSettings
from planner.merge.suggestions import Reasons, Suggestion, merge_window, suggest

__all__ = [
    "MergeSettings",
    "Proposal",
    "Reasons",
    "Suggestion",
    "dismissed_ids",
    "merge_window",
    "suggest",
    "suggestion_id",
]
