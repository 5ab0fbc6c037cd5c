"""leanmeet decisions [--json]: every recorded decision, oldest first (with who recorded a
shared one), the contradictions between shared decisions, and the kind corrections remembered
in the rulebook. The text gives each decision's time in the office zone (with its offset);
``--json`` keeps the stored UTC stamp."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.cli.common import EXIT_OK, print_json, stamp_in
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import decision_type, say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "decisions"
HELP = N_("every recorded decision and remembered kind correction")

HOW = {"ends": N_("ending in"), "contains": N_("containing"), "words": N_("with the words")}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.queries import recorded_decisions, remembered_kinds

    decisions, found = recorded_decisions(session)  # found: shared decisions in contradiction
    remembered = remembered_kinds(session)

    def row(d):
        return {"type": d.type, "uid": d.uid, "occurrence": d.occurrence,
                "rule": d.rule or None, "text": d.text, "at": d.at, "by": d.by or None,
                "members": [{"uid": u, "recurrence_id": r} for u, r in d.members]}

    if args.json:
        print_json({
            "decisions": [row(d) for d in decisions],
            "contradictions": [{"decisions": [row(c.first), row(c.second)],
                                "reason": c.reason} for c in found],
            "remembered_kinds": [
                {"pattern": r.pattern, "match": r.match, "kind": r.kind, "example": r.example,
                 "added": r.added or None} for r in remembered]})
        return EXIT_OK
    for r in remembered:
        learned = _("  (learned from {example!r})").format(example=r.example) if r.example else ""
        print(_("{added}  remembered-kind  titles {how} {pattern!r} -> {kind}{learned}").format(
            added=r.added or "-", how=_(HOW[r.match]), pattern=r.pattern, kind=_(r.kind),
            learned=learned))
    if not decisions and not remembered:
        print(_("no decisions recorded"))
    for d in decisions:
        scope = f" @ {d.occurrence}" if d.occurrence else ""
        rule = f" {d.rule}" if d.rule else ""
        by = _("  (by {who})").format(who=d.by) if d.by else ""
        text = say(d.text) if d.type == "merge-dismissed" else d.text  # ours: "dismissed"
        print(f"{stamp_in(d.at, session)}  {decision_type(d.type)}{rule}  {d.uid}{scope}  "
              f"{text}{by}")
    if found:
        print("\n" + _("{count} contradictions (both decisions kept until someone settles "
                       "it):").format(count=len(found)))
    for c in found:
        print(f"  {say(c.describe())}")
    return EXIT_OK
