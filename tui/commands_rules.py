"""Commands of the rulebook and of merge suggestions: check, arrange, exempt, kind, decisions,
suggest, merge, unmerge, dismiss (SPEC §7)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, timedelta

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

    p = sub.add_parser("kind", help="show the kind of an event and why, or override it")
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
    occs = _require_event(args, tz)
    if args.forget:
        return _forget_kind(args, occs)
    if args.kind is None:
        if args.remember is not None:
            raise cli.UsageError("leanmeet kind: --remember needs the KIND to remember")
        return _show_kind(args, occs)
    try:
        actions.set_kind(cli.repository(args), args.uid, args.occurrence, args.kind)
    except actions.Refused as exc:
        raise _refused(args, exc) from None
    print(f"kind: {args.uid} is now {args.kind}")
    if args.remember is not None and occs:
        _remember_kind(args, occs[0], args.kind)
    return cli.EXIT_OK


def _show_kind(args: argparse.Namespace, occs) -> int:
    from leanmeet.planner.classify import compile_classifier
    from leanmeet.planner.decisions import DecisionIndex

    classifier = compile_classifier(cli.rulebook(args).kinds)
    index = DecisionIndex(cli.repository(args).decisions())
    shown = set()
    for occ in occs or []:
        line = classifier.explain(occ, index.kind_override(occ))
        if line in shown and not args.occurrence:
            continue  # every occurrence of a series reads the same
        shown.add(line)
        where = f" @ {occ.recurrence_id.isoformat()}" if occ.recurrence_id else ""
        print(f"{args.uid}{where}: {line}")
    if not occs:
        print(f"{args.uid}: no occurrence within two years of today")
    return cli.EXIT_OK


def _remember_kind(args: argparse.Namespace, occ, kind: str) -> None:
    from datetime import datetime

    from leanmeet.planner.classify import remembered_pattern
    from leanmeet.planner.rulebook import RememberedKind, RulebookError
    from leanmeet.storage.rulebook_file import remember_kind

    pattern, match = remembered_pattern(occ.summary)
    if isinstance(args.remember, str):
        pattern = args.remember.strip()
        match = "ends" if any("\u4e00" <= ch <= "\u9fff" for ch in pattern) else "words"
    if not pattern:
        raise cli.UsageError("leanmeet kind: nothing to remember (the title is empty; give "
                             "--remember PATTERN)")
    rule = RememberedKind(pattern=pattern, kind=kind, match=match, example=occ.summary,
                          added=datetime.now(UTC).isoformat(timespec="seconds"))
    try:
        path = remember_kind(rule, args.rules)
    except (RulebookError, OSError) as exc:
        raise cli.UsageError(f"leanmeet kind: cannot remember the correction: {exc}") from None
    how = "ending in" if match == "ends" else "with the words"
    print(f"remembered: titles {how} {pattern!r} are {kind} (in {path}; undo: leanmeet kind "
          f"{args.uid} --forget)")


def _forget_kind(args: argparse.Namespace, occs) -> int:
    from leanmeet.planner.rulebook import RulebookError
    from leanmeet.storage.rulebook_file import forget_kinds

    if args.kind is not None or args.remember is not None:
        raise cli.UsageError("leanmeet kind: --forget takes no KIND and no --remember")
    titles = dict.fromkeys(o.summary for o in occs)
    removed = []
    try:
        for title in titles:
            removed += forget_kinds(title, args.rules)
    except (RulebookError, OSError) as exc:
        raise cli.UsageError(f"leanmeet kind: cannot forget: {exc}") from None
    for entry in removed:
        print(f"forgot: titles like {entry.get('pattern')!r} are no longer "
              f"{entry.get('kind')}")
    undone = cli.repository(args).remove_decisions("kind", args.uid)
    if undone:
        print(f"kind override of {args.uid} removed")
    if not removed and not undone:
        print(f"{args.uid}: no remembered correction or kind override to undo")
    return cli.EXIT_OK


def cmd_decisions(args: argparse.Namespace) -> int:
    decisions = sorted(cli.repository(args).decisions(), key=lambda d: d.at)
    remembered = cli.rulebook(args).kinds.remembered
    if args.json:
        cli.print_json({"decisions": [
            {"type": d.type, "uid": d.uid, "occurrence": d.occurrence, "rule": d.rule or None,
             "text": d.text, "at": d.at,
             "members": [{"uid": u, "recurrence_id": r} for u, r in d.members]}
            for d in decisions],
            "remembered_kinds": [
                {"pattern": r.pattern, "match": r.match, "kind": r.kind, "example": r.example,
                 "added": r.added or None} for r in remembered]})
        return cli.EXIT_OK
    for r in remembered:
        how = {"ends": "ending in", "contains": "containing", "words": "with the words"}
        learned = f"  (learned from {r.example!r})" if r.example else ""
        print(f"{r.added or '-'}  remembered-kind  titles {how[r.match]} {r.pattern!r} -> "
              f"{r.kind}{learned}")
    if not decisions and not remembered:
        print("no decisions recorded")
    for d in decisions:
        scope = f" @ {d.occurrence}" if d.occurrence else ""
        rule = f" {d.rule}" if d.rule else ""
        print(f"{d.at}  {d.type}{rule}  {d.uid}{scope}  {d.text}")
    return cli.EXIT_OK


def warn(message: str) -> None:
    print(f"leanmeet: {message}", file=sys.stderr)
