"""The answer path made cheaper, and the same: py-fsrs's outcomes and previews kept and reused, the
card updated as the session expects it without reading it first, the response's JSON. Each is
compared with the path as it was (py-fsrs called for every preview and review, the card read then
every column updated, json.dumps): the same results, the same rows, the same random draws."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import fsrs
import pytest
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.days import as_utc, to_millis
from quizapp.deck.loaded import LoadedDeck
from quizapp.deck.model import Deck
from quizapp.study.progress import CardState, Progress, Rating
from quizapp.study.scheduling import OUTCOMES_KEPT, Scheduler, SchedulerSettings, fuzz_days, is_leech_lapse
from quizapp.study.session import StudySession
from quizapp.study.store import (
    BEFORE_COLUMNS,
    CARD_COLUMNS,
    UPDATE_CARD,
    Answer,
    Store,
    _card_values,
    _progress,
)

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


# ---------------------------------------------------------------- the path as it was


def fsrs_card(progress: Progress, now: dt.datetime) -> fsrs.Card:
    """py-fsrs's own card for a progress, as Scheduler has always made it."""
    if progress.state is CardState.NEW:
        return fsrs.Card(card_id=progress.card_id, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=progress.card_id,
        state=fsrs.State(int(progress.state)),
        step=progress.step,
        stability=progress.stability,
        difficulty=progress.difficulty,
        due=progress.due or now,
        last_review=progress.last_review,
    )


def unfuzzed(scheduler: Scheduler, progress: Progress, rating: Rating, now: dt.datetime) -> fsrs.Card:
    card, _ = scheduler._fsrs.review_card(fsrs_card(progress, now), fsrs.Rating(int(rating)), now)
    return card


def uncached_review(scheduler: Scheduler, progress: Progress, rating: Rating, now: dt.datetime) -> Progress:
    """Scheduler.review as it was: py-fsrs asked every time."""
    now = as_utc(now)
    card = unfuzzed(scheduler, progress, rating, now)
    due = card.due
    if scheduler.settings.fuzz and card.state == fsrs.State.Review:
        days = (card.due - now).days
        due = now + dt.timedelta(days=fuzz_days(days, scheduler.settings.maximum_interval, scheduler._rng))
    lapsed = progress.state is CardState.REVIEW and rating is Rating.AGAIN
    lapses = progress.lapses + lapsed
    newly_leech = lapsed and is_leech_lapse(lapses)
    return replace(
        progress,
        state=CardState(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=due,
        last_review=now,
        reps=progress.reps + 1,
        lapses=lapses,
        leech=progress.leech or newly_leech,
        suspended=progress.suspended or (newly_leech and scheduler.settings.suspend_leeches),
    )


def uncached_preview(scheduler: Scheduler, progress: Progress, now: dt.datetime) -> dict[Rating, dt.timedelta]:
    """Scheduler.preview as it was."""
    now = as_utc(now)
    intervals: dict[Rating, dt.timedelta] = {}
    shortest = dt.timedelta(0)
    for rating in Rating:
        interval = max(unfuzzed(scheduler, progress, rating, now).due - now, shortest)
        intervals[rating] = shortest = interval
    return intervals


def old_record(
    self: Store,
    answer: Answer,
    reschedule: Callable[[Progress], Progress] | None,
    expected: Progress | None = None,  # not looked at: the card is read, whatever the caller expects
) -> tuple[int, Progress | None]:
    """Store.record as it was: the card read first and every column of it updated, the response
    through json.dumps."""
    with self.transaction() as db:
        row = db.execute(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE profile_id = ? AND deck_id = ? AND question_id = ?",
            (answer.profile_id, answer.deck_id, answer.question_id),
        ).fetchone()
        before = None if row is None else _progress(row)
        card_id = None if before is None else before.card_id
        after = None
        if reschedule is not None:
            if before is None:
                card_id = db.execute(
                    "INSERT INTO cards (profile_id, deck_id, question_id, state) VALUES (?, ?, ?, 0)",
                    (answer.profile_id, answer.deck_id, answer.question_id),
                ).lastrowid
            after = reschedule(before or Progress(card_id=card_id or 0))
            db.execute(UPDATE_CARD, (*_card_values(after), card_id))
        snapshot = _card_values(before) if before is not None else (None,) * 10
        cursor = db.execute(
            f"INSERT INTO reviews (profile_id, card_id, deck_id, question_id, reviewed_ms, mode, rating, score, response, "
            f"duration_ms, {BEFORE_COLUMNS}) VALUES ({', '.join('?' * 20)})",
            (
                answer.profile_id,
                card_id,
                answer.deck_id,
                answer.question_id,
                to_millis(answer.moment),
                answer.mode,
                answer.rating,
                answer.score,
                json.dumps(answer.response, ensure_ascii=False),
                answer.duration_ms,
                *snapshot,
            ),
        )
        return cursor.lastrowid or 0, after


@pytest.fixture
def as_it_was(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Puts the old answer path in place (for the rest of the test) when called."""

    def put_back() -> None:
        monkeypatch.setattr(Scheduler, "review", uncached_review)
        monkeypatch.setattr(Scheduler, "preview", uncached_preview)
        monkeypatch.setattr(Store, "record", old_record)

    return put_back


def outcome(call: Callable[..., object], *args: Any) -> str:
    """What a call gives, or the exception it raises, as text: floats to the bit (nan, -0.0), and
    exceptions by their type and words."""
    try:
        return repr(call(*args))
    except Exception as error:  # py-fsrs's own assertions and arithmetic errors are outcomes too
        return f"raised {type(error).__name__}: {error}"


# ---------------------------------------------------------------- py-fsrs's outcomes, kept


@st.composite
def scheduler_settings(draw: st.DrawFn) -> SchedulerSettings:
    parameters = draw(
        st.one_of(
            st.just(SchedulerSettings().parameters),
            st.tuples(
                *(
                    st.floats(low, high)
                    for low, high in zip(LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
                )
            ),
        )
    )
    return SchedulerSettings(
        desired_retention=draw(st.floats(0.70, 0.97)),
        maximum_interval=draw(st.one_of(st.just(36500), st.integers(1, 36500))),
        fuzz=draw(st.booleans()),
        suspend_leeches=draw(st.booleans()),
        parameters=parameters,
    )


MEMORY = st.one_of(
    st.none(),
    st.floats(0.001, 100.0),
    st.floats(0.001, 50_000.0),
    st.sampled_from([0.0, -0.0, 1.0, 10.0, math.inf, math.nan, 1e-300]),
)


@st.composite
def cards(draw: st.DrawFn) -> list[Progress]:
    """Up to four cards, often alike in all that py-fsrs looks at (state, step, memory, whole days
    since the last review) and different in the rest, so that outcomes kept for one are offered to
    the others; the last reviews fall on both sides of a day's boundary."""
    first = Progress(
        card_id=draw(st.integers(1, 10**6)),
        state=draw(st.sampled_from(CardState)),
        step=draw(st.one_of(st.none(), st.integers(-1, 3))),
        stability=draw(MEMORY),
        difficulty=draw(MEMORY),
        due=draw(st.one_of(st.none(), st.just(T0))),
        last_review=draw(
            st.one_of(st.none(), st.integers(-2 * 86_400, 3000 * 86_400).map(lambda s: T0 - dt.timedelta(seconds=s)))
        ),
        reps=draw(st.integers(0, 50)),
        lapses=draw(st.integers(0, 20)),
        leech=draw(st.booleans()),
        suspended=draw(st.booleans()),
    )
    alike = [first]
    for number in range(draw(st.integers(0, 3))):
        moved = draw(st.integers(-90_000, 90_000))  # seconds: the same whole days, or a day more or less
        last = None if first.last_review is None else first.last_review + dt.timedelta(seconds=moved)
        changed = replace(first, card_id=first.card_id + number + 1, last_review=last, lapses=draw(st.integers(0, 20)))
        alike.append(draw(st.sampled_from([changed, replace(changed, step=2)])))
    return alike


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scheduler_settings(),
    cards(),
    st.lists(
        st.tuples(
            st.sampled_from(["preview", "review"]),
            st.integers(0, 3),  # which card
            st.sampled_from(Rating),
            st.integers(0, 3 * 86_400 * 1_000_000),  # microseconds after T0
        ),
        min_size=1,
        max_size=12,
    ),
    st.integers(0, 2**32),
)
def test_kept_outcomes_are_py_fsrs_own(
    configured: SchedulerSettings, alike: list[Progress], calls: list[tuple[str, int, Rating, int]], seed: int
) -> None:
    """Previews and reviews, in any order and at any times, give what py-fsrs gives when asked each
    time, to the bit, raise what it raises, and draw the same fuzz from the same generator."""
    kept, asked = Scheduler(configured, random.Random(seed)), Scheduler(configured, random.Random(seed))
    for call, which, rating, after in calls:
        progress = alike[which % len(alike)]
        now = T0 + dt.timedelta(microseconds=after)
        if call == "preview":
            assert outcome(kept.preview, progress, now) == outcome(uncached_preview, asked, progress, now)
        else:
            assert outcome(kept.review, progress, rating, now) == outcome(uncached_review, asked, progress, rating, now)
    assert kept._rng.random() == asked._rng.random()


def test_an_answer_asks_py_fsrs_four_times_and_a_new_card_not_at_all(tmp_path: Path) -> None:
    """The recorded review is the preview's outcome for its rating (one py-fsrs review fewer an
    answer), and every new card's four outcomes are the first new card's."""
    store = Store.open(tmp_path / "progress.sqlite3")
    deck = make_deck("d", 6)
    clock = Clock([T0])
    study = StudySession(store, store.profile("ann", T0), [deck], clock, random.Random(1), tz=UTC)
    reviews: list[str] = []
    review_card = study.scheduler._fsrs.review_card

    def counted(card: fsrs.Card, rating: fsrs.Rating, now: dt.datetime) -> tuple[fsrs.Card, fsrs.ReviewLog]:
        reviews.append(str(card.state))
        return review_card(card, rating, now)

    study.scheduler._fsrs.review_card = counted
    first = study.next()
    assert first is not None
    study.submit(first, "right", 1000)
    assert len(reviews) == 4  # the four previews; the review recorded is one of them
    second = study.next()
    assert second is not None and second.progress is None
    study.submit(second, "wrong", 1000)
    assert len(reviews) == 4  # a new card like the first: nothing asked of py-fsrs
    clock.moments = [T0 + dt.timedelta(minutes=11)]
    again = study.next()
    assert again is not None and again.progress is not None
    study.submit(again, "right", 1000)
    assert len(reviews) == 8
    store.close()


def answered_again(path: Path, prepared: bool) -> tuple[object, ...]:
    """A learning card answered right, prepared first or not: the intervals, rating and rows it gives."""
    store = Store.open(path)
    clock = Clock([T0])
    study = StudySession(store, store.profile("ann", T0), [make_deck("d", 2)], clock, random.Random(1), tz=UTC)
    first = study.next()
    assert first is not None
    study.submit(first, "right", 1000)
    clock.moments = [T0 + dt.timedelta(minutes=11)]
    again = study.next()
    assert again is not None and again.progress is not None  # a learning card: py-fsrs works for it
    asked: list[fsrs.Rating] = []
    review_card = study.scheduler._fsrs.review_card

    def counted(card: fsrs.Card, rating: fsrs.Rating, now: dt.datetime) -> tuple[fsrs.Card, fsrs.ReviewLog]:
        asked.append(rating)
        return review_card(card, rating, now)

    study.scheduler._fsrs.review_card = counted
    if prepared:
        study.prepare(again)
        assert len(asked) == 4  # the four ratings' outcomes, worked out now
        asked.clear()
    submitted = study.submit(again, "right", 1000)
    assert len(asked) == (0 if prepared else 4)
    store.close()
    return submitted.intervals, submitted.rating, rows(path)


def test_a_question_prepared_while_it_is_read_is_answered_without_py_fsrs_and_alike(tmp_path: Path) -> None:
    """`prepare` (the study screen calls it once a question is on screen) works out the card's outcomes:
    the answer then asks nothing of py-fsrs, and records what an unprepared answer records."""
    assert answered_again(tmp_path / "prepared.sqlite3", True) == answered_again(tmp_path / "not.sqlite3", False)


def test_the_outcomes_kept_are_bounded() -> None:
    scheduler = Scheduler(SchedulerSettings(), random.Random(3))
    reference = Scheduler(SchedulerSettings(), random.Random(3))
    rng = random.Random(4)
    for number in range(2 * OUTCOMES_KEPT):  # past the bound, which empties both
        progress = Progress(
            number, CardState.REVIEW, None, rng.uniform(1, 300), rng.uniform(1, 10), T0, T0 - dt.timedelta(days=30)
        )
        assert scheduler.preview(progress, T0) == uncached_preview(reference, progress, T0)
        assert scheduler.preview(progress, T0) == uncached_preview(reference, progress, T0)  # kept, the same
        assert scheduler.review(progress, Rating.GOOD, T0) == uncached_review(reference, progress, Rating.GOOD, T0)
        assert len(scheduler._outcomes) <= OUTCOMES_KEPT
        assert 4 * len(scheduler._previews) <= len(scheduler._outcomes)  # each preview's four are kept


# ---------------------------------------------------------------- whole sessions, row for row


def make_deck(deck_id: str, questions: int) -> LoadedDeck:
    """Choice questions (rated by their grade) and flashcards (rated by the student), in turns."""
    made: list[dict[str, Any]] = []
    for n in range(questions):
        if n % 2:
            made.append({"id": f"q{n:03d}", "type": "flashcard", "prompt": f"Card {n}?", "answer": "yes"})
        else:
            made.append(
                {
                    "id": f"q{n:03d}",
                    "type": "choice",
                    "prompt": f"Question {n}?",
                    "choices": ["right", "wrong"],
                    "answer": "right",
                }
            )
    data = {"deck": {"id": deck_id, "title": deck_id}, "questions": made}
    return LoadedDeck(Path(f"{deck_id}.toml"), Deck.model_validate(data), f"sha-{deck_id}-{questions}")


class Clock:
    """A clock that gives its moments in turn, the last one from then on: one moment for a clock
    that stands still, several for one that moves between the readings of an answer."""

    def __init__(self, moments: list[dt.datetime]):
        self.moments = moments

    def __call__(self) -> dt.datetime:
        return self.moments.pop(0) if len(self.moments) > 1 else self.moments[0]


def ticking(rng: random.Random, start: dt.datetime) -> Iterator[dt.datetime]:
    """Moments from `start`, each a second to a day after the one before: often across the boundary
    of a whole day since some card's last review."""
    now = start
    while True:
        yield now
        now += dt.timedelta(seconds=rng.choice([1, 59, 700, 3_600, 20_000, 86_399, 86_401]))


def rows(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as db:
        return (
            db.execute("SELECT * FROM cards ORDER BY id").fetchall(),
            db.execute("SELECT * FROM reviews ORDER BY id").fetchall(),
        )


def study(path: Path, seed: int, clock_moving: bool) -> list[str]:
    """Fourteen study sessions a day or so apart, of a seeded student: answers right and wrong, every
    rating of a flashcard, some ratings changed, some answers undone. The clock stands still for each
    answer, or (`clock_moving`) moves at every reading, so that an answer's preview and its record
    can fall on different days. Returns what the sessions showed: each answer's intervals, and the
    progress it left."""
    rng = random.Random(seed)
    store = Store.open(path)
    deck = make_deck("d", 24)
    shown: list[str] = []
    now = T0
    for _ in range(14):
        moments = ticking(random.Random(rng.randrange(10**6)), now)
        clock = Clock([next(moments)])
        session = StudySession(
            store, store.profile("ann", now), [deck], clock, random.Random(rng.randrange(10**6)), UTC
        )
        for _ in range(40):
            if clock_moving:
                clock.moments = [next(moments) for _ in range(3)]  # next(), then the answer's two readings
            item = session.next()
            if item is None:
                break
            flashcard = item.question.type == "flashcard"
            submitted = session.submit(
                item,
                rng.choice(["right", "right", "wrong"]),
                3000,
                hint_used=rng.random() < 0.1,
                rating=rng.choice(list(Rating)) if flashcard else None,
            )
            shown.append(repr((submitted.intervals, submitted.rating, store.progress(1, "d", item.question_id))))
            if rng.random() < 0.15:
                shown.append(repr(session.rerate(submitted, rng.choice(list(Rating)))))
            elif rng.random() < 0.05:
                shown.append(repr(session.undo()))
            clock.moments = [clock.moments[-1] + dt.timedelta(minutes=rng.choice([0, 1, 4, 11]))]
        now = clock.moments[-1] + dt.timedelta(hours=rng.choice([19, 24, 29]))
    store.close()
    return shown


@pytest.mark.parametrize("clock_moving", [False, True], ids=["clock-still", "clock-moving"])
def test_seeded_sessions_give_the_rows_they_gave(
    tmp_path: Path, as_it_was: Callable[[], None], clock_moving: bool
) -> None:
    now_shown = study(tmp_path / "now.sqlite3", 5, clock_moving)
    now_rows = rows(tmp_path / "now.sqlite3")
    as_it_was()
    assert study(tmp_path / "then.sqlite3", 5, clock_moving) == now_shown
    assert rows(tmp_path / "then.sqlite3") == now_rows
    _, reviews = now_rows
    assert len(reviews) > 150
    assert {review[11] for review in reviews} == {None, 1, 2, 3}  # new, learning, review and relearning cards
    assert {review[7] for review in reviews} == {1, 2, 3, 4}  # answered with every rating


def two_windows(path: Path) -> tuple[list[str], tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """A card studied once, then due: one window takes it to ask, another answers it first, then the
    first window's answer is recorded. Returns what the first window showed and the rows."""
    store = Store.open(path)
    deck = make_deck("d", 2)
    profile = store.profile("ann", T0)
    first = StudySession(store, profile, [deck], Clock([T0]), random.Random(1), tz=UTC)
    item = first.next()
    assert item is not None and item.question_id == "q000"
    first.submit(item, "right", 1000)  # learning, step 1: due in 10 minutes
    later = T0 + dt.timedelta(days=2)
    window = StudySession(store, profile, [deck], Clock([later]), random.Random(2), tz=UTC)
    asked = window.next()
    assert asked is not None and asked.question_id == "q000" and asked.progress is not None
    other = Store.open(path)
    other_session = StudySession(other, profile, [deck], Clock([later]), random.Random(3), tz=UTC)
    taken = other_session.next()
    assert taken is not None and taken.key == asked.key
    other_session.submit(taken, "wrong", 1000)  # the other window moves the card on first
    other.close()
    submitted = window.submit(asked, "right", 1000)
    shown = [repr(submitted.intervals), repr(store.progress(profile.id, "d", "q000"))]
    store.close()
    return shown, rows(path)


def test_a_card_moved_on_by_another_window_is_rescheduled_from_the_database(
    tmp_path: Path, as_it_was: Callable[[], None]
) -> None:
    """The intervals shown are the card's as the window knew it; the card is rescheduled from what
    the database holds (the other window's answer included), not from the preview's outcome."""
    shown, (cards_, reviews) = two_windows(tmp_path / "now.sqlite3")
    assert [review[7] for review in reviews] == [3, 1, 3]  # Good, the other window's Again, Good
    # The third answer found the card as the other window left it (learning, step 0, 2 reviews) ...
    assert (reviews[2][11], reviews[2][12], reviews[2][17]) == (CardState.LEARNING, 0, 2)
    # ... and Good took it to step 1 (from the step 1 the window had read, Good would have graduated it).
    assert (cards_[0][4], cards_[0][5], cards_[0][10]) == (CardState.LEARNING, 1, 3)
    as_it_was()
    assert two_windows(tmp_path / "then.sqlite3") == (shown, (cards_, reviews))


# ---------------------------------------------------------------- the card's update, the response's JSON


@pytest.mark.parametrize(
    "change",
    [
        lambda card: replace(card, reps=card.reps + 1, due=T0 + dt.timedelta(days=3)),  # state and leech kept
        lambda card: replace(card, leech=True),  # the leech flag alone
        lambda card: replace(card, state=CardState.RELEARNING, step=0),  # the state alone
        lambda card: replace(card, leech=True, suspended=True, state=CardState.LEARNING),
    ],
    ids=["state-same", "leech", "state", "all"],
)
def test_the_card_keeps_whatever_a_reschedule_gives_it(tmp_path: Path, change: Callable[[Progress], Progress]) -> None:
    """Whatever the reschedule changes, one column or all, is in the card's row afterwards."""
    store = Store.open(tmp_path / "progress.sqlite3")
    ann = store.profile("ann", T0)
    reviewed = Progress(0, CardState.REVIEW, None, 12.5, 4.25, T0 + dt.timedelta(days=12), T0, 5, 1)
    store.record(
        Answer(ann.id, "deck", "q1", T0, "study", 3, 1.0, "x", 1000),
        lambda card: replace(reviewed, card_id=card.card_id),
    )
    wanted: list[Progress] = []

    def reschedule(card: Progress) -> Progress:
        wanted.append(change(card))
        return wanted[-1]

    _, after = store.record(Answer(ann.id, "deck", "q1", T0, "study", 3, 1.0, "x", 1000), reschedule)
    assert after == wanted[0] == store.progress(ann.id, "deck", "q1")
    store.close()


RESPONSES = [
    "café ✓ 北",
    "line\u2028separator \x00 nul",
    ["a", "[b]", 3, 2.5, None, True],
    {"given": {"nested": ["é", {"deeper": -0.0}]}, "z": 1, "a": 2},
    {1: "an int key"},
    math.nan,
    -math.inf,
    12345678901234567890,
    None,
    False,
    1e-300,
]


@pytest.mark.parametrize("response", RESPONSES, ids=range(len(RESPONSES)))
def test_responses_are_logged_as_json_dumps_writes_them(tmp_path: Path, response: Any) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    ann = store.profile("ann", T0)
    store.record(Answer(ann.id, "deck", "q1", T0, "practice", None, 0.0, response, None), None)
    logged = store._db.execute("SELECT response FROM reviews").fetchone()[0]
    assert logged == json.dumps(response, ensure_ascii=False)
    store.close()


def test_a_response_json_cannot_write_records_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    ann = store.profile("ann", T0)
    with pytest.raises(TypeError):
        store.record(Answer(ann.id, "deck", "q1", T0, "study", 3, 1.0, {"set"}, None), lambda card: card)
    assert store._db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    assert store._db.execute("SELECT count(*) FROM cards").fetchone()[0] == 0
    store.close()


def test_a_kept_preview_is_handed_out_as_a_copy() -> None:
    """The intervals a caller gets are its own: changing them changes no later preview."""
    scheduler = Scheduler(SchedulerSettings(), random.Random(3))
    progress = Progress(1, CardState.REVIEW, None, 20.0, 5.0, T0, T0 - dt.timedelta(days=15))
    shown = scheduler.preview(progress, T0)
    shown[Rating.GOOD] = dt.timedelta(0)
    del shown[Rating.EASY]
    assert scheduler.preview(progress, T0) == uncached_preview(scheduler, progress, T0)


# ---------------------------------------------------------------- the card as the session expects it

STORED = Progress(0, CardState.REVIEW, None, 12.5, 4.25, T0 + dt.timedelta(days=12), T0, 5, 1)


def statements(store: Store) -> list[str]:
    """The SQL statements the store's connection runs from now on, by their first two words."""
    ran: list[str] = []
    store._db.set_trace_callback(lambda sql: ran.append(" ".join(sql.split()[:2])))
    return ran


def stored_card(store: Store, profile_id: int) -> Progress:
    """STORED recorded for deck/q1, as the database then holds it."""
    _, after = store.record(
        Answer(profile_id, "deck", "q1", T0, "study", 3, 1.0, "x", 1000),
        lambda card: replace(STORED, card_id=card.card_id),
    )
    assert after is not None and after == store.progress(profile_id, "deck", "q1")
    return after


def test_a_card_as_the_session_expects_it_is_updated_without_being_read(tmp_path: Path) -> None:
    """An answer to a card the session read (or left) as the database still holds it is one update
    and one insert: the card is not read again."""
    store = Store.open(tmp_path / "progress.sqlite3")
    ann = store.profile("ann", T0)
    known = stored_card(store, ann.id)
    ran = statements(store)
    given: list[Progress] = []

    def later(card: Progress) -> Progress:
        given.append(card)
        return replace(card, reps=card.reps + 1, due=T0 + dt.timedelta(days=30), last_review=T0)

    review_id, after = store.record(Answer(ann.id, "deck", "q1", T0, "study", 3, 1.0, "x", 1000), later, known)
    assert ran == ["BEGIN IMMEDIATE", "UPDATE cards", "INSERT INTO", "COMMIT"]
    assert given == [known] and after == later(known) == store.progress(ann.id, "deck", "q1")
    before = store._db.execute(f"SELECT {BEFORE_COLUMNS} FROM reviews WHERE id = ?", (review_id,)).fetchone()
    assert before == _card_values(known)
    store.close()


def test_a_new_card_as_the_session_expects_it_is_made_in_one_statement(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    ann = store.profile("ann", T0)
    ran = statements(store)
    _, after = store.record(
        Answer(ann.id, "deck", "q1", T0, "study", 3, 1.0, "x", 1000),
        lambda card: replace(STORED, card_id=card.card_id),
        Progress(card_id=0),
    )
    # (after the transaction, this store's first answer makes room in the log: tests/test_log_room.py)
    assert ran[: ran.index("COMMIT") + 1] == ["BEGIN IMMEDIATE", "INSERT INTO", "INSERT INTO", "COMMIT"]
    assert after is not None and after.card_id > 0
    assert after == replace(STORED, card_id=after.card_id) == store.progress(ann.id, "deck", "q1")
    store.close()


def test_a_new_card_another_window_made_meanwhile_is_scheduled_from_what_it_holds(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    ann = store.profile("ann", T0)
    made = stored_card(store, ann.id)
    given: list[Progress] = []

    def later(card: Progress) -> Progress:
        given.append(card)
        return replace(card, reps=card.reps + 1)

    _, after = store.record(Answer(ann.id, "deck", "q1", T0, "study", 3, 1.0, "x", 1000), later, Progress(card_id=0))
    assert given[-1] == made and after == replace(made, reps=made.reps + 1) == store.progress(ann.id, "deck", "q1")
    assert store._db.execute("SELECT count(*) FROM cards").fetchone()[0] == 1
    store.close()


OTHER_VALUES: dict[str, Any] = {
    "card_id": 999,
    "state": CardState.RELEARNING,
    "step": 0,
    "stability": 12.500000000000002,  # one bit off
    "difficulty": None,
    "due": T0 + dt.timedelta(days=12, milliseconds=1),
    "last_review": None,
    "reps": 6,
    "lapses": 0,
    "leech": True,
    "suspended": True,
}


@pytest.mark.parametrize("field", list(OTHER_VALUES))
def test_a_card_not_as_expected_in_any_column_is_read_and_scheduled_from_what_it_holds(
    tmp_path: Path, field: str
) -> None:
    """One column of difference, whichever, and the update from the expected card writes nothing:
    the card is read, and the review's schedule and its record of the card before are the database's."""
    store = Store.open(tmp_path / "progress.sqlite3")
    ann = store.profile("ann", T0)
    held = stored_card(store, ann.id)
    expected = replace(held, **{field: OTHER_VALUES[field]})
    assert expected != held
    given: list[Progress] = []

    def later(card: Progress) -> Progress:
        given.append(card)
        return replace(card, reps=card.reps + 10)

    review_id, after = store.record(Answer(ann.id, "deck", "q1", T0, "study", 3, 1.0, "x", 1000), later, expected)
    assert given[-1] == held and after == replace(held, reps=held.reps + 10) == store.progress(ann.id, "deck", "q1")
    before = store._db.execute(f"SELECT {BEFORE_COLUMNS} FROM reviews WHERE id = ?", (review_id,)).fetchone()
    assert before == _card_values(held)
    store.close()


@pytest.mark.parametrize("other", ["question", "deck", "profile"])
def test_another_questions_card_is_not_the_one_expected(tmp_path: Path, other: str) -> None:
    """The expected card is found by its id and its profile, deck and question: an id alone could
    name another question's card (ids of cards undone are given out again), and question ids repeat
    from deck to deck."""
    store = Store.open(tmp_path / "progress.sqlite3")
    ann = store.profile("ann", T0)
    held = stored_card(store, ann.id)
    profile_id = store.profile("bob", T0).id if other == "profile" else ann.id
    deck, question = ("other", "q1") if other == "deck" else ("deck", "q2" if other == "question" else "q1")
    _, after = store.record(
        Answer(profile_id, deck, question, T0, "study", 3, 1.0, "x", 1000),
        lambda card: replace(card, reps=card.reps + 1),
        held,  # ann's deck/q1's card, as it is
    )
    assert after is not None and after.card_id != held.card_id and after.reps == 1
    assert after == store.progress(profile_id, deck, question)
    assert store.progress(ann.id, "deck", "q1") == held
    store.close()


def test_an_expected_card_is_scheduled_from_its_times_as_the_database_keeps_them(tmp_path: Path) -> None:
    """A session's card carries its clock's microseconds (the database keeps milliseconds): it is
    scheduled from the card as the database holds it, as if it had been read, and written at once.
    (A whole day since its last review can begin within that millisecond.)"""
    store = Store.open(tmp_path / "progress.sqlite3")
    ann = store.profile("ann", T0)
    held = stored_card(store, ann.id)
    assert held.due is not None and held.last_review is not None
    micro = dt.timedelta(microseconds=400)  # the same millisecond, rounded
    expected = replace(held, due=held.due + micro, last_review=held.last_review - micro)
    ran = statements(store)
    given: list[Progress] = []

    def later(card: Progress) -> Progress:
        given.append(card)
        return replace(card, reps=card.reps + 1)

    _, after = store.record(Answer(ann.id, "deck", "q1", T0, "study", 3, 1.0, "x", 1000), later, expected)
    assert ran == ["BEGIN IMMEDIATE", "UPDATE cards", "INSERT INTO", "COMMIT"]
    assert given == [held] and after == replace(held, reps=held.reps + 1) == store.progress(ann.id, "deck", "q1")
    store.close()


def test_a_session_across_a_day_schedules_as_the_database_would(tmp_path: Path, as_it_was: Callable[[], None]) -> None:
    """With a clock that has microseconds: a learning card answered again a whole day (to within the
    millisecond the database rounds away) after its last review is scheduled as the old path, which
    read the card, scheduled it."""

    def answered(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        store = Store.open(path)
        clock = Clock([T0 + dt.timedelta(microseconds=600)])  # stored as the next millisecond
        study = StudySession(store, store.profile("ann", T0), [make_deck("d", 1)], clock, random.Random(1), UTC)
        study.submit(study.next(), "right", 1000)  # a learning step, its last review kept as ...001 ms
        clock.moments = [T0 + dt.timedelta(days=1, microseconds=800)]  # a day after what is stored, not after that
        again = study.next()
        assert again is not None and again.progress is not None
        study.submit(again, "right", 1000)
        store.close()
        return rows(path)

    now = answered(tmp_path / "now.sqlite3")
    as_it_was()
    assert answered(tmp_path / "then.sqlite3") == now


def test_a_session_answers_its_cards_as_it_knows_them(tmp_path: Path) -> None:
    """The session hands the store each card as it read or left it: a new card is made, and a card
    asked again (a learning step) updated, each without being read in the answer's transaction."""
    store = Store.open(tmp_path / "progress.sqlite3")
    clock = Clock([T0])
    session = StudySession(store, store.profile("ann", T0), [make_deck("d", 2)], clock, random.Random(1), UTC)
    ran = statements(store)
    first = session.next()
    assert first is not None and first.progress is None
    session.submit(first, "right", 1000)
    answer_transaction = ran[: ran.index("COMMIT") + 1]  # (then the log's room: tests/test_log_room.py)
    assert answer_transaction == ["BEGIN IMMEDIATE", "INSERT INTO", "INSERT INTO", "COMMIT"]  # the card, the review
    clock.moments = [T0 + dt.timedelta(minutes=11)]
    while (again := session.next()) is not None and again.question_id != first.question_id:
        session.submit(again, "right", 1000)
    assert again is not None and again.progress is not None
    ran.clear()
    session.submit(again, "right", 1000)
    assert ran == ["BEGIN IMMEDIATE", "UPDATE cards", "INSERT INTO", "COMMIT"]
    assert [line for line in ran if line.startswith("SELECT")] == []
    store.close()
