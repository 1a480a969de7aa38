"""A session's progress: a bar and its percentage, one widget drawing one line.

It draws what Textual's ProgressBar draws for a known total (the same half-cell bar, the percentage
at the right), without its four widgets and their stylesheets, which made up a good part of what
the study screen took to its first paint (#18).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

BAR, HALF_LEFT, HALF_RIGHT = "━", "╺", "╸"
PERCENT_WIDTH = 5  # "100%" and a space before it


def bar_text(width: int, fraction: float) -> tuple[str, str]:
    """The bar `width` cells wide, `fraction` of it done, to the half cell below: (done part, rest)."""
    end = int(max(0.0, min(fraction, 1.0)) * width * 2) / 2
    full = int(end)
    half = end > full
    done = BAR * full + (HALF_RIGHT if half else "")
    if end == 0:
        rest = BAR * width
    elif half:
        rest = BAR * (width - full - 1)
    else:  # the rest starts with a half cell, as the done part ended on a whole one
        rest = HALF_LEFT + BAR * (width - full - 1) if full < width else ""
    return done, rest


class ProgressLine(Widget, can_focus=False):
    """How far through its questions a session is."""

    COMPONENT_CLASSES = {"progress-line--bar", "progress-line--complete"}
    DEFAULT_CSS = """
    ProgressLine {
        height: 1;
        & > .progress-line--bar { color: $primary; background: $surface; }
        & > .progress-line--complete { color: $success; background: $surface; }
    }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 1
        self.progress = 0

    def update(self, total: int, progress: int) -> None:
        """Show `progress` of `total` steps done (redrawn only when that changes)."""
        total = max(1, total)
        if (total, progress) != (self.total, self.progress):
            self.total, self.progress = total, progress
            self.refresh()

    @property
    def fraction(self) -> float:
        """The share done, from 0 to 1."""
        return min(1.0, max(0.0, self.progress / self.total))

    def render(self) -> Text:
        """The bar, then the percentage right-aligned in the last five columns."""
        fraction = self.fraction
        style = self.get_component_rich_style("progress-line--complete" if fraction >= 1 else "progress-line--bar")
        done, rest = bar_text(max(0, self.size.width - PERCENT_WIDTH), fraction)
        line = Text(no_wrap=True, overflow="crop", end="")
        line.append(done, Style.from_color(style.color))
        line.append(rest, Style.from_color(style.bgcolor))
        line.append(f"{round(fraction * 100)}%".rjust(PERCENT_WIDTH))
        return line
