"""What the command line and the TUI share: the session's repository, rulebook, office zone and
"today", and how findings and merge suggestions are computed for a window.

The CLI (``tui/commands_rules.py``, ``tui/commands_merge.py``) and the TUI (``tui/app.py``,
``tui/screens/``) both call :func:`check_context`, :func:`findings_in_window` and
:func:`merge_suggestions`, so ``leanmeet check`` and the findings the TUI shows are the same.
Nothing here touches Textual; the TUI calls these functions from its worker threads.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leanmeet.planner.findings import Finding
    from leanmeet.planner.merge import Suggestion
    from leanmeet.planner.model import Occurrence
    from leanmeet.planner.rulebook import Rulebook
    from leanmeet.planner.rules import CheckContext
    from leanmeet.storage.repository import Repository

# (first, last) -> the occurrences of those days (inclusive), in the office zone
Loader = Callable[[date, date], "list[Occurrence]"]


def today_in(tz: tzinfo) -> date:
    """``LEANMEET_TODAY`` (ISO date; tests and demos freeze "today" with it), else today."""
    override = os.environ.get("LEANMEET_TODAY")
    if override:
        try:
            return date.fromisoformat(override.strip())
        except ValueError:
            raise ValueError(
                f"LEANMEET_TODAY={override!r} is not a date (YYYY-MM-DD); unset it or fix it"
            ) from None
    return datetime.now(tz).date()


def check_context(repo: Repository, book: Rulebook, tz: tzinfo, today: date) -> CheckContext:
    """The rules' context: rulebook, roster and the scheduler's decisions as stored now."""
    from leanmeet.planner.decisions import DecisionIndex
    from leanmeet.planner.people import Roster
    from leanmeet.planner.rules import CheckContext

    return CheckContext(rulebook=book, roster=Roster(repo.people()),
                        decisions=DecisionIndex(repo.decisions()), today=today, tz=tz)


def findings_in_window(ctx: CheckContext, load: Loader, first: date, last: date) -> list[Finding]:
    """Findings about [first, last]. Rules that look at the whole year (grassroots days) see
    the year's occurrences; findings about events outside the window are left out."""
    from leanmeet.planner.findings import as_aware
    from leanmeet.planner.rules import run_checks

    tz = ctx.tz
    year_first = min(first, date(ctx.today.year, 1, 1))
    year_last = max(last, date(ctx.today.year, 12, 31))
    occs = load(year_first, year_last)
    lo = as_aware(first, tz)
    hi = as_aware(last + timedelta(days=1), tz)
    out = []
    for finding in run_checks(occs, ctx):
        first_occ = finding.occurrence
        if first_occ is None or lo <= as_aware(first_occ.start, tz) < hi or any(
                lo <= as_aware(o.start, tz) < hi for o in finding.occurrences):
            out.append(finding)
    return out


def merge_suggestions(repo: Repository, book: Rulebook, occs: Sequence[Occurrence],
                      window: tuple[date, date] | None = None) -> list[Suggestion]:
    """Suggestions among ``occs``, with the scheduler's kind overrides, dismissals and
    accepted merges taken into account. ``window``: the days ``occs`` were loaded for (the
    proposed slots stay in them)."""
    from leanmeet.planner.classify import compile_classifier
    from leanmeet.planner.decisions import DecisionIndex
    from leanmeet.planner.merge import dismissed_ids, suggest
    from leanmeet.planner.people import Roster

    decisions = repo.decisions()
    index = DecisionIndex(decisions)
    classifier = compile_classifier(book.kinds)
    merged_members = {tuple(m) for d in decisions if d.type == "merge-accepted"
                      for m in d.members}
    merged_events = {o.key for o in occs if o.feed == "leanmeet-merged"}
    return suggest(
        occs, book.merge,
        dismissed=dismissed_ids(decisions),
        merged_keys=merged_members | merged_events,
        max_minutes=book.rule("half-day-limit").max_minutes,
        kind_of=lambda o: classifier.classify(o, index.kind_override(o)),
        roster=Roster(repo.people()),
        window=window,
    )


@dataclass
class Services:
    """The TUI session's data: one Repository (it keeps the file's tables while unchanged),
    the rulebook, the office zone. ``app.services`` in the TUI; safe to use from workers."""

    db_path: Path
    rules_path: Path | None
    repository: Repository
    rulebook: Rulebook
    tz: tzinfo
    _warm: object = field(default=None, repr=False, compare=False)  # version read last
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def open(cls, db_path: str | Path, rules_path: str | Path | None = None, *,
             repository: Repository | None = None) -> Services:
        """Load the rulebook and the office zone (``repository``: one already opened on
        ``db_path``). Raises RulebookError (a ValueError) for a bad rulebook and ValueError for
        an unknown zone."""
        from leanmeet.storage.repository import Repository
        from leanmeet.storage.rulebook_file import load_rulebook
        from leanmeet.storage.timezones import office_zone

        book = load_rulebook(rules_path)
        return cls(
            db_path=Path(db_path),
            rules_path=Path(rules_path) if rules_path is not None else None,
            repository=repository if repository is not None else Repository(db_path),
            rulebook=book,
            tz=office_zone(book.timezone or None),
        )

    def reload_rulebook(self) -> None:
        """Read the rulebook files again (after the user edited them)."""
        from leanmeet.storage.rulebook_file import load_rulebook
        from leanmeet.storage.timezones import office_zone

        self.rulebook = load_rulebook(self.rules_path)
        self.tz = office_zone(self.rulebook.timezone or None)

    @property
    def today(self) -> date:
        return today_in(self.tz)

    def signature(self) -> tuple | None:
        """Changes whenever the database file is replaced (every write is an atomic rename)."""
        try:
            st = os.stat(self.db_path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def warm(self) -> None:
        """Read the database into memory if it changed (the Repository keeps its tables while
        the file is unchanged). The collector is paused while the file is decoded (with it
        running, a 100 MB database takes twice as long) and what was read is then moved out of
        its way (``gc.freeze``), so later collections do not walk every stored event again.
        The tables are acyclic: when replaced, reference counting frees them."""
        with self._lock:
            signature = self.signature()
            if signature is not None and signature == self._warm:
                return
            enabled = gc.isenabled()
            gc.disable()
            try:
                self.repository.stats()
            finally:
                if enabled:
                    gc.enable()
            gc.freeze()
            self._warm = signature

    def occurrences(self, first: date, last: date, *, include_superseded: bool = False,
                    problems: list | None = None) -> list[Occurrence]:
        """The occurrences of the days [first, last] in the office zone."""
        from leanmeet.storage.occurrences import office_window

        self.warm()
        start, end = office_window(first, last, self.tz)
        return self.repository.occurrences(start, end, self.tz,
                                           include_superseded=include_superseded,
                                           problems=problems)

    def check_context(self) -> CheckContext:
        return check_context(self.repository, self.rulebook, self.tz, self.today)

    def findings(self, first: date, last: date, *,
                 include_superseded: bool = False) -> list[Finding]:
        """What ``leanmeet check --from first --to last`` reports."""
        return findings_in_window(
            self.check_context(),
            lambda a, b: self.occurrences(a, b, include_superseded=include_superseded),
            first, last)

    def suggestions(self, first: date, last: date) -> list[Suggestion]:
        """What ``leanmeet suggest --from first --to last`` reports."""
        return merge_suggestions(self.repository, self.rulebook, self.occurrences(first, last),
                                 (first, last))
