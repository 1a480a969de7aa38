"""A cache of validated decks, so that an unchanged deck is not parsed and validated again.

One file per deck in `<data-dir>/cache/decks/`, keyed by the deck file's path, size and
modification time, and by the deck model's own source (a new quizapp never trusts an old cache).
The validated deck is kept as plain data (marshal: fast, and only ever read back by quizapp) and
rebuilt without validation. Any problem with a cache file only means a normal load.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from functools import cache
from pathlib import Path
from typing import Any

from . import model
from .loader import LoadedDeck
from .model import QUESTION_MODELS, Deck, DeckInfo, Note, QuizDefaults, Source


@cache
def _model_key() -> str:
    """Changes whenever the deck model changes, which makes every older cache file stale."""
    return hashlib.sha256(Path(model.__file__).read_bytes()).hexdigest()[:16]


def _cache_file(cache_dir: Path, path: Path) -> Path:
    name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24]
    return cache_dir / f"{name}.marshal"


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _rebuild(data: dict[str, Any], derived: list[int]) -> Deck:
    """The deck from its dump, without validation (it was validated before it was cached)."""
    info = dict(data["deck"])
    if "source" in info:
        info["source"] = Source.model_construct(**info["source"])
    if "quiz" in info:
        info["quiz"] = QuizDefaults.model_construct(**info["quiz"])
    questions = [QUESTION_MODELS[question["type"]].model_construct(**question) for question in data["questions"]]
    for index in derived:
        questions[index].model_fields_set.discard("id")
    return Deck.model_construct(
        deck=DeckInfo.model_construct(**info),
        notes=[Note.model_construct(**note) for note in data.get("notes", [])],
        questions=questions,
    )


def read(path: Path, cache_dir: Path) -> LoadedDeck | None:
    """The cached deck for `path` if the file has not changed since it was cached, else None."""
    signature = _signature(path)
    if signature is None:
        return None
    try:
        with _cache_file(cache_dir, path).open("rb") as file:
            entry = marshal.load(file)
        if entry["key"] != _model_key() or (entry["size"], entry["mtime_ns"]) != signature:
            return None
        return LoadedDeck(path, _rebuild(entry["deck"], entry["derived"]), entry["sha256"])
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
        return None


def write(loaded: LoadedDeck, cache_dir: Path) -> None:
    """Keep a freshly validated deck for next time (quietly skipped if the cache cannot be written)."""
    signature = _signature(loaded.path)
    if signature is None:
        return
    entry = {
        "key": _model_key(),
        "size": signature[0],
        "mtime_ns": signature[1],
        "sha256": loaded.sha256,
        "deck": loaded.deck.model_dump(exclude_defaults=True),
        "derived": [index for index, question in enumerate(loaded.deck.questions) if question.derived_id],
    }
    target = _cache_file(cache_dir, loaded.path)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.partial")
        with partial.open("wb") as file:
            marshal.dump(entry, file)
        os.replace(partial, target)
    except (OSError, ValueError):
        pass
