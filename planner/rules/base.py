"""What the rules share: the events of the rule's kinds, and their findings (the rule's id
and clause with the severity of its table; the finding about one event names people by
their labels)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from leanmeet.planner.findings import Finding
from leanmeet.planner.model import Occurrence

if TYPE_CHECKING:
    from leanmeet.planner.people import Participant
    from leanmeet.planner.rules import ClassifiedEvent, Rule


def of_kinds(events: Iterable[ClassifiedEvent], kinds: Iterable[str]
             ) -> Iterator[ClassifiedEvent]:
    """The events whose kind is one of ``kinds`` (a rule table's ``kinds``), in order."""
    wanted = frozenset(kinds)
    return (ev for ev in events if ev.kind in wanted)


def rule_finding(
    rule: Rule,
    severity: str,
    message: str,
    *,
    occurrences: tuple[Occurrence, ...] = (),
    people: tuple[str, ...] = (),
    blocks: bool = False,
    details: Mapping[str, Any] | None = None,
) -> Finding:
    """A finding of ``rule`` (``people``: emails, or names for people without one)."""
    return Finding(
        rule=rule.id,
        severity=severity,
        clause=rule.clause,
        message=message,
        occurrences=occurrences,
        people=people,
        blocks=blocks,
        details=details if details is not None else {},
    )


def event_finding(
    rule: Rule,
    severity: str,
    occ: Occurrence,
    people: Iterable[Participant],
    message: str,
    *,
    blocks: bool = False,
    details: Mapping[str, Any] | None = None,
) -> Finding:
    """The finding of ``rule`` about one event, naming ``people`` (their labels)."""
    return rule_finding(rule, severity, message, occurrences=(occ,),
                        people=tuple(p.label for p in people), blocks=blocks, details=details)


def leaders_finding(rule: Rule, severity: str, occ: Occurrence,
                    leaders: Iterable[Participant], message: str) -> Finding:
    """The finding of a rule about the roster leaders attending one event (the ceremony,
    commercial and banquet rules): error findings of these rules block the leaders from the
    event."""
    return event_finding(rule, severity, occ, leaders, message, blocks=severity == "error")
