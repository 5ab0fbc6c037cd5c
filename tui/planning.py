"""What the leaders' week and the load screens ask the session for (issue 15), without
Textual: the plan of a window (as ``leanmeet export`` builds it), the leaders' table of a
week and the meeting load. The TUI calls these from its worker threads; the CLI's
``export --format leaders`` and ``stats`` build the same values from the same functions.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta

from leanmeet.planner.leaders_week import WeekTable, week_table
from leanmeet.planner.load import Load, meeting_load
from leanmeet.tui.commands_export import build


def language() -> str:
    """The interface language for headings, "zh_CN" or "en": LEANMEET_LANGUAGE, else
    LC_ALL / LC_MESSAGES / LANG ("zh…" is Chinese). The settings' interface language (issue
    11) replaces this when it lands."""
    for name in ("LEANMEET_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


def plan_window(services, first: date, last: date):
    """(plan, check context) of [first, last] for the reports (findings with their status,
    leaders' loads, accepted merges), exactly as ``leanmeet export`` builds it."""
    services.warm()
    args = argparse.Namespace(db=str(services.db_path),
                              rules=str(services.rules_path) if services.rules_path else None,
                              start=first, end=last, _repository=services.repository,
                              _rulebook=services.rulebook)
    return build(args, "html", services.tz, first, last)


def leaders_week(services, monday: date, language: str = "en") -> WeekTable:
    """The leaders' table of the week starting ``monday``."""
    monday = monday - timedelta(days=monday.weekday())
    plan, ctx = plan_window(services, monday, monday + timedelta(days=6))
    return week_table(plan.entries, ctx.roster, monday, services.tz, language,
                      services.rulebook.merge.holiday_country)


def load_window(services, first: date, last: date) -> Load:
    """The meeting load of [first, last]."""
    plan, ctx = plan_window(services, first, last)
    return meeting_load(plan, ctx.roster,
                        max_minutes=services.rulebook.rule("half-day-limit").max_minutes)


__all__ = ["language", "leaders_week", "load_window", "plan_window"]
