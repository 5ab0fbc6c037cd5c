"""leanmeet exempt UID [--occurrence ISO] --rule RULE --reason TEXT"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, refused, require_event, scope
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "exempt"
HELP = N_("exempt an event from a rule, with the reason")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("uid")
    p.add_argument("--occurrence", metavar="ISO")
    p.add_argument("--rule", required=True)
    p.add_argument("--reason", required=True)


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import exempt

    require_event(session, args)
    try:
        d = exempt(session, args.uid, args.occurrence, args.rule, args.reason)
    except UserError as exc:
        raise refused(args, exc) from None
    print(_("exempted: {uid} ({scope}) from {rule}: {reason}").format(
        uid=args.uid, scope=scope(args), rule=args.rule, reason=d.text))
    return EXIT_OK
