"""The ``leanmeet`` command line (SPEC §7). Without a command it opens the TUI."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from leanmeet.planner.model import Occurrence

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A one-line message; exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line on stderr, exit 2
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leanmeet", description="Terminal meeting planner for office "
                     "schedulers. Without a command, opens the TUI.")
    parser.add_argument("--db", help="database file (default: LEANMEET_DB, else the "
                        "platform data folder)")
    parser.add_argument("--rules", help="a rulebook TOML file that overrides the defaults")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("import", help="import .ics files, folders, - (stdin) or URLs")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--feed", help="feed name (default: each file's name)")
    p.add_argument("--arranged", action=argparse.BooleanOptionalAction, default=None,
                   help="every event of this feed is arranged by the office (remembered for "
                   "later imports of the feed; --no-arranged clears it)")

    p = sub.add_parser("list", help="occurrences in a window")
    _window_args(p)
    p.add_argument("--all", action="store_true", help="include merged-away originals")

    people = sub.add_parser("people", help="the roster")
    psub = people.add_subparsers(dest="people_command", parser_class=_Parser, required=True)
    p = psub.add_parser("import", help="import a roster CSV (name,email,role,title,department)")
    p.add_argument("csv")
    p = psub.add_parser("add", help="add or update a person")
    p.add_argument("name")
    p.add_argument("email")
    p.add_argument("--leader", action="store_true")
    p.add_argument("--title", default="")
    p.add_argument("--department", default="")
    p = psub.add_parser("list", help="list the roster")
    p.add_argument("--json", action="store_true")

    from leanmeet.tui import commands_rules

    commands_rules.add_parsers(sub, _window_args)
    return parser


def _window_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="start", type=_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=_date, metavar="DATE")
    p.add_argument("--json", action="store_true")


def db_path(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    from leanmeet.storage.db import default_db_path

    return default_db_path()


def repository(args: argparse.Namespace):
    """One Repository per command, so the database is read once."""
    from leanmeet.storage.repository import Repository

    if getattr(args, "_repository", None) is None:
        args._repository = Repository(db_path(args))
    return args._repository


def rulebook(args: argparse.Namespace):
    from leanmeet.storage.rulebook_file import load_rulebook

    if getattr(args, "_rulebook", None) is None:
        args._rulebook = load_rulebook(args.rules)
    return args._rulebook


def office_tz(args: argparse.Namespace) -> tzinfo:
    from leanmeet.storage.timezones import office_zone

    return office_zone(rulebook(args).timezone or None)


def today(tz: tzinfo) -> date:
    override = os.environ.get("LEANMEET_TODAY")  # tests and demos freeze "today" with it
    if override:
        return date.fromisoformat(override)
    return datetime.now(tz).date()


def window(args: argparse.Namespace, tz: tzinfo, default_days: int = 7) -> tuple[date, date]:
    first = args.start or today(tz)
    last = args.end or (first + timedelta(days=default_days - 1))
    if last < first:
        raise UsageError(f"leanmeet: --to {last} is before --from {first}")
    return first, last


def load_occurrences(args, tz, first: date, last: date, *, include_superseded=False):
    from leanmeet.storage.occurrences import office_window

    lo, hi = office_window(first, last, tz)
    problems: list = []
    occs = repository(args).occurrences(lo, hi, tz, include_superseded=include_superseded,
                                        problems=problems)
    for problem in problems:
        print(f"leanmeet: {problem}", file=sys.stderr)
    return occs


def print_json(data: object) -> None:
    """JSON for scripts: one line, UTF-8 text as is (the C encoder: fast for 50,000 rows)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False))
    sys.stdout.write("\n")


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def event_json(occ: Occurrence, kind: str) -> dict:
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
        "feed": occ.feed,
        "organizer": occ.organizer.email or None if occ.organizer else None,
        "attendees": [{"email": a.email, "name": a.name, "role": a.role}
                      for a in occ.attendees],
    }


def when(occ: Occurrence) -> str:
    if occ.all_day:
        days = (occ.end - occ.start).days
        span = f" ({days} days)" if days > 1 else ""
        return f"{occ.start:%Y-%m-%d %a} all day{span}"
    end = occ.end
    same_day = end.date() == occ.start.date()
    end_text = f"{end:%H:%M}" if same_day else f"{end:%m-%d %H:%M}"
    return f"{occ.start:%Y-%m-%d %a %H:%M}–{end_text}"


def kinds_for(args, occs: Sequence[Occurrence]) -> list[str]:
    from leanmeet.planner.classify import classify
    from leanmeet.planner.decisions import DecisionIndex

    book = rulebook(args)
    index = DecisionIndex(repository(args).decisions())
    return [classify(o, book, index.kind_override(o)) for o in occs]


# ------------------------------------------------------------------ commands
def cmd_import(args: argparse.Namespace) -> int:
    from leanmeet.tui.actions import import_sources

    if args.sources.count("-") > 1:
        raise UsageError("leanmeet import: '-' (standard input) can be given only once")
    outcome = import_sources(repository(args), args.sources, args.feed, args.arranged)
    for result in outcome.results:
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        print(result.summary())
    for error in outcome.errors:
        print(f"leanmeet: {error}", file=sys.stderr)
    if outcome.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if outcome.partial else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    tz = office_tz(args)
    first, last = window(args, tz)
    occs = load_occurrences(args, tz, first, last, include_superseded=args.all)
    kinds = kinds_for(args, occs)
    if args.json:
        print_json({"events": [event_json(o, k) for o, k in zip(occs, kinds)]})
        return EXIT_OK
    if not occs:
        print(f"no events from {first} to {last}")
    for occ, kind in zip(occs, kinds):
        extra = f"  @ {occ.location}" if occ.location else ""
        flag = "  (cancelled)" if occ.cancelled else ""
        tag = f" [{kind}]" if kind != "meeting" else ""
        print(f"{when(occ)}  {occ.summary}{tag}{extra}{flag}")
    return EXIT_OK


def cmd_people(args: argparse.Namespace) -> int:
    from leanmeet.planner.model import Person
    from leanmeet.storage.repository import RosterError, parse_roster
    from leanmeet.storage.sources import SourceUnreadable, read_file

    repo = repository(args)
    if args.people_command == "import":
        try:
            text = read_file(args.csv)
            people, problems = parse_roster(text, args.csv)
        except (SourceUnreadable, RosterError) as exc:
            print(f"leanmeet: {exc}", file=sys.stderr)
            return EXIT_USAGE
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        added, updated = repo.add_people(people)
        print(f"roster: {added} added, {updated} updated, {len(problems)} skipped")
        return EXIT_FINDINGS if problems else EXIT_OK
    if args.people_command == "add":
        if "@" not in args.email:
            raise UsageError(f"leanmeet people add: {args.email!r} is not an email address")
        person = Person(args.name.strip(), args.email.strip().lower(),
                        "leader" if args.leader else "staff", args.title, args.department)
        added, _ = repo.add_people([person])
        print(f"{'added' if added else 'updated'}: {person.name} <{person.email}> "
              f"({person.role})")
        return EXIT_OK
    people = repo.people()
    if args.json:
        print_json({"people": [
            {"name": p.name, "email": p.email, "role": p.role, "title": p.title,
             "department": p.department, "liaison": list(p.liaison)} for p in people]})
        return EXIT_OK
    if not people:
        print("the roster is empty (leanmeet people import roster.csv)")
    for p in people:
        role = f"{p.role:<6}"
        extra = ", ".join(x for x in (p.title, p.department) if x)
        if p.liaison:
            extra += f"{'; ' if extra else ''}liaison: {', '.join(p.liaison)}"
        print(f"{role}  {p.name} <{p.email}>{'  ' + extra if extra else ''}")
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    from leanmeet.tui.app import LeanmeetApp

    LeanmeetApp(db_path=db_path(args), rules_path=args.rules).run()
    return EXIT_OK


COMMANDS = {"import": cmd_import, "list": cmd_list, "people": cmd_people}


def main(argv: Sequence[str] | None = None) -> int:
    from leanmeet.planner.rulebook import RulebookError
    from leanmeet.storage.db import DatabaseError

    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            return cmd_tui(args)
        if args.command in COMMANDS:
            return COMMANDS[args.command](args)
        from leanmeet.tui import commands_rules

        return commands_rules.run(args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except (DatabaseError, RulebookError) as exc:
        print(f"leanmeet: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("leanmeet: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never a traceback for a user; LEANMEET_DEBUG=1 shows it
        if os.environ.get("LEANMEET_DEBUG"):
            raise
        print(f"leanmeet: internal error: {type(exc).__name__}: {exc} "
              "(run with LEANMEET_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
