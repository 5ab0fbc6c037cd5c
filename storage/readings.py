"""Classifications stored with the events when they are imported.

Every rule and every view asks each event's kind (planner.classify). Classifying costs little
per event but compiling the classifier and reading thousands of distinct titles and
descriptions is most of what a busy week's ``list`` does beyond reading the store. So the
import classifies the events it parses (in its worker processes, beside the parse) and stores
``kr``: [key, kind, why] with each record. The key names everything a reading depends on:
the rulebook's ``[kinds]`` table (remembered corrections included), the classifier's own code
and the Chinese converter's version. A read uses a stored reading only when its key is the
key of the rulebook and code in use now; any other event is classified as before, so an
edited rulebook or a newer leanmeet never shows a stale kind. A scheduler's kind override is
applied before either (planner.classify.scheduler_reading).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from leanmeet.storage.versions import installed_version, source_digest

if TYPE_CHECKING:
    from leanmeet.planner.rulebook import KindsConfig

@lru_cache(maxsize=1)
def _code_digest() -> str | None:
    """A digest of the classifier's code and of the converter it uses (None when the code
    cannot be read: then nothing is stored and every event is classified when read)."""
    from leanmeet.planner import classify, titles  # the modules whose code decides a reading

    return source_digest([Path(m.__file__) for m in (classify, titles)],
                         installed_version("opencc"))  # and the converter's version


@lru_cache(maxsize=8)
def kinds_key(kinds: KindsConfig) -> str | None:
    """The key of the readings made with ``kinds`` by this code (None: none are kept)."""
    code = _code_digest()
    if code is None:
        return None
    return hashlib.sha256(f"{code}\n{kinds!r}".encode("utf-8", "surrogatepass")
                          ).hexdigest()[:20]


def stamp(records: list[dict], kinds: KindsConfig, key: str) -> None:
    """Store each record's reading (``kr``) made with ``kinds`` under ``key``."""
    if not records:  # an unchanged feed: nothing parsed, no classifier to compile
        return
    from leanmeet.planner.classify import compile_classifier

    classifier = compile_classifier(kinds)
    for record in records:
        reading = classifier.text_reading(record["sum"], record["loc"], record["desc"],
                                          record["cats"])
        record["kr"] = [key, reading.kind, reading.why]


def stored_reading(value: object) -> tuple[str, str, str] | None:
    """A record's ``kr`` as ``Occurrence.reading`` (None when absent)."""
    if type(value) is list and len(value) == 3:
        return (value[0], value[1], value[2])
    return None
