"""The home screen: the decks found, and what went wrong with any that did not load."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ...discovery import Catalog
from ...safetext import visible

EMPTY_TEXT = (
    "No decks yet.\n\n"
    "Put deck files (*.toml) in {folder}, or start one with:\n\n"
    "    quizapp new my-deck.toml\n\n"
    "then check it with `quizapp lint my-deck.toml`."
)


class HomeScreen(Screen[None]):
    """The deck list."""

    def compose(self) -> ComposeResult:
        """A table of decks, an empty-state message and a problems panel (both hidden until needed)."""
        yield Header()
        yield Static("Loading decks…", id="status", markup=False)
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static(id="empty", markup=False)
        yield Static(id="problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Set up the table and start loading the decks off the UI thread."""
        table = self.query_one("#decks", DataTable)
        table.add_columns("Deck", "Questions", "Id")
        self.query_one("#empty").display = False
        self.query_one("#problems").display = False
        self.load_catalog()

    @work(thread=True, exclusive=True)
    def load_catalog(self) -> None:
        """Read and validate every deck in a thread, then show them."""
        catalog = self.app.catalog_loader()  # type: ignore[attr-defined]
        self.app.call_from_thread(self.show_catalog, catalog)

    def show_catalog(self, catalog: Catalog) -> None:
        """Fill the table (deck text is shown literally, never as markup) and report broken decks."""
        table = self.query_one("#decks", DataTable)
        for loaded in catalog.decks:
            table.add_row(Text(loaded.deck.deck.title), str(len(loaded.deck.questions)), Text(loaded.id), key=loaded.id)
        count = len(catalog.decks)
        self.query_one("#status", Static).update(f"{count} deck{'s' if count != 1 else ''}")
        if not catalog.decks:
            folder = self.app.data_dir / "decks"  # type: ignore[attr-defined]
            empty = self.query_one("#empty", Static)
            empty.update(EMPTY_TEXT.format(folder=visible(str(folder))))
            empty.display = True
            table.display = False
        if catalog.problems:
            panel = self.query_one("#problems", Static)
            panel.update("\n".join(str(problem) for problem in catalog.problems))
            panel.display = True
