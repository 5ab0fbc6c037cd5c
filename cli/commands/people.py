"""leanmeet people import roster.csv | people add NAME EMAIL [--leader] | people list [--json]"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    UsageError,
    pad,
    print_json,
)
from leanmeet.planner.model import Person
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "people"
HELP = N_("the roster")


def add_arguments(people: argparse.ArgumentParser) -> None:
    psub = people.add_subparsers(dest="people_command", parser_class=Parser, required=True)
    p = psub.add_parser("import", help=_("import a roster CSV "
                                         "(name,email,role,title,department[,liaison])"))
    p.add_argument("csv")
    p = psub.add_parser("add", help=_("add or update a person"))
    p.add_argument("name")
    p.add_argument("email")
    p.add_argument("--leader", action="store_true")
    p.add_argument("--title", default="")
    p.add_argument("--department", default="")
    p = psub.add_parser("list", help=_("list the roster"))
    p.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.actions import add_person, import_roster

    if args.people_command == "import":
        try:
            done = import_roster(session, args.csv)
        except UserError as exc:
            print(f"leanmeet: {say(str(exc))}", file=sys.stderr)
            return EXIT_USAGE
        for problem in done.problems:
            print(f"  {say(str(problem))}", file=sys.stderr)
        print(say(done.summary()))
        return EXIT_FINDINGS if done.problems else EXIT_OK
    if args.people_command == "add":
        person = Person(args.name.strip(), args.email.strip().lower(),
                        "leader" if args.leader else "staff", args.title, args.department)
        try:
            added = add_person(session, person)
        except UserError:
            raise UsageError(_("leanmeet people add: {email!r} is not an email "
                               "address").format(email=args.email)) from None
        print((_("added: {who} ({role})") if added else _("updated: {who} ({role})")).format(
            who=f"{person.name} <{person.email}>", role=_(person.role)))
        return EXIT_OK
    people = session.repository.people()
    if args.json:
        print_json({"people": [
            {"name": p.name, "email": p.email, "role": p.role, "title": p.title,
             "department": p.department, "liaison": list(p.liaison)} for p in people]})
        return EXIT_OK
    if not people:
        print(_("the roster is empty (leanmeet people import roster.csv)"))
    for p in people:
        role = pad(_(p.role), 6)
        extra = ", ".join(x for x in (p.title, p.department) if x)
        if p.liaison:
            extra += ("; " if extra else "") + _("liaison: {departments}").format(
                departments=", ".join(p.liaison))
        print(f"{role}  {p.name} <{p.email}>{'  ' + extra if extra else ''}")
    return EXIT_OK
