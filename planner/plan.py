"""The consolidated meeting plan (SPEC §6): what every export writes.

Pure: occurrences, kinds, findings, blocked leaders and accepted merges in, plan entries out.
No I/O; storage/export turns a :class:`Plan` into .ics, iTIP, CSV, Markdown and HTML.

- The plan holds the occurrences of the window that are not superseded by a merge (the
  caller leaves those out), merged meetings included, sorted by start.
- A leader that a blocking error finding keeps out of an event (``unarranged-ceremony``,
  ``commercial-event``) is *left out*: not among the entry's attendees, with the reason.
- Every finding about the window carries a status: ``open`` (still a finding), ``arranged``
  (an unarranged-ceremony finding that an arrangement lifts) or ``exempted`` (lifted by an
  exemption). Lifted findings are found by running the rules once more without arrangements
  and exemptions (:func:`review`).
- Per leader: meetings, hours and distinct days in the window, events left out of, and the
  grassroots-days report of the year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from leanmeet.planner.classify import scheduler_kind
from leanmeet.planner.decisions import DecisionIndex, occurrence_matches
from leanmeet.planner.findings import BLOCKING_RULES, Finding, as_aware, names, window_bounds
from leanmeet.planner.model import Attendee, Occurrence, Person
from leanmeet.planner.people import Participant, normalize_email, participants, person_key
from leanmeet.planner.rules import RULES, CheckContext, blocked_leaders, prepare, run_rules

STATUS_OPEN, STATUS_ARRANGED, STATUS_EXEMPTED = "open", "arranged", "exempted"
STATUSES = (STATUS_OPEN, STATUS_ARRANGED, STATUS_EXEMPTED)
Key = tuple[str, str | None]


# ------------------------------------------------------------------ findings with a status
@dataclass(frozen=True)
class FindingRow:
    """A finding about the plan and what became of it.

    status: open | arranged | exempted. note: the office reference (arranged) or the reason
    (exempted), "" when open.
    """

    finding: Finding
    status: str = STATUS_OPEN
    note: str = ""


@dataclass(frozen=True)
class Review:
    findings: tuple[Finding, ...]  # the open findings about the window
    rows: tuple[FindingRow, ...]  # open, arranged and exempted findings, in rule order


def in_window(occ: Occurrence, lo: datetime, hi: datetime, tz: tzinfo) -> bool:
    """Whether ``occ`` overlaps [lo, hi) (a zero-length event: starts in it)."""
    s = as_aware(occ.start, tz)
    e = as_aware(occ.end, tz)
    if e <= s:
        return lo <= s < hi
    return s < hi and e > lo


def _about_window(f: Finding, lo: datetime, hi: datetime, tz: tzinfo) -> bool:
    """Findings about events outside the window are left out; per-person reports stay."""
    if not f.occurrences:
        return True
    return any(lo <= as_aware(o.start, tz) < hi for o in f.occurrences)


def without_lifts(occurrences: Sequence[Occurrence], ctx: CheckContext
                  ) -> tuple[list[Occurrence], CheckContext]:
    """The occurrences and context with no arrangement (decision or --arranged feed) and no
    exemption: the rules then report what these decisions lift."""
    kept = [d for d in ctx.decisions.decisions if d.type not in ("arrangement", "exemption")]
    occs = [replace(o, arranged_feed=False) if o.arranged_feed else o for o in occurrences]
    return occs, replace(ctx, decisions=DecisionIndex(kept))


def review(occurrences: Sequence[Occurrence], ctx: CheckContext, first: date, last: date, *,
           statuses: bool = True, blocking_only: bool = False) -> Review:
    """The findings about [first, last] (``occurrences`` may cover more, e.g. the whole year
    for grassroots days). ``statuses``: also the arranged and exempted ones.
    ``blocking_only``: run only the rules that keep leaders out (enough for the .ics)."""
    lo, hi = window_bounds(first, last, ctx.tz)
    rules = [r for r in RULES if r.id in BLOCKING_RULES] if blocking_only else None
    if blocking_only:  # only the kinds these rules look at need preparing
        kinds = {k for r in rules for k in ctx.rulebook.rule(r.id).kinds}
        kind_of = scheduler_kind(ctx.rulebook, ctx.decisions, ctx.stored_kinds)
        occurrences = [o for o in occurrences if kind_of(o) in kinds]
    found = [f for f in run_rules(prepare(occurrences, ctx), ctx, rules)
             if _about_window(f, lo, hi, ctx.tz)]
    rows = [FindingRow(f) for f in found]
    if statuses:
        open_keys = {f.key: f for f in found}  # the open finding (its own message) by key
        bare_occs, bare_ctx = without_lifts(occurrences, ctx)
        real = {o.key: o for o in occurrences}
        rows = []
        for f in run_rules(prepare(bare_occs, bare_ctx), bare_ctx, rules):
            if not _about_window(f, lo, hi, ctx.tz):
                continue
            if f.key in open_keys:
                rows.append(FindingRow(open_keys[f.key]))
                continue
            status, note = _lifted_by(f, real, ctx)
            rows.append(FindingRow(f, status, note))
        seen = {r.finding.key for r in rows}
        rows += [FindingRow(f) for f in found if f.key not in seen]
    return Review(tuple(found), tuple(rows))


def _lifted_by(f: Finding, real: Mapping[Key, Occurrence], ctx: CheckContext
               ) -> tuple[str, str]:
    for o in f.occurrences:
        reason = ctx.decisions.exemption(real.get(o.key, o), f.rule)
        if reason is not None:
            return STATUS_EXEMPTED, reason
    for o in f.occurrences:
        ref = ctx.arrangement(real.get(o.key, o))
        if ref is not None:
            return STATUS_ARRANGED, ref
    return STATUS_OPEN, ""


# ------------------------------------------------------------------ the plan
@dataclass(frozen=True)
class Merge:
    """An accepted merge as the storage layer knows it.

    originals: (member key as recorded, the original occurrence or None when it is no longer
    stored) per original meeting.
    """

    id: str
    merged_uid: str
    summary: str = ""
    at: str = ""
    originals: tuple[tuple[Key, Occurrence | None], ...] = ()


@dataclass(frozen=True)
class PlanEntry:
    """One occurrence of the plan.

    attendees: as exported (left-out leaders removed). left_out: the attendees a blocking
    finding keeps out; blocks: those findings. findings: every open finding about it.
    leaders: display names of the roster leaders taking part (left-out ones excluded).
    merge: the suggestion id when this is a merged meeting.
    """

    occ: Occurrence
    kind: str
    attendees: tuple[Attendee, ...]
    left_out: tuple[Attendee, ...] = ()
    blocks: tuple[Finding, ...] = ()
    findings: tuple[Finding, ...] = ()
    leaders: tuple[str, ...] = ()
    arrangement: str | None = None
    exemptions: tuple[tuple[str, str], ...] = ()  # (rule, reason)
    merge: str | None = None

    @property
    def key(self) -> Key:
        return self.occ.key

    @property
    def cancelled(self) -> bool:
        return self.occ.cancelled

    def left_out_note(self) -> str:
        """Why leaders were left out (one line), "" when none were."""
        if not self.left_out:
            return ""
        who = names([_shown(a) for a in self.left_out])
        why = "; ".join(f"{f.message} ({f.clause})" for f in self.blocks)
        return f"Left out of the attendees by the meeting rules: {who}. {why}".strip()


@dataclass(frozen=True)
class MergeMade:
    id: str
    summary: str
    at: str
    merged: PlanEntry | None  # the merged meeting, when it is in the window
    originals: tuple[tuple[Key, Occurrence | None], ...]


@dataclass(frozen=True)
class LeaderLoad:
    """A roster leader's meetings in the window and grassroots days in the year."""

    person: Person
    meetings: int = 0
    minutes: int = 0
    days: int = 0
    left_out: int = 0
    grassroots: Mapping[str, Any] = field(default_factory=dict)  # grassroots-days details

    @property
    def hours(self) -> float:
        return self.minutes / 60.0


@dataclass(frozen=True)
class Week:
    monday: date
    entries: tuple[PlanEntry, ...]


@dataclass(frozen=True)
class Plan:
    first: date
    last: date
    tz: tzinfo
    today: date
    entries: tuple[PlanEntry, ...]
    rows: tuple[FindingRow, ...] = ()
    merges: tuple[MergeMade, ...] = ()
    leaders: tuple[LeaderLoad, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)  # finding label -> roster name

    def name_of(self, label: str) -> str:
        """A person of a finding (email, else name) as a reader knows them."""
        return self.names.get(label) or label

    @property
    def weeks(self) -> list[Week]:
        """Monday-to-Sunday weeks covering the window, each with its entries."""
        monday = self.first - timedelta(days=self.first.weekday())
        weeks: list[Week] = []
        by_week: dict[date, list[PlanEntry]] = {}
        for e in self.entries:
            day = max(self.first, start_day(e.occ, self.tz))
            by_week.setdefault(day - timedelta(days=day.weekday()), []).append(e)
        while monday <= self.last:
            weeks.append(Week(monday, tuple(by_week.get(monday, ()))))
            monday += timedelta(days=7)
        return weeks

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for r in self.rows:
            out[r.status] = out.get(r.status, 0) + 1
        return out


def start_day(occ: Occurrence, tz: tzinfo) -> date:
    if isinstance(occ.start, datetime):
        return as_aware(occ.start, tz).astimezone(tz).date()
    return occ.start


def _shown(a: Attendee) -> str:
    if a.name and a.email:
        return f"{a.name} <{a.email}>"
    return a.name or a.email


def _exemptions(occ: Occurrence, decisions: DecisionIndex) -> tuple[tuple[str, str], ...]:
    rules = sorted({d.rule for d in decisions.decisions
                    if d.type == "exemption" and d.uid == occ.uid
                    and occurrence_matches(d.occurrence, occ)})
    out = []
    for rule in rules:
        reason = decisions.exemption(occ, rule)
        if reason is not None:
            out.append((rule, reason))
    return tuple(out)


def build_plan(
    occurrences: Sequence[Occurrence],
    ctx: CheckContext,
    *,
    first: date,
    last: date,
    findings: Sequence[Finding],
    rows: Sequence[FindingRow] | None = None,
    kinds: Sequence[str] | None = None,
    merges: Iterable[Merge] = (),
    people: bool = True,
) -> Plan:
    """The plan of [first, last].

    occurrences: the plan's occurrences (superseded originals already left out, merged
    meetings in), any order. findings: the open findings about the window (their blocking
    ones decide who is left out). rows: findings with their status (default: the open ones).
    kinds: one per occurrence (default: classified here with the kind overrides).
    people: also each entry's leaders and each leader's load (the reports show them; the
    .ics does not need them).
    """
    tz = ctx.tz
    if kinds is None:
        kind_of = scheduler_kind(ctx.rulebook, ctx.decisions, ctx.stored_kinds)
        kinds = [kind_of(o) for o in occurrences]
    blocked = blocked_leaders(findings)
    by_key: dict[Key, list[Finding]] = {}
    for f in findings:
        for o in f.occurrences:
            by_key.setdefault(o.key, []).append(f)
    merges = list(merges)
    merged_uids = {m.merged_uid: m.id for m in merges}
    roster = ctx.roster
    entries: list[PlanEntry] = []
    for occ, kind in sorted(zip(occurrences, kinds), key=lambda p: _order(p[0], tz)):
        about = tuple(by_key.get(occ.key, ()))
        labels = blocked.get(occ.key, set())
        left_out: tuple[Attendee, ...] = ()
        if labels:
            left_out = tuple(a for a in occ.attendees
                             if (p := roster.participant(a)) is not None and p.leader
                             and p.label in labels)
        attendees = tuple(a for a in occ.attendees if a not in left_out)
        leaders: tuple[str, ...] = ()
        if people:
            kept = replace(occ, attendees=attendees) if left_out else occ
            leaders = tuple(dict.fromkeys(p.display for p in participants(kept, roster)
                                          if p.leader))
        entries.append(PlanEntry(
            occ=occ, kind=kind, attendees=attendees, left_out=left_out,
            blocks=tuple(f for f in about if f.blocks and f.rule in BLOCKING_RULES
                         and f.severity == "error") if left_out else (),
            findings=about, leaders=leaders, arrangement=ctx.arrangement(occ),
            exemptions=_exemptions(occ, ctx.decisions), merge=merged_uids.get(occ.uid)))
    if rows is None:
        rows = [FindingRow(f) for f in findings]
    lo, hi = window_bounds(first, last, tz)
    made: list[MergeMade] = []
    for m in merges:
        merged = next((e for e in entries if e.occ.uid == m.merged_uid), None)
        shown = merged is not None or any(
            o is not None and in_window(o, lo, hi, tz) for _, o in m.originals)
        if shown:
            made.append(MergeMade(m.id, m.summary or (merged.occ.summary if merged else ""),
                                  m.at, merged, m.originals))
    made.sort(key=lambda m: (_order(m.merged.occ, tz) if m.merged else (float("inf"),), m.id))
    names = {normalize_email(p.email) or p.name: p.name for p in roster if p.name}
    return Plan(first=first, last=last, tz=tz, today=ctx.today, entries=tuple(entries),
                rows=tuple(rows), merges=tuple(made),
                leaders=tuple(leader_loads(entries, ctx, rows)) if people else (),
                names=names)


def _order(occ: Occurrence, tz: tzinfo) -> tuple:
    return (as_aware(occ.start, tz).timestamp(), occ.summary, occ.uid,
            occ.recurrence_id.isoformat() if occ.recurrence_id else "")


def leader_loads(entries: Sequence[PlanEntry], ctx: CheckContext,
                 rows: Sequence[FindingRow] = ()) -> list[LeaderLoad]:
    """Each roster leader's meetings (non-cancelled entries they take part in), hours,
    distinct days, events left out of, and the grassroots-days report."""
    tz = ctx.tz
    leaders = ctx.roster.distinct_leaders
    stats: dict[str, dict[str, Any]] = {
        person_key(p): {"meetings": 0, "minutes": 0.0, "days": set(), "left_out": 0}
        for p in leaders}
    for e in entries:
        if e.cancelled:
            continue
        occ = replace(e.occ, attendees=e.attendees) if e.left_out else e.occ
        taking_part: list[Participant] = [p for p in participants(occ, ctx.roster) if p.leader]
        if taking_part:
            s = as_aware(e.occ.start, tz)
            end = max(s, as_aware(e.occ.end, tz))
            minutes = (end - s).total_seconds() / 60.0
            days = _days(e.occ, tz)
            for p in taking_part:
                st = stats.get(p.key)
                if st is None:
                    continue
                st["meetings"] += 1
                st["minutes"] += minutes
                st["days"].update(days)
        for a in e.left_out:
            p = ctx.roster.participant(a)
            if p is not None and p.key in stats:
                stats[p.key]["left_out"] += 1
    grassroots = {r.finding.people[0]: dict(r.finding.details) for r in rows
                  if r.finding.rule == "grassroots-days" and r.finding.people}
    out: list[LeaderLoad] = []
    for person in leaders:
        st = stats[person_key(person)]
        label = person.email.strip().lower() or person.name
        out.append(LeaderLoad(person, st["meetings"], round(st["minutes"]), len(st["days"]),
                              st["left_out"], grassroots.get(label, {})))
    return out


def _days(occ: Occurrence, tz: tzinfo) -> set[date]:
    if not isinstance(occ.start, datetime):
        end = occ.end if not isinstance(occ.end, datetime) else occ.end.date()
        n = max(1, (end - occ.start).days)
        return {occ.start + timedelta(days=i) for i in range(n)}
    s = as_aware(occ.start, tz).astimezone(tz)
    e = as_aware(occ.end, tz).astimezone(tz)
    last = (e - timedelta(microseconds=1)).date() if e > s else s.date()
    return {s.date() + timedelta(days=i) for i in range((last - s.date()).days + 1)}


def entry_lookup(plan: Plan) -> Callable[[Key], PlanEntry | None]:
    index = {e.key: e for e in plan.entries}
    return index.get


__all__ = [
    "STATUSES", "FindingRow", "LeaderLoad", "Merge", "MergeMade", "Plan", "PlanEntry",
    "Review", "Week", "build_plan", "in_window", "leader_loads", "review", "start_day",
    "window_bounds", "without_lifts",
]
