"""leanmeet import SOURCE... [--feed NAME] [--arranged]"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from leanmeet.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "import"
HELP = N_("import .ics files, folders, - (stdin) or URLs")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--feed", help=_("feed name (default: each file's name)"))
    p.add_argument("--arranged", action=argparse.BooleanOptionalAction, default=None,
                   help=_("every event of this feed is arranged by the office (remembered for "
                          "later imports of the feed; --no-arranged clears it)"))


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import import_sources

    if args.sources.count("-") > 1:
        raise UsageError(_("leanmeet import: '-' (standard input) can be given only once"))
    outcome = import_sources(session, args.sources, args.feed, args.arranged)
    for result in outcome.results:
        for problem in result.problems:
            print(f"  {say(str(problem))}", file=sys.stderr)
        print(say(result.summary()))
    for error in outcome.errors:
        print(f"leanmeet: {say(str(error))}", file=sys.stderr)
    if outcome.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if outcome.partial else EXIT_OK
