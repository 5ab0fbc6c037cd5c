"""Planning like an assistant (issue 15): free, stats, and the leaders' table export.

    leanmeet free PERSON... [--from DATE] [--to DATE] [--minutes N] [--json]
    leanmeet stats [--from DATE] [--to DATE] [--json]
    leanmeet export OUT --format leaders     (HTML, CSV or XLSX by OUT's extension)

Argument parsing and printing only: the free time is ``planner.slots.common_free``, the load
``planner.load.meeting_load``, the table ``planner.leaders_week`` written by
``storage.export.leaders``. Headings follow ``language`` (LEANMEET_LANGUAGE, else LANG /
LC_ALL: "zh…" is Chinese) until the settings' interface language is wired in.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta

from leanmeet.tui import cli
from leanmeet.tui.planning import language

COMMANDS = ("free", "stats")
LEADER_EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}


def add_parsers(sub, window_args) -> None:
    p = sub.add_parser("free", help="common free time of these people (every feed, working "
                       "hours, days off skipped)")
    p.add_argument("people", nargs="+", metavar="PERSON",
                   help="a roster name or email, or an attendee's name or email")
    window_args(p)
    p.add_argument("--minutes", type=int, default=60, metavar="N",
                   help="the shortest stretch worth listing (default 60)")

    p = sub.add_parser("stats", help="meeting load per week and per leader, research days, "
                       "what accepted merges saved")
    window_args(p)


def run(args: argparse.Namespace) -> int:
    return {"free": cmd_free, "stats": cmd_stats}[args.command](args)


def cmd_free(args: argparse.Namespace) -> int:
    from leanmeet.planner.merge.suggestions import working_hours
    from leanmeet.planner.people import Roster
    from leanmeet.planner.slots import BusyIndex, common_free, resolve_people

    if args.minutes <= 0:
        raise cli.UsageError("leanmeet free: --minutes must be a positive number of minutes")
    tz = cli.office_tz(args)
    first, last = cli.window(args, tz, default_days=7)
    occs = cli.load_occurrences(args, tz, first, last)
    roster = Roster(cli.repository(args).people())
    people, unknown = resolve_people(args.people, roster, occs)
    for text in unknown:
        print(f"leanmeet free: {text!r} is on no roster entry and in no event from {first} to "
              f"{last}; taken as free", file=sys.stderr)
    try:
        hours = working_hours(cli.rulebook(args).merge)
    except ValueError as exc:
        raise cli.UsageError(f"leanmeet free: rulebook {exc}") from None

    def key(a):
        p = roster.participant(a)
        return p.key if p is not None else ""

    busy = BusyIndex.build(occs, key, tz)
    slots = common_free(busy, [k for k, _ in people], first, last, hours, args.minutes)
    names = [n for _, n in people]
    if args.json:
        cli.print_json({"people": names, "from": first.isoformat(), "to": last.isoformat(),
                        "minutes": args.minutes,
                        "slots": [{"start": s.start.isoformat(), "end": s.end.isoformat(),
                                   "minutes": s.minutes} for s in slots]})
        return cli.EXIT_OK
    who = ", ".join(names)
    if not slots:
        print(f"no common free time of at least {args.minutes} minutes for {who} from {first} "
              f"to {last} (working hours, days off skipped)")
        return cli.EXIT_OK
    print(f"common free time of {who} ({args.minutes}+ minutes):")
    for s in slots:
        print(f"  {s.start:%Y-%m-%d %a %H:%M}–{s.end:%H:%M}  ({s.minutes} min)")
    return cli.EXIT_OK


def load_figures(args: argparse.Namespace):
    """The meeting load of the window ``args`` give (default: the 4 weeks before today and
    the 4 weeks after, from Monday to Sunday)."""
    from leanmeet.planner.load import meeting_load
    from leanmeet.tui.commands_export import build

    tz = cli.office_tz(args)
    today = cli.today(tz)
    monday = today - timedelta(days=today.weekday())
    if args.start is None and args.end is None:
        args.start, args.end = monday - timedelta(weeks=4), monday + timedelta(weeks=4, days=-1)
    first, last = cli.window(args, tz, default_days=28)
    plan, ctx = build(args, "html", tz, first, last)
    return meeting_load(plan, ctx.roster,
                        max_minutes=ctx.rulebook.rule("half-day-limit").max_minutes)


def cmd_stats(args: argparse.Namespace) -> int:
    load = load_figures(args)
    if args.json:
        cli.print_json(load.to_json())
        return cli.EXIT_OK
    t = load.total
    print(f"meeting load {load.first} to {load.last}: {t.meetings} meetings, {t.hours:.1f} h, "
          f"average {t.average_minutes:.0f} min, {t.share_over_half_day:.0%} over half a day")
    print("\nweek        meetings   hours  avg min  over half a day")
    for w in load.weeks:
        f = w.figures
        iso = w.monday.isocalendar()
        print(f"{iso[0]}-W{iso[1]:02d}  {f.meetings:9d}  {f.hours:6.1f}  {f.average_minutes:7.0f}"
              f"  {f.over_half_day} ({f.share_over_half_day:.0%})")
    if load.leaders:
        print("\nleader            meetings   hours  avg min  research days (expected by now,"
              " projected, minimum)")
        for x in load.leaders:
            f = x.figures
            flag = "  behind" if x.behind else ""
            print(f"{x.name:<16}  {f.meetings:8d}  {f.hours:6.1f}  {f.average_minutes:7.0f}  "
                  f"{x.research_days} ({x.expected_days:.0f}, {x.projected_days:.0f}, "
                  f"{x.minimum}){flag}")
    else:
        print("\nno leaders on the roster (leanmeet people add NAME EMAIL --leader)")
    print(f"\naccepted merges: {len(load.merges)}, saving {load.meetings_saved} meetings and "
          f"{load.person_hours_saved:.1f} person-hours")
    for m in load.merges:
        print(f"  {m.id}  {m.summary}: {m.originals} meetings -> 1, "
              f"{m.person_hours_before:.1f} -> {m.person_hours_after:.1f} person-hours")
    return cli.EXIT_OK


def leaders_export(plan, ctx, out: str) -> tuple[bytes, str]:
    """(file content, what) of the leaders' table for ``plan``: HTML, CSV or XLSX by OUT's
    extension (HTML for another or none)."""
    from pathlib import Path

    from leanmeet.planner.leaders_week import leader_weeks
    from leanmeet.storage.export.leaders import leaders_csv, leaders_html, leaders_xlsx

    kind = LEADER_EXTENSIONS.get(Path(out).suffix.lower(), "html")
    tables = leader_weeks(plan, ctx.roster, language(),
                          ctx.rulebook.merge.holiday_country)
    if kind == "csv":
        return leaders_csv(tables).encode("utf-8-sig"), "CSV"
    if kind == "xlsx":
        return leaders_xlsx(tables), "XLSX"
    return leaders_html(tables, plan.tz).encode("utf-8"), "HTML"
