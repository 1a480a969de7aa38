"""Reading a deck file into a validated `Deck`, or into located problems when it is wrong."""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path
from typing import Any

import tomli
from pydantic import ValidationError

from ..files import MEGABYTE, read_text
from ..problems import BadFile, FieldPath, Problem
from ..safetext import char_name
from .checks import deck_advice
from .collector import collection_paused
from .loaded import LoadedDeck
from .messages import located, validation_problems
from .model import FORMAT_VERSION, Deck
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


def load_deck(path: Path, with_warnings: bool = False) -> LoadedDeck:
    """Read and validate the deck at `path`; raises BadFile with every error found.

    With `with_warnings`, the lint warnings of a valid deck are attached (lint and preview want
    them; studying does not pay for them).
    """
    with collection_paused():
        return _load_deck(path, with_warnings)


def validated(path: Path, text: str, raw: dict[str, Any]) -> Deck:
    """The deck that `raw`, parsed from `text` (the file at `path`), describes; BadFile with every
    error found, located in the text."""
    try:
        return Deck.model_validate(raw)
    except ValidationError as error:
        raise BadFile(validation_problems(str(path), raw, Locator(text), error)) from None


def _load_deck(path: Path, with_warnings: bool) -> LoadedDeck:
    data, text = read_text(path, MAX_DECK_BYTES, "deck")
    raw = _parse(path, text)
    deck = validated(path, text, raw)
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
