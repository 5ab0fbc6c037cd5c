"""What leanmeet reports, once for the command line and the TUI: occurrences with their kinds,
findings, merge suggestions, one event's report, past merge decisions.

``leanmeet check`` and the TUI's findings screen call :func:`findings`; ``leanmeet suggest``
and the suggestions screen call :func:`suggestions`, so the two front ends never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import date, datetime, timedelta

from leanmeet.application.session import Session
from leanmeet.planner.classify import compile_classifier
from leanmeet.planner.classify import remembered_pattern as _remembered_pattern
from leanmeet.planner.decisions import (
    Contradiction,
    DecisionIndex,
    contradictions,
    occurrence_matches,
)
from leanmeet.planner.findings import Finding, as_aware
from leanmeet.planner.model import Attendee, Decision, Occurrence, Person
from leanmeet.planner.people import Roster
from leanmeet.planner.rulebook import RememberedKind
from leanmeet.storage.merged import MERGED_FEED, key_instant
from leanmeet.storage.occurrences import office_window

if TYPE_CHECKING:
    from leanmeet.planner.merge import Suggestion
    from leanmeet.planner.rules import CheckContext

# The rules (with holidays) and the merge search (rapidfuzz, the slot search) are imported by
# the functions that use them: a decision or `list` starts without them.


# ---------------------------------------------------------------------------------- days
def first_day(occ: Occurrence) -> date:
    return occ.start.date() if isinstance(occ.start, datetime) else occ.start


def last_day(occ: Occurrence) -> date:
    """The last day the occurrence touches (end exclusive for all-day events)."""
    end = occ.end
    if isinstance(end, datetime):
        day = end.date()
        if end.time() == datetime.min.time() and day > first_day(occ):
            day -= timedelta(days=1)
        return day
    return max(first_day(occ), end - timedelta(days=1))


# ---------------------------------------------------------------------------------- events
def occurrences_of(session: Session, uid: str, occurrence: str | None = None
                   ) -> list[Occurrence]:
    """The occurrences of ``uid`` within two years around today (merged-away ones too); with
    ``occurrence`` (a recurrence id or start, ISO) only the ones it names."""
    occs = session.occurrences_of(uid, session.today - timedelta(days=730),
                                  session.today + timedelta(days=730))
    if occurrence:
        occs = [o for o in occs if occurrence_matches(occurrence, o)]
    return occs


def occurrence_ref(occ: Occurrence, whole_series: bool) -> str | None:
    """The ``occurrence`` of a decision: None for the whole series (or a single event), else
    the recurrence id of this occurrence (``leanmeet arrange UID --occurrence ISO``)."""
    if whole_series or not occ.series:
        return None
    value = occ.recurrence_id if occ.recurrence_id is not None else occ.start
    return value.isoformat()


def remembered_pattern(summary: str) -> tuple[str, str]:
    """(pattern, match) a remembered correction of this title would cover titles like it with
    (``planner.classify.remembered_pattern``: 第三届油菜花节开幕 -> ("油菜花节", "ends"))."""
    return _remembered_pattern(summary)


def remembered_kinds(session: Session) -> tuple[RememberedKind, ...]:
    """The kind corrections remembered in the rulebook, in the order they apply."""
    return session.rulebook.kinds.remembered


def recorded_decisions(session: Session) -> tuple[list[Decision], list[Contradiction]]:
    """Every decision, oldest first, and the pairs of (shared) decisions that cannot both be
    right (both are kept until someone settles it)."""
    decisions = sorted(session.repository.decisions(), key=lambda d: d.at)
    return decisions, contradictions(decisions)


def arrange_refusal(kind: str) -> str | None:
    """Why an event of this kind cannot be arranged, or None."""
    if kind == "commercial":
        return ("this is a commercial event: leaders may not attend commercial activities in "
                "an official capacity (§4 commercial), so it cannot be arranged; if it is not "
                "commercial, change its kind first")
    return None


# ---------------------------------------------------------------------------------- findings
def findings_in_window(ctx: CheckContext, occs: Sequence[Occurrence], first: date,
                       last: date) -> list[Finding]:
    """The findings of the rules over ``occs`` that are about [first, last] (per-person
    findings stay)."""
    from leanmeet.planner.rules import run_checks

    lo, hi = office_window(first, last, ctx.tz)
    tz = ctx.tz
    out = []
    for finding in run_checks(occs, ctx):
        first_occ = finding.occurrence
        if first_occ is None or lo <= as_aware(first_occ.start, tz) < hi or any(
                lo <= as_aware(o.start, tz) < hi for o in finding.occurrences):
            out.append(finding)
    return out


def findings(session: Session, first: date, last: date, *,
             include_superseded: bool = False) -> list[Finding]:
    """What ``leanmeet check --from first --to last`` reports. Rules that look at the whole
    year (grassroots days) see the year's occurrences; findings about events outside the
    window are left out."""
    ctx = session.check_context()
    year_first = min(first, date(ctx.today.year, 1, 1))
    year_last = max(last, date(ctx.today.year, 12, 31))
    occs = session.occurrences(year_first, year_last, include_superseded=include_superseded)
    return findings_in_window(ctx, occs, first, last)


# ---------------------------------------------------------------------------------- merges
def merge_suggestions(session: Session, occs: Sequence[Occurrence],
                      window: tuple[date, date] | None = None) -> list[Suggestion]:
    """Suggestions among ``occs``, with the scheduler's kind overrides, dismissals and
    accepted merges taken into account. ``window``: the days ``occs`` were loaded for (the
    proposed slots stay in them)."""
    from leanmeet.planner.merge import dismissed_ids, suggest

    repo, book = session.repository, session.rulebook
    decisions = repo.decisions()
    merged_members = {tuple(m) for d in decisions if d.type == "merge-accepted"
                      for m in d.members}
    merged_events = {o.key for o in occs if o.feed == MERGED_FEED}
    return suggest(
        occs, book.merge,
        dismissed=dismissed_ids(decisions),
        merged_keys=merged_members | merged_events,
        max_minutes=book.rule("half-day-limit").max_minutes,
        kind_of=session.kind_of(DecisionIndex(decisions)),
        roster=Roster(repo.people()),
        window=window,
    )


def suggestions(session: Session, first: date, last: date, *,
                remember: bool = False) -> list[Suggestion]:
    """What ``leanmeet suggest --from first --to last`` reports. ``remember``: keep them
    (id, members, days) so that a later ``merge ID`` / ``dismiss ID`` finds them."""
    found = merge_suggestions(session, session.occurrences(first, last), (first, last))
    if remember:
        rows = []
        for s in found:
            days = [first_day(m) for m in s.members]
            rows.append({"id": s.id, "members": [list(k) for k in s.keys],
                         "first": min(days).isoformat(), "last": max(days).isoformat()})
        if rows:
            session.repository.remember_suggestions(rows)
    return found


@dataclass(frozen=True)
class SuggestionLookup:
    suggestion: Suggestion | None  # None: no current suggestion has this id
    remembered: bool  # a `suggest` showed this id before (so it no longer applies)


def lookup_suggestion(session: Session, suggestion_id: str) -> SuggestionLookup:
    """The current suggestion with this id: recomputed over the days of its members (from the
    last remembered ``suggest``) or, failing that, four weeks from today."""
    remembered = session.repository.remembered_suggestion(suggestion_id)
    if remembered:
        first = date.fromisoformat(remembered["first"]) - timedelta(days=1)
        last = date.fromisoformat(remembered["last"]) + timedelta(days=1)
    else:
        first = session.today
        last = first + timedelta(days=27)
    found = next((s for s in suggestions(session, first, last)
                  if s.id == suggestion_id), None)
    return SuggestionLookup(found, remembered is not None)


def current_suggestion(session: Session, suggestion: Suggestion) -> Suggestion | None:
    """``suggestion`` as it is now (recomputed over the days of its members), or None when it
    no longer applies."""
    days = [first_day(m) for m in suggestion.members]
    return next((s for s in suggestions(session, min(days) - timedelta(days=1),
                                        max(days) + timedelta(days=1))
                 if s.id == suggestion.id), None)


@dataclass(frozen=True)
class PastMerge:
    """A merge decision (accepted or dismissed) whose meetings are in the window."""

    id: str
    status: str  # "accepted" | "dismissed"
    text: str  # the merged meeting's title (accepted)
    members: tuple[Occurrence | None, ...]
    keys: tuple[tuple[str, str | None], ...]
    at: str


def merge_decisions(session: Session, first: date, last: date) -> list[PastMerge]:
    """Accepted and dismissed suggestions with a meeting in [first, last] (so that they can be
    undone), newest first."""
    occs = session.occurrences(first, last, include_superseded=True)
    by_key = {key_instant(o.key): o for o in occs}
    out = []
    for d in session.repository.decisions():
        if d.type not in ("merge-accepted", "merge-dismissed"):
            continue
        members = tuple(by_key.get(key_instant(tuple(m))) for m in d.members)
        if not any(members):
            continue
        status = "accepted" if d.type == "merge-accepted" else "dismissed"
        out.append(PastMerge(d.uid, status, d.text, members, d.members, d.at))
    out.sort(key=lambda m: m.at, reverse=True)
    return out


# ---------------------------------------------------------------------------------- one event
@dataclass(frozen=True)
class AttendeeLine:
    attendee: Attendee
    person: Person | None  # the roster entry it matches
    blocked: bool = False  # a leader the blocking rules keep out of the event

    @property
    def leader(self) -> bool:
        return self.person is not None and self.person.is_leader


@dataclass(frozen=True)
class EventReport:
    """Everything known about one occurrence, fresh from the database."""

    occurrence: Occurrence | None  # None: the event is no longer stored
    kind: str = "meeting"
    kind_why: str = ""
    arranged: str | None = None
    exemptions: tuple[tuple[str, str], ...] = ()  # (rule, reason) lifting findings here
    findings: tuple[Finding, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()  # the suggestions containing this occurrence
    attendees: tuple[AttendeeLine, ...] = ()
    organizer_person: Person | None = None
    superseded: bool = False  # merged away (an accepted merge replaces it)
    merged_into: str | None = None  # the accepted suggestion id that replaces it
    merged_from: tuple[str, ...] = ()  # a merged meeting: the suggestion id
    arrange_refusal: str | None = None  # why it cannot be arranged (see actions)
    exemptable: tuple[str, ...] = ()  # rules with findings here that can be exempted
    decisions: tuple[Decision, ...] = ()  # decisions recorded on this event (its uid)


def _find_fresh(occs: Sequence[Occurrence], occ: Occurrence) -> Occurrence | None:
    same = [o for o in occs if o.key == occ.key]
    if len(same) > 1:  # the data layer keeps differing events that share a uid
        same = [o for o in same if o.start == occ.start] or same
    return same[0] if same else None


def event_report(session: Session, occ: Occurrence) -> EventReport:
    """The report of ``occ``: re-read from the database (attendee edits, decisions), its kind,
    findings (every rule, over the days around it), merge suggestions (its ISO week), the
    roster's leaders among its attendees."""
    from leanmeet.planner.rules import RULES, blocked_leaders, run_checks

    first, last = first_day(occ), last_day(occ)
    everything = session.occurrences(first - timedelta(days=1), last + timedelta(days=1),
                                     include_superseded=True)
    fresh = _find_fresh(everything, occ)
    if fresh is None:
        return EventReport(None)
    superseded = session.repository.superseded_keys()
    plan = [o for o in everything if key_instant(o.key) not in superseded]
    ctx = session.check_context()
    override = ctx.decisions.kind_override(fresh)
    classifier = compile_classifier(ctx.rulebook.kinds)
    kind = session.kind_of(ctx.decisions)(fresh)
    gone = key_instant(fresh.key) in superseded
    found: list[Finding] = []
    if not gone:
        found = [f for f in run_checks(plan, ctx)
                 if any(o.key == fresh.key for o in f.occurrences)]
    blocked = blocked_leaders(found).get(fresh.key, set())
    roster: Roster = ctx.roster
    lines = []
    for a in fresh.attendees:
        person = roster.match(a)
        label = (person.email if person is not None and person.email else a.email) or a.name
        lines.append(AttendeeLine(a, person, bool(person and person.is_leader
                                                  and label in blocked)))
    exemptions = tuple(
        (rule.id, reason) for rule in RULES
        if (reason := ctx.decisions.exemption(fresh, rule.id)) is not None)
    by_id = {rule.id: rule for rule in RULES}
    exemptable = tuple(dict.fromkeys(
        f.rule for f in found if f.rule in by_id and by_id[f.rule].exemptable))
    hints: tuple[Suggestion, ...] = ()
    if not gone and not fresh.cancelled:
        monday = first - timedelta(days=first.weekday())
        hints = tuple(s for s in suggestions(session, monday, monday + timedelta(days=6))
                      if fresh.key in s.keys)
    merged_into = None
    if gone:
        target = key_instant(fresh.key)
        merged_into = next((d.uid for d in ctx.decisions.decisions
                            if d.type == "merge-accepted"
                            and any(key_instant(tuple(m)) == target for m in d.members)), None)
    merged_from: tuple[str, ...] = ()
    if fresh.feed == MERGED_FEED:
        merged_from = tuple(d.uid for d in ctx.decisions.decisions
                            if d.type == "merge-accepted"
                            and fresh.uid.startswith(d.uid + "@"))
    return EventReport(
        occurrence=fresh,
        kind=kind,
        kind_why=classifier.explain(fresh, override),
        arranged=ctx.arrangement(fresh),
        exemptions=exemptions,
        findings=tuple(found),
        suggestions=hints,
        attendees=tuple(lines),
        organizer_person=roster.match(fresh.organizer) if fresh.organizer else None,
        superseded=gone,
        merged_into=merged_into,
        merged_from=merged_from,
        arrange_refusal=arrange_refusal(kind),
        exemptable=exemptable,
        decisions=tuple(d for d in ctx.decisions.decisions if d.uid == fresh.uid),
    )
