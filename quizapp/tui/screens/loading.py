"""Shown for the moment the decks and the store take to open."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static


class LoadingScreen(Screen[None]):
    """A word and a spinner while the worker loads.

    No Header here: this screen can be replaced within milliseconds, before a Header has finished
    mounting, and a Header removed at that moment raises in Textual.
    """

    def compose(self) -> ComposeResult:
        """Message and spinner."""
        yield Static("quizapp · opening your decks and progress…", id="loading-text")
        yield LoadingIndicator()
