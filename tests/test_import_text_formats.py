"""Aiken and CSV/TSV import (Anki text files, Quizlet exports), formats told by content, Anki packages'
deck names: conversions, per-question outcomes, random input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FUZZ, assert_imports_or_refuses
from hypothesis import given
from hypothesis import strategies as st

from quizapp.cli import main
from quizapp.deck.loader import load_deck
from quizapp.formats.aiken import parse_aiken
from quizapp.formats.apkg import parse_apkg
from quizapp.formats.csv_import import parse_csv
from quizapp.formats.deck_import import base_name, convert, sniff
from quizapp.formats.gift import parse_gift
from quizapp.places import bundled_decks_dir
from quizapp.problems import BadFile

AIKEN = "What is the capital of France?\nA. Lyon\nB) Paris\nC. Nice\nANSWER: B\n\nWhich is a planet?\na. Pluto\nb. Mars\nANSWER: b\n"
FIXTURES = Path(__file__).parent / "fixtures"


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
    ("bad", "words"),
    [
        ("Q?\nA. x\nB. y\nANSWER: C\n", "line 9: ANSWER: C is not one of the options A, B"),
        ("Q?\nA. x\nANSWER: A\n", "at least two options"),
        ("Q?\nA. x\nB. y\n", "not followed by an ANSWER: line (line 10 starts another question)"),
        ("ANSWER: A\n", "an ANSWER: line with no question before it"),
        ("A) stray\n", "an option with no question before it"),
        ("Q?\nA)\nB) y\nANSWER: B\n", "option A has no text"),
        # Moodle keys by the first character (A) and quizapp would too: one letter, or the question is skipped
        ("Q?\nA. x\nB. y\nC. z\nANSWER: A, C\n", 'line 10: ANSWER: needs one letter, not "A, C"'),
        ("Q?\nA. x\nB. y\nANSWER: AB\n", 'ANSWER: needs one letter, not "AB"'),
        ("Q?\nA. Paris\nB. Lyon\nANSWER: Paris\n", 'ANSWER: needs one letter, not "Paris"'),
        # Moodle keys by position (D is the fourth option): letters must be A, B, C… in order
        ("Q?\nA. x\nB. y\nD. z\nANSWER: D\n", "lettered A, B, D, not A, B, C in order"),
        ("Q?\nA. x\nB. y\nB. z\nANSWER: B\n", "lettered A, B, B, not A, B, C in order"),
    ],
)
def test_a_bad_aiken_question_is_skipped_with_its_line(bad: str, words: str) -> None:
    result = parse_aiken(f"Good?\nA. a\nB. b\nANSWER: A\n\n{bad}\nLast?\nA)x\nB)y\nANSWER: B\n", "a.txt", "a", "A")
    assert [q["prompt"] for q in result.document["questions"]] == ["Good?", "Last?"]
    assert [(loss.line, loss.skipped) for loss in result.losses] == [(6, True)]
    assert words in result.losses[0].reason


def test_an_aiken_line_that_looks_like_an_option_but_b_is_a_prompt() -> None:
    """No space is needed after a capital letter, so "B.Sc." looks like option B: only A starts the options."""
    text = "B.Sc. admission: which grade?\nA. B\nB. C\nANSWER: A\n\nWhich degree?\nB.Sc. or B.A.?\nA) B.Sc.\nB) B.A.\nANSWER: B\n"
    result = parse_aiken(text, "a.txt", "a", "A")
    assert [(q["prompt"], q["choices"], q["answer"]) for q in result.document["questions"]] == [
        ("B.Sc. admission: which grade?", ["B", "C"], "B"),
        ("Which degree?\nB.Sc. or B.A.?", ["B.Sc.", "B.A."], "B.A."),
    ]
    assert result.losses == []


def test_an_aiken_file_with_no_usable_question_is_refused_with_every_reason() -> None:
    with pytest.raises(BadFile) as refused:
        parse_aiken("ANSWER: A\n\nQ?\nA. only\nANSWER: A\n", "a.txt", "a", "A")
    assert [(problem.line, problem.message) for problem in refused.value.problems] == [
        (1, "an ANSWER: line with no question before it"),
        (3, '"Q?": a question needs at least two options (A. ..., B. ...) before line 5'),
    ]


def test_anki_text_export_with_headers() -> None:
    text = (
        "#separator:tab\n#html:true\n#tags:vocab\n#deck:Key terms\n#columns:Front\tBack\tTags\n"
        "rapprochement\trestoring <b>friendly</b> relations&nbsp;again\tterms\ntriad\ta group<br>of three\tterms extra\n"
    )
    converted = parse_csv(text, "c.txt", "c", "C")
    questions = converted.document["questions"]
    assert converted.document["deck"]["title"] == "Key terms"
    assert questions[0] == {
        "id": "rapprochement",
        "type": "flashcard",
        "prompt": "rapprochement",
        "answer": "restoring friendly relations again",
        "tags": ["vocab", "terms"],
    }
    assert questions[1]["answer"] == "a group\nof three" and questions[1]["tags"] == ["vocab", "terms", "extra"]


def test_a_column_number_not_in_ascii_digits_is_no_column() -> None:
    # `²` is a digit to str.isdigit(), not to int(); a number of 5,000 digits int() refuses too.
    for column in ("²", "7" * 5000):
        converted = parse_csv(f"#separator:tab\n#guid column:{column}\nfront\tback\n", "c.txt", "c", "C")
        assert converted.document["questions"][0]["prompt"] == "front"


def test_quizlet_export_as_short_answers() -> None:
    questions = parse_csv("term one,first definition\nterm two,second definition\n", "q.csv", "q", "Q", "short")
    assert [(q["type"], q["prompt"], q["answers"]) for q in questions.document["questions"]] == [
        ("short", "term one", ["first definition"]),
        ("short", "term two", ["second definition"]),
    ]
    tabbed = parse_csv("term\tdefinition, with a comma\n", "q.tsv", "q", "Q").document["questions"]
    assert tabbed[0]["answer"] == "definition, with a comma"


def test_csv_rows_without_an_answer_are_skipped_by_line() -> None:
    result = parse_csv("a,b\nonly a question\nc,d,e\n", "x.csv", "x", "X")
    assert [q["prompt"] for q in result.document["questions"]] == ["a", "c"]
    assert [str(loss) for loss in result.losses] == [
        'line 2 "only a question": a row needs a question and an answer',
        'line 3 "c": columns after the second (other than tags) are not kept',
    ]
    with pytest.raises(BadFile) as refused:
        parse_csv("only a question\n", "x.csv", "x", "X")
    assert refused.value.problems[0].line == 1 and "needs a question and an answer" in refused.value.problems[0].message


def test_csv_losses_are_counted_in_lines_and_a_long_cell_is_read() -> None:
    long_answer = "x" * 200_000  # over the csv module's own limit of 128 KB a cell
    text = f'"a question\nover two lines",an answer\nonly a question\nlong,{long_answer}\n"tail\n'
    result = parse_csv(text, "x.csv", "x", "X")
    assert [q["prompt"] for q in result.document["questions"]] == ["a question\nover two lines", "long"]
    assert result.document["questions"][1]["answer"] == long_answer
    assert [str(loss) for loss in result.losses] == [
        'line 3 "only a question": a row needs a question and an answer',
        'line 5 "tail": a row needs a question and an answer',
    ]
    # a quote never closed swallows the lines after it into one cell: listed, with the lines
    unclosed = parse_csv('q1,a1\nq2,"a2\nq3,a3\nq4,a4\n', "x.csv", "x", "X")
    assert [q["prompt"] for q in unclosed.document["questions"]] == ["q1", "q2"]
    assert [str(loss) for loss in unclosed.losses] == [
        'line 2 "q2": the row runs over lines 2–4; a quote may be unclosed'
    ]


def test_a_csv_row_the_csv_module_cannot_read_is_skipped_by_its_line() -> None:
    result = parse_csv("a,b\nc,d\re\nf,g\n", "x.csv", "x", "X")  # a lone carriage return, outside quotes
    assert [q["prompt"] for q in result.document["questions"]] == ["a", "f"]
    assert [(loss.line, loss.skipped, loss.reason) for loss in result.losses] == [
        (2, True, "cannot be read as CSV: new-line character seen in unquoted field")
    ]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("gift", "::q::What\x07 is\x1b it?{=yes\x7f ~no}\n"),
        ("aiken", "What\x07 is\x1b it?\nA. yes\x7f\nB. no\nANSWER: A\n"),
        ("csv", "What\x07 is\x1b it?,yes\x7f\n"),
    ],
)
def test_control_characters_are_removed_and_listed(kind: str, text: str) -> None:
    """A stray BEL or ESC (which lint refuses) costs the question nothing but the character."""
    parse = {"gift": parse_gift, "aiken": parse_aiken, "csv": parse_csv}[kind]
    result = parse(text, "f", "d", "D")
    question = result.document["questions"][0]
    assert question["prompt"] == "What is it?"
    assert "yes" in (question.get("choices") or [question["answer"]])
    assert [(loss.line, loss.skipped, loss.reason) for loss in result.losses] == [
        (1, False, "control characters removed")
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("#separator:tab\nfront\tback\n", "csv"),
        ("front\tback\nother\tside\n", "csv"),
        ("Q?\nA. a\nB. b\nANSWER: A\n", "aiken"),
        ("// a comment\n::t::Q{=a ~b}\n", "gift"),
        ("term,definition\nother,one\n", "csv"),
        ("Just some notes.\nNothing to tell.\n", None),
    ],
)
def test_the_format_of_a_txt_file_is_told_by_its_content(text: str, kind: str | None) -> None:
    assert sniff(text) == kind


def test_moodle_and_anki_names_come_back_without_format(tmp_path: Path, capsys) -> None:
    gift = tmp_path / "questions.gift.txt"
    gift.write_text("::t::Q{=a ~b}\n")
    assert base_name(gift) == "questions"
    assert main(["import", str(gift)]) == 0
    assert load_deck(tmp_path / "questions.toml").deck.questions[0].id == "t"
    exported = tmp_path / "core.txt"  # a CSV export named as Anki names text files
    assert (
        main(
            [
                "export",
                str(bundled_decks_dir() / "north-korea-russia-core.toml"),
                "--format",
                "csv",
                "-o",
                str(exported),
            ]
        )
        == 0
    )
    assert main(["import", str(exported)]) == 0
    back = load_deck(tmp_path / "core.toml")  # the title from #deck:, the ids from the guid column
    assert (back.id, back.title) == ("nk-russia-core", "North Korea and Russia: the core facts")
    assert back.deck.questions[0].id == "korean-war-allies-meeting"
    unclear = tmp_path / "notes.txt"
    unclear.write_text("Just some notes.\n")
    assert main(["import", str(unclear)]) == 1
    assert "cannot tell the format of" in capsys.readouterr().err


def test_an_anki_package_is_named_after_its_deck() -> None:
    for name in ("planets-current.apkg", "planets-legacy.apkg"):
        assert convert(FIXTURES / name, None).document["deck"] == {"id": "planets", "title": "Planets"}
    # a package whose cards are all in Anki's "Default" deck keeps the file's name
    assert parse_apkg(FIXTURES / "planets-legacy.apkg", "x", "X").document["deck"]["id"] == "planets"


@FUZZ
@given(
    kind=st.sampled_from(["aiken", "csv", None]),
    text=st.lists(
        st.sampled_from(
            list('ab ABC.):\n\t,#"<>&;{}=~') + ["ANSWER: A", "A)x", "#separator:tab\n", "#columns:", "#html:true\n"]
        ),
        max_size=40,
    ).map("".join),
)
def test_random_text_gives_a_deck_that_passes_lint_or_a_clear_refusal(
    tmp_path: Path, kind: str | None, text: str
) -> None:
    assert_imports_or_refuses(tmp_path, text, kind, "random.txt")
