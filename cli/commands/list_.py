"""leanmeet list [--from DATE] [--to DATE] [--json] [--all]"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import EXIT_OK, iso, print_json, when, window, window_args, zone_text
from leanmeet.planner.model import Occurrence
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "list"
HELP = N_("occurrences in a window")


def add_arguments(p: argparse.ArgumentParser) -> None:
    window_args(p)
    p.add_argument("--all", action="store_true", help=_("include merged-away originals"))


def event_json(occ: Occurrence, kind: str, kind_reason: str = "") -> dict:
    return {
        "uid": occ.uid,
        "recurrence_id": iso(occ.recurrence_id),
        "start": iso(occ.start),
        "end": iso(occ.end),
        "all_day": occ.all_day,
        "summary": occ.summary,
        "location": occ.location,
        "status": occ.status,
        "kind": kind,
        "kind_reason": kind_reason,
        "feed": occ.feed,
        "organizer": occ.organizer.email or None if occ.organizer else None,
        "attendees": [{"email": a.email, "name": a.name, "role": a.role}
                      for a in occ.attendees],
    }


def run(args: argparse.Namespace, session: Session) -> int:
    first, last = window(session, args)
    occs = session.occurrences(first, last, include_superseded=args.all)
    readings = session.kind_readings(occs)
    kinds = [r.kind for r in readings]
    if args.json:
        print_json({"events": [event_json(o, r.kind, str(r)) for o, r in zip(occs, readings)]})
        return EXIT_OK
    if not occs:
        print(_("no events from {first} to {last}").format(first=first, last=last))
    elif any(not o.all_day for o in occs):
        zone = zone_text(session)
        print(zone[:1].upper() + zone[1:])
    cancelled = _("  (cancelled)")
    tags = {kind: f" [{_(kind)}]" for kind in set(kinds) - {"meeting"}}
    lines = [f"{when(occ)}  {occ.summary}{tags.get(kind, '')}"
             f"{f'  @ {occ.location}' if occ.location else ''}"
             f"{cancelled if occ.cancelled else ''}" for occ, kind in zip(occs, kinds)]
    if lines:  # one write: a busy week has thousands of lines
        print("\n".join(lines))
    return EXIT_OK
