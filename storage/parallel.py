"""Parse a large feed over the available cores.

VEVENT blocks are independent once their calendar's time zone context is known, so the feed
is cut into chunks that each keep every line outside the VEVENTs (calendar properties,
VTIMEZONEs) and a share of the VEVENTs; the lines of the other chunks' VEVENTs become empty
lines, so every line keeps its number and every block its text and hash. Each chunk goes
through storage.ics_reader.parse_feed in a worker process, and the results are joined.

All VEVENTs of one UID go to the same chunk, so what parse_feed decides between versions and
duplicates of an event is decided on the same blocks as in one process. Anything unusual
(a nesting the quick scan does not follow, an error in a worker, results that do not add up)
falls back to the one-process parse, so the outcome never depends on the path taken.
"""

from __future__ import annotations

import bisect
import dataclasses
import multiprocessing
import os
import re
import threading
import zlib
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING

from leanmeet.storage.ics_reader import ParsedFeed, parse_feed
from leanmeet.storage.instances import expand_records
from leanmeet.storage.readings import stamp

if TYPE_CHECKING:
    from leanmeet.planner.rulebook import KindsConfig

#: (key, kinds) of the readings an import stores (storage.readings)
Readings = tuple[str, "KindsConfig"]

#: Below this many VEVENT blocks one process is faster than starting workers.
MIN_BLOCKS = 1500
#: VEVENT blocks per chunk (about): the workers take the chunks from one queue as they are
#: free, so the last chunk to finish is short whichever worker takes it (the workers end
#: together); each chunk costs a scan of the calendar's other lines.
CHUNK_BLOCKS = 1000
MAX_CHUNKS_PER_WORKER = 16


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclasses.dataclass
class _Plan:
    chunks: list[str]
    spans: list[tuple[int, int, int]]  # (first line, last line, chunk) of each VEVENT
    count: int


_MARK = re.compile(r"^(BEGIN|END):([^\r\n]*)", re.MULTILINE | re.IGNORECASE)
_UID = re.compile(r"^UID[;:][^\r\n]*(?:\r?\n[ \t][^\r\n]*)*", re.MULTILINE | re.IGNORECASE)


def _uid_key(block: str, nested: bool) -> str:
    """What groups the versions of one event: its UID as written, else its whole text."""
    found = _UID.search(block)
    if found and not (nested and _MARK.search(block, 0, found.start())):
        value = re.sub(r"\r?\n[ \t]", "", found.group(0))
        value = value.split(":", 1)[1] if ":" in value else ""
        return "uid:" + value.replace("\\", "").strip()
    return "text:" + block


def plan(text: str, chunks: int) -> _Plan | None:
    """Cut ``text`` into ``chunks`` chunk texts, or None when it is not plain enough."""
    if text.count("\r") != text.count("\r\n"):
        return None  # bare CR line ends: leave them to the one-process path
    # (control characters or anything else that makes the reader see other blocks than this
    # scan are caught when the results are joined: the counts would not add up)
    found: list[tuple[int, int, int]] = []  # (start offset, end offset, chunk)
    stack: list[str] = []
    start = 0
    nested = False
    for mark in _MARK.finditer(text):
        name = mark.group(2).strip().upper()
        if mark.group(1).upper() == "BEGIN":
            if not stack and name != "VCALENDAR":
                return None
            if name == "VEVENT":
                if len(stack) != 1:
                    return None
                start, nested = mark.start(), False
            elif len(stack) >= 2:
                nested = True
            stack.append(name)
            continue
        if not stack or stack[-1] != name:
            return None
        stack.pop()
        if name == "VEVENT" and len(stack) == 1:
            key = _uid_key(text[start:mark.end()], nested)
            found.append((start, mark.end(), zlib.crc32(key.encode("utf-8", "surrogatepass"))
                          % chunks))
    if stack or not found:
        return None
    # the line ends before each VEVENT's start and end (counted once: a chunk's text counts
    # the other chunks' line ends by subtracting)
    before: dict[int, int] = {0: 0}
    lines, at = 0, 0
    for first, last, _ in found:
        lines += text.count("\n", at, first)
        before[first] = lines
        lines += text.count("\n", first, last)
        before[last] = lines
        at = last
    before[len(text)] = lines + text.count("\n", at)
    texts = _chunk_texts(text, found, chunks, before)
    spans = [(before[first] + 1, before[last] + 1, owner) for first, last, owner in found]
    return _Plan(texts, spans, len(found))


def _chunk_texts(text: str, found: list[tuple[int, int, int]], chunks: int,
                 before: dict[int, int]) -> list[str]:
    """The text of each chunk: its VEVENTs and every line outside the VEVENTs, the other
    chunks' VEVENTs (and blank lines between VEVENTs) replaced by their line ends
    (``before``: the number of line ends before each VEVENT's start and end)."""
    n = len(found)
    bounds = [(found[g - 1][1] if g else 0, found[g][0] if g < n else len(text))
              for g in range(n + 1)]  # the gap before VEVENT g (g == n: after the last)
    kept = [g for g, (first, last) in enumerate(bounds)
            if first < last and not text[first:last].isspace()]  # calendar lines, zones...
    owned: list[list[int]] = [[] for _ in range(chunks)]
    for index, (_, _, owner) in enumerate(found):
        owned[owner].append(index)
    texts = []
    for mine in owned:
        pieces: list[str] = []
        at, previous = 0, -1  # text[:at] is done; ``previous``: the chunk's VEVENT before

        def up_to(end: int, last_gap: int) -> None:
            """From ``at`` to ``end`` (the gaps previous+1..last_gap and the other chunks'
            VEVENTs between them): the kept gaps as they are, the rest their line ends."""
            nonlocal at
            for g in kept[bisect.bisect_left(kept, previous + 1):
                          bisect.bisect_right(kept, last_gap)]:
                first, last = bounds[g]
                pieces.append("\n" * (before[first] - before[at]))
                pieces.append(text[first:last])
                at = last
            pieces.append("\n" * (before[end] - before[at]))
            at = end

        for index in mine:
            first, last, _ = found[index]
            up_to(first, index)
            pieces.append(text[first:last])
            at, previous = last, index
        up_to(len(text), n)
        texts.append("".join(pieces))
    return texts


def _die_with_parent(parent: int) -> None:
    """Worker start-up: a worker never outlives the import that started it (kill -9 of the
    import must not leave workers behind)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL (Linux)
    except (OSError, AttributeError):
        pass
    direct = os.getppid()  # the import, or (forkserver: the import ran threads) its server
    if direct != parent:
        # a fork server's worker, or the import died before the lines above took effect
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass

    def watch() -> None:  # where prctl is missing: look every second
        import time

        while os.getppid() == direct:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _parse_chunk(text: str, source: str, feed: str, known: frozenset[str],
                 expand_at: datetime | None, readings: Readings | None = None) -> ParsedFeed:
    """One chunk parsed, and (``expand_at``: the import's "now") its series expanded and
    (``readings``: the rulebook's kinds and their key) its events classified, so that the
    importing process only stores what the workers made."""
    parsed = parse_feed(text, source, feed, known)
    if expand_at is not None:
        parsed.expansions = expand_records(parsed.records, parsed.zones, expand_at)
    if readings is not None:
        stamp(parsed.records, readings[1], readings[0])
    return parsed


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")  # cheap, and nothing to re-import
    if "forkserver" in methods:  # forking a process with threads is unsafe
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _join(parts: list[ParsedFeed], plan_: _Plan, source: str) -> ParsedFeed | None:
    out = ParsedFeed(source)
    spans = plan_.spans  # in line order; lines counted from 1 as parse_feed does
    starts = [first for first, _, _ in spans]

    def block_of(line: int) -> tuple[int, int | None]:
        """(first line of the VEVENT holding ``line``, its chunk), or (line, None)."""
        at = bisect.bisect_right(starts, line) - 1
        if at >= 0 and spans[at][0] <= line <= spans[at][1]:
            return spans[at][0], spans[at][2]
        return line, None

    problems = []
    for n, part in enumerate(parts):
        for f in dataclasses.fields(ParsedFeed):
            if f.name in ("source", "problems", "found_at"):
                continue
            mine, theirs = getattr(out, f.name), getattr(part, f.name)
            if isinstance(mine, list):
                mine.extend(theirs)
            elif isinstance(mine, set):
                mine |= theirs
            elif isinstance(mine, dict):
                mine.update(theirs)
            elif isinstance(mine, int) and not isinstance(mine, bool):
                setattr(out, f.name, mine + theirs)
        if len(part.found_at) != len(part.problems):
            return None  # not what parse_feed makes: the one-process parse decides
        for p, at in zip(part.problems, part.found_at):
            # calendar-level problems are found by every chunk: keep the first chunk's
            if n == 0 or block_of(at)[1] == n:
                problems.append((at, p))
    if out.events != plan_.count:
        return None  # the quick scan and the reader disagree about the blocks
    keys = [(r["uid"], r["rid"], r["d"]) for r in out.records]
    if len(set(keys)) != len(keys):
        return None  # one event's versions were split after all
    out.records.sort(key=lambda r: r["line"])
    # in the order one process finds them: by the calendar or VEVENT it was reading (a
    # VEVENT is read by one chunk; the chunks' lists are each in that order already)
    problems.sort(key=lambda found: found[0])
    out.problems = [p for _, p in problems]
    out.found_at = [at for at, _ in problems]
    return out


def parse_feed_parallel(text: str, source: str, feed: str, known_hashes: Iterable[str] = (),
                        *, workers: int | None = None, expand_at: datetime | None = None,
                        readings: Readings | None = None) -> ParsedFeed:
    """``parse_feed`` with the VEVENTs spread over ``workers`` processes (default: the cores
    this process may use); the same result, including line numbers and problems. With
    ``expand_at``, the workers also expand the series they parsed (``expansions``); with
    ``readings`` (key, kinds), they classify its events (storage.readings)."""
    known = frozenset(known_hashes)

    def here() -> ParsedFeed:  # the one-process parse (series expanded by the caller)
        parsed = parse_feed(text, source, feed, known)
        if readings is not None:
            stamp(parsed.records, readings[1], readings[0])
        return parsed

    workers = workers or available_cores()
    blocks = text.count("BEGIN:VEVENT")
    if workers < 2 or blocks < MIN_BLOCKS or len(known) >= blocks / 2:
        # small, or mostly stored already (a re-import hashes blocks, it parses few): one
        # process is faster than cutting the text and starting workers
        return here()
    chunks = max(workers * 2, min(blocks // CHUNK_BLOCKS, workers * MAX_CHUNKS_PER_WORKER))
    cut = plan(text, chunks)
    if cut is None:
        return here()
    try:
        with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            futures = [pool.submit(_parse_chunk, chunk, source, feed, known, expand_at,
                                   readings) for chunk in cut.chunks]
            parts = [f.result() for f in futures]
    except Exception:  # a worker failed or died: the one-process parse says what is wrong
        return here()
    joined = _join(parts, cut, source)
    return joined if joined is not None else here()
