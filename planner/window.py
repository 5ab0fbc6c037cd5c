"""The days leanmeet can plan: one home for the window bounds of every read path.

Python's dates end at 0001-01-01 and 9999-12-31; a window's edges are moved by a day for
time zones, by a week for whole weeks, by ten years for an export's series. So the days a
window may cover stop short of both ends, and every read (list, check, suggest, export, sync,
the TUI) clamps the days it was asked for with ``clamp_days`` before it computes anything.
The importer refuses event times outside the same range, so a stored event always fits.
"""

from __future__ import annotations

from datetime import date, timedelta

# room for +-1 day (zones), +-6 days (whole weeks) and +11 years (export of endless series)
FIRST_DAY = date(2, 1, 1)
LAST_DAY = date(9987, 12, 31)


def clamp_day(day: date) -> date:
    return min(max(day, FIRST_DAY), LAST_DAY)


def clamp_days(first: date, last: date) -> tuple[date, date]:
    """[first, last] limited to the days leanmeet can plan (FIRST_DAY..LAST_DAY)."""
    return clamp_day(first), clamp_day(last)


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def requested_days(first: date, last: date | None, default_days: int = 7) -> tuple[date, date]:
    """The days a read asked for (``--from`` FIRST ``--to`` LAST, or ``default_days`` from
    FIRST), clamped to FIRST_DAY..LAST_DAY. Raises ValueError when LAST is before FIRST."""
    if last is not None and last < first:
        raise ValueError(f"--to {last} is before --from {first}")
    first = clamp_day(first)
    if last is None:
        last = first + timedelta(days=min(default_days - 1, (LAST_DAY - first).days))
    return clamp_days(first, last)
