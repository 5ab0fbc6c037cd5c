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

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "check"
HELP = "what breaks the meeting rules (exit 1 on errors)"
SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Information"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    window_args(p)
    p.add_argument("--all", action="store_true", help="include merged-away originals")


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.queries import findings

    first, last = window(session, args, default_days=28)
    found = findings(session, first, last, include_superseded=args.all)
    errors = sum(1 for f in found if f.severity == "error")
    if args.json:
        print_json({"findings": [f.to_json() for f in found]})
        return EXIT_FINDINGS if errors else EXIT_OK
    print(f"Checked {first} to {last}: {errors} errors, "
          f"{sum(1 for f in found if f.severity == 'warning')} warnings, "
          f"{sum(1 for f in found if f.severity == 'info')} information; {zone_text(session)}")
    for severity in ("error", "warning", "info"):
        group = [f for f in found if f.severity == severity]
        if not group:
            continue
        print(f"\n{SEVERITY_TITLES[severity]} ({len(group)})")
        for f in group:
            occ = f.occurrence
            head = f"{when(occ)}  {occ.summary}" if occ else "(per person)"
            print(f"  {head}")
            print(f"    {f.rule}: {f.message}  [{f.clause}]")
            if f.people:
                print(f"    people: {', '.join(f.people)}")
            for other in f.occurrences[1:]:
                print(f"    with: {when(other)}  {other.summary}")
            if occ:
                print(f"    uid: {occ.uid}"
                      + (f"  occurrence: {occ.recurrence_id.isoformat()}"
                         if occ.recurrence_id else ""))
    return EXIT_FINDINGS if errors else EXIT_OK
