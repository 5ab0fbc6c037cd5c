"""leanmeet sync URL [--user NAME] [--password-env VAR] [--calendar NAME] [--pull | --push]
                 [--timeout SECONDS] [--ca-file PEM]

The office's shared CalDAV store (SPEC §9). Without --pull/--push it pulls, then pushes the
plan when it knows the target calendar (--calendar NAME, or a calendar's URL). The password
comes from the environment variable named by --password-env, else from a prompt when
standard input is a terminal; it is never stored or printed. A server that cannot be used
gives one line on stderr and exit 2, with the database unchanged; conflicts (a server copy
changed since the last pull) give exit 1.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, timeout_arg

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "sync"
HELP = "sync with the office's CalDAV server (pull calendars, push the plan)"


def add_arguments(p: argparse.ArgumentParser) -> None:
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
    timeout_arg(p)
    p.add_argument("--ca-file", metavar="PEM", help="trust this CA bundle for the server's "
                   "TLS certificate (still verified)")


def password(args: argparse.Namespace) -> str | None:
    """From --password-env VAR, else a prompt on a terminal; None without --user."""
    if args.password_env:
        if not args.user:
            raise UsageError("leanmeet sync: --password-env needs --user NAME")
        value = os.environ.get(args.password_env)
        if not value:
            raise UsageError(f"leanmeet sync: the environment variable "
                             f"{args.password_env} is not set or empty")
        return value
    if not args.user:
        return None
    if not sys.stdin.isatty():
        raise UsageError("leanmeet sync: no password: give --password-env VAR (standard "
                         "input is not a terminal to ask on)")
    try:
        return getpass.getpass(f"Password for {args.user}: ")
    except (EOFError, KeyboardInterrupt):
        raise UsageError("leanmeet sync: no password given") from None


def _pulled(result) -> None:
    for problem in result.imported.problems:
        print(f"  {problem}", file=sys.stderr)
    print(result.summary())


def _pushed(result) -> None:
    for line in result.conflicts:
        print(f"conflict: {line}", file=sys.stderr)
    print(result.summary())


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.sync import SyncListener, sync

    listener = SyncListener(
        created=lambda target: print(f"made calendar {target.name!r} at {target.url}"),
        pulled=_pulled,
        problem=lambda text: print(f"leanmeet: {text}", file=sys.stderr),
        pushed=_pushed,
        not_pushed=lambda _: print("nothing pushed: give --calendar NAME (or a calendar's "
                                   "URL) to push the plan"),
    )
    if args.timeout <= 0:
        raise UsageError("leanmeet sync: --timeout must be more than 0 seconds")
    secret = password(args)
    try:
        done = sync(session, args.url, user=args.user, password=secret,
                    calendar=args.calendar, pull_only=args.pull, push_only=args.push,
                    timeout=args.timeout, ca_file=args.ca_file, listener=listener)
    except UserError as exc:
        print(f"leanmeet: sync: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        del secret
    return EXIT_FINDINGS if done.skipped or done.conflicts else EXIT_OK
