"""SVG charts of the meeting load for the HTML report (issue 15): hand-written SVG, inline
in the page — no script, no external asset, no font file; text in the page's fonts (CJK
included). Every label from a calendar or the roster is escaped with ``html.escape``.

``load_section(load)`` is the report's "Meeting load / 会议负荷" section: meetings and hours
per week, each leader's hours in meetings, research days against the pace of the 70-day
minimum, and what accepted merges saved — each chart with its numbers in a table beside it,
so the figures are readable when printed in black and white or read by a screen reader.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from leanmeet.planner.load import Load

COLOURS = ("#0b5cad", "#d97706", "#1a7f37", "#8250df")


def _e(text: object) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def _nice_step(value: float, ticks: int = 4) -> float:
    """A round tick step (1, 2, 2.5, 5 × 10^k) so that ``ticks`` steps reach ``value``."""
    if value <= 0:
        return 1.0
    raw = value / ticks
    exp = math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        step = m * 10 ** exp
        if step >= raw - 1e-9:
            return float(step)
    return float(10 ** (exp + 1))


FONT_PX = 11  # svg.chart's font size (CHART_CSS)


def _text_width(text: str) -> float:
    """About how many pixels ``text`` takes at FONT_PX: a wide (CJK) character an em, any
    other about 0.6 em. Enough to keep labels apart; the browser lays out the real text."""
    import unicodedata

    return sum(FONT_PX if unicodedata.east_asian_width(c) in "WF" else FONT_PX * 0.6
               for c in text)


def _fitted(text: str, room: float) -> str:
    """``text``, cut with "…" to about ``room`` pixels."""
    if _text_width(text) <= room:
        return text
    while text and _text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
              *, unit: str = "", width: int = 560, height: int = 230,
              marker: tuple[str, float] | None = None) -> str:
    """Grouped vertical bars: one group per label, one bar per series (name, values).
    ``marker``: (name, value) drawn as a dashed horizontal line (a target)."""
    left, right, top, bottom = 48, 12, 28, 52
    plot_w = width - left - right
    plot_h = height - top - bottom
    values = [v for _, vs in series for v in vs]
    if marker is not None:
        values.append(marker[1])
    step = _nice_step(max(values, default=0.0))
    if all(float(v).is_integer() for v in values):  # counts: whole-number ticks
        step = max(1.0, math.ceil(step))
    ymax = step * 4
    n = max(1, len(labels))
    group = plot_w / n
    bar = max(2.0, min(36.0, group * 0.8 / max(1, len(series))))
    # labels wider than their group (long names, many leaders) are slanted, not overlapped;
    # the chart grows downwards by what they need (at most 90 px along the slope)
    slanted = any(_text_width(label) > group - 4 for label in labels)
    slant_room = min(90.0, max((_text_width(label) for label in labels), default=0.0))
    if slanted:
        extra = math.ceil(slant_room * math.sin(math.radians(35))) - 16 + 8
        height += max(0, extra)
        bottom += max(0, extra)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
           f"<title>{_e(title)}</title>",
           f'<text x="{left}" y="16" class="chart-title">{_e(title)}'
           + (f" ({_e(unit)})" if unit else "") + "</text>"]
    for k in range(5):  # grid lines and the y axis
        v = ymax * k / 4
        y = top + plot_h - plot_h * k / 4
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                   f'class="grid"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">'
                   f"{_number(v)}</text>")
    for i, label in enumerate(labels):
        gx = left + group * i + (group - bar * len(series)) / 2
        for s, (name, vs) in enumerate(series):
            v = vs[i] if i < len(vs) else 0.0
            h = plot_h * (v / ymax) if ymax else 0.0
            x = gx + bar * s
            y = top + plot_h - h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                       f'fill="{COLOURS[s % len(COLOURS)]}"><title>{_e(label)} · {_e(name)}: '
                       f"{_number(v)}</title></rect>")
            if v and bar >= 14:
                out.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" class="value" '
                           f'text-anchor="middle">{_number(v)}</text>')
        cx = left + group * i + group / 2
        ly = top + plot_h + 16
        if slanted:  # read along a slope, cut to the room under the plot; whole in its title
            out.append(f'<text x="{cx:.1f}" y="{ly}" class="axis" text-anchor="end" '
                       f'transform="rotate(-35 {cx:.1f} {ly})"><title>{_e(label)}</title>'
                       f"{_e(_fitted(label, slant_room))}</text>")
        else:
            out.append(f'<text x="{cx:.1f}" y="{ly}" class="axis" '
                       f'text-anchor="middle">{_e(label)}</text>')
    if marker is not None:
        y = top + plot_h - plot_h * (marker[1] / ymax)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                   f'class="marker"/>')
        out.append(f'<text x="{width - right}" y="{y - 4:.1f}" class="axis" '
                   f'text-anchor="end">{_e(marker[0])} {_number(marker[1])}</text>')
    if len(series) > 1:  # the legend
        x = left
        for s, (name, _) in enumerate(series):
            out.append(f'<rect x="{x:.1f}" y="{height - 16}" width="10" height="10" '
                       f'fill="{COLOURS[s % len(COLOURS)]}"/>')
            out.append(f'<text x="{x + 14:.1f}" y="{height - 7}" class="axis">{_e(name)}</text>')
            x += 14 + _text_width(name) + 24
    out.append("</svg>")
    return "".join(out)


CHART_CSS = """
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
.charts figure { margin: 0; break-inside: avoid; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; }
svg.chart .chart-title { font-size: 13px; font-weight: 600; fill: #1f2328; }
svg.chart .axis { fill: #59636e; }
svg.chart .value { fill: #1f2328; font-size: 10px; }
svg.chart .grid { stroke: #d0d7de; stroke-width: 1; }
svg.chart .marker { stroke: #b42318; stroke-width: 1.5; stroke-dasharray: 5 3; }
"""


def _week_label(monday) -> str:
    return f"W{monday.isocalendar()[1]:02d}"


def load_section(load: Load) -> list[str]:
    """The report's load section (HTML lines)."""
    out = ['<section id="load">', "<h2>Meeting load / 会议负荷</h2>"]
    t = load.total
    out.append(f'<p class="meta">{t.meetings} meetings, {t.hours:.1f} hours, average '
               f"{t.average_minutes:.0f} minutes, {t.share_over_half_day:.0%} over half a day "
               f"· 会议 {t.meetings} 个，共 {t.hours:.1f} 小时</p>")
    weeks = [_week_label(w.monday) for w in load.weeks]
    out.append('<div class="charts">')
    out.append("<figure>" + bar_chart(
        "Meetings per week / 每周会议数", weeks,
        [("meetings", [w.figures.meetings for w in load.weeks]),
         ("over half a day", [w.figures.over_half_day for w in load.weeks])]) + "</figure>")
    out.append("<figure>" + bar_chart(
        "Hours in meetings per week / 每周会议时长", weeks,
        [("hours", [round(w.figures.hours, 1) for w in load.weeks])], unit="h") + "</figure>")
    if load.leaders:
        names = [x.name for x in load.leaders]
        out.append("<figure>" + bar_chart(
            "Leaders' hours in meetings / 领导会议时长", names,
            [("hours", [round(x.figures.hours, 1) for x in load.leaders])], unit="h")
            + "</figure>")
        minimum = max((x.minimum for x in load.leaders), default=70)
        out.append("<figure>" + bar_chart(
            "Research days this year / 调研天数", names,
            [("done", [x.research_days for x in load.leaders]),
             ("pace by today", [round(x.expected_days, 1) for x in load.leaders])],
            marker=("minimum", minimum)) + "</figure>")
    out.append("</div>")
    out.append('<table id="load-weeks"><thead><tr><th>Week</th><th>Meetings</th><th>Hours</th>'
               "<th>Average minutes</th><th>Over half a day</th></tr></thead><tbody>")
    for w in load.weeks:
        f = w.figures
        out.append(f"<tr><td>{_e(w.monday.isoformat())} ({_week_label(w.monday)})</td>"
                   f'<td class="num">{f.meetings}</td><td class="num">{f.hours:.1f}</td>'
                   f'<td class="num">{f.average_minutes:.0f}</td>'
                   f'<td class="num">{f.over_half_day} ({f.share_over_half_day:.0%})</td></tr>')
    out.append("</tbody></table>")
    if load.leaders:
        out.append('<table id="load-leaders"><thead><tr><th>Leader</th><th>Meetings</th>'
                   "<th>Hours</th><th>Average minutes</th><th>Over half a day</th>"
                   "<th>Research days (pace, projected, minimum)</th></tr></thead><tbody>")
        for x in load.leaders:
            f = x.figures
            cls = ' class="st-open"' if x.behind else ""
            out.append(f"<tr><td>{_e(x.name)}</td><td class=\"num\">{f.meetings}</td>"
                       f'<td class="num">{f.hours:.1f}</td>'
                       f'<td class="num">{f.average_minutes:.0f}</td>'
                       f'<td class="num">{f.over_half_day}</td>'
                       f"<td{cls}>{x.research_days} ({x.expected_days:.0f}, "
                       f"{x.projected_days:.0f}, {x.minimum})</td></tr>")
        out.append("</tbody></table>")
    saved = (f"Accepted merges saved {load.meetings_saved} meetings and "
             f"{load.person_hours_saved:.1f} person-hours (from the originals' attendees and "
             f"lengths) · 合并会议减少 {load.meetings_saved} 个会议、"
             f"{load.person_hours_saved:.1f} 人·小时")
    out.append(f'<p id="load-saved">{_e(saved)}</p>')
    out.append("</section>")
    return out


__all__ = ["CHART_CSS", "bar_chart", "load_section"]
