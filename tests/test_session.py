"""Study sessions: queue order and daily limits, learning steps, undo, re-rating, practice; 90 simulated days."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from tui_support import FakeClock

from quizapp.days import day_end
from quizapp.deck.loaded import LoadedDeck
from quizapp.deck.model import Deck
from quizapp.study.progress import CardState, Rating
from quizapp.study.session import StudySession, interleave
from quizapp.study.settings import ProfileSettings
from quizapp.study.store import Store

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def make_deck(deck_id: str, questions: int) -> LoadedDeck:
    data = {
        "deck": {"id": deck_id, "title": deck_id},
        "questions": [
            {
                "id": f"q{n:03d}",
                "type": "choice",
                "prompt": f"Question {n}?",
                "choices": ["right", "wrong"],
                "answer": "right",
            }
            for n in range(questions)
        ],
    }
    return LoadedDeck(Path(f"{deck_id}.toml"), Deck.model_validate(data), f"sha-{deck_id}-{questions}")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "progress.sqlite3")
    yield opened
    opened.close()


def session(
    store: Store, decks: list[LoadedDeck], clock: FakeClock, seed: int = 1, practice: bool = False, **settings
) -> StudySession:
    profile = store.profile("ann", clock())
    if settings:
        store.save_settings(profile.id, ProfileSettings(**settings))
        profile = store.profile("ann", clock())
    return StudySession(store, profile, decks, clock, random.Random(seed), tz=UTC, practice=practice)


def test_new_cards_are_limited_per_day_and_in_deck_order(store: Store) -> None:
    clock = FakeClock()
    deck = make_deck("d", 30)
    first = session(store, [deck], clock, new_per_day=5)
    asked = []
    while (item := first.next()) is not None and len(asked) < 5:
        asked.append(item.question.id)
        first.submit(item, "right", 1000)
        clock.advance(seconds=5)
    assert asked == ["q000", "q001", "q002", "q003", "q004"]
    # the same day, a new session only has the learning steps of those five: no more new cards
    again = session(store, [deck], clock, new_per_day=5)
    assert again.total == 5 and len(again._main) == 0  # only the five learning steps, later today


def test_learning_card_comes_back_when_its_step_is_due(store: Store) -> None:
    clock = FakeClock()
    study = session(store, [make_deck("d", 3)], clock)
    first = study.next()
    assert first.question.id == "q000"
    study.submit(first, "wrong", 1000)  # Again: due in 1 minute
    assert study.next().question.id == "q001"
    clock.advance(minutes=2)
    assert study.next().question.id == "q000"  # its step is due: it jumps the queue


def test_learn_ahead_instead_of_waiting(store: Store) -> None:
    clock = FakeClock()
    study = session(store, [make_deck("d", 1)], clock)
    item = study.next()
    study.submit(item, "right", 1000)  # Good on a new card: the 10-minute step
    again = study.next()
    assert again is not None and again.question.id == "q000" and again.progress.state is CardState.LEARNING
    study.submit(again, "right", 1000)
    assert study.next() is None and study.summary.next_due is not None


def test_reviews_are_most_overdue_first_and_limited(store: Store) -> None:
    clock = FakeClock()
    deck = make_deck("d", 6)
    study = session(store, [deck], clock, new_per_day=6)
    while (item := study.next()) is not None:
        study.submit(item, "right", 1000)
        clock.advance(minutes=11)
    clock.now = T0 + dt.timedelta(days=60)
    later = session(store, [deck], clock, new_per_day=0, reviews_per_day=4)
    queued = list(later._main)
    assert len(queued) == 4
    dues = [item.progress.due for item in queued]
    assert dues == sorted(dues)


def test_new_cards_are_interleaved_with_reviews() -> None:
    merged = interleave(list(range(6)), ["a", "b"])  # type: ignore[arg-type]
    assert merged == [0, 1, "a", 2, 3, 4, "b", 5]
    assert interleave([], ["a"]) == ["a"] and interleave([1], []) == [1]  # type: ignore[arg-type]


def test_undo_restores_and_asks_again(store: Store) -> None:
    clock = FakeClock()
    study = session(store, [make_deck("d", 3)], clock)
    item = study.next()
    submitted = study.submit(item, "right", 1000)
    assert store.progress(study.profile.id, "d", "q000") is not None
    again = study.undo()
    assert again.question.id == "q000" and again.progress is None
    assert store.progress(study.profile.id, "d", "q000") is None
    assert study.next().question.id == "q000"
    assert study.summary.answered == 0 and submitted.review_id > 0 and not study.can_undo


def test_undo_of_a_card_whose_next_step_is_on_screen_asks_it_once(store: Store) -> None:
    """The study screen puts the question it shows back before undoing: when that question is the
    undone answer's own learning step, the card is asked again as it was, and that step not after it."""
    clock = FakeClock()
    study = session(store, [make_deck("d", 1)], clock)
    study.submit(study.next(), "right", 1000)  # Good: a learning step, 10 minutes on
    step = study.next()  # learning ahead: the same card, on screen
    assert step is not None and step.question.id == "q000" and step.progress is not None
    study.put_back(step)
    study.undo()
    assert [(item.question.id, item.progress) for item in study._main] == [("q000", None)]
    assert study._learning == []


def test_rerate_changes_the_schedule(store: Store) -> None:
    clock = FakeClock()
    study = session(store, [make_deck("d", 2)], clock)
    item = study.next()
    submitted = study.submit(item, "right", 1000)
    assert submitted.rating is Rating.GOOD and submitted.intervals[Rating.EASY] >= dt.timedelta(days=1)
    changed = study.rerate(submitted, Rating.EASY)
    progress = store.progress(study.profile.id, "d", "q000")
    assert changed.rating is Rating.EASY and progress.state is CardState.REVIEW and progress.reps == 1


def test_hint_caps_the_suggested_rating(store: Store) -> None:
    clock = FakeClock()
    study = session(store, [make_deck("d", 1)], clock)
    assert study.submit(study.next(), "right", 1000, hint_used=True).rating is Rating.HARD


def test_practice_schedules_nothing(store: Store) -> None:
    clock = FakeClock()
    deck = make_deck("d", 4)
    practice = session(store, [deck], clock, practice=True)
    assert practice.total == 4
    while (item := practice.next()) is not None:
        assert practice.submit(item, "wrong", 1000).intervals == {}
    assert store.deck_progress(practice.profile.id, "d") == {}
    assert store._db.execute("SELECT count(*) FROM reviews WHERE mode = 'practice'").fetchone()[0] == 4


def test_questions_removed_from_the_deck_are_not_asked(store: Store) -> None:
    clock = FakeClock()
    study = session(store, [make_deck("d", 3)], clock)
    while (item := study.next()) is not None:
        study.submit(item, "right", 1000)
        clock.advance(minutes=11)
    clock.now = T0 + dt.timedelta(days=90)
    shorter = session(store, [make_deck("d", 2)], clock)
    assert {item.question.id for item in shorter._main} == {"q000", "q001"}


def true_recall_chance(progress, now: dt.datetime, parameters) -> float:
    """The simulated student's memory: FSRS's forgetting curve over the exact time elapsed (py-fsrs's
    own retrievability counts whole days, which would flatter a review a few minutes early)."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    elapsed = (now - progress.last_review).total_seconds() / 86400
    return (1 + factor * elapsed / progress.stability) ** decay


@pytest.mark.parametrize("retention", [0.8, 0.9])
def test_ninety_days_of_a_simulated_student(tmp_path: Path, retention: float) -> None:
    """A student whose memory follows FSRS's forgetting curve, 10 new cards a day from a 400-question
    deck. The daily load stays bounded and falls once the new cards run out (day 40); reviews happen
    when due; and reviews whose interval FSRS chose freely are recalled at the desired retention.
    (A card whose stability is under a day still waits FSRS's minimum interval of one day, so its
    recall is lower by the model itself: those reviews are counted apart.)"""
    rng = random.Random(2026)
    clock = FakeClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    store = Store.open(tmp_path / "progress.sqlite3")
    deck = make_deck("sim", 400)
    daily: list[int] = []
    free: list[bool] = []  # recalled?, for reviews scheduled more than a day ahead
    lateness: list[float] = []  # days between due and reviewed
    for _ in range(90):
        study = session(store, [deck], clock, seed=rng.randrange(10**6), new_per_day=10, desired_retention=retention)
        done = 0
        while (item := study.next()) is not None:
            progress = item.progress
            if progress is not None and progress.state is CardState.REVIEW:
                remembered = rng.random() < true_recall_chance(progress, clock(), study.scheduler.settings.parameters)
                lateness.append((clock() - progress.due).total_seconds() / 86400)
                if progress.due - progress.last_review > dt.timedelta(days=1):
                    free.append(remembered)
            else:
                remembered = rng.random() < 0.8
            study.submit(item, "right" if remembered else "wrong", 8000)
            clock.advance(seconds=20)
            done += 1
        daily.append(done)
        clock.now = day_end(clock(), UTC) + dt.timedelta(hours=4)  # the next morning at 8
    store.close()
    rate = sum(free) / len(free)
    print(
        f"retention {retention}: answers per day max {max(daily)}, last 30 days mean {sum(daily[60:]) / 30:.1f}; "
        f"recalled {rate:.3f} of {len(free)} freely scheduled reviews; latest review {max(lateness):.2f} days after due"
    )
    assert max(daily) < 200 and sum(daily[60:]) / 30 < max(daily) * 0.75, daily
    assert max(lateness) < 1.0  # every review within its study day
    assert len(free) > 500
    assert abs(rate - retention) < 0.03, rate


def test_a_session_says_which_daily_limit_kept_questions_out(store: Store) -> None:
    clock = FakeClock()
    first, second = make_deck("a", 3), make_deck("b", 4)
    study = session(store, [first], clock, new_per_day=3)
    assert study.limits_reached() == []  # all three new questions fit in the limit
    while (item := study.next()) is not None and item.progress is None:
        study.submit(item, "right", 1000)
    other = session(store, [second], clock, new_per_day=3)
    assert other.next() is None  # today's new questions were spent on the other deck
    (limit,) = other.limits_reached()
    assert (limit.noun, limit.limit, limit.studied, limit.held_back) == ("new question", 3, 3, 4)
    assert limit.resets == day_end(clock(), UTC)
    assert limit.sentence("Sat 28 Nov, 04:00", decks=1) == (
        "Today's limit of 3 new questions is reached (you studied 3 today). "
        "4 more wait in this deck until Sat 28 Nov, 04:00."
    )
    assert session(store, [second], clock, practice=True).limits_reached() == []


def test_a_session_held_back_by_the_review_limit_says_so(store: Store) -> None:
    clock = FakeClock()
    deck = make_deck("d", 5)
    study = session(store, [deck], clock, new_per_day=5)
    while (item := study.next()) is not None:
        study.submit(item, "right", 1000)
        clock.advance(minutes=11)
    clock.now = T0 + dt.timedelta(days=60)
    later = session(store, [deck], clock, new_per_day=5, reviews_per_day=2)
    assert later.limits_reached() == []  # two of the five due are queued: the limit is not used up yet
    while (item := later.next()) is not None:
        later.submit(item, "right", 1000)
    (limit,) = later.limits_reached()
    assert (limit.noun, limit.limit, limit.studied, limit.held_back) == ("review", 2, 2, 3)
    assert limit.sentence("Fri 27 Jan, 04:00", decks=2) == (
        "Today's limit of 2 reviews is reached (you did 2 today). 3 more wait in these decks until Fri 27 Jan, 04:00."
    )
