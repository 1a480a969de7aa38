"""A served app's last screen: why its session ended (the class is full, it sat idle, the student
signed in elsewhere). The app ends a while later (quizapp/tui/app.py), or as soon as the browser
leaves. Why a session ends is `classroom/sessions.py`'s."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.text import literal


class EndedScreen(Screen[None]):
    """The message alone: nothing to do here but reload the page."""

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        """The message, in a box."""
        with Vertical(id="ended-box"):
            yield Static(literal(self.message, "bold"), id="ended-message")
