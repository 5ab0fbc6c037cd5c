"""Merge suggestions (SPEC §5): which meetings could be held as one, why, and the merged
meeting proposed. Pure domain code; see ``planner/merge/README.md``."""

from leanmeet.planner.merge.ids import dismissed_ids, suggestion_id
from leanmeet.planner.merge.proposal import Proposal
from leanmeet.planner.merge.suggestions import Reasons, Suggestion, suggest
from leanmeet.planner.merge_settings import MergeSettings

__all__ = [
    "MergeSettings",
    "Proposal",
    "Reasons",
    "Suggestion",
    "dismissed_ids",
    "suggest",
    "suggestion_id",
]
