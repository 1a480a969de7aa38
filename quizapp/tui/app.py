"""The Textual app, and the one factory that builds it for the CLI and for the tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from ..discovery import Catalog, load_catalog, search_path
from .screens.home import HomeScreen


class QuizApp(App[int]):
    """quizapp's TUI. It holds no deck or study logic: screens call the core modules."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, data_dir: Path, profile: str, catalog_loader: Callable[[], Catalog]):
        super().__init__()
        self.data_dir = data_dir
        self.profile = profile
        self.catalog_loader = catalog_loader
        self.sub_title = f"profile: {profile}"

    def on_mount(self) -> None:
        """Open the home screen; it loads the decks in a worker so the first paint never waits."""
        self.push_screen(HomeScreen())


def build_app(data_dir: Path, profile: str, named_decks: list[Path] | None = None) -> QuizApp:
    """The app for this data directory and profile, over the decks found there and those named."""
    places = search_path(named_decks or [], data_dir)
    return QuizApp(data_dir, profile, lambda: load_catalog(places))
