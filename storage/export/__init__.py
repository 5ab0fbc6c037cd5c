"""Export of the consolidated plan (SPEC §6): .ics (ics.py), iTIP notices (itip.py), CSV and
Markdown (tables.py), the HTML report (html.py), the leaders' weekly activity table
(leaders.py: HTML, CSV, XLSX).

The scheduler's decisions travel in the exported .ics as X- properties, so that importing
the plan into an empty leanmeet database restores them (storage.ics_reader reads them into
``record["x"]``, storage.repository.import_feed stores them). Values are TEXT (escaped);
parameters: ``X-OCCURRENCE`` (the decision's occurrence, as recorded: only that occurrence
of the series), ``X-RULE`` (the rule of an exemption), ``X-AT`` (when it was recorded),
``X-SUGGESTION`` (a dismissed suggestion's id).

  X-LEANMEET-ARRANGED[;X-OCCURRENCE=..][;X-AT=..]:office reference
  X-LEANMEET-EXEMPT;X-RULE=half-day-limit[;X-OCCURRENCE=..][;X-AT=..]:reason
  X-LEANMEET-KIND[;X-OCCURRENCE=..][;X-AT=..]:ceremony
  X-LEANMEET-MERGE-ACCEPTED[;X-AT=..]:suggestion id        (on the merged meeting, whose
      X-LEANMEET-MERGED-FROM:uid;recurrence-id lines and RELATED-TO name the originals)
  X-LEANMEET-DISMISSED;X-SUGGESTION=id[;X-AT=..]:uid;recurrence-id   (one per member)

Events of a feed imported with ``--arranged`` carry ``X-LEANMEET-ARRANGED:arranged feed
NAME``: in the plan they are arranged events of an ordinary feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from icalendar import vText

from leanmeet.planner.model import Decision

X_ARRANGED = "X-LEANMEET-ARRANGED"
X_EXEMPT = "X-LEANMEET-EXEMPT"
X_KIND = "X-LEANMEET-KIND"
X_MERGE_ACCEPTED = "X-LEANMEET-MERGE-ACCEPTED"
X_MERGED_FROM = "X-LEANMEET-MERGED-FROM"
X_DISMISSED = "X-LEANMEET-DISMISSED"
P_OCCURRENCE, P_RULE, P_AT, P_SUGGESTION = "X-OCCURRENCE", "X-RULE", "X-AT", "X-SUGGESTION"
# the decision properties an export writes afresh (an imported plan's old ones are replaced)
DECISION_PROPERTIES = (X_ARRANGED, X_EXEMPT, X_KIND, X_MERGE_ACCEPTED, X_DISMISSED)
_BY_TYPE = {"arrangement": X_ARRANGED, "exemption": X_EXEMPT, "kind": X_KIND}
_TYPE_OF = {v: k for k, v in _BY_TYPE.items()}
FORMATS = ("ics", "itip", "csv", "md", "html", "leaders")


def member_text(key: tuple[str, str | None]) -> str:
    uid, rid = key
    return f"{uid};{rid or ''}"


def member_key(text: str) -> tuple[str, str | None]:
    uid, _, rid = text.rpartition(";")
    if not uid:
        return text, None
    return uid, rid or None


def decision_properties(decision: Decision) -> list[tuple[str, vText, dict[str, str]]]:
    """The X- properties (name, value, parameters) that carry one decision."""
    params: dict[str, str] = {}
    if decision.at:
        params[P_AT] = decision.at
    if decision.type in _BY_TYPE:
        if decision.type == "exemption":
            params[P_RULE] = decision.rule
        if decision.occurrence:
            params[P_OCCURRENCE] = decision.occurrence
        return [(_BY_TYPE[decision.type], vText(decision.text), params)]
    if decision.type == "merge-accepted":
        return [(X_MERGE_ACCEPTED, vText(decision.uid), params)]
    if decision.type == "merge-dismissed":
        params[P_SUGGESTION] = decision.uid
        return [(X_DISMISSED, vText(member_text(m)), dict(params)) for m in decision.members]
    return []


def _values(event: Any, name: str) -> list[Any]:
    value = event.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_ESCAPED = re.compile(r"\\([\\;,nN])")


def _text(value: Any) -> str:
    """A property value as text: X- properties come back raw, so TEXT escapes are undone."""
    if isinstance(value, vText):
        return str(value)
    raw = value.to_ical() if hasattr(value, "to_ical") else value
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8")
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(raw))


def _param(value: Any, name: str) -> str:
    params = getattr(value, "params", None) or {}
    return str(params.get(name, "") or "")


def carried_decisions(event: Any) -> list[dict]:
    """The decisions an exported plan's VEVENT carries, as decision rows (the event's own
    decisions have ``uid`` None: the importer fills in the event's UID)."""
    rows: list[dict] = []
    for name, type_ in _TYPE_OF.items():
        for value in _values(event, name):
            occurrence = _param(value, P_OCCURRENCE) or None
            rows.append({"type": type_, "uid": None, "occurrence": occurrence,
                         "rule": _param(value, P_RULE) if type_ == "exemption" else "",
                         "text": _text(value), "at": _param(value, P_AT), "members": []})
    accepted = _values(event, X_MERGE_ACCEPTED)
    if accepted:
        members = [list(member_key(_text(v))) for v in _values(event, X_MERGED_FROM)]
        summary = event.get("SUMMARY")
        for value in accepted:
            rows.append({"type": "merge-accepted", "uid": _text(value), "occurrence": None,
                         "rule": "", "text": str(summary) if summary is not None else "",
                         "at": _param(value, P_AT), "members": members})
    dismissed: dict[str, dict] = {}
    for value in _values(event, X_DISMISSED):
        sid = _param(value, P_SUGGESTION)
        if not sid:
            continue
        row = dismissed.setdefault(sid, {
            "type": "merge-dismissed", "uid": sid, "occurrence": None, "rule": "",
            "text": "dismissed", "at": _param(value, P_AT), "members": []})
        row["members"].append(list(member_key(_text(value))))
    rows += dismissed.values()
    return rows


def carried_rows(records: Iterable[dict]) -> Iterator[dict]:
    """Decision rows (ready to store) of imported records that carry decisions."""
    for record in records:
        for row in (record.get("x") or {}).get("decisions", []):
            yield {**row, "uid": row["uid"] or record["uid"]}


__all__ = [
    "DECISION_PROPERTIES", "FORMATS", "X_ARRANGED", "X_DISMISSED", "X_EXEMPT", "X_KIND",
    "X_MERGED_FROM", "X_MERGE_ACCEPTED", "carried_decisions", "carried_rows",
    "decision_properties", "member_key", "member_text",
]
