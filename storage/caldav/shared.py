"""Decisions shared through the server, without loss: one object per decision *slot*.

The sharing model. Every decision fills a slot (planner.decisions.slot: the same type,
event, occurrence and rule; a suggestion's outcome, merged or dismissed; one person's
attendee edit). Each slot is one calendar object of its own in the plan's calendar, a
VJOURNAL (``UID:<hash of the slot>@decision.leanmeet``, the decision as JSON in
``X-LEANMEET-DECISION``), which calendar clients do not show among the events. A removed
decision (``unmerge``) stays as a tombstone: ``{"removed": true, "at": when}``.

The merge is three-way, slot by slot: *base* is the version we last saw on the server
(storage.caldav.state), *local* what this database holds now, *server* what the pull
brought. Unchanged here: the server's version is taken. Changed here and not there: ours
is pushed (a conditional PUT on the base's etag). Changed on both sides (concurrent
decisions of two schedulers): the one recorded later wins (``at``, then the scheduler id,
so that everyone picks the same one) and the loser is named in the sync's output. A
removal counts from the time it was made (storage.repository ``decision_removals``).
Contradictions between slots (planner.decisions.contradictions) are all kept.

Nothing here sends a request; storage.caldav.pull / push do.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from leanmeet.planner.decisions import newer, slot
from leanmeet.planner.model import Decision
from leanmeet.storage.export.ics import fold

DOMAIN = "@decision.leanmeet"
X_DECISION = "X-LEANMEET-DECISION"
_TYPES = ("arrangement", "exemption", "kind", "merge-accepted", "merge-dismissed",
          "attendee-add", "attendee-remove")
_UNFOLD = re.compile(r"\r?\n[ \t]")
_ESCAPED = re.compile(r"\\([\\;,nN])")

#: A version: the decision as a JSON object, or a tombstone {"removed": true, ...}.
Version = dict


def slot_key(d: Decision) -> str:
    return json.dumps(list(slot(d)), ensure_ascii=False)


def slot_uid(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest() + DOMAIN


def is_decision_uid(uid: str | None) -> bool:
    return bool(uid) and uid.endswith(DOMAIN)


def version(d: Decision, me: str) -> Version:
    return {"type": d.type, "uid": d.uid, "occurrence": d.occurrence, "rule": d.rule,
            "text": d.text, "at": d.at, "by": d.by or me,
            "members": [[u, r] for u, r in d.members]}


def tombstone(key: str, at: str, by: str) -> Version:
    return {"removed": True, "slot": json.loads(key), "at": at, "by": by}


def removed(v: Version | None) -> bool:
    return v is None or bool(v.get("removed"))


def decision(v: Version) -> Decision:
    return Decision(v["type"], v["uid"], v.get("occurrence"), v.get("rule", ""),
                    v.get("text", ""), v.get("at", ""),
                    tuple((m[0], m[1]) for m in v.get("members", [])), v.get("by", ""))


def same(a: Version | None, b: Version | None) -> bool:
    if removed(a) and removed(b):
        return True
    return a == b


def later(a: Version, b: Version) -> bool:
    """Whether ``a`` was recorded after ``b`` (a tombstone by the time of the removal)."""
    def as_decision(v: Version) -> Decision:
        return Decision("kind", "", at=str(v.get("at", "")), by=str(v.get("by", "")),
                        text="" if removed(v) else str(v.get("text", "")))

    return newer(as_decision(a), as_decision(b))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


# ---------------------------------------------------------------- the object on the server
def encode(key: str, v: Version) -> str:
    """The calendar object (VJOURNAL) that holds one slot's version."""
    payload = json.dumps(v, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    value = payload.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    what = "removed" if removed(v) else v["type"]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//leanmeet//shared decisions//EN",
        "BEGIN:VJOURNAL", f"UID:{slot_uid(key)}", f"DTSTAMP:{stamp}",
        f"SUMMARY:leanmeet decision ({what})", f"{X_DECISION}:{value}",
        "END:VJOURNAL", "END:VCALENDAR",
    ]
    return fold("\r\n".join(lines)) + "\r\n"


class BadDecision(ValueError):
    pass


def decode(text: str) -> tuple[str, Version]:
    """(slot key, version) of a decision object; BadDecision when it is not one we can
    trust (the text comes from a server: every field is checked)."""
    for line in _UNFOLD.sub("", text).splitlines():
        head, _, value = line.partition(":")
        if head.split(";", 1)[0].strip().upper() != X_DECISION:
            continue
        raw = _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
        try:
            v = json.loads(raw)
        except ValueError:
            raise BadDecision("its X-LEANMEET-DECISION is not JSON") from None
        return _checked(v)
    raise BadDecision("no X-LEANMEET-DECISION property")


def _str(v: dict, name: str, *, optional: bool = False) -> None:
    value = v.get(name)
    if value is None and optional:
        return
    if not isinstance(value, str) or len(value) > 20000:
        raise BadDecision(f"{name!r} is not a text")


def _checked(v: object) -> tuple[str, Version]:
    if not isinstance(v, dict):
        raise BadDecision("not a JSON object")
    _str(v, "at")
    _str(v, "by")
    if v.get("removed"):
        key = v.get("slot")
        if not (isinstance(key, list) and len(key) == 5 and all(isinstance(k, str)
                                                                 for k in key)):
            raise BadDecision("a removal without its slot")
        return json.dumps(key, ensure_ascii=False), {
            "removed": True, "slot": key, "at": v["at"], "by": v["by"]}
    if v.get("type") not in _TYPES:
        raise BadDecision(f"unknown type {v.get('type')!r}")
    for name in ("uid", "rule", "text"):
        _str(v, name)
    _str(v, "occurrence", optional=True)
    members = v.get("members", [])
    if not isinstance(members, list) or not all(
            isinstance(m, list) and len(m) == 2 and isinstance(m[0], str)
            and (m[1] is None or isinstance(m[1], str)) for m in members):
        raise BadDecision("'members' is not a list of [uid, recurrence id]")
    clean = {k: v[k] for k in ("type", "uid", "occurrence", "rule", "text", "at", "by")}
    clean["occurrence"] = v.get("occurrence")
    clean["members"] = [list(m) for m in members]
    d = decision(clean)
    return slot_key(d), version(d, d.by)


# ---------------------------------------------------------------- the local side
def local_versions(decisions: list[Decision], me: str) -> dict[str, Version]:
    """slot -> this database's version (of two in one slot, e.g. a suggestion both merged
    and dismissed here, the newer)."""
    out: dict[str, Version] = {}
    chosen: dict[str, Decision] = {}
    for d in decisions:
        key = slot_key(d)
        d = Decision(d.type, d.uid, d.occurrence, d.rule, d.text, d.at, d.members,
                     d.by or me)
        if key not in chosen or newer(d, chosen[key]):
            chosen[key] = d
            out[key] = version(d, me)
    return out


def removal_times(removals: list[tuple[Decision, str]]) -> dict[str, str]:
    """slot -> when its decision was last removed here."""
    out: dict[str, str] = {}
    for d, at in removals:
        key = slot_key(d)
        if at > out.get(key, ""):
            out[key] = at
    return out


def current(key: str, local: dict[str, Version], base: dict[str, dict],
            removals: dict[str, str], me: str) -> Version | None:
    """This database's version of a slot: its decision, a tombstone when the decision the
    base knows is gone from here (removed at the recorded time, else now), or None."""
    if key in local:
        return local[key]
    known = base.get(key)
    if known is not None and not removed(known.get("v")):
        return tombstone(key, removals.get(key) or now(), me)
    return known.get("v") if known is not None else None


@dataclass
class Outcome:
    """The result of merging the server's versions into the local decisions."""

    decisions: list[Decision]  # the local decisions afterwards
    changed: bool = False  # they differ from before
    adopted: int = 0  # slots taken from the server
    kept: list[str] = field(default_factory=list)  # concurrent: ours was newer
    replaced: list[str] = field(default_factory=list)  # concurrent: theirs was newer
    unmerged: list[str] = field(default_factory=list)  # merges the server removed


def describe(v: Version) -> str:
    if removed(v):
        kind, uid, occurrence, rule, _ = v["slot"]
        what = f"removal of {kind} {uid}"
    else:
        what = f"{v['type']} {v['uid']}"
        rule, occurrence = v.get("rule"), v.get("occurrence")
        if v.get("text"):
            what += f" {v['text']!r}"
    if rule:
        what += f" ({rule})"
    if occurrence:
        what += f" @ {occurrence}"
    return f"{what} by {v.get('by') or '?'} at {v.get('at') or '?'}"


def merge(decisions: list[Decision], base: dict[str, dict], incoming: dict[str, Version | None],
          removals: dict[str, str], me: str) -> Outcome:
    """Merge the server's versions (``incoming``: slot -> version, None when the object was
    deleted) into the local decisions; see the module docstring."""
    local = local_versions(decisions, me)
    result: dict[str, Version | None] = {}
    out = Outcome([])
    for key, theirs in incoming.items():
        mine = current(key, local, base, removals, me)
        seen = base.get(key, {}).get("v") if key in base else None
        if theirs is None:  # the object was deleted (not by leanmeet, which leaves tombstones)
            result[key] = None if same(mine, seen) else mine
            continue
        if same(mine, seen) or mine is None:
            result[key] = theirs
            out.adopted += not same(mine, theirs)
        elif same(mine, theirs):
            result[key] = mine
        elif later(theirs, mine):
            result[key] = theirs
            out.replaced.append(f"{describe(theirs)} replaces yours, {describe(mine)}")
        else:
            result[key] = mine
            out.kept.append(f"yours, {describe(mine)}, is newer than {describe(theirs)}")
    keep: list[Decision] = []
    for d in decisions:
        key = slot_key(d)
        if key not in result:
            keep.append(d)
            continue
        after = result[key]
        if d.type == "merge-accepted" and (removed(after) or after.get("type") != d.type):
            out.unmerged.append(d.uid)  # undone, or dismissed, by someone else
    for v in result.values():
        if not removed(v):
            keep.append(decision(v))
    before = sorted(map(_identity, decisions))
    stamped = [Decision(d.type, d.uid, d.occurrence, d.rule, d.text, d.at, d.members,
                        d.by or me) for d in keep]
    out.decisions = stamped
    out.changed = sorted(map(_identity, stamped)) != before
    return out


def _identity(d: Decision) -> str:
    return json.dumps([d.type, d.uid, d.occurrence, d.rule, d.text, d.at,
                       [list(m) for m in d.members], d.by], ensure_ascii=False)


__all__ = [
    "BadDecision", "DOMAIN", "Outcome", "X_DECISION", "current", "decision", "decode",
    "describe", "encode", "is_decision_uid", "local_versions", "merge", "removal_times",
    "removed", "same", "slot_key", "slot_uid", "tombstone", "version",
]
