"""The Chinese command line (issue 11): every command run on the sample calendars in zh_CN —
the human output, the errors and refusals, every ``--help`` — leaves no English word of our
own; event text stays as it is, character for character; ``--json`` is byte for byte the same
in both languages; the catalog has a translation for every message."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from leanmeet.cli.main import COMMANDS
from leanmeet.i18n import LOCALE_DIR
from leanmeet.planner.classify import CLAUSES
from leanmeet.planner.rules import RULES
from tests.conftest import ROOT
from tests.test_tui_i18n import english_words

PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "leanmeet.po"


def typed_words() -> set[str]:
    """What a user types, shown as is in help and errors: the names of positional arguments,
    choices, argparse's name for the command argument."""
    from leanmeet.cli.main import build_parser

    words = {"command", "CalDAV"}
    stack = [build_parser()]
    while stack:
        parser = stack.pop()
        for action in parser._actions:
            if not action.option_strings:
                words.add(str(action.metavar or action.dest))
            for choice in action.choices or ():
                words.add(str(choice))
                if hasattr(action.choices, "get"):
                    sub = action.choices.get(choice)
                    if sub is not None and hasattr(sub, "_actions"):
                        stack.append(sub)
    return words


TYPED = typed_words()


def start_outputs(work: Path, lang: str) -> subprocess.Popen:
    """Every command run in ``lang`` (tests/helpers/cli_outputs.py), in a process of its own."""
    work.mkdir()
    base = {k: v for k, v in os.environ.items()
            if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "LEANMEET_LANGUAGE")}
    env = {**base, "LANG": lang, "TZ": "Asia/Shanghai", "LEANMEET_TODAY": "2026-11-29",
           "XDG_CONFIG_HOME": str(work / "config")}
    return subprocess.Popen([sys.executable, "-m", "tests.helpers.cli_outputs", str(work)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def outputs(process: subprocess.Popen) -> list[dict]:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[Path, list[dict]]]:
    folder = tmp_path_factory.mktemp("cli-i18n")
    # both languages at once (separate folders and databases)
    started = {lang: start_outputs(folder / lang, f"{lang}.UTF-8") for lang in ("zh_CN", "en_US")}
    try:
        return {lang: (folder / lang, outputs(process)) for lang, process in started.items()}
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
                process.communicate()


def json_of(said: list[dict], command: str) -> dict:
    for entry in said:
        if entry["args"][:1] == [command] and "--json" in entry["args"]:
            return json.loads(entry["out"])
    raise AssertionError(f"no {command} --json")


def event_texts(said: list[dict]) -> set[str]:
    """What came from the calendars and the roster (untrusted; never translated)."""
    texts: set[str] = set()
    for ev in json_of(said, "list")["events"]:
        texts |= {ev["summary"], ev["location"], ev["feed"], ev["uid"], ev["organizer"] or ""}
        texts |= {a["email"] or "" for a in ev["attendees"]}
        texts |= {a["name"] or "" for a in ev["attendees"]}
    for p in json_of(said, "people")["people"]:
        texts |= {p["name"], p["email"], p["title"], p["department"], *p["liaison"]}
    for f in json_of(said, "check")["findings"]:
        texts |= set(f["people"])  # keynote speakers as the description names them
    for s in json_of(said, "suggest")["suggestions"]:
        texts |= {s["id"], s["proposal"]["summary"], s["proposal"]["location"] or ""}
    return {t for t in texts if t and len(t) > 1}


def own_words(text: str, entry: dict, texts: set[str], words: set[str], work: Path) -> list[str]:
    """The English words of ``text`` that are ours: event text, what the user typed (the
    arguments, options, metavars, command and rule names), paths and ids taken out."""
    text = text.replace(str(work), " ")
    for given in sorted(texts | set(entry["args"]), key=len, reverse=True):
        text = text.replace(given, " ")
    text = re.sub(r"“[^”]*”", " ", text)  # quoted event text (planner.findings.quoted)
    text = re.sub(r"/\S+", " ", text)  # paths
    rules = "|".join(sorted((r.id for r in RULES), key=len, reverse=True))
    text = re.sub(rf"(?<![\w-])(?:{rules})(?![\w-])", " ", text)
    commands = "|".join(c.NAME for c in COMMANDS)
    text = re.sub(rf"\bleanmeet(?: (?:{commands}|add))*\b", " ", text)
    text = re.sub(rf"(?<![\w-])(?:{commands})(?![\w-])", " ", text)
    text = re.sub(r"(?<![\w])--?[A-Za-z][\w-]*", " ", text)  # options
    text = re.sub(r"\b[A-Z][A-Z0-9_]+\b", " ", text)  # metavars, acronyms (DATE, UID, CSV)
    text = re.sub(r"\b[0-9a-z]*\d[0-9a-z]*\b", " ", text)  # ids, stamps
    text = re.sub(r"\{[\w,-]+\}", " ", text)  # choices
    return [w for w in english_words(text) if w.lower() not in words and w not in TYPED]


def test_the_command_line_in_chinese_has_no_english_of_its_own(runs):
    work, said = runs["zh_CN"]
    texts = event_texts(said)
    words = {w.lower() for t in texts for w in re.findall(r"[A-Za-z]+", t)}
    left = {}
    for entry in said:
        if "--json" in entry["args"]:
            continue
        for line in (entry["out"] + entry["err"]).splitlines():
            found = own_words(line, entry, texts, words, work)
            if found:
                left.setdefault(" ".join(entry["args"][:2]), []).append((found, line[:160]))
    assert not left, json.dumps(left, ensure_ascii=False, indent=1)
    everything = "".join(e["out"] + e["err"] for e in said)
    for wanted in ("已检查", "错误", "用法：", "显示此帮助信息并退出", "新增", "已导出", "名册"):
        assert wanted in everything


def test_the_commands_are_run_and_say_something(runs):
    """The run covers every command's human output, errors and help (so the test above can
    fail): each command appears, with output, and errors exit 2."""
    _work, said = runs["zh_CN"]
    names = {e["args"][0] for e in said if e["args"]}
    assert {c.NAME for c in COMMANDS} <= names
    assert all(e["out"] or e["err"] for e in said)
    assert sum(1 for e in said if e["code"] == 2) >= 15
    assert sum(1 for e in said if "--help" in e["args"]) == len(COMMANDS) + 4


def test_event_text_in_chinese_messages_is_kept_as_it_is(runs):
    """The quoted titles and places inside findings are the events' own text in both
    languages."""
    english = json_of(runs["en_US"][1], "check")["findings"]
    shown = next(e["out"] for e in runs["zh_CN"][1] if e["args"][:1] == ["check"]
                 and "--json" not in e["args"])
    quoted = {q for f in english for q in re.findall(r"“[^”]*”", f["message"])}
    assert quoted
    assert [q for q in quoted if q not in shown] == []


def test_json_output_is_the_same_in_both_languages(runs):
    (zh_work, zh), (en_work, en) = runs["zh_CN"], runs["en_US"]
    pairs = [(a, b) for a, b in zip(zh, en) if "--json" in a["args"]]
    assert len(pairs) >= 7
    for a, b in pairs:
        assert a["args"] == b["args"]
        assert a["out"].replace(str(zh_work), "") == b["out"].replace(str(en_work), ""), a["args"]


def test_english_output_stays_english(runs):
    _work, said = runs["en_US"]
    check = next(e["out"] for e in said if e["args"][:1] == ["check"])
    assert check.startswith("Checked 2026-11-30 to 2026-12-31: ")
    helps = "".join(e["out"] for e in said if "--help" in e["args"])
    assert "show this help message and exit" in helps
    assert not re.search(r"[\u4e00-\u9fff]", helps)


def test_every_catalog_entry_has_a_translation():
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    empty = [m.id for m in catalog if m.id and (
        m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string)))]
    assert empty == [], "translate them in leanmeet.po, then: python i18n/catalog.py"


def test_every_rule_title_and_clause_has_a_translation():
    """Rule titles and clauses are shown translated by their English text: a rule added or
    reworded must get its catalog entry (i18n/sentences.py)."""
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    wording = {r.title for r in RULES} | {r.clause for r in RULES if r.clause != "—"}
    wording |= set(CLAUSES.values())
    missing = sorted(t for t in wording if catalog.get(t) is None or not catalog.get(t).string)
    assert missing == []
