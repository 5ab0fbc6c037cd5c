"""suggest, merge, unmerge, dismiss (SPEC §5, §7)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from leanmeet.tui import cli


def add_parsers(sub, window_args) -> None:
    p = sub.add_parser("suggest", help="meetings that could be merged")
    window_args(p)
    for name, text in (("merge", "accept a suggestion: store the merged meeting"),
                       ("unmerge", "undo an accepted merge"),
                       ("dismiss", "never suggest these meetings together again")):
        p = sub.add_parser(name, help=text)
        p.add_argument("suggestion_id", metavar="SUGGESTION_ID")


def run(args: argparse.Namespace) -> int:
    return {"suggest": cmd_suggest, "merge": cmd_merge, "unmerge": cmd_unmerge,
            "dismiss": cmd_dismiss}[args.command](args)


def compute(args: argparse.Namespace, tz, first: date, last: date):
    """Suggestions for [first, last], with the scheduler's kind overrides, dismissals and
    accepted merges taken into account (see tui.services.merge_suggestions)."""
    from leanmeet.tui.services import merge_suggestions

    occs = cli.load_occurrences(args, tz, first, last)
    return merge_suggestions(cli.repository(args), cli.rulebook(args), occs, (first, last))


def _remember(args, suggestions) -> None:
    rows = []
    for s in suggestions:
        days = [m.start if isinstance(m.start, date) and not hasattr(m.start, "hour")
                else m.start.date() for m in s.members]
        rows.append({"id": s.id, "members": [list(k) for k in s.keys],
                     "first": min(days).isoformat(), "last": max(days).isoformat()})
    if rows:
        cli.repository(args).remember_suggestions(rows)


def cmd_suggest(args: argparse.Namespace) -> int:
    tz = cli.office_tz(args)
    first, last = cli.window(args, tz, default_days=28)
    suggestions = compute(args, tz, first, last)
    _remember(args, suggestions)
    if args.json:
        cli.print_json({"suggestions": [s.to_json() for s in suggestions]})
        return cli.EXIT_OK
    if not suggestions:
        print(f"no merge suggestions from {first} to {last}")
    for s in suggestions:
        print(f"{s.id}  score {s.score:.2f}  ({len(s.members)} meetings)")
        for m in s.members:
            print(f"  {cli.when(m)}  {m.summary}")
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
    return cli.EXIT_OK


def _find(args, tz, suggestion_id: str):
    """The current suggestion with this id: recomputed over the days of its members (from the
    last `suggest`) or, failing that, the default window."""
    remembered = cli.repository(args).remembered_suggestion(suggestion_id)
    if remembered:
        first = date.fromisoformat(remembered["first"]) - timedelta(days=1)
        last = date.fromisoformat(remembered["last"]) + timedelta(days=1)
    else:
        first = cli.today(tz)
        last = first + timedelta(days=27)
    for s in compute(args, tz, first, last):
        if s.id == suggestion_id:
            return s
    if remembered:
        raise cli.UsageError(f"leanmeet {args.command}: suggestion {suggestion_id} no longer "
                             "applies (its meetings changed, were merged or dismissed); run "
                             "leanmeet suggest again")
    raise cli.UsageError(f"leanmeet {args.command}: unknown suggestion {suggestion_id} "
                         "(run leanmeet suggest to see the current ones)")


def cmd_merge(args: argparse.Namespace) -> int:
    from leanmeet.tui import actions

    tz = cli.office_tz(args)
    s = _find(args, tz, args.suggestion_id)
    actions.accept_merge(cli.repository(args), s)
    p = s.proposal
    print(f"merged {s.id}: {p.start:%Y-%m-%d %H:%M}–{p.end:%H:%M} {p.summary} replaces "
          f"{len(s.members)} meetings (undo: leanmeet unmerge {s.id})")
    return cli.EXIT_OK


def cmd_unmerge(args: argparse.Namespace) -> int:
    from leanmeet.tui import actions

    try:
        actions.unmerge(cli.repository(args), args.suggestion_id)
    except actions.Refused as exc:
        raise cli.UsageError(f"leanmeet unmerge: {exc} (see leanmeet decisions)") from None
    print(f"unmerged {args.suggestion_id}: the original meetings are back in the plan")
    return cli.EXIT_OK


def cmd_dismiss(args: argparse.Namespace) -> int:
    from leanmeet.tui import actions

    tz = cli.office_tz(args)
    s = _find(args, tz, args.suggestion_id)
    actions.dismiss(cli.repository(args), s)
    print(f"dismissed {s.id}: these {len(s.members)} meetings will not be suggested together "
          "again")
    return cli.EXIT_OK
