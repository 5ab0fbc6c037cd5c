"""What the commands share: exit codes, the usage error, date and window arguments, the
session of a command, and the text and JSON shapes of an occurrence (SPEC §7).

Like the command modules, this imports the application layer only where a command runs it,
so that ``leanmeet --help`` stays quick."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.i18n import N_, format_day, is_chinese, language, ngettext
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say
from leanmeet.planner.model import Occurrence
from leanmeet.storage.db import default_db_path
from leanmeet.storage.settings import configure_language

if TYPE_CHECKING:
    from leanmeet.application.session import Session
    from leanmeet.planner.merge import Suggestion

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A one-line message; exit code 2."""


# argparse's own words (usage, headings, its errors), in leanmeet's catalog
ARGPARSE = (N_("usage: "), N_("positional arguments"), N_("options"),
            N_("show this help message and exit"), N_("the following arguments are required: %s"),
            N_("unrecognized arguments: %s"), N_("invalid choice: %(value)r (choose from "
                                                 "%(choices)s)"),
            N_("argument %(argument_name)s: %(message)s"), N_("expected one argument"),
            N_("expected at least one argument"), N_("expected at most one argument"),
            N_("invalid %(type)s value: %(value)r"), N_("not allowed with argument %s"),
            N_("ambiguous option: %(option)s could match %(matches)s"),
            N_("ignored explicit argument %r"), N_("one of the arguments %s is required"))


def start_language() -> None:
    """The interface language for this run (settings file, then LC_ALL/LANG), also for
    argparse's own words."""
    configure_language()
    argparse._ = _  # argparse looks its words up with the module's ``_`` and ``ngettext``
    argparse.ngettext = ngettext


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line on stderr, exit 2
        raise UsageError(_("{prog}: {message} (see --help)").format(prog=self.prog,
                                                                    message=message))


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date (YYYY-MM-DD)").format(text=text)) from None


def window_args(p: argparse.ArgumentParser, *, json_flag: bool = True) -> None:
    p.add_argument("--from", dest="start", type=parse_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=parse_date, metavar="DATE")
    if json_flag:
        p.add_argument("--json", action="store_true")


def refused(args: argparse.Namespace, exc: Exception) -> UsageError:
    """``leanmeet COMMAND: message`` (exit 2)."""
    return UsageError(f"leanmeet {args.command}: {say(str(exc))}")


# ------------------------------------------------------------------ the session
def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db_path()


def open_session(args: argparse.Namespace) -> Session:
    """One session per command, so the database and the rulebook are read once (and only
    when the command needs them)."""
    from leanmeet.application.session import Session

    return Session(db_path(args), args.rules, on_problem=lambda p: warn([p]))


def window(session: Session, args: argparse.Namespace,
           default_days: int = 7) -> tuple[date, date]:
    """--from/--to, by default ``default_days`` from today."""
    try:
        return session.window(args.start, args.end, default_days)
    except UserError as exc:
        raise UsageError(f"leanmeet: {say(str(exc))}") from None


def warn(problems: Iterable[object]) -> None:
    """Problems of stored events (they are skipped), one line each on stderr."""
    for problem in problems:
        print(f"leanmeet: {say(str(problem))}", file=sys.stderr)


def require_event(session: Session, args: argparse.Namespace) -> list[Occurrence]:
    """The occurrences ``args.uid`` (and ``--occurrence``) name; a usage error when none."""
    from leanmeet.application.queries import occurrences_of

    if not session.repository.has_uid(args.uid):
        raise UsageError(_("leanmeet {command}: no event with UID {uid!r} (see leanmeet list "
                           "--json)").format(command=args.command, uid=args.uid))
    occs = occurrences_of(session, args.uid, args.occurrence)
    if args.occurrence and not occs:
        raise UsageError(_("leanmeet {command}: {uid!r} has no occurrence at {occurrence} (give "
                           "the occurrence's recurrence id or start as ISO date-time)").format(
                               command=args.command, uid=args.uid, occurrence=args.occurrence))
    return occs


def scope(args: argparse.Namespace) -> str:
    return (_("occurrence {occurrence}").format(occurrence=args.occurrence) if args.occurrence
            else _("every occurrence"))


# ------------------------------------------------------------------ output
def cells(text: str) -> int:
    """The terminal cells ``text`` takes, as the TUI counts them (rich): wide and full-width
    characters (Chinese) two, the combining ones none."""
    from rich.cells import cell_len  # only where a table is printed

    return cell_len(text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (a column of names lines up
    whether they are Chinese or not)."""
    return text + " " * max(0, width - cells(text))


def print_json(data: object) -> None:
    """JSON for scripts: one line, UTF-8 text as is (the C encoder: fast for 50,000 rows)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False))
    sys.stdout.write("\n")


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def zone_text(session: Session) -> str:
    """Which zone the printed times are in: the rulebook's office zone, or the machine's
    (said plainly, with how to set the office's)."""
    tz = session.tz
    name = getattr(tz, "key", None) or str(tz)
    if session.rulebook.timezone:
        return _("times in {zone}").format(zone=name)
    return _("times in {zone} (this machine's zone; set timezone = \"Asia/Shanghai\" in the "
             "rulebook for the office's)").format(zone=name)


def stamp_in(text: str, session: Session) -> str:
    """A stored UTC stamp (ISO 8601) in the office zone, with its offset; as stored when it is
    not a stamp or the zone cannot be used."""
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            return text
        return moment.astimezone(session.tz).isoformat(timespec="seconds")
    except (TypeError, ValueError, OverflowError, UserError):
        return text


def weekday(day) -> str:
    """``Tue`` (English, as strftime writes it) or ``周二``."""
    return format_day(day, "weekday") if is_chinese() else f"{day:%a}"


def when(occ: Occurrence) -> str:
    if occ.all_day:
        days = (occ.end - occ.start).days
        span = _(" ({days} days)").format(days=days) if days > 1 else ""
        return _("{day} {weekday} all day{span}").format(
            day=occ.start.isoformat(), weekday=weekday(occ.start), span=span)
    start, end = occ.start, occ.end
    if end.date() == start.date():
        end_text = f"{end.hour:02}:{end.minute:02}"
    else:
        end_text = f"{end.month:02}-{end.day:02} {end.hour:02}:{end.minute:02}"
    # a week's list has thousands of lines on seven days: each day's words made once
    return f"{_day_words(start.date(), language())} {start.hour:02}:{start.minute:02}–{end_text}"


@lru_cache(maxsize=512)
def _day_words(day: date, lang: str) -> str:
    """``2026-12-01 Tue`` in ``lang`` (the interface language, part of the cache key)."""
    return f"{day.isoformat()} {weekday(day)}"


# ------------------------------------------------------------------ suggestions by id
def suggestion_id_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("suggestion_id", metavar="SUGGESTION_ID")


def current_suggestion(session: Session, args: argparse.Namespace) -> Suggestion:
    """The current suggestion ``args.suggestion_id`` names; a usage error when none does."""
    from leanmeet.application.queries import lookup_suggestion

    found = lookup_suggestion(session, args.suggestion_id)
    if found.suggestion is not None:
        return found.suggestion
    if found.remembered:
        raise UsageError(_("leanmeet {command}: suggestion {id} no longer applies (its meetings "
                           "changed, were merged or dismissed); run leanmeet suggest "
                           "again").format(command=args.command, id=args.suggestion_id))
    raise UsageError(_("leanmeet {command}: unknown suggestion {id} (run leanmeet suggest to "
                       "see the current ones)").format(command=args.command,
                                                      id=args.suggestion_id))


def timeout_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help=_("give up on a server that does not answer (default 30)"))


def on_suggestion(args: argparse.Namespace, session: Session,
                  action: Callable[[Session, Suggestion], object],
                  said: Callable[[Suggestion], str]) -> int:
    """``merge ID`` / ``dismiss ID``: the current suggestion ``args.suggestion_id`` names (a
    usage error when none does), ``action`` on it, and what ``said`` says about it."""
    s = current_suggestion(session, args)
    action(session, s)
    print(said(s))
    return EXIT_OK
