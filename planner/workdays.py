"""Which days are days off: weekends, public holidays and adjusted working days (调休).

The `holidays` library knows each country's public holidays and, for China, the weekend days
that are working days in exchange (调休, "substituted working days"). This module is the one
place that asks it; views, rules and the merge slot search call these functions.

A year's facts (:class:`YearDays`) come from :func:`compute_year`, or from the source the
application sets with :func:`use_year_source` (storage.holiday_cache keeps them in the user's
cache folder: the library builds a country by importing every country it knows, a tenth of a
second at every start of the TUI).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


@dataclass(frozen=True)
class DayInfo:
    day: date
    holiday: str | None  # the public holiday's name, or None
    working_weekend: bool  # a Saturday/Sunday that is a working day (调休)
    day_off: bool  # no work that day: a public holiday, or a weekend that is not a working day


@dataclass(frozen=True)
class YearDays:
    """One year of one country: its public holidays' names (in one language) and the weekend
    days worked in exchange."""

    names: dict[date, str]
    working: frozenset[date]


def compute_year(country: str, year: int, language: str | None) -> YearDays | None:
    """The year's days from the `holidays` library (None: a country it does not know, so
    weekends only)."""
    import holidays  # imported when a year is first computed, not with this module

    try:
        calendar = holidays.country_holidays(country, years=year, language=language)
    except (NotImplementedError, KeyError, AttributeError):
        return None  # an unknown country: weekends only
    names = {day: str(name) for day, name in calendar.items() if day.year == year}
    working = frozenset(getattr(calendar, "weekend_workdays", None) or ())
    return YearDays(names, working)


YearSource = Callable[[str, int, "str | None"], "YearDays | None"]
_source: YearSource = compute_year


def use_year_source(source: YearSource | None) -> None:
    """Take the years from ``source`` (same signature as :func:`compute_year`; None: the
    library itself)."""
    global _source
    if (source or compute_year) is not _source:
        _source = source or compute_year
        _year.cache_clear()


@lru_cache(maxsize=64)
def _year(country: str, year: int, language: str | None) -> YearDays | None:
    if not country:
        return None
    return _source(country, year, language)


def day_info(day: date, country: str = "CN", language: str | None = None) -> DayInfo:
    """What ``day`` is in ``country`` ("" for no country: weekends only).

    ``language`` names the holiday in that language where the library has it (e.g. "zh_CN").
    """
    facts = _year(country, day.year, language) if country else None
    name = facts.names.get(day) if facts is not None else None
    weekend = day.weekday() >= 5
    working_weekend = weekend and facts is not None and day in facts.working
    return DayInfo(day=day, holiday=name, working_weekend=working_weekend,
                   day_off=bool(name) or (weekend and not working_weekend))


def is_day_off(day: date, country: str = "CN") -> bool:
    return day_info(day, country).day_off
