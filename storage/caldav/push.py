"""Push: the consolidated plan (planner.plan, written by storage.export.ics) to a target
calendar, one object per UID, and the shared decisions (storage.caldav.shared), one object
per slot.

Merged meetings are added, superseded originals deleted, blocked leaders left out of the
attendees (and kept in ``X-LEANMEET-LEFT-OUT``, so that another leanmeet restores the same
findings). An object is written only when its content differs from what the server had
when we last saw it; every write is conditional (``If-Match`` the etag of our last
pull/push, ``If-None-Match: *`` for new objects), so a server copy that someone else
changed since our last pull is never overwritten: it is reported as a conflict, the server
copy is kept, ours stays in the local database, and the next pull + push combines them.
A push with nothing changed writes nothing (one listing request).

Several requests are in flight at once (``Server.workers``). A write that fails stops the
push: those in flight finish, the result says exactly what was written, and the local
database is left as it was; running the push again finishes the job without duplicates
(hrefs are derived from UIDs, and a server copy equal to ours is adopted, not rewritten).
A write answered "precondition failed" after a retried attempt is checked the same way.

A push deletes only what the plan has given up: the originals of accepted merges, merged
meetings whose merge was undone, and objects it wrote whose event is gone from the
database; never an object of someone else that leanmeet does not hold, and never an event
merely outside the pushed window. A push does not move the pull's sync-token on, so what
others changed meanwhile still comes with the next pull.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from leanmeet.storage.caldav import shared
from leanmeet.storage.caldav.client import RemoteCalendar, Server
from leanmeet.storage.caldav.objects import (
    canonical_hash,
    normalize_href,
    object_name,
    split_objects,
    summary_of,
)
from leanmeet.storage.caldav.state import (
    load_decision_base,
    load_state,
    save_decision_base,
    save_identity,
    save_state,
    scheduler_id,
)
from leanmeet.storage.caldav.transport import SyncError, SyncUsageError
from leanmeet.storage.merged import merged_uid
from leanmeet.storage.repository import Repository

MERGED_SUFFIX = merged_uid("")

#: progress(done, total): called as the writes complete
Progress = Callable[[int, int], None]


@dataclass
class PushResult:
    calendar: RemoteCalendar
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    adopted: int = 0  # already on the server as we would write it (an interrupted push)
    decisions: int = 0  # shared decision objects written
    conflicts: list[str] = field(default_factory=list)
    created_calendar: bool = False
    pending: int = 0  # writes not done because the push was interrupted
    requests: int = 0

    def summary(self) -> str:
        made = " (calendar created)" if self.created_calendar else ""
        shared_ = f", {self.decisions} decisions shared" if self.decisions else ""
        return (f"pushed to {self.calendar.name}{made}: {self.added} added, {self.updated} "
                f"updated, {self.deleted} deleted, {self.unchanged + self.adopted} unchanged, "
                f"{len(self.conflicts)} conflicts{shared_}")


class PushInterrupted(SyncError):
    """A write failed: ``result`` says what was written before the push stopped."""

    def __init__(self, message: str, result: PushResult) -> None:
        super().__init__(message)
        self.result = result


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


@dataclass
class _Job:
    method: str  # PUT or DELETE
    href: str
    etag: str | None  # If-Match; None: If-None-Match * (PUT) / unconditional
    uid: str
    text: str = ""
    canon: str = ""
    slot: str | None = None  # a shared decision's slot
    version: dict | None = None


def push(server: Server, repo: Repository, plan_text: str, *, calendar: str | None = None,
         target: RemoteCalendar | None = None, progress: Progress | None = None
         ) -> PushResult:
    """Write the exported plan and the shared decisions to the target calendar (see the
    module docstring). The database (sync state) is written once, after every write
    succeeded; PushInterrupted (with what was written) otherwise."""
    created = False
    if target is None:
        target, created = choose_target(server, calendar)
    result = PushResult(target, created_calendar=created)
    decisions = repo.decisions()
    accepted = {d.uid for d in decisions if d.type == "merge-accepted"}
    objects = {uid: text for uid, text in split_objects(plan_text).items()
               if not _abandoned_merge(uid, accepted) and not shared.is_decision_uid(uid)}
    state = load_state(repo, target.url)
    listing = server.etags(target)
    base_path = normalize_href(urllib.parse.urlsplit(target.url).path)
    href_of_uid = {obj["uid"]: h for h, obj in state.objects.items() if obj.get("uid")}
    changed: dict[str, dict | None] = {}
    to_compare: dict[str, tuple[str, str, str]] = {}  # href -> (uid, text, canon)
    jobs: list[_Job] = []

    for uid, text in objects.items():
        href = href_of_uid.get(uid) or normalize_href(base_path + object_name(uid))
        canon = canonical_hash(text)
        rec = state.objects.get(href)
        if href not in listing.etags:
            if rec is not None and rec.get("etag"):
                result.conflicts.append(
                    f"{uid} ({summary_of(text)}): deleted on the server since your last pull; "
                    "not written again this time (push again to restore it)")
                changed[href] = None
                continue
            jobs.append(_Job("PUT", href, None, uid, text, canon))
            continue
        server_etag = listing.etags[href]
        if rec is not None and rec.get("etag") and rec["etag"] == server_etag:
            if rec.get("canon") == canon:
                result.unchanged += 1
            else:
                jobs.append(_Job("PUT", href, server_etag, uid, text, canon))
            continue
        to_compare[href] = (uid, text, canon)

    if to_compare:  # the server's copy changed since we saw it (or we never saw it)
        _compare(server, target, to_compare, listing.etags, state, result, changed)

    # objects the plan no longer has: merged-away originals, undone merges, and what we
    # wrote that is gone from the database; never what others wrote that leanmeet does
    # not hold
    superseded = {uid for uid, rid in repo.superseded_keys() if rid is None}
    for href, rec in state.objects.items():
        uid = rec.get("uid")
        if not uid or uid in objects or href in changed:
            continue
        if href not in listing.etags:
            changed[href] = None  # gone already
            continue
        if not (uid in superseded or _abandoned_merge(uid, accepted)
                or (rec.get("ours") and not repo.has_uid(uid))):
            continue
        if listing.etags[href] != rec.get("etag"):
            result.conflicts.append(f"{uid}: changed on the server since your last pull; not "
                                    "deleted (pull, then push again)")
            continue
        jobs.append(_Job("DELETE", href, rec.get("etag"), uid))

    # the shared decisions that changed here since the last pull or push
    me = scheduler_id(repo)
    base = load_decision_base(repo, target.url)
    local_versions = shared.local_versions(decisions, me)
    removals = shared.removal_times(repo.decision_removals())
    new_base: dict[str, dict | None] = {}
    for key in sorted(set(local_versions) | set(base)):
        mine = shared.current(key, local_versions, base, removals, me)
        known = base.get(key)
        seen = known.get("v") if known else None
        if mine is None or shared.same(mine, seen) or (shared.removed(mine) and not known):
            continue
        href = known["href"] if known else normalize_href(
            base_path + object_name(shared.slot_uid(key)))
        on_server = listing.etags.get(href, "") if href in listing.etags else None
        etag = known.get("etag") if known else None
        if known is not None and on_server is None:
            etag = None  # deleted on the server: written anew
        elif (known is None and on_server is not None) or (
                known is not None and on_server != known.get("etag")):
            result.conflicts.append(
                f"decision {shared.describe(mine)}: changed on the server since your last "
                "pull; the server copy was kept (pull, then push again to merge them)")
            continue
        jobs.append(_Job("PUT", href, etag, shared.slot_uid(key), shared.encode(key, mine),
                         slot=key, version=mine))

    failure = _run(server, jobs, result, changed, new_base, progress)
    missing = [h for h, e in changed.items() if e is not None and not e.get("etag")]
    missing += [b["href"] for b in new_base.values() if b is not None and not b.get("etag")]
    if missing and failure is None:  # a server that answers a PUT without ETag
        now = server.etags(target).etags
        for href in missing:
            if changed.get(href) is not None:
                changed[href]["etag"] = now.get(href)
        for row in new_base.values():
            if row is not None and not row.get("etag"):
                row["etag"] = now.get(row["href"])
    result.requests = server.requests
    if failure is not None:
        raise PushInterrupted(str(failure), result)
    state.name = target.name
    with repo.db.write() as db:
        save_state(db, state, changed, keep_token=True)
        save_decision_base(db, target.url, new_base)
        save_identity(db, me)
    return result


def _abandoned_merge(uid: str, accepted: set[str]) -> bool:
    """A merged meeting whose merge is no longer accepted (undone here or elsewhere)."""
    return uid.endswith(MERGED_SUFFIX) and uid[:-len(MERGED_SUFFIX)] not in accepted


def _compare(server: Server, target: RemoteCalendar, to_compare: dict[str, tuple[str, str, str]],
             etags: dict[str, str | None], state, result: PushResult,
             changed: dict[str, dict | None]) -> None:
    bodies = server.fetch(target, to_compare)
    for href, (uid, text, canon) in to_compare.items():
        rec = state.objects.get(href) or {}
        etag, body = bodies.get(href, (etags.get(href), ""))
        if body and canonical_hash(body) == canon:
            result.adopted += 1
            changed[href] = {"uid": uid, "etag": etag or etags.get(href), "canon": canon,
                             "ours": True}
        elif rec.get("canon") == canon:
            result.unchanged += 1  # someone else changed it; we have nothing new
        else:
            who = "changed on the server since your last pull" if rec.get("etag") else \
                "already on the server with other content"
            result.conflicts.append(
                f"{uid} ({summary_of(text)}): {who}; the server copy was kept, yours stays "
                "in your database (pull, then push again to combine them)")


def _run(server: Server, jobs: list[_Job], result: PushResult,
         changed: dict[str, dict | None], new_base: dict[str, dict | None],
         progress: Progress | None) -> BaseException | None:
    """Send the writes, several at a time; record what each one did."""
    if not jobs:
        return None
    total = len(jobs)
    if progress is not None:
        progress(0, total)

    def send(job: _Job):
        if job.method == "DELETE":
            return server.delete(job.href, etag=job.etag)
        return server.put(job.href, job.text, etag=job.etag)

    done, failure = server.each(send, jobs, progress=(
        (lambda n: progress(n, total)) if progress is not None else None))
    refused: list[_Job] = []
    for job, outcome in done:
        if job.method == "DELETE":
            if outcome:
                result.deleted += 1
                changed[job.href] = None
            else:
                result.conflicts.append(f"{job.uid}: changed on the server while pushing; "
                                        "not deleted")
            continue
        written, new_etag = outcome
        if not written:
            refused.append(job)
            continue
        if job.slot is not None:
            result.decisions += 1
            new_base[job.slot] = {"href": job.href, "etag": new_etag, "v": job.version}
            continue
        if job.etag is None:
            result.added += 1
        else:
            result.updated += 1
        changed[job.href] = {"uid": job.uid, "etag": new_etag, "canon": job.canon,
                             "ours": True}
    result.pending = total - len(done)
    if refused and failure is None:
        # a precondition failed: someone else wrote meanwhile, or a retried attempt of ours
        # had been written after all; a copy equal to ours is adopted
        bodies = server.fetch(result.calendar, [j.href for j in refused])
        for job in refused:
            etag, body = bodies.get(job.href, (None, ""))
            if job.slot is not None:
                try:
                    key, version = shared.decode(body) if body else (None, None)
                except shared.BadDecision:
                    key, version = None, None
                if key == job.slot and shared.same(version, job.version):
                    result.decisions += 1
                    new_base[job.slot] = {"href": job.href, "etag": etag, "v": job.version}
                else:
                    result.conflicts.append(
                        f"decision {shared.describe(job.version or {})}: changed on the "
                        "server while pushing; the server copy was kept (pull, then push "
                        "again to merge them)")
                continue
            if body and canonical_hash(body) == job.canon:
                result.adopted += 1
                changed[job.href] = {"uid": job.uid, "etag": etag, "canon": job.canon,
                                     "ours": True}
            else:
                result.conflicts.append(
                    f"{job.uid} ({summary_of(job.text)}): changed on the server while "
                    "pushing; the server copy was kept, yours stays in your database (pull, "
                    "then push again)")
    return failure


__all__ = ["PushInterrupted", "PushResult", "choose_target", "push"]
