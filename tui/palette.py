"""The command palette (ctrl+p): every action of the App's key bindings (views, navigation,
today, search, help, quit, and the screens of ``tui/screens``) that can run now, and, when
searching, each built-in theme. Built from the bindings, so a new binding is in the palette
by itself."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class LeanmeetCommands(Provider):
    """Commands of the leanmeet App."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        out: list[tuple[str, str, Callable[[], object]]] = []
        seen: set[str] = set()
        for binding in getattr(app, "palette_bindings", lambda: [])():
            action = binding.action
            if action in seen or action == "command_palette":
                continue
            seen.add(action)
            if app.check_action(action.split("(")[0], ()) is False:
                continue
            keys = app.get_key_display(binding)
            help_text = f"{binding.tooltip or binding.description}  ({keys})"
            out.append((binding.description, help_text, partial(app.run_action, action)))
        return out

    def _themes(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        out = []
        for name in sorted(app.available_themes):
            if name == "textual-ansi":
                continue
            out.append((f"Theme: {name}", f"Switch to the {name} theme",
                        partial(setattr, app, "theme", name)))
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in [*self._commands(), *self._themes()]:
            score = max(matcher.match(name), matcher.match(help_text) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
