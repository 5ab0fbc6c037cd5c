"""leanmeet refresh [FEED...] [--timeout SECONDS]: re-fetch the remembered URL feeds (SPEC §9),
only what changed (conditional GET)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    refused,
    timeout_arg,
)
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "refresh"
HELP = N_("re-fetch the URL feeds (only what changed)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("feeds", nargs="*", metavar="FEED", help=_("only these feeds (default: "
                   "all feeds imported from http(s)/webcal URLs)"))
    timeout_arg(p)


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.sync import refresh_feeds

    if args.timeout <= 0:
        raise UsageError(_("leanmeet refresh: --timeout must be more than 0 seconds"))
    try:
        outcome = refresh_feeds(session, args.feeds, args.timeout)
    except UserError as exc:
        raise refused(args, exc) from None
    if not outcome.feeds:
        print(_("no URL feeds to refresh (import one with leanmeet import https://...)"))
        return EXIT_OK
    for feed in outcome.feeds:
        for message in feed.errors:
            print(f"leanmeet: {say(str(message))}", file=sys.stderr)
        traffic = _("{downloaded} downloaded, {unmodified} not modified").format(
            downloaded=feed.downloaded, unmodified=feed.not_modified)
        if feed.result is not None:
            for problem in feed.result.problems:
                print(f"  {say(str(problem))}", file=sys.stderr)
            print(f"{say(feed.result.summary())} ({traffic})")
        elif not feed.errors:
            print(_("{feed}: unchanged ({traffic})").format(feed=feed.name, traffic=traffic))
    if any(f.errors for f in outcome.feeds):
        return EXIT_USAGE
    if any(f.result is not None and f.result.skipped for f in outcome.feeds):
        return EXIT_FINDINGS
    return EXIT_OK
