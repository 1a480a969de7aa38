"""A deck that loaded: what is known of its file, and the deck itself, built when first needed.

A deck from the cache (deck_cache) knows its id, title, hash and question ids without being built;
building it needs the deck model, which imports pydantic: a fifth of a start's time. The home screen
needs no more than those four, so it is shown first and the deck model loads after (see tui/app.py).
Nothing in this module imports the model or pydantic.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import Problem

if TYPE_CHECKING:
    from .model import Deck, Note, QuestionBase


class LoadedDeck:
    """A valid deck and what we know of its file."""

    def __init__(
        self,
        path: Path,
        deck: Deck,
        sha256: str,
        warnings: list[Problem] | None = None,
        question_ids: list[str] | None = None,
    ):
        self.path = path
        self.sha256 = sha256
        self.warnings: list[Problem] = warnings or []
        self._deck: Deck | None = deck
        self._builder: Callable[[], Deck] | None = None
        self._building = threading.Lock()
        self._id, self._title = deck.deck.id, deck.deck.title
        # In the deck's order. Given by the cache, whose questions are built only when asked for, so
        # that what needs only the ids (the due counts, the queue) builds none of them.
        self.question_ids = question_ids or [question.id or "" for question in deck.questions]

    @classmethod
    def unbuilt(
        cls, path: Path, sha256: str, deck_id: str, title: str, question_ids: list[str], build: Callable[[], Deck]
    ) -> LoadedDeck:
        """A deck known by its id, title and question ids, built by `build` when anything more is asked of it."""
        loaded = cls.__new__(cls)
        loaded.path, loaded.sha256, loaded.warnings = path, sha256, []
        loaded._deck, loaded._builder, loaded._building = None, build, threading.Lock()
        loaded._id, loaded._title, loaded.question_ids = deck_id, title, question_ids
        return loaded

    @property
    def deck(self) -> Deck:
        """The deck itself (built now if it was not needed before: see build)."""
        return self._deck if self._deck is not None else self.build()

    def build(self) -> Deck:
        """The deck itself, built now if it was not yet: from the cache, or validated (a bundled deck
        listed before it was: BadFile if it is not valid after all)."""
        with self._building:  # the app builds decks in a worker while a screen may ask for one
            if self._deck is None and self._builder is not None:
                self._deck, self._builder = self._builder(), None
        assert self._deck is not None  # one of the two constructors gave a deck or a way to build it
        return self._deck

    @property
    def built(self) -> bool:
        """Whether the deck itself is in memory (so asking for it costs nothing)."""
        return self._deck is not None

    def __repr__(self) -> str:
        return f"LoadedDeck({str(self.path)!r}, id={self._id!r})"

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {question_id: position for position, question_id in enumerate(self.question_ids)}

    def has_question(self, question_id: str) -> bool:
        """Whether the deck has a question with this id."""
        return question_id in self._positions

    def question(self, question_id: str) -> QuestionBase:
        """The question with this id (KeyError if there is none)."""
        return self.deck.questions[self._positions[question_id]]

    @property
    def id(self) -> str:
        """The deck's id, which progress is keyed by."""
        return self._id

    @property
    def title(self) -> str:
        """The deck's title."""
        return self._title

    @property
    def notes(self) -> list[Note]:
        """The deck's study notes."""
        return self.deck.notes
