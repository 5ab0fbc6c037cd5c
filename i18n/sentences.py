"""Sentences made below the front ends, shown in the interface language.

The layers below the front ends (planner rules, merge reasons, import and export summaries,
errors) write English sentences, and ``--json`` output carries them byte for byte in every
language. A front end shows such a sentence with :func:`say`: it finds the sentence's template
among :data:`TEMPLATES` (English with ``{placeholders}``, marked for the catalog), reads the
values out of the sentence and fills the template's translation with them. The fixed wording is
translated; the values are handled by the placeholder's name:

- untrusted text (titles, places, names of feeds, files, organisations: :data:`KEPT`) stays as
  it is, character for character;
- ``{people}``: a list of names ("A, B and C"): the names stay, the joining words are Chinese;
- ``{parts}``: our own fragments joined by "; " or " and ": each is translated;
- ``{kind}``: a kind of event (meeting, ceremony...), translated by the catalog;
- ``{dates}``: "Tue 01 Dec, Thu 03 Dec" written the Chinese way;
- any other value (a number, a date, a nested fragment such as "lasts 3 h"): translated when it
  is itself one of the templates, else kept.

A sentence no template matches is shown as it is (English): the CLI test in Chinese fails on
it, so that a new sentence gets its template.
"""

from __future__ import annotations

import re
from functools import lru_cache

from leanmeet import i18n
from leanmeet.i18n import N_

# values never translated: text from events, the roster, feeds, files, servers
KEPT = frozenset({
    "title", "title2", "place", "what", "body", "dept", "shared", "subject", "zone", "country",
    "feed", "path", "ref", "reason", "text", "error", "name", "holiday", "url", "uid", "id",
    "rule", "rules", "kinds", "value", "exc", "hit", "guest", "host", "session", "field",
})
# values written with repr(): 'text' or "text"
REPR = frozenset({"hit", "guest", "host"})
# figures, dates and times: only digits (so "3) and 2 … (at most 1" is never a limit)
FIGURES = frozenset({
    "count", "limit", "minimum", "year", "hours", "minutes", "percent", "common", "smaller",
    "meetings", "conflicts", "added", "updated", "unchanged", "removed", "skipped", "start",
    "end", "day", "first", "last",
})

TEMPLATES: tuple[str, ...] = (
    # ---------------------------------------------------------------- rule findings (planner)
    N_("{people} may not attend a banquet ({what}); an official reception is a working meal or "
       "buffet (an arrangement cannot allow it)"),
    N_("{people} may not attend a commercial event in an official capacity (an arrangement "
       "cannot allow it)"),
    N_("Held to pass on a document or a superior's spirit ({what}): send it as a document or "
       "telegram, or hold a video / telephone conference instead"),
    N_("{people} is booked into overlapping events: {title} ({when}) and {title2} ({when2})"),
    N_("{people} are booked into overlapping events: {title} ({when}) and {title2} ({when2})"),
    N_("{day} (all day)"),
    N_("{day} (all day, {count} days)"),
    N_("{people}'s {part} {title} has {parts}; reduce the escort"),
    N_("research visit"),
    N_("reception"),
    N_("{count} accompanying staff (at most {limit})"),
    N_("{count} accompanying reporters (at most {limit})"),
    N_("{people}: {count} grassroots research day in {year} so far{planned} of the "
       "{minimum}-day minimum; {outlook}"),
    N_("{people}: {count} grassroots research days in {year} so far{planned} of the "
       "{minimum}-day minimum; {outlook}"),
    N_(" (+{count} planned)"),
    N_("minimum reached"),
    N_("on pace for about {count} by year end"),
    N_("at this pace about {count} by year end, short of the minimum"),
    N_("The {kind} {length}, over the half-day limit of {longest}; shorten or split it"),
    N_("is an all-day {kind} ({when})"),
    N_("lasts {duration}"),
    N_("{hours} h {minutes} min"),
    N_("{hours} h"),
    N_("{minutes} min"),
    N_("On {day}, a public holiday in {country} ({holiday}); check that the meeting is meant to "
       "be held"),
    N_("An inspection or assessment ({what}) without the consent of the Municipal Party "
       "Committee / Government (no arrangement); prefer spot checks and unannounced visits"),
    N_("{subject}: no report recorded after the approved trip abroad ({where}); add a line "
       "“Report: …” / “考察报告：…” to the event"),
    N_("{subject}: a trip abroad ({where}) without an approval (arrangement) and with no report "
       "recorded"),
    N_("{subject}: a trip abroad ({where}) needs strict review and approval (no arrangement); a "
       "report is due afterwards"),
    N_("time zone {zone}"),
    N_("in {place}"),
    N_("{people} visit {place} at overlapping times in {count} separate visits; form one "
       "research team"),
    N_("{people} go to {place}: travel together in one vehicle, without secretaries, and fewer "
       "accompanying staff"),
    N_("{count} keynote speakers ({people}); keep one, or record an exemption for special needs"),
    N_("Students are organised into a non-educational celebration ({what}): strictly "
       "prohibited"),
    N_("A department's city-wide system meeting {parts}"),
    N_("invites {people}, not the liaison leader of {dept}"),
    N_("invites {people}, not the liaison leaders of {dept}"),
    N_("requires the heads of counties / departments ({what})"),
    N_("requires county / district heads ({people})"),
    N_("{people} attends a {kind} without an arrangement by the Party Committee / Government "
       "Office"),
    N_("{people} attend a {kind} without an arrangement by the Party Committee / Government "
       "Office"),
    N_("Held in the name of the Municipal Party Committee / Government, {why}, without an "
       "arrangement by the Committee / Government Office"),
    N_("its title names them ({what})"),
    N_("organised by {body}"),
    N_("Held at {place}, a hotel, guesthouse or resort; use an agency conference room"),
    # ---------------------------------------------------------------- merge reasons (planner)
    N_("overlap {start}–{end}"),
    N_("{part}, back to back"),
    N_("{part}, {count} minutes apart"),
    N_("{part}, {start}–{end}"),
    N_("same week, {count} day apart ({dates})"),
    N_("same week, {count} days apart ({dates})"),
    N_("same morning"),
    N_("same afternoon"),
    N_("same evening"),
    N_("same day"),
    N_("no attendee list on one of them"),
    N_("no attendee list on one side"),
    N_("{common} of {count} attendees in all {meetings} meetings"),
    N_("{common} of {count} attendees in common"),
    N_("{common} of {count} attendees in common (all {smaller} of the smaller meeting)"),
    N_("{common} of {count} attendees in common ({part} of {smaller} of the smaller meeting)"),
    N_("different subjects"),
    N_("titles {percent}% alike"),
    N_("titles {percent}% alike: {shared}"),
    N_("all {count} attendees free at the first meeting's time"),
    N_("all {count} attendees and room {name} free at the first meeting's time"),
    N_("{why}; first time this week when all {count} attendees are free"),
    N_("{why}; first time this week when all {count} attendees and room {name} are free"),
    N_("at the first meeting's time {parts}"),
    N_("from the first meeting's start it would run outside the working hours"),
    N_("no time this week when all {count} attendees are free; fewest conflicts ({conflicts}): "
       "{parts}"),
    N_("no time this week when all {count} attendees and room {name} are free; fewest "
       "conflicts ({conflicts}): {parts}"),
    N_("no working day of the week has room for the whole meeting; shortened"),
    N_("{name} busy: {text} ({when})"),
    N_("room {name} busy: {text} ({when})"),
    N_("{day} all day"),
    # ---------------------------------------------------------------- import, export (storage,
    # application)
    N_("{feed}: {added} added, {updated} updated, {unchanged} unchanged, {removed} removed, "
       "{skipped} skipped"),
    N_("roster: {added} added, {updated} updated, {skipped} skipped"),
    N_("exported {occurrences} ({events}, {zones}) from {first} to {last} to {path}"),
    N_("no accepted merges from {first} to {last}; nothing written"),
    N_("wrote {notices} for {merges} from {first} to {last} to {path} (see {index})"),
    N_("exported the leaders' weekly activity table ({format}, {leaders}) from {first} to "
       "{last} to {path}"),
    N_("exported {occurrences}, {findings} and {merges} from {first} to {last} to {path}"),
    N_("{count} occurrence"), N_("{count} occurrences"),
    N_("{count} event"), N_("{count} events"),
    N_("{count} time zone"), N_("{count} time zones"),
    N_("{count} iTIP notice"), N_("{count} iTIP notices"),
    N_("{count} merge"), N_("{count} merges"),
    N_("{count} leader"), N_("{count} leaders"),
    N_("{count} finding"), N_("{count} findings"),
    # ---------------------------------------------------------------- refusals (application)
    N_("give the office's reference (a document number, a note) for the arrangement"),
    N_("unknown rule {rule} (rules: {rules})"),
    N_("{rule} findings cannot be exempted ({clause})"),
    N_("give the reason for the exemption (for example the special need)"),
    N_("unknown kind {value} (kinds: {kinds})"),
    N_("nothing to remember: the title is empty (give the pattern of the titles to remember)"),
    N_("cannot remember the correction: {error}"),
    N_("cannot forget: {error}"),
    N_("{value} is not an email address."),
    N_("{value} is not an email address"),
    N_("Pick a person from the roster or type an email address."),
    N_("{name} already attends this event."),
    N_("{name} cannot be added: {reason}."),
    N_("{id} is not an accepted merge"),
    N_("{id} is not dismissed"),
    N_("iTIP notices are several files; give a folder as OUT"),
    N_("{path} is a file; iTIP notices go into a folder"),
    N_("{path} is a folder; give a file name"),
    N_("folder {path} does not exist"),
    N_("--minutes must be a positive number of minutes"),
    N_("rulebook {error}"),
    N_("LEANMEET_TODAY={value} is not a date (YYYY-MM-DD); unset it or fix it"),
    N_("{error}; your database is unchanged"),
    N_("{error}; the pull was completed, the push did not finish"),
    N_("no URL feed named {feed} (URL feeds: {name})"),
    # ---------------------------------------------------------------- rule clauses and titles
    # (planner.rules: each rule's ``clause`` and ``title``)
    N_("public holidays"),
    N_("§1 escorts"),
    N_("§1 research"),
    N_("§10 frugality"),
    N_("§3 meeting quality"),
    N_("§3 meeting time"),
    N_("§3 reduce meetings"),
    N_("§3 review"),
    N_("§4 activities"),
    N_("§4 banquets, §6 reception"),
    N_("§4 commercial"),
    N_("§4 inspections"),
    N_("§4 outings"),
    N_("Meetings last at most half a day"),
    N_("One keynote speaker per meeting"),
    N_("Leaders attend ceremonies only when arranged"),
    N_("Leaders do not attend commercial events"),
    N_("No meetings in hotels"),
    N_("One person, one place at a time"),
    N_("Leaders visiting one place form one research team"),
    N_("70 grassroots days a year"),
    N_("Meetings on a public holiday"),
    N_("Leaders do not attend banquets"),
    N_("A system meeting invites only its liaison leader"),
    N_("What a document can convey is not a meeting"),
    N_("Meetings in the name of the Committee / Government are arranged by the offices"),
    N_("Assessments and inspections only with approval"),
    N_("Overseas trips are approved and reported"),
    N_("Fewer escorts and reporters"),
    N_("No students at non-educational celebrations"),
    N_("Leaders at one off-site event travel together"),
    # ---------------------------------------------------------------- kind readings
    # (planner.classify: ``leanmeet kind UID``)
    N_("{kind}: {why} — {clause}"),
    N_("{kind}: {why}"),
    N_("§3 meeting time: the Party Congress and the Two Sessions are exempt"),
    N_("set by the scheduler (kind override)"),
    N_("from CATEGORIES {hit}"),
    N_("remembered correction: titles {how} {hit}"),
    N_("{hit} in {field}"),
    N_("no event noun of another kind in the title (when unsure: meeting)"),
    N_("{hit}: the event follows another one"),
    N_("the session itself ({session})"),
    N_("the {body} session itself"),
    N_("visitors hosted by us ({guest} with {hit}), not our leaders' research"),
    N_("title ends in {text}"),
    N_("the title names {hit}"),
    N_("{hit} in the title"),
    N_("{hit} is commercial"),
    N_("{hit} in {field} is commercial"),
    N_("{hit} by a business ({host})"),
    N_("{hit} at a retail or property venue ({host})"),
    N_("{hit} is a business opening"),
    # ---------------------------------------------------------------- days, sources (planner,
    # storage)
    N_("--to {last} is before --from {first}"),
    N_("{path}: no such file"),
    N_("{path}: is a folder"),
    N_("{path}: empty"),
    N_("{path}: folder has no .ics files"),
    N_("{path}: not text (binary file?)"),
    N_("{path}: cannot read ({error})"),
    N_("{path}: larger than {count} MB"),
    N_("{path}: cannot fetch ({error})"),
    N_("dismissed"),
    # ---------------------------------------------------------------- leaders' week (planner):
    # why a leader is kept out, "message (clause)"
    N_("{why} ({clause})"),
    # ---------------------------------------------------------------- decisions (planner)
    N_("{decision} and {decision2}: {why}"),
    N_("{kind} {uid} ({who}, {at})"),
    N_("you"),
    N_("both merge {uid}; settle it with `leanmeet unmerge` of one of them"),
    N_("arranged, but its kind was set to commercial (commercial events cannot be arranged); "
       "settle it with `leanmeet kind {uid} KIND`"),
)

# the types of decision (planner.decisions), as the command line and the TUI name them
DECISION_TYPES = {
    "arrangement": N_("arrangement"), "exemption": N_("exemption"), "kind": N_("kind"),
    "merge-accepted": N_("merge-accepted"), "merge-dismissed": N_("merge-dismissed"),
    "attendee-add": N_("attendee-add"), "attendee-remove": N_("attendee-remove"),
}

# values written by planner.findings.quoted: “one line, shortened”
QUOTED = frozenset({"title", "title2", "what", "place", "body", "dept", "holiday"})
PLACEHOLDER = re.compile(r"\{(\w+)\}")
WEEKDAYS = {"Mon": "周一", "Tue": "周二", "Wed": "周三", "Thu": "周四", "Fri": "周五",
            "Sat": "周六", "Sun": "周日"}
MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
DATE_ITEM = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2}) ([A-Z][a-z]{2})$")


def _compile(template: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    names: list[str] = []
    parts: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:match.start()]))
        name = match.group(1)
        if name in QUOTED:
            body = "“.*?”"
        elif name in REPR:
            body = "(?:'.*?'|\".*?\")"
        elif name in FIGURES:
            body = r"[-+\d.,:T]+"
        elif name == "kind":
            body = r"[a-z][a-z-]*"
        elif name == "clause":  # a rule's clause (planner.rules): "§4 activities"
            body = r"(?:§[^()]*|public holidays)"
        else:
            body = ".*?"
        parts.append(f"(?P<g{len(names)}>{body})")
        names.append(match.group(1))
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL), tuple(names)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    # the longest fixed wording first, so "2 h 30 min" is "{hours} h {minutes} min", not
    # "{minutes} min" with "2 h 30" as the minutes
    ordered = sorted(set(TEMPLATES), key=lambda t: -len(PLACEHOLDER.sub("", t)))
    return tuple((t, *_compile(t)) for t in ordered)


def _people(value: str) -> str:
    """"A, B and C" (planner.findings.names) with Chinese joining words; a comma inside a name
    written in Latin letters stays (it cannot be told from the joining one)."""
    head, sep, tail = value.rpartition(" and ")
    if not sep:
        return value
    if re.search(r"[A-Za-z]", head):
        return f"{head}和{tail}"
    return "、".join([*head.split(", "), tail])


def _dates(value: str) -> str:
    out = []
    for item in value.split(", "):
        found = DATE_ITEM.match(item)
        if found is None or found.group(3) not in MONTHS:
            return value
        out.append(f"{MONTHS[found.group(3)]}月{int(found.group(2))}日 {WEEKDAYS[found.group(1)]}")
    return "、".join(out)


def _parts(value: str) -> str:
    """Our fragments joined by "; " or " and ": the whole when it is one fragment, else each
    piece (the first joining word whose pieces are all fragments)."""
    whole = _translate(value)
    if whole is not value and whole != value:
        return whole
    for sep, joined in (("; ", "；"), (" and ", "，")):
        if sep in value:
            pieces = value.split(sep)
            done = [_translate(p) for p in pieces]
            if all(d != p for d, p in zip(done, pieces)):
                return joined.join(done)
    return value


def _value(name: str, value: str) -> str:
    if name in KEPT or name.rstrip("0123456789") in KEPT or value.startswith("“"):
        return value
    if name == "people":
        return _people(value)
    if name == "parts":
        return _parts(value)
    if name == "dates":
        return _dates(value)
    if name == "kind":
        return i18n.gettext(DECISION_TYPES.get(value, value))
    return _translate(value)


@lru_cache(maxsize=65536)
def _translate(text: str) -> str:
    if not text or text.isdigit():
        return text
    for template, pattern, names in _patterns():
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values = {name: _value(name, found.group(f"g{i}")) for i, name in enumerate(names)}
        try:
            return i18n.gettext(template).format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English
            return text
    return text


def decision_type(value: str) -> str:
    """A decision's type (``arrangement``, ``merge-accepted``…) in the interface language."""
    return i18n.gettext(DECISION_TYPES[value]) if value in DECISION_TYPES else value


def say_joined(text: str, sep: str = "; ", joined: str = "；") -> str:
    """Sentences joined by ``sep`` (which may occur inside one of them too): each in the
    interface language, the shortest runs of pieces that are a sentence first."""
    if sep not in text:
        return say(text)
    out: list[str] = []
    run: list[str] = []
    for piece in text.split(sep):
        run.append(piece)
        candidate = sep.join(run)
        shown = say(candidate)
        if shown != candidate:
            out.append(shown)
            run = []
    if run:  # the pieces are not all sentences: the whole, as one
        return say(text)
    return joined.join(out)


def say(text: str) -> str:
    """``text`` (an English sentence made below the front ends) in the interface language."""
    if i18n.language() == "en" or not text:
        return text
    return _translate(text)


__all__ = ["DECISION_TYPES", "KEPT", "TEMPLATES", "decision_type", "say", "say_joined"]
