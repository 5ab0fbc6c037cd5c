"""leanmeet sync URL [--user NAME] [--password-env VAR] [--calendar NAME] [--pull | --push]
                 [--timeout SECONDS] [--ca-file PEM]

The office's shared CalDAV store (SPEC §9). Without --pull/--push it pulls, then pushes the
plan when it knows the target calendar (--calendar NAME, or a calendar's URL). The password
comes from the environment variable named by --password-env; with --user alone, leanmeet
first tries without one (a server that asks none) and asks for it on a terminal only when
the server wants it; it is never stored or printed. --timeout bounds the whole sync. A
server that cannot be used gives one line on stderr and exit 2, with the database unchanged
(an interrupted push first says what it had written; run it again to finish); conflicts (a
server copy changed since the last pull) and newly found contradictions between shared
decisions give exit 1. A push shows a progress bar on a terminal, counts otherwise.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "sync"
HELP = N_("sync with the office's CalDAV server (pull calendars, push the plan)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("url", metavar="URL", help=_("the server, a user's calendar home, or one "
                   "calendar (http:// or https://)"))
    p.add_argument("--user", help=_("login name on the server"))
    p.add_argument("--password-env", metavar="VAR", help=_("the environment variable that "
                   "holds the password (without it, the password is asked for on a terminal "
                   "when the server wants one)"))
    p.add_argument("--calendar", metavar="NAME", help=_("only this calendar (pull) / the "
                   "target calendar of the plan (push; made if missing)"))
    direction = p.add_mutually_exclusive_group()
    direction.add_argument("--pull", action="store_true", help=_("only pull"))
    direction.add_argument("--push", action="store_true", help=_("only push the plan"))
    p.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS",
                   help=_("give up when the whole sync takes longer (default 600)"))
    p.add_argument("--ca-file", metavar="PEM", help=_("trust this CA bundle for the server's "
                   "TLS certificate (still verified)"))


def password(args: argparse.Namespace) -> str | None:
    """From --password-env VAR; None otherwise (--user alone: tried without a password)."""
    if args.password_env:
        if not args.user:
            raise UsageError(_("leanmeet sync: --password-env needs --user NAME"))
        value = os.environ.get(args.password_env)
        if not value:
            raise UsageError(_("leanmeet sync: the environment variable {name} is not set or "
                               "empty").format(name=args.password_env))
        return value
    return None


def prompt_password(user: str) -> str | None:
    """Ask on a terminal (None when standard input is not one)."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(_("Password for {user}: ").format(user=user)) or None
    except (EOFError, KeyboardInterrupt):
        return None


class Progress:
    """A progress bar on a terminal (stderr), plain counts on stdout otherwise."""

    def __init__(self, what: str | None = None) -> None:
        self.what = what or _("push")
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
                self.total = 0
            sys.stderr.flush()
            return
        step = max(total // 4, 1)
        if total >= 100 and done // step > self.shown and done < total:
            self.shown = done // step
            print(_("{what}: {done}/{total} written").format(what=self.what, done=done,
                                                              total=total), flush=True)

    def finish(self) -> None:
        if self.tty and self.total:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.total = 0


def _pulled(result) -> None:
    for problem in [*result.imported.problems, *result.bad]:
        print(f"  {say(str(problem))}", file=sys.stderr)
    for line in result.merged:
        print(_("  merged by time: {line}").format(line=say(line)))
    print(say(result.summary()))


def _pushed(result, progress: Progress) -> None:
    progress.finish()
    for line in result.conflicts:
        print(_("conflict: {line}").format(line=say(line)), file=sys.stderr)
    print(say(result.summary()))


def _interrupted(result, progress: Progress) -> None:
    progress.finish()
    print(_("{summary} before it stopped; {count} writes not done (run the same command again "
            "to finish)").format(summary=say(result.summary()), count=result.pending))


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.sync import SyncListener, sync

    progress = Progress()

    def started(target) -> None:
        progress.what = _("push to {name}").format(name=target.name)

    listener = SyncListener(
        created=lambda target: print(_("made calendar {name!r} at {url}").format(
            name=target.name, url=target.url)),
        pulled=_pulled,
        problem=lambda text: print(f"leanmeet: {say(str(text))}", file=sys.stderr),
        push_started=started,
        progress=progress,
        interrupted=lambda result: _interrupted(result, progress),
        pushed=lambda result: _pushed(result, progress),
        not_pushed=lambda result: print(_("nothing pushed: give --calendar NAME (or a "
                                          "calendar's URL) to push the plan")),
        contradiction=lambda c: print(_("contradiction: {text}").format(text=say(c.describe())),
                                      file=sys.stderr),
    )
    if args.timeout <= 0:
        raise UsageError(_("leanmeet sync: --timeout must be more than 0 seconds"))
    secret = password(args)
    try:
        done = sync(session, args.url, user=args.user, password=secret,
                    calendar=args.calendar, pull_only=args.pull, push_only=args.push,
                    timeout=args.timeout, ca_file=args.ca_file, listener=listener,
                    ask_password=prompt_password)
    except UserError as exc:
        progress.finish()
        print(f"leanmeet: sync: {say(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        del secret
    return EXIT_FINDINGS if done.skipped or done.conflicts or done.contradictions else EXIT_OK
