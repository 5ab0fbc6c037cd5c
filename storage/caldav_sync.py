"""Sync with a CalDAV server: the shared store of an office (SPEC §9).

Pull: every server calendar (or the one chosen) becomes a feed ``caldav:<name>``. It is
incremental: the calendar's sync-token (RFC 6578 sync-collection REPORT) lists what changed
since the last pull; servers without sync-tokens are compared by ctag, then by the etags of a
PROPFIND listing. Only the bodies of changed objects are downloaded (calendar-multiget, in
batches); objects deleted on the server are removed from the feed. The very first pull of a
calendar asks for the bodies in the listing itself (one request).

Push: the consolidated plan (planner.plan, written by storage.export.ics) goes to a target
calendar, one object per UID. Merged meetings are added, superseded originals deleted,
blocked leaders left out (the plan does that). An object is written only when its content
differs from what the server had when we last saw it; every write is conditional
(``If-Match`` the etag of our last pull/push, ``If-None-Match: *`` for new objects), so a
server copy that someone else changed since our last pull is never overwritten: it is
reported as a conflict, the server copy is kept as it is, ours stays in the local database,
and the next pull + push combines them. An interrupted push resumes without duplicates:
hrefs are derived from UIDs, and a server copy equal to ours is adopted, not rewritten.
"Equal" is ``canonical_hash``: the events' content, however a server re-spelled it.
A push deletes only what the plan has given up: the originals of accepted merges, and
objects it wrote whose event is gone from the database (an undone merge, an event a feed
dropped); never an object of someone else that leanmeet does not hold (a task, an event it
could not read), and never an event merely outside the pushed window. A push does not move
the pull's sync-token on, so what others changed meanwhile still comes with the next pull.

Nothing is written locally before every request of a pull or push has succeeded: a server
that is down, refuses the login (401/403), fails (5xx) or times out gives a ``SyncError``
(one line) and leaves the database as it was. Passwords live in memory only.

Sync state, in tables of our own:
  caldav_calendars  one per calendar URL: feed, display name, sync-token, ctag
  caldav_objects    one per object: calendar URL, href, uid, etag, ``canon`` (the hash of the
                    content we last saw there, see ``canonical_hash``), ``ours`` (we wrote it)
"""

from __future__ import annotations

import hashlib
import logging
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tinydb import where

from leanmeet.storage.ics_reader import (
    Problem,
    SourceError,
    parse_feed,
    record_key,
    split_calendars,
)
from leanmeet.storage.repository import FeedText, ImportResult, Repository

CAL_TABLE = "caldav_calendars"
OBJ_TABLE = "caldav_objects"
FEED_PREFIX = "caldav:"
ORIGIN_PREFIX = "caldav+"  # feeds table: sources = ["caldav+https://host/path/"]
MULTIGET_BATCH = 500
DEFAULT_TIMEOUT = 30.0

DAV, CALDAV, CS = "DAV:", "urn:ietf:params:xml:ns:caldav", "http://calendarserver.org/ns/"
_XML = '<?xml version="1.0" encoding="utf-8"?>\n'
_PROPS_CALENDAR = (
    f'{_XML}<d:propfind xmlns:d="DAV:" xmlns:c="{CALDAV}" xmlns:cs="{CS}"><d:prop>'
    "<d:resourcetype/><d:displayname/>"
    "<c:calendar-home-set/><c:supported-calendar-component-set/>"
    "</d:prop></d:propfind>"
)
_PROPS_PRINCIPAL = (
    f'{_XML}<d:propfind xmlns:d="DAV:" xmlns:c="{CALDAV}"><d:prop>'
    "<d:current-user-principal/><c:calendar-home-set/></d:prop></d:propfind>"
)
_PROPS_CTAG = f'{_XML}<d:propfind xmlns:d="DAV:" xmlns:cs="{CS}"><d:prop><cs:getctag/>' \
              "</d:prop></d:propfind>"
_PROPS_ETAG = f'{_XML}<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/>' \
              "</d:prop></d:propfind>"
_SYNC = (
    f'{_XML}<d:sync-collection xmlns:d="DAV:" xmlns:c="{CALDAV}"><d:sync-token>{{token}}'
    "</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/>{data}</d:prop>"
    "</d:sync-collection>"
)
_MULTIGET = (
    f'{_XML}<c:calendar-multiget xmlns:d="DAV:" xmlns:c="{CALDAV}"><d:prop><d:getetag/>'
    "<c:calendar-data/></d:prop>{hrefs}</c:calendar-multiget>"
)
_MKCALENDAR = (
    f'{_XML}<c:mkcalendar xmlns:d="DAV:" xmlns:c="{CALDAV}"><d:set><d:prop>'
    "<d:displayname>{name}</d:displayname><c:supported-calendar-component-set>"
    '<c:comp name="VEVENT"/></c:supported-calendar-component-set></d:prop></d:set>'
    "</c:mkcalendar>"
)


class SyncError(Exception):
    """The server could not be used (down, login refused, server error, timeout...).

    The message is one line, names the server (never a password) and says what to do;
    nothing was changed in the local database."""


class SyncUsageError(Exception):
    """The request cannot be carried out as given (unknown calendar, no target...)."""


# --- small helpers ----------------------------------------------------------------------------


def public_url(url: str) -> str:
    """The URL without user name or password (for messages and for storing)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def normalize_href(href: str) -> str:
    """One spelling per path: percent-decoded, then re-encoded the same way every time."""
    path = urllib.parse.urlsplit(href).path or href
    return urllib.parse.quote(urllib.parse.unquote(path), safe="/")


def _etag(value: str | None) -> str | None:
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


def _looks_like_calendar(text: str) -> bool:
    head = text.lstrip("\ufeff \r\n\t")[:15].upper()
    tail = text.rstrip()[-13:].upper()
    return head.startswith("BEGIN:VCALENDAR") and tail.endswith("END:VCALENDAR")


# --- the server -------------------------------------------------------------------------------


@dataclass
class RemoteCalendar:
    url: str  # absolute, ends with "/"
    name: str  # display name, else the last path segment
    ctag: str | None = None  # asked for only on servers without sync-collection

    @property
    def segment(self) -> str:
        return urllib.parse.unquote(self.url.rstrip("/").rsplit("/", 1)[-1])

    def matches(self, wanted: str) -> bool:
        wanted = wanted.strip().casefold()
        return wanted in (self.name.casefold(), self.segment.casefold())


@dataclass
class _Response:
    status: int
    headers: Any
    tree: Any  # lxml element of a multistatus, or None
    raw: bytes


@dataclass
class Listing:
    """What a calendar holds, or what changed in it since a sync-token."""

    token: str | None
    etags: dict[str, str | None] = field(default_factory=dict)  # href -> etag
    deleted: set[str] = field(default_factory=set)  # hrefs removed (sync-token listings)
    complete: bool = True  # etags lists every object (missing ones were deleted)
    bodies: dict[str, str] = field(default_factory=dict)  # href -> text, when sent along


class Server:
    """A CalDAV server reached with the ``caldav`` library's client (niquests session, HTTP
    authentication, TLS verified). Every failure becomes a one-line ``SyncError``."""

    def __init__(self, url: str, *, username: str | None = None, password: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, ca_file: str | None = None) -> None:
        import caldav

        # caldav logs every request and, at its default level, pretty-prints every response
        # (slow for big calendars); only its warnings are of interest.
        logging.getLogger("caldav").setLevel(logging.ERROR)
        parts = urllib.parse.urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise SyncUsageError(f"{public_url(url)!r} is not an http(s) URL of a CalDAV server")
        if parts.password is not None:
            raise SyncUsageError(
                f"{public_url(url)}: do not put a password in the URL; give it in an "
                "environment variable (--password-env VAR) or type it when asked")
        if parts.username is not None and username is None:
            username = urllib.parse.unquote(parts.username)
        self.url = public_url(url)
        if not urllib.parse.urlsplit(self.url).path:
            self.url += "/"
        self.username = username
        self.timeout = timeout
        self.client = caldav.DAVClient(
            url=self.url, username=username, password=password, timeout=timeout,
            ssl_verify_cert=ca_file or True, enable_rfc6764=False)
        self.host = f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"

    # ---------------------------------------------------------------- transport
    def absolute(self, href: str) -> str:
        return urllib.parse.urljoin(self.url, href)

    def request(self, method: str, url: str, body: str | bytes = "",
                headers: dict[str, str] | None = None, *,
                expected: Sequence[int] = (200, 201, 204, 207),
                allowed: Sequence[int] = ()) -> _Response:
        """Send one request; statuses in ``allowed`` are returned to the caller (for
        conditional writes), anything else unexpected raises SyncError."""
        import niquests
        from caldav.lib import error

        where_ = public_url(url)
        try:
            response = self.client.request(url, method, body, headers or {})
        except error.AuthorizationError as exc:
            status = exc.status or 401
            if status in allowed or (exc.preconditions and 403 in allowed):
                return _Response(status, {}, None, exc.body if isinstance(exc.body, bytes)
                                 else (exc.body or "").encode())
            raise SyncError(self._auth_message(status, where_)) from None
        except error.RateLimitError as exc:
            raise SyncError(f"{where_}: the server is busy or unavailable (HTTP "
                            f"{exc.status or 503}); try again later; nothing was changed") \
                from None
        except error.DAVError as exc:
            raise SyncError(f"{where_}: {exc.reason}; nothing was changed") from None
        except niquests.exceptions.SSLError as exc:
            raise SyncError(f"{where_}: the TLS certificate could not be verified "
                            f"({_short(exc)}); give the office's CA with --ca-file; "
                            "nothing was changed") from None
        except niquests.exceptions.Timeout:
            raise SyncError(f"{where_}: no answer within {self.timeout:g} s (timeout); "
                            "nothing was changed") from None
        except niquests.exceptions.ConnectionError as exc:
            raise SyncError(f"{where_}: cannot connect ({_short(exc)}); is the server "
                            "running? nothing was changed") from None
        except niquests.exceptions.RequestException as exc:
            raise SyncError(f"{where_}: request failed ({_short(exc)}); nothing was changed") \
                from None
        raw = getattr(response, "_raw", b"") or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        result = _Response(response.status, response.headers, getattr(response, "tree", None),
                           raw)
        if result.status in expected or result.status in allowed:
            return result
        if result.status in (401, 403):
            raise SyncError(self._auth_message(result.status, where_))
        reason = getattr(response, "reason", "") or ""
        if result.status >= 500:
            raise SyncError(f"{where_}: server error (HTTP {result.status}"
                            f"{' ' + reason if reason else ''}); try again later; nothing was "
                            "changed")
        if result.status == 404:
            raise SyncError(f"{where_}: not found (HTTP 404); check the URL; nothing was "
                            "changed")
        raise SyncError(f"{where_}: unexpected answer to {method} (HTTP {result.status}"
                        f"{' ' + reason if reason else ''}); nothing was changed")

    def _auth_message(self, status: int, where_: str) -> str:
        if status == 401:
            if self.username is None:
                return (f"{where_}: the server asks for a login (HTTP 401); give --user NAME "
                        "and --password-env VAR; nothing was changed")
            return (f"{where_}: the server refused the login of {self.username!r} (HTTP 401); "
                    "check the user name and password; nothing was changed")
        who = f" to {self.username!r}" if self.username else ""
        return (f"{where_}: access forbidden{who} (HTTP 403); ask the server's administrator "
                "for access to this calendar; nothing was changed")

    def _multistatus(self, response: _Response, where_: str):
        if response.tree is None:
            from lxml import etree

            try:
                return etree.fromstring(response.raw, parser=etree.XMLParser(
                    resolve_entities=False, no_network=True, huge_tree=True))
            except Exception:
                raise SyncError(f"{where_}: the server's answer is not WebDAV XML (is this a "
                                "CalDAV URL?); nothing was changed") from None
        return response.tree

    def _propfind(self, url: str, body: str, depth: int) -> list[tuple[str, int, dict]]:
        """(href, status, {clark tag: element}) for each response of a PROPFIND."""
        response = self.request("PROPFIND", url, body, {
            "Depth": str(depth), "Content-Type": "application/xml; charset=utf-8"})
        return _responses(self._multistatus(response, public_url(url)))

    # ---------------------------------------------------------------- discovery
    def calendars(self) -> tuple[list[RemoteCalendar], str]:
        """The calendars at the URL: the calendar itself, the calendars inside the
        collection, or (for a server root) those of the user's calendar home.
        Returns (calendars, home URL where new calendars are made)."""
        rows = self._propfind(self.url, _PROPS_CALENDAR, 0)
        if not rows:
            raise SyncError(f"{self.url}: the server's answer lists nothing; is this a CalDAV "
                            "URL? nothing was changed")
        _, _, props = rows[0]
        if _is_calendar(props):
            parent = self.url.rstrip("/").rsplit("/", 1)[0] + "/"
            return [_calendar(self.url, props)], parent
        home = self.url
        if urllib.parse.urlsplit(self.url).path in ("", "/"):
            home = self._home(props) or self.url
        found = [
            _calendar(self.absolute(href), p)
            for href, status, p in self._propfind(home, _PROPS_CALENDAR, 1)
            if status < 300 and _is_calendar(p)
            and normalize_href(href) != normalize_href(urllib.parse.urlsplit(home).path)
        ]
        return found, home

    def _home(self, props: dict) -> str | None:
        """The user's calendar home, found from a server root (RFC 4791 §6.2.1)."""
        home = _href_of(props.get(f"{{{CALDAV}}}calendar-home-set"))
        if home:
            return self.absolute(home)
        rows = self._propfind(self.url, _PROPS_PRINCIPAL, 0)
        principal = _href_of(rows[0][2].get(f"{{{DAV}}}current-user-principal")) if rows else None
        if principal:
            rows = self._propfind(self.absolute(principal), _PROPS_CALENDAR, 0)
            if rows:
                home = _href_of(rows[0][2].get(f"{{{CALDAV}}}calendar-home-set"))
                if home:
                    return self.absolute(home)
        return None

    def make_calendar(self, home: str, name: str) -> RemoteCalendar:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name.strip()).strip("-.").lower() or "leanmeet"
        url = urllib.parse.urljoin(home if home.endswith("/") else home + "/", slug + "/")
        from xml.sax.saxutils import escape

        self.request("MKCALENDAR", url, _MKCALENDAR.format(name=escape(name)),
                     {"Content-Type": "application/xml; charset=utf-8"}, expected=(200, 201))
        rows = self._propfind(url, _PROPS_CALENDAR, 0)
        return _calendar(url, rows[0][2] if rows else {})

    # ---------------------------------------------------------------- reading
    def changes(self, calendar: RemoteCalendar, token: str | None, *,
                with_bodies: bool = False) -> Listing | None:
        """sync-collection REPORT since ``token`` (None: everything). Returns None when the
        server cannot do it, or when it no longer knows the token (the caller falls back to
        a full listing)."""
        data = "<c:calendar-data/>" if with_bodies else ""
        body = _SYNC.format(token=_xml_text(token or ""), data=data)
        response = self.request("REPORT", calendar.url, body, {
            "Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            allowed=(400, 403, 405, 409, 412, 415, 501))
        if response.status != 207:
            return None  # no sync-collection here, or a token the server forgot
        root = self._multistatus(response, calendar.url)
        listing = Listing(token=_text(root.find(f"{{{DAV}}}sync-token")), complete=token is None)
        base = normalize_href(urllib.parse.urlsplit(calendar.url).path)
        for href, status, props in _responses(root):
            href = normalize_href(href)
            if href == base:
                continue
            if status == 404:
                listing.deleted.add(href)
                continue
            if status >= 300 or _is_collection(props):
                continue
            listing.etags[href] = _etag(_text(props.get(f"{{{DAV}}}getetag")))
            text = _text(props.get(f"{{{CALDAV}}}calendar-data"))
            if text:
                listing.bodies[href] = text
        if not listing.token:
            return None
        return listing

    def etags(self, calendar: RemoteCalendar) -> Listing:
        """Every object of the calendar with its etag (a PROPFIND, no bodies)."""
        listing = Listing(token=None, complete=True)
        base = normalize_href(urllib.parse.urlsplit(calendar.url).path)
        for href, status, props in self._propfind(calendar.url, _PROPS_ETAG, 1):
            href = normalize_href(href)
            if href == base or status >= 300 or _is_collection(props):
                continue
            listing.etags[href] = _etag(_text(props.get(f"{{{DAV}}}getetag")))
        return listing

    def ctag(self, calendar: RemoteCalendar) -> str | None:
        """The calendar's ctag (CalendarServer's getctag), for servers without sync-tokens
        (asked for separately: computing it costs a server as much as a sync-token)."""
        rows = self._propfind(calendar.url, _PROPS_CTAG, 0)
        return (_text(rows[0][2].get(f"{{{CS}}}getctag")) or None) if rows else None

    def fetch(self, calendar: RemoteCalendar, hrefs: Iterable[str]
              ) -> dict[str, tuple[str | None, str]]:
        """href -> (etag, text) for the given objects (calendar-multiget, in batches).
        Objects gone in the meantime are left out."""
        from xml.sax.saxutils import escape

        wanted = list(dict.fromkeys(hrefs))
        out: dict[str, tuple[str | None, str]] = {}
        for start in range(0, len(wanted), MULTIGET_BATCH):
            batch = wanted[start:start + MULTIGET_BATCH]
            body = _MULTIGET.format(hrefs="".join(f"<d:href>{escape(h)}</d:href>" for h in batch))
            response = self.request("REPORT", calendar.url, body, {
                "Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
            for href, status, props in _responses(self._multistatus(response, calendar.url)):
                text = _text(props.get(f"{{{CALDAV}}}calendar-data"))
                if status < 300 and text:
                    out[normalize_href(href)] = (_etag(_text(props.get(f"{{{DAV}}}getetag"))),
                                                 text)
        return out

    # ---------------------------------------------------------------- writing
    def put(self, href: str, text: str, *, etag: str | None) -> tuple[bool, str | None]:
        """Conditional PUT: If-Match ``etag``, or If-None-Match * when etag is None.
        Returns (written, new etag); (False, None) when the precondition failed (someone
        else changed or created the object)."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        else:
            headers["If-None-Match"] = "*"
        response = self.request("PUT", self.absolute(href), text.encode("utf-8"), headers,
                                expected=(200, 201, 204), allowed=(403, 409, 412))
        if response.status in (403, 409, 412):
            return False, None
        return True, _etag(response.headers.get("ETag") if response.headers else None)

    def delete(self, href: str, *, etag: str | None) -> bool:
        headers = {"If-Match": etag} if etag else {}
        response = self.request("DELETE", self.absolute(href), "", headers,
                                expected=(200, 204), allowed=(404, 412))
        return response.status != 412


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "Connection refused" in text or "ConnectionRefused" in text:
        return "connection refused"
    return text[:160]


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def _text(element) -> str | None:
    if element is None:
        return None
    return element.text


def _href_of(element) -> str | None:
    if element is None:
        return None
    href = element.find(f"{{{DAV}}}href")
    return href.text.strip() if href is not None and href.text else None


def _responses(root) -> list[tuple[str, int, dict]]:
    out = []
    for response in root.findall(f"{{{DAV}}}response"):
        href = response.findtext(f"{{{DAV}}}href") or ""
        status_el = response.find(f"{{{DAV}}}status")
        props: dict = {}
        status = _status(status_el.text) if status_el is not None else 200
        best = None
        for propstat in response.findall(f"{{{DAV}}}propstat"):
            code = _status(propstat.findtext(f"{{{DAV}}}status") or "")
            if code < 300:
                prop = propstat.find(f"{{{DAV}}}prop")
                if prop is not None:
                    for child in prop:
                        props[child.tag] = child
                best = code
            elif best is None and status_el is None:
                best = code
        if status_el is None and best is not None and not props:
            status = best
        out.append((href.strip(), status, props))
    return out


def _status(line: str) -> int:
    match = re.search(r"\s(\d{3})(\s|$)", " " + (line or ""))
    return int(match.group(1)) if match else 200


def _is_collection(props: dict) -> bool:
    rtype = props.get(f"{{{DAV}}}resourcetype")
    return rtype is not None and rtype.find(f"{{{DAV}}}collection") is not None


def _is_calendar(props: dict) -> bool:
    rtype = props.get(f"{{{DAV}}}resourcetype")
    if rtype is None or rtype.find(f"{{{CALDAV}}}calendar") is None:
        return False
    comps = props.get(f"{{{CALDAV}}}supported-calendar-component-set")
    if comps is None or not len(comps):
        return True
    return any((c.get("name") or "").upper() == "VEVENT" for c in comps)


def _calendar(url: str, props: dict) -> RemoteCalendar:
    url = url if url.endswith("/") else url + "/"
    name = (_text(props.get(f"{{{DAV}}}displayname")) or "").strip()
    cal = RemoteCalendar(url, name)
    if not cal.name or "/" in cal.name:  # Radicale names an unnamed collection by its path
        cal.name = cal.segment
    return cal


# --- sync state -------------------------------------------------------------------------------


@dataclass
class CalendarState:
    url: str
    feed: str | None = None
    name: str = ""
    token: str | None = None
    ctag: str | None = None
    objects: dict[str, dict] = field(default_factory=dict)  # href -> {uid, etag, canon, ours}

    def href_of(self, uid: str) -> str | None:
        for href, obj in self.objects.items():
            if obj.get("uid") == uid:
                return href
        return None


def load_state(repo: Repository, url: str) -> CalendarState:
    with repo.db.read() as db:
        row = db.table(CAL_TABLE).get(where("url") == url)
        objects = {
            doc["href"]: {"uid": doc.get("uid"), "etag": doc.get("etag"),
                          "canon": doc.get("canon"), "ours": bool(doc.get("ours"))}
            for doc in db.table(OBJ_TABLE).search(where("cal") == url)
        }
    if row is None:
        return CalendarState(url, objects=objects)
    return CalendarState(url, row.get("feed"), row.get("name", ""), row.get("token"),
                         row.get("ctag"), objects)


def _save_state(db, state: CalendarState, changed: dict[str, dict | None],
                *, keep_token: bool = False) -> None:
    """Write the calendar row and the objects in ``changed`` (href -> row, None: gone)."""
    cals = db.table(CAL_TABLE)
    row = {"url": state.url, "feed": state.feed, "name": state.name, "ctag": state.ctag}
    previous = cals.get(where("url") == state.url)
    row["token"] = previous.get("token") if (keep_token and previous) else state.token
    if previous is None:
        cals.insert(row)
    else:
        cals.update(row, doc_ids=[previous.doc_id])
    if not changed:
        return
    objects = db.table(OBJ_TABLE)
    old = {h for h in changed if h in state.objects}
    if old:
        objects.remove((where("cal") == state.url) & where("href").one_of(old))
    objects.insert_multiple(
        {"cal": state.url, "href": href, **obj} for href, obj in changed.items() if obj is not None)


def known_calendars(repo: Repository) -> list[dict]:
    with repo.db.read() as db:
        return [dict(row) for row in db.table(CAL_TABLE).all()]


def _feed_name(repo: Repository, calendar: RemoteCalendar, state: CalendarState) -> str:
    if state.feed:
        return state.feed
    taken = {row["feed"] for row in known_calendars(repo)
             if row.get("feed") and row["url"] != calendar.url}
    taken |= {f["name"] for f in repo.feeds()
              if not any(str(s).startswith(ORIGIN_PREFIX) for s in f.get("sources", []))}
    base = FEED_PREFIX + (calendar.name or calendar.segment)
    name, n = base, 2
    while name in taken:
        host = urllib.parse.urlsplit(calendar.url).hostname or "server"
        name = f"{base}@{host}" if n == 2 else f"{base}@{host}-{n}"
        n += 1
    return name


# --- pull -------------------------------------------------------------------------------------


@dataclass
class PullResult:
    calendar: RemoteCalendar
    feed: str
    imported: ImportResult
    downloaded: int = 0  # event bodies fetched
    deleted: int = 0  # events removed because the server removed them
    how: str = ""  # sync-token, ctag, etags, full

    def summary(self) -> str:
        r = self.imported
        return (f"{self.feed}: {r.added} added, {r.updated} updated, {r.unchanged} unchanged, "
                f"{r.removed + self.deleted} removed, {r.skipped} skipped "
                f"({self.downloaded} downloaded)")


def pull(server: Server, repo: Repository, *, calendar: str | None = None,
         use_sync_token: bool = True) -> list[PullResult]:
    """Pull the calendars at the server URL (or the one named) into their feeds.

    All network requests happen first; the database is written only when they all
    succeeded (SyncError otherwise, nothing changed)."""
    calendars, _ = server.calendars()
    if calendar:
        chosen = [c for c in calendars if c.matches(calendar)]
        if not chosen:
            names = ", ".join(sorted(c.name for c in calendars)) or "none"
            raise SyncUsageError(f"{server.url}: no calendar named {calendar!r} "
                                 f"(calendars there: {names})")
        calendars = chosen
    plans = [_plan_pull(server, repo, cal, use_sync_token) for cal in calendars]
    return [_apply_pull(repo, plan) for plan in plans]


@dataclass
class _PullPlan:
    calendar: RemoteCalendar
    state: CalendarState
    token: str | None
    bodies: dict[str, tuple[str | None, str]]  # href -> (etag, text) downloaded
    deleted: set[str]  # hrefs gone from the server
    etags: dict[str, str | None]  # href -> etag of every object now known unchanged/changed
    how: str


def _plan_pull(server: Server, repo: Repository, calendar: RemoteCalendar,
               use_sync_token: bool) -> _PullPlan:
    state = load_state(repo, calendar.url)
    known = state.objects
    listing: Listing | None = None
    how = "full"
    if use_sync_token:  # (a server without sync-collection answers the REPORT with an error)
        if state.token:
            listing = server.changes(calendar, state.token)
            how = "sync-token"
        if listing is None and not known:
            # first pull: the listing brings the bodies along (one request)
            listing = server.changes(calendar, None, with_bodies=True)
            how = "full"
        if listing is None:
            listing = server.changes(calendar, None)
            how = "etags"
    if listing is None:
        calendar.ctag = server.ctag(calendar)
        if calendar.ctag and state.ctag == calendar.ctag and known:
            listing = Listing(token=None, complete=False)
            how = "ctag"
        else:
            listing = server.etags(calendar)
            how = "etags" if known else "full"
    changed = [h for h, etag in listing.etags.items()
               if h not in listing.bodies and (h not in known or known[h].get("etag") != etag
                                               or etag is None)]
    bodies = {h: (listing.etags.get(h), t) for h, t in listing.bodies.items()
              if h not in known or known[h].get("etag") != listing.etags.get(h)
              or listing.etags.get(h) is None}
    if changed:
        bodies.update(server.fetch(calendar, changed))
    deleted = {h for h in listing.deleted if h in known}
    if listing.complete:
        deleted |= {h for h in known if h not in listing.etags}
    return _PullPlan(calendar, state, listing.token, bodies, deleted,
                     listing.etags, how)


def _apply_pull(repo: Repository, plan: _PullPlan) -> PullResult:
    state, calendar = plan.state, plan.calendar
    feed = _feed_name(repo, calendar, state)
    origin = [ORIGIN_PREFIX + calendar.url]
    sources: list[FeedText] = []
    uids: dict[str, str | None] = {}
    problems: list[Problem] = []
    for href, (_, text) in sorted(plan.bodies.items()):
        name = f"{calendar.url.rstrip('/')}/{href.rsplit('/', 1)[-1]}"
        if not _looks_like_calendar(text):
            try:
                split_calendars(text, name)
            except SourceError as exc:
                problems.append(Problem(name, 1, str(exc)))
                uids[href] = None
                continue
        sources.append(FeedText(name, text))
        uids[href] = object_uid(text)
    try:
        if sources or feed not in {f["name"] for f in repo.feeds()}:
            result = repo.import_feed(feed, sources, complete=False, origin=origin)
        else:  # nothing new: the feed (and its import time) stays as it was
            result = ImportResult(feed)
    except SourceError:  # an object that only looked like a calendar: leave out the bad ones
        good = []
        for source in sources:
            try:
                split_calendars(source.text, source.source)
                good.append(source)
            except SourceError as exc:
                problems.append(Problem(source.source, 1, str(exc)))
        result = repo.import_feed(feed, good, complete=False, origin=origin)
    result.problems[:0] = problems
    # Events to remove: those of deleted objects, those an object no longer holds (its UID
    # changed, or an override of a series went away).
    new_uids = {u for u in uids.values() if u}
    remaining = {obj.get("uid") for h, obj in state.objects.items()
                 if h not in plan.deleted and h not in plan.bodies}
    gone_uids = {state.objects[h].get("uid") for h in plan.deleted} - new_uids - remaining
    for href, uid in uids.items():
        old = state.objects.get(href, {}).get("uid")
        if old and old != uid and old not in new_uids and old not in remaining:
            gone_uids.add(old)
    gone_uids.discard(None)
    stale: dict[str, set[str]] = {}  # uid -> keys the object holds now
    skipped = {p.uid for p in result.problems if p.skipped and p.uid}
    for href, (_, text) in plan.bodies.items():
        uid = uids.get(href)
        if href in state.objects and uid and uid not in skipped:
            try:
                parsed = parse_feed(text, href, feed)
            except SourceError:
                continue
            if parsed.skipped:
                continue
            stale[uid] = {record_key(r) for r in parsed.records}
    changed: dict[str, dict | None] = {h: None for h in plan.deleted}
    for href, (etag, text) in plan.bodies.items():
        old = state.objects.get(href, {})
        changed[href] = {"uid": uids.get(href), "etag": etag or plan.etags.get(href),
                         "canon": canonical_hash(text), "ours": bool(old.get("ours"))}
    state.feed, state.name = feed, calendar.name
    state.token, state.ctag = plan.token, calendar.ctag
    removed = 0
    with repo.db.write() as db:
        events = db.table("events")
        for uid in sorted(gone_uids):
            removed += len(events.remove((where("feed") == feed) & (where("uid") == uid)))
        for uid, keys in stale.items():
            removed += len(events.remove((where("feed") == feed) & (where("uid") == uid)
                                         & ~where("k").one_of(sorted(keys))))
        _save_state(db, state, changed)
    return PullResult(calendar, feed, result, downloaded=len(plan.bodies), deleted=removed,
                      how=plan.how)


# --- push -------------------------------------------------------------------------------------


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


@dataclass
class PushResult:
    calendar: RemoteCalendar
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    adopted: int = 0  # already on the server as we would write it (an interrupted push)
    conflicts: list[str] = field(default_factory=list)
    created_calendar: bool = False

    def summary(self) -> str:
        made = " (calendar created)" if self.created_calendar else ""
        return (f"pushed to {self.calendar.name}{made}: {self.added} added, {self.updated} "
                f"updated, {self.deleted} deleted, {self.unchanged + self.adopted} unchanged, "
                f"{len(self.conflicts)} conflicts")


def choose_target(server: Server, calendar: str | None, *, create: bool = True
                  ) -> tuple[RemoteCalendar, bool]:
    """The calendar to push to: the calendar URL itself, or the one named (made when it is
    missing). Returns (calendar, created)."""
    calendars, home = server.calendars()
    single = len(calendars) == 1 and normalize_href(urllib.parse.urlsplit(
        calendars[0].url).path) == normalize_href(urllib.parse.urlsplit(server.url).path)
    if calendar:
        chosen = [c for c in calendars if c.matches(calendar)]
        if chosen:
            return chosen[0], False
        if single:
            raise SyncUsageError(f"{server.url} is the calendar {calendars[0].name!r}; "
                                 f"--calendar {calendar!r} names another one")
        if not create:
            raise SyncUsageError(f"{server.url}: no calendar named {calendar!r}")
        return server.make_calendar(home, calendar), True
    if single:
        return calendars[0], False
    names = ", ".join(sorted(c.name for c in calendars)) or "none yet"
    raise SyncUsageError(f"{server.url}: which calendar should the plan go to? give "
                         f"--calendar NAME (calendars there: {names}) or the calendar's URL")


def _local_uids(repo: Repository) -> set[str]:
    with repo.db.read() as db:
        return {doc["uid"] for doc in db.table("events").all()}


def push(server: Server, repo: Repository, plan_text: str, *, calendar: str | None = None,
         target: RemoteCalendar | None = None) -> PushResult:
    """Write the exported plan to the target calendar (see the module docstring).

    The database (sync state only) is written once, after every request succeeded."""
    created = False
    if target is None:
        target, created = choose_target(server, calendar)
    result = PushResult(target, created_calendar=created)
    objects = split_objects(plan_text)
    state = load_state(repo, target.url)
    listing = server.etags(target)
    base = normalize_href(urllib.parse.urlsplit(target.url).path)
    href_of_uid = {obj["uid"]: h for h, obj in state.objects.items() if obj.get("uid")}
    changed: dict[str, dict | None] = {}
    to_compare: dict[str, tuple[str, str, str]] = {}  # href -> (uid, text, canon)
    writes: list[tuple[str, str, str, str, str | None]] = []  # href, uid, text, canon, etag

    for uid, text in objects.items():
        href = href_of_uid.get(uid) or normalize_href(base + object_name(uid))
        canon = canonical_hash(text)
        rec = state.objects.get(href)
        on_server = href in listing.etags
        if not on_server:
            if rec is not None and rec.get("etag"):
                result.conflicts.append(
                    f"{uid} ({_summary(text)}): deleted on the server since your last pull; "
                    "not written again this time (push again to restore it)")
                changed[href] = None
                continue
            writes.append((href, uid, text, canon, None))
            continue
        server_etag = listing.etags[href]
        if rec is not None and rec.get("etag") and rec["etag"] == server_etag:
            if rec.get("canon") == canon:
                result.unchanged += 1
            else:
                writes.append((href, uid, text, canon, server_etag))
            continue
        to_compare[href] = (uid, text, canon)

    if to_compare:  # the server's copy changed since we saw it (or we never saw it)
        bodies = server.fetch(target, to_compare)
        for href, (uid, text, canon) in to_compare.items():
            rec = state.objects.get(href) or {}
            etag, body = bodies.get(href, (listing.etags.get(href), ""))
            if body and canonical_hash(body) == canon:
                result.adopted += 1
                changed[href] = {"uid": uid, "etag": etag or listing.etags.get(href),
                                 "canon": canon, "ours": True}
            elif rec.get("canon") == canon:
                result.unchanged += 1  # someone else changed it; we have nothing new
            else:
                who = "changed on the server since your last pull" if rec.get("etag") else \
                    "already on the server with other content"
                result.conflicts.append(
                    f"{uid} ({_summary(text)}): {who}; the server copy was kept, yours stays "
                    "in your database (pull, then push again to combine them)")

    for href, uid, text, canon, etag in writes:
        written, new_etag = server.put(href, text, etag=etag)
        if not written:
            result.conflicts.append(
                f"{uid} ({_summary(text)}): changed on the server while pushing; the server "
                "copy was kept, yours stays in your database (pull, then push again)")
            continue
        if etag is None:
            result.added += 1
        else:
            result.updated += 1
        changed[href] = {"uid": uid, "etag": new_etag, "canon": canon, "ours": True}

    # objects the plan no longer has: merged-away originals, and what we wrote that is gone
    # from the database; never what others wrote that leanmeet does not hold
    superseded = {uid for uid, rid in repo.superseded_keys() if rid is None}
    local = _local_uids(repo)
    for href, rec in state.objects.items():
        uid = rec.get("uid")
        if not uid or uid in objects or href in changed:
            continue
        if href not in listing.etags:
            changed[href] = None  # gone already
            continue
        if not (uid in superseded or (rec.get("ours") and uid not in local)):
            continue
        if listing.etags[href] != rec.get("etag"):
            result.conflicts.append(f"{uid}: changed on the server since your last pull; not "
                                    "deleted (pull, then push again)")
            continue
        if server.delete(href, etag=rec.get("etag")):
            result.deleted += 1
            changed[href] = None
        else:
            result.conflicts.append(f"{uid}: changed on the server while pushing; not deleted")

    missing = [h for h, e in ((h, c) for h, c in changed.items() if c is not None)
               if not e.get("etag")]
    if missing:  # a server that answers a PUT without ETag: ask for the etags
        now = server.etags(target).etags
        for href in missing:
            changed[href]["etag"] = now.get(href)
    state.name = target.name
    with repo.db.write() as db:
        _save_state(db, state, changed, keep_token=True)
    return result


def _summary(text: str) -> str:
    match = re.search(r"^SUMMARY[^:\r\n]*:(.*?)\r?$", _UNFOLD.sub("", text),
                      re.MULTILINE | re.IGNORECASE)
    summary = match.group(1).strip() if match else ""
    return summary.replace("\\,", ",").replace("\\;", ";")[:60] or "no title"
