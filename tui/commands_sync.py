"""sync and refresh: the office's shared CalDAV store and remembered URL feeds (SPEC §9).

    leanmeet sync URL [--user NAME] [--password-env VAR] [--calendar NAME] [--pull | --push]
                      [--timeout SECONDS] [--ca-file PEM]
    leanmeet refresh [FEED...] [--timeout SECONDS]

``sync`` without --pull/--push pulls, then pushes the plan when it knows the target calendar
(--calendar NAME, or a calendar's URL). The password comes from the environment variable
named by --password-env; with --user alone, leanmeet first tries without one (a server that
asks none) and asks for it on a terminal only when the server wants it; it is never stored
or printed. --timeout bounds the whole sync. A server that cannot be used gives one line on
stderr and exit 2, with the database unchanged (an interrupted push first says what it had
written; run it again to finish); conflicts (a server copy changed since the last pull) and
newly found contradictions between shared decisions give exit 1. A push shows a progress
bar on a terminal, counts otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta

from leanmeet.tui import cli

#: The push window: the plan from a year back to three years ahead (events outside it are
#: left on the server as they are).
PUSH_DAYS_BACK, PUSH_DAYS_AHEAD = 366, 3 * 366


def add_parsers(sub) -> None:
    p = sub.add_parser("sync", help="sync with the office's CalDAV server (pull calendars, "
                       "push the plan)")
    p.add_argument("url", metavar="URL", help="the server, a user's calendar home, or one "
                   "calendar (http:// or https://)")
    p.add_argument("--user", help="login name on the server")
    p.add_argument("--password-env", metavar="VAR", help="the environment variable that holds "
                   "the password (without it, the password is asked for on a terminal)")
    p.add_argument("--calendar", metavar="NAME", help="only this calendar (pull) / the target "
                   "calendar of the plan (push; made if missing)")
    direction = p.add_mutually_exclusive_group()
    direction.add_argument("--pull", action="store_true", help="only pull")
    direction.add_argument("--push", action="store_true", help="only push the plan")
    p.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS",
                   help="give up when the whole sync takes longer (default 600)")
    p.add_argument("--ca-file", metavar="PEM", help="trust this CA bundle for the server's "
                   "TLS certificate (still verified)")

    p = sub.add_parser("refresh", help="re-fetch the URL feeds (only what changed)")
    p.add_argument("feeds", nargs="*", metavar="FEED", help="only these feeds (default: all "
                   "feeds imported from http(s)/webcal URLs)")
    _network_args(p)


def _network_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="give up on a server that does not answer (default 30)")


def run(args: argparse.Namespace) -> int:
    return cmd_sync(args) if args.command == "sync" else cmd_refresh(args)


def _err(message: str) -> None:
    print(f"leanmeet: {message}", file=sys.stderr)


def password(args: argparse.Namespace) -> str | None:
    """From --password-env VAR; None otherwise (--user alone: tried without a password)."""
    if args.password_env:
        if not args.user:
            raise cli.UsageError("leanmeet sync: --password-env needs --user NAME")
        value = os.environ.get(args.password_env)
        if not value:
            raise cli.UsageError(f"leanmeet sync: the environment variable "
                                 f"{args.password_env} is not set or empty")
        return value
    return None


def prompt_password(user: str) -> str | None:
    """Ask on a terminal (None when standard input is not one)."""
    if not sys.stdin.isatty():
        return None
    import getpass

    try:
        return getpass.getpass(f"Password for {user}: ") or None
    except (EOFError, KeyboardInterrupt):
        return None


class Progress:
    """A progress bar on a terminal (stderr), plain counts on stdout otherwise."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.tty = sys.stderr.isatty()
        self.shown = -1
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.total = total
        if self.tty:
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r{self.what} [{'#' * filled}{'.' * (width - filled)}] "
                             f"{done}/{total}")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()
            return
        step = max(total // 4, 1)
        if total >= 100 and done // step > self.shown and done < total:
            self.shown = done // step
            print(f"{self.what}: {done}/{total} written", flush=True)

    def finish(self) -> None:
        if self.tty and self.total:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.total = 0


def plan_text(args: argparse.Namespace) -> str:
    """The consolidated plan of the push window as .ics (the export's own code)."""
    from leanmeet.storage.export.ics import plan_ics
    from leanmeet.tui import commands_export

    tz = cli.office_tz(args)
    today = cli.today(tz)
    first, last = today - timedelta(days=PUSH_DAYS_BACK), today + timedelta(days=PUSH_DAYS_AHEAD)
    plan, ctx = commands_export.build(args, "ics", tz, first, last)
    repo = cli.repository(args)
    tables = repo._tables()
    result = plan_ics(
        plan, tables["events"], {z["id"]: z["text"] for z in tables["zones"]},
        ctx.decisions.decisions, superseded=repo.superseded_keys(),
        arranged_feeds=[f["name"] for f in tables["feeds"] if f.get("arranged")],
        carry_decisions=False)
    for problem in result.problems:
        _err(problem)
    return result.text


def cmd_sync(args: argparse.Namespace) -> int:
    from leanmeet.storage.caldav_sync import LoginNeeded

    if args.timeout <= 0:
        raise cli.UsageError("leanmeet sync: --timeout must be more than 0 seconds")
    secret = password(args)
    try:
        return _sync(args, secret)
    except LoginNeeded as exc:
        if args.user and secret is None and (typed := prompt_password(args.user)):
            return _sync(args, typed)
        _err(f"sync: {exc}; your database is unchanged")
        return cli.EXIT_USAGE


def _sync(args: argparse.Namespace, secret: str | None) -> int:
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

    repo = cli.repository(args)
    code = cli.EXIT_OK
    server = None
    pulled = False
    try:
        server = Server(args.url, username=args.user, password=secret, timeout=args.timeout,
                        ca_file=args.ca_file)
        target = None
        if not args.pull:
            try:
                target, created = choose_target(server, args.calendar)
            except SyncUsageError:
                if args.push:
                    raise
                target = None  # a plain sync of several calendars: pull only
            else:
                if created:
                    print(f"made calendar {target.name!r} at {target.url}")
        if not args.push:
            for result in pull(server, repo, calendar=args.calendar):
                for problem in [*result.imported.problems, *result.bad]:
                    print(f"  {problem}", file=sys.stderr)
                for line in result.merged:
                    print(f"  merged by time: {line}")
                print(result.summary())
                if result.imported.skipped:
                    code = cli.EXIT_FINDINGS
            pulled = True
        if target is not None:
            progress = Progress(f"push to {target.name}")
            try:
                pushed = push(server, repo, plan_text(args), target=target, progress=progress)
            except PushInterrupted as exc:
                progress.finish()
                print(f"{exc.result.summary()} before it stopped; {exc.result.pending} writes "
                      "not done (run the same command again to finish)")
                raise SyncError(str(exc)) from None
            progress.finish()
            for line in pushed.conflicts:
                print(f"conflict: {line}", file=sys.stderr)
            print(pushed.summary())
            if pushed.conflicts:
                code = cli.EXIT_FINDINGS
        elif not args.pull:
            print("nothing pushed: give --calendar NAME (or a calendar's URL) to push the plan")
    except LoginNeeded:
        raise
    except SyncUsageError as exc:
        _err(f"sync: {exc}")
        return cli.EXIT_USAGE
    except SyncError as exc:
        where = ("the pull was completed, the push did not finish" if pulled
                 else "your database is unchanged")
        _err(f"sync: {exc}; {where}")
        return cli.EXIT_USAGE
    finally:
        if server is not None:
            server.close()
    reported = reported_contradictions(repo)
    found = new_contradictions(repo, reported)
    for contradiction in found:
        print(f"contradiction: {contradiction.describe()}", file=sys.stderr)
    if found:
        save_reported(repo, reported | {c.id for c in found})
        code = cli.EXIT_FINDINGS
    return code


def cmd_refresh(args: argparse.Namespace) -> int:
    from leanmeet.storage.refresh import refresh

    if args.timeout <= 0:
        raise cli.UsageError("leanmeet refresh: --timeout must be more than 0 seconds")
    repo = cli.repository(args)
    outcome = refresh(repo, feeds=args.feeds or None, timeout=args.timeout)
    if outcome.unknown:
        known = ", ".join(outcome.url_feeds) or "none"
        raise cli.UsageError(f"leanmeet refresh: no URL feed named "
                             f"{', '.join(repr(f) for f in outcome.unknown)} (URL feeds: "
                             f"{known})")
    if not outcome.feeds:
        print("no URL feeds to refresh (import one with leanmeet import https://...)")
        return cli.EXIT_OK
    for feed in outcome.feeds:
        for message in feed.errors:
            _err(message)
        traffic = f"{feed.downloaded} downloaded, {feed.not_modified} not modified"
        if feed.result is not None:
            for problem in feed.result.problems:
                print(f"  {problem}", file=sys.stderr)
            print(f"{feed.result.summary()} ({traffic})")
        elif not feed.errors:
            print(f"{feed.name}: unchanged ({traffic})")
    if any(f.errors for f in outcome.feeds):
        return cli.EXIT_USAGE
    if any(f.result is not None and f.result.skipped for f in outcome.feeds):
        return cli.EXIT_FINDINGS
    return cli.EXIT_OK
