"""The sync state leanmeet keeps per server, in tables of its own (never the user's data):

  caldav_calendars  one per calendar URL: feed, display name, sync-token, ctag
  caldav_objects    one per object: calendar URL, href, uid, etag, ``canon`` (the hash of the
                    content we last saw there, storage.caldav.objects.canonical_hash),
                    ``ours`` (we wrote it)
  caldav_decisions  one per shared decision (storage.caldav.shared): calendar URL, slot,
                    href, etag, ``v`` (the version we last saw on the server: the base of the
                    three-way merge)
  caldav_meta       this database's scheduler id (``by`` of its decisions) and the
                    contradictions already reported
"""

from __future__ import annotations

import secrets
import socket
import urllib.parse
from dataclasses import dataclass, field

from tinydb import where

from leanmeet.storage.caldav.client import RemoteCalendar
from leanmeet.storage.repository import Repository

CAL_TABLE = "caldav_calendars"
OBJ_TABLE = "caldav_objects"
DEC_TABLE = "caldav_decisions"
META_TABLE = "caldav_meta"
FEED_PREFIX = "caldav:"
ORIGIN_PREFIX = "caldav+"  # feeds table: sources = ["caldav+https://host/path/"]
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


def save_state(db, state: CalendarState, changed: dict[str, dict | None],
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


def feed_name(repo: Repository, calendar: RemoteCalendar, state: CalendarState) -> str:
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



# --- shared decisions: the base of the merge ------------------------------------------------


def load_decision_base(repo: Repository, url: str) -> dict[str, dict]:
    """slot -> {href, etag, v} of the decision objects last seen in the calendar."""
    with repo.db.read() as db:
        return {row["slot"]: {"href": row["href"], "etag": row.get("etag"), "v": row.get("v")}
                for row in db.table(DEC_TABLE).search(where("cal") == url)}


def save_decision_base(db, url: str, changed: dict[str, dict | None]) -> None:
    """Write the slots in ``changed`` (slot -> {href, etag, v}; None: forgotten)."""
    if not changed:
        return
    table = db.table(DEC_TABLE)
    table.remove((where("cal") == url) & where("slot").one_of(sorted(changed)))
    table.insert_multiple({"cal": url, "slot": slot, **row}
                          for slot, row in changed.items() if row is not None)


def scheduler_id(repo: Repository) -> str:
    """This database's scheduler id: user@host and a random part (two databases on one
    machine are told apart). Made on first use and kept by ``save_identity`` in the same
    transaction as what was written with it (a failed sync leaves the database as it was)."""
    with repo.db.read() as db:
        row = db.table(META_TABLE).get(where("key") == "identity")
    if row is not None:
        return row["by"]
    cached = _MADE.get(str(repo.path))
    if cached:
        return cached
    import getpass

    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment
        user = "scheduler"
    made = f"{user}@{socket.gethostname()}-{secrets.token_hex(3)}"
    _MADE[str(repo.path)] = made
    return made


_MADE: dict[str, str] = {}


def save_identity(db, me: str) -> None:
    table = db.table(META_TABLE)
    if table.get(where("key") == "identity") is None:
        table.insert({"key": "identity", "by": me})


def reported_contradictions(repo: Repository) -> set[str]:
    with repo.db.read() as db:
        row = db.table(META_TABLE).get(where("key") == "reported")
    return set(row["ids"]) if row else set()


def save_reported(repo: Repository, ids: set[str]) -> None:
    """Remember the contradictions reported (each is reported once)."""
    with repo.db.write() as db:
        table = db.table(META_TABLE)
        table.remove(where("key") == "reported")
        table.insert({"key": "reported", "ids": sorted(ids)})


__all__ = [
    "CAL_TABLE", "CalendarState", "DEC_TABLE", "FEED_PREFIX", "META_TABLE", "OBJ_TABLE",
    "ORIGIN_PREFIX", "feed_name", "known_calendars", "load_decision_base", "load_state",
    "reported_contradictions", "save_decision_base", "save_identity", "save_reported",
    "save_state", "scheduler_id",
]
