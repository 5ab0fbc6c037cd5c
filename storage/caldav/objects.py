"""Calendar objects as a CalDAV server holds them, without the server: one object per UID
(RFC 4791 §4.1), stable file names derived from UIDs, and ``canonical_hash``, which tells
whether two spellings of an object (ours and what a server re-serialised) say the same.

Pure text functions: no network, no database.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse


def normalize_href(href: str) -> str:
    """One spelling per path: percent-decoded, then re-encoded the same way every time."""
    path = urllib.parse.urlsplit(href).path or href
    return urllib.parse.quote(urllib.parse.unquote(path), safe="/")


def etag_value(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value


_UNFOLD = re.compile(r"\r?\n[ \t]")
_UID_LINE = re.compile(r"^UID(?:;[^:\r\n]*)?:(.*?)\r?$", re.MULTILINE | re.IGNORECASE)


def object_uid(text: str) -> str | None:
    """The UID of a calendar object (the first one; all components of an object share it)."""
    match = _UID_LINE.search(_UNFOLD.sub("", text))
    return match.group(1).strip() if match else None


def _split_head(line: str) -> tuple[str, str]:
    """(name and parameters, value) of a content line: split at the first colon outside
    double quotes."""
    head, _, value = line.partition(":")
    if '"' not in head:
        return head, value
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:i], line[i + 1:]
    return line, ""


def _split_params(head: str) -> list[str]:
    if '"' not in head:
        return head.split(";")
    out, quoted, start = [], False, 0
    for i, char in enumerate(head):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            out.append(head[start:i])
            start = i + 1
    out.append(head[start:])
    return out


#: Properties that differ between two writers of the same content (stamps, product ids).
VOLATILE = {"DTSTAMP", "PRODID", "X-LEANMEET-EXPORTED", "X-LEANMEET-EXPORTED-AT"}
#: Parameters that say when, not what: a decision recorded at another time is the same.
VOLATILE_PARAMS = {"X-AT"}
_LINES = re.compile(r"\r\n|\r|\n")


_CUSTOM_ZONE = re.compile(r"^(?:LM-[0-9a-f]{10}-)+")


def _param_value(name: str, value: str) -> str:
    value = value.strip().strip('"')
    if name.strip().upper() == "TZID":
        # a feed's custom zone gets a content-derived id (storage.timezones) each time it is
        # imported; the zone it names is the same
        value = _CUSTOM_ZONE.sub("", value)
    return value


def canonical_hash(text: str) -> str:
    """A hash of an object's events that ignores how a writer spelled them.

    Servers re-serialize what they store (Radicale reorders properties, changes line endings
    and folding, quotes parameters its own way), and every export stamps DTSTAMP anew. The
    hash covers the content lines of each VEVENT (and the components inside it), with
    property and parameter names upper-cased, parameter values unquoted and sorted, lines
    sorted, DTSTAMP and other stamps left out; VCALENDAR properties and VTIMEZONEs (which
    only define zones that the events name) are left out too.
    """
    events: list[str] = []
    stack: list[str] = []
    current: list[str] | None = None
    path = ""
    for line in _LINES.split(_UNFOLD.sub("", text)):
        if not line:
            continue
        head, value = _split_head(line)
        parts = _split_params(head) if ";" in head else [head]
        name = parts[0].strip().upper()
        if name == "BEGIN":
            stack.append(value.strip().upper())
            if stack[-1] == "VEVENT" and current is None:
                current = []
            elif current is not None:
                path = "/".join(stack[stack.index("VEVENT") + 1:])
            continue
        if name == "END":
            if stack:
                stack.pop()
            if current is not None:
                if "VEVENT" not in stack:
                    events.append("\n".join(sorted(current)))
                    current = None
                path = "/".join(stack[stack.index("VEVENT") + 1:]) if "VEVENT" in stack else ""
            continue
        if current is None or name in VOLATILE:
            continue
        value = value.rstrip()
        if "\\" in value:  # "\;" and ";", "\," and ",": writers escape TEXT differently
            value = value.replace("\\;", ";").replace("\\,", ",")
        params = ""
        if len(parts) > 1:
            params = ";".join(sorted(
                f"{k.strip().upper()}={_param_value(k, v)}"
                for k, _, v in (p.partition("=") for p in parts[1:])
                if k.strip().upper() not in VOLATILE_PARAMS))
        current.append(f"{path}|{name};{params}:{value}" if params else f"{path}|{name}:{value}")
    digest = hashlib.sha1("\n\n".join(sorted(events)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def object_name(uid: str) -> str:
    """The file name of a new object on the server, derived from its UID (so a push that is
    interrupted and run again writes to the same place)."""
    if re.fullmatch(r"[A-Za-z0-9._@+-]{1,120}", uid) and not uid.startswith("."):
        return f"{uid}.ics"
    return f"{hashlib.sha1(uid.encode('utf-8', 'surrogatepass')).hexdigest()}.ics"


def looks_like_calendar(text: str) -> bool:
    head = text.lstrip("\ufeff \r\n\t")[:15].upper()
    tail = text.rstrip()[-13:].upper()
    return head.startswith("BEGIN:VCALENDAR") and tail.endswith("END:VCALENDAR")



def split_objects(text: str) -> dict[str, str]:
    """An exported plan (one VCALENDAR) as calendar objects, one per UID (RFC 4791 §4.1):
    each with the VEVENTs of that UID and the VTIMEZONEs they name."""
    lines = _LINES.split(text)
    head: list[str] = []
    zones: dict[str, str] = {}
    events: dict[str, list[str]] = {}
    block: list[str] | None = None
    kind = ""
    depth = 0
    for line in lines:
        if not line:
            continue
        upper = line[:14].upper()
        if upper.startswith("BEGIN:"):
            depth += 1
            if depth == 2:
                block, kind = [line], line[6:].strip().upper()
                continue
        elif upper.startswith("END:"):
            depth -= 1
            if depth == 1 and block is not None:
                block.append(line)
                body = "\r\n".join(block) + "\r\n"
                if kind == "VTIMEZONE":
                    match = re.search(r"^TZID[^:]*:(.*)$", body, re.MULTILINE)
                    if match:
                        zones[match.group(1).strip()] = body
                elif kind == "VEVENT":
                    uid = object_uid(body)
                    if uid:
                        events.setdefault(uid, []).append(body)
                block = None
                continue
            if depth == 0:
                continue
        if block is not None:
            block.append(line)
        elif depth == 1 and line.split(":", 1)[0].split(";", 1)[0].upper() in (
                "PRODID", "VERSION", "CALSCALE"):
            head.append(line)
    opening = "BEGIN:VCALENDAR\r\n" + "".join(h + "\r\n" for h in head)
    out: dict[str, str] = {}
    for uid, bodies in events.items():
        used = {m.group(1).strip('"') for b in bodies
                for m in re.finditer(r';TZID=("[^"]*"|[^;:]*)', _UNFOLD.sub("", b))}
        parts = [zones[z] for z in sorted(used) if z in zones]
        out[uid] = opening + "".join(parts) + "".join(bodies) + "END:VCALENDAR\r\n"
    return out

def summary_of(text: str) -> str:
    match = re.search(r"^SUMMARY[^:\r\n]*:(.*?)\r?$", _UNFOLD.sub("", text),
                      re.MULTILINE | re.IGNORECASE)
    summary = match.group(1).strip() if match else ""
    return summary.replace("\\,", ",").replace("\\;", ";")[:60] or "no title"
