"""Loading the 10,000-question deck: parsed and validated (no cache), and from the cache when unchanged."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from quizapp import deck_cache
from quizapp.loader import load_deck

from .decks import write_deck


def median_ms(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    """The median milliseconds of `action()` after one warm-up."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(questions: int = 10_000, runs: int = 7) -> dict[str, float]:
    """deck_load_10k_ms and deck_load_cached_ms."""
    with tempfile.TemporaryDirectory() as folder:
        deck = write_deck(Path(folder) / "big.toml", questions, "big")
        cache = Path(folder) / "cache"
        deck_cache.write(load_deck(deck), cache)
        return {
            "deck_load_10k_ms": median_ms(lambda: load_deck(deck), runs),
            "deck_load_cached_ms": median_ms(lambda: deck_cache.read(deck, cache), runs),
        }
