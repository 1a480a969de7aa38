"""Aiken and CSV/TSV import (Anki text files, Quizlet exports): conversions, located errors, random input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FUZZ, assert_imports_or_refuses
from hypothesis import given
from hypothesis import strategies as st

from quizapp.formats.aiken import parse_aiken
from quizapp.formats.csv_import import parse_csv
from quizapp.problems import BadFile

AIKEN = "What is the capital of France?\nA. Lyon\nB) Paris\nC. Nice\nANSWER: B\n\nWhich is a planet?\na. Pluto\nb. Mars\nANSWER: b\n"


def test_aiken_questions_become_choices() -> None:
    questions = parse_aiken(AIKEN, "a.txt", "a", "A").document["questions"]
    assert questions == [
        {
            "id": "q1",
            "type": "choice",
            "prompt": "What is the capital of France?",
            "choices": ["Lyon", "Paris", "Nice"],
            "answer": "Paris",
        },
        {"id": "q2", "type": "choice", "prompt": "Which is a planet?", "choices": ["Pluto", "Mars"], "answer": "Mars"},
    ]


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("Q?\nA. x\nB. y\nANSWER: C\n", "ANSWER: C is not one of the options A, B", 4),
        ("Q?\nA. x\nANSWER: A\n", "at least two options", 1),
        ("Q?\nA. x\nB. y\n", "no ANSWER: line", 1),
        ("ANSWER: A\n", "no question before it", 1),
    ],
)
def test_aiken_errors_are_located(text: str, words: str, line: int) -> None:
    with pytest.raises(BadFile) as refused:
        parse_aiken(text, "a.txt", "a", "A")
    problem = refused.value.problems[0]
    assert words in problem.message and problem.line == line


def test_anki_text_export_with_headers() -> None:
    text = (
        "#separator:tab\n#html:true\n#tags:vocab\n#columns:Front\tBack\tTags\n"
        "rapprochement\trestoring <b>friendly</b> relations&nbsp;again\tterms\ntriad\ta group<br>of three\tterms extra\n"
    )
    questions = parse_csv(text, "c.txt", "c", "C").document["questions"]
    assert questions[0] == {
        "id": "rapprochement",
        "type": "flashcard",
        "prompt": "rapprochement",
        "answer": "restoring friendly relations\xa0again",
        "tags": ["vocab", "terms"],
    }
    assert questions[1]["answer"] == "a group\nof three" and questions[1]["tags"] == ["vocab", "terms", "extra"]


def test_quizlet_export_as_short_answers() -> None:
    questions = parse_csv("term one,first definition\nterm two,second definition\n", "q.csv", "q", "Q", "short")
    assert [(q["type"], q["prompt"], q["answers"]) for q in questions.document["questions"]] == [
        ("short", "term one", ["first definition"]),
        ("short", "term two", ["second definition"]),
    ]
    tabbed = parse_csv("term\tdefinition, with a comma\n", "q.tsv", "q", "Q").document["questions"]
    assert tabbed[0]["answer"] == "definition, with a comma"


def test_csv_rows_without_an_answer_are_located() -> None:
    with pytest.raises(BadFile) as refused:
        parse_csv("a,b\nonly a question\n", "x.csv", "x", "X")
    assert refused.value.problems[0].line == 2 and "needs a question and an answer" in refused.value.problems[0].message


@FUZZ
@given(
    kind=st.sampled_from(["aiken", "csv"]),
    text=st.lists(
        st.sampled_from(list('ab ABC.):\n\t,#"<>&;') + ["ANSWER: A", "#separator:tab\n", "#columns:"]), max_size=40
    ).map("".join),
)
def test_random_text_gives_a_deck_that_passes_lint_or_a_clear_refusal(tmp_path: Path, kind: str, text: str) -> None:
    assert_imports_or_refuses(tmp_path, text, kind)
