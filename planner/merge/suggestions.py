"""Merge suggestions (SPEC §5; policy §3 "reduce meetings": meetings with similar meeting
times, participation scope, or work-related content should be integrated).

Signals of a pair of events
---------------------------
time
    Same day, and overlapping or at most ``max_gap_minutes`` apart: 1.0 for an overlap or
    back-to-back meetings, falling linearly to 0.5 at the gap limit. Otherwise it does not
    count (None).
attendees
    People are identified by roster entry, else email, else name (a name-only attendee takes
    the email that name has elsewhere in the calendar when that is unambiguous). Who takes
    part follows ``planner.people.participants``: decliners and NON-PARTICIPANTs do not count,
    the organizer only when the event has no attendee list. The signal counts when at least
    ``min_common_attendees`` people are in both and either the Jaccard index reaches
    ``attendee_jaccard`` or containment |A∩B|/min(|A|,|B|) reaches ``attendee_containment``
    (a sub-team meeting whose people all attend the larger one). Its value is the mean of
    Jaccard and containment.
content
    Titles as token sets (English words, Chinese character bigrams, boilerplate removed; see
    ``planner.merge.text``): Dice, or containment of the shorter title when it has enough
    tokens. The description can add ``description_weight`` of its own similarity on top of a
    close title match. Counts from ``content_threshold``.

Which combinations make a suggestion, and why
---------------------------------------------
A pair passes when two of the three signals count together, in one of
``MergeSettings.combinations`` (all three by default):

- **time + attendees**: the same people meet twice on the same half-day (or double-booked):
  "similar meeting times and participation scope" — hold one meeting with both agendas;
- **time + content**: two departments hold meetings on the same subject on the same morning:
  "similar meeting times and work-related content" — hold it once, together;
- **attendees + content** in the same ISO week (Monday to Sunday), even when not close in
  time: the same people meet on the same subject twice in a week — the second meeting can be
  folded into the first.

No single signal is enough: parallel meetings of different people on different subjects are
the normal state of an office (time alone), the same people meet all the time on different
subjects (attendees alone), and a topic comes back every month with other people (content
alone). A suggestion's score is the weighted sum of the counting signals over the sum of the
three weights (so three signals score higher than two); it must reach ``min_score``.

Never suggested
---------------
- occurrences of one recurring series with each other (same UID);
- cancelled occurrences, all-day and multi-day events (not meetings to consolidate into a
  half-day slot), events already merged (``merged_keys``);
- events whose kind is not in ``MergeSettings.kinds`` (``meeting`` by default), and events of
  different kinds with each other: ceremonies, commercial events, research visits and plenary
  sessions have rules of their own and are not merged with meetings;
- dismissed pairs: see ``planner.merge.ids`` (a dismissal rules out every pair inside the
  dismissed suggestion; a group that contains a dismissed group is not suggested either).

Groups
------
Union-find over the passing pairs, then every pair inside a group must pass, at most
``max_group_size`` events (``planner.merge.grouping``). A group's score is that of its weakest
pair, and each reason value is the weakest value among the pairs where that signal counted
(None when it counted for none).

Speed
-----
No N×N: events are processed one ISO week at a time. Time candidates come from a sweep over
each day sorted by start (pairs within ``max_gap_minutes`` that share a person or a title
token); attendees+content candidates from an inverted index title token → events of that
week, probed with the rarest tokens of the shorter title only (prefix filtering, exact: a pair
whose content can count shares one of them), then checked for a shared person. Work and
memory stay proportional to the busiest week.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import combinations
from typing import Any

from leanmeet.planner.classify import compile_classifier
from leanmeet.planner.merge.grouping import components, split
from leanmeet.planner.merge.ids import suggestion_id
from leanmeet.planner.merge.proposal import Proposal, build_proposal
from leanmeet.planner.merge.text import Tokenizer, shared_part, similarity, tokenizer_for
from leanmeet.planner.merge_settings import COMBINATIONS, MergeSettings
from leanmeet.planner.model import Attendee, Occurrence, Person
from leanmeet.planner.people import Roster, normalize_email, normalize_name, person_key
from leanmeet.planner.rulebook import default_rulebook
from leanmeet.planner.slots import BusyIndex, WorkingHours, parse_clock

__all__ = ["Proposal", "Reasons", "Suggestion", "suggest", "suggestion_id"]

_ABSENT_PARTSTAT = frozenset({"DECLINED"})
_ABSENT_ROLE = frozenset({"NON-PARTICIPANT"})


@dataclass(frozen=True, slots=True)
class Reasons:
    """Per signal: its value 0..1, or None when it did not count; and a plain-language text
    (given even when the signal did not count, so the scheduler sees what was measured)."""

    time: float | None
    attendees: float | None
    content: float | None
    time_text: str
    attendees_text: str
    content_text: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    score: float
    members: tuple[Occurrence, ...]
    reasons: Reasons
    proposal: Proposal

    @property
    def keys(self) -> tuple[tuple[str, str | None], ...]:
        return tuple(m.key for m in self.members)

    def to_json(self) -> dict[str, Any]:
        """The ``S`` object of ``suggest --json`` (SPEC §7)."""
        r = self.reasons
        return {
            "id": self.id,
            "score": round(self.score, 3),
            "members": [
                {
                    "uid": m.uid,
                    "recurrence_id": m.key[1],
                    "start": m.start.isoformat(),
                    "summary": m.summary,
                }
                for m in self.members
            ],
            "reasons": {
                "time": _round(r.time),
                "attendees": _round(r.attendees),
                "content": _round(r.content),
            },
            "proposal": {
                "start": self.proposal.start.isoformat(),
                "end": self.proposal.end.isoformat(),
                "summary": self.proposal.summary,
                "attendees": [a.email for a in self.proposal.attendees if a.email],
                # added by issue 15 (SPEC §7: fields may be added): the room, whether
                # everyone is free, why this slot, and who is busy there
                "location": self.proposal.location,
                "free": self.proposal.free,
                "reason": self.proposal.reason,
                "conflicts": [
                    {
                        "who": c.who,
                        "room": c.room,
                        "uid": c.occurrence.uid,
                        "recurrence_id": c.occurrence.key[1],
                        "start": c.occurrence.start.isoformat(),
                        "end": c.occurrence.end.isoformat(),
                        "summary": c.occurrence.summary,
                    }
                    for c in self.proposal.conflicts
                ],
            },
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --------------------------------------------------------------------------- preparation


class _Item:
    """One eligible occurrence with what the signals need, precomputed."""

    __slots__ = ("_desc", "day", "e", "kind", "occ", "people", "s", "title", "uid", "week")

    def __init__(self, occ: Occurrence, kind: str, people: frozenset[int], title: frozenset[str]):
        start: datetime = occ.start  # type: ignore[assignment]
        self.occ = occ
        self.uid = occ.uid
        self.kind = kind
        self.s = int(start.timestamp()) // 60
        self.e = max(self.s, int(occ.end.timestamp()) // 60)  # type: ignore[union-attr]
        self.day = start.toordinal()
        iso = start.isocalendar()
        self.week = iso[0] * 100 + iso[1]
        self.people = people
        self.title = title
        self._desc: frozenset[str] | None = None

    def desc(self, tokenizer: Tokenizer) -> frozenset[str]:
        if self._desc is None:
            self._desc = tokenizer.description_tokens(self.occ.description)
        return self._desc


def _single_day(occ: Occurrence) -> bool:
    start, end = occ.start, occ.end
    if not isinstance(start, datetime) or not isinstance(end, datetime) or occ.all_day:
        return False
    if end.date() == start.date():
        return True
    return (
        end - start <= timedelta(days=1)
        and end.date() == start.date() + timedelta(days=1)
        and end.time() == time(0)
    )


def _default_kind_of() -> Callable[[Occurrence], str]:
    classifier = compile_classifier(default_rulebook().kinds)
    cache: dict[tuple, str] = {}

    def kind_of(occ: Occurrence) -> str:
        key = (occ.categories, occ.summary, occ.location, occ.description)
        kind = cache.get(key)
        if kind is None:
            kind = cache[key] = classifier.classify(occ)
        return kind

    return kind_of


class _People:
    """Person ids (small ints) for attendees: roster entry, email, else name."""

    def __init__(self, occurrences: Sequence[Occurrence], roster: Roster | None) -> None:
        # name-only attendees take the email their name has elsewhere, when unambiguous
        seen: set[tuple[str, str]] = set()
        derived: list[Person] = [] if roster is None else list(roster.people)
        for occ in occurrences:
            for a in occ.attendees:
                if a.email and a.name and (a.email, a.name) not in seen:
                    seen.add((a.email, a.name))
                    derived.append(Person(a.name, a.email))
        self._roster = Roster(derived)
        self._ids: dict[str, int] = {}
        self._by_attendee: dict[tuple[str, str, str, str], int] = {}
        self._keys: dict[Attendee, str] = {}

    def key(self, a: Attendee) -> str:
        """Identity of an attendee across events ("" when it has neither email nor name)."""
        found = self._keys.get(a)
        if found is None:
            found = self._keys[a] = self._key(a)
        return found

    def _key(self, a: Attendee) -> str:
        person = self._roster.match(a)
        if person is not None:
            return person_key(person)
        email = normalize_email(a.email)
        if email:
            return email
        name = normalize_name(a.name)
        return f"name:{name}" if name else ""

    def _id(self, a: Attendee) -> int:
        # keyed by the field values: a tuple hashes in C, the dataclass hash in Python
        fields = (a.email, a.name, a.role, a.partstat)
        found = self._by_attendee.get(fields)
        if found is None:
            if a.partstat.upper() in _ABSENT_PARTSTAT or a.role.upper() in _ABSENT_ROLE:
                found = -1
            else:
                key = self.key(a)
                found = self._ids.setdefault(key, len(self._ids)) if key else -1
            self._by_attendee[fields] = found
        return found

    def of(self, occ: Occurrence) -> frozenset[int]:
        if occ.attendees:
            sources: Sequence[Attendee] = occ.attendees
        elif occ.organizer is not None:
            sources = (occ.organizer,)
        else:
            return frozenset()
        ids = {self._id(a) for a in sources}
        ids.discard(-1)
        return frozenset(ids)


# --------------------------------------------------------------------------- pair signals


class _Scorer:
    def __init__(self, settings: MergeSettings, tokenizer: Tokenizer) -> None:
        unknown = set(settings.combinations) - set(COMBINATIONS)
        if unknown:
            raise ValueError(
                f"merge.combinations: unknown {sorted(unknown)}; use any of {list(COMBINATIONS)}"
            )
        self.s = settings
        self.tok = tokenizer
        self.gap = max(0, settings.max_gap_minutes)
        self.ta = "time+attendees" in settings.combinations
        self.tc = "time+content" in settings.combinations
        self.ac = "attendees+content" in settings.combinations
        total = settings.weight_time + settings.weight_attendees + settings.weight_content
        self.total = total if total > 0 else 1.0
        # a description alone cannot lift unrelated titles over the threshold ...
        w, thr = settings.description_weight, settings.content_threshold
        self.desc_can_lift = w >= thr
        # ... and for content to count, the title similarity must be at least
        # (thr - w) / (1 - w), so the titles share at least this part of the shorter one
        title_floor = thr if w <= 0 else (0.0 if w >= 1 else (thr - w) / (1 - w))
        factor = settings.content_containment_factor
        self.min_title_share = max(0.0, title_floor * min(1.0, 1 / factor if factor > 0 else 1))

    def time(self, x: _Item, y: _Item) -> float | None:
        """x starts no later than y."""
        if x.day != y.day:
            return None
        gap = y.s - x.e
        if gap <= 0:
            return 1.0
        if gap > self.gap:
            return None
        return 1.0 - 0.5 * gap / self.gap

    def attendees(self, x: _Item, y: _Item) -> float | None:
        px, py = x.people, y.people
        if not px or not py:
            return None
        common = len(px & py)
        if common < self.s.min_common_attendees or common == 0:
            return None
        jac = common / (len(px) + len(py) - common)
        con = common / min(len(px), len(py))
        if jac >= self.s.attendee_jaccard or con >= self.s.attendee_containment:
            return (jac + con) / 2
        return None

    def content_value(self, x: _Item, y: _Item) -> float:
        s = self.s
        if x.title.isdisjoint(y.title) and not self.desc_can_lift:
            return 0.0
        value = similarity(
            x.title,
            y.title,
            containment_factor=s.content_containment_factor,
            min_tokens=s.content_min_tokens,
        )
        w = s.description_weight
        if w > 0 and x.occ.description and y.occ.description:
            dx, dy = x.desc(self.tok), y.desc(self.tok)
            if dx and dy:
                d = similarity(
                    dx,
                    dy,
                    containment_factor=s.content_containment_factor,
                    min_tokens=s.content_min_tokens,
                )
                value = max(value, (1 - w) * value + w * d)
        return value

    def content(self, x: _Item, y: _Item) -> float | None:
        value = self.content_value(x, y)
        return value if value >= self.s.content_threshold and value > 0 else None

    def pair(self, x: _Item, y: _Item, t: float | None) -> tuple | None:
        """(score, time, attendees, content) when the pair passes, else None."""
        if x.uid == y.uid or x.kind != y.kind:
            return None
        a = self.attendees(x, y)
        if t is None and a is None:
            return None
        c = self.content(x, y)
        ok = (
            (self.ta and t is not None and a is not None)
            or (self.tc and t is not None and c is not None)
            or (self.ac and a is not None and c is not None and x.week == y.week)
        )
        if not ok:
            return None
        s = self.s
        score = (
            s.weight_time * (t or 0.0)
            + s.weight_attendees * (a or 0.0)
            + s.weight_content * (c or 0.0)
        ) / self.total
        score = min(1.0, max(0.0, score))
        if score < s.min_score:
            return None
        return (score, t, a, c)


def _week_pairs(
    items: list[_Item], scorer: _Scorer, dismissed: Collection[str], rank: dict[str, int]
) -> dict[tuple[int, int], tuple]:
    """Passing pairs (by position in ``items``, which are one week's, sorted by start).

    ``rank`` orders title tokens from the rarest to the most common in the whole input.
    """
    out: dict[tuple[int, int], tuple] = {}
    gap = scorer.gap
    n = len(items)
    lift = scorer.desc_can_lift

    def keep(i: int, j: int, result: tuple | None) -> None:
        if result is None:
            return
        if dismissed and suggestion_id((items[i].occ, items[j].occ)) in dismissed:
            return
        out[(i, j)] = result

    if scorer.ta or scorer.tc:
        # time: sweep each day in start order; pairs up to `gap` minutes apart that share a
        # person or a title token (nothing else can pass)
        for i in range(n):
            x = items[i]
            limit = x.e + gap
            xp, xt = x.people, x.title
            for j in range(i + 1, n):
                y = items[j]
                if y.day != x.day or y.s > limit:
                    break
                if xp.isdisjoint(y.people) and xt.isdisjoint(y.title) and not lift:
                    continue
                keep(i, j, scorer.pair(x, y, scorer.time(x, y)))

    if scorer.ac:
        # attendees + content, the rest of the week: candidates share one of the rarest title
        # tokens of the shorter title (prefix filtering: a pair whose content can pass shares
        # at least `share` of the shorter title's tokens, so it shares one of its
        # len - ceil(share * len) + 1 rarest ones); then they must share a person.
        share = scorer.min_title_share
        if share <= 0:
            candidates = _person_candidates(items)
        else:
            candidates = _token_candidates(items, share, rank)
        for i, j in candidates:
            x, y = items[i], items[j]
            if x.day == y.day and y.s - x.e <= gap and (scorer.ta or scorer.tc):
                continue  # already seen by the sweep
            if x.uid == y.uid or x.people.isdisjoint(y.people):
                continue
            keep(i, j, scorer.pair(x, y, None if x.day != y.day else scorer.time(x, y)))
    return out


def _token_candidates(
    items: list[_Item], share: float, rank: dict[str, int]
) -> set[tuple[int, int]]:
    index: dict[str, list[int]] = {}
    for i, x in enumerate(items):
        for t in x.title:
            index.setdefault(t, []).append(i)
    found: set[tuple[int, int]] = set()
    for i, x in enumerate(items):
        size = len(x.title)
        if not size or not x.people:
            continue
        need = max(1, math.ceil(share * size - 1e-9))
        prefix = sorted(x.title, key=rank.__getitem__)[: size - need + 1]
        for t in prefix:
            for j in index[t]:
                other = len(items[j].title)
                if other < size or (other == size and j <= i):
                    continue  # the shorter title (the earlier one on a tie) probes
                found.add((i, j) if i < j else (j, i))
    return found


def _person_candidates(items: list[_Item]) -> set[tuple[int, int]]:
    index: dict[int, list[int]] = {}
    for i, x in enumerate(items):
        for p in x.people:
            index.setdefault(p, []).append(i)
    found: set[tuple[int, int]] = set()
    for positions in index.values():
        for k, i in enumerate(positions):
            for j in positions[k + 1 :]:
                found.add((i, j))
    return found


# --------------------------------------------------------------------------- groups


def _groups(
    component: list[int],
    pairs: dict[tuple[int, int], tuple],
    items: list[_Item],
    cap: int,
    dismissed: Collection[str],
) -> list[list[int]]:
    scores = {p: r[0] for p, r in pairs.items()}
    while True:
        groups = split(component, scores, cap)
        if not dismissed:
            return groups
        hit = False
        for g in groups:
            for size in range(len(g), 2, -1):
                for sub in combinations(g, size):
                    if suggestion_id(items[k].occ for k in sub) in dismissed:
                        for a, b in combinations(sub, 2):
                            scores.pop((a, b), None)
                        hit = True
        if not hit:
            return groups


def _weakest(values: list[float | None]) -> float | None:
    counted = [v for v in values if v is not None]
    return min(counted) if counted else None


def _part_of_day(members: Sequence[_Item]) -> str:
    hours = [m.occ.start.hour for m in members]  # type: ignore[union-attr]
    if all(h < 12 for h in hours):
        return "same morning"
    if all(12 <= h < 18 for h in hours):
        return "same afternoon"
    if all(h >= 18 for h in hours):
        return "same evening"
    return "same day"


def _time_text(members: Sequence[_Item], value: float | None) -> str:
    first = members[0]
    if all(m.day == first.day for m in members):
        part = _part_of_day(members)
        starts = [m.occ.start for m in members]
        ends = [m.occ.end for m in members]
        if len(members) == 2:
            x, y = members
            if y.s < x.e:
                return f"overlap {max(starts):%H:%M}–{min(ends):%H:%M}"  # type: ignore[type-var]
            gap = y.s - x.e
            if gap == 0:
                return f"{part}, back to back"
            return f"{part}, {gap} minutes apart"
        return f"{part}, {min(starts):%H:%M}–{max(ends):%H:%M}"  # type: ignore[type-var]
    days = sorted({m.occ.start.date() for m in members})  # type: ignore[union-attr]
    span = (days[-1] - days[0]).days
    dates = ", ".join(f"{d:%a %d %b}" for d in days)
    return f"same week, {span} day{'s' if span != 1 else ''} apart ({dates})"


def _attendee_text(members: Sequence[_Item], scorer: _Scorer) -> str:
    sets = [m.people for m in members]
    if any(not s for s in sets):
        return "no attendee list on " + ("one of them" if len(sets) > 2 else "one side")
    common = frozenset.intersection(*sets)
    union = frozenset.union(*sets)
    if len(members) > 2:
        return f"{len(common)} of {len(union)} attendees in all {len(members)} meetings"
    text = f"{len(common)} of {len(union)} attendees in common"
    smaller = min(len(s) for s in sets)
    if smaller < len(union) and len(common) >= scorer.s.attendee_containment * smaller and common:
        if len(common) == smaller:
            text += f" (all {smaller} of the smaller meeting)"
        else:
            text += f" ({len(common)} of {smaller} of the smaller meeting)"
    return text


def _content_text(
    members: Sequence[_Item], value: float | None, scorer: _Scorer, pairs_values: list[float]
) -> str:
    shown = value if value is not None else (max(pairs_values) if pairs_values else 0.0)
    pct = round(shown * 100)
    if pct == 0:
        return "different subjects"
    shared = shared_part(scorer.tok, [m.occ.summary for m in members])
    if value is None or not shared:
        return f"titles {pct}% alike"
    return f"titles {pct}% alike: {shared}"


def _reasons(
    group: list[int], pairs: dict[tuple[int, int], tuple], items: list[_Item], scorer: _Scorer
) -> Reasons:
    results = [pairs[(a, b)] for a, b in combinations(group, 2)]
    t = _weakest([r[1] for r in results])
    a = _weakest([r[2] for r in results])
    c = _weakest([r[3] for r in results])
    members = [items[k] for k in group]
    content_values = (
        []
        if c is not None
        else [scorer.content_value(items[x], items[y]) for x, y in combinations(group, 2)]
    )
    return Reasons(
        time=t,
        attendees=a,
        content=c,
        time_text=_time_text(members, t),
        attendees_text=_attendee_text(members, scorer),
        content_text=_content_text(members, c, scorer, content_values),
    )


# --------------------------------------------------------------------------- the API


def suggest(
    occurrences: Sequence[Occurrence],
    settings: MergeSettings,
    *,
    dismissed: Collection[str] = (),
    merged_keys: Collection[tuple[str, str | None]] = (),
    max_minutes: int = 240,
    kind_of: Callable[[Occurrence], str] | None = None,
    roster: Roster | None = None,
    window: tuple[date, date] | None = None,
) -> list[Suggestion]:
    """Merge suggestions for ``occurrences``, in start order (then best score first).

    dismissed: suggestion ids the scheduler dismissed (see ``planner.merge.ids``).
    merged_keys: (uid, recurrence id) of events already merged; they are left out.
    max_minutes: the half-day limit the proposed slot keeps to.
    kind_of: the kind of an occurrence (with the scheduler's overrides); default: the
    built-in rulebook's classifier.
    roster: matches attendees to people by email, then by name.
    window: the days (first, last) whose occurrences were loaded: the proposed slot stays in
    them (default: the days the occurrences given reach).
    """
    if kind_of is None:
        kind_of = _default_kind_of()
    dismissed = frozenset(dismissed)
    merged = frozenset(merged_keys)
    wanted_kinds = frozenset(settings.kinds)
    tokenizer = tokenizer_for(tuple(settings.boilerplate))
    scorer = _Scorer(settings, tokenizer)

    chosen: dict[tuple[str, str | None], Occurrence] = {}
    for occ in occurrences:
        if occ.cancelled or not _single_day(occ):
            continue
        key = occ.key
        if key in merged:
            continue
        known = chosen.get(key)
        if known is None or _order(occ) < _order(known):  # duplicates: keep one, by content
            chosen[key] = occ
    people = _People(list(chosen.values()), roster)
    busy = _busy_index(occurrences, people)
    if busy is not None and window is not None:
        busy.first, busy.last = window
    hours = working_hours(settings)
    items: list[_Item] = []
    for occ in chosen.values():
        kind = kind_of(occ)
        if kind not in wanted_kinds:
            continue
        items.append(_Item(occ, kind, people.of(occ), tokenizer.tokens(occ.summary)))
    items.sort(key=lambda it: (it.s, it.uid, it.occ.key[1] or ""))
    frequency: dict[str, int] = {}
    for it in items:
        for t in it.title:
            frequency[t] = frequency.get(t, 0) + 1
    rank = {t: k for k, t in enumerate(sorted(frequency, key=lambda t: (frequency[t], t)))}

    suggestions: list[Suggestion] = []
    cap = max(2, settings.max_group_size)
    start = 0
    while start < len(items):
        end = start
        week = items[start].week
        while end < len(items) and items[end].week == week:
            end += 1
        week_items = items[start:end]
        start = end
        pairs = _week_pairs(week_items, scorer, dismissed, rank)
        if not pairs:
            continue
        by_component: dict[int, dict[tuple[int, int], tuple]] = {}
        comps = components(pairs)
        where = {x: k for k, comp in enumerate(comps) for x in comp}
        for p, r in pairs.items():
            by_component.setdefault(where[p[0]], {})[p] = r
        for k, component in enumerate(comps):
            comp_pairs = by_component[k]
            for group in _groups(component, comp_pairs, week_items, cap, dismissed):
                suggestions.append(
                    _suggestion(group, comp_pairs, week_items, scorer, max_minutes, people,
                                busy, hours)
                )
    suggestions.sort(key=lambda sg: (sg.members[0].start, -sg.score, sg.id))
    return suggestions


def working_hours(settings: MergeSettings) -> WorkingHours:
    """The office day the proposed slot keeps to (``[merge]`` work_start, work_end,
    lunch_start, lunch_end, slot_step_minutes, holiday_country)."""
    return WorkingHours(
        start=parse_clock(settings.work_start, "merge.work_start"),
        end=parse_clock(settings.work_end, "merge.work_end"),
        step_minutes=settings.slot_step_minutes,
        country=settings.holiday_country,
        lunch=(parse_clock(settings.lunch_start, "merge.lunch_start"),
               parse_clock(settings.lunch_end, "merge.lunch_end")),
    )


def _busy_index(occurrences: Sequence[Occurrence], people: _People) -> BusyIndex | None:
    """Everyone's busy time in every occurrence given (all feeds, all kinds, all-day ones
    too), keyed like the attendees signal."""
    tz = next((o.start.tzinfo for o in occurrences if isinstance(o.start, datetime)), None)
    if tz is None:
        return None
    cache: dict[tuple[str, str], str] = {}

    def key(a: Attendee) -> str:
        fields = (a.email, a.name)
        found = cache.get(fields)
        if found is None:
            found = cache[fields] = people.key(a)
        return found

    return BusyIndex.build(occurrences, key, tz)


def _order(occ: Occurrence) -> tuple:
    return (str(occ.start), str(occ.end), occ.summary, occ.location, occ.description)


def _suggestion(
    group: list[int],
    pairs: dict[tuple[int, int], tuple],
    items: list[_Item],
    scorer: _Scorer,
    max_minutes: int,
    people: _People,
    busy: BusyIndex | None = None,
    hours: WorkingHours | None = None,
) -> Suggestion:
    members = tuple(items[k].occ for k in group)
    score = min(pairs[(a, b)][0] for a, b in combinations(group, 2))
    return Suggestion(
        id=suggestion_id(members),
        score=score,
        members=members,
        reasons=_reasons(group, pairs, items, scorer),
        proposal=build_proposal(members, max_minutes, people.key, busy=busy, hours=hours),
    )
