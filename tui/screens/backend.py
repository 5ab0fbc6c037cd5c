"""The screens' calls into the application layer, and the sentences the TUI shows for them.

Every function here runs in a thread worker (never in the UI thread) and touches no widget.
The work is done by ``leanmeet.application`` with the app's session (``app.session``): the
same functions, and so the same decisions, findings and suggestions, as the command line. A
refusal is a :class:`~leanmeet.application.UserError` whose text is shown as a sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from leanmeet.application import actions, queries
from leanmeet.application import export as exporting
from leanmeet.application.errors import UserError
from leanmeet.application.queries import EventReport, PastMerge, occurrence_ref
from leanmeet.application.session import Session
from leanmeet.planner.findings import Finding
from leanmeet.planner.merge import Suggestion
from leanmeet.planner.model import Attendee, Occurrence, Person
from leanmeet.tui.i18n import _, format_day, ngettext
from leanmeet.tui.views.common import KIND_NAMES

T = TypeVar("T")

__all__ = ["EventReport", "Outcome", "PastMerge", "UserError", "first_shown", "session_of"]


# ---------------------------------------------------------------------------------- the app
def session_of(app) -> Session:
    """The app's session (repository, rulebook, office zone, today)."""
    session = getattr(app, "session", None)
    if session is None:
        raise UserError(_("leanmeet has not opened its database yet"))
    return session


def first_shown(app) -> date:
    """Where the four-week screens begin: today when the period shown contains it, else the
    period's first day."""
    today = getattr(app, "today", None)
    if not isinstance(today, date):
        today = session_of(app).today
    period = getattr(app, "current_period", None)
    first, last = getattr(period, "first", None), getattr(period, "last", None)
    if isinstance(first, date) and isinstance(last, date) and not first <= today <= last:
        return first
    return today


def sentence(text: str) -> str:
    """An application message as a sentence: capital first letter, full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _sentences(action: Callable[..., T], *args: object) -> T:
    """``action(*args)``, its refusal worded as a sentence."""
    try:
        return action(*args)
    except UserError as exc:
        raise UserError(sentence(str(exc))) from None


def _scope_text(occ: Occurrence, scope: str | None) -> str:
    title = " ".join(occ.summary.split()) or _("(no title)")
    if scope is None:
        return (_("“{title}” (every occurrence)").format(title=title) if occ.series
                else f"“{title}”")
    return f"“{title}” ({scope})"


# ---------------------------------------------------------------------------------- one event
def event_report(session: Session, occ: Occurrence) -> EventReport:
    """The detail screen's report of ``occ`` (queries.event_report)."""
    report = queries.event_report(session, occ)
    if report.arrange_refusal:
        report = replace(report, arrange_refusal=sentence(report.arrange_refusal))
    return report


def kind_of(session: Session, occ: Occurrence) -> str:
    """The kind of ``occ`` (the scheduler's override, CATEGORIES, keywords)."""
    return session.kind_of()(occ)


def arrange_refusal(session: Session, occ: Occurrence) -> str | None:
    """Why ``occ`` cannot be arranged (a commercial event), or None."""
    refusal = queries.arrange_refusal(kind_of(session, occ))
    return sentence(refusal) if refusal else None


def arrange(session: Session, occ: Occurrence, whole_series: bool, ref: str) -> str:
    scope = occurrence_ref(occ, whole_series)
    d = _sentences(actions.arrange, session, occ.uid, scope, ref, occ)
    return _("Arranged {event}: ref {ref}").format(event=_scope_text(occ, scope), ref=d.text)


def exempt(session: Session, occ: Occurrence, whole_series: bool, rule: str,
           reason: str) -> str:
    scope = occurrence_ref(occ, whole_series)
    d = _sentences(actions.exempt, session, occ.uid, scope, rule, reason)
    return _("Exempted {event} from {rule}: {reason}").format(
        event=_scope_text(occ, scope), rule=rule, reason=d.text)


def remember_hint(occ: Occurrence) -> str:
    """How a remembered correction would cover titles like ``occ``'s ("ends in 油菜花节")."""
    pattern, match = queries.remembered_pattern(occ.summary)
    return (_("ends in {pattern}") if match == "ends" else _("words: {pattern}")).format(
        pattern=pattern)


def set_kind(session: Session, occ: Occurrence, whole_series: bool, kind: str,
             remember: bool = False) -> str:
    """Override the kind; with ``remember``, also remember the correction for titles like this
    one in the rules file (``actions.remember_kind``, which reloads the rulebook)."""
    scope = occurrence_ref(occ, whole_series)
    _sentences(actions.set_kind, session, occ.uid, scope, kind)
    done = _("Kind of {event} is now {kind}").format(event=_scope_text(occ, scope),
                                                     kind=KIND_NAMES.get(kind, kind))
    if remember:
        try:
            remembered = actions.remember_kind(session, occ, kind)
        except UserError as exc:
            why = str(exc).rstrip(".")
            raise UserError(_("{done}, but the correction was not remembered: {why}.").format(
                done=done, why=why)) from None
        done += _("; remembered for titles like it ({hint}) in {path}").format(
            hint=remember_hint(occ), path=remembered.path)
    return done


def add_attendee(session: Session, occ: Occurrence, whole_series: bool, email: str,
                 name: str = "") -> str:
    scope = occurrence_ref(occ, whole_series)
    added = actions.add_attendee(session, occ, scope, email, name)
    email, name = added.email, added.name
    who = f"{name} <{email}>" if name and email else name or email
    return _("Added {who} to {event}").format(who=who, event=_scope_text(occ, scope))


def remove_attendee(session: Session, occ: Occurrence, whole_series: bool,
                    attendee: Attendee) -> str:
    scope = occurrence_ref(occ, whole_series)
    actions.remove_attendee(session, occ, scope, attendee)
    who = attendee.name or attendee.email
    return _("Removed {who} from {event}").format(who=who, event=_scope_text(occ, scope))


# ---------------------------------------------------------------------------------- findings
def findings_in(session: Session, first: date, last: date) -> list[Finding]:
    """``leanmeet check --from FIRST --to LAST``."""
    return queries.findings(session, first, last)


# ---------------------------------------------------------------------------------- merges
def suggestions_in(session: Session, first: date, last: date) -> list[Suggestion]:
    """``leanmeet suggest --from FIRST --to LAST``."""
    return queries.suggestions(session, first, last)


def merge_decisions_in(session: Session, first: date, last: date) -> list[PastMerge]:
    return queries.merge_decisions(session, first, last)


def _current(session: Session, suggestion: Suggestion) -> Suggestion:
    """The suggestion as it is now (the CLI's ``merge ID`` recomputes it the same way)."""
    current = queries.current_suggestion(session, suggestion)
    if current is None:
        raise UserError(_("Suggestion {id} no longer applies (its meetings changed, were "
                          "merged or dismissed); refresh the list.").format(id=suggestion.id))
    return current


def accept(session: Session, suggestion: Suggestion) -> str:
    """``leanmeet merge ID``: store the merged meeting and the merge-accepted decision."""
    s = _current(session, suggestion)
    actions.accept_merge(session, s)
    p = s.proposal
    when = f"{format_day(p.start, 'medium')} {p.start:%H:%M}–{p.end:%H:%M}"
    return ngettext("Merged {n} meeting into {when} {title}",
                    "Merged {n} meetings into {when} {title}", len(s.members)).format(
        n=len(s.members), when=when, title=p.summary)


def dismiss(session: Session, suggestion: Suggestion) -> str:
    """``leanmeet dismiss ID``: never suggest these meetings together again."""
    s = _current(session, suggestion)
    actions.dismiss(session, s)
    return ngettext("Dismissed: this {n} meeting will not be suggested again",
                    "Dismissed: these {n} meetings will not be suggested together again",
                    len(s.members)).format(n=len(s.members))


def undo(session: Session, suggestion_id: str, status: str) -> str:
    """Undo an accepted merge (``leanmeet unmerge ID``) or a dismissal."""
    try:
        if status == "accepted":
            actions.unmerge(session, suggestion_id)
            return _("Unmerged: the original meetings are back in the plan")
        actions.undismiss(session, suggestion_id)
    except UserError as exc:
        raise UserError(_("{error} any more.").format(error=exc)) from None
    return _("Dismissal undone: these meetings can be suggested again")


# ---------------------------------------------------------------------------------- roster
def people(session: Session) -> list[Person]:
    return session.repository.people()


def add_person(session: Session, name: str, email: str, leader: bool, title: str = "",
               department: str = "") -> str:
    """``leanmeet people add``."""
    name, email = " ".join(name.split()), email.strip().lower()
    if not email:
        raise UserError(_("Give the person's email address."))
    if "@" in email and not name:
        raise UserError(_("Give the person's name."))
    person = Person(name, email, "leader" if leader else "staff", " ".join(title.split()),
                    " ".join(department.split()))
    added = _sentences(actions.add_person, session, person)
    text = _("Added: {who} ({role})") if added else _("Updated: {who} ({role})")
    return text.format(who=f"{person.name} <{person.email}>", role=_role(person.role))


def toggle_leader(session: Session, person: Person) -> str:
    changed = actions.set_leader(session, person, not person.is_leader)
    return _("{who} is now {role}").format(who=f"{person.name} <{person.email}>",
                                           role=_role(changed.role))


def _role(role: str) -> str:
    return {"leader": _("leader"), "staff": _("staff")}.get(role, role)


def import_summary(result) -> str:
    """One feed's import counts (``ImportResult.summary`` in the interface language)."""
    return _("{feed}: {added} added, {updated} updated, {unchanged} unchanged, {removed} "
             "removed, {skipped} skipped").format(
        feed=result.feed, added=result.added, updated=result.updated,
        unchanged=result.unchanged, removed=result.removed, skipped=result.skipped)


@dataclass
class Outcome:
    """What a long job reports at the end: summary lines, problems (file:line), errors."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False


def import_roster(session: Session, path: str) -> Outcome:
    """``leanmeet people import roster.csv``."""
    out = Outcome()
    path = str(Path(path.strip()).expanduser()) if path.strip() else ""
    if not path:
        out.errors.append(_("Give the path of a roster CSV (name,email,role,title,department)."))
        return out
    try:
        done = actions.import_roster(session, path)
    except UserError as exc:
        out.errors.append(str(exc))
        return out
    out.lines.append(_("roster: {added} added, {updated} updated, {skipped} skipped").format(
        added=done.added, updated=done.updated, skipped=len(done.problems)))
    out.problems += done.problems
    return out


# ---------------------------------------------------------------------------------- import
def run_import(session: Session, sources: Sequence[str], feed: str | None,
               arranged: bool | None, progress: actions.Progress,
               cancelled: Callable[[], bool]) -> Outcome:
    """``leanmeet import SOURCE... [--feed NAME] [--arranged]``, one feed at a time with
    progress; stops between feeds when ``cancelled()``."""
    out = Outcome()
    wanted = [s.strip() for s in sources if s.strip()]
    if not wanted:
        out.errors.append(_("Give a file, a folder of .ics files or an http(s):// or "
                            "webcal:// URL."))
        return out
    if "-" in wanted:
        out.errors.append(_("'-' (standard input) cannot be imported from the TUI; give a file."))
        return out
    wanted = [s if "://" in s else str(Path(s).expanduser()) for s in wanted]
    progress(0, None, _("looking for calendars…"))
    done = actions.import_sources(session, wanted, feed, arranged, progress=progress,
                                  cancelled=cancelled)
    out.lines += [import_summary(r) for r in done.results]
    out.problems += [str(p) for r in done.results for p in r.problems]
    out.errors += done.errors
    out.cancelled = done.cancelled
    return out


# ---------------------------------------------------------------------------------- export
def export(session: Session, out: str, fmt: str, first: date, last: date) -> str:
    """``leanmeet export OUT --format FMT --from FIRST --to LAST``; returns what was
    written, then any problems."""
    out = out.strip()
    if not out:
        raise UserError(_("Give the file to write (a folder for iTIP notices)."))
    if out == "-":
        raise UserError(_("The TUI cannot write to standard output; give a file."))
    if last < first:
        raise UserError(_("The period ends ({last}) before it starts ({first}).").format(
            last=last, first=first))
    try:
        done = exporting.export_plan(session, str(Path(out).expanduser()), fmt, first, last)
    except UserError as exc:
        message = str(exc)
        raise UserError(message[:1].upper() + message[1:]) from None
    return "\n".join([done.summary,
                      *(_("warning: {problem}").format(problem=p) for p in done.problems)])
