"""The consolidated meeting plan as .ics, iTIP notices, CSV, Markdown or HTML (SPEC §6), and
the leaders' weekly activity table (issue 15), for ``leanmeet export``, the TUI's export
dialog and ``leanmeet sync``'s push.

The format defaults to OUT's extension (.ics, .csv, .md, .html, .xlsx: the leaders' table),
else ics; ``leaders`` writes the leaders' weekly activity table as HTML, CSV or XLSX by OUT's
extension; ``itip`` writes a folder of notices. OUT ``-`` returns the data for standard output
(not for itip). The HTML report carries the meeting-load section with its SVG charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from leanmeet.application.errors import UserError
from leanmeet.application.session import Session, interface_language
from leanmeet.planner.leaders_week import leader_weeks
from leanmeet.planner.load import meeting_load
from leanmeet.planner.plan import Merge, Plan, build_plan, in_window, review
from leanmeet.planner.rules import CheckContext
from leanmeet.storage.atomic import write_atomically
from leanmeet.storage.export import FORMATS
from leanmeet.storage.export.html import plan_html
from leanmeet.storage.export.ics import plan_ics
from leanmeet.storage.export.itip import merge_notices, write_notices
from leanmeet.storage.export.leaders import leaders_csv, leaders_html, leaders_xlsx
from leanmeet.storage.export.tables import plan_csv, plan_markdown
from leanmeet.storage.merged import key_instant, merged_uid
from leanmeet.storage.occurrences import office_window

__all__ = ["EXTENSIONS", "FORMATS", "ExportResult", "build", "export_format", "export_plan",
           "leaders_export", "plan_ics_text"]

EXTENSIONS = {".ics": "ics", ".ical": "ics", ".ifb": "ics", ".csv": "csv", ".md": "md",
              ".markdown": "md", ".html": "html", ".htm": "html", ".xlsx": "leaders"}
LEADER_EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}


def export_format(out: str, given: str | None) -> str:
    if given:
        return given
    return EXTENSIONS.get(Path(out).suffix.lower(), "ics")


# ------------------------------------------------------------------ building the plan
def build(session: Session, fmt: str, first: date, last: date) -> tuple[Plan, CheckContext]:
    """(plan, context) for the window: the plan's occurrences, findings (only the blocking
    rules for ics/itip; every rule, with the year for grassroots days, and the status of
    each finding for the reports), accepted merges with their originals."""
    repo = session.repository
    tz = session.tz
    ctx = session.check_context()
    reports = fmt not in ("ics", "itip")
    if reports:
        load_first = min(first, date(ctx.today.year, 1, 1))
        load_last = max(last, date(ctx.today.year, 12, 31))
    else:  # a day around the window: the originals of merges at its edges
        load_first, load_last = first - timedelta(days=1), last + timedelta(days=1)
    everything = session.occurrences(load_first, load_last, include_superseded=True)
    superseded = repo.superseded_keys()
    occs = [o for o in everything if key_instant(o.key) not in superseded]
    lo, hi = office_window(first, last, tz)
    in_plan = [o for o in occs if in_window(o, lo, hi, tz)]
    found = review(occs if reports else in_plan, ctx, first, last, statuses=reports,
                   blocking_only=not reports)
    by_instant = {key_instant(o.key): o for o in everything}
    merges = [
        Merge(d.uid, merged_uid(d.uid), d.text, d.at,
              tuple((tuple(m), by_instant.get(key_instant(tuple(m)))) for m in d.members))
        for d in ctx.decisions.decisions if d.type == "merge-accepted"]
    plan = build_plan(in_plan, ctx, first=first, last=last, findings=found.findings,
                      rows=found.rows, merges=merges, people=reports)
    return plan, ctx


def _ics(session: Session, plan: Plan, ctx: CheckContext, name: str = ""):
    repo = session.repository
    records, zones, arranged_feeds = repo.export_sources()
    return plan_ics(plan, records, zones, ctx.decisions.decisions,
                    superseded=repo.superseded_keys(), arranged_feeds=arranged_feeds,
                    name=name)


def plan_ics_text(session: Session, first: date, last: date) -> tuple[str, list[str]]:
    """The consolidated plan of [first, last] as .ics text (what ``sync`` pushes), and the
    problems met."""
    plan, ctx = build(session, "ics", first, last)
    result = _ics(session, plan, ctx)
    return result.text, list(result.problems)


def leaders_export(plan: Plan, ctx: CheckContext, out: str) -> tuple[bytes, str]:
    """(file content, what) of the leaders' weekly activity table of ``plan``: HTML, CSV or
    XLSX by OUT's extension (HTML for another or none), headings in the interface language."""
    kind = LEADER_EXTENSIONS.get(Path(out).suffix.lower(), "html")
    tables = leader_weeks(plan, ctx.roster, interface_language(),
                          ctx.rulebook.merge.holiday_country)
    if kind == "csv":
        return leaders_csv(tables).encode("utf-8-sig"), "CSV"
    if kind == "xlsx":
        return leaders_xlsx(tables), "XLSX"
    return leaders_html(tables, plan.tz).encode("utf-8"), "HTML"


# ------------------------------------------------------------------ writing it
@dataclass
class ExportResult:
    summary: str  # one line: what was written where
    problems: list[str] = field(default_factory=list)  # what could not be exported as is
    data: bytes | None = None  # OUT "-": what goes to standard output


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def export_plan(session: Session, out: str, fmt: str, first: date, last: date) -> ExportResult:
    """Export the plan of [first, last] to ``out`` (a file, a folder for itip, ``-`` for the
    returned data) in ``fmt``. Files are written atomically. Raises UserError for an OUT
    that cannot be used (nothing written)."""
    target = Path(out)
    if out == "-" and fmt == "itip":
        raise UserError("iTIP notices are several files; give a folder as OUT")
    if fmt == "itip":
        if target.exists() and not target.is_dir():
            raise UserError(f"{out} is a file; iTIP notices go into a folder")
    elif out != "-":
        if target.is_dir():
            raise UserError(f"{out} is a folder; give a file name")
        if not target.parent.is_dir() and str(target.parent):
            raise UserError(f"folder {target.parent} does not exist")
    result = ExportResult("")

    def write(path: str, data: bytes) -> None:
        if path == "-":
            result.data = data
        else:
            write_atomically(path, data, keep_mode=False)

    window_text = f"{first} to {last}"
    plan, ctx = build(session, fmt, first, last)
    if fmt == "ics":
        ics = _ics(session, plan, ctx, name=f"leanmeet plan {window_text}")
        result.problems = list(ics.problems)
        write(out, ics.text.encode("utf-8"))
        result.summary = (f"exported {_n(len(plan.entries), 'occurrence')} "
                          f"({_n(ics.events, 'event')}, {_n(ics.timezones, 'time zone')}) "
                          f"from {window_text} to {out}")
        return result
    if fmt == "itip":
        records, zones, _ = session.repository.export_sources()
        notices, result.problems = merge_notices(plan, records, zones)
        if not notices:
            result.summary = f"no accepted merges from {window_text}; nothing written"
            return result
        target.mkdir(parents=True, exist_ok=True)
        written = write_notices(notices, target, write)
        merges = len({n.merge for n in notices})
        result.summary = (f"wrote {_n(len(written), 'iTIP notice')} for {_n(merges, 'merge')} "
                          f"from {window_text} to {out} (see {target / 'index.txt'})")
        return result
    if fmt == "leaders":  # the leaders' weekly activity table (issue 15)
        data, what = leaders_export(plan, ctx, out)
        write(out, data)
        result.summary = (f"exported the leaders' weekly activity table ({what}, "
                          f"{_n(len(ctx.roster.leaders), 'leader')}) from {window_text} "
                          f"to {out}")
        return result
    if fmt == "csv":
        write(out, plan_csv(plan).encode("utf-8-sig"))
    elif fmt == "md":
        write(out, plan_markdown(plan).encode("utf-8"))
    else:
        load = meeting_load(plan, ctx.roster,
                            max_minutes=ctx.rulebook.rule("half-day-limit").max_minutes)
        write(out, plan_html(plan, load=load).encode("utf-8"))
    result.summary = (f"exported {_n(len(plan.entries), 'occurrence')}, "
                      f"{_n(len(plan.rows), 'finding')} and {_n(len(plan.merges), 'merge')} "
                      f"from {window_text} to {out}")
    return result
