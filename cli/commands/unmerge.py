"""leanmeet unmerge SUGGESTION_ID: undo an accepted merge."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, UsageError, suggestion_id_arg
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "unmerge"
HELP = N_("undo an accepted merge")


def add_arguments(p: argparse.ArgumentParser) -> None:
    suggestion_id_arg(p)


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import unmerge

    try:
        unmerge(session, args.suggestion_id)
    except UserError as exc:
        raise UsageError(_("leanmeet unmerge: {error} (see leanmeet decisions)").format(
            error=say(str(exc)))) from None
    print(_("unmerged {id}: the original meetings are back in the plan").format(
        id=args.suggestion_id))
    return EXIT_OK
