"""Shown for the moment the decks and the store take to open."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class LoadingScreen(Screen[None]):
    """A word while the worker loads.

    No Header, and no animated spinner: this screen is usually replaced within milliseconds, a
    Header removed while still mounting raises in Textual, and a spinner's frames would take time
    from the loading they wait for.
    """

    def compose(self) -> ComposeResult:
        """The message."""
        yield Static("quizapp · opening your decks and progress…", id="loading-text")
