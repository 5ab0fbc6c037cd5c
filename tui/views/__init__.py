"""The views of the TUI (month, week, day, agenda) and search; see tui/app.py for the shell."""

from leanmeet.tui.views.agenda import AgendaTable, AgendaView
from leanmeet.tui.views.common import Period, ViewData
from leanmeet.tui.views.month import MonthDay, MonthView
from leanmeet.tui.views.search import SearchScreen
from leanmeet.tui.views.timegrid import TimeGrid

__all__ = [
    "AgendaTable",
    "AgendaView",
    "MonthDay",
    "MonthView",
    "Period",
    "SearchScreen",
    "TimeGrid",
    "ViewData",
]
