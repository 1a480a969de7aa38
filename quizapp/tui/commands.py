"""The command palette: quizapp's own actions, listed first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hits
from textual.system_commands import SystemCommandsProvider

if TYPE_CHECKING:
    from textual.dom import DOMNode


def own_bindings(node: DOMNode) -> Iterator[Binding]:
    """The bindings that quizapp's classes declare for `node` (a screen, the app): not those Textual's
    classes add (focus, copying), which are keys rather than things a student would look up."""
    for cls in type(node).__mro__:
        if cls.__module__.startswith("quizapp.") and "BINDINGS" in vars(cls):
            for binding in vars(cls)["BINDINGS"]:
                yield binding if isinstance(binding, Binding) else Binding(*binding)


class OrderedCommands(SystemCommandsProvider):
    """The app's system commands, shown in the order `get_system_commands` yields them (Textual's
    own provider sorts them by name, which put its commands before the screen's)."""

    async def discover(self) -> Hits:
        """Every command, in order, before anything is typed (typing ranks them by match)."""
        for title, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)
