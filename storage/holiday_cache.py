"""A country's public holidays and working weekends per year, kept in the user's cache folder.

The `holidays` library builds one country by importing every country it knows (about 280
modules): a tenth of a second on each start of the TUI, before the week can be drawn. The
facts of a year do not change for a given version of the library, so they are kept as a small
JSON file per country, year, language and library version in
``<cache folder>/leanmeet/holidays/``, and read from there afterwards. Anything wrong with a
file (unreadable, not JSON, the wrong shape) means it is computed again and rewritten; a
folder that cannot be written means it is computed each time, as without the cache.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import platformdirs

from leanmeet.planner.workdays import YearDays, compute_year
from leanmeet.storage.atomic import write_atomically
from leanmeet.storage.versions import installed_version


def cache_folder() -> Path:
    return platformdirs.user_cache_path("leanmeet") / "holidays"


def _file(country: str, year: int, language: str | None, library: str) -> Path:
    name = f"{country}-{year}-{language or 'default'}-{library}"
    return cache_folder() / f"{re.sub(r'[^0-9A-Za-z_.-]', '_', name)}.json"


def _read(path: Path, year: int) -> YearDays | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = {date.fromisoformat(d): n for d, n in data["names"].items()
                 if isinstance(n, str)}
        working = frozenset(date.fromisoformat(d) for d in data["working"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if any(d.year != year for d in names) or len(names) != len(data["names"]):
        return None
    return YearDays(names, working)


def cached_year(country: str, year: int, language: str | None) -> YearDays | None:
    """:func:`leanmeet.planner.workdays.compute_year`, through the cache folder."""
    library = installed_version("holidays")
    path = _file(country, year, language, library) if library else None
    if path is not None and path.is_file():
        found = _read(path, year)
        if found is not None:
            return found
    facts = compute_year(country, year, language)
    if facts is not None and path is not None:
        payload = {"names": {d.isoformat(): n for d, n in sorted(facts.names.items())},
                   "working": sorted(d.isoformat() for d in facts.working)}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a read-only home: computed each time
    return facts
