"""The fast start: the first question found from the store and the deck cache, shown before the
decks are loaded, then handed over to the full session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tui_support import T0, UTC, FakeClock, loaded, make_app, starter

from quizapp.deck import deck_cache
from quizapp.deck.loader import load_deck
from quizapp.places import Place
from quizapp.study.progress import CardState, Progress, Rating
from quizapp.study.quick_start import QuestionView, first_item
from quizapp.study.store import Answer, Store
from quizapp.tui.app import Start
from quizapp.tui.screens.study import StudyScreen


def cached_deck(tmp_path: Path) -> tuple[Path, Path]:
    deck = starter(tmp_path / "decks")
    cache = tmp_path / "cache"
    deck_cache.write(load_deck(deck), cache)
    return deck, cache


def test_the_first_new_question_comes_from_the_cache_without_the_model(tmp_path: Path) -> None:
    deck, cache = cached_deck(tmp_path)
    store = Store.open(tmp_path / "p.sqlite3")
    profile = store.profile("ann", T0)
    item = first_item(store, profile, [Place(deck, True)], [], cache, T0, UTC)
    assert item is not None and isinstance(item.question, QuestionView) and item.progress is None
    assert (item.deck.id, item.question.id, item.question.shuffle, item.question.hint) == (
        "planets",
        "closest-planet",
        True,
        "It is also the smallest planet.",
    )
    assert item.question.choices == ["Mercury", "Venus", "Earth", "Mars"]


def test_learning_then_reviews_then_new(tmp_path: Path) -> None:
    deck, cache = cached_deck(tmp_path)
    store = Store.open(tmp_path / "p.sqlite3")
    profile = store.profile("ann", T0)

    def schedule(question_id: str, state: CardState, due: dt.datetime) -> None:
        store.record(
            Answer(profile.id, "planets", question_id, T0 - dt.timedelta(days=3), "study", 3, 1.0, None, 1),
            lambda before: Progress(before.card_id, state, 0, 2.0, 5.0, due, T0 - dt.timedelta(days=3), 1),
        )

    schedule("gas-giants", CardState.REVIEW, T0 - dt.timedelta(days=1))
    schedule("moon-light", CardState.REVIEW, T0 - dt.timedelta(days=2))  # more overdue
    places = [Place(deck, True)]
    assert first_item(store, profile, places, [], cache, T0, UTC).question.id == "moon-light"
    schedule("our-galaxy", CardState.LEARNING, T0 - dt.timedelta(minutes=1))
    assert first_item(store, profile, places, [], cache, T0, UTC).question.id == "our-galaxy"


def test_no_fast_start_for_a_deck_not_in_the_cache_or_changed(tmp_path: Path) -> None:
    deck, cache = cached_deck(tmp_path)
    store = Store.open(tmp_path / "p.sqlite3")
    profile = store.profile("ann", T0)
    other = starter(tmp_path / "more", "other.toml", "Other")
    assert first_item(store, profile, [Place(deck, True), Place(other, True)], [], cache, T0, UTC) is None
    deck.write_text(deck.read_text() + "\n")
    assert first_item(store, profile, [Place(deck, True)], [], cache, T0, UTC) is None


async def test_a_second_session_starts_from_the_cache_and_hands_over(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    clock = FakeClock()
    first_run = make_app(tmp_path / "data", Start("study", [str(deck)]), clock)
    async with first_run.run_test(size=(80, 24)) as pilot:  # fills the cache
        await loaded(pilot)
    app = make_app(tmp_path / "data", Start("study", [str(deck)]), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if isinstance(app.screen, StudyScreen):
                break
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.item.question.id == "closest-planet"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.session is not None and not isinstance(screen.item.question, QuestionView)
        await pilot.press(str(screen.current_input().shown.index("Mercury") + 1), "enter", "enter")
        assert screen.item.question.id == "gas-giants"
        assert app.store.progress(app.profile.id, "planets", "closest-planet").reps == 1
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_an_answer_given_before_the_session_is_ready_is_kept(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    cache = tmp_path / "data" / "cache" / "decks"
    deck_cache.write(load_deck(deck), cache)
    store = Store.open(tmp_path / "data" / "progress.sqlite3")
    profile = store.profile("default", T0)
    first = first_item(store, profile, [Place(deck, True)], [], cache, T0, UTC)
    store.close()
    app = make_app(tmp_path / "data", Start("study", [str(deck)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        session = app.screen.session
        early = StudyScreen(None, seed=7, first=first)
        await app.push_screen(early)
        await pilot.pause()
        await early.submit("Mercury")
        assert early.waiting == ("Mercury", None) and early.submitted is None
        # Until the session comes, the answer on screen cannot change: it is the one that will be recorded.
        answer_box = early.current_input()
        assert answer_box is not None and answer_box.disabled
        shown_before = answer_box.response()
        await pilot.press(str(answer_box.shown.index("Venus") + 1))
        assert answer_box.response() == shown_before
        session.put_back(session.next())
        early.attach(session)
        await pilot.pause()
        assert early.submitted is not None and early.submitted.grade.correct
        assert early.submitted.rating is Rating.GOOD
