"""leanmeet decisions [--json]: every recorded decision, oldest first."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import EXIT_OK, print_json

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "decisions"
HELP = "every recorded decision"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, session: Session) -> int:
    decisions = sorted(session.repository.decisions(), key=lambda d: d.at)
    if args.json:
        print_json({"decisions": [
            {"type": d.type, "uid": d.uid, "occurrence": d.occurrence, "rule": d.rule or None,
             "text": d.text, "at": d.at,
             "members": [{"uid": u, "recurrence_id": r} for u, r in d.members]}
            for d in decisions]})
        return EXIT_OK
    if not decisions:
        print("no decisions recorded")
    for d in decisions:
        scope = f" @ {d.occurrence}" if d.occurrence else ""
        rule = f" {d.rule}" if d.rule else ""
        print(f"{d.at}  {d.type}{rule}  {d.uid}{scope}  {d.text}")
    return EXIT_OK
