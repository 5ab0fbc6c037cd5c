"""A footer that fits the terminal: the keys are shown in their order while they fit, and the
help key (``?``, which lists them all) is always kept, so a narrow terminal (80 columns) never
cuts a key in half or loses the way to the others."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTIONS = ("help", "app.help")


class FittingFooter(Footer):
    """:class:`Footer` (compact, no command palette key) that drops the keys that do not fit."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        kwargs.setdefault("show_command_palette", False)
        super().__init__(**kwargs)
        self._fitted_width = 0
        self._composed: tuple | None = None  # what the keys shown were made from

    def _shown(self) -> tuple:
        """What :meth:`compose` makes the keys from: the shown bindings, their state, the
        width."""
        return (self.app.size.width, tuple(
            (b.key, self.app.get_key_display(b), b.description, b.action, enabled, tooltip)
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values() if b.show))

    async def recompose(self) -> None:
        # Textual recomposes the footer whenever the active bindings may have changed (each
        # focus change, each refresh of the bindings: several times while the app starts);
        # mounting the same keys again lays the whole screen out again
        if self._bindings_ready and self.is_attached and self._composed == self._shown():
            return
        await super().recompose()

    @staticmethod
    def _width(key: FooterKey) -> int:
        # compact: the key, a space, the description; one cell between keys
        return cell_len(key.key_display) + 1 + cell_len(key.description) + 1

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        self._composed = self._shown() if self._bindings_ready else None
        room = self.app.size.width
        self._fitted_width = room
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        if len(keys) != len(widgets) or sum(self._width(k) for k in keys) <= room:
            yield from widgets  # binding groups, or everything fits
            return
        helps = [k for k in keys if k.action in HELP_ACTIONS]
        room -= sum(self._width(k) for k in helps)
        kept: list[FooterKey] = []
        for key in keys:
            if key in helps:
                kept.append(key)
                continue
            width = self._width(key)
            if width <= room:
                kept.append(key)
                room -= width
            else:
                room = -1  # keep the order: nothing after a key that did not fit
        self.styles.grid_size_columns = len(kept)
        yield from kept

    async def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._fitted_width:
            await self.recompose()  # the keys that fit the new width
