"""What the CalDAV failure tests share: a database with one imported event (what must not be
lost) and `leanmeet ARGS` run in this process."""

from __future__ import annotations

import pytest

from leanmeet.cli.main import main
from tests.ics import SHANGHAI, calendar, event

FEED = calendar(event("kept-1", "DTSTART;TZID=Asia/Shanghai:20261201T090000",
                      "DTEND;TZID=Asia/Shanghai:20261201T100000", "SUMMARY:Budget review"),
                zones=SHANGHAI)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path, capsys) -> str:
    """A database with one imported event (what must not be lost)."""
    path = str(tmp_path / "db.json")
    feed = tmp_path / "dept.ics"
    feed.write_text(FEED, encoding="utf-8")
    assert cli(capsys, "--db", path, "import", str(feed))[0] == 0
    return path
