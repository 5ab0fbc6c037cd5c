"""leanmeet suggest [--from DATE] [--to DATE] [--json]: meetings that could be merged
(SPEC §5). The suggestions shown are remembered, so that ``merge ID`` and ``dismiss ID``
find them again."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import EXIT_OK, print_json, when, window, window_args
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "suggest"
HELP = N_("meetings that could be merged")


def add_arguments(p: argparse.ArgumentParser) -> None:
    window_args(p)


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.queries import suggestions

    first, last = window(session, args, default_days=28)
    found = suggestions(session, first, last, remember=True)
    if args.json:
        print_json({"suggestions": [s.to_json() for s in found]})
        return EXIT_OK
    if not found:
        print(_("no merge suggestions from {first} to {last}").format(first=first, last=last))
    for s in found:
        print(_("{id}  score {score:.2f}  ({count} meetings)").format(
            id=s.id, score=s.score, count=len(s.members)))
        for m in s.members:
            print(f"  {when(m)}  {m.summary}")
        r = s.reasons
        for label, value, text in ((_("time"), r.time, r.time_text),
                                   (_("attendees"), r.attendees, r.attendees_text),
                                   (_("content"), r.content, r.content_text)):
            if value is not None:
                print(f"  {label}: {say(text)}")
        p = s.proposal
        keynote = _(", keynote {name}").format(name=p.keynote) if p.keynote else ""
        print(_("  proposal: {when}  {summary}  ({count} attendees{keynote})").format(
            when=f"{p.start:%Y-%m-%d %H:%M}–{p.end:%H:%M}", summary=p.summary,
            count=len(p.attendees), keynote=keynote))
        if p.reason:  # the slot and why (issue 15)
            print(_("  slot: {reason}").format(reason=say(p.reason))
                  + (f"  @ {p.location}" if p.location else ""))
        print(_("  accept: leanmeet merge {id}    dismiss: leanmeet dismiss {id}").format(id=s.id)
              + "\n")
    return EXIT_OK
