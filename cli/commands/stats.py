"""leanmeet stats [--from DATE] [--to DATE] [--json]: the meeting load (issue 15): per week
and per leader the number of meetings, hours in meetings, average length, share over half a
day, research days against the 70-day pace, and what accepted merges saved. The window
defaults to the 4 weeks before this week and the 4 weeks from it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from leanmeet.application.errors import UserError
from leanmeet.cli.common import EXIT_OK, UsageError, pad, print_json, window_args
from leanmeet.i18n import N_
from leanmeet.i18n import gettext as _
from leanmeet.i18n.sentences import say

if TYPE_CHECKING:
    from leanmeet.application.session import Session

NAME = "stats"
HELP = N_("meeting load per week and per leader, research days, what accepted merges saved")


def add_arguments(p: argparse.ArgumentParser) -> None:
    window_args(p)


def run(args: argparse.Namespace, session: Session) -> int:
    from leanmeet.application.planning import load_window, stats_window

    try:
        first, last = stats_window(session, args.start, args.end)
    except UserError as exc:
        raise UsageError(f"leanmeet: {say(str(exc))}") from None
    load = load_window(session, first, last)
    if args.json:
        print_json(load.to_json())
        return EXIT_OK
    t = load.total
    print(_("meeting load {first} to {last}: {meetings} meetings, {hours:.1f} h, average "
            "{average:.0f} min, {share:.0%} over half a day").format(
                first=load.first, last=load.last, meetings=t.meetings, hours=t.hours,
                average=t.average_minutes, share=t.share_over_half_day))
    print("\n" + _("week        meetings   hours  avg min  over half a day"))
    for w in load.weeks:
        f = w.figures
        iso = w.monday.isocalendar()
        print(f"{iso[0]}-W{iso[1]:02d}  {f.meetings:9d}  {f.hours:6.1f}  {f.average_minutes:7.0f}"
              f"  {f.over_half_day} ({f.share_over_half_day:.0%})")
    if load.leaders:
        print("\n" + _("leader            meetings   hours  avg min  research days (expected "
                       "by now, projected, minimum)"))
        for x in load.leaders:
            f = x.figures
            flag = _("  behind") if x.behind else ""
            print(f"{pad(x.name, 16)}  {f.meetings:8d}  {f.hours:6.1f}  {f.average_minutes:7.0f}  "
                  f"{x.research_days} ({x.expected_days:.0f}, {x.projected_days:.0f}, "
                  f"{x.minimum}){flag}")
    else:
        print("\n" + _("no leaders on the roster (leanmeet people add NAME EMAIL --leader)"))
    print("\n" + _("accepted merges: {count}, saving {meetings} meetings and {hours:.1f} "
                   "person-hours").format(count=len(load.merges), meetings=load.meetings_saved,
                                          hours=load.person_hours_saved))
    for m in load.merges:
        print(_("  {id}  {summary}: {count} meetings -> 1, {before:.1f} -> {after:.1f} "
                "person-hours").format(id=m.id, summary=m.summary, count=m.originals,
                                       before=m.person_hours_before,
                                       after=m.person_hours_after))
    return EXIT_OK
