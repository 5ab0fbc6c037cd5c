"""Thresholds and weights of merge suggestions; the rulebook's ``[merge]`` table sets them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """Every field is a key of the rulebook's ``[merge]`` table (same name, same type).

    The merge helper owns the meaning of each field; the rulebook loader validates user keys
    against these fields and their types generically (``dataclasses.fields``).
    """

    # two events on the same day count as "close in time" when the gap is at most this
    max_gap_minutes: int = 120
    # attendee signal: Jaccard or containment |A∩B|/min(|A|,|B|) at or above these
    attendee_jaccard: float = 0.5
    attendee_containment: float = 0.8
    # content signal: similarity (0..1) of title+description at or above this
    content_threshold: float = 0.6
    # weights of the three signals in the score
    weight_time: float = 0.3
    weight_attendees: float = 0.4
    weight_content: float = 0.3
    # a suggestion needs at least this score
    min_score: float = 0.5
    # at most this many events in one suggestion
    max_group_size: int = 6
    # words ignored by the content signal (English compared case-insensitively)
    boilerplate: tuple[str, ...] = field(
        default=(
            "meeting", "meetings", "work", "working", "session", "weekly", "monthly",
            "city", "citywide", "municipal", "the", "of", "on", "and", "for", "a", "an",
            "会议", "工作", "全市", "专题", "会", "召开", "关于", "研究", "部署", "推进",
        )
    )
