"""Loading the 10,000-question deck: parsed and validated (no cache), against the stdlib's parse of
the same file alone, run in turns; and from the cache when the file is unchanged."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path

from quizapp.deck import deck_cache
from quizapp.deck.loader import load_deck

from .decks import write_deck
from .timing import median_ms


def measure(questions: int = 10_000, runs: int = 7) -> dict[str, float]:
    """toml_parse_10k_ms, deck_load_10k_ms and deck_load_cached_ms."""
    with tempfile.TemporaryDirectory() as folder:
        deck = write_deck(Path(folder) / "big.toml", questions, "big")
        text = deck.read_text(encoding="utf-8")
        cache = Path(folder) / "cache"
        deck_cache.write(load_deck(deck), cache)
        parse, load = median_ms(lambda: tomllib.loads(text), lambda: load_deck(deck), runs=runs)
        (cached,) = median_ms(lambda: deck_cache.read(deck, cache), runs=runs)
        return {"toml_parse_10k_ms": parse, "deck_load_10k_ms": load, "deck_load_cached_ms": cached}
