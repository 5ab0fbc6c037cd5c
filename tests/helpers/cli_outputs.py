"""Run every ``leanmeet`` command on the sample calendars in one process and print, as JSON,
what each said: ``python -m tests.helpers.cli_outputs WORK`` (WORK: an empty folder for the
database, the rules and the exports; the language comes from the environment, as for a
user). Each entry is ``{"args", "code", "out", "err"}``: the human output, the ``--json``
output, the errors (bad dates, unknown events, suggestions and rules, missing arguments,
refusals) and every ``--help``."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

from leanmeet.cli.main import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_calendars"
RULES = 'timezone = "Asia/Shanghai"\n'
WINDOW = ["--from", "2026-11-30", "--to", "2026-12-31"]


def run(work: Path) -> list[dict]:
    db, rules = work / "leanmeet.json", work / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    said: list[dict] = []

    def cli(*args: str) -> dict:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--db", str(db), "--rules", str(rules), *args])
            except SystemExit as exc:  # --help
                code = exc.code
        entry = {"args": list(args), "code": code, "out": out.getvalue(), "err": err.getvalue()}
        said.append(entry)
        return entry

    feeds = sorted(str(p) for p in SAMPLES.glob("*.ics") if p.name != "government-office.ics")
    cli("import", str(SAMPLES / "government-office.ics"), "--arranged")
    cli("import", *feeds)
    cli("people", "import", str(SAMPLES / "roster.csv"))
    data = {}
    for command in (["people", "list"], ["list", *WINDOW], ["check", *WINDOW],
                    ["suggest", *WINDOW], ["stats"], ["decisions"]):
        cli(*command)
        data[command[0]] = json.loads(cli(*command, "--json")["out"])
    events, people = data["list"]["events"], data["people"]["people"]
    suggestions = data["suggest"]["suggestions"]
    leaders = [p["name"] for p in people if p["role"] == "leader"][:2]
    cli("free", *leaders, *WINDOW)
    cli("free", *leaders, *WINDOW, "--json")
    uid = events[0]["uid"]
    series = next((e for e in events if e["recurrence_id"]), events[0])
    cli("kind", uid)
    cli("kind", uid, "ceremony", "--remember")
    cli("kind", uid, "--forget")
    cli("arrange", uid, "--ref", "市府办〔2026〕12号")
    cli("arrange", series["uid"], "--occurrence", series["recurrence_id"], "--ref", "通知")
    cli("exempt", uid, "--rule", "half-day-limit", "--reason", "特殊需要")
    if suggestions:
        first = suggestions[0]["id"]
        cli("merge", first)
        cli("decisions")
        cli("unmerge", first)
    if len(suggestions) > 1:
        cli("dismiss", suggestions[1]["id"])
        cli("decisions")
    cli("stats")
    exports = work / "exports"
    exports.mkdir()
    for name in ("plan.ics", "plan.csv", "plan.md", "plan.html", "leaders.xlsx"):
        cli("export", str(exports / name), *WINDOW)
    cli("export", str(exports / "notices"), "--format", "itip", *WINDOW)
    cli("export", str(exports / "leaders.html"), "--format", "leaders", *WINDOW)
    # errors and refusals
    cli("list", "--from", "2026-13-01")
    cli("list", "--from", "2026-12-31", "--to", "2026-12-01")
    cli("arrange", "NO-SUCH-UID", "--ref", "x")
    cli("arrange", uid)
    cli("arrange", uid, "--ref", " ")
    cli("exempt", uid, "--rule", "no-such-rule", "--reason", "x")
    cli("exempt", uid, "--rule", "half-day-limit", "--reason", " ")
    cli("kind", uid, "--remember")
    cli("kind", uid, "ceremony", "--forget")
    cli("merge", "S-000000")
    cli("unmerge", "S-000000")
    cli("free", "张三", "--minutes", "0")
    cli("free", "nobody-at-all", *WINDOW)
    cli("export", str(exports / "missing" / "plan.ics"))
    cli("export", str(exports))
    cli("export", str(exports / "plan.ics"), "--format", "itip")
    cli("people", "add", "王五", "not-an-email")
    cli("people", "add", "王五", "wangwu@example.gov.cn")
    cli("import", str(work / "missing.ics"))
    cli("import", "-", "-")
    cli("refresh")
    cli("refresh", "--timeout", "0")
    cli("sync")
    cli("sync", "http://127.0.0.1:9/", "--timeout", "0")
    cli("sync", "http://127.0.0.1:9/", "--password-env", "LEANMEET_NO_SUCH_VARIABLE")
    cli("no-such-command")
    cli("check", "--no-such-option")
    cli("--help")
    for command in COMMANDS:
        cli(command.NAME, "--help")
    for sub in ("import", "add", "list"):
        cli("people", sub, "--help")
    return said


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1])), ensure_ascii=False))
