"""The footer of key hints: one widget drawing one line, redrawn only when the hints change.

Textual's Footer is a row of widgets, one per key, which it removes and mounts anew, each styled
anew, whenever the screen's bindings are refreshed: on every focus change and every
`refresh_bindings`, several times per answer. That was three quarters of the processor time an
answer took (issue #17: a class of 30 served from one two-core machine). This footer looks the same
(each key bold, then its description; a disabled one dim; the command palette's key at the right),
and a click on a key presses it, as there; it draws a line of text instead of mounting widgets, and
only when what it would show has changed.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class Hint(NamedTuple):
    """One key as the footer shows it."""

    key: str  # what a click presses
    shown_key: str  # how it is written: ⏎, esc, ^q
    description: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget, can_focus=False):
    """The screen's shown bindings, one per action, on the bottom line; the palette's key at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--hover"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-footer--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._hints: tuple[Hint, ...] = ()
        self._palette: Hint | None = None
        self._places: list[tuple[int, int, Hint]] = []  # each key's columns [start, end), as last drawn
        self._hovered: Hint | None = None

    @property
    def hints(self) -> tuple[Hint, ...]:
        """The keys on the line, left to right (the palette's apart)."""
        return self._hints

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Redraw if the hints differ from those on the line."""
        if not self.is_attached or screen is not self.screen:
            return
        hints: list[Hint] = []
        palette = None
        actions: set[str] = set()
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items():
            hint = Hint(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                enabled,
                tooltip or binding.tooltip or binding.description,
            )
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = hint
            elif binding.show and binding.action not in actions:  # one key per action, as Textual's footer
                actions.add(binding.action)
                hints.append(hint)
        if (tuple(hints), palette) != (self._hints, self._palette):
            self._hints, self._palette = tuple(hints), palette
            self.refresh()

    def render(self) -> Text:
        """The line: ` key description ` for each hint, then the palette's key at the right edge."""
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        hover_style = self.get_component_rich_style("key-footer--hover")
        line = Text(no_wrap=True, overflow="crop", end="")
        places: list[tuple[int, int, Hint]] = []

        def add(hint: Hint, key_text: str, description_text: str) -> None:
            start = line.cell_len
            extra = (hover_style if hint == self._hovered else Style()) + Style(dim=not hint.enabled or None)
            line.append(key_text, key_style + extra)
            line.append(description_text, description_style + extra)
            places.append((start, line.cell_len, hint))

        for hint in self._hints:
            add(hint, f" {hint.shown_key} ", f"{hint.description} " if hint.description else "")
        if self._palette is not None:
            palette = self._palette
            tail = cell_len(f"▏{palette.shown_key} {palette.description} ")
            line.append(" " * max(1, self.size.width - line.cell_len - tail))
            line.append("▏", "dim")
            add(palette, palette.shown_key, f" {palette.description} ")
        self._places = places
        return line

    def _hint_at(self, x: int) -> Hint | None:
        return next((hint for start, end, hint in self._places if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hovered = self._hint_at(event.x)
        if hovered != self._hovered:
            self._hovered = hovered
            self.tooltip = hovered.tooltip if hovered else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it (a disabled one rings the bell), as on Textual's footer."""
        hint = self._hint_at(event.x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()
