"""The plan as CSV (one row per occurrence) and as Markdown (week by week, findings, merges,
leaders' load). Columns of the CSV are documented in README.md ("Export").

CSV: UTF-8 with a byte order mark (so that Excel and WPS open Chinese text correctly), CRLF
rows, every cell quoted when needed by the csv module; a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so that a spreadsheet
shows it as text instead of running it as a formula.
Markdown: event text is escaped (``|``, ``*``, ``_``, ``[``, ``<``… get a backslash, line
breaks become spaces), so a title never turns into a link, a table column or markup.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from leanmeet.planner.findings import as_aware, describe_when
from leanmeet.planner.model import Attendee, Occurrence
from leanmeet.planner.plan import Plan, PlanEntry, start_day

COLUMNS = [
    "date", "start", "end", "all_day", "summary", "location", "kind", "status", "organizer",
    "attendees", "leaders", "left_out", "arrangement", "exemptions", "findings", "merged_from",
    "uid", "recurrence_id", "feed",
]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def person(a: Attendee) -> str:
    if a.name and a.email and a.name != a.email:
        return f"{a.name} <{a.email}>"
    return a.email or a.name


def iso(value: date | datetime | None, tz: tzinfo) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return as_aware(value, tz).astimezone(tz).isoformat()
    return value.isoformat()


def time_range(occ: Occurrence, tz: tzinfo) -> str:
    """``09:00–10:30`` (``all day`` / ``all day, 3 days``; an end on a later day shows it)."""
    if not isinstance(occ.start, datetime):
        end = occ.end if not isinstance(occ.end, datetime) else occ.end.date()
        days = max(1, (end - occ.start).days)
        return "all day" if days == 1 else f"all day, {days} days"
    s = as_aware(occ.start, tz).astimezone(tz)
    e = as_aware(occ.end, tz).astimezone(tz)
    if e.date() != s.date():
        return f"{s:%H:%M}–{e:%m-%d %H:%M}"
    return f"{s:%H:%M}–{e:%H:%M}"


def cell(text: str) -> str:
    """A CSV text cell that a spreadsheet shows as text."""
    text = text or ""
    return "'" + text if text.startswith(_FORMULA) else text


def joined(items: Iterable[str]) -> str:
    return "; ".join(i for i in items if i)


def merged_from(plan: Plan, entry: PlanEntry) -> list[str]:
    if entry.merge is None:
        return []
    for m in plan.merges:
        if m.id == entry.merge:
            return [f"{uid}@{rid}" if rid else uid for (uid, rid), _ in m.originals]
    return []


def row(plan: Plan, e: PlanEntry) -> list[str]:
    occ, tz = e.occ, plan.tz
    return [
        start_day(occ, tz).isoformat(),
        iso(occ.start, tz),
        iso(occ.end, tz),
        "true" if occ.all_day else "false",
        cell(occ.summary),
        cell(occ.location),
        e.kind,
        occ.status,
        cell(occ.organizer.email if occ.organizer else ""),
        cell(joined(person(a) for a in e.attendees)),
        cell(joined(e.leaders)),
        cell(joined(person(a) for a in e.left_out)),
        cell(e.arrangement or ""),
        cell(joined(f"{rule}: {reason}" for rule, reason in e.exemptions)),
        joined(dict.fromkeys(f.rule for f in e.findings)),
        cell(joined(merged_from(plan, e))),
        cell(occ.uid),
        iso(occ.recurrence_id, tz),
        cell(occ.feed),
    ]


def plan_csv(plan: Plan) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in plan.entries:
        writer.writerow(row(plan, e))
    return out.getvalue()


# ------------------------------------------------------------------ Markdown
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str) -> str:
    """Event text as literal Markdown: one line, punctuation that means markup escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def notes(e: PlanEntry) -> list[str]:
    out = []
    if e.merge:
        out.append(f"merged ({e.merge})")
    if e.arrangement and e.kind == "ceremony":  # where §4 asks for one
        out.append(f"arranged: {e.arrangement}")
    out += [f"exempt from {rule}: {reason}" for rule, reason in e.exemptions]
    if e.left_out:
        out.append("left out: " + ", ".join(person(a) for a in e.left_out))
    rules = list(dict.fromkeys(f.rule for f in e.findings))
    if rules:
        out.append("findings: " + ", ".join(rules))
    if e.cancelled:
        out.append("cancelled")
    return out


def finding_event(row_finding, tz: tzinfo) -> str:
    occ = row_finding.occurrence
    if occ is None:
        return ""
    text = f"{describe_when(occ, tz)} {occ.summary}"
    others = [f"{describe_when(o, tz)} {o.summary}" for o in row_finding.occurrences[1:]]
    return "; ".join([text, *others])


def sorted_rows(plan: Plan):
    return sorted(plan.rows, key=lambda r: (SEVERITY_ORDER.get(r.finding.severity, 9),
                                            r.status != "open"))


def plan_markdown(plan: Plan) -> str:
    tz = plan.tz
    counts = plan.counts()
    lines = [
        f"# Consolidated meeting plan {plan.first} – {plan.last}",
        "",
        f"{len(plan.entries)} occurrences; findings: {counts['open']} open, "
        f"{counts['arranged']} arranged, {counts['exempted']} exempted; "
        f"{len(plan.merges)} merges. Times in {getattr(tz, 'key', str(tz))}.",
        "",
    ]
    for week in plan.weeks:
        iso_week = week.monday.isocalendar()[1]
        lines += [f"## Week {iso_week} ({week.monday} – {week.monday + timedelta(days=6)})",
                  ""]
        if not week.entries:
            lines += ["No meetings.", ""]
            continue
        lines += ["| Day | Time | Meeting | Location | Kind | Leaders | Notes |",
                  "|---|---|---|---|---|---|---|"]
        for e in week.entries:
            day = start_day(e.occ, tz)
            lines.append("| " + " | ".join([
                f"{day:%a %m-%d}", time_range(e.occ, tz), md(e.occ.summary),
                md(e.occ.location), e.kind, md(", ".join(e.leaders)),
                md("; ".join(notes(e)))]) + " |")
        lines.append("")
    lines += ["## Findings", ""]
    if plan.rows:
        lines += ["| Severity | Rule | Clause | Status | Event | People | Message |",
                  "|---|---|---|---|---|---|---|"]
        for r in sorted_rows(plan):
            f = r.finding
            status = r.status + (f": {r.note}" if r.note else "")
            lines.append("| " + " | ".join([
                f.severity, f.rule, md(f.clause), md(status), md(finding_event(f, tz)),
                md(", ".join(plan.name_of(p) for p in f.people)), md(f.message)]) + " |")
    else:
        lines.append("No findings.")
    lines += ["", "## Merges made", ""]
    if not plan.merges:
        lines.append("No merges.")
    for m in plan.merges:
        head = (f"{describe_when(m.merged.occ, tz)} {m.merged.occ.summary}" if m.merged
                else m.summary)
        lines.append(f"- **{md(head)}** ({md(m.id)}) replaces:")
        for (uid, _rid), occ in m.originals:
            shown = f"{describe_when(occ, tz)} {occ.summary}" if occ else uid
            lines.append(f"  - {md(shown)}")
    lines += ["", "## Leaders", "",
              "| Leader | Title | Meetings | Hours | Days | Left out of | "
              "Grassroots days this year |",
              "|---|---|---|---|---|---|---|"]
    for load in plan.leaders:
        lines.append("| " + " | ".join([
            md(load.person.name or load.person.email), md(load.person.title),
            str(load.meetings), f"{load.hours:.1f}", str(load.days), str(load.left_out),
            grassroots_text(load.grassroots)]) + " |")
    lines.append("")
    return "\n".join(lines)


def grassroots_text(details) -> str:
    if not details:
        return ""
    planned = f" (+{details['planned']} planned)" if details.get("planned") else ""
    return (f"{details['days']}{planned} of {details['minimum']}; "
            f"projected {details['projected']}")


__all__ = ["COLUMNS", "cell", "md", "plan_csv", "plan_markdown", "time_range"]
