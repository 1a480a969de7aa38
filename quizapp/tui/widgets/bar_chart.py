"""A small vertical bar chart in text: one column per day, eighth-block precision."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"


class BarChart(Widget):
    """Counts as bars, with the largest value and the two ends labelled."""

    DEFAULT_CSS = "BarChart { height: auto; }"

    def __init__(
        self,
        title: str,
        values: list[int],
        left: str,
        right: str,
        rows: int = 5,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ):
        super().__init__(name=name, id=id, classes=classes)
        self.title = title
        self.values = values
        self.left = left
        self.right = right
        self.rows = rows

    def render(self) -> Content:
        """Title, bars (each day two cells wide), axis labels."""
        peak = max(self.values, default=0)
        lines = [
            Content.assemble(Content.styled(self.title, "bold"), Content.styled(f"  (most in a day: {peak})", "dim"))
        ]
        for row in range(self.rows, 0, -1):
            cells = []
            for value in self.values:
                eighths = round(value / peak * self.rows * 8) if peak else 0
                level = min(8, max(0, eighths - (row - 1) * 8))
                cells.append(BLOCKS[level] * 2)
            lines.append(Content.styled("".join(cells), "cyan"))
        width = len(self.values) * 2
        lines.append(Content.styled(self.left + self.right.rjust(max(0, width - len(self.left))), "dim"))
        return Content("\n").join(lines)
