"""Commands of the rulebook and merge suggestions: check, arrange, exempt, kind, decisions,
suggest, merge, unmerge, dismiss."""

from __future__ import annotations

import argparse


def add_parsers(sub, window_args) -> None:
    return None


def run(args: argparse.Namespace) -> int:
    raise SystemExit(2)
