"""The installed version of a library, found without importing it (caches made from a
library's answers are keyed by it: storage.readings, storage.holiday_cache)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=16)
def installed_version(module: str) -> str:
    """The names of ``module``'s dist-info folders beside it ("" when none is found): they
    carry the distribution's version, and reading them costs a folder listing, where
    importlib.metadata would cost tens of milliseconds."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return ""
    if spec is None or not spec.origin:
        return ""
    folder = Path(spec.origin).parent
    site = folder.parent if folder.name == module else folder
    wanted = module.replace("_", "-").lower()
    try:
        names = sorted(p.name for p in site.iterdir()
                       if p.name.endswith(".dist-info")
                       and p.name.lower().replace("_", "-").startswith(wanted + "-")
                       and p.name[len(wanted) + 1:][:1].isdigit())
    except OSError:
        return ""
    return " ".join(names)


def source_digest(paths: list[Path], extra: str = "") -> str | None:
    """A SHA-256 of the files at ``paths`` (names and bytes) and ``extra``: what a result
    made by that code is stored under (None when a file cannot be read, as in a frozen
    install: then nothing is kept for later)."""
    import hashlib

    digest = hashlib.sha256()
    try:
        for path in paths:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except (OSError, TypeError):
        return None
    digest.update(extra.encode())
    return digest.hexdigest()
