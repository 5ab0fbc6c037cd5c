"""The shared decisions without a server: the object format (untrusted text from a server),
the three-way merge by the time recorded, and the contradictions shown by `decisions`."""

from __future__ import annotations

import json

import pytest

from leanmeet.cli.main import main
from leanmeet.planner.decisions import contradictions
from leanmeet.planner.model import Decision
from leanmeet.storage.caldav import shared
from leanmeet.storage.repository import Repository

ME, THEM = "a@host-1", "b@host-2"


def exemption(text: str, at: str, by: str = "") -> Decision:
    return Decision("exemption", "x-1", None, "venue", text, at, (), by)


def test_a_decision_object_round_trips_text_a_server_might_mangle():
    d = Decision("exemption", "uid;with,commas@x", "2026-12-01T09:00:00+08:00", "venue",
                 "市长要求, 两位; 主讲\\n\nnew line", "2026-12-01T01:02:03.456+00:00",
                 (), THEM)
    key = shared.slot_key(d)
    text = shared.encode(key, shared.version(d, ME))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "BEGIN:VJOURNAL" in text and "BEGIN:VEVENT" not in text
    got_key, got = shared.decode(text.replace("\r\n", "\n"))  # a server's line ends
    assert got_key == key and shared.decision(got) == d


@pytest.mark.parametrize("value", [
    "not json", "[1,2]", '{"type":"exemption"}', '{"type":"bogus","at":"","by":""}',
    '{"type":"kind","uid":1,"rule":"","text":"","at":"","by":""}',
    '{"removed":true,"slot":"x","at":"","by":""}',
    '{"type":"merge-accepted","uid":"s","rule":"","text":"","at":"","by":"","members":[[1]]}',
])
def test_a_broken_decision_object_is_refused(value):
    text = f"BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nX-LEANMEET-DECISION:{value}\r\n" \
           "END:VJOURNAL\r\nEND:VCALENDAR\r\n"
    with pytest.raises(shared.BadDecision):
        shared.decode(text)


def test_concurrent_decisions_in_one_slot_are_merged_by_the_time_recorded():
    base_v = shared.version(exemption("old", "2026-12-01T00:00:00.000+00:00", THEM), THEM)
    key = shared.slot_key(exemption("", ""))
    base = {key: {"href": "/c/x.ics", "etag": '"1"', "v": base_v}}
    theirs = shared.version(exemption("B", "2026-12-01T10:00:00.000+00:00", THEM), THEM)
    # changed here later than there: ours stays (and will be pushed)
    mine = [exemption("A", "2026-12-01T11:00:00.000+00:00")]
    out = shared.merge(mine, base, {key: theirs}, {}, ME)
    assert [d.text for d in out.decisions] == ["A"] and out.kept
    # changed here earlier than there: theirs wins
    mine = [exemption("A", "2026-12-01T09:00:00.000+00:00")]
    out = shared.merge(mine, base, {key: theirs}, {}, ME)
    assert [(d.text, d.by) for d in out.decisions] == [("B", THEM)] and out.replaced
    # not changed here since the base: theirs is taken, no message
    mine = [shared.decision(base_v)]
    out = shared.merge(mine, base, {key: theirs}, {}, ME)
    assert [d.text for d in out.decisions] == ["B"] and not out.kept and not out.replaced


def test_a_removal_counts_from_when_it_was_made():
    merged = Decision("merge-accepted", "m-1", text="Merged", at="2026-12-01T08:00:00.000+00:00",
                      members=(("a", None), ("b", None)), by=ME)
    key = shared.slot_key(merged)
    base = {key: {"href": "/c/m.ics", "etag": '"1"', "v": shared.version(merged, ME)}}
    dismissed = Decision("merge-dismissed", "m-1", text="dismissed",
                         at="2026-12-01T10:00:00.000+00:00", members=merged.members, by=THEM)
    # unmerged here at 09:00, dismissed there at 10:00: the dismissal is newer
    out = shared.merge([], base, {key: shared.version(dismissed, THEM)},
                       {key: "2026-12-01T09:00:00.000+00:00"}, ME)
    assert [d.type for d in out.decisions] == ["merge-dismissed"]
    # unmerged here at 11:00: the removal is newer, nothing is left
    out = shared.merge([], base, {key: shared.version(dismissed, THEM)},
                       {key: "2026-12-01T11:00:00.000+00:00"}, ME)
    assert out.decisions == []


def test_contradictions_are_kept_and_shown_once_each(tmp_path, capsys):
    one = Decision("merge-accepted", "m-1", text="one", at="2026-12-01T08:00:00+00:00",
                   members=(("a", None), ("b", None)), by=ME)
    two = Decision("merge-accepted", "m-2", text="two", at="2026-12-01T08:00:01+00:00",
                   members=(("b", None), ("c", None)), by=THEM)
    arranged = Decision("arrangement", "e-1", text="ref 7", at="2026-12-01T08:00:00+00:00")
    commercial = Decision("kind", "e-1", text="commercial", at="2026-12-01T08:00:02+00:00",
                          by=THEM)
    found = contradictions([one, two, arranged, commercial])
    assert len(found) == 2
    assert "both merge b" in found[0].reason or "both merge b" in found[1].reason
    assert not contradictions([one, arranged])
    repo = Repository(tmp_path / "db.json")
    for d in (one, two, arranged, commercial):
        repo.add_decision(d, replace=False)
    db = str(tmp_path / "db.json")
    assert main(["--db", db, "decisions", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed["contradictions"]) == 2
    assert {d["by"] for d in listed["decisions"]} == {ME, THEM, None}
    assert main(["--db", db, "decisions"]) == 0
    text = capsys.readouterr().out
    assert "2 contradictions (both decisions kept until someone settles it)" in text
    assert "leanmeet unmerge" in text and "leanmeet kind e-1" in text


def test_progress_is_a_bar_on_a_terminal_and_counts_otherwise(capsys, monkeypatch):
    from leanmeet.cli.commands.sync import Progress

    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    progress = Progress("push to office")
    for done in range(0, 201, 10):
        progress(done, 200)
    progress.finish()
    out, err = capsys.readouterr()
    assert out.splitlines() == ["push to office: 0/200 written",
                                "push to office: 50/200 written",
                                "push to office: 100/200 written",
                                "push to office: 150/200 written"]
    assert err == ""

    class Terminal:
        text = ""

        def isatty(self):
            return True

        def write(self, s):
            self.text += s

        def flush(self):
            pass

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    progress = Progress("push to office")
    progress(0, 4)
    progress(2, 4)
    progress(4, 4)
    assert "\rpush to office [###############...............] 2/4" in terminal.text
    assert terminal.text.endswith("4/4\n")


def test_the_tui_event_details_show_who_decided_and_the_contradiction():
    from leanmeet.tui.screens.backend import EventReport
    from leanmeet.tui.screens.detail import EventDetailScreen

    arranged = Decision("arrangement", "e-1", text="ref [b]7[/b]", at="2026-12-01T08:00:00+00:00",
                        by=ME)
    commercial = Decision("kind", "e-1", text="commercial", at="2026-12-01T08:00:02+00:00",
                          by=THEM)
    shown = EventDetailScreen._decisions(EventReport(None, decisions=(arranged, commercial)))
    text = shown.plain
    assert "ref [b]7[/b]" in text  # untrusted text shown literally
    assert f"(by {THEM})" in text
    assert "Contradiction: arrangement e-1" in text and "set its kind" not in text
    assert "commercial events cannot be arranged" in text
