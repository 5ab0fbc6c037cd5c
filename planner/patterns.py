"""Regular expressions compiled when first used.

The classifier's modules define some sixty patterns, and compiling them took a tenth of the
time of a week's ``list``, which mostly reads classifications stored at import and never
matches a title. A :class:`LazyPattern` compiles on the first use of any of its methods and
from then on holds the compiled pattern's bound methods as its own attributes, so a call costs
what a call on the compiled pattern costs.
"""

from __future__ import annotations

import re

_FORWARDED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
              "groups", "groupindex", "pattern", "flags")


class LazyPattern:
    """``re.compile(source, flags)``, compiled when first used (a thread racing another
    compiles the same pattern: both results are equal)."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags

    def __getattr__(self, name: str):
        # reached only while ``name`` is not an attribute yet: the first use
        if name not in _FORWARDED:
            raise AttributeError(name)
        compiled = re.compile(self._source, self._flags)
        for attr in _FORWARDED:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r}, {self._flags!r})"
