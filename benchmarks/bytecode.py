"""Byte code for leanmeet's modules before anything is timed.

An installed wheel comes with its byte code (pip compiles it at install time), so a user's
``leanmeet`` never compiles its own sources. A checkout run with PYTHONDONTWRITEBYTECODE set
(or a fresh one) would compile every module in every timed process, which is not what a user
pays; the benchmarks call :func:`compile_leanmeet` first so that they time the installed state.
"""

from __future__ import annotations

import compileall
import importlib.util

PACKAGES = ("leanmeet.cli", "leanmeet.tui", "leanmeet.storage", "leanmeet.planner",
            "leanmeet.application")


def compile_leanmeet() -> None:
    """Write the byte code of every leanmeet package (quietly; a failure is only slower)."""
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)
