"""Shown for the moment the decks and the store take to open."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Static


class LoadingScreen(Screen[None]):
    """A spinner and a word while the worker loads."""

    def compose(self) -> ComposeResult:
        """Header, message, spinner."""
        yield Header()
        yield Static("Opening your decks and progress…", id="loading-text")
        yield LoadingIndicator()
        yield Footer()
