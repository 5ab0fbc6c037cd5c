"""Merge suggestions: groups, exclusions, dismissals, stable ids, the proposal, the JSON."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

import pytest

from leanmeet.planner.keynotes import keynote_speakers
from leanmeet.planner.merge import MergeSettings, dismissed_ids, suggest, suggestion_id
from leanmeet.planner.model import Attendee, Decision, Occurrence

TZ = ZoneInfo("Asia/Shanghai")
SETTINGS = MergeSettings()


def at(day: int, hm: str, month: int = 3) -> datetime:
    h, m = map(int, hm.split(":"))
    return datetime(2025, month, day, h, m, tzinfo=TZ)


def people(*keys: str, keynote: str | None = None) -> tuple[Attendee, ...]:
    return tuple(
        Attendee(f"{k}@city.gov.cn", k.upper(), "X-KEYNOTE" if k == keynote else "REQ-PARTICIPANT")
        for k in keys
    )


def occ(uid: str, start: datetime, minutes: int, summary: str, who=(), **kw) -> Occurrence:
    keynote = kw.pop("keynote", None)
    return Occurrence(
        uid=uid,
        recurrence_id=kw.pop("recurrence_id", None),
        start=start,
        end=start + timedelta(minutes=minutes),
        all_day=False,
        summary=summary,
        attendees=people(*who, keynote=keynote),
        **kw,
    )


def team(prefix: str, n: int = 5) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(1, n + 1))


def uids(suggestions) -> list[list[str]]:
    return [[m.uid for m in s.members] for s in suggestions]


# ------------------------------------------------------------------ groups


def test_every_pair_inside_a_group_passes():
    # A–B: same subject, same morning; B–C: same people back to back; A–C: nothing in common
    a = occ("a", at(4, "09:00"), 60, "安全生产工作会议", team("x"))
    b = occ("b", at(4, "10:00"), 60, "安全生产专题会议", team("y"))
    c = occ("c", at(4, "11:00"), 60, "Office relocation plan", team("y"))
    groups = uids(suggest([a, b, c], SETTINGS))
    assert groups in ([["a", "b"]], [["b", "c"]])


def test_a_complete_group_of_three_is_one_suggestion():
    events = [
        occ(f"d{i}", at(19, f"{9 + i}:00"), 60, title, team(f"d{i}"))
        for i, title in enumerate(
            ["乡村振兴工作推进会", "全市乡村振兴工作会议", "乡村振兴专题调度会"]
        )
    ]
    (s,) = suggest(events, SETTINGS)
    assert [m.uid for m in s.members] == ["d0", "d1", "d2"]
    assert s.reasons.time_text == "same morning, 09:00–12:00"
    assert s.reasons.attendees_text == "0 of 15 attendees in all 3 meetings"


def test_one_busy_morning_never_collapses_into_a_giant_merge():
    events = [
        occ(
            f"dept{i}",
            at(4, "09:00") + timedelta(minutes=10 * i),
            60,
            "安全生产工作会议",
            team(f"dept{i}-"),
        )
        for i in range(9)
    ]
    result = suggest(events, SETTINGS)
    assert all(len(s.members) <= SETTINGS.max_group_size for s in result)
    assert sorted(len(s.members) for s in result) == [3, 6]
    assert len({m.uid for s in result for m in s.members}) == 9  # no event in two suggestions
    capped = suggest(events, MergeSettings(max_group_size=2))
    assert [len(s.members) for s in capped] == [2, 2, 2, 2]


def _synthetic(n: int, seed: int) -> list[Occurrence]:
    rnd = random.Random(seed)
    titles = [
        "安全生产工作会议",
        "安全生产专题会议",
        "招商引资推进会",
        "Flood prevention meeting",
        "Coordination meeting on flood prevention",
        "Budget review",
        "防汛抗旱部署会",
        "Office relocation plan",
        "乡村振兴调度会",
        "全市乡村振兴工作会议",
    ]
    staff = [f"s{i}" for i in range(40)]
    out = []
    for k in range(n):
        day = 3 + rnd.randrange(10)
        start = at(day, "08:30") + timedelta(minutes=30 * rnd.randrange(16))
        out.append(
            occ(
                f"e{k}",
                start,
                rnd.choice([30, 60, 90]),
                rnd.choice(titles),
                rnd.sample(staff, rnd.randint(2, 7)),
            )
        )
    return out


def test_on_a_busy_calendar_every_pair_of_every_group_passes_on_its_own():
    events = _synthetic(300, seed=1)
    result = suggest(events, SETTINGS)
    assert any(len(s.members) > 2 for s in result)
    for s in result:
        assert len(s.members) <= SETTINGS.max_group_size
        for x, y in combinations(s.members, 2):
            assert len(suggest([x, y], SETTINGS)) == 1, (s.id, x.uid, y.uid)


# ------------------------------------------------------------------ stable ids


def test_ids_are_stable_across_runs_and_input_orders():
    events = _synthetic(300, seed=2)
    first = [s.to_json() for s in suggest(events, SETTINGS)]
    shuffled = list(events)
    random.Random(5).shuffle(shuffled)
    assert [s.to_json() for s in suggest(shuffled, SETTINGS)] == first
    assert [s.to_json() for s in suggest(list(reversed(events)), SETTINGS)] == first


def test_suggestion_id_depends_only_on_the_members_identities():
    a = occ("a", at(4, "09:00"), 60, "A")
    b = occ("b", at(4, "10:00"), 60, "B", recurrence_id=at(4, "10:00"))
    sid = suggestion_id([a, b])
    assert sid == suggestion_id([b, a]) == suggestion_id([("a", None), b.key])
    assert sid.startswith("m-") and len(sid) == 12
    assert sid != suggestion_id([a, occ("b", at(4, "10:00"), 60, "B")])  # other occurrence


# ------------------------------------------------------------------ never suggested


def _pair():
    return [
        occ("a", at(4, "09:00"), 90, "全市安全生产工作会议", team("x")),
        occ("b", at(4, "10:00"), 60, "安全生产专题会议", team("y")),
    ]


def test_a_dismissed_pair_is_not_suggested_again():
    (s,) = suggest(_pair(), SETTINGS)
    assert suggest(_pair(), SETTINGS, dismissed={s.id}) == []


def test_a_dismissed_group_rules_out_its_pairs_for_good():
    events = [
        occ(f"d{i}", at(19, f"{9 + i}:00"), 60, title, team(f"d{i}"))
        for i, title in enumerate(
            ["乡村振兴工作推进会", "全市乡村振兴工作会议", "乡村振兴专题调度会"]
        )
    ]
    (group,) = suggest(events, SETTINGS)
    # the bare id: neither the group nor any part of it comes back ...
    assert suggest(events, SETTINGS, dismissed={group.id}) == []
    # ... nor a larger group that contains it
    fourth = occ("d3", at(19, "12:00"), 30, "乡村振兴工作会议", team("d3"))
    again = suggest([*events, fourth], SETTINGS, dismissed={group.id})
    assert all(len({"d0", "d1", "d2"} & set(u)) <= 1 for u in uids(again))
    # the recorded decision: its pairs stay dismissed even when one member disappears
    decision = Decision("merge-dismissed", group.id, members=group.keys)
    assert suggest(events[:2], SETTINGS, dismissed=dismissed_ids([decision])) == []


def test_occurrences_of_one_series_are_never_merged_with_each_other():
    who = team("x")
    first = occ(
        "series",
        at(4, "09:00"),
        60,
        "安全生产工作会议",
        who,
        series=True,
        recurrence_id=at(4, "09:00"),
    )
    second = occ(
        "series",
        at(4, "10:00"),
        60,
        "安全生产工作会议",
        who,
        series=True,
        recurrence_id=at(4, "10:00"),
    )
    assert suggest([first, second], SETTINGS) == []
    other = occ("other", at(4, "11:00"), 60, "安全生产专题会议", who)
    assert uids(suggest([first, second, other], SETTINGS)) == [["series", "other"]]


def test_cancelled_occurrences_are_left_out():
    a, b = _pair()
    cancelled = replace(b, status="CANCELLED")
    assert suggest([a, cancelled], SETTINGS) == []


def test_events_already_merged_are_left_out():
    a, b = _pair()
    assert suggest([a, b], SETTINGS, merged_keys={b.key}) == []


def test_all_day_and_multi_day_events_are_left_out():
    a, _ = _pair()
    all_day = Occurrence(
        "day",
        None,
        date(2025, 3, 4),
        date(2025, 3, 5),
        True,
        "安全生产专题会议",
        attendees=a.attendees,
    )
    two_days = Occurrence(
        "two",
        None,
        at(4, "09:00"),
        at(5, "12:00"),
        False,
        "安全生产专题会议",
        attendees=a.attendees,
    )
    assert suggest([a, all_day, two_days], SETTINGS) == []


def test_kinds_other_than_meetings_are_left_out():
    who = team("x")
    ceremony = occ("c", at(8, "10:00", 4), 30, "工业园区项目签约仪式", who)
    meeting = occ("m", at(8, "10:45", 4), 60, "工业园区建设推进会", who)
    # the built-in classifier calls 签约仪式 a ceremony
    assert suggest([ceremony, meeting], SETTINGS) == []
    assert len(suggest([ceremony, meeting], SETTINGS, kind_of=lambda o: "meeting")) == 1
    # events of different kinds are not merged even when both kinds are allowed
    both = MergeSettings(kinds=("meeting", "ceremony"))
    kinds = {"c": "ceremony", "m": "meeting"}
    assert suggest([ceremony, meeting], both, kind_of=lambda o: kinds[o.uid]) == []


# ------------------------------------------------------------------ the proposal


def test_the_proposal_keeps_to_the_half_day_limit_and_starts_first():
    who = team("x")
    events = [
        occ(f"e{i}", at(5, f"{8 + 2 * i}:00"), 120, title, who)
        for i, title in enumerate(["财政预算执行分析会", "审计整改推进会", "国有资产管理工作会议"])
    ]
    (s,) = suggest(events, SETTINGS)
    assert s.proposal.start == at(5, "08:00")
    assert s.proposal.end - s.proposal.start == timedelta(minutes=240)
    (short,) = suggest(events, SETTINGS, max_minutes=180)
    assert short.proposal.end == at(5, "11:00")


def test_an_evening_proposal_moves_into_the_working_day_at_full_length():
    who = team("x")
    (s,) = suggest(
        [
            occ("a", at(5, "21:00"), 120, "Tax revenue analysis", who),
            occ("b", at(5, "22:00"), 90, "Office relocation plan", who),
        ],
        SETTINGS,
    )
    # 210 minutes from 21:00 would cross midnight; the same day's working hours have room
    # for all of it (issue 15: a slot within working hours), as late as it fits
    assert s.proposal.start == datetime(2025, 3, 5, 14, 30, tzinfo=TZ)
    assert s.proposal.end == datetime(2025, 3, 5, 18, 0, tzinfo=TZ)
    assert s.proposal.free and s.proposal.conflicts == ()


def test_the_proposal_has_one_keynote_the_union_of_attendees_and_an_agenda():
    a = occ(
        "a",
        at(4, "09:00"),
        90,
        "全市安全生产工作会议",
        ("vm1", "x1", "x2", "x3"),
        keynote="vm1",
        location="市政府第一会议室",
    )
    b = occ(
        "b",
        at(4, "10:00"),
        60,
        "安全生产专题会议",
        ("vm2", "x3", "y1", "y2"),
        keynote="vm2",
        location="住建局会议室",
    )
    (s,) = suggest([a, b], SETTINGS)
    p = s.proposal
    assert p.summary == "合并：全市安全生产工作会议 / 安全生产专题会议"
    assert p.location == "市政府第一会议室"
    assert p.keynote == "vm1@city.gov.cn"
    assert [x.email for x in p.attendees] == [
        f"{k}@city.gov.cn" for k in ("vm1", "x1", "x2", "x3", "vm2", "y1", "y2")
    ]
    assert [x.email for x in p.attendees if x.role == "X-KEYNOTE"] == ["vm1@city.gov.cn"]
    assert p.description.splitlines() == [
        "议程：",
        "- 09:00–10:30 全市安全生产工作会议",
        "- 10:00–11:00 安全生产专题会议",
    ]
    merged = Occurrence(
        "merged",
        None,
        p.start,
        p.end,
        False,
        p.summary,
        description=p.description,
        attendees=p.attendees,
    )
    assert keynote_speakers(merged) == ["vm1@city.gov.cn"]  # single-keynote holds


def test_a_keynote_named_only_in_a_description_is_written_into_the_agenda():
    a = occ(
        "a",
        at(4, "14:00"),
        60,
        "Flood prevention coordination meeting",
        team("x"),
        description="Keynote: Liu Yang",
    )
    b = occ(
        "b",
        at(4, "15:30"),
        60,
        "Coordination meeting on flood prevention",
        team("y"),
        description="Keynote speaker: Chen Jing",
    )
    (s,) = suggest([a, b], SETTINGS)
    assert s.proposal.summary == (
        "Merged: Flood prevention coordination meeting / Coordination meeting on flood prevention"
    )
    assert s.proposal.keynote == "Liu Yang"
    assert s.proposal.description.splitlines()[-1] == "Keynote: Liu Yang"
    merged = Occurrence(
        "merged",
        None,
        s.proposal.start,
        s.proposal.end,
        False,
        "",
        description=s.proposal.description,
        attendees=s.proposal.attendees,
    )
    assert keynote_speakers(merged) == ["Liu Yang"]


# ------------------------------------------------------------------ JSON (SPEC §7)


def test_json_is_exactly_the_spec_shape():
    a, b = _pair()
    b = replace(b, recurrence_id=at(4, "10:00"), series=True)
    (s,) = suggest([a, b], SETTINGS)
    data = json.loads(json.dumps(s.to_json(), ensure_ascii=False))
    assert set(data) == {"id", "score", "members", "reasons", "proposal"}
    assert data["id"] == s.id
    assert 0 <= data["score"] <= 1
    assert data["members"] == [
        {
            "uid": "a",
            "recurrence_id": None,
            "start": "2025-03-04T09:00:00+08:00",
            "summary": "全市安全生产工作会议",
        },
        {
            "uid": "b",
            "recurrence_id": "2025-03-04T10:00:00+08:00",
            "start": "2025-03-04T10:00:00+08:00",
            "summary": "安全生产专题会议",
        },
    ]
    assert data["reasons"] == {"time": 1.0, "attendees": None, "content": 1.0}
    spec = {
        "start": "2025-03-04T09:00:00+08:00",
        "end": "2025-03-04T11:30:00+08:00",
        "summary": "合并：全市安全生产工作会议 / 安全生产专题会议",
        "attendees": [f"x{i}@city.gov.cn" for i in range(1, 6)]
        + [f"y{i}@city.gov.cn" for i in range(1, 6)],
    }
    # the SPEC fields as they were; issue 15 added the room, free, reason and conflicts
    assert {k: data["proposal"][k] for k in spec} == spec
    assert data["proposal"]["free"] is True and data["proposal"]["conflicts"] == []
    assert "free" in data["proposal"]["reason"]


@pytest.mark.parametrize("seed", [3, 4])
def test_json_numbers_are_in_range(seed):
    for s in suggest(_synthetic(200, seed), SETTINGS):
        data = s.to_json()
        assert 0 <= data["score"] <= 1
        for value in data["reasons"].values():
            assert value is None or 0 <= value <= 1
        assert sum(v is not None for v in data["reasons"].values()) >= 2


def test_proposed_slot_stays_within_the_working_day():
    from datetime import datetime as dt
    from zoneinfo import ZoneInfo

    from leanmeet.planner.merge.proposal import build_proposal
    from leanmeet.planner.model import Occurrence

    tz = ZoneInfo("Asia/Shanghai")

    def occ(uid, start, end):
        return Occurrence(uid=uid, recurrence_id=None, start=start, end=end, all_day=False,
                          summary="DRC project review")

    late = occ("a", dt(2026, 11, 18, 16, 0, tzinfo=tz), dt(2026, 11, 18, 17, 0, tzinfo=tz))
    morning = occ("b", dt(2026, 11, 19, 8, 30, tzinfo=tz), dt(2026, 11, 19, 12, 31, tzinfo=tz))
    p = build_proposal([late, morning], 240, lambda a: a.email)
    # 16:00 + 4 h would run to 20:00: the next member's morning is proposed instead
    assert (p.start, p.end) == (morning.start, morning.start + (p.end - p.start))
    assert p.minutes == 240 and p.end.hour < 18
