"""Soak: three schedulers share one real Radicale. Each makes 100+ random decisions
(arrange, exempt, kind, merge, unmerge, dismiss) through the command line, syncing now and
then; afterwards every database holds the same decisions, and they are exactly the ones an
independent oracle expects: for every slot, the last decision anyone made (by wall-clock
order; the schedulers take turns), so none is lost."""

from __future__ import annotations

import json
import random
import time
import urllib.request

import pytest

from leanmeet.cli.main import main
from leanmeet.planner.decisions import newer, slot
from leanmeet.planner.model import Decision
from tests.ics import SHANGHAI, calendar, event
from tests.radicale_server import serve

PEOPLE = ["wang@gov.cn", "li@gov.cn", "zhao@gov.cn", "zhou@gov.cn", "sun@gov.cn"]
WINDOW = ["--from", "2026-11-30", "--to", "2026-12-06"]
TOPICS = [("全市冬季安全生产工作会议", "住建系统冬季安全生产专题会"),
          ("防汛抗旱工作部署会", "水利系统防汛抗旱专题会"),
          ("招商引资项目推进会", "重点招商引资项目调度会"),
          ("乡村振兴工作推进会", "乡村振兴重点任务调度会")]
RULES = ["venue", "half-day-limit", "single-keynote"]
KINDS = ["meeting", "ceremony", "research", "plenary"]
SINGLE_OPS = 105  # decisions per scheduler


def feed() -> str:
    events = []
    for day, (first, second) in enumerate(TOPICS, start=1):
        who = [f"ATTENDEE:mailto:{p}" for p in PEOPLE[:3]]
        for n, (title, start, end) in enumerate(((first, "090000", "103000"),
                                                 (second, "100000", "113000"))):
            events.append(event(f"pair-{day}-{n}", f"DTSTART;TZID=Asia/Shanghai:202612{day:02d}"
                                f"T{start}", f"DTEND;TZID=Asia/Shanghai:202612{day:02d}T{end}",
                                f"SUMMARY:{title}", "LOCATION:市政府三楼会议室", *who))
    for i in range(6):
        events.append(event(f"single-{i}", f"DTSTART;TZID=Asia/Shanghai:2026120{1 + i % 5}"
                            "T150000", f"DTEND;TZID=Asia/Shanghai:2026120{1 + i % 5}T160000",
                            f"SUMMARY:Topic {i} review", f"ATTENDEE:mailto:{PEOPLE[3 + i % 2]}"))
    return calendar(*events, zones=SHANGHAI)


UIDS = [f"pair-{d}-{n}" for d in range(1, 5) for n in (0, 1)] + [f"single-{i}" for i in range(6)]


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    yield from serve(tmp_path_factory)


def run(*args: str) -> tuple[int, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue() + err.getvalue()


def effective(db: str) -> dict[tuple, str]:
    """slot -> value of the decisions in a database (of two in one slot, the newer)."""
    code, out = run("--db", db, "decisions", "--json")
    assert code == 0, out
    chosen: dict[tuple, Decision] = {}
    for d in json.loads(out)["decisions"]:
        decision = Decision(d["type"], d["uid"], d["occurrence"], d["rule"] or "", d["text"],
                            d["at"], tuple((m["uid"], m["recurrence_id"]) for m in d["members"]),
                            d.get("by") or "")
        key = slot(decision)
        if key not in chosen or newer(decision, chosen[key]):
            chosen[key] = decision
    return {k: (d.type if k[0] == "suggestion" else d.text) for k, d in chosen.items()}


def test_three_schedulers_converge_and_lose_nothing(radicale, tmp_path):
    started = time.monotonic()
    url = f"{radicale.url}soak/"
    urllib.request.urlopen(urllib.request.Request(url, method="MKCOL"), timeout=10).close()
    dbs = [str(tmp_path / f"{name}.json") for name in "abc"]
    source = tmp_path / "dept.ics"
    source.write_text(feed(), encoding="utf-8")
    assert run("--db", dbs[0], "import", str(source))[0] == 0

    def sync(db: str) -> None:
        code, out = run("--db", db, "sync", url, "--calendar", "office")
        assert code in (0, 1), out  # 1: a conflict or a contradiction, reported
        assert "Traceback" not in out and "internal error" not in out, out

    for db in dbs:
        sync(db)
    rng = random.Random(20261201)
    oracle: dict[tuple, str | None] = {}  # slot -> the value of the last decision made
    made = [0, 0, 0]
    while min(made) < SINGLE_OPS:
        # a random scheduler among those still short of their decisions (none overshoots)
        who = rng.choice([i for i in range(3) if made[i] < SINGLE_OPS])
        db = dbs[who]
        for _ in range(rng.randint(10, 25)):
            op = rng.choice(["arrange", "exempt", "exempt", "kind", "merge", "unmerge",
                             "dismiss"])
            uid = rng.choice(UIDS)
            tag = f"{'abc'[who]}{made[who]}"
            if op == "arrange":
                code, _ = run("--db", db, "arrange", uid, "--ref", f"ref-{tag}")
                key, value = ("arrangement", uid, "", "", ""), f"ref-{tag}"
            elif op == "exempt":
                rule = rng.choice(RULES)
                code, _ = run("--db", db, "exempt", uid, "--rule", rule, "--reason", tag)
                key, value = ("exemption", uid, "", rule, ""), tag
            elif op == "kind":
                kind = rng.choice(KINDS)
                code, _ = run("--db", db, "kind", uid, kind)
                key, value = ("kind", uid, "", "", ""), kind
            elif op in ("merge", "dismiss"):
                code, out = run("--db", db, "suggest", *WINDOW, "--json")
                offered = [s["id"] for s in json.loads(out)["suggestions"]] if code == 0 else []
                if not offered:
                    continue
                sid = rng.choice(offered)
                code, _ = run("--db", db, op, sid)
                key = ("suggestion", sid, "", "", "")
                value = "merge-accepted" if op == "merge" else "merge-dismissed"
            else:
                accepted = [k[1] for k, v in effective(db).items() if v == "merge-accepted"]
                if not accepted:
                    continue
                sid = rng.choice(accepted)
                code, _ = run("--db", db, "unmerge", sid)
                key, value = ("suggestion", sid, "", "", ""), None
            if code == 0:
                oracle[key] = value
                made[who] += 1
        sync(db)
    # settle: everyone syncs twice, in turn
    for _ in range(2):
        for db in dbs:
            sync(db)
    expected = {k: v for k, v in oracle.items() if v is not None}
    got = [effective(db) for db in dbs]
    assert got[0] == got[1] == got[2]
    assert got[0] == expected
    assert sum(made) >= 3 * SINGLE_OPS
    assert time.monotonic() - started < 240  # bounded (about 30 s on a loaded machine)
