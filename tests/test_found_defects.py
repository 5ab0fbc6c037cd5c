"""Every row of ../shared/found/README.md: what leanmeet 0.1 got wrong and what is right,
through the real command line (office zone Asia/Shanghai). Skipped when ../shared is absent.
"""

from __future__ import annotations

from tests.import_helpers import cli, found, listed, summary_counts


def imported(capsys, name: str) -> tuple[int, str, str]:
    path = found(name)
    code, out, err = cli(capsys, "import", str(path))
    assert "internal error" not in err, err
    return code, out, err


def test_1_time_valued_rdate_skips_only_its_event(capsys):
    code, out, err = imported(capsys, "1_rdate_value_time_crash.ics")
    assert code == 1
    assert "1_rdate_value_time_crash.ics:16: skipped: RDATE" in err
    assert summary_counts(out)["added"] == 1
    assert [e["summary"] for e in listed(capsys, "2021-03-01", "2021-03-31")] == ["good event"]


def test_2_floating_series_is_office_time_and_its_utc_exdate_applies(capsys):
    imported(capsys, "2_floating_series_utc_exdate.ics")
    events = [e for e in listed(capsys, "2012-04-01", "2012-04-30") if e["uid"] == "f@x"]
    assert [e["start"] for e in events] == ["2012-04-08T10:00:00+08:00",
                                            "2012-04-10T10:00:00+08:00"]


def test_2b_unknown_tzid_series_is_office_time(capsys):
    imported(capsys, "2_floating_series_utc_exdate.ics")
    events = [e for e in listed(capsys, "2012-04-01", "2012-04-30") if e["uid"] == "g@x"]
    assert [e["start"] for e in events] == ["2012-04-11T10:00:00+08:00",
                                            "2012-04-12T10:00:00+08:00"]


def test_3_tzid_with_a_leading_space_finds_its_vtimezone(capsys):
    code, _, err = imported(capsys, "3_tzid_leading_space.ics")
    assert code == 0 and "unknown time zone" not in err
    (event,) = listed(capsys, "2024-01-08", "2024-01-08")
    assert event["start"] == "2024-01-08T18:00:00+08:00"


def test_4_date_with_tzid_is_all_day(capsys):
    imported(capsys, "4_date_with_tzid.ics")
    (event,) = listed(capsys, "2012-07-13", "2012-07-15")
    assert event["all_day"] is True
    assert (event["start"], event["end"]) == ("2012-07-14", "2012-07-15")


def test_5_rrule_with_an_unknown_part_never_vanishes(capsys):
    code, _, err = imported(capsys, "5_rrule_unknown_part.ics")
    events = listed(capsys, "2019-08-01", "2019-12-31")
    if code == 1:  # skipped: then it must say so, with file:line
        assert "5_rrule_unknown_part.ics:10: skipped:" in err
        return
    assert events and events[0]["start"] == "2019-08-01T21:00:00+08:00"
    assert "5_rrule_unknown_part.ics:10: warning: RRULE" in err


def test_6_mistyped_end_of_a_vtodo_loses_no_event(capsys):
    path = found("6_unclosed_vtodo.ics")
    vevents = path.read_text().count("BEGIN:VEVENT")
    code, out, err = imported(capsys, path.name)
    assert summary_counts(out)["added"] == vevents
    assert "warning" in err and "VTODO" in err
    assert len(listed(capsys, "1999-12-01", "2000-12-31")) == vevents


def test_7_override_ending_before_it_starts_is_zero_length_at_its_start(capsys):
    _, _, err = imported(capsys, "7_override_end_before_start.ics")
    assert "7_override_end_before_start.ics:18: warning: DTEND before DTSTART" in err
    events = listed(capsys, "2015-07-01", "2015-07-31")
    (moved,) = [e for e in events if e["summary"].startswith("override")]
    # DTSTART 2015-07-09 15:00 Los Angeles = 07-10 06:00 office time
    assert moved["start"] == moved["end"] == "2015-07-10T06:00:00+08:00"
    # the occurrence it replaces (07-07 12:00 LA = 07-08 03:00 office) is gone
    assert not any(e["start"].startswith("2015-07-08") for e in events)


def test_8_utc_recurrence_id_on_all_day_series_replaces_with_its_own_summary(capsys):
    imported(capsys, "8_utc_recurrence_id_on_date_series.ics")
    events = {e["start"]: e["summary"] for e in listed(capsys, "2020-09-01", "2020-09-30")}
    assert events == {"2020-09-07": "Base event", "2020-09-14": "Base event",
                      "2020-09-22": "Modified (UTC RECURRENCE-ID)", "2020-09-28": "Base event"}


def test_9_event_after_end_of_vcalendar_is_imported_with_a_warning(capsys):
    code, out, err = imported(capsys, "9_event_outside_vcalendar.ics")
    assert summary_counts(out)["added"] == 2
    assert "9_event_outside_vcalendar.ics:11: warning:" in err
    summaries = {e["summary"] for e in listed(capsys, "1997-07-01", "1997-07-31")}
    assert summaries == {"inside", "outside any VCALENDAR"}


def test_poison_recurrence_id_never_breaks_a_read(capsys):
    imported(capsys, "attack_poison_rid.ics")
    (event,) = listed(capsys, "2026-12-01", "2026-12-01")
    assert event["summary"] == "poison"
    for args in (["list"], ["check"], ["suggest"]):
        code, _, err = cli(capsys, *args, "--from", "2026-11-01", "--to", "2026-12-31")
        assert code in (0, 1) and "internal error" not in err, (args, err)


def test_time_zone_that_changes_every_second_is_refused_quickly(capsys):
    code, out, err = imported(capsys, "attack_tz_secondly.ics")
    assert code == 1
    assert "attack_tz_secondly.ics:26: skipped: time zone 'Sec'" in err
    assert [e["summary"] for e in listed(capsys, "2026-12-01", "2026-12-01")] == ["good"]


def test_event_in_a_nested_vcalendar_is_imported(capsys):
    code, out, err = imported(capsys, "attack_nested_vcalendar.ics")
    assert summary_counts(out)["added"] == 1 and "nested" in err
    assert [e["summary"] for e in listed(capsys, "2026-12-01", "2026-12-01")] == ["good"]


def test_rule_that_can_never_match_is_refused_and_costs_nothing(capsys):
    code, out, err = imported(capsys, "attack_never_match.ics")
    assert code == 1 and "attack_never_match.ics:16: skipped: RRULE" in err
    assert [e["summary"] for e in listed(capsys, "2026-12-01", "2026-12-07")] == ["good"]


def test_hundreds_of_rrules_are_refused_and_a_long_window_returns(capsys):
    code, out, err = imported(capsys, "attack_many_rrules.ics")
    assert code == 1 and "attack_many_rrules.ics:10: skipped:" in err and "RRULE" in err
    code, _, err = cli(capsys, "list", "--from", "2026-01-01", "--to", "2096-12-31", "--json")
    assert code == 0 and "internal error" not in err
