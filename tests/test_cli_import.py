"""`leanmeet import`, `list` and `people` through the real command line."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler

import pytest

from leanmeet.cli.main import main
from tests.conftest import run_cli
from tests.ics import SHANGHAI, calendar, event
from tests.quiet_http import QuietHTTPServer

GOOD = calendar(
    event("a@x", "DTSTART;TZID=Asia/Shanghai:20261130T090000",
          "DTEND;TZID=Asia/Shanghai:20261130T103000", "SUMMARY:全市安全生产工作会议",
          "LOCATION:市政府三楼会议室", "ORGANIZER;CN=王建国:mailto:Wang@Gov.CN",
          "ATTENDEE;CN=李明;ROLE=REQ-PARTICIPANT:mailto:li.ming@gov.cn",
          "ATTENDEE;CN=Zhang Wei;ROLE=X-KEYNOTE:mailto:zhang@gov.cn"),
    event("b@x", "DTSTART:20261201T060000Z", "DURATION:PT1H", "SUMMARY:Budget review"),
    event("c@x", "DTSTART;VALUE=DATE:20261202", "SUMMARY:Inspection day"),
    zones=SHANGHAI,
)
BROKEN = calendar(
    event("ok@x", "DTSTART:20261130T010000Z", "SUMMARY:fine"),
    event("bad@x", "DTSTART:20261399T010000Z", "SUMMARY:broken"),
)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_import_then_list_json_exactly_as_spec(tmp_path, capsys):
    f = write(tmp_path, "dept.ics", GOOD)
    code, out, err = cli(capsys, "import", str(f))
    assert code == 0, err
    assert out.strip() == "dept: 3 added, 0 updated, 0 unchanged, 0 removed, 0 skipped"
    code, out, _ = cli(capsys, "list", "--from", "2026-11-30", "--to", "2026-12-06", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["events"]
    first, second, third = data["events"]
    assert list(first) == ["uid", "recurrence_id", "start", "end", "all_day", "summary",
                           "location", "status", "kind", "kind_reason", "feed", "organizer",
                           "attendees"]
    assert first == {
        "uid": "a@x", "recurrence_id": None, "start": "2026-11-30T09:00:00+08:00",
        "end": "2026-11-30T10:30:00+08:00", "all_day": False, "summary": "全市安全生产工作会议",
        "location": "市政府三楼会议室", "status": "CONFIRMED", "kind": "meeting",
        "kind_reason": "meeting: title ends in 会议 — §3 meeting time", "feed": "dept",
        "organizer": "wang@gov.cn",
        "attendees": [{"email": "li.ming@gov.cn", "name": "李明", "role": "REQ-PARTICIPANT"},
                      {"email": "zhang@gov.cn", "name": "Zhang Wei", "role": "X-KEYNOTE"}],
    }
    assert second["start"] == "2026-12-01T14:00:00+08:00"
    assert third["all_day"] is True and third["start"] == "2026-12-02"
    assert third["end"] == "2026-12-03"


def test_list_window_and_readable_output(tmp_path, capsys):
    cli(capsys, "import", str(write(tmp_path, "dept.ics", GOOD)))
    code, out, _ = cli(capsys, "list", "--from", "2026-12-01", "--to", "2026-12-01")
    assert code == 0
    assert out.splitlines() == [
        "Times in Asia/Shanghai (this machine's zone; set timezone = \"Asia/Shanghai\" in the "
        "rulebook for the office's)",
        "2026-12-01 Tue 14:00–15:00  Budget review"]
    # default window: the week from today (frozen at 2026-11-29)
    code, out, _ = cli(capsys, "list")
    assert len(out.splitlines()) == 1 + 3


def test_broken_event_partial_import_exit_1_with_file_and_line(tmp_path, capsys):
    f = write(tmp_path, "b.ics", BROKEN)
    code, out, err = cli(capsys, "import", str(f))
    assert code == 1
    assert f"{f}:13: skipped: invalid DTSTART" in err
    assert "1 added, 0 updated, 0 unchanged, 0 removed, 1 skipped" in out


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "HTML page"),
    (GOOD[:-40].encode(), "truncated"),
    (b"\x00\x01\x02\xff\xfe" * 50, "not"),
    (b"", "empty"),
])
def test_not_a_calendar_exit_2_one_line_nothing_changed(tmp_path, capsys, db_file, content,
                                                         message):
    cli(capsys, "import", str(write(tmp_path, "dept.ics", GOOD)))
    before = db_file.read_bytes()
    path = tmp_path / "feed.ics"
    if content is not None:
        path.write_bytes(content)
    code, out, err = cli(capsys, "import", str(path), "--feed", "dept")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "Traceback" not in err
    assert db_file.read_bytes() == before


def test_folder_import_each_file_its_own_feed(tmp_path, capsys):
    folder = tmp_path / "feeds"
    folder.mkdir()
    write(folder, "one.ics", GOOD)
    write(folder, "two.ics", BROKEN)
    write(folder, "notes.txt", "not a calendar")
    code, out, _ = cli(capsys, "import", str(folder))
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()] == ["one", "two"]


def test_encodings_bom_gbk_latin1(tmp_path, capsys):
    zh = calendar(event("g", "DTSTART:20261130T010000Z", "SUMMARY:全市防汛抗旱工作会议",
                        "LOCATION:市应急管理局"))
    write(tmp_path, "gbk.ics", zh.encode("gbk"))
    write(tmp_path, "bom.ics", b"\xef\xbb\xbf" + zh.replace("uid", "x").replace(
        "UID:g", "UID:h").encode("utf-8"))
    latin = calendar(event("l", "DTSTART:20261130T020000Z",
                           "SUMMARY:Besprechung in München à l'école"))
    write(tmp_path, "latin.ics", latin.encode("latin-1"))
    for name in ("gbk.ics", "bom.ics", "latin.ics"):
        assert cli(capsys, "import", str(tmp_path / name))[0] == 0
    code, out, _ = cli(capsys, "list", "--from", "2026-11-30", "--to", "2026-11-30", "--json")
    summaries = sorted(e["summary"] for e in json.loads(out)["events"])
    assert summaries == ["Besprechung in München à l'école", "全市防汛抗旱工作会议",
                         "全市防汛抗旱工作会议"]


def test_stdin_import_through_the_real_command(tmp_path, db_file):
    result = run_cli("--db", str(db_file), "import", "-", "--feed", "piped",
                     stdin=GOOD.encode())
    assert result.returncode == 0, result.stderr
    assert b"piped: 3 added" in result.stdout
    listed = run_cli("--db", str(db_file), "list", "--from", "2026-11-30", "--json")
    assert len(json.loads(listed.stdout)["events"]) == 3


@pytest.fixture
def http_feed(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    (root / "leaders.ics").write_text(GOOD, encoding="utf-8")
    (root / "error.ics").write_text("<html><body>Service Unavailable</body></html>")
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    server = QuietHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_http_and_webcal_urls_from_a_local_server(http_feed, capsys):
    code, out, err = cli(capsys, "import", f"http://{http_feed}/leaders.ics")
    assert code == 0, err
    assert out.startswith("leaders: 3 added")
    # webcal:// tries https first; this plain-http server answers on http
    code, out, err = cli(capsys, "import", f"webcal://{http_feed}/leaders.ics")
    assert code == 0, err
    assert "3 unchanged" in out


def test_url_errors_exit_2(http_feed, capsys):
    code, _, err = cli(capsys, "import", f"http://{http_feed}/missing.ics")
    assert code == 2 and "HTTP 404" in err
    code, _, err = cli(capsys, "import", f"http://{http_feed}/error.ics")
    assert code == 2 and "HTML page" in err


def test_people_import_add_list(tmp_path, capsys):
    roster = write(tmp_path, "roster.csv",
                   "name,email,role,title,department\n"
                   "王建国,Wang.JianGuo@Tianshui.gov.cn,leader,市长,市政府\n"
                   "Li Ming,li.ming@tianshui.gov.cn,staff,Clerk,Office\n"
                   "Broken,not-an-email,staff,,\n")
    code, out, err = cli(capsys, "people", "import", str(roster))
    assert code == 1 and "roster.csv:4" in err
    assert "2 added" in out
    assert cli(capsys, "people", "add", "Zhao Lei", "zhao@tianshui.gov.cn", "--leader")[0] == 0
    code, out, _ = cli(capsys, "people", "list", "--json")
    people = json.loads(out)["people"]
    assert [(p["name"], p["email"], p["role"]) for p in people] == [
        ("Zhao Lei", "zhao@tianshui.gov.cn", "leader"),
        ("王建国", "wang.jianguo@tianshui.gov.cn", "leader"),
        ("Li Ming", "li.ming@tianshui.gov.cn", "staff"),
    ]
    code, out, _ = cli(capsys, "people", "list")
    assert "leader  王建国 <wang.jianguo@tianshui.gov.cn>  市长, 市政府" in out


def test_roster_with_wrong_header_is_refused(tmp_path, capsys):
    bad = write(tmp_path, "r.csv", "name,mail\nx,y\n")
    code, _, err = cli(capsys, "people", "import", str(bad))
    assert code == 2 and "header" in err


def test_usage_errors_are_one_line_exit_2(capsys):
    code, _, err = cli(capsys, "list", "--from", "yesterday")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = cli(capsys, "frobnicate")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_db_option_and_env_override(tmp_path, capsys, monkeypatch):
    f = write(tmp_path, "dept.ics", GOOD)
    other = tmp_path / "other.json"
    cli(capsys, "--db", str(other), "import", str(f))
    assert other.exists()
    env_db = tmp_path / "env.json"
    monkeypatch.setenv("LEANMEET_DB", str(env_db))
    cli(capsys, "import", str(f))
    assert env_db.exists()


def test_corrupt_database_is_refused_not_overwritten(tmp_path, capsys, db_file):
    db_file.write_bytes(b'{"events": {"1": {"k": ')
    code, _, err = cli(capsys, "import", str(write(tmp_path, "dept.ics", GOOD)))
    assert code == 2 and str(db_file) in err and "Traceback" not in err
    assert db_file.read_bytes() == b'{"events": {"1": {"k": '
