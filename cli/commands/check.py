"""leanmeet check [--from DATE] [--to DATE] [--json] [--all]: what breaks the meeting rules
(exit 1 when there are error-severity findings)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    print_json,
    when,
    window,
    window_args,
    zone_text,
)
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "check"
HELP = N_("what breaks the meeting rules (exit 1 on errors)")
SEVERITY_TITLES = {"error": N_("Errors"), "warning": N_("Warnings"), "info": N_("Information")}


def add_arguments(p: argparse.ArgumentParser) -> None:
    window_args(p)
    p.add_argument("--all", action="store_true", help=_("include merged-away originals"))


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.queries import findings

    first, last = window(session, args, default_days=28)
    found = findings(session, first, last, include_superseded=args.all)
    errors = sum(1 for f in found if f.severity == "error")
    if args.json:
        print_json({"findings": [f.to_json() for f in found]})
        return EXIT_FINDINGS if errors else EXIT_OK
    print(_("Checked {first} to {last}: {errors} errors, {warnings} warnings, {info} "
            "information; {zone}").format(
                first=first, last=last, errors=errors,
                warnings=sum(1 for f in found if f.severity == "warning"),
                info=sum(1 for f in found if f.severity == "info"), zone=zone_text(session)))
    for severity in ("error", "warning", "info"):
        group = [f for f in found if f.severity == severity]
        if not group:
            continue
        print(f"\n{_(SEVERITY_TITLES[severity])} ({len(group)})")
        for f in group:
            occ = f.occurrence
            head = f"{when(occ)}  {occ.summary}" if occ else _("(per person)")
            print(f"  {head}")
            print(f"    {f.rule}: {say(f.message)}  [{say(f.clause)}]")
            if f.people:
                print(_("    people: {people}").format(people=", ".join(f.people)))
            for other in f.occurrences[1:]:
                print(_("    with: {when}  {summary}").format(when=when(other),
                                                          summary=other.summary))
            if occ:
                print(_("    uid: {uid}").format(uid=occ.uid)
                      + (_("  occurrence: {occurrence}").format(
                          occurrence=occ.recurrence_id.isoformat()) if occ.recurrence_id
                         else ""))
    return EXIT_FINDINGS if errors else EXIT_OK
