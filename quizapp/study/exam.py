"""An exam attempt: a seeded draw of questions, a time limit, answers kept as given, a score at the end.

Answers are committed to the store as they are given (mode "exam"), so a crash loses none, and the
attempt itself (its seed and limits) is remembered until its results are saved, so an interrupted
attempt can be resumed: the same draw, the answers given, the time left on its original clock. The
schedule is only touched at the end, and only when the profile counts exams as study.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..days import Clock
from ..deck.loaded import LoadedDeck
from ..deck.model import QuestionBase
from .grading import Grade, grade
from .scheduling import Scheduler
from .session import suggested_rating
from .store import Answer, ExamInProgress, Profile, Store


@dataclass(frozen=True, slots=True)
class ExamSettings:
    """How an attempt is drawn: the deck's `[deck.quiz]`, overridden by command-line options."""

    count: int | None = None
    time_limit_minutes: int | None = None
    pass_mark: float = 0.5
    shuffle: bool = True
    tags: tuple[str, ...] = ()
    seed: int | None = None

    @classmethod
    def for_deck(
        cls,
        loaded: LoadedDeck,
        count: int | None = None,
        time_limit_minutes: int | None = None,
        seed: int | None = None,
    ) -> ExamSettings:
        """The deck's exam defaults with any option given on the command line taking precedence."""
        quiz = loaded.deck.deck.quiz
        return cls(
            count=count if count is not None else (quiz.count if quiz else None),
            time_limit_minutes=time_limit_minutes
            if time_limit_minutes is not None
            else (quiz.time_limit_minutes if quiz else None),
            pass_mark=quiz.pass_mark if quiz else 0.5,
            shuffle=quiz.shuffle if quiz else True,
            tags=tuple(quiz.tags) if quiz else (),
            seed=seed,
        )


def exam_pool(loaded: LoadedDeck, settings: ExamSettings) -> list[QuestionBase]:
    """The questions an attempt draws from, in deck order: the gradable ones with one of the exam
    tags (all when none)."""
    return [q for q in loaded.deck.questions if q.in_exams and (not settings.tags or set(q.tags) & set(settings.tags))]


def draw(loaded: LoadedDeck, settings: ExamSettings, rng: random.Random) -> list[QuestionBase]:
    """The questions of an attempt: the pool (`exam_pool`) shuffled, cut to `count`."""
    pool = exam_pool(loaded, settings)
    if settings.shuffle:
        rng.shuffle(pool)
    return pool[: settings.count] if settings.count else pool


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """One question of a finished attempt."""

    question: QuestionBase
    response: Any  # None when unanswered
    grade: Grade
    points: float
    seconds: float

    @property
    def earned(self) -> float:
        """Points earned: the score times the question's points."""
        return self.grade.score * self.points


@dataclass(frozen=True, slots=True)
class ExamResult:
    """A finished attempt."""

    started: dt.datetime
    finished: dt.datetime
    seed: int
    questions: tuple[QuestionResult, ...]
    pass_mark: float
    timed_out: bool

    @property
    def score(self) -> float:
        """Points earned in all."""
        return sum(result.earned for result in self.questions)

    @property
    def max_score(self) -> float:
        """Points available in all."""
        return sum(result.points for result in self.questions)

    @property
    def percent(self) -> float:
        """The score as a percentage of the points available."""
        return 100 * self.score / self.max_score if self.max_score else 0.0

    @property
    def passed(self) -> bool:
        """Whether the share of points reached the pass mark."""
        return self.max_score > 0 and self.score / self.max_score >= self.pass_mark - 1e-9


@dataclass
class ExamSession:
    """One student's attempt at one deck's exam."""

    deck: LoadedDeck
    settings: ExamSettings
    clock: Clock
    store: Store | None = None
    profile: Profile | None = None
    seed: int = 0
    questions: list[QuestionBase] = field(default_factory=list)
    responses: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    flagged: set[str] = field(default_factory=set)
    started: dt.datetime | None = None
    position: int = 0  # the question on screen, from 0 in exam order (kept, so a resumed attempt opens there)

    def __post_init__(self) -> None:
        self.seed = self.settings.seed if self.settings.seed is not None else random.SystemRandom().randrange(2**31)
        self.questions = draw(self.deck, self.settings, random.Random(self.seed))
        if self.started is None:
            self.started = self.clock()

    @classmethod
    def resume(
        cls, deck: LoadedDeck, saved: ExamInProgress, clock: Clock, store: Store, profile: Profile
    ) -> ExamSession:
        """The interrupted attempt `saved` (at this same version of `deck`), as it was left."""
        settings = ExamSettings.for_deck(deck, saved.question_count, saved.time_limit_minutes, saved.seed)
        session = cls(deck, settings, clock, store, profile, started=saved.started)
        asked = {question.id for question in session.questions}
        session.responses = {key: value for key, value in saved.responses.items() if key in asked}
        session.seconds = {key: value for key, value in saved.seconds.items() if key in asked}
        session.flagged = set(saved.flagged & asked)
        session.position = min(max(0, saved.position), max(0, len(session.questions) - 1))
        return session

    def in_progress(self, student: str) -> ExamInProgress:
        """What the store keeps of this attempt until its results are saved (the answers are logged apart)."""
        assert self.started is not None
        return ExamInProgress(
            self.deck.sha256,
            student,
            self.seed,
            self.started,
            self.settings.count,
            self.settings.time_limit_minutes,
            {},
            {},
        )

    @property
    def deadline(self) -> dt.datetime | None:
        """When time runs out (None without a time limit)."""
        minutes = self.settings.time_limit_minutes
        return None if minutes is None or self.started is None else self.started + dt.timedelta(minutes=minutes)

    def remaining(self) -> dt.timedelta | None:
        """Time left (never negative), or None without a time limit."""
        deadline = self.deadline
        return None if deadline is None else max(dt.timedelta(0), deadline - self.clock())

    def expired(self) -> bool:
        """Whether the time limit has passed."""
        deadline = self.deadline
        return deadline is not None and self.clock() >= deadline

    def answer(self, question_id: str, response: Any, seconds: float) -> None:
        """Keep (and commit) an answer; answering again replaces it. Refused once time is up."""
        if self.expired():
            return
        self.responses[question_id] = response
        self.seconds[question_id] = self.seconds.get(question_id, 0.0) + seconds
        if self.store is not None and self.profile is not None:
            question = next(q for q in self.questions if q.id == question_id)
            self.store.record(
                Answer(
                    self.profile.id,
                    self.deck.id,
                    question_id,
                    self.clock(),
                    "exam",
                    None,
                    grade(question, response).score,
                    response,
                    int(seconds * 1000),
                ),
                None,
            )

    def toggle_flag(self, question_id: str) -> bool:
        """Flag or unflag a question for review before submitting (and remember it, for a resumed
        attempt); returns whether it is flagged now."""
        self.flagged ^= {question_id}
        self._save_place()
        return question_id in self.flagged

    def move_to(self, position: int) -> None:
        """Show question `position` (from 0) next, and remember it, for a resumed attempt."""
        self.position = position
        self._save_place()

    def _save_place(self) -> None:
        if self.store is not None and self.profile is not None:
            self.store.save_exam_place(self.profile.id, self.deck.id, self.position, self.flagged)

    def unanswered(self) -> list[QuestionBase]:
        """The questions not answered yet, in exam order."""
        return [q for q in self.questions if q.id not in self.responses]

    def to_review(self) -> list[tuple[int, QuestionBase, tuple[str, ...]]]:
        """What the review before submitting lists, in exam order: each question still to see to, its
        position (from 0), and which of "unanswered" and "flagged" it is."""
        listed = []
        for position, question in enumerate(self.questions):
            marks = tuple(
                mark
                for mark, shown in (
                    ("unanswered", question.id not in self.responses),
                    ("flagged", question.id in self.flagged),
                )
                if shown
            )
            if marks:
                listed.append((position, question, marks))
        return listed

    def finish(self, rng: random.Random | None = None) -> ExamResult:
        """Score the attempt (unanswered questions score 0). When the profile counts exams as study,
        each answered question is also rescheduled with the rating its score suggests."""
        finished = self.clock()
        deadline = self.deadline
        timed_out = deadline is not None and finished >= deadline
        results = tuple(
            QuestionResult(
                q,
                self.responses.get(q.id or ""),
                grade(q, self.responses.get(q.id or "")),
                q.points,
                self.seconds.get(q.id or "", 0.0),
            )
            for q in self.questions
        )
        result = ExamResult(
            self.started or finished,
            min(finished, deadline) if timed_out and deadline else finished,
            self.seed,
            results,
            self.settings.pass_mark,
            timed_out,
        )
        if self.store is not None and self.profile is not None and self.profile.settings.exams_count_for_study:
            self._count_as_study(result, rng or random.Random(self.seed), finished)
        return result

    def _count_as_study(self, result: ExamResult, rng: random.Random, now: dt.datetime) -> None:
        assert self.store is not None and self.profile is not None
        scheduler = Scheduler(self.profile.settings.scheduler_settings(), rng)
        for question in result.questions:
            if question.response is None:
                continue
            rating = suggested_rating(question.grade, hint_used=False)
            answer = Answer(
                self.profile.id,
                self.deck.id,
                question.question.id or "",
                now,
                "study",
                int(rating),
                question.grade.score,
                question.response,
                int(question.seconds * 1000),
            )
            self.store.record(answer, partial(scheduler.review, rating=rating, now=now))
