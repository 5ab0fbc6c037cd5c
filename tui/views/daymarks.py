"""Public holidays and working weekends (调休) as the views mark them.

The facts come from :func:`leanmeet.planner.workdays.day_info` (the `holidays` library); this
module only words them for a header: a short mark for a narrow column ("休"/"班", "off"/"work")
and a longer text when there is room (the holiday's name, "working day").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from leanmeet.planner.workdays import day_info
from leanmeet.tui.i18n import _, is_chinese

HOLIDAY_STYLE = "bold $text-success"
WORKDAY_STYLE = "bold $text-warning"


@dataclass(frozen=True, slots=True)
class DayMark:
    """What a view shows about a day: ``short`` (one or two cells), ``text`` (a few words),
    ``style``; ``day_off`` for a holiday or a weekend that is not worked."""

    short: str = ""
    text: str = ""
    style: str = ""
    day_off: bool = False
    holiday: bool = False

    def __bool__(self) -> bool:
        return bool(self.short)


NO_MARK = DayMark()


@lru_cache(maxsize=2048)
def _mark(day: date, country: str, chinese: bool) -> DayMark:
    info = day_info(day, country, "zh_CN" if chinese else "en_US")
    if info.holiday:
        return DayMark(_("off"), str(info.holiday), HOLIDAY_STYLE, True, True)
    if info.working_weekend:
        return DayMark(_("work"), _("working day"), WORKDAY_STYLE, False)
    if info.day_off:
        return DayMark("", "", "", True)
    return NO_MARK


def day_mark(day: date, country: str) -> DayMark:
    """The mark of ``day`` in ``country`` ("" : weekends only, no holidays)."""
    return _mark(day, country, is_chinese())
