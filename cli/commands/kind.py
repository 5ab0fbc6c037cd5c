"""leanmeet kind UID [KIND] [--occurrence ISO] [--remember [PATTERN] | --forget]: the kind of
an event and why; the scheduler's override, remembered for titles like it, or undone."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, UsageError, refused, require_event
from leanmeet.planner.model import KINDS

if TYPE_CHECKING:
    from leanmeet.application.session import Session
    from leanmeet.planner.model import Occurrence

NAME = "kind"
HELP = "show the kind of an event and why, or override it"

HOW = {"ends": "ending in", "contains": "containing", "words": "with the words"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("uid")
    p.add_argument("kind", nargs="?", choices=KINDS,
                   help="the kind to set (without it: print the kind and its reason)")
    p.add_argument("--occurrence", metavar="ISO")
    p.add_argument("--remember", nargs="?", const=True, default=None, metavar="PATTERN",
                   help="also remember the kind for titles like this one (a pattern derived "
                   "from the title, or PATTERN: the end of a Chinese title / English words), "
                   "in the rules file (--rules, else the user rulebook)")
    p.add_argument("--forget", action="store_true",
                   help="undo: remove the remembered corrections for this title and the "
                   "event's kind override")


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import set_kind

    occs = require_event(session, args)
    if args.forget:
        return _forget(args, session, occs)
    if args.kind is None:
        if args.remember is not None:
            raise UsageError("leanmeet kind: --remember needs the KIND to remember")
        return _show(args, session, occs)
    try:
        set_kind(session, args.uid, args.occurrence, args.kind)
    except UserError as exc:
        raise refused(args, exc) from None
    print(f"kind: {args.uid} is now {args.kind}")
    if args.remember is not None and occs:
        _remember(args, session, occs[0])
    return EXIT_OK


def _show(args: argparse.Namespace, session: Session, occs: list[Occurrence]) -> int:
    reading = session.reading_of()
    shown = set()
    for occ in occs:
        line = str(reading(occ))
        if line in shown and not args.occurrence:
            continue  # every occurrence of a series reads the same
        shown.add(line)
        where = f" @ {occ.recurrence_id.isoformat()}" if occ.recurrence_id else ""
        print(f"{args.uid}{where}: {line}")
    if not occs:
        print(f"{args.uid}: no occurrence within two years of today")
    return EXIT_OK


def _remember(args: argparse.Namespace, session: Session, occ: Occurrence) -> None:
    from leanmeet.application.actions import remember_kind

    pattern = args.remember if isinstance(args.remember, str) else None
    try:
        done = remember_kind(session, occ, args.kind, pattern)
    except UserError as exc:
        raise refused(args, exc) from None
    rule = done.rule
    print(f"remembered: titles {HOW[rule.match]} {rule.pattern!r} are {rule.kind} (in "
          f"{done.path}; undo: leanmeet kind {args.uid} --forget)")


def _forget(args: argparse.Namespace, session: Session, occs: list[Occurrence]) -> int:
    from leanmeet.application.actions import forget_kind

    if args.kind is not None or args.remember is not None:
        raise UsageError("leanmeet kind: --forget takes no KIND and no --remember")
    try:
        done = forget_kind(session, args.uid, occs)
    except UserError as exc:
        raise refused(args, exc) from None
    for entry in done.removed:
        print(f"forgot: titles like {entry.get('pattern')!r} are no longer "
              f"{entry.get('kind')}")
    if done.overrides:
        print(f"kind override of {args.uid} removed")
    if not done:
        print(f"{args.uid}: no remembered correction or kind override to undo")
    return EXIT_OK
