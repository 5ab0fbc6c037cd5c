"""leanmeet arrange UID [--occurrence ISO] --ref TEXT"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, refused, require_event, scope
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "arrange"
HELP = N_("record that the office arranged an event")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("uid")
    p.add_argument("--occurrence", metavar="ISO", help=_("only this occurrence of a series"))
    p.add_argument("--ref", required=True, help=_("the office's reference (document number...)"))


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import arrange

    occs = require_event(session, args)
    try:
        d = arrange(session, args.uid, args.occurrence, args.ref, occs[0] if occs else None)
    except UserError as exc:
        raise refused(args, exc) from None
    print(_("arranged: {uid} ({scope}), ref {ref!r}").format(uid=args.uid, scope=scope(args),
                                                            ref=d.text))
    return EXIT_OK
