"""The CalDAV protocol client: discovery, listings (sync-token, ctag, etags), downloads,
conditional writes and deletes, with the ``caldav`` library's API.

The library does the protocol (caldav 3.6; storage.caldav.transport bounds all of it:
answer size, whole-operation deadline, retries, threads; each thread has its own
``DAVClient``, whose session is transport.BoundedSession):

- **writes**: ``CalendarObjectResource.save(raw_data=..., no_overwrite=...,
  precondition="etag")`` sends our text unchanged with ``If-None-Match: *`` for a new object
  or ``If-Match`` the etag we last saw (put in the object's ``props``, where the library
  keeps it), and reads the new ETag back; a failed precondition is its
  ``ConsistencyError``/``ETagMismatchError`` (412), which ``put`` reports as "someone else
  changed it". Objects are addressed by URL, without a parent calendar, so the library
  sends the PUT alone (with a parent it would first search the UID with a REPORT per object
  on servers it does not know; our hrefs are derived from the UIDs, objects.object_name).
- **deletes**: ``CalendarObjectResource.delete(if_match=etag)``.
- **sync-token**: ``Calendar.get_objects_by_sync_token(token, disable_fallback=True)``
  (RFC 6578, truncated answers followed page by page; ``changes``).
- **downloads**: ``Calendar.multiget`` (calendar-multiget) in batches of MULTIGET_BATCH,
  several in flight (``fetch``).
- **PROPFIND**: ``DAVObject.get_properties`` builds every PROPFIND (calendars, etags,
  ctag); **discovery** of a user's calendar home from a server root is the library's
  (``principal().calendar_home_set``), new calendars are ``CalendarSet.make_calendar``.
- every answer is parsed by the library (lxml, entities off; transport refuses a DTD).

Ours, where the library falls short:

- ``_everything``: the very first pull of a calendar is one sync-collection REPORT that
  asks for the bodies too (the one hand-written request body, _SYNC_WITH_BODIES): the
  library's sync-token API asks for etags only and loads bodies one GET per object
  (``load_objects=True``: 2,000 requests for 2,000 events), and ``search()`` would be a
  second request whose answer is not the same snapshot as the sync-token's.
- ``calendars`` reads the PROPFIND multistatus itself: one request tells whether the URL is
  a calendar, a calendar home or a server root, with each calendar's component set (a
  calendar without VEVENT is skipped); ``CalendarSet.get_calendars`` lists only what is
  inside a collection and keeps no component set, and ``Principal.calendars`` needs a
  principal. The library has no element for CalendarServer's ``getctag`` (``_GetCTag``).
- the library's client neither caps an answer's size nor bounds a whole operation in time,
  and raises on a non-XML error body: storage.caldav.transport, and ``guarded`` turns
  every failure into one line.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from typing import Any, TypeVar

import caldav
import niquests
from caldav.elements import cdav, dav
from caldav.elements.base import BaseElement
from caldav.lib import error
from caldav.lib.url import URL
from caldav.response import DAVResponse
from lxml import etree

from leanmeet.storage.caldav import transport
from leanmeet.storage.caldav.objects import etag_value, normalize_href
from leanmeet.storage.caldav.transport import (
    ATTEMPTS,
    WORKER_PREFIX,
    WORKERS,
    BoundedSession,
    Deadline,
    DeadlineExceeded,
    LoginNeeded,
    Pool,
    ResponseTooLarge,
    SyncError,
    SyncUsageError,
    UnsafeAnswer,
    public_url,
)

_SKIPPED = object()
T = TypeVar("T")
_WRITES = ("PUT", "DELETE", "MKCALENDAR")


class _Locked(Exception):
    """HTTP 423 (or a 5xx to a write among others): the server is busy with another write
    to this collection. ``failure``: the error to report if it persists (5xx)."""

    def __init__(self, failure: SyncError | None) -> None:
        super().__init__()
        self.failure = failure

MULTIGET_BATCH = 250
#: After a 423 Locked (or a 5xx to a write among others), this many writes go one at a time
#: before several are in flight again (one busy moment does not slow the whole push).
SERIAL_WRITES = 25
#: The whole sync (``--timeout``), seconds.
DEFAULT_TIMEOUT = 600.0

DAV, CALDAV, CS = "DAV:", "urn:ietf:params:xml:ns:caldav", "http://calendarserver.org/ns/"
_XML = '<?xml version="1.0" encoding="utf-8"?>\n'


class _GetCTag(BaseElement):
    """CalendarServer's getctag (the library has no element for it)."""

    tag = f"{{{CS}}}getctag"


#: PROPFIND properties (the library's ``DAVObject.get_properties`` builds the body)
_PROPS_CALENDAR = (dav.ResourceType, dav.DisplayName, cdav.CalendarHomeSet,
                   cdav.SupportedCalendarComponentSet)
_PROPS_CTAG = (_GetCTag,)
_PROPS_ETAG = (dav.GetEtag, dav.ResourceType)
#: The first pull's listing with the bodies (the one hand-written REPORT; see above)
_SYNC_WITH_BODIES = (
    f'{_XML}<d:sync-collection xmlns:d="DAV:" xmlns:c="{CALDAV}"><d:sync-token/>'
    "<d:sync-level>1</d:sync-level><d:prop><d:getetag/><c:calendar-data/></d:prop>"
    "</d:sync-collection>"
)
_ETAG = dav.GetEtag.tag


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
    """A CalDAV server reached with the ``caldav`` library's client, bounded (see
    storage.caldav.transport). Every failure becomes a one-line ``SyncError`` that names
    the server, never a password; what it means for the local data the caller says."""

    def __init__(self, url: str, *, username: str | None = None, password: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, ca_file: str | None = None,
                 workers: int = WORKERS, max_response: int | None = None) -> None:
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
        self.tls = parts.scheme.lower() == "https"
        self.username = username
        self._password = password
        self._ca_file = ca_file
        self.timeout = timeout
        self.max_response = max_response or transport.MAX_RESPONSE_BYTES
        self.deadline = Deadline(timeout)
        self.pool = Pool(self.deadline, workers)
        self._local = threading.local()
        self.requests = 0  # sent (attempts included), for the summaries and benchmarks
        self._count = threading.Lock()
        self.serial = False  # writes one at a time (the server said 423 Locked)
        self._calm = 0  # writes done one at a time since the server last said so
        self._found: tuple[list[RemoteCalendar], str] | None = None  # calendars()
        self._serial_lock = threading.Lock()

    @property
    def workers(self) -> int:
        return self.pool.size

    def close(self) -> None:
        self.pool.close()

    def _client(self):
        """This thread's DAVClient (the library's client; its session bounded)."""
        client = getattr(self._local, "client", None)
        if client is None:
            client = caldav.DAVClient(
                url=self.url, username=self.username, password=self._password,
                timeout=self.timeout, ssl_verify_cert=self._ca_file or True,
                enable_rfc6764=False)
            client.session.close()
            client.session = BoundedSession(self.deadline, self.max_response)
            self._local.client = client
        return client

    # ---------------------------------------------------------------- transport
    def absolute(self, href: str) -> str:
        return urllib.parse.urljoin(self.url, href)

    def request(self, method: str, url: str, body: str | bytes = "",
                headers: dict[str, str] | None = None, *,
                expected: Sequence[int] = (200, 201, 204, 207),
                allowed: Sequence[int] = (), call: Callable[[Any], Any] | None = None) -> Any:
        """Send one request (in a worker thread, within the deadline; a timed-out attempt is
        tried again, ATTEMPTS in all); statuses in ``allowed`` are returned to the caller
        as a _Response (for conditional writes), anything else unexpected raises SyncError.

        ``call(client)``: a call of the library's API that sends this one request with the
        thread's DAVClient (``Calendar.multiget``, ``CalendarObjectResource.save``...)
        instead of ``body``/``headers``; what it returns is returned, and the library's
        errors for a status are handled as that status."""
        if call is None:
            def call(client):
                return client.request(url, method, body, headers or {})
        if threading.current_thread().name.startswith(WORKER_PREFIX):
            return self.send(method, url, call, expected, allowed)
        try:
            return self.pool.run(self.send, method, url, call, expected, allowed)
        except DeadlineExceeded:
            raise self.deadline_error() from None

    def deadline_error(self) -> SyncError:
        return SyncError(f"{self.url}: the sync did not finish within {self.timeout:g} s "
                         "(--timeout SECONDS bounds the whole sync)")

    def each(self, fn: Callable[[Any], Any], items: Sequence[Any], *,
             progress: Callable[[int], None] | None = None
             ) -> tuple[list[tuple[Any, Any]], BaseException | None]:
        """``fn(item)`` for every item, ``workers`` at a time. After the first failure no new
        call starts; those in flight finish. Returns ((item, result) for the calls that
        succeeded, in completion order; the first failure or None)."""
        stop = threading.Event()

        def guarded(item):
            if stop.is_set():
                return _SKIPPED
            return fn(item)

        futures = {self.pool.submit(guarded, item): item for item in items}
        done: list[tuple[Any, Any]] = []
        failure: BaseException | None = None
        try:
            for future in as_completed(futures, timeout=max(self.deadline.remaining(), 0.01)):
                try:
                    result = future.result()
                except BaseException as exc:  # the first one is reported
                    stop.set()
                    failure = failure or exc
                    continue
                if result is not _SKIPPED:
                    done.append((futures[future], result))
                    if progress is not None:
                        progress(len(done))
        except TimeoutError:
            stop.set()
            failure = failure or self.deadline_error()
        if isinstance(failure, DeadlineExceeded):
            failure = self.deadline_error()
        return done, failure

    def send(self, method: str, url: str, call: Callable[[Any], Any],
             expected: Sequence[int] = (200, 201, 204, 207),
             allowed: Sequence[int] = ()) -> Any:
        """``request`` on the calling thread (a pool worker)."""
        where_ = public_url(url)
        locked = 0
        attempt = 0
        while True:
            attempt += 1
            try:
                if self.serial and method in _WRITES:
                    with self._serial_lock:
                        done = self._attempt(method, url, call, expected, allowed)
                        self._calm += 1
                        if self._calm >= SERIAL_WRITES:  # quiet again: several at once
                            self.serial = False
                        return done
                return self._attempt(method, url, call, expected, allowed)
            except _Locked as busy:
                # the server is busy with another write (Xandikos answers 423 Locked, or now
                # and then 500, to concurrent ones): the next SERIAL_WRITES writes go one by
                # one, and this one is sent again (a server error at most twice more)
                self.serial = True
                self._calm = 0
                locked += 1
                attempt -= 1
                if busy.failure is not None and locked > 2:
                    raise busy.failure from None
                if locked > 20 or self.deadline.remaining() <= 0.1:
                    raise SyncError(f"{where_}: the server keeps answering 423 Locked; "
                                    "try again later") from None
                time.sleep(min(0.05 * locked, 0.5))
            except niquests.exceptions.Timeout:
                if self.deadline.remaining() <= 0.1:
                    raise self.deadline_error() from None
                if attempt == ATTEMPTS:
                    raise SyncError(f"{where_}: no answer to {method} after {attempt} "
                                    f"attempts (the server is too slow)") from None

    def _attempt(self, method, url, call, expected, allowed) -> Any:
        where_ = public_url(url)
        with self._count:
            self.requests += 1

        def library():
            try:
                return call(self._client())
            except (error.AuthorizationError, error.RateLimitError):
                raise  # (guarded says what they mean)
            except error.DAVError as exc:
                if not exc.status:
                    raise
                if exc.status < 300:  # a good status, but the answer made no sense
                    raise SyncError(f"{where_}: the server's answer to {method} cannot be "
                                    f"used ({short(exc, 80)})") from None
                # the library's error for a status (PutError 423, ETagMismatchError 412,
                # ConsistencyError 412 to If-None-Match...): judged here like any answer
                body = exc.body if isinstance(exc.body, bytes) else (exc.body or "").encode()
                return _Response(exc.status, {}, None, body)

        response = self.guarded(method, url, library, allowed)
        reason = ""
        if isinstance(response, _Response):
            result = response
        elif isinstance(response, DAVResponse):
            raw = getattr(response, "_raw", b"") or b""
            if isinstance(raw, str):
                raw = raw.encode("utf-8")
            result = _Response(response.status, response.headers,
                               getattr(response, "tree", None), raw)
            reason = getattr(response, "reason", "") or ""
        else:
            return response  # what a library call returned (it checked the answer)
        if result.status in expected or result.status in allowed:
            return result
        if result.status == 423:
            raise _Locked(None)
        if result.status in (401, 403):
            raise self._auth_error(result.status, where_)
        reason = one_line(reason)[:60]
        if result.status >= 500:
            failure = SyncError(f"{where_}: server error (HTTP {result.status}"
                                f"{' ' + reason if reason else ''}); try again later")
            if method in _WRITES and self.workers > 1:
                # a server error while other writes may have been in flight (Xandikos' git
                # store fails concurrent writes now and then): writes go one at a time
                raise _Locked(failure)
            raise failure
        if result.status == 404:
            raise SyncError(f"{where_}: not found (HTTP 404); check the URL")
        raise SyncError(f"{where_}: unexpected answer to {method} (HTTP {result.status}"
                        f"{' ' + reason if reason else ''})")

    def guarded(self, method: str, url: str, call: Callable[[], Any],
                allowed: Sequence[int] = ()) -> Any:
        """``call()`` (a request of the library's client), its failures as one-line
        SyncErrors; an authorization refusal whose status is ``allowed`` comes back as a
        _Response. Timeouts are left to ``send`` (which tries again)."""
        where_ = public_url(url)
        try:
            return call()
        except error.AuthorizationError as exc:
            status = exc.status or 401
            if status in allowed or (exc.preconditions and 403 in allowed):
                return _Response(status, {}, None, exc.body if isinstance(exc.body, bytes)
                                 else (exc.body or "").encode())
            raise self._auth_error(status, where_) from None
        except error.RateLimitError as exc:
            raise SyncError(f"{where_}: the server is busy or unavailable (HTTP "
                            f"{exc.status or 503}); try again later") from None
        except error.DAVError as exc:
            raise SyncError(f"{where_}: {one_line(str(exc.reason))}") from None
        except ResponseTooLarge:
            raise SyncError(f"{where_}: the answer to {method} is larger than "
                            f"{self.max_response // (1024 * 1024)} MB; refused (is this a "
                            "CalDAV server?)") from None
        except UnsafeAnswer:
            raise SyncError(f"{where_}: the server's answer to {method} declares a DTD "
                            "(XML entities); refused") from None
        except DeadlineExceeded:
            raise self.deadline_error() from None
        except niquests.exceptions.SSLError as exc:
            raise SyncError(self._tls_message(where_, exc)) from None
        except niquests.exceptions.Timeout:
            raise
        except niquests.exceptions.ConnectionError as exc:
            if self.tls and _plain_http_answer(exc):
                raise SyncError(self._tls_message(where_, exc)) from None
            raise SyncError(f"{where_}: cannot connect ({short(exc)}); is the server "
                            "running?") from None
        except niquests.exceptions.RequestException as exc:
            raise SyncError(f"{where_}: request failed ({short(exc)})") from None
        except etree.LxmlError:
            status = getattr(self._local.client.session, "last_status", 0)
            if status >= 500:
                raise SyncError(f"{where_}: server error (HTTP {status}); try again "
                                "later") from None
            raise SyncError(f"{where_}: the server's answer to {method} is not WebDAV XML "
                            f"(HTTP {status}; is this a CalDAV URL?)") from None

    def _tls_message(self, where_: str, exc: BaseException) -> str:
        if _plain_http_answer(exc):
            return (f"{where_}: the server does not speak TLS on this port (it answered in "
                    "plain HTTP); use an http:// URL on a trusted network, or put the "
                    "server behind TLS")
        return (f"{where_}: the TLS certificate could not be verified ({short(exc, 100)}); "
                "give the office's CA with --ca-file PEM")

    def _auth_error(self, status: int, where_: str) -> SyncError:
        if status == 401:
            if self.username is None:
                return LoginNeeded(f"{where_}: the server asks for a login (HTTP 401); give "
                                   "--user NAME and --password-env VAR")
            if self._password is None:
                return LoginNeeded(f"{where_}: the server asks for the password of "
                                   f"{self.username!r} (HTTP 401); give --password-env VAR")
            return SyncError(f"{where_}: the server refused the login of {self.username!r} "
                             "(HTTP 401); check the user name and password")
        who = f" to {self.username!r}" if self.username else ""
        return SyncError(f"{where_}: access forbidden{who} (HTTP 403); ask the server's "
                         "administrator for access to this calendar")

    def _multistatus(self, response: _Response, where_: str):
        if response.tree is None:
            try:
                return etree.fromstring(response.raw, parser=etree.XMLParser(
                    resolve_entities=False, no_network=True, load_dtd=False))
            except Exception:
                raise SyncError(f"{where_}: the server's answer is not WebDAV XML (is this a "
                                "CalDAV URL?)") from None
        return response.tree

    def _propfind(self, url: str, props: Sequence[type], depth: int
                  ) -> list[tuple[str, int, dict]]:
        """(href, status, {clark tag: element}) for each response of a PROPFIND: the
        library's ``DAVObject.get_properties`` of these properties, its multistatus read
        here (the component set and the home are wanted as elements, not values)."""
        def propfind(client):
            return caldav.DAVObject(client=client, url=url).get_properties(
                [prop() for prop in props], depth=depth, parse_response_xml=False)

        response = self.request("PROPFIND", url, call=propfind)
        return _responses(self._multistatus(response, public_url(url)))

    # ---------------------------------------------------------------- discovery
    def calendars(self) -> tuple[list[RemoteCalendar], str]:
        """The calendars at the URL: the calendar itself, the calendars inside the
        collection, or (for a server root) those of the user's calendar home.
        Returns (calendars, home URL where new calendars are made). Asked once per
        Server (a sync's pull and push share it; ``make_calendar`` adds to it)."""
        if self._found is None:
            self._found = self._discover()
        found, home = self._found
        return list(found), home

    def _discover(self) -> tuple[list[RemoteCalendar], str]:
        rows = self._propfind(self.url, _PROPS_CALENDAR, 0)
        if not rows:
            raise SyncError(f"{self.url}: the server's answer lists nothing; is this a CalDAV "
                            "URL?")
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
        """The user's calendar home, found from a server root (RFC 4791 §6.2.1): the
        library's discovery (current-user-principal, then calendar-home-set)."""
        home = _href_of(props.get(f"{{{CALDAV}}}calendar-home-set"))
        if home:
            return self.absolute(home)

        def discover() -> str | None:
            try:
                return str(self._client().principal().calendar_home_set.url)
            except (error.NotFoundError, error.PropfindError, KeyError, AttributeError,
                    ValueError):
                return None  # no principal here: the URL itself is the home

        found = self._library("PROPFIND", self.url, discover)
        return self.absolute(found) if found else None

    def make_calendar(self, home: str, name: str) -> RemoteCalendar:
        """A new calendar in ``home`` (the library's ``CalendarSet.make_calendar``: an
        MKCALENDAR for events and the shared decisions' journals)."""
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name.strip()).strip("-.").lower() or "leanmeet"
        home = home if home.endswith("/") else home + "/"

        def make() -> str:
            made = caldav.CalendarSet(client=self._client(), url=home).make_calendar(
                name=name, cal_id=slug, supported_calendar_component_set=["VEVENT", "VJOURNAL"])
            return str(made.url)

        url = self._library("MKCALENDAR", home, make)
        url = url if url.endswith("/") else url + "/"
        rows = self._propfind(url, _PROPS_CALENDAR, 0)
        made = _calendar(url, rows[0][2] if rows else {})
        if self._found is not None:
            self._found[0].append(made)
        return made

    def _library(self, method: str, url: str, call: Callable[[], T]) -> T:
        """A call of the library's own API, in a worker, within the deadline."""
        with self._count:
            self.requests += 1
        try:
            return self.pool.run(self.guarded, method, url, call)
        except DeadlineExceeded:
            raise self.deadline_error() from None
        except niquests.exceptions.Timeout:
            raise SyncError(f"{public_url(url)}: no answer to {method} (the server is too "
                            "slow)") from None

    # ---------------------------------------------------------------- reading
    def changes(self, calendar: RemoteCalendar, token: str | None, *,
                with_bodies: bool = False) -> Listing | None:
        """What changed since ``token`` (None: everything), with the library's sync-token
        API (``Calendar.get_objects_by_sync_token``: RFC 6578 sync-collection, truncated
        answers followed page by page). Returns None when the server cannot do it, or when
        it no longer knows the token (the caller falls back to a full listing).
        ``with_bodies`` (a first pull): everything with the bodies, in one REPORT."""
        if with_bodies:
            return self._everything(calendar)
        refused = (400, 403, 405, 409, 412, 415, 501)

        def listing(client):
            return caldav.Calendar(client=client, url=calendar.url).get_objects_by_sync_token(
                token, load_objects=False, disable_fallback=True)

        found = self.request("REPORT", calendar.url, call=listing, allowed=refused)
        if isinstance(found, _Response) or not found.sync_token:
            return None  # no sync-collection here, or a token the server forgot
        out = Listing(token=str(found.sync_token), complete=token is None)
        deleted = {str(url.canonical()) for url in found.deleted_urls}
        for obj in found.objects:
            href = normalize_href(str(obj.url))
            if str(obj.url.canonical()) in deleted:
                out.deleted.add(href)
            elif not href.endswith("/"):  # (a collection inside the calendar)
                out.etags[href] = etag_value(obj.props.get(_ETAG))
        return out

    def _everything(self, calendar: RemoteCalendar) -> Listing | None:
        """Every object of the calendar with its body and etag, and the sync-token: one
        sync-collection REPORT (hand-written: the library's sync-token API asks for etags
        only, and loads bodies one GET per object)."""
        response = self.request("REPORT", calendar.url, _SYNC_WITH_BODIES, {
            "Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            allowed=(400, 403, 405, 409, 412, 415, 501))
        if response.status != 207:
            return None  # no sync-collection here
        root = self._multistatus(response, calendar.url)
        listing = Listing(token=_text(root.find(f"{{{DAV}}}sync-token")), complete=True)
        base = normalize_href(urllib.parse.urlsplit(calendar.url).path)
        for href, status, props in _responses(root):
            href = normalize_href(href)
            if href == base or status >= 300 or _is_collection(props):
                continue
            listing.etags[href] = etag_value(_text(props.get(f"{{{DAV}}}getetag")))
            text = _text(props.get(f"{{{CALDAV}}}calendar-data"))
            if text:
                listing.bodies[href] = text
        return listing if listing.token else None

    def etags(self, calendar: RemoteCalendar) -> Listing:
        """Every object of the calendar with its etag (a PROPFIND, no bodies)."""
        listing = Listing(token=None, complete=True)
        base = normalize_href(urllib.parse.urlsplit(calendar.url).path)
        for href, status, props in self._propfind(calendar.url, _PROPS_ETAG, 1):
            href = normalize_href(href)
            if href == base or status >= 300 or _is_collection(props):
                continue
            listing.etags[href] = etag_value(_text(props.get(f"{{{DAV}}}getetag")))
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
        wanted = list(dict.fromkeys(hrefs))
        batches = [wanted[i:i + MULTIGET_BATCH] for i in range(0, len(wanted), MULTIGET_BATCH)]

        def one(batch: list[str]) -> dict[str, tuple[str | None, str]]:
            def multiget(client):
                return caldav.Calendar(client=client, url=calendar.url).multiget(
                    [URL.objectify(self.absolute(h)) for h in batch])

            got: dict[str, tuple[str | None, str]] = {}
            for obj in self.request("REPORT", calendar.url, call=multiget):
                text = obj.raw_data.decode("utf-8") if obj.raw_data else ""
                if text:
                    got[normalize_href(str(obj.url))] = (etag_value(obj.props.get(_ETAG)), text)
            return got

        if len(batches) <= 1:
            return one(batches[0]) if batches else {}
        done, failure = self.each(one, batches)
        if failure is not None:
            raise failure
        out: dict[str, tuple[str | None, str]] = {}
        for _, got in done:
            out.update(got)
        return out

    # ---------------------------------------------------------------- writing
    def put(self, href: str, text: str, *, etag: str | None) -> tuple[bool, str | None]:
        """Conditional PUT with the library's ``CalendarObjectResource.save``: If-Match
        ``etag``, or If-None-Match * (``no_overwrite``) when etag is None; the text is sent
        as it is (``raw_data``: no re-serialising, no SEQUENCE bump). Returns (written, new
        etag); (False, None) when the precondition failed (someone else changed or created
        the object)."""
        url = self.absolute(href)
        data = text.encode("utf-8")

        def save(client):
            # addressed by URL, without a parent calendar: the library then sends the PUT
            # alone (it has no calendar to search for the UID first; the href is derived
            # from the UID, storage.caldav.objects.object_name)
            obj = caldav.CalendarObjectResource(client=client, url=url,
                                                props={_ETAG: etag} if etag else None)
            obj.save(raw_data=data, no_overwrite=etag is None, precondition="etag",
                     increase_seqno=False)
            return _Written(obj.etag)

        outcome = self.request("PUT", url, call=save, allowed=(403, 409, 412))
        if isinstance(outcome, _Response):
            if outcome.status in (403, 409) and b"supported-calendar-component" in outcome.raw:
                component = "VJOURNAL" if "BEGIN:VJOURNAL" in text else "VEVENT"
                raise SyncError(
                    f"{public_url(url).rsplit('/', 1)[0]}/: the calendar does not accept "
                    f"{component} objects" + (
                        " (leanmeet keeps the shared decisions in VJOURNALs); push to a "
                        "calendar leanmeet makes (--calendar NEW-NAME)"
                        if component == "VJOURNAL" else ""))
            return False, None
        return True, etag_value(outcome.etag)

    def delete(self, href: str, *, etag: str | None) -> bool:
        """DELETE with the library's ``CalendarObjectResource.delete`` (If-Match ``etag``
        when given). False when someone else changed the object; an object already gone
        counts as deleted."""
        url = self.absolute(href)

        def delete(client):
            caldav.CalendarObjectResource(client=client, url=url).delete(if_match=etag or False)
            return _Written(None)

        outcome = self.request("DELETE", url, call=delete, allowed=(404, 412))
        return not (isinstance(outcome, _Response) and outcome.status == 412)


@dataclass
class _Written:
    etag: str | None


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def short(exc: BaseException, limit: int = 120) -> str:
    """The first words of an exception's message (never cut inside a word)."""
    text = one_line(str(exc)) or type(exc).__name__
    if "Connection refused" in text or "ConnectionRefused" in text:
        return "connection refused"
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " ..."
    return text


def _plain_http_answer(exc: BaseException) -> bool:
    """Whether a TLS failure means the server answered in plain HTTP."""
    text = str(exc).lower()
    return any(s in text for s in ("wrong_version_number", "wrong version number",
                                   "record layer failure", "http_request", "http request",
                                   "packet length too long", "unknown protocol"))


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

