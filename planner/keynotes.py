"""Keynote speakers of an occurrence.

Speakers are attendees with ``ROLE=X-KEYNOTE`` plus DESCRIPTION lines that start with
``Keynote:``, ``Keynote speaker(s):``, ``主讲：``/``主讲人：`` or ``主旨讲话：``
(ASCII or full-width colon; a leading bullet is allowed). One line may name several
speakers separated by ``、 ， ； ;`` or `` and `` / ``&`` (an ASCII comma is not a separator:
"Li Wei, Mayor" is one speaker). A speaker named in the description who is also an
attendee counts once.
"""

from __future__ import annotations

import re

from leanmeet.planner.model import Occurrence
from leanmeet.planner.people import normalize_email, normalize_name

_LINE = re.compile(
    r"^[ \t\u3000]*(?:[-*•·][ \t]*)?"  # indentation, a bullet
    r"(?:keynote(?:[ \t]+speakers?)?|主讲人?|主旨讲话)"
    r"[ \t\u3000]*[:：][ \t\u3000]*(.*?)[ \t\u3000]*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUICK = re.compile(r"keynote|主讲|主旨讲话", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:[、，；;]|\s(?:and|&)\s)\s*", re.IGNORECASE)
_TRAILING = " \t\u3000.。"


def description_speakers(description: str) -> list[str]:
    """Names given on keynote lines of a DESCRIPTION, in order, de-duplicated."""
    if not description or not _QUICK.search(description):
        return []
    names: list[str] = []
    seen: set[str] = set()
    for match in _LINE.finditer(description.replace("\r\n", "\n").replace("\r", "\n")):
        for part in _SPLIT.split(match.group(1)):
            name = part.strip(_TRAILING)
            key = normalize_name(name)
            if key and key not in seen:
                seen.add(key)
                names.append(name)
    return names


def keynote_speakers(occ: Occurrence) -> list[str]:
    """Keynote speakers: X-KEYNOTE attendees (email, else name) then description names.

    A description name that is an attendee's CN or email is reported as that attendee (so a
    speaker given both ways counts once).
    """
    described = description_speakers(occ.description)
    if not described and not any(a.role.upper() == "X-KEYNOTE" for a in occ.attendees):
        return []
    speakers: list[str] = []
    seen: set[str] = set()
    by_name: dict[str, str] = {}
    for a in occ.attendees:
        ident = normalize_email(a.email) or a.name.strip()
        if not ident:
            continue
        if a.name:
            by_name.setdefault(normalize_name(a.name), ident)
        if a.email:
            by_name.setdefault(normalize_email(a.email), ident)
        if a.role.upper() == "X-KEYNOTE" and normalize_name(ident) not in seen:
            seen.add(normalize_name(ident))
            speakers.append(ident)
    for name in described:
        ident = by_name.get(normalize_name(name), name)
        if normalize_name(ident) not in seen:
            seen.add(normalize_name(ident))
            speakers.append(ident)
    return speakers
