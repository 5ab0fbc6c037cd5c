"""overseas-visit (§4 outings): by location or the event's time zone; approval before, a
report after."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from leanmeet.planner.model import Decision
from tests.rules_helpers import CLERK, LI, att, occ, rule_findings

RULE = "overseas-visit"


@pytest.mark.parametrize("location", [
    "Hamburg Messe, Germany", "德国汉堡会展中心", "东京国际论坛大厦", "香港会议展览中心",
    "Singapore, Marina Bay Sands", "出国考察（日程另定）",
])
def test_a_trip_abroad_by_location(location):
    (f,) = rule_findings([occ("Trade visit", "2025-03-10 09:00", location=location,
                              attendees=[LI])], RULE)
    assert f.severity == "warning" and f.clause == "§4 outings"
    assert "approval" in f.message


@pytest.mark.parametrize("location", [
    "上海国际会议中心", "Shanghai, Pudong", "内蒙古呼和浩特", "Gangu County", "",
    "天水万象城",
])
def test_home_locations_pass(location):
    assert rule_findings([occ("Visit", "2025-03-10 09:00", location=location,
                              attendees=[LI])], RULE) == []


def test_a_trip_abroad_by_the_events_time_zone():
    o = replace(occ("Talks", "2025-03-10 16:00", attendees=[LI]), zone="Europe/Berlin")
    (f,) = rule_findings([o], RULE)
    assert "Europe/Berlin" in f.message
    home = replace(o, zone="Asia/Shanghai")
    assert rule_findings([home], RULE) == []


def test_approved_before_and_reported_after():
    future = occ("Study visit", "2025-03-10 09:00", location="Paris, France", uid="o@test",
                 attendees=[LI])
    ok = Decision("arrangement", "o@test", text="外事办〔2025〕3号")
    assert rule_findings([future], RULE, decisions=[ok]) == []
    past = replace(future, start=future.start.replace(month=2), end=future.end.replace(month=2))
    (f,) = rule_findings([past], RULE, decisions=[ok])
    assert "no report" in f.message
    reported = replace(past, description="行程三天。\n考察报告：天水外考〔2025〕1号")
    assert rule_findings([reported], RULE, decisions=[ok]) == []
    (unapproved,) = rule_findings([past], RULE)
    assert "without an approval" in unapproved.message


def test_home_country_is_tunable():
    o = occ("Visit", "2025-03-10 09:00", location="Hamburg, Germany", attendees=[LI])
    assert rule_findings([o], RULE, rulebook='[rules.overseas-visit]\nhome_country = "DE"\n') == []
    assert rule_findings([o], RULE, today=date(2025, 3, 1))


def test_the_plan_review_shows_the_open_findings_own_message():
    """An approved trip without its report: the plan's findings table shows "no report", not
    what the rule would say without the approval."""
    from leanmeet.planner.plan import review
    from tests.rules_helpers import context

    past = occ("Study visit", "2025-02-10 09:00", location="Paris, France", uid="p@test",
               attendees=[LI])
    ctx = context(decisions=[Decision("arrangement", "p@test", text="外事办〔2025〕3号")])
    rows = [r for r in review([past], ctx, date(2025, 2, 1), date(2025, 2, 28)).rows
            if r.finding.rule == RULE]
    assert [r.status for r in rows] == ["open"]
    assert "no report" in rows[0].finding.message
    assert "without an approval" not in rows[0].finding.message


BERLIN = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    "END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "END:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)


def test_the_time_zone_of_an_imported_event_counts(tmp_path, capsys):
    """Through the real reader and database: DTSTART;TZID=Europe/Berlin with no place named."""
    import json

    from leanmeet.cli.main import main
    from tests.ics import SHANGHAI, calendar, event

    feed = tmp_path / "trip.ics"
    feed.write_text(calendar(
        event("berlin@test", "DTSTART;TZID=Europe/Berlin:20261210T090000",
              "DTEND;TZID=Europe/Berlin:20261210T110000", "SUMMARY:Talks with importers",
              "LOCATION:Messe, Halle 3", "ATTENDEE;CN=Li Wei:mailto:li.wei@gov.example"),
        event("home@test", "DTSTART;TZID=Asia/Shanghai:20261210T090000",
              "DTEND;TZID=Asia/Shanghai:20261210T110000", "SUMMARY:Talks at home",
              "LOCATION:Messe, Halle 3", "ATTENDEE;CN=Li Wei:mailto:li.wei@gov.example"),
        zones=BERLIN + SHANGHAI), encoding="utf-8")
    db = ["--db", str(tmp_path / "db.json")]
    assert main([*db, "import", str(feed)]) == 0
    assert main([*db, "people", "add", "Li Wei", "li.wei@gov.example", "--leader"]) == 0
    capsys.readouterr()
    main([*db, "check", "--from", "2026-12-01", "--to", "2026-12-31", "--json"])
    found = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == RULE]
    assert [f["uid"] for f in found] == ["berlin@test"]
    assert "Europe/Berlin" in found[0]["message"]


def test_only_trips_of_the_office_count():
    """A foreign holiday feed, or a visitor's own calendar: nobody of the roster travels."""
    holiday = occ("Germany: German Unity Day", "2025-10-03", days=1, location="Germany")
    guest = occ("Talks", "2025-03-10 09:00", location="Hamburg, Germany",
                attendees=[att("guest@partner.de", "Guest")])
    assert rule_findings([holiday, guest], RULE) == []
    staff = occ("Talks", "2025-03-10 09:00", location="Hamburg, Germany", attendees=[CLERK])
    (f,) = rule_findings([staff], RULE)
    assert f.people == ("chen.jing@gov.example",)
