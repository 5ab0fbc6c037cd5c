"""The rule registry and the check runner.

Each rule is a small object (one module per rule) with an ``id``, the ``clause`` it enforces
and ``check(events, ctx) -> findings``; :data:`RULES` is the one registration list. A rule
module imports this package only for type checking (what the rules share is in
:mod:`~leanmeet.planner.rules.base` and :mod:`~leanmeet.planner.rules.keywords`), so adding a
rule is one new module, one line in :data:`RULES`, and its settings table in the rulebook
(``planner.rulebook`` and ``rulebook_default.toml``).

:func:`run_checks` prepares every occurrence once (:class:`ClassifiedEvent`: kind with the
scheduler's overrides, people resolved against the roster, keynote speakers, instants), skips
cancelled ones, runs the enabled rules, drops findings that an exemption lifts (except for
rules that cannot be exempted) and sorts the rest by severity and start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from typing import Protocol

from leanmeet.planner.classify import scheduler_kind
from leanmeet.planner.decisions import DecisionIndex
from leanmeet.planner.findings import BLOCKING_RULES, SEVERITY_RANK, Finding, as_aware
from leanmeet.planner.keynotes import keynote_speakers
from leanmeet.planner.model import Attendee, Occurrence, Person
from leanmeet.planner.people import Participant, Roster, normalize_email, participants
from leanmeet.planner.rulebook import Rulebook


@dataclass
class CheckContext:
    """Everything a rule may consult besides the events."""

    rulebook: Rulebook
    roster: Roster
    decisions: DecisionIndex
    today: date
    tz: tzinfo
    #: the key of the classifications stored with the events that are valid now
    #: (planner.classify.scheduler_reading), or None to classify every event
    stored_kinds: str | None = None

    def arrangement(self, occ: Occurrence) -> str | None:
        """The office reference when ``occ`` is arranged (stored decision, or an
        ``--arranged`` feed), else None."""
        ref = self.decisions.arranged(occ)
        if ref is not None:
            return ref
        if occ.arranged_feed:
            return f"arranged feed {occ.feed}".strip() if occ.feed else "arranged feed"
        return None


@dataclass(frozen=True, slots=True)
class ClassifiedEvent:
    """An occurrence prepared once for all rules."""

    occ: Occurrence
    kind: str
    people: tuple[Participant, ...]
    keynotes: tuple[str, ...]
    start_ts: float  # POSIX seconds; all-day dates are midnights in the office zone
    end_ts: float
    index: int = field(default=0, compare=False)  # position in the prepared list
    leaders: tuple[Participant, ...] = ()  # the roster leaders among ``people``

    @property
    def key(self) -> tuple[str, str | None]:
        return self.occ.key

    @property
    def all_day(self) -> bool:
        return self.occ.all_day or not isinstance(self.occ.start, datetime)

    @property
    def minutes(self) -> float:
        return (self.end_ts - self.start_ts) / 60.0

    @property
    def leaders_or_people(self) -> tuple[Participant, ...]:
        """Whom a finding about the event names: its roster leaders, or everyone taking part
        when no leader does."""
        return self.leaders or self.people


class Rule(Protocol):
    id: str
    clause: str
    title: str
    # False: an exemption decision does not lift this rule's findings
    exemptable: bool

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]: ...


def _instants(occ: Occurrence, tz: tzinfo) -> tuple[float, float]:
    """POSIX seconds of start and end (an end before the start is taken as the start)."""
    s = as_aware(occ.start, tz).timestamp()
    e = as_aware(occ.end, tz).timestamp()
    return s, max(s, e)


def prepare(occurrences: Iterable[Occurrence], ctx: CheckContext) -> list[ClassifiedEvent]:
    """Classify every non-cancelled occurrence once; the same (uid, recurrence id) seen twice is
    kept once (the first)."""
    kind_of = scheduler_kind(ctx.rulebook, ctx.decisions, ctx.stored_kinds)
    roster, tz = ctx.roster, ctx.tz
    seen: set[tuple[str, str | None]] = set()
    out: list[ClassifiedEvent] = []
    for occ in occurrences:
        if occ.cancelled:
            continue
        key = occ.key
        if key in seen:
            continue
        seen.add(key)
        kind = kind_of(occ)
        start_ts, end_ts = _instants(occ, tz)
        people = participants(occ, roster)
        out.append(
            ClassifiedEvent(
                occ=occ,
                kind=kind,
                people=people,
                keynotes=tuple(keynote_speakers(occ)),
                start_ts=start_ts,
                end_ts=end_ts,
                index=len(out),
                leaders=tuple(p for p in people if p.leader),
            )
        )
    return out


def _sort_key(f: Finding, tz: tzinfo) -> tuple:
    first = f.occurrence
    start = as_aware(first.start, tz).timestamp() if first is not None else float("inf")
    return (
        SEVERITY_RANK.get(f.severity, len(SEVERITY_RANK)),
        start,
        f.rule,
        first.uid if first is not None else "",
        f.people,
    )


def run_rules(
    events: Sequence[ClassifiedEvent], ctx: CheckContext, rules: Sequence[Rule] | None = None
) -> list[Finding]:
    """Run the enabled ``rules`` (default: all registered) over prepared events."""
    findings: list[Finding] = []
    for rule in RULES if rules is None else rules:
        if not ctx.rulebook.enabled(rule.id):
            continue
        for finding in rule.check(events, ctx):
            if rule.exemptable and any(
                ctx.decisions.exemption(o, rule.id) is not None for o in finding.occurrences
            ):
                continue
            findings.append(finding)
    findings.sort(key=lambda f: _sort_key(f, ctx.tz))
    return findings


def run_checks(occurrences: Sequence[Occurrence], ctx: CheckContext) -> list[Finding]:
    """All findings for ``occurrences`` (already expanded, one per occurrence), sorted by
    (severity, start)."""
    return run_rules(prepare(occurrences, ctx), ctx)


def blocked_leaders(findings: Iterable[Finding]) -> dict[tuple[str, str | None], set[str]]:
    """Occurrence key -> the leaders (emails) that blocking error findings keep out of it."""
    blocked: dict[tuple[str, str | None], set[str]] = {}
    for f in findings:
        if not f.blocks or f.rule not in BLOCKING_RULES or f.severity != "error":
            continue
        for occ in f.occurrences:
            blocked.setdefault(occ.key, set()).update(f.people)
    return blocked


def blocking_reason(occ: Occurrence, person: Person, ctx: CheckContext) -> str | None:
    """Why ``person`` may not be added to ``occ`` (the TUI refuses with this text), or None.

    Runs the blocking rules on ``occ`` with the person added; exemptions apply as in
    :func:`run_checks`.
    """
    if not person.is_leader or occ.cancelled:
        return None
    candidate = Attendee(email=person.email.strip().lower(), name=person.name)
    roster = Roster([*ctx.roster, person])
    trial = replace(occ, attendees=(*occ.attendees, candidate))
    trial_ctx = replace(ctx, roster=roster)
    rules = [r for r in RULES if r.id in BLOCKING_RULES]
    label = normalize_email(person.email) or person.name
    for finding in run_rules(prepare([trial], trial_ctx), trial_ctx, rules):
        if finding.blocks and label in finding.people:
            return finding.message
    return None


# ---------------------------------------------------------------- the registration list
from leanmeet.planner.rules.banquet import Banquet  # noqa: E402
from leanmeet.planner.rules.commercial import CommercialEvent  # noqa: E402
from leanmeet.planner.rules.document_instead import DocumentInstead  # noqa: E402
from leanmeet.planner.rules.double_booking import DoubleBooking  # noqa: E402
from leanmeet.planner.rules.escort_size import EscortSize  # noqa: E402
from leanmeet.planner.rules.grassroots_days import GrassrootsDays  # noqa: E402
from leanmeet.planner.rules.half_day import HalfDayLimit  # noqa: E402
from leanmeet.planner.rules.holiday import Holiday  # noqa: E402
from leanmeet.planner.rules.inspection_approval import InspectionApproval  # noqa: E402
from leanmeet.planner.rules.overseas_visit import OverseasVisit  # noqa: E402
from leanmeet.planner.rules.research_team import ResearchTeam  # noqa: E402
from leanmeet.planner.rules.shared_transport import SharedTransport  # noqa: E402
from leanmeet.planner.rules.single_keynote import SingleKeynote  # noqa: E402
from leanmeet.planner.rules.students_at_celebration import StudentsAtCelebration  # noqa: E402
from leanmeet.planner.rules.system_meeting_invitees import SystemMeetingInvitees  # noqa: E402
from leanmeet.planner.rules.unarranged_ceremony import UnarrangedCeremony  # noqa: E402
from leanmeet.planner.rules.unarranged_municipal_meeting import (  # noqa: E402
    UnarrangedMunicipalMeeting,
)
from leanmeet.planner.rules.venue import Venue  # noqa: E402

RULES: list[Rule] = [
    HalfDayLimit(),
    SingleKeynote(),
    UnarrangedCeremony(),
    CommercialEvent(),
    Venue(),
    DoubleBooking(),
    ResearchTeam(),
    GrassrootsDays(),
    Holiday(),
    # ---- issue 14
    Banquet(),
    SystemMeetingInvitees(),
    DocumentInstead(),
    UnarrangedMunicipalMeeting(),
    InspectionApproval(),
    OverseasVisit(),
    EscortSize(),
    StudentsAtCelebration(),
    SharedTransport(),
]

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

__all__ = [
    "RULES",
    "RULES_BY_ID",
    "CheckContext",
    "ClassifiedEvent",
    "Rule",
    "blocked_leaders",
    "blocking_reason",
    "prepare",
    "run_checks",
    "run_rules",
]
