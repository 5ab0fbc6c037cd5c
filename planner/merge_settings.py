"""Thresholds and weights of merge suggestions; the rulebook's ``[merge]`` table sets them.

What each field means, and why the defaults are what they are, is in ``planner/merge/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Words that say what kind of meeting it is, not what it is about (and English stop words).
# fmt: off
DEFAULT_BOILERPLATE: tuple[str, ...] = (
    "meeting", "meetings", "work", "working", "session", "sessions", "weekly", "monthly",
    "city", "citywide", "municipal", "conference", "call", "briefing", "sync",
    "the", "of", "on", "and", "for", "a", "an", "to", "in", "with", "by", "at", "from",
    "会议", "工作", "全市", "市政府", "市人民政府", "市委", "专题", "会", "召开", "关于", "研究",
    "部署", "推进", "座谈", "协调", "调度", "例会", "汇报", "领导小组", "专项", "有关", "事宜", "的",
)
# fmt: on

def _clock_problem(value: str) -> str | None:
    """Why ``value`` is not a time of day HH:MM (None when it is one)."""
    hours, _, minutes = str(value).strip().partition(":")
    if hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60:
        return None
    return f"{value!r} is not a time of day (HH:MM, e.g. \"08:30\")"


_CLOCK = {"check": _clock_problem}

#: The combinations of signals that may make a suggestion (values of ``combinations``).
COMBINATIONS: tuple[str, ...] = ("time+attendees", "time+content", "attendees+content")


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """Every field is a key of the rulebook's ``[merge]`` table (same name, same type).

    The merge helper owns the meaning of each field; the rulebook loader validates user keys
    against these fields and their types generically (``dataclasses.fields``).
    """

    # --- time: two timed events on the same day --------------------------------------------
    # "close in time" when they overlap or the gap between them is at most this; the time
    # signal is 1.0 for an overlap or back-to-back meetings and falls linearly to 0.5 at the gap
    max_gap_minutes: int = 120

    # --- attendees (people by email, else name; organizer included, decliners not) --------
    # the signal counts when Jaccard |A∩B|/|A∪B| or containment |A∩B|/min(|A|,|B|) reaches
    # its threshold (containment: a sub-team meeting inside a larger one) ...
    attendee_jaccard: float = 0.5
    attendee_containment: float = 0.8
    # ... and at least this many people are in both
    min_common_attendees: int = 2

    # --- content: titles (and descriptions), English words and Chinese character bigrams ---
    # the signal counts at or above this similarity (0..1)
    content_threshold: float = 0.6
    # containment of the shorter title's tokens in the longer one also counts, times this
    # factor, when the shorter title has at least content_min_tokens tokens after the
    # boilerplate is removed ("安全生产" is 3 bigrams, "budget review" 2 words)
    content_containment_factor: float = 0.9
    content_min_tokens: int = 3
    # share of the description in the content signal; it can lift a close title match but
    # never make unrelated titles alike (a description alone reaches at most this weight)
    description_weight: float = 0.25

    # --- which signals together make a suggestion -----------------------------------------
    # any of: "time+attendees", "time+content", "attendees+content"; the last one pairs
    # events of the same ISO week (Monday to Sunday) that are not close in time
    combinations: tuple[str, ...] = COMBINATIONS

    # --- score: weighted mean of the signals that count (a signal that does not count adds
    # nothing), divided by the sum of all three weights; a suggestion needs min_score. With
    # the defaults the weakest passing pair (gap at the limit + content at the threshold)
    # scores 0.33, so min_score only bites when a user raises it or changes the weights.
    weight_time: float = 0.3
    weight_attendees: float = 0.4
    weight_content: float = 0.3
    min_score: float = 0.3

    # --- grouping --------------------------------------------------------------------------
    # at most this many events in one suggestion
    max_group_size: int = 6
    # only events of these kinds are merged, and only with an event of the same kind
    # (ceremonies, commercial events, research visits and plenary sessions are not meetings
    # to consolidate: other rules deal with them)
    kinds: tuple[str, ...] = ("meeting",)

    # --- the proposed slot (planner/slots.py) -------------------------------------------
    # the merged meeting is proposed where every attendee and a room are free, within the
    # office's working hours on working days of this country's calendar (public holidays
    # and 调休 working weekends from the `holidays` library; "" for weekends only), with
    # candidate starts every slot_step_minutes; not over the lunch break (lunch_start =
    # lunch_end for none)
    work_start: str = field(default="08:30", metadata=_CLOCK)
    work_end: str = field(default="18:00", metadata=_CLOCK)
    lunch_start: str = field(default="12:00", metadata=_CLOCK)
    lunch_end: str = field(default="14:00", metadata=_CLOCK)
    slot_step_minutes: int = field(default=30, metadata={"minimum": 5})
    holiday_country: str = "CN"

    # words ignored by the content signal (English whole words, case-insensitive; Chinese
    # anywhere in a title, except one-character words, which go only at the end of a run of
    # Chinese characters: 会 in 推进会, not in 社会)
    boilerplate: tuple[str, ...] = DEFAULT_BOILERPLATE
