"""Sharing: the office's CalDAV store (pull calendars, push the plan) and the remembered URL
feeds (refresh), SPEC §9.

The front end supplies the password (the CLI from an environment variable, or a prompt only
when the server asks for a login) and hears what happens as it happens through
:class:`SyncListener` callbacks, so a long push shows its progress. Decisions are shared as
objects of their own (storage.caldav.shared); contradictions between them found by a sync
are reported once (remembered in the database).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from leanmeet.application.errors import UserError
from leanmeet.application.export import plan_ics_text
from leanmeet.application.session import Session
from leanmeet.storage.caldav_sync import (
    LoginNeeded,
    PushInterrupted,
    Server,
    SyncError,
    SyncUsageError,
    choose_target,
    new_contradictions,
    pull,
    push,
    reported_contradictions,
    save_reported,
)
from leanmeet.storage.refresh import RefreshOutcome, refresh

__all__ = ["PUSH_DAYS_AHEAD", "PUSH_DAYS_BACK", "SyncListener", "SyncOutcome", "refresh_feeds",
           "sync"]

#: The push window: the plan from a year back to three years ahead (events outside it are
#: left on the server as they are).
PUSH_DAYS_BACK, PUSH_DAYS_AHEAD = 366, 3 * 366


def _ignore(*_values: object) -> None:
    return None


@dataclass
class SyncListener:
    """What the front end hears while a sync runs."""

    created: Callable = _ignore  # (calendar) the target calendar was made on the server
    pulled: Callable = _ignore  # (caldav pull result) one calendar was pulled
    problem: Callable[[str], None] = _ignore  # something of the plan could not be pushed as is
    push_started: Callable = _ignore  # (calendar) the push of the plan begins
    progress: Callable[[int, int], None] = _ignore  # (done, total) writes of the push
    interrupted: Callable = _ignore  # (caldav push result) what a push wrote before it stopped
    pushed: Callable = _ignore  # (caldav push result) the plan was pushed
    not_pushed: Callable[[None], None] = _ignore  # no target calendar: pulled only
    contradiction: Callable = _ignore  # (Contradiction) newly found between shared decisions


@dataclass
class SyncOutcome:
    skipped: bool = False  # some pulled events could not be read (the rest was stored)
    conflicts: bool = False  # server copies changed since the last pull were left alone
    contradictions: bool = False  # new contradictions between shared decisions were found


def sync(session: Session, url: str, *, user: str | None, password: str | None,
         calendar: str | None, pull_only: bool, push_only: bool, timeout: float,
         ca_file: str | None, listener: SyncListener | None = None,
         ask_password: Callable[[str], str | None] | None = None) -> SyncOutcome:
    """Pull, then push the plan when the target calendar is known (``calendar`` or a
    calendar's URL). ``timeout`` bounds the whole sync. With ``user`` and no ``password``
    the server is first tried without one; ``ask_password(user)`` is called only when it
    asks for a login. Raises UserError when the server cannot be used (the message says
    what was kept: the database unchanged, or the pull completed)."""
    hear = listener or SyncListener()
    try:
        return _sync(session, url, user, password, calendar, pull_only, push_only, timeout,
                     ca_file, hear)
    except LoginNeeded as exc:
        refused = str(exc)
    if user and password is None and ask_password is not None \
            and (typed := ask_password(user)):
        try:
            return _sync(session, url, user, typed, calendar, pull_only, push_only, timeout,
                         ca_file, hear)
        except LoginNeeded as exc:
            refused = str(exc)
    raise UserError(f"{refused}; your database is unchanged")


def _sync(session: Session, url: str, user: str | None, password: str | None,
          calendar: str | None, pull_only: bool, push_only: bool, timeout: float,
          ca_file: str | None, hear: SyncListener) -> SyncOutcome:
    out = SyncOutcome()
    repo = session.repository
    server = None
    pulled = False
    try:
        server = Server(url, username=user, password=password, timeout=timeout,
                        ca_file=ca_file)
        target = None
        if not pull_only:
            try:
                target, created = choose_target(server, calendar)
            except SyncUsageError:
                if push_only:
                    raise
                target = None  # a plain sync of several calendars: pull only
            else:
                if created:
                    hear.created(target)
        if not push_only:
            for result in pull(server, repo, calendar=calendar):
                hear.pulled(result)
                out.skipped = out.skipped or bool(result.imported.skipped)
            pulled = True
        if target is not None:
            today = session.today
            text, problems = plan_ics_text(session, today - timedelta(days=PUSH_DAYS_BACK),
                                           today + timedelta(days=PUSH_DAYS_AHEAD))
            for problem in problems:
                hear.problem(problem)
            hear.push_started(target)
            try:
                pushed = push(server, repo, text, target=target, progress=hear.progress)
            except PushInterrupted as exc:
                hear.interrupted(exc.result)
                raise SyncError(str(exc)) from None
            hear.pushed(pushed)
            out.conflicts = bool(pushed.conflicts)
        elif not pull_only:
            hear.not_pushed(None)
    except LoginNeeded:
        raise
    except SyncUsageError as exc:
        raise UserError(str(exc)) from None
    except SyncError as exc:
        where = ("the pull was completed, the push did not finish" if pulled
                 else "your database is unchanged")
        raise UserError(f"{exc}; {where}") from None
    finally:
        if server is not None:
            server.close()
    reported = reported_contradictions(repo)
    found = new_contradictions(repo, reported)
    for contradiction in found:
        hear.contradiction(contradiction)
    if found:
        save_reported(repo, reported | {c.id for c in found})
        out.contradictions = True
    return out


def refresh_feeds(session: Session, feeds: Sequence[str], timeout: float) -> RefreshOutcome:
    """Re-fetch the URL feeds (``feeds``: only these; default all), only what changed."""
    outcome = refresh(session.repository, feeds=list(feeds) or None, timeout=timeout)
    if outcome.unknown:
        known = ", ".join(outcome.url_feeds) or "none"
        raise UserError(f"no URL feed named {', '.join(repr(f) for f in outcome.unknown)} "
                        f"(URL feeds: {known})")
    return outcome
