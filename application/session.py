"""The session both front ends share: the database's repository, the rulebook, the office zone
and "today".

The command line opens one per command, the TUI one for its lifetime (``app.session``, used
from its worker threads). The repository and the rulebook are read when first needed, so a
command that needs no rulebook works with a broken one.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from leanmeet import i18n
from leanmeet.application.errors import UserError
from leanmeet.planner.classify import Reading, scheduler_kind, scheduler_reading
from leanmeet.planner.decisions import DecisionIndex
from leanmeet.planner.model import Occurrence
from leanmeet.planner.people import Roster
from leanmeet.planner.rulebook import KindsConfig, Rulebook, RulebookError
from leanmeet.planner.window import requested_days
from leanmeet.planner.workdays import use_year_source
from leanmeet.storage.holiday_cache import cached_year
from leanmeet.storage.occurrences import office_window
from leanmeet.storage.readings import kinds_key
from leanmeet.storage.repository import Repository
from leanmeet.storage.rulebook_file import load_rulebook
from leanmeet.storage.timezones import office_zone

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext


def today_in(tz: tzinfo) -> date:
    """``LEANMEET_TODAY`` (ISO date; tests and demos freeze "today" with it), else today in
    the office zone. The one "today" of leanmeet."""
    override = os.environ.get("LEANMEET_TODAY")
    if override:
        try:
            return date.fromisoformat(override.strip())
        except ValueError:
            raise UserError(
                f"LEANMEET_TODAY={override!r} is not a date (YYYY-MM-DD); unset it or fix it"
            ) from None
    return datetime.now(tz).date()


def interface_language() -> str:
    """The interface language for headings, "zh_CN" or "en": LEANMEET_LANGUAGE, else the
    interface's (leanmeet.i18n: the settings file's ``language``, then LC_ALL / LC_MESSAGES /
    LANG)."""
    value = os.environ.get("LEANMEET_LANGUAGE", "")
    if value:
        return "zh_CN" if value.lower().startswith("zh") else "en"
    return i18n.language()


def window(first: date | None, last: date | None, today: date,
           default_days: int = 7) -> tuple[date, date]:
    """The days [first, last]: ``first`` defaults to today, ``last`` to ``default_days`` days
    from ``first``, both clamped to the days leanmeet plans. Raises UserError when ``last`` is
    before ``first``."""
    try:  # clamped to the days leanmeet plans (planner.window: 0002-01-01..9987-12-31)
        return requested_days(first or today, last, default_days)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _read_rulebook(path: Path | None) -> Rulebook:
    try:
        return load_rulebook(path)
    except RulebookError as exc:
        raise UserError(str(exc)) from None


def _zone(book: Rulebook) -> tzinfo:
    try:
        return office_zone(book.timezone or None)
    except ValueError as exc:  # an unknown zone name
        raise UserError(str(exc)) from None


class Session:
    """One database (``db_path``), one rulebook (``rules_path``: None for the defaults), the
    office zone from the rulebook, and "today" (:func:`today_in`). Safe to use from threads.

    ``on_problem(problem)`` hears of every stored event that could not be expanded when
    occurrences are read without a ``problems`` list (the CLI prints them to stderr)."""

    def __init__(self, db_path: str | Path, rules_path: str | Path | None = None, *,
                 repository: Repository | None = None,
                 on_problem: Callable[[object], None] | None = None) -> None:
        self.db_path = Path(db_path)
        self.on_problem = on_problem
        self.rules_path = Path(rules_path) if rules_path is not None else None
        self._repository = repository
        self._rulebook: Rulebook | None = None
        self._tz: tzinfo | None = None
        self._warm: object = None  # the database version read last
        self._lock = threading.Lock()
        use_year_source(cached_year)  # holidays from the cache folder (storage.holiday_cache)

    @classmethod
    def open(cls, db_path: str | Path, rules_path: str | Path | None = None, *,
             repository: Repository | None = None) -> Session:
        """A session with the rulebook and the office zone read now (UserError when they
        cannot be used)."""
        session = cls(db_path, rules_path, repository=repository)
        session.reload_rulebook()
        return session

    # ---------------------------------------------------------------- the parts
    @property
    def repository(self) -> Repository:
        if self._repository is None:
            self._repository = Repository(self.db_path)
        return self._repository

    @property
    def rulebook(self) -> Rulebook:
        """Raises UserError for a rulebook file that cannot be used (file:line, key)."""
        if self._rulebook is None:
            self._rulebook = _read_rulebook(self.rules_path)
        return self._rulebook

    @property
    def tz(self) -> tzinfo:
        """The office zone: the rulebook's ``timezone`` if set, else the machine's (UserError
        for an unknown zone)."""
        if self._tz is None:
            self._tz = _zone(self.rulebook)
        return self._tz

    def reload_rulebook(self) -> None:
        """Read the rulebook files again (after the user edited them); UserError if they
        cannot be used (the rulebook read before stays)."""
        book = _read_rulebook(self.rules_path)
        zone = _zone(book)
        self._rulebook, self._tz = book, zone

    @property
    def today(self) -> date:
        return today_in(self.tz)

    def window(self, first: date | None, last: date | None,
               default_days: int = 7) -> tuple[date, date]:
        """:func:`window` from today."""
        return window(first, last, today_in(self.tz) if first is None else first,
                      default_days)

    # ---------------------------------------------------------------- reading
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
        """The occurrences of the days [first, last] in the office zone, sorted by start
        (``problems`` receives the stored events that could not be expanded)."""
        self.warm()
        start, end = office_window(first, last, self.tz)
        return self._told(problems, lambda heard: self.repository.occurrences(
            start, end, self.tz, include_superseded=include_superseded, problems=heard))

    def occurrences_of(self, uid: str, first: date, last: date, *,
                       include_superseded: bool = True,
                       problems: list | None = None) -> list[Occurrence]:
        """The occurrences of one UID on the days [first, last] (merged-away ones too by
        default); only the segments that hold this UID are read (storage.repository)."""
        start, end = office_window(first, last, self.tz)
        return self._told(problems, lambda heard: self.repository.occurrences_of(
            uid, start, end, self.tz, include_superseded=include_superseded, problems=heard))

    def _told(self, problems: list | None, read):
        """``read(problems)``; when the caller gives no list, the problems found go to
        ``on_problem`` (if set) once the read is done."""
        heard = [] if problems is None and self.on_problem is not None else problems
        occs = read(heard)
        if heard is not problems:
            for problem in heard:
                self.on_problem(problem)
        return occs

    def check_context(self, today: date | None = None) -> CheckContext:
        """The rules' context: rulebook, roster and the scheduler's decisions as stored now."""
        # the rules (and holidays, babel) load when first checked: `list`, a decision and the
        # TUI's first frame start without them
        from leanmeet.planner.rules import CheckContext

        repo = self.repository
        return CheckContext(rulebook=self.rulebook, roster=Roster(repo.people()),
                            decisions=DecisionIndex(repo.decisions()),
                            today=today or self.today, tz=self.tz,
                            stored_kinds=self.stored_kinds()[0])

    def stored_kinds(self) -> tuple[str | None, KindsConfig | None]:
        """(key, kinds): the rulebook's kinds and the key under which the kinds stored with the
        events are valid now (storage.readings); (None, None) when the rulebook cannot be
        read (an import still works, and stores no kinds)."""
        try:
            kinds = self.rulebook.kinds
        except UserError:
            return None, None
        key = kinds_key(kinds)
        return key, kinds if key is not None else None

    def kind_of(self, index: DecisionIndex | None = None) -> Callable[[Occurrence], str]:
        """The kind of an occurrence as the scheduler sees it (planner.classify.scheduler_kind);
        ``index``: the decisions to use (default: as stored now)."""
        index = index if index is not None else DecisionIndex(self.repository.decisions())
        return scheduler_kind(self.rulebook, index, self.stored_kinds()[0])

    def kinds(self, occs: Sequence[Occurrence]) -> list[str]:
        kind = self.kind_of()
        return [kind(o) for o in occs]

    def reading_of(self, index: DecisionIndex | None = None) -> Callable[[Occurrence], Reading]:
        """:meth:`kind_of` with its reason (``str(reading)``: "kind: why — clause")."""
        index = index if index is not None else DecisionIndex(self.repository.decisions())
        return scheduler_reading(self.rulebook, index, self.stored_kinds()[0])

    def kind_readings(self, occs: Sequence[Occurrence]) -> list[Reading]:
        """The kind of each occurrence and why (``leanmeet list --json``'s ``kind_reason``)."""
        reading = self.reading_of()
        return [reading(o) for o in occs]
