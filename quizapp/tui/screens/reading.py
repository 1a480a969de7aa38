"""The deck's study notes, paragraph by paragraph (or only those a question cites)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...deck.loaded import LoadedDeck
from ..widgets.key_footer import KeyFooter
from ..widgets.text import literal
from ..widgets.title_bar import TitleBar


class ReadingScreen(Screen[None]):
    """Notes to read before studying, or to look up from a question's feedback."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, deck: LoadedDeck, paragraphs: list[int] | None = None):
        super().__init__()
        self.deck = deck
        self.paragraphs = set(paragraphs or [])

    def compose(self) -> ComposeResult:
        """Title, source, and one block per note."""
        info = self.deck.deck.deck
        yield TitleBar()
        with VerticalScroll(id="reading"):
            yield Static(literal(info.title, "bold"), classes="title")
            if info.source and info.source.title:
                yield Static(Content.assemble("From: ", literal(info.source.title, "italic")), classes="source")
            notes = [
                note
                for note in sorted(self.deck.deck.notes, key=lambda note: note.source)
                if not self.paragraphs or note.source in self.paragraphs
            ]
            if not notes:
                yield Static("This deck has no study notes.", classes="note")
            for note in notes:
                yield Static(
                    Content.assemble(Content.styled(f"Paragraph {note.source}\n", "bold"), literal(note.text)),
                    classes="note",
                )
        yield KeyFooter()

    def action_back(self) -> None:
        """Back to where the notes were opened from."""
        self.app.pop_screen()
