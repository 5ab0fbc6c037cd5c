"""The shape of every stored document, checked on every read and before every write.

A database file that is valid JSON but not what leanmeet wrote (``{"events": {"1": {}}}``,
a number where a time belongs, another program's tables) is refused with the table, the
document and the field named, so no stored value can break a later read. Tables other code
keeps (sync state) only need to hold objects.
"""

from __future__ import annotations

import math
from itertools import repeat
from typing import Any

_STR, _INT, _BOOL, _NUM = (str,), (int,), (bool,), (int, float)
_LIST, _DICT, _NONE = (list,), (dict,), (type(None),)

#: table -> field -> (allowed types, required)
SCHEMAS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    "events": {
        "feed": (_STR, True), "uid": (_STR, True), "rid": (_STR + _NONE, True),
        "d": (_INT, True), "h": (_STR, True), "seq": (_INT, True), "lm": (_STR, True),
        "rec": (_BOOL, True), "text": (_STR, True), "zones": (_LIST, False),
        "line": (_INT, True), "src": (_STR, True), "sum": (_STR, True), "loc": (_STR, True),
        "desc": (_STR, True), "status": (_STR, True), "cats": (_LIST, True),
        "org": (_STR + _LIST, True), "att": (_STR + _LIST, True), "allday": (_BOOL, True),
        "float": (_BOOL, True), "s": (_STR, True), "e": (_STR, True), "ts": (_NUM, True),
        "te": (_NUM, True), "until": (_NUM + _NONE, False), "k": (_STR, False),
        "x": (_DICT, False), "tz": (_STR, False), "kr": (_LIST, False),
    },
    "decisions": {
        "type": (_STR, True), "uid": (_STR, True), "occurrence": (_STR + _NONE, False),
        "rule": (_STR, False), "text": (_STR, False), "at": (_STR, False),
        "members": (_LIST, False), "by": (_STR, False),
    },
    # a removed decision and when it was removed (shared by CalDAV: storage.caldav.shared)
    "decision_removals": {
        "type": (_STR, True), "uid": (_STR, True), "occurrence": (_STR + _NONE, False),
        "rule": (_STR, False), "text": (_STR, False), "at": (_STR, False),
        "members": (_LIST, False), "by": (_STR, False), "removed_at": (_STR, True),
    },
    "people": {
        "name": (_STR, True), "email": (_STR, True), "role": (_STR, True),
        "title": (_STR, False), "department": (_STR, False), "liaison": (_LIST, False),
    },
    "feeds": {
        "name": (_STR, True), "arranged": (_BOOL, False), "sources": (_LIST, False),
        "imported_at": (_STR + _NONE, False),
        # the last import of the feed (storage.repository: a repeat of it is not parsed)
        "fingerprint": (_STR, False), "last": (_DICT, False),
    },
    "zones": {"id": (_STR, True), "text": (_STR, True)},
    "instances": {
        "feed": (_STR, True), "uid": (_STR, True), "src": (_STR, True), "rid": (_STR, True),
        "s": (_STR, True), "e": (_STR, True), "ts": (_NUM, True), "te": (_NUM, True),
    },
    "horizons": {"feed": (_STR, True), "uid": (_STR, True), "sig": (_STR, True),
                 "hi": (_NUM, True)},
}

_NAMES = {str: "text", int: "an integer", bool: "true/false", float: "a number",
          list: "an array", dict: "an object", type(None): "null"}


def _kind(value: Any) -> str:
    return _NAMES.get(type(value), type(value).__name__)


#: the version of :func:`check_document`: raise it whenever a check is added or made stricter,
#: so that the segments written under the older checks are checked again when read (storage.db)
CHECKS = 1


def check_table_name(name: Any) -> str | None:
    if not isinstance(name, str) or not name or name == "_meta" or len(name) > 200:
        return "is not a table name"
    return None


_MISSING = object()
#: SCHEMAS as tuples, for the loop every document read goes through
_FIELDS = {table: tuple((name, frozenset(types), required)
                        for name, (types, required) in fields.items())
           for table, fields in SCHEMAS.items()}


def check_document(table: str, doc: dict, *, has_text: bool = True) -> str | None:
    """What is wrong with ``doc`` as a document of ``table`` (None: nothing)."""
    fields = _FIELDS.get(table)
    if fields is None:
        return None
    get = doc.get
    # fast path: the types of the fields, taken at C speed, seen valid before
    shape = (table, has_text, *map(type, map(get, _NAMES_OF[table], repeat(_MISSING))))
    if shape in _VALID_SHAPES and _finite(doc, table) and _contents_ok(doc, table):
        return None
    for name, types, required in fields:
        value = get(name, _MISSING)
        if value is _MISSING:
            if required and (has_text or name != "text"):
                return f'"{name}" is missing'
            continue
        kind = type(value)
        if kind not in types:
            allowed = SCHEMAS[table][name][0]
            want = " or ".join(dict.fromkeys(_NAMES[t] for t in allowed))
            return f'"{name}" is {_kind(value)}, not {want}'
        if kind is float and not math.isfinite(value):
            return f'"{name}" is not a finite number'
    if not _contents_ok(doc, table):
        return _contents_problem(doc, table)
    if len(_VALID_SHAPES) < 10_000:
        _VALID_SHAPES.add(shape)
    return None


_NAMES_OF = {table: tuple(fields) for table, fields in SCHEMAS.items()}
_VALID_SHAPES: set[tuple] = set()
_FLOATS = {table: tuple(n for n, (types, _) in fields.items() if float in types)
           for table, fields in SCHEMAS.items()}


def _finite(doc: dict, table: str) -> bool:
    for name in _FLOATS[table]:
        value = doc.get(name)
        if type(value) is float and not math.isfinite(value):
            return False
    return True


def _contents_ok(doc: dict, table: str) -> bool:
    return _contents_problem(doc, table) is None


def _contents_problem(doc: dict, table: str) -> str | None:
    get = doc.get
    if table == "people":
        if not all(isinstance(item, str) for item in get("liaison", ())):
            return '"liaison" must be a list of department names'
    elif table in ("decisions", "decision_removals"):
        for member in doc.get("members", []):
            if not (isinstance(member, list) and len(member) == 2
                    and isinstance(member[0], str)
                    and (member[1] is None or isinstance(member[1], str))):
                return '"members" must be [UID, RECURRENCE-ID or null] pairs'
    elif table == "events":
        for name in ("cats", "zones"):
            for v in get(name, ()):
                if type(v) is not str:
                    return f'"{name}" must be an array of text'
        kept = get("kr")
        if kept is not None and not (len(kept) == 3 and all(type(v) is str for v in kept)):
            return '"kr" must be [key, kind, why], three texts'
    return None
