"""Issue 15: the leaders' weekly activity table (领导一周活动安排) — rows the roster's leaders,
columns days × morning/afternoon — through `leanmeet export --format leaders` to HTML, CSV
and XLSX (read back with openpyxl). Real .ics text, real TinyDB file."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest

from tests.ics import SHANGHAI, calendar, event
from leanmeet.cli.main import main

WEEK = ["--from", "2026-11-30", "--to", "2026-12-06"]
WANG = "ATTENDEE;CN=王建国:mailto:wang@gov.cn"
LI = "ATTENDEE;CN=李明:mailto:li@gov.cn"
STAFF = "ATTENDEE;CN=孙丽:mailto:sun@gov.cn"


def timed(uid, day, start, end, summary, *extra):
    return event(uid, f"DTSTART;TZID=Asia/Shanghai:{day}T{start}00",
                 f"DTEND;TZID=Asia/Shanghai:{day}T{end}00", f"SUMMARY:{summary}", *extra)


FEED = calendar(
    # three events of 王建国 on Tuesday morning, the last one running into the afternoon
    timed("dz", "20261201", "1000", "1100", "全市安全生产调度会", "LOCATION:市政府三楼会议室",
          WANG, STAFF),
    timed("dy", "20261201", "0830", "0930", "党组会", WANG),
    timed("jd", "20261201", "1100", "1230", "接待省考察团", "LOCATION:市民中心", WANG),
    # an all-day inspection on Wednesday
    event("fx", "DTSTART;VALUE=DATE:20261202", "DTEND;VALUE=DATE:20261203",
          "SUMMARY:全市防汛检查", WANG),
    # 李明's research trip, Thursday to Saturday
    event("dy-trip", "DTSTART;VALUE=DATE:20261203", "DTEND;VALUE=DATE:20261206",
          "SUMMARY:赴西部区县调研", "LOCATION:西部区县", LI),
    # a commercial event: 王建国 is blocked (commercial-event), still listed, marked
    timed("kp", "20261204", "1400", "1500", "万达广场开业典礼", "LOCATION:万达广场", WANG),
    # cancelled: not listed
    timed("cx", "20261201", "1500", "1600", "取消的会", "STATUS:CANCELLED", WANG),
    # staff only: nobody's row
    timed("st", "20261201", "1500", "1600", "科室例会", STAFF),
    zones=SHANGHAI,
)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def office(tmp_path, capsys):
    path = tmp_path / "office.ics"
    path.write_text(FEED, encoding="utf-8")
    assert cli(capsys, "import", str(path))[0] == 0
    assert cli(capsys, "people", "add", "王建国", "wang@gov.cn", "--leader", "--title",
               "市长")[0] == 0
    assert cli(capsys, "people", "add", "李明", "li@gov.cn", "--leader")[0] == 0
    assert cli(capsys, "people", "add", "孙丽", "sun@gov.cn")[0] == 0
    return tmp_path


def export(capsys, out, *extra) -> None:
    code, text, err = cli(capsys, "export", str(out), "--format", "leaders", *WEEK, *extra)
    assert code == 0, err
    assert "leaders' weekly activity table" in text


def test_xlsx_grid_reads_back(office, capsys, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setenv("LEANMEET_LANGUAGE", "zh_CN")
    out = office / "week.xlsx"
    code, text, err = cli(capsys, "export", str(out), *WEEK)  # .xlsx implies leaders
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["2026-W49"]
    ws = wb["2026-W49"]
    assert ws.cell(1, 1).value == "领导一周活动安排"
    assert ws.cell(3, 1).value == "领导" and ws.cell(4, 2).value == "上午"
    assert ws.cell(4, 3).value == "下午" and ws.cell(3, 4).value.startswith("周二 12-01")
    assert ws.page_setup.orientation == "landscape"
    rows = {ws.cell(r, 1).value.split("\n")[0]: r for r in range(5, ws.max_row + 1)}
    assert sorted(rows) == sorted(["王建国", "李明"])  # the roster's leaders; staff not
    wang, li = rows["王建国"], rows["李明"]

    def cell(row, day, half):  # day 0 = Monday, half 0 = morning
        return (ws.cell(row, 2 + 2 * day + half).value or "").split("\n")

    # several events in one half-day, in time order, with time, title and place
    assert cell(wang, 1, 0) == ["08:30–09:30 党组会", "10:00–11:00 全市安全生产调度会 @ 市政府三楼会议室",
                                "11:00–12:30 接待省考察团 @ 市民中心"]
    # the reception runs past noon: the afternoon lists it too; the cancelled one is gone
    assert cell(wang, 1, 1) == ["11:00–12:30 接待省考察团 @ 市民中心"]
    # an all-day event fills both halves of its day
    assert cell(wang, 2, 0) == cell(wang, 2, 1) == ["全天 全市防汛检查"]
    # the blocked commercial event is listed and marked
    assert cell(wang, 4, 1) == ["14:00–15:00 万达广场开业典礼 @ 万达广场 [不宜出席]"]
    # the research trip: every half-day from Thursday to Saturday, nothing on Sunday
    for day in (3, 4, 5):
        for half in (0, 1):
            assert cell(li, day, half) == ["12-03 – 12-05 赴西部区县调研 @ 西部区县"]
    assert cell(li, 6, 0) == [""] and cell(li, 0, 0) == [""]


def test_csv_has_a_row_per_leader_and_english_headings(office, capsys, monkeypatch):
    monkeypatch.setenv("LEANMEET_LANGUAGE", "en")
    out = office / "week.csv"
    export(capsys, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel and WPS read the Chinese right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["week", "Leader", "title", "Mon AM", "Mon PM"]
    assert sorted(r[1] for r in rows[1:]) == sorted(["王建国", "李明"])
    wang = next(r for r in rows[1:] if r[1] == "王建国")
    assert wang[2] == "市长"
    assert wang[3 + 2 * 1].splitlines()[0] == "08:30–09:30 党组会"
    assert wang[3 + 2 * 2] == "all day 全市防汛检查"
    assert wang[3 + 2 * 4 + 1].endswith("[blocked]")


class Parsed(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_one_a4_landscape_page_per_week(office, capsys, monkeypatch):
    monkeypatch.setenv("LEANMEET_LANGUAGE", "zh_CN")
    out = office / "weeks.html"
    code, _, err = cli(capsys, "export", str(out), "--format", "leaders", "--from",
                       "2026-11-30", "--to", "2026-12-13")
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    parsed = Parsed()
    parsed.feed(html)
    assert [a.get("id") for t, a in parsed.tags if t == "section"] == [
        "week-2026-11-30", "week-2026-12-07"]
    assert all(t not in ("script", "link", "img", "iframe") for t, _ in parsed.tags)
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "size: A4 landscape" in style and "break-after: page" in style
    assert not re.search(r"url\(|@import", style)
    assert "Noto Sans CJK SC" in style  # CJK fonts first
    text = "".join(parsed.text)
    assert "领导一周活动安排" in text and "第49周" in text and "上午" in text
    assert "不宜出席" in text


def test_hostile_titles_are_text(tmp_path, capsys):
    hostile = '<script>alert(1)</script> =SUM(A1) [b]x'
    path = tmp_path / "x.ics"
    path.write_text(calendar(timed("h", "20261201", "0900", "1000", hostile, WANG),
                             zones=SHANGHAI), encoding="utf-8")
    cli(capsys, "import", str(path))
    cli(capsys, "people", "add", "王建国", "wang@gov.cn", "--leader")
    out = tmp_path / "w.html"
    export(capsys, out)
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    out = tmp_path / "w.xlsx"
    export(capsys, out)
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(out).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert any(hostile in v for v in values)
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row if c.value)


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None,
                    reason="chromium is not installed (apt-get install chromium)")
def test_html_prints_one_a4_landscape_page_per_week(office, capsys, tmp_path, monkeypatch):
    import subprocess

    monkeypatch.setenv("LEANMEET_LANGUAGE", "zh_CN")
    page = office / "weeks.html"
    code, _, err = cli(capsys, "export", str(page), "--format", "leaders", "--from",
                       "2026-11-30", "--to", "2026-12-13")
    assert code == 0, err
    pdf = tmp_path / "weeks.pdf"
    done = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chrome'}",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and pdf.is_file(), done.stderr[-2000:]
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page[^s]", data)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(pages) == 2  # two weeks, two pages
    assert boxes and all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in boxes)
