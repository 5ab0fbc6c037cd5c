"""Mutations of real calendars for the fuzz test (tests/test_fuzz_import.py) and the longer
run (benchmarks/bench_fuzz.py): byte flips, line deletions and duplications, truncation, and
hostile values put into DTSTART / DTEND / RRULE / RECURRENCE-ID / TZID / DURATION / EXDATE /
RDATE lines of the corpus files (../shared/corpus) and the found/ files (../shared/found).

``check_one(data, folder)`` runs what a user runs on such a file (import, then a two-year
list around a year the file mentions, then check) and raises AssertionError on an internal
error, a hang or an exit code outside 0/1/2.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
from pathlib import Path

from hypothesis import strategies as st

from tests.conftest import ROOT

SHARED = ROOT.parent / "shared"
MAX_BYTES = 300_000  # of a file taken for mutation (the big ones are cut: speed)
HANG_SECONDS = 20

HOSTILE = {
    "DTSTART": [
        "DTSTART:00010101T000000Z", "DTSTART:99991231T235959Z", "DTSTART;VALUE=DATE:99991231",
        "DTSTART;VALUE=DATE:00010101", "DTSTART:00000000T000000", "DTSTART:2026",
        "DTSTART;VALUE=PERIOD:20260101T000000Z/PT1H", "DTSTART:P1D", "DTSTART;VALUE=TIME:120000",
        "DTSTART;TZID=" + "Z" * 20_000 + ":20260101T090000", "DTSTART:20261301T250000",
        "DTSTART;VALUE=DATE-TIME:20260101", "DTSTART:20260229T000000",
    ],
    "DTEND": [
        "DTEND:00010101T000000Z", "DTEND:99991231T235959Z", "DTEND;VALUE=DATE:00010101",
        "DTEND:19000101T000000", "DTEND;VALUE=TIME:010000",
    ],
    "RRULE": [
        "RRULE:FREQ=SECONDLY", "RRULE:FREQ=MINUTELY;COUNT=999", "RRULE:FREQ=HOURLY",
        "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31", "RRULE:FREQ=DAILY;COUNT=999999999",
        "RRULE:FREQ=DAILY;INTERVAL=0", "RRULE:FREQ=YEARLY;UNTIL=99991231T235959Z",
        "RRULE:FREQ=WEEKLY;BYDAY=99MO", "RRULE:FREQ=MONTHLY;BYSETPOS=-400;BYDAY=MO",
        "RRULE:FREQ=DAILY;UNTIL=00010101", "RRULE:FREQ=HOURLY;BYHOUR=25",
        "RRULE:FREQ=YEARLY;BYWEEKNO=54", "RRULE:FREQ=MONTHLY;BYMONTHDAY=-32",
        "RRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE="
        + ",".join(map(str, range(60))), "RRULE:FREQ=NEVER", "RRULE:", "RRULE:FREQ=DAILY;;;",
        "RRULE:FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1", "RRULE:FREQ=DAILY;UNTL=20261231",
        "RRULE:FREQ=WEEKLY;INTERVAL=99999999", "RRULE:FREQ=DAILY;BYMONTH=13",
    ],
    "RECURRENCE-ID": [
        "RECURRENCE-ID:99991231T235959Z", "RECURRENCE-ID:00010101T000000Z",
        "RECURRENCE-ID;VALUE=DATE:00010101", "RECURRENCE-ID;VALUE=DATE:99991231",
        "RECURRENCE-ID;RANGE=THISANDFUTURE:20260101T000000Z", "RECURRENCE-ID:garbage",
        "RECURRENCE-ID;TZID=Nowhere/Land:20260101T090000",
    ],
    "TZID": [
        "Sec", '"', "/../../../../etc/passwd", "A" * 300, "B" * 5000, "UTC+99", "(UTC+14:00) x",
        "Etc/GMT+13", " 1", "", ";", "Europe/Berlin;VALUE=DATE", "\u4e2d\u56fd\u6807\u51c6\u65f6\u95f4",
    ],
    "DURATION": [
        "DURATION:-P1D", "DURATION:P99999999D", "DURATION:PT0S", "DURATION:P",
        "DURATION:-PT1000000000S", "DURATION:P1W2D", "DURATION:P3650000D", "DURATION:20260101",
    ],
    "EXDATE": ["EXDATE:99991231T235959Z", "EXDATE;VALUE=DATE:00010101", "EXDATE:xyz",
               "EXDATE;VALUE=TIME:090000"],
    "RDATE": ["RDATE:99991231T235959Z", "RDATE;VALUE=PERIOD:20260101T000000Z/99991231T000000Z",
              "RDATE;VALUE=DATE:00010101", "RDATE:" + ",".join(["20260101T090000Z"] * 2000)],
}
SECONDLY_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Sec\r\nBEGIN:STANDARD\r\nDTSTART:00010101T000000\r\n"
    "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0900\r\nRRULE:FREQ=SECONDLY\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE"
)


def source_files() -> list[Path]:
    files = []
    for folder in ("corpus", "found"):
        if (SHARED / folder).is_dir():
            files += sorted((SHARED / folder).rglob("*.ics"))
    return files


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mutated_calendar(draw, files: list[Path]) -> bytes:
    """A corpus file with 1-4 mutations."""
    path = draw(st.sampled_from(files))
    data = path.read_bytes()[:MAX_BYTES]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "delete", "duplicate", "truncate", "hostile",
                                     "hostile", "hostile", "zone"]))
        lines = _lines(data)
        if kind == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif kind == "delete" and len(lines) > 1:
            at = draw(st.integers(0, len(lines) - 1))
            count = draw(st.integers(1, 5))
            data = b"\n".join(lines[:at] + lines[at + count:])
        elif kind == "duplicate" and lines:
            at = draw(st.integers(0, len(lines) - 1))
            count = draw(st.integers(1, 30))
            times = draw(st.integers(2, 50))
            data = b"\n".join(lines[:at] + lines[at:at + count] * times + lines[at + count:])
        elif kind == "truncate" and data:
            data = data[:draw(st.integers(0, len(data)))]
        elif kind == "hostile":
            name = draw(st.sampled_from(sorted(HOSTILE)))
            value = draw(st.sampled_from(HOSTILE[name]))
            data = _put_hostile(data, name, value, draw)
        elif kind == "zone":
            data = data.replace(b"BEGIN:VEVENT", SECONDLY_ZONE.encode() + b"\r\nBEGIN:VEVENT",
                                1).replace(b"DTSTART:", b"DTSTART;TZID=Sec:", 1)
    return data


def _put_hostile(data: bytes, name: str, value: str, draw) -> bytes:
    lines = _lines(data)
    events = [i for i, line in enumerate(lines) if line.strip().upper() == b"BEGIN:VEVENT"]
    if not events:
        return data
    at = draw(st.sampled_from(events))
    if name == "TZID":  # into an existing DTSTART/DTEND of that event, or a new one
        for i in range(at, min(len(lines), at + 60)):
            if re.match(rb"(?i)(DTSTART|DTEND)[;:]", lines[i]):
                head, _, rest = lines[i].partition(b":")
                head = re.sub(rb";TZID=[^;:]*", b"", head)
                stamp = re.search(rb"\d{8}T\d{6}", rest)
                tail = stamp.group(0) if stamp else b"20260101T090000"
                lines[i] = head + b";TZID=" + value.encode() + b":" + tail + b"\r"
                return b"\n".join(lines)
        return data
    new = value.encode() + b"\r"
    replace = draw(st.booleans())
    for i in range(at + 1, min(len(lines), at + 60)):
        if replace and lines[i].upper().startswith(name.encode()):
            lines[i] = new
            return b"\n".join(lines)
    lines.insert(at + 1, new)
    return b"\n".join(lines)


def _window(data: bytes) -> tuple[str, str]:
    """Two years from a year the file mentions in a DTSTART (2026 when none)."""
    found = re.search(rb"DTSTART[^:\n]*:(\d{4})", data)
    year = int(found.group(1)) if found else 2026
    year = min(max(year, 1), 9990)
    return f"{year:04d}-01-01", f"{year + 1:04d}-12-31"


def _run(args: list[str]) -> tuple[int, str]:
    from leanmeet.cli.main import main

    def hang(*_):
        raise TimeoutError(f"leanmeet {' '.join(args)[:60]} hung (> {HANG_SECONDS} s)")

    err = io.StringIO()
    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG_SECONDS)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    return code, err.getvalue()


def check_one(data: bytes, folder: Path) -> None:
    """Import the bytes, list two years, check them: no internal error, no hang, exit 0/1/2.
    LEANMEET_DEBUG=1 makes an internal error raise with its traceback."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mutated.ics"
    path.write_bytes(data)
    db = folder / "fuzz.json"
    for name in os.listdir(folder):
        if name.startswith("fuzz.json"):
            os.remove(folder / name)
    first, last = _window(data)
    for args in (["import", str(path)], ["list", "--from", first, "--to", last, "--json"],
                 ["check", "--from", first, "--to", last]):
        code, err = _run(["--db", str(db), *args])
        assert "internal error" not in err, (args, err[-2000:])
        assert code in (0, 1, 2), (args, code, err[-2000:])
