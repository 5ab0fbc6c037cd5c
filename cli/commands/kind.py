"""leanmeet kind UID [KIND] [--occurrence ISO] [--remember [PATTERN] | --forget]: the kind of
an event and why; the scheduler's override, remembered for titles like it, or undone."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, UsageError, refused, require_event
from leanmeet.planner.model import KINDS
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session
    from leanmeet.planner.model import Occurrence

NAME = "kind"
HELP = N_("show the kind of an event and why, or override it")

HOW = {"ends": N_("ending in"), "contains": N_("containing"), "words": N_("with the words")}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("uid")
    p.add_argument("kind", nargs="?", choices=KINDS,
                   help=_("the kind to set (without it: print the kind and its reason)"))
    p.add_argument("--occurrence", metavar="ISO")
    p.add_argument("--remember", nargs="?", const=True, default=None, metavar="PATTERN",
                   help=_("also remember the kind for titles like this one (a pattern derived "
                          "from the title, or PATTERN: the end of a Chinese title / English "
                          "words), in the rules file (--rules, else the user rulebook)"))
    p.add_argument("--forget", action="store_true",
                   help=_("undo: remove the remembered corrections for this title and the "
                          "event's kind override"))


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import set_kind

    occs = require_event(session, args)
    if args.forget:
        return _forget(args, session, occs)
    if args.kind is None:
        if args.remember is not None:
            raise UsageError(_("leanmeet kind: --remember needs the KIND to remember"))
        return _show(args, session, occs)
    try:
        set_kind(session, args.uid, args.occurrence, args.kind)
    except UserError as exc:
        raise refused(args, exc) from None
    print(_("kind: {uid} is now {kind}").format(uid=args.uid, kind=_(args.kind)))
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
        print(f"{args.uid}{where}: {say(line)}")
    if not occs:
        print(_("{uid}: no occurrence within two years of today").format(uid=args.uid))
    return EXIT_OK


def _remember(args: argparse.Namespace, session: Session, occ: Occurrence) -> None:
    from leanmeet.application.actions import remember_kind

    pattern = args.remember if isinstance(args.remember, str) else None
    try:
        done = remember_kind(session, occ, args.kind, pattern)
    except UserError as exc:
        raise refused(args, exc) from None
    rule = done.rule
    print(_("remembered: titles {how} {pattern!r} are {kind} (in {path}; undo: leanmeet kind "
            "{uid} --forget)").format(how=_(HOW[rule.match]), pattern=rule.pattern,
                                      kind=_(rule.kind), path=done.path, uid=args.uid))


def _forget(args: argparse.Namespace, session: Session, occs: list[Occurrence]) -> int:
    from leanmeet.application.actions import forget_kind

    if args.kind is not None or args.remember is not None:
        raise UsageError(_("leanmeet kind: --forget takes no KIND and no --remember"))
    try:
        done = forget_kind(session, args.uid, occs)
    except UserError as exc:
        raise refused(args, exc) from None
    for entry in done.removed:
        print(_("forgot: titles like {pattern!r} are no longer {kind}").format(
            pattern=entry.get("pattern"), kind=_(str(entry.get("kind")))))
    if done.overrides:
        print(_("kind override of {uid} removed").format(uid=args.uid))
    if not done:
        print(_("{uid}: no remembered correction or kind override to undo").format(uid=args.uid))
    return EXIT_OK
