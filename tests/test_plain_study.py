"""Plain mode's study loop with answers piped in: a line read where a rating is wanted that is none is
said and taken as the next answer, a flashcard's rating may come before it is turned over, and each
question is numbered as it is shown and announced as what it is (new, review, learning step)."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from test_plain import answer_lines, reviews
from tui_support import STARTER_IDS, FakeClock, prepared_questions, starter

from quizapp.plain.console import Console
from quizapp.plain.start import PlainApp, PlainStart
from quizapp.study.workspace import Workspace

SEED = 5
TAKEN_AS_NEXT = "the line is taken as your next answer (piped in, each answer needs an empty line after it)."


def study(data: Path, deck: Path, lines: list[str], clock: FakeClock | None = None) -> str:
    """What plain mode says while `deck` is studied (seed 5) with `lines` piped in."""
    out = io.StringIO()
    console = Console(io.StringIO("".join(f"{line}\n" for line in lines)), out, terminal=False)
    PlainApp(Workspace(data, [str(deck)]), "default", console, clock or FakeClock()).run(PlainStart("study", seed=SEED))
    return out.getvalue()


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return starter(tmp_path / "decks")


def right(deck: Path, question_id: str) -> list[str]:
    return answer_lines(deck, question_id, SEED)


def test_a_piped_answer_read_at_the_rating_is_said_and_taken_as_the_next_answer(tmp_path: Path, deck: Path) -> None:
    data = tmp_path / "data"
    # No empty line after the first two answers: the second is read at `Rating:`, then `skip` is.
    gas_giants = right(deck, "gas-giants")
    out = study(data, deck, [*right(deck, "closest-planet"), *gas_giants, "skip", *right(deck, "our-galaxy"), ""])
    assert f"Rating: {gas_giants[0]}\nNot a rating, so it stays Good: {TAKEN_AS_NEXT}\n" in out
    assert f"Rating: skip\nThis question is answered: {TAKEN_AS_NEXT}\n" in out
    assert "The Moon gives off its own light." in out and "Skipped: it stays due for your next session." in out
    assert [(row[0], row[2], row[3]) for row in reviews(data)] == [
        ("closest-planet", 3, 1.0),
        ("gas-giants", 3, 1.0),
        ("our-galaxy", 3, 1.0),
    ]


def test_in_practice_a_piped_answer_read_where_enter_goes_on_is_the_next_answer(tmp_path: Path, deck: Path) -> None:
    data = tmp_path / "data"
    # Studied in full, each rated Easy (none comes back today); then practised (y), in the order its
    # session shuffles the questions, the first three answered without the empty lines.
    every = [line for question_id in STARTER_IDS for line in [*right(deck, question_id), "4"]]
    order = list(STARTER_IDS)
    random.Random(SEED).shuffle(order)
    assert "orbit-definition" not in order[:3]  # (a flashcard reads its own empty line)
    practice = [line for question_id in order[:3] for line in right(deck, question_id)]
    out = study(data, deck, [*every, "y", *practice])
    assert out.count(f"Nothing is rated in practice: {TAKEN_AS_NEXT}\n") == 2
    practised = [row for row in reviews(data) if row[1] == "practice"]
    assert [(row[0], row[3]) for row in practised] == [(question_id, 1.0) for question_id in order[:3]]


def test_a_flashcard_rated_before_it_is_turned_over_takes_that_rating(tmp_path: Path, deck: Path) -> None:
    data = tmp_path / "data"
    out = study(data, deck, [*["skip"] * 8, "2"])
    assert "Press enter to see the answer: 2\nAnswer: The curved path" in out
    assert "Rated Hard." in out
    assert [row[:3] for row in reviews(data)] == [("orbit-definition", "study", 2)]


def test_questions_are_numbered_as_shown_and_a_learning_step_is_announced_as_one(tmp_path: Path, deck: Path) -> None:
    data = tmp_path / "data"
    # The first answered wrong (Again: back in a minute), every other one skipped, then it comes back.
    wrong = answer_lines(deck, "closest-planet", SEED, "Venus")
    lines = [*wrong, "", *["skip"] * 8, *right(deck, "closest-planet"), "4"]  # Easy: not back today
    out = study(data, deck, lines)
    numbers = [line.split(",")[0] for line in out.splitlines() if line.startswith("Question ")]
    assert numbers == [f"Question {number}" for number in range(1, 11)]
    assert "Question 1, new; 8 more to come." in out
    assert "Question 10, learning step; no more to come." in out
    assert [row[0] for row in reviews(data)] == ["closest-planet", "closest-planet"]


def test_a_review_is_announced_as_one(tmp_path: Path, deck: Path) -> None:
    data, clock = tmp_path / "data", FakeClock()
    study(data, deck, [*right(deck, "closest-planet"), "4", "quit"], clock)  # Easy: days away
    clock.advance(days=30)
    assert "Question 1, review; " in study(data, deck, ["quit"], clock)


def test_each_question_is_prepared_once_it_is_said(tmp_path: Path, deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As on the study screen: a question's outcomes are worked out while the student reads it
    (StudySession.prepare)."""
    prepared = prepared_questions(monkeypatch)
    out = study(tmp_path / "data", deck, [*right(deck, "closest-planet"), "", "quit"])
    assert prepared[:2] == ["closest-planet", "gas-giants"]
    assert "Question 2," in out
