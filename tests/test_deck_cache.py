"""The cache of validated decks: the same deck back, and never a stale one."""

from __future__ import annotations

import os
from pathlib import Path

from tui_support import starter

from quizapp.deck import deck_cache
from quizapp.deck.discovery import load_catalog
from quizapp.deck.loader import load_deck
from quizapp.places import Place


def test_a_cached_deck_equals_the_validated_one(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    text = deck.read_text().replace('id = "moon-light"\n', "")  # one derived id, to keep
    deck.write_text(text)
    fresh = load_deck(deck)
    deck_cache.write(fresh, tmp_path / "cache")
    cached = deck_cache.read(deck, tmp_path / "cache")
    assert cached is not None and cached is not fresh
    assert cached.deck == fresh.deck and cached.sha256 == fresh.sha256
    assert [q.derived_id for q in cached.deck.questions] == [q.derived_id for q in fresh.deck.questions]
    assert [type(q) for q in cached.deck.questions] == [type(q) for q in fresh.deck.questions]


def test_a_changed_deck_is_loaded_again(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    cache = tmp_path / "cache"
    catalog = load_catalog([Place(deck, True)], cache_dir=cache)
    assert catalog.decks[0].title == "Planets" and list(cache.glob("*.marshal"))
    deck.write_text(deck.read_text().replace('title = "Planets"', 'title = "Planets, revised"'))
    status = deck.stat()
    os.utime(deck, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000))
    assert load_catalog([Place(deck, True)], cache_dir=cache).decks[0].title == "Planets, revised"


def test_a_broken_deck_is_never_served_from_the_cache(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    cache = tmp_path / "cache"
    load_catalog([Place(deck, True)], cache_dir=cache)
    deck.write_text("[deck\n")
    catalog = load_catalog([Place(deck, True)], cache_dir=cache)
    assert catalog.decks == [] and "not valid TOML" in catalog.problems[0].message


def test_a_damaged_cache_file_means_a_normal_load(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    cache = tmp_path / "cache"
    load_catalog([Place(deck, True)], cache_dir=cache)
    for file in cache.glob("*.marshal"):
        file.write_bytes(b"\x00garbage")
    assert deck_cache.read(deck, cache) is None
    assert load_catalog([Place(deck, True)], cache_dir=cache).decks[0].title == "Planets"
