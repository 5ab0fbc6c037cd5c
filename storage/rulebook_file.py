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


# --------------------------------------------------------------------------- remembered kinds
REMEMBERED_COMMENT = (
    "Kind corrections remembered by `leanmeet kind UID KIND --remember` (and the TUI's kind "
    "dialog); undo with `leanmeet kind UID --forget`, or delete the entry."
)


def rules_file_for_corrections(path: str | Path | None = None) -> Path:
    """The file remembered corrections go to: the ``--rules`` file when given (it is read
    last, so its ``[[kinds.remembered]]`` list wins), else the user's rulebook."""
    return Path(path) if path is not None else user_rulebook_path()


def _read_text(path: Path) -> str:
    if not path.exists():
        return ""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulebookError(f"{path}: cannot read rulebook: {exc}") from None


def _edit_remembered(path: Path, edit) -> tuple[list, list]:
    """Read-modify-write of the ``[[kinds.remembered]]`` list of ``path`` under a file lock:
    ``edit(entries) -> (new entries, changed)``. The rest of the file (comments, layout) is
    kept as it is (tomlkit); the list is written as its own section at the end, under a
    comment. The result is validated before it replaces the file."""
    import filelock
    import tomlkit
    from leanmeet.storage.atomic import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(str(path) + ".lock", timeout=10):
        text = _read_text(path)
        try:
            doc = tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as exc:
            raise RulebookError(f"{path}: invalid TOML ({exc}); fix it before remembering "
                                "kind corrections") from None
        kinds = doc.get("kinds")
        current = [dict(e) for e in kinds.get("remembered", [])] if kinds is not None else []
        entries, changed = edit(current)
        if not changed:
            return current, []
        if kinds is not None and "remembered" in kinds:
            del kinds["remembered"]
            if not kinds:
                del doc["kinds"]
        rest = tomlkit.dumps(doc).replace(f"# {REMEMBERED_COMMENT}\n", "").rstrip()
        block = []
        for entry in entries:
            values = {k: entry[k] for k in ("pattern", "match", "kind", "example", "added")
                      if entry.get(k) not in (None, "")}
            block.append("[[kinds.remembered]]\n" + tomlkit.dumps(values))
        new_text = rest + "\n"
        if block:
            new_text = (rest + "\n\n" if rest else "") + f"# {REMEMBERED_COMMENT}\n" + \
                "\n".join(block)
        rulebook_from_toml(new_text)  # never write a file that a later read would refuse
        write_atomically(path, new_text)
        return entries, changed


def remember_kind(rule, path: str | Path | None = None) -> Path:
    """Add a remembered correction (a ``planner.rulebook.RememberedKind``) to the rules file
    (:func:`rules_file_for_corrections`); one with the same pattern and match replaces the
    old one. Returns the file written."""
    target = rules_file_for_corrections(path)
    new = {"pattern": rule.pattern, "match": rule.match, "kind": rule.kind,
           "example": rule.example, "added": rule.added}

    def edit(entries):
        kept = [e for e in entries
                if (e.get("pattern"), e.get("match", "ends")) != (rule.pattern, rule.match)]
        return kept + [new], [new]

    _edit_remembered(target, edit)
    return target


def forget_kinds(summary: str, path: str | Path | None = None) -> list[dict]:
    """Remove the remembered corrections that apply to a title; returns them (as tables)."""
    from leanmeet.planner.classify import remembered_matches
    from leanmeet.planner.rulebook import RememberedKind
    from leanmeet.planner.titles import chinese_core, has_cjk, normalise

    target = rules_file_for_corrections(path)
    if not target.exists():
        return []
    text = normalise(summary)
    core = chinese_core(text)[0] if has_cjk(text) else text

    def applies(entry: dict) -> bool:
        try:
            rule = RememberedKind(pattern=str(entry.get("pattern", "")),
                                  kind=str(entry.get("kind", "meeting")),
                                  match=str(entry.get("match", "ends")))
        except TypeError:
            return False
        return remembered_matches(rule, text, core)

    def edit(entries):
        gone = [e for e in entries if applies(e)]
        return [e for e in entries if not applies(e)], gone

    _, removed = _edit_remembered(target, edit)
    return removed
