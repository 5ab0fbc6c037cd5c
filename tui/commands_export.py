"""export: the consolidated meeting plan as .ics, iTIP notices, CSV, Markdown or HTML
(SPEC §6, §7).

    leanmeet export OUT [--format ics|itip|csv|md|html|leaders] [--from DATE] [--to DATE]

The format defaults to OUT's extension (.ics, .csv, .md, .html, .xlsx: the leaders' table),
else ics; ``leaders`` writes the leaders' weekly activity table as HTML, CSV or XLSX by OUT's
extension; ``itip`` writes a
folder of notices. OUT ``-`` writes to standard output (not for itip). The window defaults
to 28 days from today, like ``check`` and ``suggest``.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

from leanmeet.tui import cli

COMMAND = "export"
EXTENSIONS = {".ics": "ics", ".ical": "ics", ".ifb": "ics", ".csv": "csv", ".md": "md",
              ".markdown": "md", ".html": "html", ".htm": "html", ".xlsx": "leaders"}


def add_parsers(sub, window_args) -> None:
    from leanmeet.storage.export import FORMATS

    p = sub.add_parser(COMMAND, help="export the consolidated plan (.ics, iTIP notices, CSV, "
                       "Markdown, HTML report)")
    p.add_argument("out", metavar="OUT", help="the file to write (a folder for --format itip; "
                   "- for standard output)")
    p.add_argument("--format", choices=FORMATS, help="default: from OUT's extension, else ics")
    p.add_argument("--from", dest="start", type=cli._date, metavar="DATE",
                   help="first day (default: today)")
    p.add_argument("--to", dest="end", type=cli._date, metavar="DATE",
                   help="last day (default: 27 days after the first)")


def run(args: argparse.Namespace) -> int:
    return cmd_export(args)


def export_format(out: str, given: str | None) -> str:
    if given:
        return given
    return EXTENSIONS.get(Path(out).suffix.lower(), "ics")


# ------------------------------------------------------------------ building the plan
def build(args: argparse.Namespace, fmt: str, tz, first: date, last: date):
    """(plan, merges) for the window: the plan's occurrences, findings (only the blocking
    rules for ics/itip; every rule, with the year for grassroots days, and the status of
    each finding for the reports), accepted merges with their originals."""
    from leanmeet.planner.plan import Merge, build_plan, in_window, review, window_bounds
    from leanmeet.storage.merged import key_instant, merged_uid
    from leanmeet.tui.commands_rules import check_context

    repo = cli.repository(args)
    ctx = check_context(args, tz)
    reports = fmt not in ("ics", "itip")
    if reports:
        load_first = min(first, date(ctx.today.year, 1, 1))
        load_last = max(last, date(ctx.today.year, 12, 31))
    else:  # a day around the window: the originals of merges at its edges
        load_first, load_last = first - timedelta(days=1), last + timedelta(days=1)
    everything = cli.load_occurrences(args, tz, load_first, load_last,
                                      include_superseded=True)
    superseded = repo.superseded_keys()
    occs = [o for o in everything if key_instant(o.key) not in superseded]
    lo, hi = window_bounds(first, last, tz)
    in_plan = [o for o in occs if in_window(o, lo, hi, tz)]
    found = review(occs if reports else in_plan, ctx, first, last, statuses=reports,
                   blocking_only=not reports)
    by_instant = {key_instant(o.key): o for o in everything}
    merges = [
        Merge(d.uid, merged_uid(d.uid), d.text, d.at,
              tuple((tuple(m), by_instant.get(key_instant(tuple(m)))) for m in d.members))
        for d in ctx.decisions.decisions if d.type == "merge-accepted"]
    plan = build_plan(in_plan, ctx, first=first, last=last, findings=found.findings,
                      rows=found.rows, merges=merges, people=reports)
    return plan, ctx


def _write(out: str, data: bytes) -> None:
    """Write atomically: a new temporary file in the same folder (created with the umask's
    permissions, like any new file), fsynced, then renamed over OUT."""
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(out)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def cmd_export(args: argparse.Namespace) -> int:
    message = export_plan(args)
    # with OUT "-" the plan is on standard output: the summary goes to standard error
    print(message, file=sys.stderr if args.out == "-" else sys.stdout)
    return cli.EXIT_OK


def export_plan(args: argparse.Namespace, warn=None) -> str:
    """Export as ``args`` say (out, format, start, end, db, rules); returns the one-line
    summary of what was written. Raises cli.UsageError for a wrong OUT or window.
    ``warn(text)`` receives each problem (default: standard error)."""
    if warn is None:
        def warn(text: str) -> None:
            print(f"leanmeet: {text}", file=sys.stderr)

    fmt = export_format(args.out, args.format)
    tz = cli.office_tz(args)
    first, last = cli.window(args, tz, default_days=28)
    target = Path(args.out)
    if args.out == "-" and fmt == "itip":
        raise cli.UsageError("leanmeet export: iTIP notices are several files; give a folder "
                             "as OUT")
    if fmt == "itip":
        if target.exists() and not target.is_dir():
            raise cli.UsageError(f"leanmeet export: {args.out} is a file; iTIP notices go into "
                                 "a folder")
    elif args.out != "-":
        if target.is_dir():
            raise cli.UsageError(f"leanmeet export: {args.out} is a folder; give a file name")
        if not target.parent.is_dir() and str(target.parent):
            raise cli.UsageError(f"leanmeet export: folder {target.parent} does not exist")
    plan, ctx = build(args, fmt, tz, first, last)
    repo = cli.repository(args)
    window_text = f"{first} to {last}"
    if fmt in ("ics", "itip"):
        tables = repo._tables()
        zones = {z["id"]: z["text"] for z in tables["zones"]}
    if fmt == "ics":
        from leanmeet.storage.export.ics import plan_ics

        result = plan_ics(
            plan, tables["events"], zones, ctx.decisions.decisions,
            superseded=repo.superseded_keys(),
            arranged_feeds=[f["name"] for f in tables["feeds"] if f.get("arranged")],
            name=f"leanmeet plan {window_text}")
        for problem in result.problems:
            warn(problem)
        _write(args.out, result.text.encode("utf-8"))
        return (f"exported {_n(len(plan.entries), 'occurrence')} "
                f"({_n(result.events, 'event')}, {_n(result.timezones, 'time zone')}) "
                f"from {window_text} to {args.out}")
    if fmt == "itip":
        from leanmeet.storage.export.itip import merge_notices, write_notices

        notices, problems = merge_notices(plan, tables["events"], zones)
        for problem in problems:
            warn(problem)
        if not notices:
            return f"no accepted merges from {window_text}; nothing written"
        target.mkdir(parents=True, exist_ok=True)
        written = write_notices(notices, target, _write)
        merges = len({n.merge for n in notices})
        return (f"wrote {_n(len(written), 'iTIP notice')} for {_n(merges, 'merge')} from "
                f"{window_text} to {args.out} (see {target / 'index.txt'})")
    if fmt == "leaders":  # the leaders' weekly activity table (issue 15)
        from leanmeet.tui.commands_plan import leaders_export

        data, what = leaders_export(plan, ctx, args.out)
        _write(args.out, data)
        return (f"exported the leaders' weekly activity table ({what}, "
                f"{_n(len(ctx.roster.leaders), 'leader')}) from {window_text} to {args.out}")
    if fmt == "csv":
        from leanmeet.storage.export.tables import plan_csv

        _write(args.out, plan_csv(plan).encode("utf-8-sig"))
    elif fmt == "md":
        from leanmeet.storage.export.tables import plan_markdown

        _write(args.out, plan_markdown(plan).encode("utf-8"))
    else:
        from leanmeet.planner.load import meeting_load
        from leanmeet.storage.export.html import plan_html

        load = meeting_load(plan, ctx.roster,
                            max_minutes=ctx.rulebook.rule("half-day-limit").max_minutes)
        _write(args.out, plan_html(plan, load=load).encode("utf-8"))
    return (f"exported {_n(len(plan.entries), 'occurrence')}, "
            f"{_n(len(plan.rows), 'finding')} and {_n(len(plan.merges), 'merge')} from "
            f"{window_text} to {args.out}")
