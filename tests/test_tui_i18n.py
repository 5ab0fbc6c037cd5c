"""The Chinese interface (issue 11): every message of the TUI is in the zh_CN catalog, the
compiled .mo matches the .po, and the TUI run in zh_CN (by LANG, or by ``language = "zh_CN"``
in the settings file) shows no English label; in English it shows English ones."""

from __future__ import annotations

import gettext
import json
import os
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from leanmeet.i18n import LOCALE_DIR, choose_language, language_of
from tests.conftest import ROOT
from tests.test_tui_screens import RULES, sample_db  # noqa: F401

PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "leanmeet.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# ASCII words that stay in a Chinese interface: names of keys, formats, protocols, products
KEPT = {"esc", "tab", "enter", "ctrl", "shift", "UID", "CSV", "HTML", "Markdown", "iCalendar",
        "iTIP", "ics", "md", "csv", "html", "Outlook", "Google", "Apple", "Thunderbird", "http",
        "https", "webcal", "URL", "YYYY", "MM", "DD", "leanmeet", "keys", "toml", "ctrl+p",
        "UTC", "Asia", "Shanghai", "name", "email", "role", "title", "department", "office",
        "calendars", "gov", "cn", "example", "wang", "jianguo", "tianshui",
        "timezone"}


FOLDERS = ("tui", "cli", "application", "storage", "planner", "i18n")


def extracted_ids() -> set[str]:
    """The msgids of every folder of the code (what babel.cfg extracts)."""
    ids = set()
    for folder in FOLDERS:
        for _file, _line, message, _comments, _context in extract_from_dir(
                str(ROOT / folder), method_map=[("**.py", "python")], keywords=KEYWORDS):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="zh_CN")


def test_every_message_has_a_chinese_translation():
    po = catalog()
    missing = []
    for msgid in sorted(extracted_ids()):
        message = po.get(msgid)
        strings = message.string if message is not None else None
        if isinstance(strings, (list, tuple)):
            strings = "".join(strings)
        if message is None or not strings or message.fuzzy:
            missing.append(msgid)
    assert not missing, f"untranslated (run python i18n/catalog.py): {missing}"


def test_the_compiled_catalog_is_the_po_file():
    buffer = BytesIO()
    write_mo(buffer, catalog())
    fresh = gettext.GNUTranslations(BytesIO(buffer.getvalue()))
    with MO.open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    assert shipped._catalog == fresh._catalog, "recompile: python i18n/catalog.py"


def test_placeholders_survive_translation():
    for message in catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"\{[^}]*\}", ids[0]))
        for text in strings:
            assert set(re.findall(r"\{[^}]*\}", text)) == wanted, (ids[0], text)


@pytest.mark.parametrize("value, expected", [
    ("zh_CN.UTF-8", "zh_CN"), ("zh_TW", "zh_CN"), ("zh", "zh_CN"), ("en_US.UTF-8", "en"),
    ("de_DE", "en"), ("C", None), ("POSIX", None), ("", None), (None, None)])
def test_language_of_a_locale_name(value, expected):
    assert language_of(value) == expected


def test_the_settings_file_wins_over_the_environment():
    assert choose_language("zh_CN", {"LANG": "en_US.UTF-8"}) == "zh_CN"
    assert choose_language(None, {"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert choose_language(None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert choose_language(None, {"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert choose_language(None, {}) == "en"


def run_labels(db: Path, rules: Path, env: dict[str, str], *parts: str
               ) -> dict[str, list[str]]:
    """The interface's own texts (tests/helpers/tui_labels.py); ``parts``: only those visited."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    done = subprocess.run(
        [sys.executable, "-m", "tests.helpers.tui_labels", str(db), str(rules), *parts],
        cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


KEY_NAMES = {"home", "end", "pgup", "pgdn", "pageup", "pagedown", "space", "left", "right",
             "down", "minus", "plus", "delete", "escape", "backspace"}


def english_words(text: str) -> list[str]:
    text = re.sub(r"\[[\w.]+\]", "", text)  # binding ids (keys.toml names them), not words
    words = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in KEY_NAMES]
    return [w for w in words if w not in KEPT and w.lower() not in KEPT]


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


def test_the_tui_in_chinese_has_no_english_label_left(sample_db, rules_file, tmp_path):  # noqa: F811
    found = run_labels(sample_db, rules_file, {"LANG": "zh_CN.UTF-8"})
    assert len(found) >= 16  # four views, six screens, five dialogs, the detail
    left = {where: [(t, english_words(t)) for t in texts if english_words(t)]
            for where, texts in found.items()}
    left = {k: v for k, v in left.items() if v}
    assert not left, left
    everything = " ".join(t for texts in found.values() for t in texts)
    assert "月" in everything and "检查结果" in everything and "关闭" in everything
    assert re.search(r"第\d+周 · 2026年", everything)  # the period, written the Chinese way


def test_the_settings_file_turns_the_tui_chinese(sample_db, rules_file, tmp_path):  # noqa: F811
    config = tmp_path / "config"
    (config / "leanmeet").mkdir(parents=True)
    (config / "leanmeet" / "settings.toml").write_text('language = "zh_CN"\n', encoding="utf-8")
    found = run_labels(sample_db, rules_file, {"LANG": "C.UTF-8", "XDG_CONFIG_HOME": str(config)},
                       "view w")  # (every screen in Chinese: the test above)
    assert "检查结果" in " ".join(found["view w"])


def test_the_tui_in_english_shows_english_labels(sample_db, rules_file):  # noqa: F811
    found = run_labels(sample_db, rules_file, {"LANG": "en_US.UTF-8"}, "view w", "dialog export")
    week = " ".join(found["view w"])
    assert "Findings" in week and "Month" in week
    assert not re.search(r"[\u4e00-\u9fff]", " ".join(found["dialog export"]))


BACKEND_SCRIPT = """
import json, sys
from datetime import date
from leanmeet.application.session import Session
from leanmeet.tui.screens import backend
session = Session.open(sys.argv[1], sys.argv[2])
out = backend.run_import(session, [sys.argv[3]], None, None, lambda *a: None, lambda: False)
roster = backend.import_roster(session, "")
try:
    backend.export(session, sys.argv[4], "csv", date(2026, 12, 31), date(2026, 12, 1))
except backend.UserError as exc:
    refused = str(exc)
print(json.dumps({"import": out.lines, "roster": roster.errors, "export": refused},
                 ensure_ascii=False))
"""


@pytest.mark.parametrize("lang", ["zh_CN.UTF-8", "en_US.UTF-8"])
def test_the_screens_sentences_follow_the_language(tmp_path, rules_file, lang):
    """What the import and export dialogs say (tui/screens/backend.py) is in the interface
    language: the import summary, the refusals worded by the TUI."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    done = subprocess.run(
        [sys.executable, "-c", BACKEND_SCRIPT, str(tmp_path / "db.json"), str(rules_file),
         str(ROOT / "sample_calendars" / "government-office.ics"), str(tmp_path / "plan.csv")],
        cwd=ROOT, env={**base, "LANG": lang}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    said = json.loads(done.stdout.strip().splitlines()[-1])
    if lang.startswith("zh"):
        [line] = said["import"]
        assert re.fullmatch(r"government-office：新增 [1-9]\d*，更新 0，未变 0，删除 0，跳过 0", line)
        assert "名册 CSV" in said["roster"][0]
        assert "早于开始日" in said["export"]
        assert not english_words(" ".join(said["roster"] + [said["export"]]))
    else:
        [line] = said["import"]
        assert re.fullmatch(r"government-office: [1-9]\d* added, 0 updated, 0 unchanged, "
                            r"0 removed, 0 skipped", line)
        assert said["export"] == "The period ends (2026-12-01) before it starts (2026-12-31)."
