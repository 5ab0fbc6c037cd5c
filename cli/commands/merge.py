"""leanmeet merge SUGGESTION_ID: accept a suggestion (store the merged meeting)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import EXIT_OK, current_suggestion, suggestion_id_arg

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "merge"
HELP = "accept a suggestion: store the merged meeting"


def add_arguments(p: argparse.ArgumentParser) -> None:
    suggestion_id_arg(p)


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import accept_merge

    s = current_suggestion(session, args)
    accept_merge(session, s)
    p = s.proposal
    print(f"merged {s.id}: {p.start:%Y-%m-%d %H:%M}–{p.end:%H:%M} {p.summary} replaces "
          f"{len(s.members)} meetings (undo: leanmeet unmerge {s.id})")
    return EXIT_OK
