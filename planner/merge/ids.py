"""Stable suggestion ids, and what a dismissal rules out.

An id depends only on the members' identities (uid, recurrence id), never on their order,
the run, the scores or the other events, so the same events get the same id on every run and
``leanmeet merge ID`` / ``dismiss ID`` refer to what the scheduler saw.

Dismissing a suggestion means "do not merge these events": every pair inside it is ruled out
for good, so neither the group, nor any pair of it, nor a later group that contains such a
pair comes back (a group only forms when every pair inside it passes). The database keeps the
dismissed suggestion's members (``Decision.members``); :func:`dismissed_ids` turns such
decisions into the ids that :func:`planner.merge.suggest` takes. ``suggest`` also works from
bare group ids: a group that contains an earlier dismissed group is never suggested again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from itertools import combinations

from leanmeet.planner.model import Decision, Occurrence

Key = tuple[str, str | None]


def _key(member: Occurrence | Key) -> Key:
    return member.key if isinstance(member, Occurrence) else (member[0], member[1])


def suggestion_id(members: Iterable[Occurrence | Key]) -> str:
    """``m-`` and 10 hex digits of the SHA-1 of the members' sorted keys."""
    keys = sorted({_key(m) for m in members}, key=lambda k: (k[0], k[1] or ""))
    text = "\n".join(f"{uid}\x1f{rid or ''}" for uid, rid in keys)
    return "m-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def dismissed_ids(decisions: Iterable[Decision]) -> set[str]:
    """The ids to pass as ``suggest(dismissed=...)``: each dismissed suggestion's own id and
    the id of every pair of its members."""
    out: set[str] = set()
    for d in decisions:
        if d.type != "merge-dismissed":
            continue
        out.add(d.uid)
        for a, b in combinations(d.members, 2):
            out.add(suggestion_id((a, b)))
    return out
