"""suggest, merge, unmerge, dismiss (SPEC §5, §7)."""

from __future__ import annotations

import argparse


def add_parsers(sub, window_args) -> None:
    return None


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError(args.command)
