"""What the commands share: exit codes, the usage error, date and window arguments, the
session of a command, and the text and JSON shapes of an occurrence (SPEC §7).

Like the command modules, this imports the application layer only where a command runs it,
so that ``leanmeet --help`` stays quick."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.planner.model import Occurrence
from leanmeet.storage.db import default_db_path

if TYPE_CHECKING:
    from leanmeet.application.session import Session
    from leanmeet.planner.merge import Suggestion

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A one-line message; exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line on stderr, exit 2
        raise UsageError(f"{self.prog}: {message} (see --help)")


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def window_args(p: argparse.ArgumentParser, *, json_flag: bool = True) -> None:
    p.add_argument("--from", dest="start", type=parse_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=parse_date, metavar="DATE")
    if json_flag:
        p.add_argument("--json", action="store_true")


def refused(args: argparse.Namespace, exc: Exception) -> UsageError:
    """``leanmeet COMMAND: message`` (exit 2)."""
    return UsageError(f"leanmeet {args.command}: {exc}")


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
        raise UsageError(f"leanmeet: {exc}") from None


def warn(problems: Iterable[object]) -> None:
    """Problems of stored events (they are skipped), one line each on stderr."""
    for problem in problems:
        print(f"leanmeet: {problem}", file=sys.stderr)


def require_event(session: Session, args: argparse.Namespace) -> list[Occurrence]:
    """The occurrences ``args.uid`` (and ``--occurrence``) name; a usage error when none."""
    from leanmeet.application.queries import occurrences_of

    if not session.repository.has_uid(args.uid):
        raise UsageError(f"leanmeet {args.command}: no event with UID {args.uid!r} "
                         "(see leanmeet list --json)")
    occs = occurrences_of(session, args.uid, args.occurrence)
    if args.occurrence and not occs:
        raise UsageError(f"leanmeet {args.command}: {args.uid!r} has no occurrence at "
                         f"{args.occurrence} (give the occurrence's recurrence id or start "
                         "as ISO date-time)")
    return occs


def scope(args: argparse.Namespace) -> str:
    return f"occurrence {args.occurrence}" if args.occurrence else "every occurrence"


# ------------------------------------------------------------------ output
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
        return f"times in {name}"
    return (f"times in {name} (this machine's zone; set timezone = \"Asia/Shanghai\" in the "
            "rulebook for the office's)")


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


def when(occ: Occurrence) -> str:
    if occ.all_day:
        days = (occ.end - occ.start).days
        span = f" ({days} days)" if days > 1 else ""
        return f"{occ.start:%Y-%m-%d %a} all day{span}"
    end = occ.end
    same_day = end.date() == occ.start.date()
    end_text = f"{end:%H:%M}" if same_day else f"{end:%m-%d %H:%M}"
    return f"{occ.start:%Y-%m-%d %a %H:%M}–{end_text}"


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
        raise UsageError(f"leanmeet {args.command}: suggestion {args.suggestion_id} no longer "
                         "applies (its meetings changed, were merged or dismissed); run "
                         "leanmeet suggest again")
    raise UsageError(f"leanmeet {args.command}: unknown suggestion {args.suggestion_id} "
                     "(run leanmeet suggest to see the current ones)")


def timeout_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="give up on a server that does not answer (default 30)")
