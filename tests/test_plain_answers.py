"""Plain mode's answer lines (quizapp/plain/answers.py): every line is read into the response the TUI
would give, or sent back with one line saying what to type; never an exception."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

import pytest
from conftest import FUZZ
from hypothesis import given
from hypothesis import strategies as st
from tui_support import FakeClock, starter

from quizapp.deck.loaded import LoadedDeck
from quizapp.deck.loader import load_deck
from quizapp.plain.answers import Shape, parse_answer
from quizapp.plain.commands import EXAM_COMMANDS, STUDY_COMMANDS, answer_text, command_in
from quizapp.plain.console import Console
from quizapp.plain.exam import PlainExam
from quizapp.study.exam import ExamSession, ExamSettings

KINDS = ("choice", "multi", "truefalse", "short", "numeric", "order", "match")
texts = st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=12).filter(str.strip)
separators = st.sampled_from([" ", "  ", ", ", ",", " ,  ", "\t"])
# What may be typed where a number is read: digits of every script, which str.isdigit() takes and
# int() refuses (`²`) or reads (`٣`); numbers of thousands of digits, which int() refuses too.
number_like = st.one_of(
    st.text(
        st.one_of(st.characters(categories=("Nd", "No", "Nl")), st.sampled_from("0123456789 .,;-+ab")), max_size=12
    ),
    st.integers(4000, 6000).map(lambda length: "7" * length),
)


@st.composite
def parts(draw: st.DrawFn, smallest: int = 2, largest: int = 10) -> tuple[str, ...]:
    """Options, items or right sides: distinct texts, as many as a deck allows."""
    return tuple(draw(st.lists(texts, min_size=smallest, max_size=largest, unique=True)))


@FUZZ
@given(kind=st.sampled_from(KINDS), shown=parts(), lefts=parts(), line=st.one_of(st.text(max_size=40), number_like))
def test_any_line_gives_a_response_or_one_line_saying_what_to_type(kind, shown, lefts, line) -> None:
    parsed = parse_answer(Shape(kind, shown, lefts[: len(shown)]), line)
    if parsed.problem is not None:
        assert parsed.response is None and parsed.problem.strip() and "\n" not in parsed.problem
    else:
        assert parsed.response is not None


@given(shown=parts(smallest=2, largest=8), data=st.data(), gap=separators)
def test_a_choice_is_its_number(shown, data, gap) -> None:
    index = data.draw(st.integers(0, len(shown) - 1))
    for line in (f"{index + 1}", f" {index + 1}.{gap}", f"{gap}{index + 1}"):
        assert parse_answer(Shape("choice", shown), line).response == shown[index]


@given(shown=parts(smallest=2, largest=8), number=st.integers(-5, 40))
def test_a_choice_out_of_range_names_the_range(shown, number) -> None:
    parsed = parse_answer(Shape("choice", shown), str(number))
    if 1 <= number <= len(shown):
        assert parsed.response == shown[number - 1]
    else:
        assert parsed.problem is not None and f"1 to {len(shown)}" in parsed.problem


@given(shown=parts(smallest=2, largest=8), data=st.data(), gap=separators)
def test_multi_takes_the_numbers_in_any_order_and_gives_the_options_in_the_order_shown(shown, data, gap) -> None:
    picked = data.draw(st.lists(st.integers(0, len(shown) - 1), min_size=1, max_size=12))
    parsed = parse_answer(Shape("multi", shown), gap.join(str(index + 1) for index in picked))
    assert parsed.response == [option for index, option in enumerate(shown) if index in picked]


@given(shown=parts(), data=st.data(), gap=separators)
def test_an_order_is_every_item_number_once(shown, data, gap) -> None:
    order = data.draw(st.permutations(range(len(shown))))
    assert parse_answer(Shape("order", shown), gap.join(str(i + 1) for i in order)).response == [
        shown[i] for i in order
    ]
    short = list(order[:-1])
    missing = parse_answer(Shape("order", shown), " ".join(str(i + 1) for i in short))
    assert missing.problem is not None and str(order[-1] + 1) in missing.problem
    twice = parse_answer(Shape("order", shown), " ".join(str(i + 1) for i in [*short, short[0]]))
    assert twice.problem is not None and "twice" in twice.problem


@given(lefts=parts(largest=10), extra=st.lists(texts, max_size=3), data=st.data(), gap=separators)
def test_match_pairs_are_a_number_and_a_letter_each(lefts, extra, data, gap) -> None:
    rights = tuple(dict.fromkeys((*data.draw(st.permutations([f"r {left}" for left in lefts])), *extra)))
    chosen = data.draw(st.lists(st.integers(0, len(lefts) - 1), min_size=1, unique=True))
    letters = data.draw(st.permutations(range(len(rights))))
    pairs = {left: letters[n] for n, left in enumerate(chosen)}
    upper = data.draw(st.booleans())
    line = gap.join(
        f"{left + 1}{(string.ascii_uppercase if upper else string.ascii_lowercase)[letter]}"
        for left, letter in pairs.items()
    )
    response = parse_answer(Shape("match", rights, lefts), line).response
    assert response == [[lefts[left], rights[pairs[left]]] for left in range(len(lefts)) if left in pairs]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("1e", "no e on the right"),
        ("4a", "no item 4 on the left"),
        ("1a 1b", "Item 1 is paired twice"),
        ("1a 2a", "a is used twice"),
        ("a1", "a number and a letter"),
    ],
)
def test_match_mistakes_are_told(line: str, words: str) -> None:
    problem = parse_answer(Shape("match", ("w", "x", "y", "z"), ("A", "B", "C")), line).problem
    assert problem is not None and words in problem


@pytest.mark.parametrize(
    ("line", "answer"), [("t", True), ("T", True), ("true", True), ("1", True), ("f", False), ("False", False)]
)
def test_true_or_false(line: str, answer: bool) -> None:
    assert parse_answer(Shape("truefalse"), line).response is answer


@given(number=st.one_of(st.integers(-(10**9), 10**9), st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3))))
def test_a_number_is_read_as_the_tui_reads_it(number) -> None:
    response = parse_answer(Shape("numeric", unit="km"), f"{number} km").response
    assert response == number and isinstance(response, int) == float(number).is_integer()


def test_words_for_a_number_and_an_empty_line_are_sent_back() -> None:
    assert "A number is expected (in km)" in (parse_answer(Shape("numeric", unit="km"), "two").problem or "")
    for kind in KINDS:
        problem = parse_answer(Shape(kind, ("a", "b"), ("A", "B")), "   ").problem
        assert problem is not None and problem.startswith("No answer given")


def test_typed_answers_are_kept_as_typed_and_a_command_word_can_be_an_answer() -> None:
    assert parse_answer(Shape("short"), " Milky  Way").response == " Milky  Way"
    assert command_in(" NEXT ", EXAM_COMMANDS) == "next" and command_in("next", STUDY_COMMANDS) is None
    assert command_in("=next", EXAM_COMMANDS) is None and answer_text("=next") == "next"


@pytest.fixture(scope="module")
def exam_deck(tmp_path_factory: pytest.TempPathFactory) -> LoadedDeck:
    return load_deck(starter(tmp_path_factory.mktemp("decks")))


@FUZZ
@given(line=number_like)
def test_any_line_at_the_exam_review_goes_to_a_question_or_says_what_to_type(exam_deck: LoadedDeck, line: str) -> None:
    out = io.StringIO()
    session = ExamSession(exam_deck, ExamSettings.for_deck(exam_deck, seed=1), FakeClock())  # no store: nothing saved
    console = Console(io.StringIO(f"submit\n{line}\nquit\n"), out, terminal=False)
    assert PlainExam(console, session, "Ann", Path("never-written")).run() is None  # left at quit, never crashed
    after_the_review = out.getvalue().split("\nReview: ", 1)[1]
    moved = re.search(r"\nQuestion ([0-9]+) of 8\.\n", after_the_review)
    if moved:  # only by a number in ASCII digits
        assert line.isascii() and moved.group(1) in line and 1 <= int(moved.group(1)) <= 8
    else:
        assert "Type y to submit, n to go back to the exam, or a question's number, 1 to 8.\n" in after_the_review
