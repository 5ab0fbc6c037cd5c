"""system-meeting-invitees (§3 review): a department's city-wide system meeting invites only
its liaison leaders and does not require county / district heads."""

from __future__ import annotations

import pytest

from leanmeet.planner.model import Attendee, Decision, Person
from tests.rules_helpers import CLERK, occ, rule_findings

RULE = "system-meeting-invitees"
LIU = Person("刘晓燕", "liu@gov.example", "leader", "副市长", "市政府", ("教育局", "文旅局"))
ZHAO = Person("Zhao Guoqing", "zhao@gov.example", "leader", "Vice Mayor", "",
              ("Commerce Bureau", "发改委"))
MAYOR = Person("Wang Jianguo", "wang@gov.example", "leader", "Mayor")  # no liaison listed
COUNTY = Person("李县长", "county@gov.example", "staff", "甘谷县县长", "甘谷县人民政府")
PEOPLE = (LIU, ZHAO, MAYOR, COUNTY, CLERK)


def found(o, **kw):
    return rule_findings([o], RULE, people=PEOPLE, **kw)


@pytest.mark.parametrize("summary", ["全市教育系统安全工作会议", "全市文旅系统年终总结会"])
def test_the_liaison_leader_is_welcome(summary):
    assert found(occ(summary, attendees=[LIU, CLERK])) == []


def test_another_leader_is_reported_zh():
    (f,) = found(occ("全市教育系统安全工作会议", attendees=[LIU, ZHAO]))
    assert f.severity == "warning" and f.clause == "§3 review"
    assert f.people == ("zhao@gov.example",)
    assert "Zhao Guoqing" in f.message and "教育" in f.message


def test_english_title_and_organizer_name_the_department():
    o = occ("City-wide commerce system work conference", attendees=[ZHAO, LIU],
            organizer=Attendee("swj@gov.example", "Commerce Bureau"))
    (f,) = found(o)
    assert f.people == ("liu@gov.example",)


def test_a_leader_without_liaison_departments_is_not_judged():
    assert found(occ("全市教育系统安全工作会议", attendees=[MAYOR])) == []


@pytest.mark.parametrize("description", [
    "请各县区主要负责同志参加。", "County heads must attend in person.",
])
def test_requiring_county_heads_is_reported(description):
    (f,) = found(occ("全市教育系统安全工作会议", attendees=[LIU], description=description))
    assert "heads" in f.message


def test_a_county_head_on_the_roster_among_the_attendees():
    (f,) = found(occ("全市教育系统安全工作会议", attendees=[LIU, COUNTY]))
    assert f.people == ("county@gov.example",)


@pytest.mark.parametrize(
    "summary", ["教育局安全工作会议", "全市教育工作会议", "Education safety meeting"])
def test_not_a_system_meeting(summary):
    assert found(occ(summary, attendees=[ZHAO], description="各县区主要负责同志参加")) == []


def test_an_exemption_lifts_it_an_arrangement_does_not():
    o = occ("全市教育系统安全工作会议", uid="s@test", attendees=[ZHAO], arranged_feed=True)
    assert len(found(o)) == 1
    assert found(o, decisions=[Decision("exemption", "s@test", rule=RULE, text="joint")]) == []
