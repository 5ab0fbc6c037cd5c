"""Kinds stored at import (storage.readings): what a read shows is always what the rulebook
and the classifier in use now say, and a scheduler's override still comes first."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from leanmeet.application.session import Session
from leanmeet.planner.classify import Classifier
from leanmeet.planner.rulebook import default_rulebook
from tests.import_helpers import cli

FEED = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//t//EN\r
BEGIN:VEVENT\r
UID:a@x\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260302T010000Z\r
DTEND:20260302T020000Z\r
SUMMARY:新区商业综合体开业剪彩仪式\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:b@x\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260303T010000Z\r
DTEND:20260303T020000Z\r
SUMMARY:Budget review meeting\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:c@x\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260304T010000Z\r
DTEND:20260304T020000Z\r
SUMMARY:全市安全生产工作会议\r
CATEGORIES:Ceremony\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:d@x\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260305T010000Z\r
DTEND:20260305T020000Z\r
RRULE:FREQ=WEEKLY;COUNT=3\r
SUMMARY:Ribbon cutting of the new library\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def db(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEANMEET_TODAY", "2026-03-01")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no user rulebook
    feed = tmp_path / "dept.ics"
    feed.write_text(FEED, encoding="utf-8", newline="")
    path = tmp_path / "db.json"
    assert cli(capsys, "--db", str(path), "import", str(feed))[0] == 0
    return path


def listed(capsys, db, *more: str) -> dict[str, tuple[str, str]]:
    code, out, err = cli(capsys, "--db", str(db), *more, "list", "--from", "2026-03-01",
                         "--to", "2026-03-31", "--json")
    assert code == 0, err
    return {(e["uid"], e["start"]): (e["kind"], e["kind_reason"])
            for e in json.loads(out)["events"]}


def test_the_import_stores_each_events_kind_and_a_read_uses_it(db, capsys):
    session = Session(db)
    occs = session.occurrences(date(2026, 3, 1), date(2026, 3, 31))
    key = session.stored_kinds()[0]
    assert key and all(o.reading is not None and o.reading[0] == key for o in occs)
    # what is stored is what the classifier says of each event (instances of the series too)
    classifier = Classifier(default_rulebook().kinds)
    assert [o.reading[1:] for o in occs] == [
        (r.kind, r.why) for r in map(classifier.reading, occs)]
    assert {o.reading[1] for o in occs} == {"commercial", "meeting", "ceremony"}
    assert listed(capsys, db) == {(o.uid, o.start.isoformat()): (
        classifier.reading(o).kind, str(classifier.reading(o))) for o in occs}


def test_a_changed_rulebook_is_read_anew_and_never_shows_a_stale_kind(db, capsys, tmp_path):
    before = listed(capsys, db)
    assert before[("b@x", "2026-03-03T09:00:00+08:00")][0] == "meeting"
    rules = tmp_path / "rules.toml"
    rules.write_text('[[kinds.remembered]]\npattern = "Budget review"\nkind = "research"\n'
                     'match = "words"\n', encoding="utf-8")
    after = listed(capsys, db, "--rules", str(rules))
    assert after[("b@x", "2026-03-03T09:00:00+08:00")][0] == "research"
    assert "remembered correction" in after[("b@x", "2026-03-03T09:00:00+08:00")][1]
    # and the kinds the rulebook did not change are still right
    assert {k: v for k, v in after.items() if k[0] != "b@x"} == {
        k: v for k, v in before.items() if k[0] != "b@x"}


def test_the_schedulers_override_beats_the_stored_kind(db, capsys):
    assert cli(capsys, "--db", str(db), "kind", "a@x", "meeting")[0] == 0
    kinds = listed(capsys, db)
    assert kinds[("a@x", "2026-03-02T09:00:00+08:00")] == (
        "meeting", "meeting: set by the scheduler (kind override) — "
        + kinds[("a@x", "2026-03-02T09:00:00+08:00")][1].split(" — ", 1)[1])


def test_a_stored_kind_under_another_key_is_not_used(db, capsys):
    """A database imported by another version of the classifier (another key): its kinds
    are read anew, here from an event whose stored kind was edited to be wrong."""
    root = json.loads(db.read_text(encoding="utf-8"))
    store = db.with_name(db.name + ".d")
    for seg in root["tables"]["events"]["segments"]:
        path = store / seg["file"]
        docs = json.loads(path.read_text(encoding="utf-8"))
        for doc in docs.values():
            doc["kr"] = ["an older key", "plenary", "stale"]
        payload = json.dumps(docs, ensure_ascii=False).encode("utf-8")
        name = hashlib.sha256(payload).hexdigest() + ".json"
        (store / name).write_bytes(payload)
        seg["file"], seg["ok"] = name, ""
    db.write_text(json.dumps(root), encoding="utf-8")
    kinds = listed(capsys, db)
    assert "plenary" not in {kind for kind, _ in kinds.values()}
    assert kinds[("a@x", "2026-03-02T09:00:00+08:00")][0] == "commercial"


def test_a_stored_kind_of_the_wrong_shape_is_refused(db, capsys):
    root = json.loads(db.read_text(encoding="utf-8"))
    store = db.with_name(db.name + ".d")
    seg = root["tables"]["events"]["segments"][0]
    docs = json.loads((store / seg["file"]).read_text(encoding="utf-8"))
    next(iter(docs.values()))["kr"] = ["k", 5]
    payload = json.dumps(docs).encode("utf-8")
    name = hashlib.sha256(payload).hexdigest() + ".json"
    (store / name).write_bytes(payload)
    seg["file"], seg["ok"] = name, ""
    db.write_text(json.dumps(root), encoding="utf-8")
    code, out, err = cli(capsys, "--db", str(db), "list", "--from", "2026-03-01",
                         "--to", "2026-03-31")
    assert code == 2
    assert '"kr" must be [key, kind, why]' in err


def test_re_importing_an_unchanged_feed_stores_the_kinds_of_the_rulebook_in_use(
        db, capsys, tmp_path):
    """After an edited rulebook (or another leanmeet), the unchanged events' stored kinds are
    under another key; the next import of the feed classifies them again, so that reads use
    stored kinds again (and they are the new rulebook's)."""
    rules = tmp_path / "rules.toml"
    rules.write_text('[[kinds.remembered]]\npattern = "Budget review"\nkind = "research"\n'
                     'match = "words"\n', encoding="utf-8")
    session = Session(db, rules)
    new_key = session.stored_kinds()[0]
    stale = session.occurrences(date(2026, 3, 1), date(2026, 3, 31))
    assert new_key and all(o.reading[0] != new_key for o in stale)  # imported under the old
    code, out, _ = cli(capsys, "--db", str(db), "--rules", str(rules), "import",
                       str(tmp_path / "dept.ics"))
    assert code == 0 and "0 added, 0 updated, 4 unchanged" in out, out
    occs = Session(db, rules).occurrences(date(2026, 3, 1), date(2026, 3, 31))
    assert [o.key for o in occs] == [o.key for o in stale]
    assert all(o.reading is not None and o.reading[0] == new_key for o in occs)
    budget = next(o for o in occs if o.uid == "b@x")
    assert budget.reading[1] == "research" and "remembered correction" in budget.reading[2]
    assert listed(capsys, db, "--rules", str(rules))[("b@x", "2026-03-03T09:00:00+08:00")][
        0] == "research"
