"""Reading the user's rulebook TOML: the only file I/O of the rulebook.

Layers: the built-in defaults, then the user file (``rules.toml`` in the platform config dir)
when it exists, then the file given with ``--rules``. A bad file raises ``RulebookError`` whose
message starts with ``<file>:<line>:`` (the line when it can be found) and names the key.
"""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs

from leanmeet.planner.rulebook import Rulebook, RulebookError, default_rulebook, rulebook_from_toml


def user_rulebook_path() -> Path:
    """Where the user's rulebook lives: ``<config dir>/leanmeet/rules.toml``."""
    return platformdirs.user_config_path("leanmeet") / "rules.toml"


def load_rulebook(path: str | Path | None = None) -> Rulebook:
    """Defaults, then the user file if present, then ``path`` (``--rules``) if given."""
    book = default_rulebook()
    user = user_rulebook_path()
    if user.is_file():
        book = read_rulebook_file(user, book)
    if path is not None:
        book = read_rulebook_file(Path(path), book)
    return book


def read_rulebook_file(path: Path, base: Rulebook) -> Rulebook:
    """``base`` overridden by the TOML file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RulebookError(f"{path}: rulebook file not found") from None
    except IsADirectoryError:
        raise RulebookError(f"{path}: is a folder, expected a rulebook .toml file") from None
    except UnicodeDecodeError as exc:
        raise RulebookError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise RulebookError(f"{path}: cannot read rulebook: {exc.strerror or exc}") from None
    try:
        return rulebook_from_toml(text, base)
    except RulebookError as exc:
        line = _line_of(text, exc.key) if exc.key else None
        where = f"{path}:{line}" if line else str(path)
        raise RulebookError(f"{where}: {exc}", exc.key) from None


_INDEX = re.compile(r"\[\d+\]$")


def _line_of(text: str, key: str) -> int | None:
    """Best-effort line number of a dotted key path (``rules.venue.en[2]``) in TOML text."""
    parts = _INDEX.sub("", key).split(".")
    lines = text.splitlines()

    def header(line: str) -> str | None:
        match = re.match(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$", line)
        if not match:
            return None
        return ".".join(p.strip().strip("\"'") for p in match.group(1).split("."))

    # the key itself as a table header
    for i, line in enumerate(lines):
        if header(line) == ".".join(parts):
            return i + 1
    # the last part as "name =" inside the table of the other parts (or at the top level)
    table = ".".join(parts[:-1])
    name = re.escape(parts[-1])
    assign = re.compile(rf"\s*[\"']?{name}[\"']?\s*=")
    current = ""
    for i, line in enumerate(lines):
        found = header(line)
        if found is not None:
            current = found
            continue
        if current == table and assign.match(line):
            return i + 1
    # dotted keys or inline tables: any assignment of that name
    for i, line in enumerate(lines):
        if assign.match(line):
            return i + 1
    return None
