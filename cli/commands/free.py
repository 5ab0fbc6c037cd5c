"""leanmeet free PERSON... [--from DATE] [--to DATE] [--minutes N] [--json]: the common free
time of these people (issue 15): every stored feed, within the rulebook's working hours
(``[merge]`` work_start … lunch … work_end), days off skipped. The window defaults to 7 days
from today."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, print_json, refused, weekday, window, window_args
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "free"
HELP = N_("common free time of these people (every feed, working hours, days off skipped)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("people", nargs="+", metavar="PERSON",
                   help=_("a roster name or email, or an attendee's name or email"))
    window_args(p)
    p.add_argument("--minutes", type=int, default=60, metavar="N",
                   help=_("the shortest stretch worth listing (default 60)"))


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.planning import free_time

    if args.minutes <= 0:
        raise refused(args, _("--minutes must be a positive number of minutes"))
    first, last = window(session, args, default_days=7)
    try:
        found = free_time(session, args.people, first, last, args.minutes)
    except UserError as exc:
        raise refused(args, exc) from None
    for text in found.unknown:
        print(_("leanmeet free: {text!r} is on no roster entry and in no event from {first} "
                "to {last}; taken as free").format(text=text, first=first, last=last),
              file=sys.stderr)
    if args.json:
        print_json({"people": found.names, "from": first.isoformat(), "to": last.isoformat(),
                    "minutes": args.minutes,
                    "slots": [{"start": s.start.isoformat(), "end": s.end.isoformat(),
                               "minutes": s.minutes} for s in found.slots]})
        return EXIT_OK
    who = ", ".join(found.names)
    if not found.slots:
        print(_("no common free time of at least {minutes} minutes for {who} from {first} to "
                "{last} (working hours, days off skipped)").format(
                    minutes=args.minutes, who=who, first=first, last=last))
        return EXIT_OK
    print(_("common free time of {who} ({minutes}+ minutes):").format(who=who,
                                                                      minutes=args.minutes))
    for s in found.slots:
        print(_("  {when}  ({minutes} min)").format(
            when=f"{s.start:%Y-%m-%d} {weekday(s.start)} {s.start:%H:%M}–{s.end:%H:%M}",
            minutes=s.minutes))
    return EXIT_OK
