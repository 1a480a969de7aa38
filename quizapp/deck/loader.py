"""Reading a deck file into a validated `Deck`, or into located problems when it is wrong."""

from __future__ import annotations

import ast
import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import tomli
from pydantic import ValidationError

from ..files import MEGABYTE, read_text
from ..problems import BadFile, FieldPath, Problem
from ..safetext import char_name
from .checks import deck_advice
from .messages import located, validation_problems
from .model import FORMAT_VERSION, Deck, Note, QuestionBase
from .tomlpos import Locator

MAX_DECK_BYTES = 20 * MEGABYTE

# tomli's messages, retold for someone who has never read the TOML specification.
TOML_WORDS = {
    "Invalid value": 'this value is not valid TOML (text goes in quotes: "like this"; true and false are lowercase)',
    "Unterminated string": 'text in quotes is not closed on its line (use """ to write text over several lines)',
    "Cannot overwrite a value": "this key is given twice",
    "Expected '=' after a key in a key/value pair": "expected '=' after the key (write key = value)",
    "Unclosed array": "a list opened with [ is not closed with ]",
    "Unclosed inline table": "a table opened with { is not closed with }",
    "Invalid statement": "this line is neither key = value nor a [table] header",
    "Invalid initial character for a key part": "a key must be a word (letters, digits, - and _) or text in quotes",
}


@dataclass
class LoadedDeck:
    """A valid deck and what we know of its file."""

    path: Path
    deck: Deck
    sha256: str
    warnings: list[Problem] = field(default_factory=list)
    # In the deck's order. Given by the cache, whose questions are built only when asked for, so
    # that what needs only the ids (the due counts, the queue) builds none of them.
    question_ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.question_ids:
            self.question_ids = [question.id or "" for question in self.deck.questions]

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
        return self.deck.deck.id

    @property
    def title(self) -> str:
        """The deck's title."""
        return self.deck.deck.title

    @property
    def notes(self) -> list[Note]:
        """The deck's study notes."""
        return self.deck.notes


# Tables written [[name]], once per entry: a [name] header for one of them is the usual slip.
ARRAY_TABLES = {"questions": "each question", "notes": "each note"}


def _single_brackets(name: str, which: str = "") -> str:
    return f"{which}[{name}] is written with single brackets: {ARRAY_TABLES[name]} starts with [[{name}]], in double brackets"


def _declared_twice(error: tomli.TOMLDecodeError) -> str:
    """tomli's "Cannot declare ('deck', 'quiz') twice", in a teacher's words."""
    names = ast.literal_eval(error.msg.removeprefix("Cannot declare ").removesuffix(" twice"))
    if len(names) == 1 and names[0] in ARRAY_TABLES:
        return _single_brackets(names[0])
    return f"the table [{'.'.join(names)}] is written twice: write each table once, with all its keys below it"


def _overwritten(error: tomli.TOMLDecodeError) -> str:
    """A key given twice, or a [[questions]] after a [questions] (tomli sees the same clash)."""
    line = error.doc.splitlines()[error.lineno - 1].strip()
    for name in ARRAY_TABLES:
        if line.startswith(f"[[{name}]]"):
            return _single_brackets(name, "an earlier ")
    return TOML_WORDS[error.msg]


def _toml_problem(path: Path, error: tomli.TOMLDecodeError) -> Problem:
    words = TOML_WORDS.get(error.msg, error.msg)
    if error.msg.startswith("Illegal character"):
        char = error.doc[error.pos] if error.pos < len(error.doc) else ""
        words = f"illegal character {char_name(char)}: control characters are not allowed"
        if char == "\n":  # a line break inside "...": the quotes were not closed
            words = TOML_WORDS["Unterminated string"]
    elif error.msg.startswith("Cannot declare"):
        words = _declared_twice(error)
    elif error.msg == "Cannot overwrite a value":
        words = _overwritten(error)
    elif error.msg in ("Unclosed array", "Unclosed inline table"):
        opened = Locator(error.doc).unclosed_bracket(error.pos)
        if opened is not None:  # the parser notices only at a later line; the teacher needs the opening one
            words = TOML_WORDS[error.msg].replace(" is not closed", f" on line {opened[0]} is not closed")
    return Problem(str(path), "error", f"not valid TOML: {words}", error.lineno, error.colno, rule="toml-syntax")


def _parse(path: Path, text: str) -> dict[str, Any]:
    if not text or text.isspace():  # (not text.strip(), which would copy a big file)
        raise BadFile(
            [
                Problem(
                    str(path),
                    "error",
                    "the file is empty: a deck needs a [deck] table and [[questions]]",
                    1,
                    1,
                    rule="empty-file",
                )
            ]
        )
    try:
        raw = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise BadFile([_toml_problem(path, error)]) from None
    version = raw.get("format", FORMAT_VERSION)
    if type(version) is not int or version != FORMAT_VERSION:
        line, column = Locator(text).locate(("format",))
        message = f"unsupported deck format {version!r}"
        raise BadFile([Problem(str(path), "error", message, line, column, ("format",), "deck-format")])
    return raw


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while a deck is built (left alone if it is already paused).

    A big deck is a million small objects, none of them in a cycle, and every pass of the collector
    during a load rescans all those already made: it made loading 10,000 questions 40% slower.
    Afterwards, what was made is frozen out of the collector's scans (in constant time) rather than
    scanned once more at its first pass, which would cost a tenth of the load again. Frozen objects
    are still freed when nothing refers to them; only a reference cycle made meanwhile would stay.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def load_deck(path: Path, with_warnings: bool = False) -> LoadedDeck:
    """Read and validate the deck at `path`; raises BadFile with every error found.

    With `with_warnings`, the lint warnings of a valid deck are attached (lint and preview want
    them; studying does not pay for them).
    """
    with collection_paused():
        return _load_deck(path, with_warnings)


def _load_deck(path: Path, with_warnings: bool) -> LoadedDeck:
    data, text = read_text(path, MAX_DECK_BYTES, "deck")
    raw = _parse(path, text)
    try:
        deck = Deck.model_validate(raw)
    except ValidationError as error:
        raise BadFile(validation_problems(str(path), raw, Locator(text), error)) from None
    loaded = LoadedDeck(path, deck, hashlib.sha256(data).hexdigest())
    if with_warnings:
        advice = deck_advice(deck)
        if advice:
            locator = Locator(text)
            loaded.warnings = [located(str(path), raw, locator, item, "warning") for item in advice]
    return loaded


def locate_in_file(path: Path, field_path: FieldPath) -> tuple[int, int]:
    """Where `field_path` is written in the deck file at `path` (for problems found after loading)."""
    _, text = read_text(path, MAX_DECK_BYTES, "deck")
    return Locator(text).locate(field_path)
