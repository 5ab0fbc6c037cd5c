"""The user's settings file (``settings.toml`` in the platform config folder,
``~/.config/leanmeet/`` on Linux), read by both front ends::

    theme = "nord"
    language = "zh_CN"   # the interface language: "zh_CN" or "en" (default: LANG/LC_ALL)

A broken file is ignored (with a message saying so); it is written atomically.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from leanmeet.storage.atomic import write_atomically


def config_dir() -> Path:
    import platformdirs

    return platformdirs.user_config_path("leanmeet")


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def load_settings(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """(settings, problem): a broken file gives ({}, what is wrong)."""
    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: ignored ({exc}); remove it and choose your theme again"
    return {k: v for k, v in data.items() if isinstance(v, str)}, None


def save_settings(values: dict[str, str], path: Path | None = None) -> None:
    """Write the settings file atomically (storage.atomic: the old file or the new one)."""
    text = "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n"
                   for key, value in sorted(values.items()))
    write_atomically(path or settings_path(), text)


def configure_language() -> None:
    """Hand the settings file's ``language`` to :mod:`leanmeet.i18n` (before the first text)."""
    from leanmeet import i18n

    i18n.configure(load_settings()[0].get("language"))
