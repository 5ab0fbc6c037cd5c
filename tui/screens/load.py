"""The meeting load at a glance (key ``o``): meetings and hours per week, each leader's hours
in meetings, research days against the pace of the 70-day minimum, and what accepted merges
saved — as terminal plots (textual-plotext) over eight weeks around the period shown, the
numbers in one line under them. ``n``/``p`` move four weeks.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.content import Content
from textual.widgets import Header, Static
from textual_plotext import PlotextPlot

from leanmeet.application import planning
from leanmeet.application.session import Session
from leanmeet.planner.load import Load
from leanmeet.tui.i18n import _, say
from leanmeet.tui.screens.backend import first_shown, session_of
from leanmeet.tui.screens.common import FullScreen, JobDone, JobsMixin
from leanmeet.tui.views.footer import FittingFooter

WEEKS = 8


def wide(text: str | None) -> bool:
    """Whether ``text`` has characters two cells wide (CJK)."""
    return bool(text) and any(unicodedata.east_asian_width(c) in "WF" for c in text)


class LoadScreen(JobsMixin, FullScreen[None]):
    """Plots of the office's meeting load."""

    SUB_TITLE = _("meeting load")
    DEFAULT_CSS = """
    LoadScreen #load-plots { grid-size: 2 2; height: 1fr; }
    LoadScreen PlotextPlot { height: 1fr; }
    LoadScreen #load-summary { height: auto; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,pagedown", "shift(1)", _("Next 4 weeks"), id="load.next"),
        Binding("p,pageup", "shift(-1)", _("Previous 4 weeks"), id="load.previous"),
        Binding("t", "this_week", _("This week"), id="load.today"),
    ]

    def __init__(self, session: Session | None = None, first: date | None = None) -> None:
        super().__init__()
        self.session = session
        self.first = first
        self.load_figures: Load | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="load-title", classes="screen-title")
        with Grid(id="load-plots"):
            for name in ("meetings", "hours", "leaders", "research"):
                yield PlotextPlot(id=f"plot-{name}")
        yield Static("", id="load-summary")
        yield FittingFooter()

    def on_mount(self) -> None:
        if self.session is None:
            self.session = session_of(self.app)
        if self.first is None:
            self.first = self._around(first_shown(self.app))
        self.load()

    @staticmethod
    def _around(day: date) -> date:
        monday = day - timedelta(days=day.weekday())
        return monday - timedelta(weeks=WEEKS // 2)

    @property
    def last(self) -> date:
        assert self.first is not None
        return self.first + timedelta(weeks=WEEKS, days=-1)

    def load(self) -> None:
        session, first, last = self.session, self.first, self.last
        assert session is not None and first is not None
        self.query_one("#load-title", Static).update(
            Content(_("Meeting load {first} – {last} · loading…").format(first=first, last=last)))
        self.start_job("load", lambda: planning.load_window(session, first, last))

    def action_shift(self, steps: int) -> None:
        assert self.first is not None
        self.first += timedelta(weeks=4 * steps)
        self.load()

    def action_this_week(self) -> None:
        assert self.session is not None
        self.first = self._around(self.session.today)
        self.load()

    @on(JobDone)
    def _done(self, message: JobDone) -> None:
        message.stop()
        if message.error is not None:
            self.query_one("#load-title", Static).update(
                Content.styled(say(message.error), "$text-error"))
            return
        self.load_figures = message.result  # type: ignore[assignment]
        self._draw()

    def _bar(self, name: str, title: str, labels: list[str], *series) -> None:
        widget = self.query_one(f"#plot-{name}", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        names: list[str | None] = [s[0] for s in series]
        if any(wide(n) for n in names):  # plotext counts a CJK character as one cell: the
            # legend inside the frame would shift its right edge; the title names the series
            title = f"{title}（{' · '.join(n for n in names if n)}）" if len(series) > 1 else title
            names = [None] * len(series)
        if len(series) == 1:
            plt.bar(labels, series[0][1], label=names[0])
        else:
            plt.multiple_bar(labels, [s[1] for s in series], labels=names)
        plt.title(title)
        widget.refresh()

    def _draw(self) -> None:
        load = self.load_figures
        assert load is not None
        t = load.total
        self.query_one("#load-title", Static).update(Content(
            _("Meeting load {first} – {last}: {meetings} meetings, {hours:.1f} h, average "
              "{average:.0f} min, {share:.0%} over half a day").format(
                first=load.first, last=load.last, meetings=t.meetings, hours=t.hours,
                average=t.average_minutes, share=t.share_over_half_day)))
        weeks = [_("W{week:02d}").format(week=w.monday.isocalendar()[1]) for w in load.weeks]
        self._bar("meetings", _("Meetings per week"), weeks,
                  (_("meetings"), [w.figures.meetings for w in load.weeks]),
                  (_("over half a day"), [w.figures.over_half_day for w in load.weeks]))
        self._bar("hours", _("Hours in meetings per week"), weeks,
                  (_("hours"), [round(w.figures.hours, 1) for w in load.weeks]))
        names = [x.name for x in load.leaders] or [_("(no leaders)")]
        self._bar("leaders", _("Leaders' hours in meetings"), names,
                  (_("hours"), [round(x.figures.hours, 1) for x in load.leaders] or [0]))
        self._bar("research", _("Research days: done vs pace of the minimum"), names,
                  (_("done"), [x.research_days for x in load.leaders] or [0]),
                  (_("pace"), [round(x.expected_days, 1) for x in load.leaders] or [0]))
        self.query_one("#load-summary", Static).update(Content(
            _("Accepted merges: {count}, saving {meetings} meetings and {hours:.1f} "
              "person-hours").format(count=len(load.merges), meetings=load.meetings_saved,
                                     hours=load.person_hours_saved)))
