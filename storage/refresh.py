"""Refresh the feeds imported from URLs (``leanmeet import https://...``), fetching only what
changed.

The feeds table already remembers every feed's sources; a feed with an http(s):// or
webcal:// source is a URL feed. For each URL we keep, in a table of our own (``refresh``),
the validators of the last download (ETag, Last-Modified) and a hash of its text. A refresh
sends a conditional GET (If-None-Match / If-Modified-Since): ``304 Not Modified`` costs no
download and no import; a ``200`` whose text is the same as last time is not imported
either. Only a changed text is imported (with storage.repository's usual rules, so only the
events that changed are parsed and stored). The first refresh after an import has no
validators yet and downloads the feed once.

A feed whose sources include files or other URLs is re-read whole when one of them changed
(the import must see the whole feed to know which events were removed). A source that cannot
be fetched is reported; its feed keeps what it had (nothing is removed on a partial read).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from tinydb import where

from leanmeet.storage.ics_reader import SourceError
from leanmeet.storage.repository import FeedText, ImportResult, Repository
from leanmeet.storage.sources import (
    TIMEOUT,
    Fetched,
    SourceUnreadable,
    conditional_get,
    is_url,
    read_file,
)

TABLE = "refresh"


@dataclass
class FeedRefresh:
    name: str
    result: ImportResult | None = None  # None: nothing imported (not modified / unreadable)
    downloaded: int = 0  # sources whose body was downloaded (200)
    not_modified: int = 0  # sources answered 304 Not Modified
    same: int = 0  # downloaded, but the same text as last time (nothing imported)
    errors: list[str] = field(default_factory=list)


@dataclass
class RefreshOutcome:
    feeds: list[FeedRefresh] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # names asked for that are no URL feed
    url_feeds: list[str] = field(default_factory=list)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def url_feeds(repo: Repository) -> list[dict]:
    """Feeds with at least one http(s)/webcal source (CalDAV feeds are synced, not
    refreshed)."""
    return [f for f in repo.feeds()
            if any(is_url(str(s)) for s in f.get("sources", []))]


def refresh(repo: Repository, *, feeds: list[str] | None = None,
            timeout: float = TIMEOUT) -> RefreshOutcome:
    candidates = url_feeds(repo)
    outcome = RefreshOutcome(url_feeds=[f["name"] for f in candidates])
    if feeds:
        outcome.unknown = [n for n in feeds if n not in outcome.url_feeds]
        if outcome.unknown:
            return outcome
        candidates = [f for f in candidates if f["name"] in feeds]
    with repo.db.read() as db:
        memory = {row["url"]: dict(row) for row in db.table(TABLE).all()}
    for feed in candidates:
        outcome.feeds.append(_refresh_feed(repo, feed, memory, timeout))
    return outcome


def _refresh_feed(repo: Repository, feed: dict, memory: dict[str, dict],
                  timeout: float) -> FeedRefresh:
    out = FeedRefresh(feed["name"])
    sources = [str(s) for s in feed.get("sources", [])]
    fetched: dict[str, Fetched] = {}
    texts: dict[str, str] = {}
    changed = False
    for source in sources:
        if not is_url(source):
            continue
        known = memory.get(source, {})
        try:
            got = conditional_get(source, etag=known.get("etag"),
                                  last_modified=known.get("last_modified"), timeout=timeout)
        except SourceUnreadable as exc:
            out.errors.append(str(exc))
            continue
        fetched[source] = got
        if got.text is None:
            out.not_modified += 1
            continue
        out.downloaded += 1
        texts[source] = got.text
        if _digest(got.text) == known.get("digest"):
            out.same += 1
        else:
            changed = True
    if changed and not out.errors:
        # the import needs every source of the feed: re-read those that did not change
        for source in sources:
            if source in texts:
                continue
            try:
                if is_url(source):
                    got = conditional_get(source, timeout=timeout)
                    fetched[source] = got
                    texts[source] = got.text or ""
                    out.downloaded += 1
                else:
                    texts[source] = read_file(source)
            except SourceUnreadable as exc:
                out.errors.append(str(exc))
    if changed:
        readable = [FeedText(s, texts[s]) for s in sources if s in texts]
        try:
            out.result = repo.import_feed(feed["name"], readable,
                                          complete=len(readable) == len(sources),
                                          origin=sources)
        except SourceError as exc:
            out.errors.append(str(exc))
            return out  # validators not remembered: the next refresh tries again
    _remember(repo, fetched, texts, memory)
    return out


def _remember(repo: Repository, fetched: dict[str, Fetched], texts: dict[str, str],
              memory: dict[str, dict]) -> None:
    rows = []
    for url, got in fetched.items():
        old = memory.get(url, {})
        row = {"url": url, "etag": got.etag, "last_modified": got.last_modified,
               "digest": _digest(texts[url]) if url in texts else old.get("digest")}
        if row != {k: old.get(k) for k in row}:
            rows.append(row)
    if not rows:
        return  # nothing new to remember: the database is not rewritten
    with repo.db.write() as db:
        table = db.table(TABLE)
        for row in rows:
            table.upsert(row, where("url") == row["url"])
