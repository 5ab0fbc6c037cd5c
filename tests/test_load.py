"""Issue 15: the meeting load — per week and per leader, research days against the 70-day
pace, and what accepted merges saved (meetings, person-hours from the originals' attendees
and lengths) — through `leanmeet stats --json` on a real database, figures computed by hand."""

from __future__ import annotations

import json
import re

import pytest

from tests.ics import SHANGHAI, calendar, event
from leanmeet.cli.main import main

WINDOW = ["--from", "2026-11-30", "--to", "2026-12-13"]
TEAM = [("wang@gov.cn", "王建国"), ("li@gov.cn", "李明"), ("zhao@gov.cn", "赵磊")]


def att(people) -> list[str]:
    return [f"ATTENDEE;CN={n}:mailto:{e}" for e, n in people]


def timed(uid, day, start, end, summary, *extra):
    return event(uid, f"DTSTART;TZID=Asia/Shanghai:{day}T{start}00",
                 f"DTEND;TZID=Asia/Shanghai:{day}T{end}00", f"SUMMARY:{summary}", *extra)


FEED = calendar(
    # two 3-hour meetings of the same three people on the same subject: merged into one of
    # the half-day limit, 4 hours
    timed("a", "20261201", "0900", "1200", "全市冬季安全生产工作会议", *att(TEAM)),
    timed("b", "20261201", "0930", "1230", "住建系统冬季安全生产专题会", *att(TEAM)),
    # week 50: a 1-hour meeting of 王建国 and a 5-hour one (over half a day) of 李明 and 赵磊
    timed("c", "20261208", "1500", "1600", "财政预算审核", *att(TEAM[:1])),
    timed("d", "20261209", "0900", "1400", "规划编制讨论", *att(TEAM[1:])),
    # 李明's research: two days done before "today" (2026-11-29), one planned
    event("r1", "DTSTART;VALUE=DATE:20261110", "DTEND;VALUE=DATE:20261112",
          "SUMMARY:赴县区调研", *att(TEAM[1:2])),
    event("r2", "DTSTART;VALUE=DATE:20261210", "DTEND;VALUE=DATE:20261211",
          "SUMMARY:基层调研走访", *att(TEAM[1:2])),
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
    for email, name in TEAM[:2]:
        assert cli(capsys, "people", "add", name, email, "--leader")[0] == 0
    return tmp_path


def stats(capsys) -> dict:
    code, out, err = cli(capsys, "stats", *WINDOW, "--json")
    assert code == 0, err
    return json.loads(out)


def test_an_accepted_merge_saves_a_meeting_and_person_hours(office, capsys):
    before = stats(capsys)
    assert before["merges"] == {"count": 0, "meetings_saved": 0, "person_hours_saved": 0,
                                "each": []}
    assert before["weeks"][0]["meetings"] == 2 and before["weeks"][0]["hours"] == 6.0
    code, out, _ = cli(capsys, "suggest", *WINDOW, "--json")
    (s,) = json.loads(out)["suggestions"]
    assert cli(capsys, "merge", s["id"])[0] == 0
    after = stats(capsys)
    # by hand: originals 3 people × 3 h + 3 people × 3 h = 18 person-hours; the merged
    # meeting 3 people × 4 h (the half-day limit) = 12; saved 6 person-hours and 1 meeting
    (m,) = after["merges"]["each"]
    assert m["originals"] == 2 and m["meetings_saved"] == 1
    assert (m["person_hours_before"], m["person_hours_after"]) == (18.0, 12.0)
    assert m["person_hours_saved"] == 6.0
    assert after["merges"]["meetings_saved"] == 1 and after["merges"]["person_hours_saved"] == 6
    # the week now holds one 4-hour meeting instead of two 3-hour ones
    assert after["weeks"][0]["meetings"] == 1 and after["weeks"][0]["hours"] == 4.0


def test_weekly_and_leader_figures(office, capsys):
    data = stats(capsys)
    w49, w50 = data["weeks"]
    assert (w49["week"], w50["week"]) == ("2026-W49", "2026-W50")
    # week 50: 1 h + 5 h = 6 h in 2 meetings, average 180 min, one of two over half a day
    assert (w50["meetings"], w50["hours"], w50["average_minutes"]) == (2, 6.0, 180.0)
    assert (w50["over_half_day"], w50["share_over_half_day"]) == (1, 0.5)
    assert data["total"]["meetings"] == 4 and data["total"]["hours"] == 12.0
    leaders = {x["email"]: x for x in data["leaders"]}
    assert set(leaders) == {"wang@gov.cn", "li@gov.cn"}  # 赵磊 is not on the roster
    wang, li = leaders["wang@gov.cn"], leaders["li@gov.cn"]
    assert (wang["meetings"], wang["hours"]) == (3, 7.0)
    assert (li["meetings"], li["hours"], li["over_half_day"]) == (3, 11.0, 1)
    # research: 李明 2 days so far (10 and 11 November), 1 planned; "today" is 29 November,
    # day 333 of 365: 70 × 333 / 365 = 63.9 expected by now
    assert (li["research_days"], li["research_planned"]) == (2, 1)
    assert li["research_expected"] == 63.9 and li["research_minimum"] == 70
    assert wang["research_days"] == 0
    code, out, _ = cli(capsys, "stats", *WINDOW)
    assert "2026-W50" in out and "behind" in out and "accepted merges: 0" in out


def test_the_html_report_has_the_load_as_svg_charts(office, capsys):
    from html.parser import HTMLParser

    out = office / "plan.html"
    code, _, err = cli(capsys, "export", str(out), *WINDOW)
    assert code == 0, err
    html = out.read_text(encoding="utf-8")

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

    parsed = Tags()
    parsed.feed(html)
    tags = [t for t, _ in parsed.tags]
    assert '<section id="load">' in html and tags.count("svg") == 4
    assert "script" not in tags and "image" not in tags and "use" not in tags
    assert not any("href" in a for t, a in parsed.tags if t != "a")
    # the weekly chart: one bar per week and series, heights in proportion (2 and 2 of 2)
    section = html.split('<section id="load">', 1)[1].split("</section>", 1)[0]
    assert "W49" in section and "W50" in section and "李明" in section
    assert "Accepted merges saved 0 meetings" in section
    weeks = re.findall(r"<tr><td>(2026-\d\d-\d\d) \(W\d\d\)</td><td class=\"num\">(\d+)</td>",
                       section)
    assert weeks == [("2026-11-30", "2"), ("2026-12-07", "2")]


def test_the_leaders_columns_line_up_in_terminal_cells(office, capsys):
    """Chinese names take two cells a character: the figures after them start in one column
    whatever the names' script (a name padded by characters would push them right)."""
    assert cli(capsys, "people", "add", "Zhao Lei", "zhao@gov.cn", "--leader")[0] == 0
    code, out, _ = cli(capsys, "stats", *WINDOW)
    assert code == 0
    from leanmeet.cli.common import cells

    rows = [line for line in out.splitlines()
            if line.startswith(("王建国", "李明", "Zhao Lei"))]
    assert len(rows) == 3
    # the cell where each row's meetings count ends
    ends = set()
    for row in rows:
        name_end = len(row) - len(row.split("  ", 1)[1]) if "  " in row else 0
        figures = row[name_end:]
        first = re.search(r"\d+", figures)
        ends.add(cells(row[:name_end + first.end()]))
    assert len(ends) == 1, rows


def test_cells_counts_wide_characters_twice():
    from leanmeet.cli.common import cells, pad

    assert cells("王建国") == 6 and cells("Zhao Lei") == 8 and cells("ｅ") == 2
    assert cells("e\u0301") == 1
    assert pad("李明", 8) == "李明    " and pad("too long a name", 4) == "too long a name"


def test_chart_labels_too_wide_for_their_bars_are_slanted_and_the_legend_spaced_by_width():
    """Ten leaders' names under a 560 px chart: upright they would run into each other, so
    they are slanted (cut to the room, whole in their title) and the chart grows to hold
    them; the legend's Chinese names are spaced by their width (an em a character)."""
    from leanmeet.storage.export.charts import bar_chart

    names = ["王建国", "李明", "刘晓燕副市长兼秘书长", "Wang Jianguo", "Zhang Wei", "陈卫东",
             "Li Na", "孙立", "Hu Xiaoming", "赵磊"]
    svg = bar_chart("会议时长", names, [("会议小时", [1.0] * 10), ("调研天数", [2.0] * 10)])
    height = int(re.search(r'height="(\d+)"', svg).group(1))
    assert svg.count("rotate(-35") == 10 and height > 230
    assert "<title>刘晓燕副市长兼秘书长</title>" in svg and "刘晓燕副市长兼…" in svg
    legend = [float(x) for x in re.findall(r'<rect x="([\d.]+)" y="\d+" width="10"', svg)]
    assert legend[1] - legend[0] >= 14 + 4 * 11  # four CJK characters at 11 px
    upright = bar_chart("Weekly", ["2026-W49", "2026-W50"], [("meetings", [3.0, 4.0])])
    assert "rotate(" not in upright and 'height="230"' in upright
