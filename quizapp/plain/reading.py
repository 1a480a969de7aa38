"""A deck's study notes in plain mode: its title and source, then each note under its paragraph number."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..deck.loaded import LoadedDeck


def notes_lines(deck: LoadedDeck) -> list[str]:
    """The notes of `deck`, paragraph by paragraph, as the TUI's reading screen shows them."""
    info = deck.deck.deck
    lines = [info.title]
    if info.source and info.source.title:
        lines.append(f"From: {info.source.title}")
    notes = sorted(deck.deck.notes, key=lambda note: note.source)
    if not notes:
        lines.append("This deck has no study notes.")
    for note in notes:
        lines += ["", f"Paragraph {note.source}.", note.text]
    return lines
