"""leanmeet dismiss SUGGESTION_ID: never suggest these meetings together again."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import on_suggestion, suggestion_id_arg
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "dismiss"
HELP = N_("never suggest these meetings together again")


def add_arguments(p: argparse.ArgumentParser) -> None:
    suggestion_id_arg(p)


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import dismiss

    return on_suggestion(args, session, dismiss, lambda s: _(
        "dismissed {id}: these {count} meetings will not be suggested together again").format(
            id=s.id, count=len(s.members)))
