"""What makes the first import fast changes nothing it stores (issue 13, point 5):

- icalendar's split of a content line is remembered (storage.ics_events.parse_component): a
  block parses to the same component, with the same errors, as ``Component.from_ical``, and
  every property still gets parameters of its own;
- the parallel import's many small chunks (storage.parallel) give what one process gives,
  also when calendar lines, time zones and blank lines sit between the VEVENTs.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Component

from leanmeet.storage import ics_blocks, ics_events, parallel
from leanmeet.storage.ics_blocks import split_calendars
from tests.conftest import ROOT
from tests.test_storage_parallel import both

SHARED = ROOT.parent / "shared"
CORPUS = sorted(SHARED.glob("corpus/**/*.ics"))

ODD_LINES = [
    'ATTENDEE;CN="Wang, Li";ROLE=CHAIR;DELEGATED-TO="mailto:a@x.cn","mailto:b@x.cn":'
    "mailto:wang@x.cn",
    "ATTENDEE;CN=Zhang San;PARTSTAT=ACCEPTED:mailto:zhang@x.cn",
    "CATEGORIES:会议,Budget\\, 2026,review",
    "DTSTART;TZID=Asia/Shanghai:20260302T090000",
    "DTEND;VALUE=DATE:20260303",
    "SUMMARY;LANGUAGE=zh-CN:预算\\;审议\\n第二行",
    "X-WEIRD;X-P=\"a:b;c\":value:with:colons",
    "DESCRIPTION:ends with a backslash \\\\",
    "BROKEN LINE WITHOUT COLON",
    "DTSTAMP:notadate",
]


def block(uid: str, *lines: str) -> str:
    return "\r\n".join(["BEGIN:VEVENT", f"UID:{uid}", *lines, "END:VEVENT"]) + "\r\n"


def same(a: Component, b: Component) -> bool:
    return (a.to_ical() == b.to_ical() and a.errors == b.errors
            and [(k, v, getattr(v, "params", None)) for k, v in a.property_items()]
            == [(k, v, getattr(v, "params", None)) for k, v in b.property_items()])


def fresh_memory() -> None:
    ics_events._SPLITS.clear()
    ics_events._SEEN.clear()


def test_remembered_splits_parse_odd_lines_as_icalendar_does():
    fresh_memory()
    texts = [block(f"u{i}", *ODD_LINES) for i in range(4)]  # the 2nd time on: from memory
    for text in texts:
        assert same(ics_events.parse_component(text), Component.from_ical(text))
    assert ics_events._SPLITS  # the repeated lines were remembered


def test_an_unreadable_block_raises_what_icalendar_raises():
    text = "BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:y\r\nEND:VEVENT\r\n"
    with pytest.raises(ValueError) as ours:
        ics_events.parse_component(text)
    with pytest.raises(ValueError) as theirs:
        Component.from_ical(text)
    assert str(ours.value) == str(theirs.value)


def test_each_event_gets_parameters_of_its_own():
    fresh_memory()
    line = "ATTENDEE;CN=Li Si;ROLE=REQ-PARTICIPANT:mailto:lisi@x.cn"
    first, second, third = (ics_events.parse_component(block(f"u{i}", line)) for i in range(3))
    second["ATTENDEE"].params["CN"] = "Changed"  # the export edits attendees this way
    third["ATTENDEE"].params["PARTSTAT"] = "DECLINED"
    again = ics_events.parse_component(block("u4", line))
    assert again["ATTENDEE"].params == {"CN": "Li Si", "ROLE": "REQ-PARTICIPANT"}
    assert first["ATTENDEE"].params == {"CN": "Li Si", "ROLE": "REQ-PARTICIPANT"}


@pytest.mark.skipif(not CORPUS, reason="../shared/ not present")
@pytest.mark.filterwarnings("ignore:Timezone .* is a globally unique TZID")  # icalendar's
def test_every_corpus_block_parses_as_icalendar_parses_it():
    fresh_memory()
    compared = 0
    for path in CORPUS:
        text = path.read_bytes().decode("utf-8", "replace")
        try:
            calendars = split_calendars(text, path.name)
        except Exception:  # noqa: BLE001 - not a calendar: nothing to parse
            continue
        for cal in calendars:
            for event in cal.events:
                for _ in range(2):  # the second parse from memory
                    try:
                        theirs = Component.from_ical(event.text)
                    except Exception as exc:  # noqa: BLE001
                        with pytest.raises(type(exc)) as ours:
                            ics_events.parse_component(event.text)
                        assert str(ours.value) == str(exc)
                        continue
                    assert same(ics_events.parse_component(event.text), theirs), path.name
                    compared += 1
    assert compared > 1000


def test_many_chunks_give_what_one_process_gives(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_BLOCKS", 0)
    monkeypatch.setattr(parallel, "CHUNK_BLOCKS", 1)  # as many chunks as allowed
    zone = ("BEGIN:VTIMEZONE\r\nTZID:Office Time\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000"
            "\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")

    def meeting(i: int, *extra: str) -> str:
        return block(f"m{i}", "DTSTAMP:20260101T000000Z",
                     f"DTSTART;TZID=Office Time:202603{1 + i % 28:02d}T090000",
                     f"DTEND;TZID=Office Time:202603{1 + i % 28:02d}T100000",
                     f"SUMMARY:Meeting {i}", *extra)

    first = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"]
    for i in range(40):
        first.append(meeting(i))
        if i == 10:
            first.append(zone)  # a zone between VEVENTs, used by the ones before it too
        if i % 9 == 0:
            first.append("\r\n  \r\n")  # blank lines between VEVENTs
        if i % 13 == 0:
            first.append(meeting(1000 + i, "DTEND:broken"))
    first.append("X-WR-CALNAME:Late calendar line\r\nEND:VCALENDAR\r\n")
    second = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n", zone,
              *(meeting(100 + i) for i in range(30)), meeting(5, "SEQUENCE:2"),
              "END:VCALENDAR\r\n"]
    text = "".join(first) + "\r\n" + "".join(second)
    cut = parallel.plan(text, 20)
    assert cut is not None and len(cut.chunks) == 20
    assert all(chunk.count("\n") == text.count("\n") for chunk in cut.chunks)
    joined = []
    real_join = parallel._join
    monkeypatch.setattr(parallel, "_join", lambda *a: joined.append(real_join(*a)) or joined[-1])
    single, many = both(text)
    assert many == single
    assert joined and joined[0] is not None  # the chunks were parsed apart
    assert any("line" in p for p in single["problems"])  # the broken ones, with their lines


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["\r\n", "\n", "\r"]),
                          st.sampled_from(["", "\n", "\r\n\r\n", " \r\n", "\n\n\n"])),
                min_size=1, max_size=12))
def test_every_event_keeps_its_line_number_whatever_the_line_ends(layout):
    # split_calendars counts a run of line ends at once: each VEVENT still starts on the
    # line a text editor shows (what every "file:line" report names)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for i, _ in enumerate(layout):
        lines += ["BEGIN:VEVENT", f"UID:e{i}", "DTSTART:20260302T010000Z", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    text, expected = "", []
    event = 0
    for line in lines:
        if line == "BEGIN:VEVENT":
            end, blank = layout[event]
            text += blank.replace("\n", end) if end != "\n" else blank
            event += 1
            expected.append(len(re.split(r"\r\n|\r|\n", text)))
        text += line + layout[max(event - 1, 0)][0]
    found = [e.line for cal in split_calendars(text, "t") for e in cal.events]
    assert found == expected
    # both ways of numbering the lines (a file; a parallel chunk, mostly empty lines)
    numbered = [(n, line) for n, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1)
                if line]
    assert list(ics_blocks._lines_between_runs(text)) == numbered
    assert list(ics_blocks._lines(text)) == numbered
