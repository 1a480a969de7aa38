"""The decks shipped with quizapp, listed on a first run before they are validated.

A first run has no deck cache yet (deck_cache), and validating a deck needs the deck model, which
imports pydantic and builds its validators: about a tenth of a second, a third of the start. The
bundled decks are part of quizapp, checked by its tests as its code is, so the home screen lists them
from their TOML alone (id, title, question ids: all the list needs) and the app validates and caches
them in the background as soon as it is shown (tui/app.py). Should one not be valid after all (a
checkout's deck being edited), it leaves the list with its problems, as if it had failed to load.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli

from .loaded import LoadedDeck

if TYPE_CHECKING:
    from .model import Deck


def _question_ids(raw: dict[str, Any]) -> list[str] | None:
    questions = raw.get("questions")
    if not isinstance(questions, list):
        return None
    ids = [question.get("id") if isinstance(question, dict) else None for question in questions]
    # Every id written out: one derived from a question's text needs the model to derive it.
    return [question_id for question_id in ids if isinstance(question_id, str)] if None not in ids else None


def read_unvalidated(path: Path, cache_dir: Path | None) -> LoadedDeck | None:
    """A bundled deck, read but not yet validated; None if it does not say plainly what the deck list
    needs (then it is loaded the usual way, which says what is wrong). Validated when first needed
    (and then cached in `cache_dir`)."""
    try:
        data = path.read_bytes()
        raw = tomli.loads(data.decode())
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
        return None
    info = raw.get("deck")
    question_ids = _question_ids(raw)
    version = raw.get("format", 1)
    if type(version) is not int or version != 1 or not isinstance(info, dict) or question_ids is None:
        return None
    deck_id, title = info.get("id"), info.get("title")
    if not isinstance(deck_id, str) or not isinstance(title, str):
        return None
    sha256 = hashlib.sha256(data).hexdigest()

    def build() -> Deck:
        from . import deck_cache
        from .collector import collection_paused
        from .loader import validated

        with collection_paused():
            deck = validated(path, data.decode(), raw)
        if cache_dir is not None:
            deck_cache.write(LoadedDeck(path, deck, sha256), cache_dir)
        return deck

    return LoadedDeck.unbuilt(path, sha256, deck_id, title, question_ids, build)
