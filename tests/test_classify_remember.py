"""Corrections teach: a kind override remembered for titles like it (CLI and TUI), shown by
`leanmeet decisions`, undone by `leanmeet kind UID --forget`; `leanmeet kind UID` explains."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from leanmeet.planner.classify import compile_classifier, remembered_pattern
from leanmeet.planner.rulebook import (
    RememberedKind,
    RulebookError,
    default_rulebook,
    rulebook_from_toml,
)
from leanmeet.storage.rulebook_file import forget_kinds, read_rulebook_file, remember_kind
from leanmeet.cli.main import main

from tests.test_tui_screens import (  # noqa: F401  (fixtures and helpers)
    COMMERCIAL,
    SIZE,
    db,
    open_event,
    rules,
    sample_db,
    settle,
    start,
    text_of,
)

ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//remember//EN\r
BEGIN:VEVENT\r
UID:fest-3@test\r
DTSTAMP:20261101T000000Z\r
DTSTART:20261202T090000Z\r
DTEND:20261202T100000Z\r
SUMMARY:第三届油菜花节开幕\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:fest-4@test\r
DTSTAMP:20261101T000000Z\r
DTSTART:20261203T090000Z\r
DTEND:20261203T100000Z\r
SUMMARY:第四届油菜花节\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:walk@test\r
DTSTAMP:20261101T000000Z\r
DTSTART:20261204T090000Z\r
DTEND:20261204T100000Z\r
SUMMARY:Annual Lantern Walk 2026\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_pattern_covers_titles_like_the_corrected_one():
    assert remembered_pattern("第三届油菜花节开幕") == ("油菜花节", "ends")
    assert remembered_pattern("2024年春季開學典禮") == ("春季开学典礼", "ends")
    assert remembered_pattern("12th Annual Lantern Festival 2024") == ("lantern festival",
                                                                        "words")


def test_remembered_corrections_come_before_the_title_but_after_categories():
    book = rulebook_from_toml(
        '[[kinds.remembered]]\npattern = "调度会"\nkind = "ceremony"\n'
        '[[kinds.remembered]]\npattern = "lantern festival"\nmatch = "words"\n'
        'kind = "research"\n')
    classifier = compile_classifier(book.kinds)
    assert classifier.read_title("全县开工复产调度会").kind == "ceremony"
    assert "remembered correction" in str(classifier.read_title("全县开工复产调度会"))
    assert classifier.read_title("The Lantern Festival").kind == "research"
    assert classifier.read_title("Festival of lanterns").kind != "research"  # needs both words


def test_a_bad_remembered_entry_is_refused_with_its_key():
    with pytest.raises(RulebookError, match=r"kinds\.remembered\[0\]\.kind"):
        rulebook_from_toml('[[kinds.remembered]]\npattern = "x"\nkind = "party"\n')
    with pytest.raises(RulebookError, match=r"kinds\.remembered\[0\]\.pattern"):
        rulebook_from_toml('[[kinds.remembered]]\npattern = " "\nkind = "meeting"\n')


def test_remembering_keeps_the_users_file_and_forgetting_undoes_it(tmp_path):
    path = tmp_path / "rules.toml"
    original = '# our office\n[kinds.ceremony]\nen = ["gala"]  # galas only\n'
    path.write_text(original, encoding="utf-8")
    remember_kind(RememberedKind(pattern="油菜花节", kind="ceremony", example="第三届油菜花节开幕"),
                  path)
    remember_kind(RememberedKind(pattern="油菜花节", kind="research"), path)  # replaces
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original.rstrip())  # the user's lines, comments included
    assert tomllib.loads(text)["kinds"]["remembered"] == [
        {"pattern": "油菜花节", "match": "ends", "kind": "research"}]
    book = read_rulebook_file(path, default_rulebook())
    assert book.kinds.ceremony.en == ("gala",)
    assert compile_classifier(book.kinds).read_title("第五届油菜花节").kind == "research"
    assert forget_kinds("第九届油菜花节开幕", path) == [
        {"pattern": "油菜花节", "match": "ends", "kind": "research"}]
    assert path.read_text(encoding="utf-8").rstrip() == original.rstrip()
    assert forget_kinds("第九届油菜花节开幕", path) == []


def test_a_broken_rules_file_is_not_overwritten(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[kinds\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="invalid TOML"):
        remember_kind(RememberedKind(pattern="x节", kind="ceremony"), path)
    assert path.read_text(encoding="utf-8") == "[kinds\n"


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_cli_kind_explains_remembers_shows_and_forgets(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    feed = tmp_path / "fest.ics"
    feed.write_text(ICS, encoding="utf-8", newline="")
    rules_file = tmp_path / "office-rules.toml"
    rules_file.write_text("# the office's rulebook\n", encoding="utf-8")
    base = ["--db", str(tmp_path / "db.json"), "--rules", str(rules_file)]
    assert run(capsys, *base, "import", str(feed))[0] == 0
    code, out = run(capsys, *base, "kind", "fest-4@test")
    assert code == 0 and out.startswith("fest-4@test: meeting: ")
    code, out = run(capsys, *base, "kind", "fest-3@test", "ceremony", "--remember")
    assert code == 0 and "remembered: titles ending in '油菜花节' are ceremony" in out
    assert "--forget" in out
    # titles like it are now ceremonies, with the reason
    code, out = run(capsys, *base, "kind", "fest-4@test")
    assert "ceremony: remembered correction: titles ending in '油菜花节' — §4 activities" in out
    code, out = run(capsys, *base, "list", "--from", "2026-12-01", "--to", "2026-12-05",
                    "--json")
    events = {e["uid"]: e for e in json.loads(out)["events"]}
    assert events["fest-4@test"]["kind"] == "ceremony"
    assert events["fest-4@test"]["kind_reason"].startswith("ceremony: remembered correction")
    assert events["fest-3@test"]["kind_reason"].startswith("ceremony: set by the scheduler")
    # an English title: its words, or a pattern of the scheduler's own
    code, out = run(capsys, *base, "kind", "walk@test", "research", "--remember",
                    "lantern walk")
    assert "titles with the words 'lantern walk' are research" in out
    code, out = run(capsys, *base, "decisions")
    assert "remembered-kind  titles ending in '油菜花节' -> ceremony" in out
    assert "(learned from '第三届油菜花节开幕')" in out
    decisions = json.loads(run(capsys, *base, "decisions", "--json")[1])
    assert [r["pattern"] for r in decisions["remembered_kinds"]] == ["油菜花节", "lantern walk"]
    # the corrections went to the --rules file, not the user's rulebook
    assert not (tmp_path / "config").exists() or not list((tmp_path / "config").rglob("*.toml"))
    # undo
    code, out = run(capsys, *base, "kind", "fest-3@test", "--forget")
    assert "forgot: titles like '油菜花节'" in out and "kind override of fest-3@test removed" in out
    code, out = run(capsys, *base, "kind", "fest-4@test")
    assert out.startswith("fest-4@test: meeting: ")
    decisions = json.loads(run(capsys, *base, "decisions", "--json")[1])
    assert [r["pattern"] for r in decisions["remembered_kinds"]] == ["lantern walk"]


def test_cli_kind_refuses_a_remember_without_kind(tmp_path, capsys):
    feed = tmp_path / "fest.ics"
    feed.write_text(ICS, encoding="utf-8", newline="")
    (tmp_path / "r.toml").write_text("", encoding="utf-8")
    base = ["--db", str(tmp_path / "db.json"), "--rules", str(tmp_path / "r.toml")]
    run(capsys, *base, "import", str(feed))
    assert main([*base, "kind", "fest-3@test", "--remember"]) == 2


async def test_tui_kind_dialog_can_remember_the_correction(db, rules):  # noqa: F811
    from leanmeet.tui.app import LeanmeetApp
    from leanmeet.tui.screens.dialogs import KindDialog

    app = LeanmeetApp(db_path=db, rules_path=rules)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        detail = await open_event(pilot, COMMERCIAL)
        assert text_of(detail, "#detail-kind").startswith("commercial: ")
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, KindDialog)
        await pilot.click("#kind-meeting")
        await pilot.click("#kind-remember")
        await pilot.click("#dialog-ok")
        await settle(pilot)
        assert app.screen is detail
    remembered = tomllib.loads(Path(rules).read_text(encoding="utf-8"))["kinds"]["remembered"]
    assert [(r["kind"], r["example"]) for r in remembered] == [("meeting", COMMERCIAL)]
    assert app.session.rulebook.kinds.remembered[0].kind == "meeting"
