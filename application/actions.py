"""What a scheduler can do, once for the command line and the TUI.

Each function records the same decision whichever front end calls it, and raises
:class:`~leanmeet.application.errors.UserError` (with a message for the user, nothing
stored) when the rulebook forbids it or the input is not usable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.application.queries import arrange_refusal, remembered_pattern
from leanmeet.application.session import Session
from leanmeet.planner.model import KINDS, Attendee, Decision, Occurrence, Person
from leanmeet.planner.people import Roster
from leanmeet.planner.rulebook import RememberedKind, RulebookError
from leanmeet.planner.titles import has_cjk
from leanmeet.storage import rulebook_file
from leanmeet.storage.db import DatabaseError
from leanmeet.storage.ics_blocks import SourceError
from leanmeet.storage.merged import MERGED_FEED, merged_event_text, merged_uid
from leanmeet.storage.repository import FeedText, ImportResult, RosterError, parse_roster
from leanmeet.storage.sources import (
    SourceUnreadable,
    default_feed_name,
    expand_sources,
    load,
    read_file,
)

if TYPE_CHECKING:
    from leanmeet.planner.merge import Suggestion

# the rules (and holidays) load in the actions that check them: a decision starts without them

Progress = Callable[[int, int | None, str], None]  # (done, total or None, what now)


# ---------------------------------------------------------------------------- decisions
def arrange(session: Session, uid: str, occurrence: str | None, ref: str,
            occ: Occurrence | None = None) -> Decision:
    """Record that the office arranged the event ``uid`` (``occurrence``: None for every
    occurrence, else the one it names; ``occ``: one of its occurrences, for its kind)."""
    refusal = arrange_refusal(session.kind_of()(occ) if occ is not None else "meeting")
    if refusal:
        raise UserError(refusal)
    if not ref.strip():
        raise UserError("give the office's reference (a document number, a note) for the "
                        "arrangement")
    return session.repository.add_decision(
        Decision("arrangement", uid, occurrence, text=ref.strip()))


def exempt(session: Session, uid: str, occurrence: str | None, rule: str,
           reason: str) -> Decision:
    from leanmeet.planner.rules import RULES_BY_ID

    if rule not in RULES_BY_ID:
        raise UserError(f"unknown rule {rule!r} (rules: {', '.join(RULES_BY_ID)})")
    if not RULES_BY_ID[rule].exemptable:
        raise UserError(f"{rule} findings cannot be exempted ({RULES_BY_ID[rule].clause})")
    if not reason.strip():
        raise UserError("give the reason for the exemption (for example the special need)")
    return session.repository.add_decision(
        Decision("exemption", uid, occurrence, rule=rule, text=reason.strip()))


def set_kind(session: Session, uid: str, occurrence: str | None, kind: str) -> Decision:
    if kind not in KINDS:
        raise UserError(f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    return session.repository.add_decision(Decision("kind", uid, occurrence, text=kind))


# ---------------------------------------------------------------------------- remembered kinds
@dataclass(frozen=True)
class Remembered:
    """A correction remembered for titles like one event's, and the rules file it went to."""

    rule: RememberedKind
    path: Path


def remember_kind(session: Session, occ: Occurrence, kind: str,
                  pattern: str | None = None) -> Remembered:
    """Remember ``kind`` for titles like ``occ``'s (``leanmeet kind UID KIND --remember``, the
    TUI's kind dialog): a pattern derived from the title (``queries.remembered_pattern``), or
    ``pattern`` (the end of a Chinese title, else English words). Written to the rules file
    (the session's ``--rules`` file, else the user rulebook) in its ``[[kinds.remembered]]``
    section; the session's rulebook is read again so the correction applies at once."""
    if kind not in KINDS:
        raise UserError(f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    if pattern is not None:
        pattern = pattern.strip()
        match = "ends" if has_cjk(pattern) else "words"
    else:
        pattern, match = remembered_pattern(occ.summary)
    if not pattern.strip():
        raise UserError("nothing to remember: the title is empty (give the pattern of the "
                        "titles to remember)")
    rule = RememberedKind(pattern=pattern, kind=kind, match=match, example=occ.summary,
                          added=datetime.now(UTC).isoformat(timespec="seconds"))
    try:
        path = rulebook_file.remember_kind(rule, session.rules_path)
    except (RulebookError, OSError) as exc:
        raise UserError(f"cannot remember the correction: {exc}") from None
    session.reload_rulebook()
    return Remembered(rule, path)


@dataclass(frozen=True)
class Forgotten:
    """What ``forget_kind`` undid: remembered corrections (their tables) and kind overrides."""

    removed: tuple[dict, ...]
    overrides: int

    def __bool__(self) -> bool:
        return bool(self.removed or self.overrides)


def forget_kind(session: Session, uid: str, occs: Sequence[Occurrence]) -> Forgotten:
    """Undo (``leanmeet kind UID --forget``): remove the remembered corrections that apply to
    the titles of ``occs`` (the event's occurrences) from the rules file, and the event's kind
    overrides; the session's rulebook is read again."""
    removed: list[dict] = []
    try:
        for title in dict.fromkeys(o.summary for o in occs):
            removed += rulebook_file.forget_kinds(title, session.rules_path)
    except (RulebookError, OSError) as exc:
        raise UserError(f"cannot forget: {exc}") from None
    if removed:
        session.reload_rulebook()
    overrides = session.repository.remove_decisions("kind", uid)
    return Forgotten(tuple(removed), overrides)


# ---------------------------------------------------------------------------- attendees
def _same_attendee(a: Attendee, email: str, name: str) -> bool:
    if email:
        return a.email.lower() == email
    return not a.email and a.name.strip().casefold() == name.strip().casefold()


def add_attendee(session: Session, occ: Occurrence, occurrence: str | None, email: str,
                 name: str = "") -> Attendee:
    """Add a person (a roster entry, or any email) to the event. A leader is refused when
    the blocking rules would keep them out (``planner.rules.blocking_reason``). Returns the
    attendee added (email and name completed from the roster). Only the TUI edits
    attendees: its refusals are worded as its sentences."""
    email = email.strip().lower().removeprefix("mailto:")
    name = " ".join(name.split())
    if email and "@" not in email:
        raise UserError(f"{email!r} is not an email address.")
    if not email and not name:
        raise UserError("Pick a person from the roster or type an email address.")
    roster = Roster(session.repository.people())
    person = roster.by_email(email) if email else None
    if person is None and name:
        person = roster.match(Attendee(email, name))
    if person is not None:
        email = email or person.email
        name = name or person.name
    if any(_same_attendee(a, email, name) for a in occ.attendees):
        raise UserError(f"{name or email} already attends this event.")
    if person is not None and person.is_leader:
        from leanmeet.planner.rules import blocking_reason

        reason = blocking_reason(occ, person, session.check_context())
        if reason:
            raise UserError(f"{person.name or person.email} cannot be added: {reason}.")
    session.repository.edit_attendee(occ.uid, occurrence, email, name, add=True)
    return Attendee(email, name)


def remove_attendee(session: Session, occ: Occurrence, occurrence: str | None,
                    attendee: Attendee) -> None:
    session.repository.edit_attendee(occ.uid, occurrence, attendee.email, attendee.name,
                                     add=False)


# ---------------------------------------------------------------------------- merges
def accept_merge(session: Session, suggestion: Suggestion) -> None:
    """Store the merged meeting of a (current) suggestion and the merge-accepted decision;
    the originals are superseded from then on."""
    p = suggestion.proposal
    text = merged_event_text(
        suggestion.id, start=p.start, end=p.end, summary=p.summary,
        description=p.description, location=p.location, organizer=p.organizer,
        attendees=p.attendees, keynote=p.keynote, members=suggestion.keys)
    # one transaction: a kill leaves neither or both (storage.repository)
    session.repository.store_merged_event(text, decision=Decision(
        "merge-accepted", suggestion.id, text=p.summary, members=suggestion.keys))


def dismiss(session: Session, suggestion: Suggestion) -> None:
    session.repository.add_decision(Decision("merge-dismissed", suggestion.id,
                                             text="dismissed", members=suggestion.keys))


def unmerge(session: Session, suggestion_id: str) -> None:
    repo = session.repository
    if not repo.remove_decisions("merge-accepted", suggestion_id):
        raise UserError(f"{suggestion_id} is not an accepted merge")
    repo.remove_event(MERGED_FEED, merged_uid(suggestion_id))


def undismiss(session: Session, suggestion_id: str) -> None:
    if not session.repository.remove_decisions("merge-dismissed", suggestion_id):
        raise UserError(f"{suggestion_id} is not dismissed")


# ---------------------------------------------------------------------------- people
def add_person(session: Session, person: Person) -> bool:
    """Add or update a person of the roster (by email); True when added."""
    if "@" not in person.email:
        raise UserError(f"{person.email!r} is not an email address")
    person = replace(person, email=person.email.strip().lower())
    stored = next((p for p in session.repository.people() if p.email == person.email), None)
    if stored is not None:  # an update: what it does not give is kept (neither the CLI's
        # `people add` nor the TUI's dialog can give the liaison departments)
        person = replace(person, title=person.title or stored.title,
                         department=person.department or stored.department,
                         liaison=person.liaison or stored.liaison)
    added, _ = session.repository.add_people([person])
    return bool(added)


def set_leader(session: Session, person: Person, leader: bool) -> Person:
    changed = replace(person, role="leader" if leader else "staff")
    session.repository.add_people([changed])
    return changed


@dataclass(frozen=True)
class RosterImport:
    added: int
    updated: int
    problems: tuple[str, ...]  # rows skipped (file:line: reason)

    def summary(self) -> str:
        return f"roster: {self.added} added, {self.updated} updated, {len(self.problems)} skipped"


def import_roster(session: Session, path: str) -> RosterImport:
    """``leanmeet people import roster.csv``: the rows that can be read are stored."""
    try:
        people, problems = parse_roster(read_file(path), path)
    except (SourceUnreadable, RosterError) as exc:
        raise UserError(str(exc)) from None
    added, updated = session.repository.add_people(people)
    return RosterImport(added, updated, tuple(problems))


# ---------------------------------------------------------------------------- import
@dataclass
class ImportOutcome:
    results: list[ImportResult] = field(default_factory=list)  # one per feed stored
    errors: list[str] = field(default_factory=list)  # sources that could not be read at all
    cancelled: bool = False

    @property
    def partial(self) -> bool:
        return any(r.skipped for r in self.results)


def import_sources(session: Session, sources: Sequence[str], feed: str | None,
                   arranged: bool | None, *, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ImportOutcome:
    """``leanmeet import SOURCE... [--feed NAME] [--arranged]``: folders become their .ics
    files, each file its own feed unless ``feed`` names one; one transaction per feed; a
    feed whose sources could not all be read removes nothing."""
    repo = session.repository
    out = ImportOutcome()
    report = progress or (lambda done, total, what: None)
    kinds = session.stored_kinds()[1]  # each event's kind stored with it (storage.readings)
    try:
        files = expand_sources(list(sources))
    except SourceUnreadable as exc:
        out.errors.append(str(exc))
        return out
    groups: dict[str, list[str]] = {}
    for source in files:
        name = feed.strip() if feed and feed.strip() else default_feed_name(source)
        groups.setdefault(name, []).append(source)
    total = len(files) + len(groups)
    shown_total = total if total > 2 else None  # one file: an indeterminate bar
    done = 0
    for name, members in groups.items():
        if cancelled is not None and cancelled():
            out.cancelled = True
            break
        texts = []
        for source in members:
            report(done, shown_total, f"reading {source}")
            try:
                texts.append(FeedText("<stdin>" if source == "-" else source, load(source)))
            except SourceUnreadable as exc:
                out.errors.append(str(exc))
            done += 1
        if texts:
            report(done, shown_total, f"storing feed {name}")
            try:
                out.results.append(repo.import_feed(
                    name, texts, arranged=arranged, complete=len(texts) == len(members),
                    origin=members, kinds=kinds))
            except SourceError as exc:
                out.errors.append(str(exc))
            except DatabaseError as exc:
                out.errors.append(str(exc))
                break
        done += 1
        report(done, total, "")
    report(total, total, "")
    return out
