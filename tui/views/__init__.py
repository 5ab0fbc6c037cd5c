"""The views of the TUI (month, week, day, agenda) and search; see tui/app.py for the shell."""

from tui.views.agenda import AgendaTable, AgendaView
from tui.views.common import Period, ViewData
from tui.views.month import MonthDay, MonthView
from tui.views.search import SearchScreen
from tui.views.timegrid import TimeGrid

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
