"""Commands of the rulebook and of merge suggestions: check, arrange, exempt, kind, decisions,
suggest, merge, unmerge, dismiss (SPEC §7)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from leanmeet.planner.model import KINDS
from leanmeet.tui import cli

SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Information"}


def add_parsers(sub, window_args) -> None:
    p = sub.add_parser("check", help="what breaks the meeting rules (exit 1 on errors)")
    window_args(p)
    p.add_argument("--all", action="store_true", help="include merged-away originals")

    p = sub.add_parser("arrange", help="record that the office arranged an event")
    p.add_argument("uid")
    p.add_argument("--occurrence", metavar="ISO", help="only this occurrence of a series")
    p.add_argument("--ref", required=True, help="the office's reference (document number...)")

    p = sub.add_parser("exempt", help="exempt an event from a rule, with the reason")
    p.add_argument("uid")
    p.add_argument("--occurrence", metavar="ISO")
    p.add_argument("--rule", required=True)
    p.add_argument("--reason", required=True)

    p = sub.add_parser("kind", help="override the kind of an event")
    p.add_argument("uid")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--occurrence", metavar="ISO")

    p = sub.add_parser("decisions", help="every recorded decision")
    p.add_argument("--json", action="store_true")

    from leanmeet.tui import commands_export, commands_merge, commands_sync

    commands_merge.add_parsers(sub, window_args)
    commands_export.add_parsers(sub, window_args)
    commands_sync.add_parsers(sub)


def run(args: argparse.Namespace) -> int:
    handlers = {"check": cmd_check, "arrange": cmd_arrange, "exempt": cmd_exempt,
                "kind": cmd_kind, "decisions": cmd_decisions}
    if args.command in handlers:
        return handlers[args.command](args)
    from leanmeet.tui import commands_export, commands_merge, commands_sync

    if args.command in ("sync", "refresh"):
        return commands_sync.run(args)
    return commands_export.run(args) if args.command == "export" else commands_merge.run(args)


# ------------------------------------------------------------------ shared helpers
def check_context(args: argparse.Namespace, tz):
    from leanmeet.tui.services import check_context as context

    return context(cli.repository(args), cli.rulebook(args), tz, cli.today(tz))


def findings_for(args: argparse.Namespace, tz, first: date, last: date,
                 include_superseded: bool = False):
    """Findings about [first, last] (see tui.services.findings_in_window)."""
    from leanmeet.tui.services import findings_in_window

    return findings_in_window(
        check_context(args, tz),
        lambda a, b: cli.load_occurrences(args, tz, a, b, include_superseded=include_superseded),
        first, last)


def _default_check_window(args, tz) -> tuple[date, date]:
    return cli.window(args, tz, default_days=28)


def cmd_check(args: argparse.Namespace) -> int:
    tz = cli.office_tz(args)
    first, last = _default_check_window(args, tz)
    findings = findings_for(args, tz, first, last, include_superseded=args.all)
    errors = sum(1 for f in findings if f.severity == "error")
    if args.json:
        cli.print_json({"findings": [f.to_json() for f in findings]})
        return cli.EXIT_FINDINGS if errors else cli.EXIT_OK
    print(f"Checked {first} to {last}: {errors} errors, "
          f"{sum(1 for f in findings if f.severity == 'warning')} warnings, "
          f"{sum(1 for f in findings if f.severity == 'info')} information")
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        print(f"\n{SEVERITY_TITLES[severity]} ({len(group)})")
        for f in group:
            occ = f.occurrence
            head = f"{cli.when(occ)}  {occ.summary}" if occ else "(per person)"
            print(f"  {head}")
            print(f"    {f.rule}: {f.message}  [{f.clause}]")
            if f.people:
                print(f"    people: {', '.join(f.people)}")
            for other in f.occurrences[1:]:
                print(f"    with: {cli.when(other)}  {other.summary}")
            if occ:
                print(f"    uid: {occ.uid}"
                      + (f"  occurrence: {occ.recurrence_id.isoformat()}"
                         if occ.recurrence_id else ""))
    return cli.EXIT_FINDINGS if errors else cli.EXIT_OK


def _occurrences_of(args, uid: str, tz):
    """The occurrences of ``uid`` within two years around today (for validation)."""
    today = cli.today(tz)
    occs = cli.load_occurrences(args, tz, today - timedelta(days=730),
                                today + timedelta(days=730), include_superseded=True)
    return [o for o in occs if o.uid == uid]


def _require_event(args, tz) -> list:
    repo = cli.repository(args)
    if not repo.has_uid(args.uid):
        raise cli.UsageError(f"leanmeet {args.command}: no event with UID {args.uid!r} "
                             "(see leanmeet list --json)")
    occs = _occurrences_of(args, args.uid, tz)
    if args.occurrence:
        from leanmeet.planner.decisions import occurrence_matches

        matching = [o for o in occs if occurrence_matches(args.occurrence, o)]
        if not matching:
            raise cli.UsageError(f"leanmeet {args.command}: {args.uid!r} has no occurrence at "
                                 f"{args.occurrence} (give the occurrence's recurrence id or "
                                 "start as ISO date-time)")
        return matching
    return occs


def _kind_of(args, occs, tz) -> str | None:
    from leanmeet.planner.classify import classify
    from leanmeet.planner.decisions import DecisionIndex

    if not occs:
        return None
    index = DecisionIndex(cli.repository(args).decisions())
    return classify(occs[0], cli.rulebook(args), index.kind_override(occs[0]))


def _refused(args: argparse.Namespace, exc: Exception) -> cli.UsageError:
    return cli.UsageError(f"leanmeet {args.command}: {exc}")


def _scope(args: argparse.Namespace) -> str:
    return f"occurrence {args.occurrence}" if args.occurrence else "every occurrence"


def cmd_arrange(args: argparse.Namespace) -> int:
    from leanmeet.tui import actions

    tz = cli.office_tz(args)
    occs = _require_event(args, tz)
    try:
        d = actions.arrange(cli.repository(args), args.uid, args.occurrence, args.ref,
                            _kind_of(args, occs, tz) or "meeting")
    except actions.Refused as exc:
        raise _refused(args, exc) from None
    print(f"arranged: {args.uid} ({_scope(args)}), ref {d.text!r}")
    return cli.EXIT_OK


def cmd_exempt(args: argparse.Namespace) -> int:
    from leanmeet.tui import actions

    tz = cli.office_tz(args)
    _require_event(args, tz)
    try:
        d = actions.exempt(cli.repository(args), args.uid, args.occurrence, args.rule,
                           args.reason)
    except actions.Refused as exc:
        raise _refused(args, exc) from None
    print(f"exempted: {args.uid} ({_scope(args)}) from {args.rule}: {d.text}")
    return cli.EXIT_OK


def cmd_kind(args: argparse.Namespace) -> int:
    from leanmeet.tui import actions

    tz = cli.office_tz(args)
    _require_event(args, tz)
    try:
        actions.set_kind(cli.repository(args), args.uid, args.occurrence, args.kind)
    except actions.Refused as exc:
        raise _refused(args, exc) from None
    print(f"kind: {args.uid} is now {args.kind}")
    return cli.EXIT_OK


def cmd_decisions(args: argparse.Namespace) -> int:
    from leanmeet.planner.decisions import contradictions

    decisions = sorted(cli.repository(args).decisions(), key=lambda d: d.at)
    found = contradictions(decisions)  # shared decisions that cannot both be right

    def row(d):
        return {"type": d.type, "uid": d.uid, "occurrence": d.occurrence,
                "rule": d.rule or None, "text": d.text, "at": d.at, "by": d.by or None,
                "members": [{"uid": u, "recurrence_id": r} for u, r in d.members]}

    if args.json:
        cli.print_json({"decisions": [row(d) for d in decisions], "contradictions": [
            {"decisions": [row(c.first), row(c.second)], "reason": c.reason}
            for c in found]})
        return cli.EXIT_OK
    if not decisions:
        print("no decisions recorded")
    for d in decisions:
        scope = f" @ {d.occurrence}" if d.occurrence else ""
        rule = f" {d.rule}" if d.rule else ""
        by = f"  (by {d.by})" if d.by else ""
        print(f"{d.at}  {d.type}{rule}  {d.uid}{scope}  {d.text}{by}")
    if found:
        print(f"\n{len(found)} contradictions (both decisions kept until someone settles it):")
    for c in found:
        print(f"  {c.describe()}")
    return cli.EXIT_OK


def warn(message: str) -> None:
    print(f"leanmeet: {message}", file=sys.stderr)
