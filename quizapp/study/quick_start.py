"""The first question of a study session, found and shown before the decks are loaded.

A student with many big decks should not wait for all of them to load: the first question is found
the way the session finds it (a learning step due now, else the most overdue review, else the first
new question, within the day's limits) from the progress store and the deck cache alone, without
the deck model. The full session is built meanwhile and takes over from the second question.
Anything this cannot do from the cache (a deck never cached, or changed since) means a normal start.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

from ..days import day_end, day_start, study_day
from ..deck import deck_cache
from ..places import Place, deck_files
from .progress import CardState, Progress
from .session import LEARN_AHEAD, Item
from .store import Profile, Store


class QuestionView(SimpleNamespace):
    """A question rebuilt from the deck cache with every field a question of its type has."""


class DeckView(NamedTuple):
    """What a study screen needs of a deck: its id, title, hash and notes, and the one question shown."""

    id: str
    title: str
    sha256: str
    notes: list[QuestionView]
    shown: QuestionView

    def question(self, question_id: str) -> QuestionView:
        """The question shown (the only one the fast start builds)."""
        if question_id != self.shown.id:
            raise KeyError(question_id)
        return self.shown


def _decks(places: list[Place], named: list[str], cache_dir: Path) -> list[tuple[Path, str]] | None:
    """(file, deck id) of the decks to study, in order, or None if any is not in the cache."""
    index = deck_cache.read_index(cache_dir)
    found: list[tuple[Path, str]] = []
    for place in places:
        if not place.path.exists():
            continue
        for path in deck_files(place.path):
            deck_id = deck_cache.indexed_deck_id(path, index)
            if deck_id is None:
                return None
            if all(deck_id != known for _, known in found):
                found.append((path, deck_id))
    if not named:
        return found
    chosen = []
    for name in named:
        match = [
            (path, deck_id)
            for path, deck_id in found
            if name in (deck_id, str(path)) or Path(name).resolve() == path.resolve()
        ]
        if not match:
            return None
        chosen.append(match[0])
    return chosen


def _item(path: Path, cache_dir: Path, question_id: str, progress: Progress | None) -> Item | None:
    """The item for one question of the deck at `path`, built from the cache, or None."""
    entry = deck_cache.read_entry(path, cache_dir)
    if entry is None or question_id not in entry["order"]:
        return None
    data = entry["deck"]
    notes = [QuestionView(**note) for note in data.get("notes", [])]
    shown = QuestionView(**deck_cache.question_data(entry, question_id))
    deck = DeckView(data["deck"]["id"], data["deck"]["title"], entry["sha256"], notes, shown)
    return Item(deck, question_id, progress)  # type: ignore[arg-type]


def first_item(
    store: Store,
    profile: Profile,
    places: list[Place],
    named: list[str],
    cache_dir: Path,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> Item | None:
    """The question a study session would ask first, or None when it cannot be found this way
    (the session then starts as usual)."""
    decks = _decks(places, named, cache_dir)
    if not decks:
        return None
    deck_ids = [deck_id for _, deck_id in decks]
    path_of = dict((deck_id, path) for path, deck_id in decks)
    learning = (int(CardState.LEARNING), int(CardState.RELEARNING))
    due = store.first_due(profile.id, deck_ids, learning, now + dt.timedelta(microseconds=1))
    if due is not None:  # a learning step due now comes first, whatever the day's limits
        return _item(path_of[due[0]], cache_dir, due[1], due[2])
    # (Counted only now: on a big profile, counting the day's reviews is most of this lookup.)
    new_done, reviews_done = store.studied_since(profile.id, day_start(study_day(now, tz), tz))
    if reviews_done < profile.settings.reviews_per_day:
        due = store.first_due(profile.id, deck_ids, (int(CardState.REVIEW),), day_end(now, tz))
    if due is not None:
        return _item(path_of[due[0]], cache_dir, due[1], due[2])
    if new_done < profile.settings.new_per_day:
        for path, deck_id in decks:
            entry = deck_cache.read_entry(path, cache_dir)
            if entry is None:
                return None
            seen = store.seen_questions(profile.id, deck_id)
            fresh = next((question_id for question_id in entry["order"] if question_id not in seen), None)
            if fresh is not None:
                return _item(path, cache_dir, fresh, None)
    ahead = store.first_due(profile.id, deck_ids, learning, now + LEARN_AHEAD)
    if ahead is not None:
        return _item(path_of[ahead[0]], cache_dir, ahead[1], ahead[2])
    return None
