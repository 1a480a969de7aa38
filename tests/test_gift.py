"""GIFT import: every kind, escapes, what is dropped, located errors, and random input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FUZZ, assert_imports_or_refuses
from hypothesis import given
from hypothesis import strategies as st

from quizapp.cli import main
from quizapp.deck.loader import load_deck
from quizapp.formats.gift import parse_gift, unescape
from quizapp.problems import BadFile

FIXTURE = Path(__file__).parent / "fixtures" / "every-kind.gift"


def questions(text: str) -> dict[str, dict]:
    return {q["id"]: q for q in parse_gift(text, "t.gift", "t", "T").document["questions"]}


def test_every_kind_of_gift_question() -> None:
    converted = parse_gift(FIXTURE.read_text(), str(FIXTURE), "every-kind", "Every kind")
    by_id = {q["id"]: q for q in converted.document["questions"]}
    assert by_id["paris-capital"] == {
        "id": "paris-capital",
        "explanation": "Paris has been the capital for centuries.",
        "type": "choice",
        "prompt": "What is the capital of France?",
        "choices": ["Paris", "Lyon", "Marseille"],
        "answer": "Paris",
        "feedback": {"Lyon": "Lyon is the third city."},
        "tags": ["geography", "europe", "capitals"],
    }
    assert by_id["gas-giants"]["type"] == "multi" and by_id["gas-giants"]["answers"] == ["Jupiter", "Saturn"]
    assert (by_id["q3"]["type"], by_id["q3"]["answer"], by_id["q3"]["explanation"]) == (
        "truefalse",
        False,
        "It reflects sunlight.",
    )
    assert by_id["galaxy"]["answers"] == ["Milky Way", "the Milky Way"]
    assert (by_id["boiling"]["answer"], by_id["boiling"]["tolerance"]) == (100, 1)
    assert (by_id["range"]["answer"], by_id["range"]["tolerance"]) == (3, 2)
    assert by_id["match"]["pairs"] == [["France", "Paris"], ["Japan", "Tokyo"], ["Kenya", "Nairobi"]]
    assert by_id["q8"]["text"] == "The sun rises in the {{east|East}} every morning."
    assert by_id["q9"]["prompt"] == "Mount Everest is in ___, in Asia." and by_id["q9"]["answer"] == "Nepal"
    assert (
        by_id["q10"]["prompt"] == "Escapes: 1 = 1, a {brace} and a ~ tilde."
        and by_id["q10"]["answer"] == "yes # really"
    )
    assert any("essay" in line for line in converted.dropped) and any(
        "description" in line for line in converted.dropped
    )
    assert any(line.startswith("line 7:") and "weights" in line for line in converted.dropped)


def test_the_imported_deck_passes_lint_and_is_never_written_over(tmp_path: Path, capsys) -> None:
    target = tmp_path / "deck.toml"
    assert main(["import", str(FIXTURE), "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert "not kept: line 23: an essay question" in out
    assert len(load_deck(target).deck.questions) == 10
    assert main(["import", str(FIXTURE), "-o", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_format_is_guessed_or_asked_for(tmp_path: Path, capsys) -> None:
    plain = tmp_path / "questions.txt"
    plain.write_text(FIXTURE.read_text())
    assert main(["import", str(plain)]) == 1
    assert "cannot tell the format of" in capsys.readouterr().err
    assert main(["import", str(plain), "--format", "gift", "-o", str(tmp_path / "q.toml")]) == 0


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("Q1 {=a ~b}\n\nQ2 {=a ~b\n\nQ3 {=c}", "never closed", 3),
        ("Q {~a ~b}", "no right answer", 1),
        ("::T::Q {#abc}", "is not a number", 1),
        ("Q1 {=a}\n\nQ2 {#=}", "needs a number after #", 3),  # found by the fuzz test
        ("\n\n::Untitled Q {=a}", "title opened with ::", 3),
    ],
)
def test_malformed_questions_are_located(text: str, words: str, line: int) -> None:
    with pytest.raises(BadFile) as refused:
        parse_gift(text, "t.gift", "t", "T")
    problem = refused.value.problems[0]
    assert words in problem.message and (problem.line == line or f"line {line}" in problem.message)


def test_unescape_and_ids_made_unique() -> None:
    assert unescape(r"a \~ b \= c \# d \{ e \} f \: g \\ h \n i") == "a ~ b = c # d { e } f : g \\ h \n i"
    made = questions("::Same::A {=x}\n\n::Same::B {=y}\n\n// [id:chosen]\nC {=z}")
    assert set(made) == {"same", "same-2", "chosen"}


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("ab =~#{}:\\%-.>\n/$[]1T")), max_size=80))
def test_random_text_gives_a_deck_that_passes_lint_or_a_clear_refusal(tmp_path: Path, text: str) -> None:
    assert_imports_or_refuses(tmp_path, text, None)


def test_a_damaged_file_is_reported_with_its_line_not_a_traceback(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.gift"
    broken.write_text("Q1 {=a ~b}\n\nQ2 {~a ~b}\n")
    assert main(["import", str(broken), "-o", str(tmp_path / "out.toml")]) == 1
    err = capsys.readouterr().err
    assert err == f"{broken}:3:1: error: no right answer (none starts with = or has a positive weight)\n"
    assert not (tmp_path / "out.toml").exists()
