"""leanmeet kind UID KIND [--occurrence ISO]: the scheduler's kind of an event."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, refused, require_event
from leanmeet.planner.model import KINDS

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "kind"
HELP = "override the kind of an event"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("uid")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--occurrence", metavar="ISO")


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import set_kind

    require_event(session, args)
    try:
        set_kind(session, args.uid, args.occurrence, args.kind)
    except UserError as exc:
        raise refused(args, exc) from None
    print(f"kind: {args.uid} is now {args.kind}")
    return EXIT_OK
