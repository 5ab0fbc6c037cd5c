"""Pull: every server calendar (or the one chosen) becomes a feed ``caldav:<name>``, and the
decisions shared there are merged into the local ones (storage.caldav.shared).

Incremental: the calendar's sync-token (RFC 6578 sync-collection REPORT) lists what changed
since the last pull; servers without sync-tokens are compared by ctag, then by the etags of
a PROPFIND listing. Only the bodies of changed objects are downloaded (calendar-multiget in
batches, several in flight); objects deleted on the server are removed from the feed. The
very first pull of a calendar asks for the bodies in the listing itself (one request).

Nothing is written locally before every request of the pull has succeeded: a failure is a
``SyncError`` and the database is as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from leanmeet.planner.decisions import contradictions
from leanmeet.storage.caldav import shared
from leanmeet.storage.caldav.client import Listing, RemoteCalendar, Server
from leanmeet.storage.caldav.objects import canonical_hash, looks_like_calendar, object_uid
from leanmeet.storage.caldav.state import (
    ORIGIN_PREFIX,
    CalendarState,
    feed_name,
    load_decision_base,
    load_state,
    save_decision_base,
    save_identity,
    save_state,
    scheduler_id,
)
from leanmeet.storage.caldav.transport import SyncUsageError
from leanmeet.storage.ics_reader import (
    Problem,
    SourceError,
    parse_feed,
    record_key,
    split_calendars,
)
from leanmeet.storage.merged import MERGED_FEED, merged_uid
from leanmeet.storage.repository import FeedText, ImportResult, Repository


@dataclass
class PullResult:
    calendar: RemoteCalendar
    feed: str
    imported: ImportResult
    downloaded: int = 0  # event bodies fetched
    deleted: int = 0  # events removed because the server removed them
    how: str = ""  # sync-token, ctag, etags, full
    decisions: int = 0  # shared decisions taken from the server
    merged: list[str] = field(default_factory=list)  # concurrent decisions merged by time
    bad: list[str] = field(default_factory=list)  # decision objects we could not read

    def summary(self) -> str:
        r = self.imported
        shared_ = f", {self.decisions} decisions taken" if self.decisions else ""
        return (f"{self.feed}: {r.added} added, {r.updated} updated, {r.unchanged} unchanged, "
                f"{r.removed + self.deleted} removed, {r.skipped} skipped "
                f"({self.downloaded} downloaded{shared_})")


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


def new_contradictions(repo: Repository, reported: set[str]) -> list:
    """The contradictions among the local decisions not yet in ``reported``."""
    return [c for c in contradictions(repo.decisions()) if c.id not in reported]


@dataclass
class _PullPlan:
    calendar: RemoteCalendar
    state: CalendarState
    token: str | None
    bodies: dict[str, tuple[str | None, str]]  # href -> (etag, text) downloaded
    deleted: set[str]  # hrefs gone from the server
    etags: dict[str, str | None]  # href -> etag of every object now known unchanged/changed
    how: str
    base: dict[str, dict] = field(default_factory=dict)  # shared decisions last seen


def _plan_pull(server: Server, repo: Repository, calendar: RemoteCalendar,
               use_sync_token: bool) -> _PullPlan:
    state = load_state(repo, calendar.url)
    base = load_decision_base(repo, calendar.url)
    # the decision objects are known too (their etags are in the decision base)
    known = {**state.objects, **{b["href"]: {"etag": b.get("etag")} for b in base.values()}}
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
                     listing.etags, how, base)


def _apply_pull(repo: Repository, plan: _PullPlan) -> PullResult:
    state, calendar = plan.state, plan.calendar
    # the shared decisions: out of the bodies and the deletions, merged after the import
    by_href = {b["href"]: slot for slot, b in plan.base.items()}
    incoming: dict[str, shared.Version | None] = {}
    new_base: dict[str, dict | None] = {}
    bad: list[str] = []
    for href in sorted(plan.bodies):
        etag, text = plan.bodies[href]
        if not shared.is_decision_uid(object_uid(text)):
            continue
        del plan.bodies[href]
        try:
            key, version = shared.decode(text)
        except shared.BadDecision as exc:
            bad.append(f"{calendar.url.rstrip('/')}/{href.rsplit('/', 1)[-1]}: a shared "
                       f"decision that cannot be read ({exc}); left as it is")
            continue
        incoming[key] = version
        new_base[key] = {"href": href, "etag": etag or plan.etags.get(href), "v": version}
    for href in sorted(plan.deleted & set(by_href)):
        plan.deleted.discard(href)
        incoming[by_href[href]] = None
        new_base[by_href[href]] = None
    feed = feed_name(repo, calendar, state)
    origin = [ORIGIN_PREFIX + calendar.url]
    sources: list[FeedText] = []
    uids: dict[str, str | None] = {}
    problems: list[Problem] = []
    for href, (_, text) in sorted(plan.bodies.items()):
        name = f"{calendar.url.rstrip('/')}/{href.rsplit('/', 1)[-1]}"
        if not looks_like_calendar(text):
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
    # through the repository (one transaction, series expanded again), not the tables
    removed = repo.remove_components(feed, {**{uid: () for uid in gone_uids}, **stale})
    with repo.db.write() as db:
        save_state(db, state, changed)
    fetched = sum(v is not None for v in incoming.values()) + len(bad)
    pulled = PullResult(calendar, feed, result, downloaded=len(plan.bodies) + fetched,
                        deleted=removed, how=plan.how, bad=bad)
    if incoming:
        me = scheduler_id(repo)
        outcome = shared.merge(repo.decisions(), plan.base, incoming,
                               shared.removal_times(repo.decision_removals()), me)
        if outcome.changed:
            repo.replace_decisions(outcome.decisions)
        for sid in outcome.unmerged:  # a merge another scheduler undid
            repo.remove_event(MERGED_FEED, merged_uid(sid))
        pulled.decisions = outcome.adopted
        pulled.merged = outcome.replaced + outcome.kept
        with repo.db.write() as db:
            save_decision_base(db, calendar.url, new_base)
            save_identity(db, me)
    return pulled




__all__ = ["PullResult", "new_contradictions", "pull"]
