"""The plan as a self-contained HTML report: one file, inline CSS, no script, no external
asset (it works offline and from a mail attachment), laid out to print on A4 landscape.

Sections: a summary, the plan week by week (a day heading, then each meeting with its time,
place, kind, leaders and notes), every finding with its rule, clause and status (open,
arranged, exempted), the merges made, and each leader's meeting load and grassroots days.
Every string that comes from a calendar, the roster or a decision is escaped with
``html.escape``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape

from leanmeet.planner.findings import describe_when
from leanmeet.planner.load import Load
from leanmeet.planner.plan import Plan, PlanEntry, start_day
from leanmeet.storage.export.charts import CHART_CSS, load_section
from leanmeet.storage.export.tables import finding_event, grassroots_text, sorted_rows, time_range

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --head: #f3f5f7;
  --error: #b42318; --warning: #9a6700; --info: #0b5cad; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); margin: 2rem auto; max-width: 80rem; padding: 0 1rem; line-height: 1.4;
  font-size: 14px; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--ink);
  padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
nav a { margin-right: 1rem; }
.summary { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: 6px; padding: .3rem .7rem; }
.summary b { font-size: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--head); }
tr.day th { background: #fafbfc; font-weight: 600; }
td.time, td.num { white-space: nowrap; }
td.num { text-align: right; }
tr.cancelled td.title { text-decoration: line-through; color: var(--muted); }
.badge { display: inline-block; border-radius: 4px; padding: 0 .35rem; margin: 0 .2rem .1rem 0;
  font-size: .8rem; border: 1px solid currentColor; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); }
.sev-info { color: var(--info); }
.st-open { color: var(--error); } .st-arranged, .st-exempted { color: var(--ok); }
.st-merged { color: var(--info); } .st-left-out { color: var(--error); }
table.fixed { table-layout: fixed; }
td { overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: .85rem; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: .8rem; margin-top: 2rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; }
  th, td { padding: .12rem .3rem; }
  nav { display: none; }
  h2 { break-before: page; } #plan h2 { break-before: auto; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def e(text: object) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def _cols(*percents: int) -> str:
    return "<colgroup>" + "".join(f'<col style="width:{p}%">' for p in percents) + "</colgroup>"


def badge(text: str, cls: str) -> str:
    return f'<span class="badge {cls}">{e(text)}</span>'


def _notes(entry: PlanEntry) -> str:
    parts = []
    if entry.merge:
        parts.append(badge("merged", "st-merged"))
    if entry.arrangement and entry.kind == "ceremony":  # where §4 asks for one
        parts.append(badge(f"arranged: {entry.arrangement}", "st-arranged"))
    for rule, reason in entry.exemptions:
        parts.append(badge(f"exempt from {rule}", "st-exempted") + f' <span class="note">'
                     f"{e(reason)}</span>")
    if entry.left_out:
        parts.append(badge("left out: " + ", ".join(a.name or a.email for a in entry.left_out),
                           "st-left-out"))
    for f in {f.rule: f for f in entry.findings}.values():
        parts.append(badge(f.rule, f"sev-{f.severity}"))
    if entry.cancelled:
        parts.append(badge("cancelled", "sev-info"))
    return " ".join(parts)


def _plan_section(plan: Plan) -> list[str]:
    tz = plan.tz
    out = ['<section id="plan">', "<h2>Plan, week by week / 每周安排</h2>"]
    for week in plan.weeks:
        sunday = week.monday + timedelta(days=6)
        out.append(f'<section class="week"><h3>Week {week.monday.isocalendar()[1]} · '
                   f"{week.monday} – {sunday}</h3>")
        if not week.entries:
            out.append('<p class="empty">No meetings.</p></section>')
            continue
        out.append('<table class="plan fixed">' + _cols(10, 30, 19, 8, 14, 19)
                   + "<thead><tr><th>Time</th><th>Meeting</th><th>Location</th><th>Kind</th>"
                   "<th>Leaders</th><th>Notes</th></tr></thead><tbody>")
        day = None
        for entry in week.entries:
            d = start_day(entry.occ, tz)
            if d != day:
                day = d
                out.append(f'<tr class="day"><th colspan="6">{d:%A} {d.isoformat()}</th></tr>')
            cls = "cancelled" if entry.cancelled else ""
            out.append(
                f'<tr class="{cls}"><td class="time">{e(time_range(entry.occ, tz))}</td>'
                f'<td class="title">{e(entry.occ.summary)}</td><td>{e(entry.occ.location)}</td>'
                f"<td>{e(entry.kind)}</td><td>{e(', '.join(entry.leaders))}</td>"
                f"<td>{_notes(entry)}</td></tr>")
        out.append("</tbody></table></section>")
    out.append("</section>")
    return out


def _table_section(section: str, heading: str, empty: str, table: str, rows: list[str]
                   ) -> list[str]:
    """A report section: its heading, then ``table`` (the opening tags up to ``<tbody>``) with
    one line per row, or the ``empty`` note when there are no rows."""
    out = [f'<section id="{section}">', f"<h2>{heading}</h2>"]
    if not rows:
        return out + [f'<p class="empty">{empty}</p>', "</section>"]
    return out + [table, *rows, "</tbody></table>", "</section>"]


def _findings_section(plan: Plan) -> list[str]:
    rows = []
    for r in sorted_rows(plan):
        f = r.finding
        note = f'<div class="note">{e(r.note)}</div>' if r.note else ""
        rows.append(
            f'<tr class="finding status-{e(r.status)}">'
            f'<td class="sev-{e(f.severity)}">{e(f.severity)}</td>'
            f"<td>{e(f.rule)}</td><td>{e(f.clause)}</td>"
            f"<td>{badge(r.status, f'st-{r.status}')}{note}</td>"
            f"<td>{e(finding_event(f, plan.tz))}</td>"
            f"<td>{e(', '.join(plan.name_of(p) for p in f.people))}</td>"
            f"<td>{e(f.message)}</td></tr>")
    return _table_section(
        "findings", "Findings / 问题清单", "No findings.",
        '<table id="findings-table" class="fixed">' + _cols(7, 11, 9, 12, 23, 12, 26)
        + "<thead><tr><th>Severity</th><th>Rule</th><th>Clause</th><th>Status</th>"
        "<th>Event</th><th>People</th><th>Message</th></tr></thead><tbody>", rows)


def _merges_section(plan: Plan) -> list[str]:
    rows = []
    for m in plan.merges:
        if m.merged is not None:
            head = (f"{e(describe_when(m.merged.occ, plan.tz))}<br><b>"
                    f"{e(m.merged.occ.summary)}</b>")
        else:
            head = f"<b>{e(m.summary)}</b>"
        items = "".join(
            f"<li>{e(describe_when(o, plan.tz))} {e(o.summary)}</li>" if o is not None
            else f"<li>{e(uid)}</li>" for (uid, _rid), o in m.originals)
        rows.append(f"<tr><td>{head}<div class=\"note\">{e(m.id)}</div></td>"
                    f"<td><ul>{items}</ul></td></tr>")
    return _table_section(
        "merges", "Merges made / 已合并会议", "No merges.",
        '<table id="merges-table"><thead><tr><th>Merged meeting</th><th>Replaces</th>'
        "</tr></thead><tbody>", rows)


def _leaders_section(plan: Plan) -> list[str]:
    rows = []
    for load in plan.leaders:
        g = load.grassroots
        short = bool(g) and g.get("projected", 0) < g.get("minimum", 0)
        rows.append(
            f"<tr><td>{e(load.person.name or load.person.email)}</td>"
            f"<td>{e(load.person.title)}</td><td class=\"num\">{load.meetings}</td>"
            f"<td class=\"num\">{load.hours:.1f}</td><td class=\"num\">{load.days}</td>"
            f"<td class=\"num\">{load.left_out}</td>"
            f"<td class=\"{'st-open' if short else ''}\">{e(grassroots_text(g))}</td></tr>")
    return _table_section(
        "leaders", "Leaders' load / 领导活动统计", "No leaders on the roster.",
        '<table id="leaders-table"><thead><tr><th>Leader</th><th>Title</th>'
        "<th>Meetings</th><th>Hours</th><th>Days</th><th>Left out of</th>"
        f"<th>Grassroots days {plan.today.year}</th></tr></thead><tbody>", rows)


def plan_html(plan: Plan, *, generated: datetime | None = None, load: Load | None = None) -> str:
    """The report; ``load`` (``planner.load.meeting_load``) adds the meeting-load section
    with its SVG charts."""
    generated = generated or datetime.now(UTC)
    counts = plan.counts()
    errors = sum(1 for r in plan.rows if r.status == "open" and r.finding.severity == "error")
    zone = getattr(plan.tz, "key", str(plan.tz))
    title = f"Consolidated meeting plan / 会议统筹计划 {plan.first} – {plan.last}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="leanmeet">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}{CHART_CSS if load is not None else ''}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">Times in {e(zone)} · generated '
        f"{generated.astimezone(plan.tz):%Y-%m-%d %H:%M} by leanmeet</p>",
        '<ul class="summary">',
        f"<li><b>{len(plan.entries)}</b> meetings</li>",
        f'<li><b class="sev-error">{errors}</b> open errors</li>',
        f"<li><b>{counts['open']}</b> open findings</li>",
        f"<li><b>{counts['arranged']}</b> arranged</li>",
        f"<li><b>{counts['exempted']}</b> exempted</li>",
        f"<li><b>{len(plan.merges)}</b> merges</li>",
        "</ul>",
        '<nav><a href="#plan">Plan</a><a href="#findings">Findings</a>'
        '<a href="#merges">Merges</a><a href="#leaders">Leaders</a>'
        + ('<a href="#load">Load</a>' if load is not None else "") + "</nav>",
        "</header>",
        "<main>",
        *_plan_section(plan),
        *_findings_section(plan),
        *_merges_section(plan),
        *_leaders_section(plan),
        *(load_section(load) if load is not None else ()),
        "</main>",
        "<footer>leanmeet · SPEC §6 consolidated plan</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


__all__ = ["plan_html"]
