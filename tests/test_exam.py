"""Exam attempts: seeded draw, time limit, scoring, results files, and the schedule left alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from quizapp.classroom.results import results_document, save_attempt, write_results
from quizapp.deck.loader import load_deck
from quizapp.places import bundled_decks_dir
from quizapp.study.exam import ExamSession, ExamSettings
from quizapp.study.grading import right_response
from quizapp.study.presentation import format_points
from quizapp.study.settings import ProfileSettings
from quizapp.study.store import Store

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
CORE = load_deck(bundled_decks_dir() / "north-korea-russia-core.toml")


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def test_the_deck_exam_defaults_and_a_seeded_draw() -> None:
    settings = ExamSettings.for_deck(CORE, seed=42)
    assert (settings.count, settings.time_limit_minutes, settings.pass_mark) == (20, 15, 0.7)
    first = ExamSession(CORE, settings, Clock())
    again = ExamSession(CORE, settings, Clock())
    other = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=43), Clock())
    assert len(first.questions) == 20 and len({q.id for q in first.questions}) == 20
    assert [q.id for q in first.questions] == [q.id for q in again.questions]
    assert [q.id for q in first.questions] != [q.id for q in other.questions]
    overridden = ExamSettings.for_deck(CORE, count=5, time_limit_minutes=3, seed=1)
    assert (overridden.count, overridden.time_limit_minutes) == (5, 3)


def test_scoring_pass_and_fail() -> None:
    clock = Clock()
    exam = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=7), clock)
    for question in exam.questions[:14]:
        exam.answer(question.id, right_response(question), 10)
    result = exam.finish()
    assert result.score == 14 and result.max_score == 20 and result.percent == 70.0 and result.passed
    exam2 = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=7), clock)
    for question in exam2.questions[:13]:
        exam2.answer(question.id, right_response(question), 10)
    assert not exam2.finish().passed
    assert len(exam2.unanswered()) == 7


def test_time_limit_refuses_late_answers_and_marks_the_timeout() -> None:
    clock = Clock()
    exam = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=3, time_limit_minutes=1), clock)
    exam.answer(exam.questions[0].id, right_response(exam.questions[0]), 5)
    clock.now += dt.timedelta(seconds=59)
    assert exam.remaining() == dt.timedelta(seconds=1) and not exam.expired()
    clock.now += dt.timedelta(seconds=2)
    assert exam.expired() and exam.remaining() == dt.timedelta(0)
    exam.answer(exam.questions[1].id, right_response(exam.questions[1]), 5)  # too late: ignored
    result = exam.finish()
    assert result.timed_out and result.score == 1 and result.finished == T0 + dt.timedelta(minutes=1)


def test_flags() -> None:
    exam = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=3), Clock())
    qid = exam.questions[2].id
    assert exam.toggle_flag(qid) and qid in exam.flagged
    assert not exam.toggle_flag(qid) and not exam.flagged


def test_results_file_is_the_contract_and_never_overwritten(tmp_path: Path) -> None:
    clock = Clock()
    exam = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=42), clock)
    first = exam.questions[0]
    exam.answer(first.id, right_response(first), 12.5)
    clock.now += dt.timedelta(minutes=14, seconds=10)
    result = exam.finish()
    document = results_document(CORE, "Ann [b]Lee[/b]", result, 15)
    path = write_results(tmp_path / "results", document)
    assert path.name == "nk-russia-core--Ann-b-Lee-b--20261127T091410Z.json"
    data = json.loads(path.read_text())
    assert set(data) == {
        "format",
        "deck",
        "student",
        "started",
        "finished",
        "seed",
        "time_limit_minutes",
        "responses",
        "score",
        "max_score",
    }
    assert data["deck"] == {"id": "nk-russia-core", "title": CORE.title, "sha256": CORE.sha256}
    assert (data["started"], data["finished"], data["seed"], data["score"], data["max_score"]) == (
        "2026-11-27T09:00:00Z",
        "2026-11-27T09:14:10Z",
        42,
        1,
        20,
    )
    assert data["responses"][0] == {
        "question": first.id,
        "type": first.type,
        "response": right_response(first),
        "score": 1,
        "points": 1,
        "seconds": 12.5,
    }
    assert data["responses"][1]["response"] is None and data["student"] == "Ann [b]Lee[/b]"
    second = write_results(tmp_path / "results", document)
    assert second != path and second.name.endswith("-1.json")
    assert not list((tmp_path / "results").glob(".writing-*"))


def test_exam_answers_are_logged_but_do_not_schedule(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    profile = store.profile("ann", T0)
    exam = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=5), Clock(), store, profile)
    for question in exam.questions[:3]:
        exam.answer(question.id, right_response(question), 4)
    exam.finish()
    assert store._db.execute("SELECT count(*) FROM reviews WHERE mode = 'exam'").fetchone()[0] == 3
    assert store.deck_progress(profile.id, CORE.id) == {}


def test_exams_count_for_study_when_the_profile_says_so(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    profile = store.profile("ann", T0)
    store.save_settings(profile.id, ProfileSettings(exams_count_for_study=True))
    profile = store.profile("ann", T0)
    exam = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=5), Clock(), store, profile)
    for question in exam.questions[:3]:
        exam.answer(question.id, right_response(question), 4)
    exam.finish()
    assert len(store.deck_progress(profile.id, CORE.id)) == 3


@pytest.mark.parametrize("bad", [None, 3, "nonsense", ["x"], {"a": 1}])
def test_any_response_shape_scores_without_raising(bad) -> None:
    exam = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=9, count=35), Clock())
    for question in exam.questions:
        exam.answer(question.id, bad, 1)
    result = exam.finish()
    assert 0 <= result.score <= result.max_score


def test_an_interrupted_attempt_resumes_with_its_draw_answers_and_original_clock(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    profile = store.profile("ann", T0)
    clock = Clock()
    first = ExamSession(CORE, ExamSettings.for_deck(CORE, count=6, time_limit_minutes=10), clock, store, profile)
    store.begin_exam(profile.id, CORE.id, first.in_progress("Ann"))
    asked = first.questions
    first.answer(asked[0].id, "a first thought", 5)
    clock.now += dt.timedelta(seconds=30)
    first.answer(asked[0].id, right_response(asked[0]), 7)  # changed: the latest counts
    first.answer(asked[2].id, right_response(asked[2]), 11)
    clock.now += dt.timedelta(minutes=4)  # then the program is killed; four minutes later it is back
    saved = store.exam_in_progress(profile.id, CORE.id)
    assert saved is not None and saved.student == "Ann" and saved.deck_sha256 == CORE.sha256
    again = ExamSession.resume(CORE, saved, clock, store, profile)
    assert [q.id for q in again.questions] == [q.id for q in asked] and again.seed == first.seed
    assert again.responses == {asked[0].id: right_response(asked[0]), asked[2].id: right_response(asked[2])}
    assert again.seconds == {asked[0].id: 12.0, asked[2].id: 11.0}
    assert again.remaining() == dt.timedelta(minutes=10) - dt.timedelta(minutes=4, seconds=30)
    result = again.finish()
    save_attempt(again, result, saved.student, tmp_path / "results")
    assert store.exam_in_progress(profile.id, CORE.id) is None  # saved: nothing left to resume
    assert result.score == asked[0].points + asked[2].points


def test_an_attempt_at_another_deck_or_profile_is_not_offered(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    ann, bob = store.profile("ann", T0), store.profile("bob", T0)
    exam = ExamSession(CORE, ExamSettings.for_deck(CORE, seed=1), Clock(), store, ann)
    store.begin_exam(ann.id, CORE.id, exam.in_progress("ann"))
    assert store.exam_in_progress(bob.id, CORE.id) is None
    assert store.exam_in_progress(ann.id, "another-deck") is None


@pytest.mark.parametrize(
    ("points", "shown"),
    [
        (26 / 3, "8.67"),
        (19 / 3, "6.33"),
        (6.0, "6"),
        (6.5, "6.5"),
        (0.0, "0"),
        (13, "13"),
        (0.004, "0"),
        (2 / 3 * 1e6, "666666.67"),
        (-0.001, "0"),
    ],
)
def test_points_are_shown_to_people_with_at_most_two_decimals(points: float, shown: str) -> None:
    assert format_points(points) == shown
