"""Sharing: the office's CalDAV store (pull calendars, push the plan) and the remembered URL
feeds (refresh), SPEC §9.

The front end supplies the password (the CLI from an environment variable or a prompt) and
hears what happens as it happens through :class:`SyncListener` callbacks, so a long pull
shows its progress.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from leanmeet.application.errors import UserError
from leanmeet.application.export import plan_ics_text
from leanmeet.application.session import Session
from leanmeet.storage.caldav_sync import (
    Server,
    SyncError,
    SyncUsageError,
    choose_target,
    pull,
    push,
)
from leanmeet.storage.refresh import RefreshOutcome, refresh

__all__ = ["PUSH_DAYS_AHEAD", "PUSH_DAYS_BACK", "SyncListener", "SyncOutcome", "refresh_feeds",
           "sync"]

#: The push window: the plan from a year back to three years ahead (events outside it are
#: left on the server as they are).
PUSH_DAYS_BACK, PUSH_DAYS_AHEAD = 366, 3 * 366


def _ignore(_value: object) -> None:
    return None


@dataclass
class SyncListener:
    """What the front end hears while a sync runs."""

    created: Callable = _ignore  # (calendar) the target calendar was made on the server
    pulled: Callable = _ignore  # (caldav pull result) one calendar was pulled
    problem: Callable[[str], None] = _ignore  # something of the plan could not be pushed as is
    pushed: Callable = _ignore  # (caldav push result) the plan was pushed
    not_pushed: Callable[[None], None] = _ignore  # no target calendar: pulled only


@dataclass
class SyncOutcome:
    skipped: bool = False  # some pulled events could not be read (the rest was stored)
    conflicts: bool = False  # server copies changed since the last pull were left alone


def sync(session: Session, url: str, *, user: str | None, password: str | None,
         calendar: str | None, pull_only: bool, push_only: bool, timeout: float,
         ca_file: str | None, listener: SyncListener | None = None) -> SyncOutcome:
    """Pull, then push the plan when the target calendar is known (``calendar`` or a
    calendar's URL). Raises UserError when the server cannot be used (nothing is changed by
    the step that failed)."""
    hear = listener or SyncListener()
    out = SyncOutcome()
    repo = session.repository
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
        if target is not None:
            today = session.today
            text, problems = plan_ics_text(session, today - timedelta(days=PUSH_DAYS_BACK),
                                           today + timedelta(days=PUSH_DAYS_AHEAD))
            for problem in problems:
                hear.problem(problem)
            try:
                pushed = push(server, repo, text, target=target)
            except SyncError as exc:
                if push_only:
                    raise
                raise SyncError(f"{exc} by the push (the pull before it was completed)") \
                    from None
            hear.pushed(pushed)
            out.conflicts = bool(pushed.conflicts)
        elif not pull_only:
            hear.not_pushed(None)
    except (SyncUsageError, SyncError) as exc:
        raise UserError(str(exc)) from None
    return out


def refresh_feeds(session: Session, feeds: Sequence[str], timeout: float) -> RefreshOutcome:
    """Re-fetch the URL feeds (``feeds``: only these; default all), only what changed."""
    outcome = refresh(session.repository, feeds=list(feeds) or None, timeout=timeout)
    if outcome.unknown:
        known = ", ".join(outcome.url_feeds) or "none"
        raise UserError(f"no URL feed named {', '.join(repr(f) for f in outcome.unknown)} "
                        f"(URL feeds: {known})")
    return outcome
