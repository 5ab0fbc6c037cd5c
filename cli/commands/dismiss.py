"""leanmeet dismiss SUGGESTION_ID: never suggest these meetings together again."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import EXIT_OK, current_suggestion, suggestion_id_arg

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "dismiss"
HELP = "never suggest these meetings together again"


def add_arguments(p: argparse.ArgumentParser) -> None:
    suggestion_id_arg(p)


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import dismiss

    s = current_suggestion(session, args)
    dismiss(session, s)
    print(f"dismissed {s.id}: these {len(s.members)} meetings will not be suggested together "
          "again")
    return EXIT_OK
