"""leanmeet export OUT [--format ics|itip|csv|md|html|leaders] [--from DATE] [--to DATE]:
the consolidated meeting plan (SPEC §6), or the leaders' weekly activity table (issue 15).

The format defaults to OUT's extension (.ics, .csv, .md, .html, .xlsx: the leaders' table),
else ics; ``leaders`` writes the leaders' weekly activity table as HTML, CSV or XLSX by OUT's
extension; ``itip`` writes a folder of notices. OUT ``-`` writes to standard output (not for itip). The window defaults
to 28 days from today, like ``check`` and ``suggest``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, parse_date, refused, window
from leanmeet.storage.export import FORMATS
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "export"
HELP = N_("export the consolidated plan (.ics, iTIP notices, CSV, Markdown, HTML report) or "
          "the leaders' weekly table (HTML, CSV, XLSX)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="OUT", help=_("the file to write (a folder for --format "
                                                "itip; - for standard output)"))
    p.add_argument("--format", choices=FORMATS,
                   help=_("default: from OUT's extension, else ics"))
    p.add_argument("--from", dest="start", type=parse_date, metavar="DATE",
                   help=_("first day (default: today)"))
    p.add_argument("--to", dest="end", type=parse_date, metavar="DATE",
                   help=_("last day (default: 27 days after the first)"))


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.export import export_format, export_plan

    fmt = export_format(args.out, args.format)
    first, last = window(session, args, default_days=28)
    try:
        done = export_plan(session, args.out, fmt, first, last)
    except UserError as exc:
        raise refused(args, exc) from None
    for problem in done.problems:
        print(f"leanmeet: {say(str(problem))}", file=sys.stderr)
    if done.data is not None:
        sys.stdout.buffer.write(done.data)
        sys.stdout.buffer.flush()
    # with OUT "-" the plan is on standard output: the summary goes to standard error
    print(say(done.summary), file=sys.stderr if args.out == "-" else sys.stdout)
    return EXIT_OK
