"""The roster, and who takes part in an occurrence.

Attendees match roster entries by email (case-insensitive), then by CN (name compared
case-insensitively with whitespace normalised, NFKC so full-width letters match). A name that
two roster entries share is ambiguous and matches neither.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from leanmeet.planner.model import Attendee, Occurrence, Person

# attendees who are not taking part: they declined, or are copied for information only
_ABSENT_PARTSTAT = frozenset({"DECLINED"})
_ABSENT_ROLE = frozenset({"NON-PARTICIPANT"})


def normalize_name(name: str) -> str:
    """Name as compared: NFKC, whitespace runs collapsed, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def normalize_email(email: str) -> str:
    """Email as compared: without ``mailto:``, stripped, case-folded."""
    if (
        email.isascii()
        and email.islower()
        and not email.startswith("mailto:")
        and (email == email.strip())
    ):
        return email  # the common case: storage already gives lower-case addresses
    text = email.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    return text.strip().casefold()


_LIAISON_SPLIT = re.compile(r"\s*[;；、|,，]\s*")


def parse_liaison(text: str) -> tuple[str, ...]:
    """The liaison departments of a roster cell: separated by ``;``, ``；``, ``、``, ``|`` or a
    comma; blanks dropped, each once, in order."""
    out: list[str] = []
    for part in _LIAISON_SPLIT.split(text or ""):
        name = " ".join(part.split())
        if name and name not in out:
            out.append(name)
    return tuple(out)


def format_liaison(departments: Iterable[str]) -> str:
    """The roster-cell form of liaison departments (``"教育局; 文旅局"``)."""
    return "; ".join(departments)


_ORG_NOISE = re.compile(r"[\W_]+")


def normalize_org(name: str) -> str:
    """An organisation name as compared: NFKC, case-folded, without spaces and punctuation."""
    return _ORG_NOISE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def names_same_org(a: str, b: str) -> bool:
    """Whether two names of organisations (or a system's stem such as 教育 and the name 教育局)
    name the same body: one contains the other, compared as :func:`normalize_org` does."""
    x, y = normalize_org(a), normalize_org(b)
    if not x or not y:
        return False
    return x in y or y in x


def person_key(person: Person) -> str:
    """Identity of a roster entry: its email, else ``name:<normalised name>``."""
    email = normalize_email(person.email)
    return email or f"name:{normalize_name(person.name)}"


class Roster:
    """The people the office knows; looks attendees up by email, then by CN."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._people: tuple[Person, ...] = tuple(people)
        self._by_email: dict[str, Person] = {}
        self._by_name: dict[str, Person | None] = {}
        self._resolved: dict[Attendee, Participant | None] = {}
        for person in self._people:
            email = normalize_email(person.email)
            if email:
                self._by_email.setdefault(email, person)
            name = normalize_name(person.name)
            if not name:
                continue
            if name not in self._by_name:
                self._by_name[name] = person
            else:
                known = self._by_name[name]
                if known is None or person_key(known) != person_key(person):
                    self._by_name[name] = None  # two people share this name: ambiguous

    def __iter__(self) -> Iterator[Person]:
        return iter(self._people)

    def __len__(self) -> int:
        return len(self._people)

    @property
    def people(self) -> tuple[Person, ...]:
        return self._people

    @property
    def leaders(self) -> tuple[Person, ...]:
        return tuple(p for p in self._people if p.is_leader)

    @property
    def distinct_leaders(self) -> tuple[Person, ...]:
        """The leaders, each person (:func:`person_key`) once: its first entry."""
        first: dict[str, Person] = {}
        for p in self.leaders:
            first.setdefault(person_key(p), p)
        return tuple(first.values())

    def by_email(self, email: str) -> Person | None:
        return self._by_email.get(normalize_email(email))

    def match(self, a: Attendee) -> Person | None:
        """The roster entry of an attendee: by email, then by CN; None when not on the roster."""
        if a.email:
            person = self._by_email.get(normalize_email(a.email))
            if person is not None:
                return person
        if a.name:
            return self._by_name.get(normalize_name(a.name))
        return None

    def participant(self, a: Attendee) -> Participant | None:
        """``a`` resolved against the roster (memoised: attendees repeat across events)."""
        try:
            return self._resolved[a]
        except KeyError:
            p = self._resolved[a] = _participant(a, self)
            return p


@dataclass(frozen=True, slots=True)
class Participant:
    """One person taking part in an occurrence, resolved against the roster.

    key: identity across events (roster entry's email / ``name:…``; else the attendee's email;
    else ``name:<normalised CN>``). label: what findings list (email, else name).
    """

    key: str
    label: str
    name: str
    person: Person | None
    leader: bool = False  # a roster leader

    @property
    def display(self) -> str:
        """Name for messages: the roster name, else CN, else email."""
        if self.person is not None and self.person.name:
            return self.person.name
        return self.name or self.label


def _participant(a: Attendee, roster: Roster) -> Participant | None:
    person = roster.match(a)
    if person is not None:
        label = normalize_email(person.email) or normalize_email(a.email) or person.name
        return Participant(
            person_key(person), label, person.name or a.name, person, person.is_leader
        )
    email = normalize_email(a.email)
    if email:
        return Participant(email, email, a.name, None)
    name = normalize_name(a.name)
    if name:
        return Participant(f"name:{name}", a.name.strip(), a.name.strip(), None)
    return None


def declined(a: Attendee) -> bool:
    return a.partstat.upper() in _ABSENT_PARTSTAT


def present_attendees(occ: Occurrence) -> list[Attendee]:
    """The attendees ``occ`` counts on: all but those who declined or are NON-PARTICIPANT.

    The organizer counts only when the event lists no attendees at all (then it is the
    organizer's own appointment); an organizer who only sends invitations — a secretary —
    is not booked by them.
    """
    if occ.attendees:
        sources: Iterable[Attendee] = occ.attendees
    elif occ.organizer is not None:
        sources = (occ.organizer,)
    else:
        return []
    return [a for a in sources if not declined(a) and a.role.upper() not in _ABSENT_ROLE]


def participants(occ: Occurrence, roster: Roster) -> tuple[Participant, ...]:
    """Who takes part in ``occ`` (:func:`present_attendees`), each person once."""
    seen: set[str] = set()
    out: list[Participant] = []
    for a in present_attendees(occ):
        p = roster.participant(a)
        if p is not None and p.key not in seen:
            seen.add(p.key)
            out.append(p)
    return tuple(out)
