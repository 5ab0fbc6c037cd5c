"""leanmeet unmerge SUGGESTION_ID: undo an accepted merge."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, UsageError, suggestion_id_arg

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "unmerge"
HELP = "undo an accepted merge"


def add_arguments(p: argparse.ArgumentParser) -> None:
    suggestion_id_arg(p)


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import unmerge

    try:
        unmerge(session, args.suggestion_id)
    except UserError as exc:
        raise UsageError(f"leanmeet unmerge: {exc} (see leanmeet decisions)") from None
    print(f"unmerged {args.suggestion_id}: the original meetings are back in the plan")
    return EXIT_OK
