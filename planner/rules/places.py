"""Where a place is: the country of a time zone, and the names of other countries and cities.

From babel's CLDR data (no list of our own): ``zone_territories`` maps every IANA zone to its
country or region; the English and Chinese territory names and the Chinese exemplar city of
every zone (东京, 柏林, 香港) name places; English city names come from the zone ids
(Europe/Berlin → Berlin).
"""

from __future__ import annotations

import re
from datetime import tzinfo
from functools import lru_cache

from babel import Locale
from babel.core import get_global

# zone areas whose cities are places people travel to (not Etc/, Antarctica/, ocean islands
# named after feasts such as Indian/Christmas or Pacific/Easter)
_CITY_AREAS = ("Europe/", "Asia/", "Africa/", "America/", "Australia/")


@lru_cache(maxsize=1)
def zone_countries() -> dict[str, str]:
    return dict(get_global("zone_territories"))


def zone_country(zone: str) -> str:
    """ISO 3166 code of an IANA zone's country or region ("" when unknown)."""
    return zone_countries().get(zone, "") if zone else ""


def office_country(tz: tzinfo) -> str:
    key = getattr(tz, "key", None) or getattr(tz, "zone", None)
    return zone_country(key) if isinstance(key, str) else ""


@lru_cache(maxsize=8)
def foreign_places(home: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(English names, Chinese names) of countries, regions and cities outside ``home``."""
    en_locale, zh_locale = Locale("en"), Locale("zh")
    en: set[str] = set()
    zh: set[str] = set()
    for code, name in en_locale.territories.items():
        if len(code) == 2 and code.isalpha() and code != home and code != "EU":
            en.add(name)
    for code, name in zh_locale.territories.items():
        if len(code) == 2 and code.isalpha() and code != home and code != "EU":
            if len(name) >= 2:
                zh.add(name)
    for zone, country in zone_countries().items():
        if not country or country == home or not zone.startswith(_CITY_AREAS):
            continue
        city = zone.rsplit("/", 1)[-1].replace("_", " ")
        # Area/City only: America/North_Dakota/Center names a county, not a city
        if zone.count("/") == 1 and len(city) >= 4 and re.fullmatch(r"[A-Za-z ]+", city):
            en.add(city)
        names = zh_locale.time_zones.get(zone)
        zh_city = names.get("city") if names is not None else None
        if zh_city and len(zh_city) >= 2:
            zh.add(zh_city)
    return tuple(sorted(en)), tuple(sorted(zh))
