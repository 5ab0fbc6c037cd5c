"""Which days are days off: weekends, public holidays and adjusted working days (调休).

The `holidays` library knows each country's public holidays and, for China, the weekend days
that are working days in exchange (调休, "substituted working days"). This module is the one
place that asks it; views, rules and the merge slot search call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays


@dataclass(frozen=True)
class DayInfo:
    day: date
    holiday: str | None  # the public holiday's name, or None
    working_weekend: bool  # a Saturday/Sunday that is a working day (调休)
    day_off: bool  # no work that day: a public holiday, or a weekend that is not a working day


@lru_cache(maxsize=64)
def _calendar(country: str, year: int, language: str | None) -> holidays.HolidayBase | None:
    if not country:
        return None
    try:
        return holidays.country_holidays(country, years=year, language=language)
    except (NotImplementedError, KeyError, AttributeError):
        return None  # an unknown country: weekends only


def _working_days(country: str, year: int) -> frozenset[date]:
    calendar = _calendar(country, year, None)
    if calendar is None:
        return frozenset()
    found = getattr(calendar, "weekend_workdays", None)
    if found is None:
        return frozenset()
    return frozenset(found)


def day_info(day: date, country: str = "CN", language: str | None = None) -> DayInfo:
    """What ``day`` is in ``country`` ("" for no country: weekends only).

    ``language`` names the holiday in that language where the library has it (e.g. "zh_CN").
    """
    calendar = _calendar(country, day.year, language) if country else None
    name = calendar.get(day) if calendar is not None else None
    working_weekend = day.weekday() >= 5 and day in _working_days(country, day.year)
    weekend = day.weekday() >= 5
    return DayInfo(day=day, holiday=name, working_weekend=working_weekend,
                   day_off=bool(name) or (weekend and not working_weekend))


def is_day_off(day: date, country: str = "CN") -> bool:
    return day_info(day, country).day_off
