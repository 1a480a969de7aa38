"""The title line at the top of every screen: one widget drawing one line.

It looks as Textual's Header does (the palette's icon at the left, "quizapp — profile: NAME" in the
middle) and, as there, a click on the icon opens the command palette. Textual's Header is four
widgets, each with its own stylesheet, composed and styled with every screen: a fifth of what the
study screen took to its first paint (#18: the first question on screen). This is one.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # the icon's columns at the left, as in Textual's Header: a click there opens the palette
RIGHT_SPACE = 10  # the columns Textual's Header keeps at the right (its clock's), so the title sits where it did


class TitleBar(Widget, can_focus=False):
    """The app's title and subtitle (or the screen's own, where it sets them), centred on one line."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def title_content(self) -> Content:
        """What the middle of the line says: the screen's title, else the app's, then the subtitle."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        """The icon, then the title centred in the columns between the icon and the right-hand space
        (cut short with an ellipsis where it does not fit)."""
        width = self.size.width
        middle = max(0, width - ICON_WIDTH - RIGHT_SPACE)
        title = self.title_content().truncate(middle, ellipsis=True)
        icon = f" {ICON}".ljust(ICON_WIDTH)
        return Content.assemble(icon, " " * ((middle - title.cell_length) // 2), title).truncate(width, pad=True)

    async def on_click(self, event: events.Click) -> None:
        """A click on the icon opens the command palette, as in Textual's Header."""
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
