"""The user's key remapping and settings files, next to each other in the platform config
folder (``~/.config/leanmeet/`` on Linux):

``keys.toml``::

    [keys]
    "period.next" = "n,right_square_bracket"   # binding id = comma-separated Textual keys
    "view.month" = "M"

``settings.toml`` (written by leanmeet when you pick a theme)::

    theme = "nord"
    language = "zh_CN"   # the interface language: "zh_CN" or "en" (default: LANG/LC_ALL)

A bad keys file is refused whole (the defaults stay) with a message that says the file, the
line and what to do; the App shows it as a notification. Binding ids are listed by the help
screen (``?``) and in the README.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable
from pathlib import Path

from leanmeet.storage.settings import config_dir, load_settings, save_settings, settings_path

KEY_NAME = re.compile(r"^[A-Za-z0-9_+\-]+$|^.$")


class KeymapError(ValueError):
    """The keys file is unusable; the message starts with ``file:line:``."""


def keys_path() -> Path:
    return config_dir() / "keys.toml"


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return 1


def load_keymap(path: Path | None = None, known: Collection[str] | None = None
                ) -> dict[str, str]:
    """Binding id -> keys from the keys file ({} when there is none).

    Raises KeymapError for a file that is not TOML, has no ``[keys]`` table, names a binding
    id that does not exist (when ``known`` is given) or gives a key list that is not a
    non-empty string of comma-separated key names."""
    path = path or keys_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise KeymapError(f"{path}: cannot read the keys file ({exc}); fix or remove it") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = match.group(1) if match else "1"
        raise KeymapError(f"{path}:{line}: not valid TOML ({exc}); fix it or remove the file"
                          ) from None
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise KeymapError(f'{path}:1: no [keys] table; write e.g. [keys] then '
                          f'"period.next" = "n,right_square_bracket"')
    out: dict[str, str] = {}
    for binding_id, value in keys.items():
        line = _line_of(text, binding_id)
        if known is not None and binding_id not in known:
            raise KeymapError(
                f"{path}:{line}: unknown binding id {binding_id!r}; the ids are: "
                + ", ".join(sorted(known)))
        if not isinstance(value, str):
            raise KeymapError(f"{path}:{line}: {binding_id!r} must be a string of keys such "
                              f'as "n,right_square_bracket", not {type(value).__name__}')
        names = [k.strip() for k in value.split(",")]
        bad = [k for k in names if not k or not KEY_NAME.match(k)]
        if bad or not names:
            raise KeymapError(f"{path}:{line}: {binding_id!r} = {value!r} is not a list of key "
                              'names (comma-separated, e.g. "n,right_square_bracket,ctrl+n")')
        out[binding_id] = ",".join(names)
    return out


def binding_ids(classes: Iterable[type]) -> set[str]:
    """The ids of the bindings the classes (and their bases) declare."""
    ids: set[str] = set()
    for cls in classes:
        for klass in cls.__mro__:
            for binding in getattr(klass, "BINDINGS", ()) or ():
                binding_id = getattr(binding, "id", None)
                if binding_id:
                    ids.add(binding_id)
    return ids


# the settings file lives in storage (the command line reads its ``language`` too)
__all__ = ["KeymapError", "binding_ids", "config_dir", "keys_path", "load_keymap",
           "load_settings", "save_settings", "settings_path"]
