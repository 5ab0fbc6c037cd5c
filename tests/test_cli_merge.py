"""suggest / merge / unmerge / dismiss through the real command line and database."""

from __future__ import annotations

import json

import pytest

from leanmeet.cli.main import main
from tests.ics import SHANGHAI, calendar, event

PEOPLE = [("wang@gov.cn", "王建国"), ("li@gov.cn", "李明"), ("zhao@gov.cn", "赵磊"),
          ("sun@gov.cn", "孙丽"), ("zhou@gov.cn", "周涛")]


def att(*emails: str) -> list[str]:
    names = dict(PEOPLE)
    return [f"ATTENDEE;CN={names[e]}:mailto:{e}" for e in emails]


def meeting(uid: str, start: str, end: str, summary: str, *extra: str) -> str:
    return event(uid, f"DTSTART;TZID=Asia/Shanghai:{start}", f"DTEND;TZID=Asia/Shanghai:{end}",
                 f"SUMMARY:{summary}", *extra)


FEED = calendar(
    meeting("safety-a", "20261201T090000", "20261201T103000", "全市冬季安全生产工作会议",
            "LOCATION:市政府三楼会议室", "DESCRIPTION:主讲：王建国",
            *att("wang@gov.cn", "li@gov.cn", "zhao@gov.cn", "sun@gov.cn")),
    meeting("safety-b", "20261201T100000", "20261201T113000", "住建系统冬季安全生产专题会",
            *att("wang@gov.cn", "li@gov.cn", "zhao@gov.cn")),
    meeting("other", "20261201T090000", "20261201T100000", "Tourism season planning",
            *att("zhou@gov.cn")),
    zones=SHANGHAI,
)
WINDOW = ["--from", "2026-11-30", "--to", "2026-12-06"]


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def feed(tmp_path, capsys):
    path = tmp_path / "dept.ics"
    path.write_text(FEED, encoding="utf-8")
    assert cli(capsys, "import", str(path))[0] == 0
    return path


def suggestions(capsys) -> list[dict]:
    code, out, _ = cli(capsys, "suggest", *WINDOW, "--json")
    assert code == 0
    return json.loads(out)["suggestions"]


def listed(capsys, *extra: str) -> list[dict]:
    return json.loads(cli(capsys, "list", *WINDOW, "--json", *extra)[1])["events"]


def test_suggest_json_shape_and_stable_id(feed, capsys):
    [s] = suggestions(capsys)
    assert list(s) == ["id", "score", "members", "reasons", "proposal"]
    assert {m["uid"] for m in s["members"]} == {"safety-a", "safety-b"}
    assert list(s["members"][0]) == ["uid", "recurrence_id", "start", "summary"]
    assert set(s["reasons"]) == {"time", "attendees", "content"}
    assert all(v is None or 0 <= v <= 1 for v in s["reasons"].values())
    assert 0 < s["score"] <= 1
    p = s["proposal"]
    assert p["start"] == "2026-12-01T09:00:00+08:00"
    assert p["end"] <= "2026-12-01T13:00:00+08:00"  # within the half-day limit
    assert set(p["attendees"]) == {"wang@gov.cn", "li@gov.cn", "zhao@gov.cn", "sun@gov.cn"}
    assert suggestions(capsys)[0]["id"] == s["id"]  # same members, same id


def test_readable_suggest_names_reasons(feed, capsys):
    code, out, _ = cli(capsys, "suggest", *WINDOW)
    assert "attendees in common" in out and "安全生产" in out
    assert "leanmeet merge m-" in out


def test_merge_hides_originals_unmerge_restores(feed, capsys):
    [s] = suggestions(capsys)
    code, out, _ = cli(capsys, "merge", s["id"])
    assert code == 0 and s["id"] in out
    events = listed(capsys)
    uids = {e["uid"] for e in events}
    assert "safety-a" not in uids and "safety-b" not in uids and "other" in uids
    merged = [e for e in events if e["feed"] == "leanmeet-merged"]
    assert len(merged) == 1 and merged[0]["summary"].startswith("合并：")
    assert {a["email"] for a in merged[0]["attendees"]} >= {"wang@gov.cn", "sun@gov.cn"}
    assert {e["uid"] for e in listed(capsys, "--all")} >= {"safety-a", "safety-b"}
    assert suggestions(capsys) == []  # merged events are not suggested again
    code, out, _ = cli(capsys, "check", *WINDOW, "--json")
    # the double booking of the originals is gone with them
    assert "double-booking" not in {f["rule"] for f in json.loads(out)["findings"]}
    assert cli(capsys, "unmerge", s["id"])[0] == 0
    uids = {e["uid"] for e in listed(capsys)}
    assert {"safety-a", "safety-b"} <= uids
    assert not any(e["feed"] == "leanmeet-merged" for e in listed(capsys))
    assert [x["id"] for x in suggestions(capsys)] == [s["id"]]


def test_findings_apply_to_the_merged_meeting(feed, capsys, tmp_path):
    [s] = suggestions(capsys)
    cli(capsys, "merge", s["id"])
    code, out, _ = cli(capsys, "check", *WINDOW, "--json")
    merged_findings = [f for f in json.loads(out)["findings"]
                       if f["uid"] and f["uid"].endswith("@merged.leanmeet")]
    # the merged meeting keeps one keynote speaker: no single-keynote finding
    assert "single-keynote" not in {f["rule"] for f in merged_findings}


def test_dismiss_persists(feed, capsys):
    [s] = suggestions(capsys)
    assert cli(capsys, "dismiss", s["id"])[0] == 0
    assert suggestions(capsys) == []
    code, out, _ = cli(capsys, "decisions", "--json")
    [d] = json.loads(out)["decisions"]
    assert d["type"] == "merge-dismissed" and d["uid"] == s["id"]
    assert {m["uid"] for m in d["members"]} == {"safety-a", "safety-b"}


def test_unknown_suggestion_is_a_usage_error(feed, capsys):
    code, _, err = cli(capsys, "merge", "m-0000000000")
    assert code == 2 and "unknown suggestion" in err
    code, _, err = cli(capsys, "unmerge", "m-0000000000")
    assert code == 2
