"""The ``leanmeet`` command line (SPEC §7). Without a command it opens the TUI."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from leanmeet.application.errors import UserError
from leanmeet.cli.commands import (
    arrange,
    check,
    decisions,
    dismiss,
    exempt,
    export,
    free,
    import_,
    kind,
    list_,
    merge,
    people,
    refresh,
    stats,
    suggest,
    sync,
    unmerge,
)
from leanmeet.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    UsageError,
    db_path,
    open_session,
    start_language,
)
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say
from leanmeet.planner.rulebook import RulebookError
from leanmeet.storage.db import DatabaseError

#: Every command, in the order ``leanmeet --help`` lists them: adding a command is one new
#: module in ``commands/`` and one entry here.
COMMANDS = [import_, list_, people, check, arrange, exempt, kind, decisions, suggest, merge,
            unmerge, dismiss, free, stats, export, sync, refresh]
BY_NAME = {command.NAME: command for command in COMMANDS}


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="leanmeet", description=_("Terminal meeting planner for office "
                    "schedulers. Without a command, opens the TUI."))
    parser.add_argument("--db", help=_("database file (default: LEANMEET_DB, else the "
                        "platform data folder)"))
    parser.add_argument("--rules", help=_("a rulebook TOML file that overrides the defaults"))
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for command in COMMANDS:
        command.add_arguments(sub.add_parser(command.NAME, help=_(command.HELP)))
    return parser


def run_tui(args: argparse.Namespace) -> int:
    from leanmeet.application.prefetch import start_week_prefetch

    path = db_path(args)
    # the week of today is read by a child process while this one loads Textual
    prefetch = start_week_prefetch(path, args.rules)
    try:
        from leanmeet.tui.app import LeanmeetApp  # Textual loads only when the TUI opens

        LeanmeetApp(db_path=path, rules_path=args.rules, prefetch=prefetch).run()
    finally:
        if prefetch is not None:
            prefetch.cancel()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    start_language()
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return run_tui(args)
        return BY_NAME[args.command].run(args, open_session(args))
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except (DatabaseError, RulebookError, UserError) as exc:
        print(f"leanmeet: {say(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(_("leanmeet: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never a traceback for a user; LEANMEET_DEBUG=1 shows it
        if os.environ.get("LEANMEET_DEBUG"):
            raise
        print(_("leanmeet: internal error: {error} (run with LEANMEET_DEBUG=1 for "
                "details)").format(error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
