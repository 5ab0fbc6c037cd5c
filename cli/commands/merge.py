"""leanmeet merge SUGGESTION_ID: accept a suggestion (store the merged meeting)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import on_suggestion, suggestion_id_arg
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _

if TYPE_CHECKING:
    from leanmeet.application.session import Session
    from leanmeet.planner.merge import Suggestion

NAME = "merge"
HELP = N_("accept a suggestion: store the merged meeting")


def add_arguments(p: argparse.ArgumentParser) -> None:
    suggestion_id_arg(p)


def merged(s: Suggestion) -> str:
    p = s.proposal
    return _("merged {id}: {start} {summary} replaces {count} meetings (undo: leanmeet unmerge "
             "{id})").format(id=s.id, start=f"{p.start:%Y-%m-%d %H:%M}–{p.end:%H:%M}",
                             summary=p.summary, count=len(s.members))


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import accept_merge

    return on_suggestion(args, session, accept_merge, merged)
