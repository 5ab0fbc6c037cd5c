"""Roster matching (email, then CN) and who takes part in an occurrence."""

from __future__ import annotations

from leanmeet.planner.model import Attendee, Person
from leanmeet.planner.people import Roster, participants
from tests.rules_helpers import CLERK, LI, ROSTER, WANG, ZHANG, att, occ


def test_match_by_email_case_insensitively():
    roster = Roster(ROSTER)
    assert roster.match(Attendee("LI.WEI@GOV.EXAMPLE")) is LI
    assert roster.match(Attendee("mailto:Wang.Fang@gov.example")) is WANG


def test_roster_email_in_capitals_still_matches():
    shouty = Person("Zhao Lei", "Zhao.Lei@GOV.example", "leader")
    assert Roster([shouty]).match(Attendee("zhao.lei@gov.example")) is shouty


def test_match_by_cn_when_there_is_no_email():
    roster = Roster(ROSTER)
    assert roster.match(Attendee("", "Li Wei")) is LI
    assert roster.match(Attendee("", "  li   WEI ")) is LI  # case and whitespace
    assert roster.match(Attendee("", "张伟")) is ZHANG
    assert roster.match(Attendee("", "ＬＩ ＷＥＩ")) is LI  # full-width letters


def test_match_by_cn_when_the_email_is_not_on_the_roster():
    assert Roster(ROSTER).match(Attendee("liwei.private@mail.example", "Li Wei")) is LI


def test_email_wins_over_cn():
    assert Roster(ROSTER).match(Attendee("wang.fang@gov.example", "Li Wei")) is WANG


def test_unknown_attendee_matches_nothing():
    roster = Roster(ROSTER)
    assert roster.match(Attendee("someone@else.example", "Someone")) is None
    assert roster.match(Attendee("", "")) is None
    assert Roster([]).match(Attendee("li.wei@gov.example", "Li Wei")) is None


def test_a_name_two_people_share_is_ambiguous():
    a = Person("Wang Wei", "wang.wei1@gov.example", "leader")
    b = Person("Wang Wei", "wang.wei2@gov.example", "staff")
    roster = Roster([a, b])
    assert roster.match(Attendee("", "Wang Wei")) is None
    assert roster.match(Attendee("wang.wei2@gov.example", "Wang Wei")) is b


def test_leaders():
    assert Roster(ROSTER).leaders == (LI, WANG, ZHANG)


def test_participants_skip_declined_and_non_participants():
    o = occ(
        attendees=[
            att(LI, partstat="DECLINED"),
            att(WANG),
            att(CLERK, role="NON-PARTICIPANT"),
            att("guest@else.example"),
        ]
    )
    labels = [p.label for p in participants(o, Roster(ROSTER))]
    assert labels == ["wang.fang@gov.example", "guest@else.example"]


def test_participants_resolve_leaders_and_deduplicate():
    o = occ(attendees=[att(LI), Attendee("", "Li Wei"), att("", "张伟")])
    people = participants(o, Roster(ROSTER))
    assert [p.label for p in people] == ["li.wei@gov.example", "zhang.wei@gov.example"]
    assert all(p.leader for p in people)
    assert people[1].display == "张伟"


def test_organizer_counts_only_without_attendees():
    organizer = att(CLERK)
    with_guests = occ(organizer=organizer, attendees=[att(LI)])
    own = occ(organizer=organizer)
    roster = Roster(ROSTER)
    assert [p.label for p in participants(with_guests, roster)] == ["li.wei@gov.example"]
    assert [p.label for p in participants(own, roster)] == ["chen.jing@gov.example"]


# ------------------------------------------------------------------ the roster CSV (issue 14)
import pytest  # noqa: E402

from leanmeet.planner.people import format_liaison, names_same_org, parse_liaison  # noqa: E402
from leanmeet.storage.repository import Repository, RosterError, parse_roster  # noqa: E402

OLD_CSV = "name,email,role,title,department\n王建国,wang@gov.example,leader,Mayor,市政府\n"
NEW_CSV = (
    "name,email,role,title,department,liaison\n"
    "刘晓燕,liu@gov.example,leader,副市长,市政府,教育局; 文旅局；Education Bureau\n"
    "韩雪,han@gov.example,media,记者,天水日报社,\n"
    "吴敏,wu@gov.example,staff,科长,市政府办公室\n"  # the optional last cell left out
)


def test_an_old_roster_without_liaison_still_imports():
    (p,), problems = parse_roster(OLD_CSV)
    assert problems == []
    assert p.is_leader and p.liaison == ()


def test_the_liaison_column_and_the_media_role():
    people, problems = parse_roster(NEW_CSV)
    assert problems == []
    liu, han, wu = people
    assert liu.liaison == ("教育局", "文旅局", "Education Bureau")
    assert han.role == "media" and not han.is_leader and han.liaison == ()
    assert wu.role == "staff" and wu.liaison == ()


def test_a_wrong_role_or_header_is_reported():
    _, problems = parse_roster("name,email,role,title,department,liaison\n"
                               "X,x@gov.example,boss,,,\n", "r.csv")
    assert problems == ["r.csv:2: role 'boss' must be leader, staff or media; row skipped"]
    with pytest.raises(RosterError, match="liaison"):
        parse_roster("name,email,role,title,department,liaisons\n")


def test_liaison_is_stored_and_read_back(tmp_path):
    repo = Repository(tmp_path / "db.json")
    repo.add_people(parse_roster(NEW_CSV)[0])
    again = {p.email: p for p in Repository(tmp_path / "db.json").people()}
    assert again["liu@gov.example"].liaison == ("教育局", "文旅局", "Education Bureau")
    assert again["han@gov.example"].role == "media"


def test_liaison_cells_and_department_names():
    assert parse_liaison(" 教育局 、文旅局| 教育局 ,Education  Bureau ") == (
        "教育局", "文旅局", "Education Bureau")
    assert format_liaison(("教育局", "文旅局")) == "教育局; 文旅局"
    assert names_same_org("教育", "教育局") and names_same_org("Education Bureau", "education")
    assert not names_same_org("教育局", "住建局") and not names_same_org("", "教育局")


def test_people_list_shows_liaison_and_media(tmp_path, capsys):
    """`leanmeet people list` (and --json) through the real CSV import and database."""
    import json

    from leanmeet.cli.main import main

    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,role,title,department,liaison\n"
                      "刘晓燕,liu@gov.example,leader,副市长,市政府,教育局；文旅局\n"
                      "韩雪,han@gov.example,media,记者,天水日报社,\n", encoding="utf-8")
    db = ["--db", str(tmp_path / "db.json")]
    assert main([*db, "people", "import", str(roster)]) == 0
    capsys.readouterr()
    assert main([*db, "people", "list"]) == 0
    out = capsys.readouterr().out
    assert "leader  刘晓燕 <liu@gov.example>  副市长, 市政府; liaison: 教育局, 文旅局" in out
    assert "media   韩雪 <han@gov.example>  记者, 天水日报社" in out
    assert main([*db, "people", "list", "--json"]) == 0
    rows = {p["name"]: p for p in json.loads(capsys.readouterr().out)["people"]}
    assert rows["刘晓燕"]["liaison"] == ["教育局", "文旅局"]
    assert rows["韩雪"]["role"] == "media" and rows["韩雪"]["liaison"] == []


def test_adding_a_person_again_keeps_what_the_addition_does_not_give(tmp_path, capsys):
    """`people add` with an email on the roster updates that entry: its name and role as
    given, and the title, department and liaison departments it does not give kept (the
    command, like the TUI's dialog, has no way to give the liaison)."""
    import json

    from leanmeet.cli.main import main

    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,role,title,department,liaison\n"
                      "刘晓燕,liu@gov.example,leader,副市长,市政府,教育局；文旅局\n",
                      encoding="utf-8")
    db = ["--db", str(tmp_path / "db.json")]
    assert main([*db, "people", "import", str(roster)]) == 0
    assert main([*db, "people", "add", "刘晓燕", "LIU@gov.example"]) == 0  # now staff
    assert main([*db, "people", "add", "刘晓燕", "liu@gov.example", "--leader",
                 "--title", "常务副市长"]) == 0
    capsys.readouterr()
    assert main([*db, "people", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["people"]
    assert (row["role"], row["title"], row["department"], row["liaison"]) == (
        "leader", "常务副市长", "市政府", ["教育局", "文旅局"])
