"""What the screens ask of the rest of leanmeet, in one place.

Every function here runs in a thread worker (never in the UI thread) and touches no widget.
The business rules stay where the command line has them: the check context, findings and
suggestions come from ``tui.services`` (the functions ``leanmeet check`` / ``suggest`` call,
with the app's session: ``app.services``), blocking from
``planner.rules.blocking_reason``, kinds from ``planner.classify``. What is recorded is the
same decision the matching CLI command records (``arrange``, ``exempt``, ``kind``, ``merge``,
``unmerge``, ``dismiss``, ``people add|import``, ``import``), so the CLI and the TUI never
disagree. A refusal is a :class:`Refused` whose text is shown to the user as is.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

from leanmeet.planner.findings import Finding
from leanmeet.planner.model import Attendee, Decision, Occurrence, Person
from leanmeet.tui import actions
from leanmeet.tui.services import Services

# ---------------------------------------------------------------------------------- the app
Refused = actions.Refused  # the same refusal as the command line's


@dataclass(frozen=True)
class Env:
    """What a worker needs from the app, captured in the UI thread: the session's
    ``tui.services.Services`` (repository, rulebook, office zone) and "today"."""

    services: Services
    today: date
    start: date | None = None  # where the four-week screens begin (None: today)

    @classmethod
    def of(cls, app) -> Env:
        services = getattr(app, "services", None)
        if services is None:  # an app without the shared services: build them alike
            from leanmeet.storage.rulebook_file import load_rulebook
            from leanmeet.storage.timezones import office_zone

            rules = getattr(app, "rules_path", None)
            book = load_rulebook(rules)
            tz = getattr(app, "tz", None) or office_zone(book.timezone or None)
            services = Services(Path(app.db_path), Path(rules) if rules else None,
                                app.repository, book, tz)
        today = getattr(app, "today", None)
        today = today if isinstance(today, date) else services.today
        # the findings and suggestions of the period being looked at: from today when it
        # shows today, else from its first day
        period = getattr(app, "current_period", None)
        first, last = getattr(period, "first", None), getattr(period, "last", None)
        start = None
        if isinstance(first, date) and isinstance(last, date) and not first <= today <= last:
            start = first
        return cls(services, today, start)

    @property
    def repository(self):
        return self.services.repository

    @property
    def tz(self) -> tzinfo:
        return self.services.tz

    def occurrences(self, first: date, last: date, *, include_superseded: bool = False):
        return self.services.occurrences(first, last, include_superseded=include_superseded)

    def args(self, command: str = "tui", **values) -> argparse.Namespace:
        """The namespace the CLI's export reads (``--db``, ``--rules``), sharing the session's
        repository and rulebook instead of reading them again."""
        services = self.services
        fields = {"db": str(services.db_path),
                  "rules": str(services.rules_path) if services.rules_path else None,
                  "command": command, "json": False, "start": None, "end": None}
        args = argparse.Namespace(**{**fields, **values})
        args._repository = services.repository
        args._rulebook = services.rulebook
        return args


def occurrence_ref(occ: Occurrence, whole_series: bool) -> str | None:
    """The ``occurrence`` of a decision: None for the whole series (or a single event), else
    the recurrence id of this occurrence (``leanmeet arrange UID --occurrence ISO``)."""
    if whole_series or not occ.series:
        return None
    value = occ.recurrence_id if occ.recurrence_id is not None else occ.start
    return value.isoformat()


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


def _superseded(env: Env) -> set[tuple[str, str | None]]:
    return env.repository.superseded_keys()


def _is_superseded(occ: Occurrence, superseded: set) -> bool:
    from leanmeet.storage.merged import key_instant

    return key_instant(occ.key) in superseded


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
    """Everything the detail screen shows about one occurrence, fresh from the database."""

    occurrence: Occurrence | None  # None: the event is no longer stored
    kind: str = "meeting"
    kind_why: str = ""
    arranged: str | None = None
    exemptions: tuple[tuple[str, str], ...] = ()  # (rule, reason) lifting findings here
    findings: tuple[Finding, ...] = ()
    suggestions: tuple = ()  # planner.merge.Suggestion containing this occurrence
    attendees: tuple[AttendeeLine, ...] = ()
    organizer_person: Person | None = None
    superseded: bool = False  # merged away (an accepted merge replaces it)
    merged_into: str | None = None  # the accepted suggestion id that replaces it
    merged_from: tuple[str, ...] = ()  # a merged meeting: the suggestion id
    arrange_refusal: str | None = None
    exemptable: tuple[str, ...] = ()  # rules with findings here that can be exempted
    decisions: tuple[Decision, ...] = ()  # decisions recorded on this event (its uid)


def _find_fresh(occs: Sequence[Occurrence], occ: Occurrence) -> Occurrence | None:
    same = [o for o in occs if o.key == occ.key]
    if len(same) > 1:  # the data layer keeps differing events that share a uid
        same = [o for o in same if o.start == occ.start] or same
    return same[0] if same else None


def event_report(env: Env, occ: Occurrence) -> EventReport:
    """The detail of ``occ``: re-read from the database (attendee edits, decisions), its kind,
    findings (every rule, over the days around it), merge hints (its ISO week), the roster's
    leaders among its attendees."""
    from leanmeet.planner.classify import compile_classifier
    from leanmeet.planner.people import Roster
    from leanmeet.planner.rules import RULES, blocked_leaders, run_checks
    from leanmeet.storage.merged import MERGED_FEED, key_instant
    first, last = first_day(occ), last_day(occ)
    everything = env.occurrences(first - timedelta(days=1), last + timedelta(days=1),
                                 include_superseded=True)
    fresh = _find_fresh(everything, occ)
    if fresh is None:
        return EventReport(None)
    superseded = _superseded(env)
    plan = [o for o in everything if not _is_superseded(o, superseded)]
    ctx = env.services.check_context()
    book = ctx.rulebook
    override = ctx.decisions.kind_override(fresh)
    classifier = compile_classifier(book.kinds)
    kind = classifier.classify(fresh, override)
    gone = _is_superseded(fresh, superseded)
    findings: list[Finding] = []
    if not gone:
        findings = [f for f in run_checks(plan, ctx)
                    if any(o.key == fresh.key for o in f.occurrences)]
    blocked = blocked_leaders(findings).get(fresh.key, set())
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
        f.rule for f in findings if f.rule in by_id and by_id[f.rule].exemptable))
    suggestions: tuple = ()
    if not gone and not fresh.cancelled:
        monday = first - timedelta(days=first.weekday())
        suggestions = tuple(s for s in suggestions_in(env, monday, monday + timedelta(days=6))
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
        findings=tuple(findings),
        suggestions=suggestions,
        attendees=tuple(lines),
        organizer_person=roster.match(fresh.organizer) if fresh.organizer else None,
        superseded=gone,
        merged_into=merged_into,
        merged_from=merged_from,
        arrange_refusal=_arrange_sentence(kind),
        exemptable=exemptable,
        decisions=tuple(d for d in ctx.decisions.decisions if d.uid == fresh.uid),
    )


# ---------------------------------------------------------------------------------- decisions
def _arrange_sentence(kind: str) -> str | None:
    refusal = actions.arrange_refusal(kind)
    return str(_sentence(Exception(refusal))) if refusal else None


def _sentence(exc: Exception) -> Refused:
    text = str(exc)
    return Refused(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."))


def _kind(env: Env, occ: Occurrence) -> str:
    from leanmeet.planner.classify import classify
    from leanmeet.planner.decisions import DecisionIndex

    index = DecisionIndex(env.repository.decisions())
    return classify(occ, env.services.rulebook, index.kind_override(occ))


def kind_of(env: Env, occ: Occurrence) -> str:
    """The kind of ``occ`` (the scheduler's override, CATEGORIES, keywords)."""
    return _kind(env, occ)


def arrange_refusal(env: Env, occ: Occurrence) -> str | None:
    """Why ``occ`` cannot be arranged (a commercial event), or None."""
    return _arrange_sentence(_kind(env, occ))


def arrange(env: Env, occ: Occurrence, whole_series: bool, ref: str) -> str:
    scope = occurrence_ref(occ, whole_series)
    try:
        d = actions.arrange(env.repository, occ.uid, scope, ref, _kind(env, occ))
    except actions.Refused as exc:
        raise _sentence(exc) from None
    return f"Arranged {_scope_text(occ, scope)}: ref {d.text}"


def exempt(env: Env, occ: Occurrence, whole_series: bool, rule: str, reason: str) -> str:
    scope = occurrence_ref(occ, whole_series)
    try:
        d = actions.exempt(env.repository, occ.uid, scope, rule, reason)
    except actions.Refused as exc:
        raise _sentence(exc) from None
    return f"Exempted {_scope_text(occ, scope)} from {rule}: {d.text}"


def remember_hint(occ: Occurrence) -> str:
    """How a remembered correction would cover titles like ``occ``'s ("ends in 油菜花节")."""
    from leanmeet.planner.classify import remembered_pattern

    pattern, match = remembered_pattern(occ.summary)
    return f"ends in {pattern}" if match == "ends" else f"words: {pattern}"


def set_kind(env: Env, occ: Occurrence, whole_series: bool, kind: str,
             remember: bool = False) -> str:
    """Override the kind; with ``remember``, also write the correction for titles like this
    one to the rules file (``storage.rulebook_file.remember_kind``) and reload the rulebook."""
    scope = occurrence_ref(occ, whole_series)
    try:
        actions.set_kind(env.repository, occ.uid, scope, kind)
    except actions.Refused as exc:
        raise _sentence(exc) from None
    done = f"Kind of {_scope_text(occ, scope)} is now {kind}"
    if remember:
        from datetime import datetime

        from leanmeet.planner.classify import remembered_pattern
        from leanmeet.planner.rulebook import RememberedKind, RulebookError
        from leanmeet.storage.rulebook_file import remember_kind

        pattern, match = remembered_pattern(occ.summary)
        rule = RememberedKind(pattern=pattern, kind=kind, match=match, example=occ.summary,
                              added=datetime.now(UTC).isoformat(timespec="seconds"))
        try:
            path = remember_kind(rule, env.services.rules_path)
            env.services.reload_rulebook()
        except (RulebookError, OSError) as exc:
            raise Refused(f"{done}, but the correction was not remembered: {exc}") from None
        done += f"; remembered for titles like it ({remember_hint(occ)}) in {path}"
    return done


def _scope_text(occ: Occurrence, scope: str | None) -> str:
    title = " ".join(occ.summary.split()) or "(no title)"
    if scope is None:
        return f"“{title}” (every occurrence)" if occ.series else f"“{title}”"
    return f"“{title}” ({scope})"


def _same_attendee(a: Attendee, email: str, name: str) -> bool:
    if email:
        return a.email.lower() == email
    return not a.email and a.name.strip().casefold() == name.strip().casefold()


def add_attendee(env: Env, occ: Occurrence, whole_series: bool, email: str,
                 name: str = "") -> str:
    """Add a person (a roster entry, or any email) to the event. A leader is refused when
    the blocking rules would keep them out (``planner.rules.blocking_reason``)."""
    from leanmeet.planner.people import Roster
    from leanmeet.planner.rules import blocking_reason
    email = email.strip().lower().removeprefix("mailto:")
    name = " ".join(name.split())
    if email and "@" not in email:
        raise Refused(f"{email!r} is not an email address.")
    if not email and not name:
        raise Refused("Pick a person from the roster or type an email address.")
    roster = Roster(env.repository.people())
    person = roster.by_email(email) if email else None
    if person is None and name:
        person = roster.match(Attendee(email, name))
    if person is not None:
        email = email or person.email
        name = name or person.name
    if any(_same_attendee(a, email, name) for a in occ.attendees):
        raise Refused(f"{name or email} already attends this event.")
    if person is not None and person.is_leader:
        ctx = env.services.check_context()
        reason = blocking_reason(occ, person, ctx)
        if reason:
            raise Refused(f"{person.name or person.email} cannot be added: {reason}.")
    scope = occurrence_ref(occ, whole_series)
    env.repository.edit_attendee(occ.uid, scope, email, name, add=True)
    who = f"{name} <{email}>" if name and email else name or email
    return f"Added {who} to {_scope_text(occ, scope)}"


def remove_attendee(env: Env, occ: Occurrence, whole_series: bool, attendee: Attendee) -> str:
    scope = occurrence_ref(occ, whole_series)
    env.repository.edit_attendee(occ.uid, scope, attendee.email, attendee.name, add=False)
    who = attendee.name or attendee.email
    return f"Removed {who} from {_scope_text(occ, scope)}"


# ---------------------------------------------------------------------------------- findings
def findings_in(env: Env, first: date, last: date) -> list[Finding]:
    """``leanmeet check --from FIRST --to LAST`` (tui.services)."""
    return env.services.findings(first, last)


# ---------------------------------------------------------------------------------- merges
def suggestions_in(env: Env, first: date, last: date) -> list:
    """``leanmeet suggest --from FIRST --to LAST`` (tui.services)."""
    return env.services.suggestions(first, last)


@dataclass(frozen=True)
class PastMerge:
    """A merge decision (accepted or dismissed) whose meetings are in the window."""

    id: str
    status: str  # "accepted" | "dismissed"
    text: str  # the merged meeting's title (accepted)
    members: tuple[Occurrence | None, ...]
    keys: tuple[tuple[str, str | None], ...]
    at: str


def merge_decisions_in(env: Env, first: date, last: date) -> list[PastMerge]:
    """Accepted and dismissed suggestions with a meeting in [first, last] (so that they can be
    undone), newest first."""
    from leanmeet.storage.merged import key_instant

    occs = env.occurrences(first, last, include_superseded=True)
    by_key = {key_instant(o.key): o for o in occs}
    out = []
    for d in env.repository.decisions():
        if d.type not in ("merge-accepted", "merge-dismissed"):
            continue
        members = tuple(by_key.get(key_instant(tuple(m))) for m in d.members)
        if not any(members):
            continue
        status = "accepted" if d.type == "merge-accepted" else "dismissed"
        out.append(PastMerge(d.uid, status, d.text, members, d.members, d.at))
    out.sort(key=lambda m: m.at, reverse=True)
    return out


def _current(env: Env, suggestion) -> object:
    """The suggestion as it is now (the CLI's ``merge ID`` recomputes it the same way)."""
    days = [first_day(m) for m in suggestion.members]
    for s in suggestions_in(env, min(days) - timedelta(days=1), max(days) + timedelta(days=1)):
        if s.id == suggestion.id:
            return s
    raise Refused(f"Suggestion {suggestion.id} no longer applies (its meetings changed, were "
                  "merged or dismissed); refresh the list.")


def accept(env: Env, suggestion) -> str:
    """``leanmeet merge ID``: store the merged meeting and the merge-accepted decision."""
    s = _current(env, suggestion)
    actions.accept_merge(env.repository, s)
    p = s.proposal
    return (f"Merged {len(s.members)} meetings into {p.start:%a %-d %b %H:%M}–{p.end:%H:%M} "
            f"{p.summary}")


def dismiss(env: Env, suggestion) -> str:
    """``leanmeet dismiss ID``: never suggest these meetings together again."""
    s = _current(env, suggestion)
    actions.dismiss(env.repository, s)
    return f"Dismissed: these {len(s.members)} meetings will not be suggested together again"


def undo(env: Env, suggestion_id: str, status: str) -> str:
    """Undo an accepted merge (``leanmeet unmerge ID``) or a dismissal."""
    try:
        if status == "accepted":
            actions.unmerge(env.repository, suggestion_id)
            return "Unmerged: the original meetings are back in the plan"
        actions.undismiss(env.repository, suggestion_id)
    except actions.Refused as exc:
        raise Refused(f"{exc} any more.") from None
    return "Dismissal undone: these meetings can be suggested again"


# ---------------------------------------------------------------------------------- roster
def people(env: Env) -> list[Person]:
    return env.repository.people()


def add_person(env: Env, name: str, email: str, leader: bool, title: str = "",
               department: str = "") -> str:
    """``leanmeet people add``."""
    name, email = " ".join(name.split()), email.strip().lower()
    if "@" not in email:
        raise Refused(f"{email!r} is not an email address." if email
                      else "Give the person's email address.")
    if not name:
        raise Refused("Give the person's name.")
    person = Person(name, email, "leader" if leader else "staff", " ".join(title.split()),
                    " ".join(department.split()))
    added, _ = env.repository.add_people([person])
    return f"{'Added' if added else 'Updated'}: {person.name} <{person.email}> ({person.role})"


def toggle_leader(env: Env, person: Person) -> str:
    role = "staff" if person.is_leader else "leader"
    env.repository.add_people([replace(person, role=role)])
    return f"{person.name} <{person.email}> is now {role}"


@dataclass
class Outcome:
    """What a long job reports at the end: summary lines, problems (file:line), errors."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False


def import_roster(env: Env, path: str) -> Outcome:
    """``leanmeet people import roster.csv``."""
    from leanmeet.storage.repository import RosterError, parse_roster
    from leanmeet.storage.sources import SourceUnreadable, read_file

    out = Outcome()
    path = str(Path(path.strip()).expanduser()) if path.strip() else ""
    if not path:
        out.errors.append("Give the path of a roster CSV (name,email,role,title,department).")
        return out
    try:
        people_, problems = parse_roster(read_file(path), path)
    except (SourceUnreadable, RosterError) as exc:
        out.errors.append(str(exc))
        return out
    added, updated = env.repository.add_people(people_)
    out.lines.append(f"roster: {added} added, {updated} updated, {len(problems)} skipped")
    out.problems += problems
    return out


# ---------------------------------------------------------------------------------- import
Progress = actions.Progress


def run_import(env: Env, sources: Sequence[str], feed: str | None, arranged: bool | None,
               progress: Progress, cancelled: Callable[[], bool]) -> Outcome:
    """``leanmeet import SOURCE... [--feed NAME] [--arranged]`` (tui.actions), one feed at a
    time with progress; stops between feeds when ``cancelled()``."""
    out = Outcome()
    wanted = [s.strip() for s in sources if s.strip()]
    if not wanted:
        out.errors.append("Give a file, a folder of .ics files or an http(s):// or webcal:// "
                          "URL.")
        return out
    if "-" in wanted:
        out.errors.append("'-' (standard input) cannot be imported from the TUI; give a file.")
        return out
    wanted = [s if "://" in s else str(Path(s).expanduser()) for s in wanted]
    progress(0, None, "looking for calendars…")
    done = actions.import_sources(env.repository, wanted, feed, arranged, progress=progress,
                                  cancelled=cancelled)
    out.lines += [r.summary() for r in done.results]
    out.problems += [str(p) for r in done.results for p in r.problems]
    out.errors += done.errors
    out.cancelled = done.cancelled
    return out


# ---------------------------------------------------------------------------------- export
EXPORT_FORMATS = ("ics", "itip", "csv", "md", "html")


def export(env: Env, out: str, fmt: str, first: date, last: date) -> str:
    """``leanmeet export OUT --format FMT --from FIRST --to LAST``
    (``tui.commands_export.export_plan``); returns what was written, then any problems."""
    from leanmeet.tui import cli
    from leanmeet.tui.commands_export import export_plan

    out = out.strip()
    if not out:
        raise Refused("Give the file to write (a folder for iTIP notices).")
    if out == "-":
        raise Refused("The TUI cannot write to standard output; give a file.")
    if last < first:
        raise Refused(f"The period ends ({last}) before it starts ({first}).")
    out = str(Path(out).expanduser())
    args = env.args("export", out=out, format=fmt, start=first, end=last)
    problems: list[str] = []
    try:
        message = export_plan(args, warn=problems.append)
    except cli.UsageError as exc:
        raise Refused(_strip_prog(str(exc))) from None
    return "\n".join([message, *(f"warning: {p}" for p in problems)])


def _strip_prog(message: str) -> str:
    for prefix in ("leanmeet export: ", "leanmeet: "):
        message = message.removeprefix(prefix)
    return message[:1].upper() + message[1:]
