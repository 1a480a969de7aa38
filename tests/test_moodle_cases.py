"""Every case of Moodle's own GIFT and Aiken import tests (question/format/gift/tests/giftformat_test.php,
question/format/aiken/tests/aikenformat_test.php) and of the banks its behat tests import
(questions.gift.txt, questions_in_category.gift.txt, questions.aiken.txt), rewritten in our own words
in tests/fixtures/moodle/: each question converted with the key Moodle gives it, or skipped with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizapp.cli import main
from quizapp.deck.loader import load_deck
from quizapp.formats.deck_import import convert, passing_lint

MOODLE = Path(__file__).parent / "fixtures" / "moodle"


def imported(name: str) -> tuple[dict[str, dict[str, Any]], list[tuple[int | None, bool, str]]]:
    """The questions of a fixture by id, and its losses as (line, skipped, reason)."""
    path = MOODLE / name
    result = passing_lint(convert(path, None), str(path))
    losses = [(loss.line, loss.skipped, loss.reason) for loss in result.losses]
    return {q["id"]: q for q in result.document["questions"]}, losses


def test_the_nine_question_bank_moodle_imports_whole() -> None:
    """questions.gift.txt: Moodle imports 9 questions; the essay has no counterpart, a several-answer question
    whose weights would score above Moodle here is skipped, the rest keep their keys."""
    questions, losses = imported("question-bank.gift.txt")
    assert questions["library-services"] == {
        "id": "library-services",
        "type": "match",
        "prompt": "Match each library service to what it offers.",
        "pairs": [
            ["Borrowing books to read at home.", "Lending"],
            ["Asking a librarian to find a source for you.", "Enquiries"],
            ["Reading newspapers and magazines on site.", "Periodicals"],
            ["Using a computer connected to the internet.", "Public access"],
        ],
        "extra": ["Bookbinding"],  # `= -> Bookbinding`: an option that matches nothing
    }
    assert questions["q2"] | {"id": "q2"} == {
        "id": "q2",
        "type": "choice",
        "prompt": "Which planet lies between Venus and Mars?",
        "choices": ["Earth", "Jupiter", "Mercury"],
        "answer": "Earth",
        "feedback": {
            "Jupiter": "no, Jupiter lies beyond Mars",
            "Mercury": "no, Mercury is closer to the Sun than Venus",
        },
    }
    # Mars and Venus 50%, Saturn and Neptune -100%: quizapp would take only 1/2 off for Saturn, so
    # picking Mars, Venus and Saturn would score 50% here and 0% in Moodle; the question is skipped
    assert "rocky" not in questions
    # {#15:5~#Not in that range}";  — the key and margin kept; the text after the braces leaves a blank, as in Moodle
    assert {k: questions["q5"][k] for k in ("type", "answer", "tolerance", "prompt")} == {
        "type": "numeric",
        "answer": 15,
        "tolerance": 5,
        "prompt": 'Name a whole number between 10 and 20. ___";',
    }
    # =%50%Eagle is not full credit and =%0%* is no answer at all: only the 100% answer is accepted
    assert questions["shortanswer"]["answers"] == ["Bald eagle"]
    assert (questions["q1"]["answer"], questions["q1"]["explanation"]) == (
        False,
        "It covers about a third of the Earth's surface.",
    )
    assert [questions[i]["answer"] for i in ("7-01-ice", "7-01-ice-2")] == [True, True]
    assert len(questions) == 7
    assert losses == [
        (2, True, "an essay question: quizapp cannot grade free writing"),
        (14, False, 'feedback on the right answer ("right: the third planet from the Sun") not kept'),
        (
            22,
            True,
            'Moodle\'s weights cannot be kept: picking "Mars", "Venus", "Saturn" would score 50% here but 0% in '
            "Moodle (quizapp gives 1/2 for each right option picked and takes 1/2 off for each other one)",
        ),
        (31, False, 'feedback for any other answer ("Not in that range") not kept'),
        (34, False, 'feedback on the right answer "Bald eagle" ("Well done!") not kept'),
        (34, False, '"Eagle" earns 50% in Moodle: left out (it scores 0 here)'),
        (34, False, 'feedback for any other answer ("No, look at the Great Seal.") not kept'),
        (41, False, 'feedback for a wrong answer ("It is the largest of all.") not kept'),
        (41, False, 'feedback for a right answer ("Right: it is the largest.") not kept'),
    ]


def test_the_bank_with_a_category() -> None:
    """questions_in_category.gift.txt: Moodle imports 4 questions into the category the file names."""
    questions, losses = imported("in-category.gift.txt")
    assert set(questions) == {"lab-equipment", "birdsong", "water", "kelvin"}
    assert all(q["tags"] == ["Default for Science Week"] for q in questions.values())
    assert questions["lab-equipment"]["extra"] == ["Pipette"] and len(questions["lab-equipment"]["pairs"]) == 4
    assert questions["birdsong"]["prompt"] == (
        "Play this recording: (http://example.org/media/song.mp3)\n\nWhich bird is singing?"
    )
    assert questions["birdsong"]["answer"] == "Blackbird" and len(questions["birdsong"]["feedback"]) == 3
    assert questions["water"]["answers"] == ["H2O"]  # `=%100%H2O#`: an empty feedback is no feedback
    assert questions["kelvin"]["prompt"] == "The Kelvin scale starts at absolute zero."
    assert questions["kelvin"]["answer"] is True
    assert losses == [(14, False, 'feedback on the right answer ("Yes, well heard!") not kept')]


def test_the_unit_test_cases() -> None:
    """The cases of giftformat_test.php that the banks above do not hold, and Moodle's own export forms."""
    questions, losses = imported("unit-cases.gift.txt")
    # ~%100%seven ~%-50%nine ~%-50%fifteen: no `=`, so several answers may be picked; one is right
    assert (questions["tricky"]["type"], questions["tricky"]["answers"]) == ("multi", ["seven"])
    assert questions["capital"]["answers"] == ["Canberra"]
    assert questions["capital"]["explanation"] == "Canberra was chosen as a compromise."
    assert questions["backslashes"]["prompt"] == "Which character separates the folders in C:\\Windows\\System32?"
    assert questions["backslashes"]["answers"] == ["\\", "backslash"]
    assert questions["loop"]["prompt"] == "What does this print?\n\nfor i in range(2):\n    print(i)"
    assert questions["loop"]["answers"] == ["0 1", "0\n1"]
    sun = questions["sun-age"]  # [id:   sun-age   ] and [tag:...] comments, `\]` escaped in a tag
    assert (sun["answer"], sun["tolerance"], sun["tags"]) == (4.6, 0.1, ["space", "solar system", "odd]tag"])
    assert sun["explanation"] == "About *4.6* billion years."
    assert questions["frogs"]["answers"] == ["Frog"]
    assert (questions["range"]["answer"], questions["range"]["tolerance"]) == (3, 2)
    assert (questions["boiling"]["answer"], questions["boiling"]["explanation"]) == (
        True,
        "Higher up, it boils sooner.",
    )
    assert [(line, reason) for line, skipped, reason in losses if skipped] == [
        (18, "an essay question: quizapp cannot grade free writing"),
        (23, "an essay question: quizapp cannot grade free writing"),
    ]
    assert (
        2,
        False,
        "weights not kept: quizapp gives 1 for each right option picked and takes 1 off for each "
        "other one (Moodle: nine -50%, fifteen -50%)",
    ) in losses
    assert (51, False, 'feedback for any other answer ("Completely wrong") not kept') in losses


def test_aiken_errors_as_moodle_reports_them() -> None:
    """aiken_errors.txt: the questions Moodle rejects are listed by line; the three good ones are imported."""
    questions, losses = imported("aiken-errors.aiken.txt")
    assert [(q["prompt"], q["answer"]) for q in questions.values()] == [
        ("Which is a primary colour of light?", "Red"),
        ("Which gas do plants take in?", "Carbon dioxide (no space)"),
        ('Which sign means "less than" in 2 < 3 & 3 > 2?', "< (the sign before 3)"),
    ]
    assert losses == [
        (1, True, "a question needs at least two options (A. ..., B. ...) before line 3"),
        (5, True, "an option with no question before it"),
        (7, True, "an ANSWER: line with no question before it"),
        (14, True, "its options are not followed by an ANSWER: line (line 18 starts another question)"),
    ]


@pytest.mark.parametrize(
    "name", ["question-bank.gift.txt", "in-category.gift.txt", "unit-cases.gift.txt", "two-questions.aiken.txt"]
)
def test_each_bank_imports_by_its_moodle_name_and_passes_lint(tmp_path: Path, name: str) -> None:
    target = tmp_path / "out.toml"
    assert main(["import", str(MOODLE / name), "-o", str(target)]) == 0
    assert load_deck(target).deck.questions


def test_the_aiken_bank_behat_imports() -> None:
    """questions.aiken.txt: two questions, one with HTML characters, which stay text."""
    questions, losses = imported("two-questions.aiken.txt")
    assert [q["answer"] for q in questions.values()] == ["Leonardo da Vinci", "True"]
    assert questions["q2"]["prompt"] == 'Web pages may hold markup such as <div class="box"> & entities:'
    assert losses == []
