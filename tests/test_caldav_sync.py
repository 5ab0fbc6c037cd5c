"""leanmeet sync against a real Radicale: two schedulers share merges and decisions through
it; pulls are incremental (counted on the wire); pushes never overwrite someone else's copy
silently and resume without duplicates."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
import uuid

import pytest

from leanmeet.cli.main import main
from leanmeet.storage.caldav import shared
from leanmeet.storage.caldav_sync import (
    Server,
    canonical_hash,
    normalize_href,
    object_name,
    object_uid,
    pull,
    split_objects,
)
from leanmeet.storage.repository import Repository
from tests.ics import SHANGHAI, calendar, event
from tests.radicale_server import CountingProxy, serve
from tests.test_caldav_repository import MASTER, MOVED
from tests.xandikos_server import serve as serve_xandikos

LEADER = ("wang@gov.cn", "王建国")
PEOPLE = [LEADER, ("li@gov.cn", "李明"), ("zhao@gov.cn", "赵磊"), ("zhou@gov.cn", "周涛")]
WINDOW = ["--from", "2026-11-30", "--to", "2026-12-06"]


def att(*emails: str) -> list[str]:
    names = dict(PEOPLE)
    return [f"ATTENDEE;CN={names[e]}:mailto:{e}" for e in emails]


def meeting(uid: str, start: str, end: str, summary: str, *extra: str) -> str:
    return event(uid, f"DTSTART;TZID=Asia/Shanghai:{start}", f"DTEND;TZID=Asia/Shanghai:{end}",
                 f"SUMMARY:{summary}", *extra)


FEED = calendar(
    meeting("safety-a", "20261201T090000", "20261201T103000", "全市冬季安全生产工作会议",
            "LOCATION:市政府三楼会议室", "DESCRIPTION:主讲：王建国",
            *att("wang@gov.cn", "li@gov.cn", "zhao@gov.cn")),
    meeting("safety-b", "20261201T100000", "20261201T113000", "住建系统冬季安全生产专题会",
            *att("wang@gov.cn", "li@gov.cn", "zhao@gov.cn")),
    meeting("tourism", "20261202T090000", "20261202T100000", "Tourism season planning",
            *att("zhou@gov.cn")),
    zones=SHANGHAI,
)


@pytest.fixture(scope="module", params=["radicale", "xandikos"])
def radicale(request, tmp_path_factory):
    """A real CalDAV server: every test here runs against Radicale and against Xandikos."""
    if request.param == "radicale":
        yield from serve(tmp_path_factory)
    else:
        yield from serve_xandikos(tmp_path_factory)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def home(server, name: str | None = None) -> str:
    """A fresh collection on the shared Radicale for one test (its calendars go inside)."""
    name = name or f"t{uuid.uuid4().hex[:10]}"
    request = urllib.request.Request(f"{server.url}{name}/", method="MKCOL")
    urllib.request.urlopen(request, timeout=10).close()
    return f"{server.url}{name}/"


def put(url: str, text: str) -> None:
    request = urllib.request.Request(url, data=text.encode("utf-8"), method="PUT",
                                     headers={"Content-Type": "text/calendar; charset=utf-8"})
    urllib.request.urlopen(request, timeout=10).close()


def delete(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=10).close()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def server_objects(calendar_url: str) -> dict[str, str]:
    """href -> text of every object in a server calendar (PROPFIND, then a GET each)."""
    body = b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop>' \
           b'</d:propfind>'
    request = urllib.request.Request(calendar_url, data=body, method="PROPFIND",
                                     headers={"Depth": "1", "Content-Type": "application/xml"})
    with urllib.request.urlopen(request, timeout=10) as response:
        listing = response.read().decode("utf-8")
    base = urllib.parse.urlsplit(calendar_url).path
    hrefs = [urllib.parse.unquote(h) for h in re.findall(r"<(?:\w+:)?href>([^<]+)</", listing)]
    root = calendar_url.split("/", 3)[:3]
    return {h: get("/".join(root) + urllib.parse.quote(h)) for h in hrefs
            if h.rstrip("/") != base.rstrip("/") and not h.endswith("/")}


def server_uids(calendar_url: str) -> list[str]:
    """The UIDs of the VEVENTs stored in a server calendar (the shared decisions, VJOURNALs,
    left out)."""
    uids = set()
    for text in server_objects(calendar_url).values():
        uid = object_uid(text)
        if uid and "BEGIN:VEVENT" in text:
            uids.add(uid)
    return sorted(uids)


def server_decisions(calendar_url: str) -> list[dict]:
    """The shared decisions on the server (tombstones left out)."""
    out = []
    for text in server_objects(calendar_url).values():
        if "BEGIN:VJOURNAL" in text:
            _, version = shared.decode(text)
            if not version.get("removed"):
                out.append(version)
    return out


def merge_first_suggestion(capsys, db: str) -> str:
    code, out, _ = cli(capsys, "--db", db, "suggest", *WINDOW, "--json")
    assert code == 0
    sid = json.loads(out)["suggestions"][0]["id"]
    assert cli(capsys, "--db", db, "merge", sid)[0] == 0
    return sid


def listed(capsys, db: str, *extra: str) -> list[dict]:
    code, out, _ = cli(capsys, "--db", db, "list", *WINDOW, "--json", *extra)
    assert code == 0
    return json.loads(out)["events"]


def decisions(capsys, db: str) -> list[dict]:
    return json.loads(cli(capsys, "--db", db, "decisions", "--json")[1])["decisions"]


@pytest.fixture
def scheduler_a(tmp_path, capsys):
    db = str(tmp_path / "a.json")
    feed = tmp_path / "dept.ics"
    feed.write_text(FEED, encoding="utf-8")
    assert cli(capsys, "--db", db, "import", str(feed))[0] == 0
    return db


# ------------------------------------------------------------------ two schedulers
def test_two_schedulers_see_each_others_merges_and_decisions(radicale, scheduler_a, tmp_path,
                                                             capsys):
    url = home(radicale)
    a, b = scheduler_a, str(tmp_path / "b.json")
    sid = merge_first_suggestion(capsys, a)
    assert cli(capsys, "--db", a, "arrange", "tourism", "--ref", "办发〔2026〕7号")[0] == 0

    code, out, err = cli(capsys, "--db", a, "sync", url, "--calendar", "office")
    assert (code, err) == (0, "")
    assert "made calendar 'office'" in out
    assert "pushed to office" in out and "2 added" in out  # merged meeting + tourism
    office = url + "office/"
    merged_uid = f"{sid}@merged.leanmeet"
    assert server_uids(office) == sorted([merged_uid, "tourism"])  # originals left out

    # B pulls: the merged meeting, not the originals, and A's decisions
    code, out, err = cli(capsys, "--db", b, "sync", url, "--calendar", "office")
    assert code == 0, err
    assert "caldav:office: 2 added" in out
    assert "0 added, 0 updated, 0 deleted, 2 unchanged, 0 conflicts" in out  # no churn
    uids = {e["uid"] for e in listed(capsys, b)}
    assert uids == {merged_uid, "tourism"}
    got = {(d["type"], d["uid"]): d for d in decisions(capsys, b)}
    assert got[("merge-accepted", sid)]["members"] == [
        {"uid": "safety-a", "recurrence_id": None}, {"uid": "safety-b", "recurrence_id": None}]
    assert got[("arrangement", "tourism")]["text"] == "办发〔2026〕7号"

    # B exempts the merged meeting and pushes; A pulls and sees it
    assert cli(capsys, "--db", b, "exempt", merged_uid, "--rule", "single-keynote",
               "--reason", "two speakers by the mayor's request")[0] == 0
    code, out, _ = cli(capsys, "--db", b, "sync", url, "--calendar", "office")
    assert code == 0 and "0 added, 0 updated" in out and "1 decisions shared" in out
    code, out, _ = cli(capsys, "--db", a, "sync", url, "--calendar", "office")
    assert code == 0 and "(1 downloaded, 1 decisions taken)" in out
    exemptions = [d for d in decisions(capsys, a) if d["type"] == "exemption"]
    assert [(d["uid"], d["rule"], d["text"]) for d in exemptions] == [
        (merged_uid, "single-keynote", "two speakers by the mayor's request")]
    # A's own plan still shows the merge, and the originals stay superseded
    assert {e["uid"] for e in listed(capsys, a)} == {merged_uid, "tourism"}

    # settled: another round downloads and writes nothing
    for db in (a, b):
        code, out, _ = cli(capsys, "--db", db, "sync", url, "--calendar", "office")
        assert code == 0
        assert "(0 downloaded)" in out and "0 added, 0 updated, 0 deleted" in out


def test_push_removes_superseded_originals_and_restores_them_on_unmerge(
        radicale, scheduler_a, capsys):
    url = home(radicale)
    a = scheduler_a
    assert cli(capsys, "--db", a, "sync", url, "--calendar", "office", "--push")[0] == 0
    office = url + "office/"
    assert server_uids(office) == ["safety-a", "safety-b", "tourism"]
    sid = merge_first_suggestion(capsys, a)
    code, out, _ = cli(capsys, "--db", a, "sync", url, "--calendar", "office", "--push")
    assert code == 0 and "1 added, 0 updated, 2 deleted" in out
    assert server_uids(office) == sorted([f"{sid}@merged.leanmeet", "tourism"])
    assert cli(capsys, "--db", a, "unmerge", sid)[0] == 0
    code, out, err = cli(capsys, "--db", a, "sync", url, "--calendar", "office", "--push")
    assert code == 0, err
    assert "2 added, 0 updated, 1 deleted" in out
    assert server_uids(office) == ["safety-a", "safety-b", "tourism"]


def test_blocked_leader_is_left_out_of_the_pushed_event(radicale, tmp_path, capsys):
    db = str(tmp_path / "a.json")
    feed = tmp_path / "events.ics"
    feed.write_text(calendar(
        meeting("expo", "20261203T090000", "20261203T110000", "Regional tea expo opening",
                *att("wang@gov.cn", "li@gov.cn")), zones=SHANGHAI), encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,role,title,department\n王建国,wang@gov.cn,leader,Mayor,Gov\n"
                      "李明,li@gov.cn,staff,Clerk,Gov\n", encoding="utf-8")
    assert cli(capsys, "--db", db, "import", str(feed))[0] == 0
    assert cli(capsys, "--db", db, "people", "import", str(roster))[0] == 0
    url = home(radicale)
    assert cli(capsys, "--db", db, "sync", url, "--calendar", "office")[0] == 0
    text = get(url + "office/" + object_name("expo")).replace("\r\n ", "").replace("\n ", "")
    attendees = [line for line in text.splitlines() if line.startswith("ATTENDEE")]
    assert len(attendees) == 1 and "li@gov.cn" in attendees[0]  # the leader is left out
    assert "Left out of the attendees" in text


# ------------------------------------------------------------------ incremental pull
def objects(n: int, prefix: str) -> dict[str, str]:
    return {f"{prefix}-{i}": calendar(meeting(
        f"{prefix}-{i}", f"202612{1 + i % 28:02d}T090000", f"202612{1 + i % 28:02d}T100000",
        f"Meeting {i}", *att("li@gov.cn")), zones=SHANGHAI) for i in range(n)}


@pytest.mark.parametrize("use_sync_token", [True, False], ids=["sync-token", "etags"])
def test_pull_is_incremental_on_the_wire(radicale, tmp_path, use_sync_token):
    url = home(radicale)
    office = url + "office/"
    urllib.request.urlopen(urllib.request.Request(office, method="MKCALENDAR"),
                           timeout=10).close()
    for uid, text in objects(30, "inc").items():
        put(office + object_name(uid), text)
    repo = Repository(tmp_path / "db.json")
    with CountingProxy(radicale.port) as proxy:
        proxied = proxy.url + url.split("/", 3)[3]
        first = pull(Server(proxied), repo, use_sync_token=use_sync_token)
        assert [(r.feed, r.imported.added, r.downloaded) for r in first] == [
            ("caldav:office", 30, 30)]
        assert proxy.bodies == 30

        proxy.reset()
        before = repo.path.read_bytes()
        again = pull(Server(proxied), repo, use_sync_token=use_sync_token)
        assert again[0].downloaded == 0
        assert proxy.bodies == 0  # not one event body went over the wire
        assert proxy.methods["GET"] == 0 and proxy.requests <= 3, proxy._server.log
        assert repo.path.read_bytes() == before  # nothing changed, nothing written

        # one object changed, one deleted, one added on the server (by another client)
        put(office + object_name("inc-3"), objects(30, "inc")["inc-3"].replace(
            "SUMMARY:Meeting 3", "SUMMARY:Meeting 3 (moved to room 2)"))
        delete(office + object_name("inc-4"))
        put(office + "new.ics", calendar(meeting("inc-new", "20261205T140000",
                                                 "20261205T150000", "New one"), zones=SHANGHAI))
        proxy.reset()
        third = pull(Server(proxied), repo, use_sync_token=use_sync_token)
        r = third[0]
        assert (r.imported.added, r.imported.updated, r.deleted, r.downloaded) == (1, 1, 1, 2)
        assert proxy.bodies == 2
    with repo.db.read() as db:
        events = {d["uid"]: d for d in db.table("events").all()}
    assert "inc-4" not in events and "inc-new" in events
    assert events["inc-3"]["sum"] == "Meeting 3 (moved to room 2)"



def odd(uid: str, start: str, summary: str) -> str:
    return calendar(meeting(uid, f"20261201T{start}", f"20261201T{start[:2]}5900", summary),
                    zones=SHANGHAI)


def test_objects_named_by_other_clients_with_spaces_chinese_and_percent(radicale, tmp_path):
    """Other clients name objects as they like; the library's listings, downloads, writes
    and deletes reach them by the names the server gave."""
    office = home(radicale) + "office/"
    urllib.request.urlopen(urllib.request.Request(office, method="MKCALENDAR"),
                           timeout=10).close()
    names = {"a b.ics": "odd-1", "会议.ics": "odd-2", "x@y.ics": "odd-3", "p%q.ics": "odd-4"}
    for name, uid in names.items():
        put(office + urllib.parse.quote(name), odd(uid, "090000", f"Topic {uid}"))
    repo = Repository(tmp_path / "db.json")
    first = pull(Server(office), repo)[0]
    assert (first.imported.added, first.downloaded) == (4, 4)
    # another client changes one and deletes another
    put(office + urllib.parse.quote("会议.ics"), odd("odd-2", "140000", "Topic moved"))
    delete(office + urllib.parse.quote("p%q.ics"))
    again = pull(Server(office), repo)[0]
    assert (again.how, again.imported.updated, again.deleted, again.downloaded) == (
        "sync-token", 1, 1, 1)
    assert not repo.has_uid("odd-4") and repo.has_uid("odd-2")
    # conditional writes and deletes at those names
    server = Server(office)
    etags = server.etags(server.calendars()[0][0]).etags
    href = normalize_href(urllib.parse.urlsplit(office).path + urllib.parse.quote("a b.ics"))
    assert server.put(href, odd("odd-1", "100000", "Topic odd-1"),
                      etag='"not-the-etag"') == (False, None)
    written, new_etag = server.put(href, odd("odd-1", "100000", "Topic odd-1"),
                                   etag=etags[href])
    assert written and new_etag and new_etag != etags[href]
    assert not server.delete(href, etag=etags[href])  # stale: refused
    assert server.delete(href, etag=new_etag)
    assert sorted(server_objects(office)) == sorted(
        urllib.parse.unquote(urllib.parse.urlsplit(office).path) + n
        for n in ("会议.ics", "x@y.ics"))

def test_pulled_series_loses_an_override_removed_on_the_server(radicale, tmp_path, capsys):
    url = home(radicale)
    office = url + "office/"
    urllib.request.urlopen(urllib.request.Request(office, method="MKCALENDAR"),
                           timeout=10).close()
    put(office + "weekly.ics", calendar(MASTER, MOVED, zones=SHANGHAI))
    db = str(tmp_path / "b.json")
    assert cli(capsys, "--db", db, "sync", url, "--pull")[0] == 0
    span = ["--from", "2026-12-07", "--to", "2026-12-07"]
    assert [e["start"][11:16] for e in listed(capsys, db, *span)] == ["15:00"]
    put(office + "weekly.ics", calendar(MASTER, zones=SHANGHAI))
    code, out, _ = cli(capsys, "--db", db, "sync", url, "--pull")
    assert code == 0 and "(1 downloaded)" in out
    assert [e["start"][11:16] for e in listed(capsys, db, *span)] == ["09:00"]


# ------------------------------------------------------------------ conflicts and resumption
def test_the_newer_of_two_concurrent_decisions_reaches_the_server_and_both_databases(
        radicale, scheduler_a, tmp_path, capsys):
    """The issue's scenario: B exempts X and pushes; A, who has not pulled since, exempts X
    from the same rule later and pushes: a conflict (B's copy kept on the server); A's plain
    sync then merges by the time recorded: A's newer exemption everywhere."""
    url = home(radicale)
    a, b = scheduler_a, str(tmp_path / "b.json")
    office = url + "office/"
    assert cli(capsys, "--db", a, "sync", url, "--calendar", "office")[0] == 0
    assert cli(capsys, "--db", b, "sync", url, "--calendar", "office")[0] == 0
    assert cli(capsys, "--db", b, "exempt", "tourism", "--rule", "venue", "--reason", "B")[0] == 0
    assert cli(capsys, "--db", b, "sync", url, "--calendar", "office")[0] == 0
    assert cli(capsys, "--db", a, "exempt", "tourism", "--rule", "venue", "--reason", "A")[0] == 0
    code, out, err = cli(capsys, "--db", a, "sync", url, "--calendar", "office", "--push")
    assert code == 1
    conflict_lines = [line for line in err.splitlines() if line.startswith("conflict:")]
    assert len(conflict_lines) == 1 and "tourism" in conflict_lines[0]
    assert [d["text"] for d in server_decisions(office)
            if d["type"] == "exemption"] == ["B"]  # theirs kept on the server
    assert [d["text"] for d in decisions(capsys, a) if d["type"] == "exemption"] == ["A"]

    code, out, err = cli(capsys, "--db", a, "sync", url, "--calendar", "office")
    assert (code, err) == (0, "")
    assert "merged by time: yours, exemption tourism 'A' (venue)" in out
    assert [d["text"] for d in server_decisions(office)
            if d["type"] == "exemption"] == ["A"]
    code, out, err = cli(capsys, "--db", b, "sync", url, "--calendar", "office")
    assert (code, err) == (0, "")
    for db in (a, b):
        exemptions = [d for d in decisions(capsys, db) if d["type"] == "exemption"]
        assert [(d["uid"], d["rule"], d["text"]) for d in exemptions] == [
            ("tourism", "venue", "A")]
    # settled: nothing is written any more
    for db in (a, b):
        code, out, _ = cli(capsys, "--db", db, "sync", url, "--calendar", "office")
        assert code == 0 and "decisions shared" not in out and "decisions taken" not in out


def test_different_decisions_on_one_event_are_both_kept(radicale, scheduler_a, tmp_path,
                                                        capsys):
    url = home(radicale)
    a, b = scheduler_a, str(tmp_path / "b.json")
    office = url + "office/"
    assert cli(capsys, "--db", a, "sync", url, "--calendar", "office")[0] == 0
    assert cli(capsys, "--db", b, "sync", url, "--calendar", "office")[0] == 0
    assert cli(capsys, "--db", b, "arrange", "tourism", "--ref", "B-ref-12")[0] == 0
    assert cli(capsys, "--db", b, "sync", url, "--calendar", "office")[0] == 0
    assert cli(capsys, "--db", a, "exempt", "tourism", "--rule", "venue",
               "--reason", "A-reason")[0] == 0
    code, out, err = cli(capsys, "--db", a, "sync", url, "--calendar", "office", "--push")
    assert (code, err) == (0, "")  # another slot: no conflict
    assert {d["text"] for d in server_decisions(office)} == {"B-ref-12", "A-reason"}
    for db in (a, b):
        assert cli(capsys, "--db", db, "sync", url, "--calendar", "office")[0] == 0
        assert {"B-ref-12", "A-reason"} <= {d["text"] for d in decisions(capsys, db)}


def test_interrupted_push_resumes_without_duplicates(radicale, scheduler_a, capsys):
    url = home(radicale)
    a = scheduler_a
    with CountingProxy(radicale.port) as proxy:
        proxied = proxy.url + url.split("/", 3)[3]
        before = open(a, "rb").read()
        proxy.fail("PUT", after=1, status=500)  # the server fails after the first write
        code, out, err = cli(capsys, "--db", a, "sync", proxied, "--calendar", "office",
                             "--push")
        assert code == 2 and "server error (HTTP 500" in err and len(err.splitlines()) == 1
        assert "your database is unchanged" in err
        # what was written before the failure is said exactly
        assert ": 1 added, 0 updated, 0 deleted, 0 unchanged, 0 conflicts before it stopped; " \
               "2 writes not done (run the same command again to finish)" in out
        assert len(server_uids(url + "office/")) == 1  # one of the three, in flight first
        assert open(a, "rb").read() == before  # the local database is as it was
        proxy.heal()
        code, out, err = cli(capsys, "--db", a, "sync", proxied, "--calendar", "office",
                             "--push")
    assert (code, err) == (0, "")
    assert "2 added, 0 updated, 0 deleted, 1 unchanged, 0 conflicts" in out
    assert server_uids(url + "office/") == ["safety-a", "safety-b", "tourism"]  # each once


def test_the_same_events_pushed_by_two_schedulers_are_no_conflict(
        radicale, scheduler_a, tmp_path, capsys):
    """B imported the same department feed as A and pushed first: A's push finds the server
    copies equal to its own (however Radicale re-spelled them) and writes nothing."""
    url = home(radicale)
    b = str(tmp_path / "b.json")
    feed = tmp_path / "dept-copy.ics"
    feed.write_text(FEED, encoding="utf-8")
    assert cli(capsys, "--db", b, "import", str(feed))[0] == 0
    assert cli(capsys, "--db", b, "sync", url, "--calendar", "office", "--push")[0] == 0
    code, out, err = cli(capsys, "--db", scheduler_a, "sync", url, "--calendar", "office",
                         "--push")
    assert (code, err) == (0, "")
    assert "0 added, 0 updated, 0 deleted, 3 unchanged, 0 conflicts" in out
    # A now knows the server copies: changing one is an ordinary update, not a conflict
    assert cli(capsys, "--db", scheduler_a, "kind", "tourism", "ceremony")[0] == 0
    code, out, err = cli(capsys, "--db", scheduler_a, "sync", url, "--calendar", "office",
                         "--push")
    assert (code, err) == (0, "") and "0 added, 0 updated" in out
    assert "1 decisions shared" in out


def test_push_needs_a_target_calendar(radicale, scheduler_a, capsys):
    url = home(radicale)
    code, _, err = cli(capsys, "--db", scheduler_a, "sync", url, "--push")
    assert code == 2
    assert "give --calendar NAME" in err and len(err.splitlines()) == 1
    code, out, err = cli(capsys, "--db", scheduler_a, "sync", url, "--pull", "--calendar", "x")
    assert code == 2 and "no calendar named 'x'" in err


# ------------------------------------------------------------------ pure helpers
SAMPLE = calendar(meeting("c-1", "20261201T090000", "20261201T100000", "Budget, review",
                          'ATTENDEE;CN="Li Ming";ROLE=REQ-PARTICIPANT:mailto:li@gov.cn',
                          'X-LEANMEET-ARRANGED;X-AT="2026-11-29T10:00:00+00:00":ref 1'),
                  zones=SHANGHAI)


def test_canonical_hash_ignores_how_a_server_spells_the_same_event():
    lines = SAMPLE.split("\r\n")
    start, end = lines.index("BEGIN:VEVENT"), lines.index("END:VEVENT")
    body = list(reversed(lines[start + 1:end]))  # another property order
    respelled = "\n".join(lines[:start + 1] + body + lines[end:])  # LF line ends
    respelled = respelled.replace('CN="Li Ming";ROLE=REQ-PARTICIPANT',
                                  "ROLE=REQ-PARTICIPANT;CN=Li Ming")  # params, quoting
    respelled = respelled.replace("DTSTAMP:20260101T000000Z", "DTSTAMP:20261129T101010Z")
    respelled = respelled.replace('X-AT="2026-11-29T10:00:00+00:00"',
                                  'X-AT="2026-11-30T08:00:00Z"')  # recorded at another time
    respelled = respelled.replace("SUMMARY:Budget, review", "SUMMARY:Budget\n , review")  # fold
    assert canonical_hash(respelled) == canonical_hash(SAMPLE)
    # a decision without its time, and TEXT escaping of ";" (vobject escapes, icalendar not)
    assert canonical_hash(SAMPLE.replace(';X-AT="2026-11-29T10:00:00+00:00"', "")) == \
        canonical_hash(SAMPLE)
    merged = SAMPLE.replace("ref 1", "ref 1\r\nX-LEANMEET-MERGED-FROM:a@x;")
    assert canonical_hash(merged.replace("a@x;", "a@x\\;")) == canonical_hash(merged)
    assert canonical_hash(SAMPLE.replace("Budget", "Budgets")) != canonical_hash(SAMPLE)
    assert canonical_hash(SAMPLE.replace("ref 1", "ref 2")) != canonical_hash(SAMPLE)


def test_split_objects_gives_one_object_per_uid_with_its_zones():
    other_zone = SHANGHAI.replace("Asia/Shanghai", "Europe/Paris")
    text = calendar(
        meeting("s-1", "20261201T090000", "20261201T100000", "One"),
        event("s-2", "DTSTART:20261202T010000Z", "DTEND:20261202T020000Z", "SUMMARY:Two"),
        event("s-1", "RECURRENCE-ID;TZID=Asia/Shanghai:20261208T090000",
              "DTSTART;TZID=Asia/Shanghai:20261208T100000",
              "DTEND;TZID=Asia/Shanghai:20261208T110000", "SUMMARY:One moved"),
        zones=SHANGHAI + other_zone)
    got = split_objects(text)
    assert sorted(got) == ["s-1", "s-2"]
    assert got["s-1"].count("BEGIN:VEVENT") == 2 and got["s-1"].count("BEGIN:VTIMEZONE") == 1
    assert "TZID:Asia/Shanghai" in got["s-1"] and "Europe/Paris" not in got["s-1"]
    assert "BEGIN:VTIMEZONE" not in got["s-2"]
    assert got["s-2"].startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")


def test_object_names_are_stable_and_safe():
    assert object_name("abc-1@office.gov") == "abc-1@office.gov.ics"
    weird = "a/b c?<>"
    assert object_name(weird) == object_name(weird) and "/" not in object_name(weird)
    assert object_name(weird).endswith(".ics")
