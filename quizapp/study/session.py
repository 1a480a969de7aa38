"""A study session over one or more decks: what to ask next, and what happens to each answer.

The queue, as in Anki: learning cards whose step is due come first; then the reviews due today
(most overdue first) interleaved with new cards, within the profile's daily limits; then learning
cards due within the next 20 minutes, rather than making the student wait. Each answer is graded
and committed (with the suggested rating) before its feedback is shown, so nothing is lost; a
different rating chosen afterwards, or an undo, changes it in one transaction.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import deque
from dataclasses import dataclass, replace
from itertools import count
from typing import TYPE_CHECKING, Any

from ..days import Clock, day_end, day_start, study_day

if TYPE_CHECKING:
    from ..deck.loaded import LoadedDeck
    from ..deck.model import QuestionBase
    from .grading import Grade
from .progress import CardState, Progress, Rating
from .store import Answer, Profile, Store

LEARN_AHEAD = dt.timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class Item:
    """A question as the session asks it: from which deck, and the card's progress so far."""

    deck: LoadedDeck  # or the fast start's DeckView, which has the same `id` and `question`
    question_id: str
    progress: Progress | None  # None: new to this profile

    @property
    def question(self) -> QuestionBase:
        """The question itself (a cached deck builds it only when it is asked for)."""
        return self.deck.question(self.question_id)

    @property
    def key(self) -> tuple[str, str]:
        """(deck id, question id): what progress is keyed by."""
        return self.deck.id, self.question_id


@dataclass(frozen=True, slots=True)
class Submitted:
    """An answer that has been graded and committed."""

    item: Item
    grade: Grade
    review_id: int
    rating: Rating  # as recorded: the suggestion, or the student's choice
    suggested: Rating
    intervals: dict[Rating, dt.timedelta]  # what each rating would schedule (empty in practice)
    response: Any


def suggested_rating(result: Grade, hint_used: bool) -> Rating:
    """The rating a score suggests; asking for the hint caps it at Hard."""
    rating = result.suggested_rating
    return min(rating, Rating.HARD) if hint_used else rating


def interleave(reviews: list[Item], new: list[Item]) -> list[Item]:
    """New cards spread evenly among the reviews, so that neither comes in one block."""
    if not reviews or not new:
        return reviews + new
    merged: list[Item] = []
    every = (len(reviews) + len(new)) / len(new)
    positions = {round(index * every + every / 2) for index in range(len(new))}
    reviews_left, new_left = deque(reviews), deque(new)
    for position in range(len(reviews) + len(new)):
        source = new_left if (position in positions and new_left) or not reviews_left else reviews_left
        merged.append(source.popleft())
    return merged


@dataclass(frozen=True, slots=True)
class DailyLimit:
    """A daily limit that kept questions out of a session and is used up: why a session can end, or
    end at once, while the home screen still counts new questions."""

    noun: str  # what it limits, one of them: "new question" or "review"
    limit: int  # the profile's limit per day
    studied: int  # how many of them were studied today (this session's included)
    held_back: int  # how many it kept out of the session
    resets: dt.datetime  # when the next study day begins, with the limit afresh

    def sentence(self, until: str, decks: int) -> str:
        """The reason in words: `until` is `resets` as the student reads times, `decks` how many were studied."""
        limit = f"{self.limit} {self.noun}{'' if self.limit == 1 else 's'}"
        verb = "studied" if self.noun == "new question" else "did"
        wait = "waits" if self.held_back == 1 else "wait"
        where = "this deck" if decks == 1 else "these decks"
        return (
            f"Today's limit of {limit} is reached (you {verb} {self.studied} today). "
            f"{self.held_back} more {wait} in {where} until {until}."
        )


@dataclass
class SessionSummary:
    """What the session-end screen shows."""

    answered: int = 0
    right: int = 0
    seconds: float = 0.0
    next_due: dt.datetime | None = None


class StudySession:
    """Spaced-repetition study of some decks by one profile (or practice, which schedules nothing)."""

    def __init__(
        self,
        store: Store,
        profile: Profile,
        decks: list[LoadedDeck],
        clock: Clock,
        rng: random.Random,
        tz: dt.tzinfo | None = None,
        practice: bool = False,
    ):
        self.store = store
        self.profile = profile
        self.decks = decks
        self.clock = clock
        self.rng = rng
        self.tz = tz
        self.practice = practice
        from .scheduling import Scheduler  # fsrs

        self.scheduler = Scheduler(profile.settings.scheduler_settings(), rng)
        self.summary = SessionSummary()
        self._main: deque[Item] = deque()
        self._learning: list[tuple[dt.datetime, int, Item]] = []  # (due, tiebreak, item), sorted
        self._tiebreak = count()
        self._history: list[Submitted] = []
        self.total = 0
        self._held_back = {"new question": 0, "review": 0}  # what the daily limits kept out of the queue
        self._build()

    # ------------------------------------------------------------------ the queue

    def _build(self) -> None:
        now = self.clock()
        for loaded in self.decks:
            self.store.sync_deck(self.profile.id, loaded.id, loaded.sha256, loaded.question_ids)
        if self.practice:
            everything = [
                Item(loaded, question_id, None) for loaded in self.decks for question_id in loaded.question_ids
            ]
            self.rng.shuffle(everything)
            self._main.extend(everything)
            self.total = len(everything)
            return
        deck_of = {loaded.id: loaded for loaded in self.decks}
        due = self.store.due_cards(self.profile.id, [loaded.id for loaded in self.decks], day_end(now, self.tz))
        new_done, reviews_done = self.store.studied_since(self.profile.id, day_start(study_day(now, self.tz), self.tz))
        reviews: list[Item] = []
        for deck_id, question_id, progress in due:
            deck = deck_of.get(deck_id)
            if deck is None or not deck.has_question(question_id):
                continue
            item = Item(deck, question_id, progress)
            if progress.state is CardState.REVIEW:
                reviews.append(item)
            else:
                self._schedule_learning(item, progress.due or now)
        settings = self.profile.settings
        allowed = max(0, settings.reviews_per_day - reviews_done)
        self._held_back["review"] = max(0, len(reviews) - allowed)
        reviews = reviews[:allowed]
        new_allowed = max(0, settings.new_per_day - new_done)
        new: list[Item] = []
        for loaded in self.decks:  # every deck, even once the limit is filled: to count what it holds back
            seen = self.store.seen_questions(self.profile.id, loaded.id)
            fresh = [question_id for question_id in loaded.question_ids if question_id not in seen]
            taken = fresh[: new_allowed - len(new)]
            new.extend(Item(loaded, question_id, None) for question_id in taken)
            self._held_back["new question"] += len(fresh) - len(taken)
        self._main.extend(interleave(reviews, new))
        self.total = len(self._main) + len(self._learning)

    def _schedule_learning(self, item: Item, due: dt.datetime) -> None:
        bisect.insort(self._learning, (due, next(self._tiebreak), item), key=lambda entry: (entry[0], entry[1]))

    def next(self) -> Item | None:
        """The next question to ask, or None when the session is over."""
        now = self.clock()
        if self._learning and self._learning[0][0] <= now:
            return self._learning.pop(0)[2]
        if self._main:
            return self._main.popleft()
        if self._learning and self._learning[0][0] <= now + LEARN_AHEAD:
            return self._learning.pop(0)[2]
        return None

    def take(self, key: tuple[str, str]) -> Item:
        """The queued item for (deck id, question id), taken out of the queue: the fast start showed it
        before the session existed. One not queued (another window studied it) is made afresh."""
        for index, item in enumerate(self._main):
            if item.key == key:
                del self._main[index]
                return item
        for index, (_, _, item) in enumerate(self._learning):
            if item.key == key:
                del self._learning[index]
                return item
        deck = next(loaded for loaded in self.decks if loaded.id == key[0])
        return Item(deck, key[1], self.store.progress(self.profile.id, *key))

    def put_back(self, item: Item) -> None:
        """Return a question that was taken but not answered to the front of the queue."""
        self._main.appendleft(item)

    @property
    def remaining(self) -> int:
        """Questions still queued for this session (learning steps later today included)."""
        return len(self._main) + len(self._learning)

    def limits_reached(self) -> list[DailyLimit]:
        """The daily limits that kept questions out of this session and are used up by now."""
        if not any(self._held_back.values()):
            return []
        now = self.clock()
        new_done, reviews_done = self.store.studied_since(self.profile.id, day_start(study_day(now, self.tz), self.tz))
        settings, resets = self.profile.settings, day_end(now, self.tz)
        limits = [
            DailyLimit("new question", settings.new_per_day, new_done, self._held_back["new question"], resets),
            DailyLimit("review", settings.reviews_per_day, reviews_done, self._held_back["review"], resets),
        ]
        return [limit for limit in limits if limit.held_back and limit.studied >= limit.limit]

    def waiting_until(self) -> dt.datetime | None:
        """When the next learning card falls due, if the session is waiting for one."""
        return self._learning[0][0] if self._learning else None

    # ------------------------------------------------------------------ answers

    def intervals(self, item: Item) -> dict[Rating, dt.timedelta]:
        """What each rating would schedule for this question now (nothing in practice)."""
        if self.practice:
            return {}
        return self.scheduler.preview(item.progress or Progress(card_id=0), self.clock())

    def prepare(self, item: Item) -> None:
        """Work out, while the student reads `item`, what answering it will need: the scheduler's
        outcomes for its card (kept by the scheduler per card state), which the answer's intervals and
        its review then look up, so that the answer usually waits only for its grading and its commit.
        (Should the card's state have changed meanwhile, another window having answered it, or a day
        having passed since its last review, the answer works its outcomes out afresh: never stale.)"""
        self.intervals(item)

    def submit(
        self, item: Item, response: Any, duration_ms: int | None, hint_used: bool = False, rating: Rating | None = None
    ) -> Submitted:
        """Grade and commit an answer. Flashcards are rated by the student (`rating`); for the other
        types the score suggests the rating, which `rerate` may change afterwards."""
        from .grading import grade  # first needed here: showing the first question does without it

        question = item.question
        flashcard = question.type == "flashcard"
        if flashcard:
            rating = rating or Rating.GOOD
            response = rating > Rating.AGAIN
        result = grade(question, response)
        suggested = rating if flashcard and rating else suggested_rating(result, hint_used)
        now = self.clock()
        intervals = self.intervals(item)
        answer = Answer(
            self.profile.id,
            item.deck.id,
            item.question_id,
            now,
            "practice" if self.practice else "study",
            int(suggested),
            result.score,
            response,
            duration_ms,
        )
        reschedule = None if self.practice else (lambda before: self.scheduler.review(before, suggested, now))
        review_id, progress = self.store.record(answer, reschedule, item.progress or Progress(card_id=0))
        submitted = Submitted(item, result, review_id, suggested, suggested, intervals, response)
        self._history.append(submitted)
        self._requeue(submitted, progress, now)
        self.summary.answered += 1
        self.summary.right += result.correct
        self.summary.seconds += (duration_ms or 0) / 1000
        return submitted

    def _requeue(self, submitted: Submitted, progress: Progress | None, now: dt.datetime) -> None:
        """Ask the card again later in this session if a learning step falls due today."""
        if progress is None or progress.due is None:
            return
        if progress.state in (CardState.LEARNING, CardState.RELEARNING) and progress.due < day_end(now, self.tz):
            self._schedule_learning(Item(submitted.item.deck, submitted.item.question_id, progress), progress.due)
        elif self.summary.next_due is None or progress.due < self.summary.next_due:
            self.summary.next_due = progress.due

    def rerate(self, submitted: Submitted, rating: Rating) -> Submitted:
        """Replace the recorded rating of the last answer with the student's choice."""
        if rating == submitted.rating or self.practice:
            return submitted
        self._forget_requeue(submitted)
        now = self.clock()
        progress = self.store.rerate(
            submitted.review_id, int(rating), lambda before: self.scheduler.review(before, rating, now)
        )
        changed = replace(submitted, rating=rating)
        self._history[-1] = changed
        self._requeue(changed, progress, now)
        return changed

    def _forget_requeue(self, submitted: Submitted) -> None:
        self._learning = [entry for entry in self._learning if entry[2].key != submitted.item.key]

    def undo(self) -> Item | None:
        """Take back the last answer: its card and log entry are restored, and it is asked again next."""
        if not self._history:
            return None
        last = self._history[-1]
        self.store.undo(last.review_id)  # first: if it fails (StoreError), the session is unchanged
        self._history.pop()
        self._forget_requeue(last)
        self.summary.answered -= 1
        self.summary.right -= last.grade.correct
        progress = None if self.practice else self.store.progress(self.profile.id, *last.item.key)
        item = Item(last.item.deck, last.item.question_id, progress)
        # The card may be queued already as the undone answer left it (its learning step, on screen
        # and put back): asked now as it was before, it is not asked a second time.
        self._main = deque(queued for queued in self._main if queued.key != item.key)
        self._main.appendleft(item)
        return item

    @property
    def can_undo(self) -> bool:
        """Whether there is an answer to take back."""
        return bool(self._history)
