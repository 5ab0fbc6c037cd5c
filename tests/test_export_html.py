"""`leanmeet export plan.html`: one self-contained page (no script, no external asset, a print
layout) in which every calendar string is escaped. The page in a real browser is tested in
test_export_samples.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from leanmeet.cli.main import main
from tests.ics import SHANGHAI, calendar, event

WINDOW = ["--from", "2026-11-30", "--to", "2026-12-13"]
HOSTILE = '<script>alert("x")</script><a href="http://evil.example">点我</a> & [b]x[/b]'


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def page(tmp_path, capsys) -> str:
    feed = calendar(
        event("x", "DTSTART;TZID=Asia/Shanghai:20261201T100000",
              "DTEND;TZID=Asia/Shanghai:20261201T110000", f"SUMMARY:{HOSTILE}",
              'LOCATION:"><img src=x>', "ATTENDEE;CN=<b>王</b>:mailto:wang@gov.cn"),
        zones=SHANGHAI)
    path = tmp_path / "dept.ics"
    path.write_text(feed, encoding="utf-8")
    cli(capsys, "import", str(path))
    cli(capsys, "people", "add", "<i>王建国</i>", "wang@gov.cn", "--leader")
    out = tmp_path / "plan.html"
    assert cli(capsys, "export", str(out), *WINDOW)[0] == 0
    return out.read_text(encoding="utf-8")


def test_untrusted_text_is_escaped(tmp_path, capsys):
    html = page(tmp_path, capsys)
    parsed = Tags()
    parsed.feed(html)
    tags = {t for t, _ in parsed.tags}
    assert "script" not in tags and "img" not in tags and "a" in tags  # only the nav links
    assert all(a.get("href", "").startswith("#") for t, a in parsed.tags if t == "a")
    text = "".join(parsed.text)
    assert HOSTILE in text and '"><img src=x>' in text and "<i>王建国</i>" in text


def test_page_is_self_contained_and_prints(tmp_path, capsys):
    html = page(tmp_path, capsys)
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    parsed = Tags()
    parsed.feed(html)
    for tag, attrs in parsed.tags:
        assert tag not in ("script", "link", "iframe", "img", "object")
        assert not any(k in ("src", "srcset") for k in attrs)
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@import" not in style and not re.search(r"url\(", style)
    assert "@media print" in style and "@page" in style
    assert "thead { display: table-header-group; }" in style  # headers repeat on each page
    for section in ("plan", "findings", "merges", "leaders"):
        assert f'<section id="{section}">' in html
