"""leanmeet suggest [--from DATE] [--to DATE] [--json]: meetings that could be merged
(SPEC §5). The suggestions shown are remembered, so that ``merge ID`` and ``dismiss ID``
find them again."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import EXIT_OK, print_json, when, window, window_args

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "suggest"
HELP = "meetings that could be merged"


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
        print(f"no merge suggestions from {first} to {last}")
    for s in found:
        print(f"{s.id}  score {s.score:.2f}  ({len(s.members)} meetings)")
        for m in s.members:
            print(f"  {when(m)}  {m.summary}")
        r = s.reasons
        for label, value, text in (("time", r.time, r.time_text),
                                   ("attendees", r.attendees, r.attendees_text),
                                   ("content", r.content, r.content_text)):
            if value is not None:
                print(f"  {label}: {text}")
        p = s.proposal
        print(f"  proposal: {p.start:%Y-%m-%d %H:%M}–{p.end:%H:%M}  {p.summary}  "
              f"({len(p.attendees)} attendees"
              + (f", keynote {p.keynote}" if p.keynote else "") + ")")
        if p.reason:  # the slot and why (issue 15)
            print(f"  slot: {p.reason}" + (f"  @ {p.location}" if p.location else ""))
        print(f"  accept: leanmeet merge {s.id}    dismiss: leanmeet dismiss {s.id}\n")
    return EXIT_OK
