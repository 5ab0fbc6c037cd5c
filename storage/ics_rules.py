"""Bounds on recurrence rules before anything expands them (dateutil does the expanding).

dateutil walks a rule from DTSTART until it finds an occurrence, and for a rule that can
never match (``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31``) it walks every day until the year 9999:
seconds for each window asked for. The Gregorian calendar repeats itself every 400 years
(weekdays included), so a rule that has no occurrence in 400 years from its DTSTART has none
at all: we ask dateutil for the first occurrence of the same rule started 400-800 years
before the year 9999, where its walk ends by itself. For daily and finer rules the question
is put as a yearly rule with the same day filters (a year's walk instead of 146,097 days').
"""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil.rrule import rrulestr
from icalendar import vRecur

REFUSED_FREQ = {"SECONDLY", "MINUTELY"}
MAX_COUNT = 100_000
MAX_RRULES = 10  # RRULE lines in one event (RFC 5545: SHOULD NOT occur more than once)
_DAY_PARTS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY")
_FINER = {"YEARLY": (), "MONTHLY": (), "WEEKLY": ("BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND"),
          "DAILY": ("BYHOUR", "BYMINUTE", "BYSECOND"), "HOURLY": ("BYMINUTE", "BYSECOND")}
ALL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _naive(start: date | datetime) -> datetime:
    if isinstance(start, datetime):
        return start.replace(tzinfo=None)
    return datetime.combine(start, time())


def _late(start: datetime) -> datetime:
    """The same wall time 400*k years later, between the years 9200 and 9599."""
    years = 400 * ((9199 - start.year) // 400 + 1)
    return start.replace(year=start.year + years)


def rule_text(rule: vRecur) -> str:
    return rule.to_ical().decode("ascii", "replace")


def check_rule(rule: vRecur, start: date | datetime) -> str | None:
    """Why this RRULE cannot be expanded safely, or None. Raises ValueError when dateutil
    does not understand it."""
    freq = [str(f).upper() for f in rule.get("FREQ", [])]
    if not freq:
        return "RRULE without FREQ"
    if freq[0] in REFUSED_FREQ:
        return f"RRULE FREQ={freq[0]}: no meeting recurs every {freq[0][:-2].lower()}"
    interval = rule.get("INTERVAL")
    if interval is not None and int(interval[0]) < 1:
        return f"RRULE INTERVAL={interval[0]} is invalid (must be at least 1)"
    count = rule.get("COUNT")
    if count is not None and int(count[0]) > MAX_COUNT:
        return f"RRULE COUNT={count[0]} is more than {MAX_COUNT:,} occurrences"
    base = _naive(start)
    # ValueError when dateutil does not understand it (UNTIL's zone is reconciled later by
    # recurring-ical-events, so it is left out of this question)
    rrulestr(rule_text(vRecur({k: v for k, v in rule.items() if k != "UNTIL"})), dtstart=base)
    if never_matches(rule, freq[0], base):
        return (f"RRULE {rule_text(rule)[:120]} can never produce an occurrence (no day "
                "matches all its parts)")
    return None


def never_matches(rule: vRecur, freq: str, base: datetime) -> bool:
    late = _late(base)
    if freq in ("MONTHLY", "YEARLY"):
        probe = vRecur({k: v for k, v in rule.items() if k not in ("UNTIL", "COUNT")})
    else:
        positions = [abs(int(p)) for p in rule.get("BYSETPOS", [])]
        if positions:
            size = 1
            for part in _FINER.get(freq, ()):
                size *= max(1, len(rule.get(part, [])))
            if min(positions) > size:
                return True
        if not any(part in rule for part in _DAY_PARTS):
            return False
        probe = vRecur({"FREQ": ["YEARLY"]})
        for part in _DAY_PARTS:
            if part in rule:
                probe[part] = rule[part]
        if "BYDAY" in probe:  # ordinals mean nothing below MONTHLY
            probe["BYDAY"] = sorted({str(d)[-2:].upper() for d in probe["BYDAY"]})
        else:
            probe["BYDAY"] = ALL_DAYS
    return next(iter(rrulestr(rule_text(probe), dtstart=late)), None) is None
