"""The leaders' weekly activity table (领导一周活动安排) as HTML, CSV and XLSX.

    leanmeet export week.html --format leaders      (HTML: one A4 landscape page per week)
    leanmeet export week.csv  --format leaders      (CSV: one row per leader and week)
    leanmeet export week.xlsx                        (XLSX: one sheet per week; .xlsx implies it)

HTML: one self-contained file (inline CSS, no script, no external asset), each week a table
on its own A4 landscape page (``break-after: page``), CJK fonts first, every calendar or
roster string escaped with ``html.escape``. Blocked events are struck through and marked.
CSV: UTF-8 with a byte order mark, one row per leader per week: week, leader, title, then a
column per day and half-day, the cell's events one per line; cells that a spreadsheet would
run as a formula get a ``'`` (as in the plan's CSV). XLSX (openpyxl): the same grid per
sheet, day headings merged over their two half-days, wrapped text, printed A4 landscape
fitted to one page wide; text cells are written as strings (openpyxl never turns a leading
``=`` into a formula when the data type is set to string).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from html import escape

from leanmeet.planner.leaders_week import HEADINGS, Item, WeekTable
from leanmeet.storage.export.tables import cell as csv_cell

CSS = """
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "SimSun", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  color: #111; margin: 1.5rem; font-size: 13px; line-height: 1.35; }
h1 { font-size: 1.5rem; text-align: center; margin: 0 0 .2rem; letter-spacing: .1em; }
h2 { font-size: 1.05rem; text-align: center; margin: 0 0 .6rem; font-weight: normal; }
.meta { color: #555; font-size: .8rem; text-align: right; margin: .3rem 0 0; }
section.week { break-after: page; page-break-after: always; margin-bottom: 2rem; }
section.week:last-of-type { break-after: auto; page-break-after: auto; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #333; padding: .2rem .3rem; vertical-align: top;
  overflow-wrap: anywhere; }
thead th { background: #eef1f4; text-align: center; }
th.leader { width: 8%; }
th.off { background: #f6e3e3; } th.workday { background: #e3f0e6; }
td.name { font-weight: bold; text-align: center; vertical-align: middle; }
td.name .title { display: block; font-weight: normal; font-size: .8em; color: #444; }
.item { margin: 0 0 .25rem; }
.item .time { font-weight: bold; }
.item .place { color: #444; }
.item.blocked { color: #a00; text-decoration: line-through; }
.item .mark { text-decoration: none; display: inline-block; border: 1px solid currentColor;
  border-radius: 3px; padding: 0 .2rem; font-size: .75em; margin-left: .2rem; }
.holiday { display: block; font-weight: normal; font-size: .75em; }
.empty { color: #777; font-style: italic; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { margin: 0; font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(text: object) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def _item_html(item: Item, h: dict[str, str]) -> str:
    cls = "item blocked" if item.blocked else "item"
    title = f' title="{_e(item.reason)}"' if item.reason else ""
    place = f' <span class="place">@ {_e(item.place)}</span>' if item.place else ""
    mark = f'<span class="mark">{_e(h["blocked"])}</span>' if item.blocked else ""
    return (f'<div class="{cls}"{title}><span class="time">{_e(item.time)}</span> '
            f'<span class="what">{_e(item.title)}</span>{place}{mark}</div>')


def _day_heading(table: WeekTable, k: int) -> str:
    d = table.days[k]
    h = table.headings
    cls = "off" if d.day_off else ("workday" if d.working_weekend else "")
    note = d.holiday or (h["working_weekend"] if d.working_weekend else "")
    extra = f'<span class="holiday">{_e(note)}</span>' if note else ""
    return f'<th colspan="2" class="{cls}">{_e(d.label)}{extra}</th>'


def week_html(table: WeekTable) -> str:
    h = table.headings
    out = [f'<section class="week" id="week-{table.monday.isoformat()}">',
           f"<h1>{_e(h['title'])}</h1>", f"<h2>{_e(table.title)}</h2>"]
    if not table.rows:
        out += [f'<p class="empty">{_e(h["no_leaders"])}</p>', "</section>"]
        return "\n".join(out)
    out.append('<table class="leaders"><thead><tr>'
               f'<th class="leader" rowspan="2">{_e(h["leader"])}</th>'
               + "".join(_day_heading(table, k) for k in range(7)) + "</tr><tr>"
               + f"<th>{_e(h['morning'])}</th><th>{_e(h['afternoon'])}</th>" * 7
               + "</tr></thead><tbody>")
    for row in table.rows:
        title = f'<span class="title">{_e(row.person.title)}</span>' if row.person.title else ""
        cells = "".join("<td>" + "".join(_item_html(i, h) for i in half) + "</td>"
                        for day in row.cells for half in day)
        out.append(f'<tr><td class="name">{_e(row.name)}{title}</td>{cells}</tr>')
    out += ["</tbody></table>", "</section>"]
    return "\n".join(out)


def leaders_html(tables: Sequence[WeekTable], tz: tzinfo, *,
                 generated: datetime | None = None) -> str:
    h = tables[0].headings if tables else HEADINGS["en"]
    generated = generated or datetime.now(UTC)
    zone = getattr(tz, "key", str(tz))
    lang = "zh-CN" if h is HEADINGS["zh_CN"] else "en"
    meta = h["generated"].format(zone=zone, when=f"{generated.astimezone(tz):%Y-%m-%d %H:%M}")
    parts = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
             '<meta name="generator" content="leanmeet">', f"<title>{_e(h['title'])}</title>",
             f"<style>{CSS}</style>", "</head>", "<body>"]
    parts += [week_html(t) for t in tables]
    parts += [f'<p class="meta">{_e(meta)}</p>', "</body>", "</html>", ""]
    return "\n".join(parts)


def _cell_text(items: Sequence[Item], h: dict[str, str]) -> str:
    return "\n".join(i.text(h) for i in items)


def header_row(table: WeekTable) -> list[str]:
    h = table.headings
    cols = [h["leader"]]
    for d in table.days:
        cols += [f"{d.label} {h['morning']}", f"{d.label} {h['afternoon']}"]
    return cols


def leaders_csv(tables: Sequence[WeekTable]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    h = tables[0].headings if tables else HEADINGS["en"]
    zh = h is HEADINGS["zh_CN"]
    week_col, title_col = ("周次", "职务") if zh else ("week", "title")
    halves = [h["morning"], h["afternoon"]]
    names = h["weekdays"].split()
    writer.writerow([week_col, h["leader"], title_col]
                    + [f"{n} {half}" for n in names for half in halves])
    for t in tables:
        for row in t.rows:
            writer.writerow([csv_cell(t.title), csv_cell(row.name), csv_cell(row.person.title)]
                            + [csv_cell(_cell_text(half, t.headings))
                               for day in row.cells for half in day])
    return buffer.getvalue()


def leaders_xlsx(tables: Sequence[WeekTable]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="333333")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    head_fill = PatternFill("solid", fgColor="EEF1F4")
    off_fill = PatternFill("solid", fgColor="F6E3E3")
    used: set[str] = set()

    def text(ws, row: int, col: int, value: str, **style) -> None:
        c = ws.cell(row=row, column=col)
        c.value = value
        c.data_type = "s"  # always text: a title starting with "=" is not a formula
        c.border = border
        for k, v in style.items():
            setattr(c, k, v)

    for t in tables or []:
        h = t.headings
        year, week, _ = t.monday.isocalendar()
        name = f"{year}-W{week:02d}"
        while name in used:
            name += "'"
        used.add(name)
        ws = wb.create_sheet(name)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "3:4"
        merges = [(1, 1, 1, 15), (2, 1, 2, 15), (3, 1, 4, 1)]  # after the values are in
        text(ws, 1, 1, h["title"], font=Font(bold=True, size=16), alignment=centre)
        text(ws, 2, 1, t.title, alignment=centre)
        text(ws, 3, 1, h["leader"], font=Font(bold=True), alignment=centre, fill=head_fill)
        text(ws, 4, 1, "", fill=head_fill)
        for k, d in enumerate(t.days):
            col = 2 + 2 * k
            note = d.holiday or (h["working_weekend"] if d.working_weekend else "")
            label = f"{d.label}\n{note}" if note else d.label
            merges.append((3, col, 3, col + 1))
            text(ws, 3, col, label, font=Font(bold=True), alignment=centre,
                 fill=off_fill if d.day_off else head_fill)
            text(ws, 3, col + 1, "", fill=off_fill if d.day_off else head_fill)
            text(ws, 4, col, h["morning"], alignment=centre, fill=head_fill)
            text(ws, 4, col + 1, h["afternoon"], alignment=centre, fill=head_fill)
        for r, row in enumerate(t.rows, start=5):
            label = f"{row.name}\n{row.person.title}" if row.person.title else row.name
            text(ws, r, 1, label, font=Font(bold=True), alignment=centre)
            col = 2
            for day in row.cells:
                for half in day:
                    text(ws, r, col, _cell_text(half, h), alignment=wrap,
                         font=Font(color="AA0000") if any(i.blocked for i in half) else Font())
                    col += 1
            lines = max([1] + [len(half) for day in row.cells for half in day])
            ws.row_dimensions[r].height = max(30, 15 * lines * 2)
        for r1, c1, r2, c2 in merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        ws.column_dimensions["A"].width = 12
        for col in range(2, 16):
            ws.column_dimensions[get_column_letter(col)].width = 16
    if not wb.worksheets:
        wb.create_sheet("leaders")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


__all__ = ["leaders_csv", "leaders_html", "leaders_xlsx", "week_html"]
