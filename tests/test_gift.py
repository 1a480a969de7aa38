"""GIFT import: every kind, escapes and markers, per-question outcomes, quizapp's own exports, random input."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import FUZZ, assert_imports_or_refuses
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizapp.cli import main
from quizapp.deck.loader import load_deck
from quizapp.deck.model import MultiQuestion
from quizapp.formats.gift import comment_field, parse_gift, unescape
from quizapp.formats.htmltext import html_to_text
from quizapp.problems import BadFile
from quizapp.study.grading import grade

FIXTURE = Path(__file__).parent / "fixtures" / "every-kind.gift"


def converted(text: str) -> tuple[dict[str, dict], list[str]]:
    """The questions by id, and each loss as `line: reason` (skipped ones marked)."""
    result = parse_gift(text, "t.gift", "t", "T")
    losses = [f"{loss.line}: {'skipped: ' * loss.skipped}{loss.reason}" for loss in result.losses]
    return {q["id"]: q for q in result.document["questions"]}, losses


def test_every_kind_of_gift_question() -> None:
    result = parse_gift(FIXTURE.read_text(), str(FIXTURE), "every-kind", "Every kind")
    by_id = {q["id"]: q for q in result.document["questions"]}
    assert by_id["paris-capital"] == {
        "id": "paris-capital",
        "explanation": "Paris has been the capital for centuries.",
        "type": "choice",
        "prompt": "What is the capital of France?",
        "choices": ["Paris", "Lyon", "Marseille"],
        "answer": "Paris",
        "feedback": {"Lyon": "Lyon is the third city."},
        "tags": ["Europe", "capitals"],
    }
    assert by_id["gas-giants"]["type"] == "multi" and by_id["gas-giants"]["answers"] == ["Jupiter", "Saturn"]
    # {FALSE#It reflects sunlight.}: feedback for a wrong answer, never the explanation everyone sees
    assert (by_id["q3"]["type"], by_id["q3"]["answer"], "explanation" in by_id["q3"]) == ("truefalse", False, False)
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
    reasons = {(loss.line, loss.skipped): loss.reason for loss in result.losses}
    assert "essay" in reasons[23, True] and "description" in reasons[25, True]
    assert "feedback for a wrong answer" in reasons[9, False] and "weights not kept" in reasons[7, False]


def test_the_imported_deck_passes_lint_and_is_never_written_over(tmp_path: Path, capsys) -> None:
    target = tmp_path / "deck.toml"
    assert main(["import", str(FIXTURE), "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {target}: 10 questions, 2 skipped" in out
    assert 'skipped: line 23 "Essay": an essay question: quizapp cannot grade free writing' in out
    assert len(load_deck(target).deck.questions) == 10
    assert main(["import", str(FIXTURE), "-o", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("bad", "line", "words"),
    [
        ("Q2 {=a ~b", 3, "never closed"),
        ("Q2 {~a ~b}", 3, "no answer has a positive weight"),
        ("::T::Q {#abc}", 3, '"abc" is not a number'),
        ("Q2 {#=}", 3, "a numerical question needs a number"),  # found by the fuzz test
        ("::Untitled Q {=a}", 3, "title opened with ::"),
        ("Q2 } a stray brace {=a}", 3, "closing brace } with no opening one"),
        ("Q2 {=a -> b =c}", 3, '"c" has no -> between its two sides'),
        ("Q2 {~%50%a ~%50%b ~%-100%c}", 3, 'picking "a", "b", "c" would score 50% here but 0% in Moodle'),
        ("Q2 {=*cat*}", 3, "no answer quizapp can check"),
    ],
)
def test_a_bad_question_is_skipped_with_its_line_and_the_rest_imported(bad: str, line: int, words: str) -> None:
    questions, losses = converted(f"Q1 {{=a ~b}}\n\n{bad}\n\nQ3 {{=c}}")
    assert [q["prompt"] for q in questions.values()] == ["Q1", "Q3"]
    assert len(losses) == 1 and losses[0].startswith(f"{line}: skipped: ") and words in losses[0]


def test_a_brace_never_closed_spoils_only_its_own_question() -> None:
    questions, losses = converted("Q1 {=a ~b\n\nQ2 {=c ~d}\n\nQ3 {=e\n~f}")
    assert [q["prompt"] for q in questions.values()] == ["Q2", "Q3"]
    assert losses == ["1: skipped: the answer braces opened in this question are never closed"]


def test_a_file_with_nothing_usable_is_refused_with_every_reason(tmp_path: Path, capsys) -> None:
    essays = tmp_path / "essays.gift"
    essays.write_text("::One::Tell us about it.{}\n\n::Two::And about this.{}\n\nJust a description.\n")
    assert main(["import", str(essays), "-o", str(tmp_path / "out.toml")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f'{essays}:1:1: error: "One": an essay question: quizapp cannot grade free writing',
        f'{essays}:3:1: error: "Two": an essay question: quizapp cannot grade free writing',
        f'{essays}:5:1: error: "Just a description.": a description (no answers): not a question',
    ]
    assert not (tmp_path / "out.toml").exists()


def test_strict_refuses_any_loss_and_writes_nothing(tmp_path: Path, capsys) -> None:
    source = tmp_path / "q.gift"
    source.write_text("Q1 {=a ~b}\n\nQ2 {~a ~b}\n")
    assert main(["import", str(source), "--strict", "-o", str(tmp_path / "out.toml")]) == 1
    assert (
        capsys.readouterr().err
        == f'{source}:3:1: error: "Q2": no answer has a positive weight, so no one could score\n'
    )
    assert not (tmp_path / "out.toml").exists()
    assert main(["import", str(source), "-o", str(tmp_path / "out.toml")]) == 0
    assert 'skipped: line 3 "Q2": no answer has a positive weight' in capsys.readouterr().out


def test_a_question_that_would_fail_lint_is_skipped_with_lint_reason(tmp_path: Path, capsys) -> None:
    source = tmp_path / "q.gift"  # Moodle lets two lefts share a right side; a deck's rights are distinct
    source.write_text("Q1 {=a ~b}\n\n::Continents::Match.{=France -> Europe =Spain -> Europe}\n")
    assert main(["import", str(source), "-o", str(tmp_path / "out.toml")]) == 0
    out = capsys.readouterr().out
    assert 'skipped: line 3 "Continents": would not pass lint: pairs' in out and "1 question, 1 skipped" in out
    assert [q.id for q in load_deck(tmp_path / "out.toml").deck.questions] == ["q1"]


def test_format_markers_and_escapes_in_every_part() -> None:
    questions, losses = converted(
        "::m::[markdown]Pick \\{one\\}.{=[plain]a \\= b#[html]<b>ok</b> ~[moodle]c \\~ d#[markdown]no \\# way"
        "####[html]<p>Because\\: <i>reasons</i>.</p>}\n\n"
        "::p::[html]Pair them.{=[html]<i>x</i> -> [plain]y =[moodle]z -> w}\n\n"
        "::t::[plain]Line one\\nline two.{T}"
    )
    assert questions["m"] | {"id": "m"} == {
        "id": "m",
        "type": "choice",
        "prompt": "Pick {one}.",
        "choices": ["a = b", "c ~ d"],
        "answer": "a = b",
        "feedback": {"c ~ d": "no # way"},
        "explanation": "Because: reasons.",
    }
    # Moodle reads a format marker on the left side of a pair only: the right side is text as written
    assert questions["p"]["pairs"] == [["x", "[plain]y"], ["z", "w"]]
    assert questions["t"]["prompt"] == "Line one\nline two."
    assert losses == ['1: feedback on the right answer ("ok") not kept']


def test_html_keeps_line_breaks_and_preformatted_indentation() -> None:
    questions, _ = converted(
        "::code::[html]<p>What does it print?</p><pre>\nif x\\:\n    print(1)\n</pre>Line<br>break &amp; more{=1}"
    )
    assert questions["code"]["prompt"] == "What does it print?\n\nif x:\n    print(1)\nLine\nbreak & more"


def test_quizapp_export_comes_back_with_its_deck_id_title_and_own_fields() -> None:
    text = (
        "// Water cycle (quizapp deck water)\n\n$CATEGORY: $course$/top/Science/Water cycle\n\n"
        f"// [id:ocean-share] {comment_field('points', '2')} {comment_field('hint', 'A glass [and] a bucket.')}\n"
        "::ocean-share::How much of the Earth's water is in the oceans, in percent?{#97:2#Roughly 97%.}\n\n"
        "// [id:rain]\n::rain::Rain is fresh water.{FALSE#Rain is salty.#Yes.####Evaporation leaves salt behind.}\n"
    )
    result = parse_gift(text, "water.gift", "file-name", "file name")
    assert result.document["deck"] == {"id": "water", "title": "Water cycle"}
    share, rain = result.document["questions"]
    assert share == {
        "id": "ocean-share",
        "type": "numeric",
        "prompt": "How much of the Earth's water is in the oceans, in percent?",
        "answer": 97,
        "tolerance": 2,
        "explanation": "Roughly 97%.",  # the feedback on the only right answer is kept, and listed
        "points": 2,
        "hint": "A glass [and] a bucket.",
        "tags": ["Water cycle"],
    }
    assert rain["explanation"] == "Evaporation leaves salt behind." and rain["answer"] is False
    assert [loss.reason for loss in result.losses] == [
        "the feedback on the right answer is in the explanation: every student sees it",
        'feedback for a wrong answer ("Rain is salty.") not kept',
        'feedback for a right answer ("Yes.") not kept',
    ]


def test_weights_arrows_and_asterisks_are_read_as_moodle_reads_them() -> None:
    """Moodle's parser (question/format/gift/format.php, qtype_shortanswer): no weight after `=` in a
    multiple choice; a weight is one or two digits, a point and any digits, or more digits (`%100.5%`
    is text); a pair is cut at its first `->`; `\\*` in a typed answer is an asterisk."""
    questions, losses = converted(
        "::key::Q {=%50%a ~b}\n\n::odd::Q {~%100.5%a =b}\n\n::pairs::Q {=x -> y -> 1 =z -> w}\n\n"
        "::star::Q {=\\* =%100%%50% off}"
    )
    assert (questions["key"]["answer"], questions["key"]["choices"]) == ("%50%a", ["%50%a", "b"])
    assert (questions["odd"]["answer"], questions["odd"]["choices"]) == ("b", ["%100.5%a", "b"])
    assert questions["pairs"]["pairs"] == [["x", "y -> 1"], ["z", "w"]]
    assert questions["star"]["answers"] == ["*", "%50% off"]
    assert losses == []


# Moodle's grades (its list of fractions, written as its export writes them) and other whole percents.
MOODLE_GRADES = ["100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30", "25"]
MOODLE_GRADES += ["20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0"]
WEIGHTS = st.one_of(st.sampled_from(MOODLE_GRADES), st.integers(1, 100).map(str)).flatmap(
    lambda weight: st.sampled_from([weight, f"-{weight}"])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(WEIGHTS, min_size=2, max_size=8))
@example(["50", "50", "-100", "-100"])  # the review's case: 2, 3 and 4 ticked is 0% in Moodle
def test_a_several_answer_question_never_scores_above_moodle(weights: list[str]) -> None:
    """Whatever the weights, every set of ticks scores no more in the converted question than in Moodle
    (the sum of the weights ticked, kept within 0..100%), or the question is skipped."""
    options = [f"o{index}" for index in range(len(weights))]
    text = "Q {" + " ".join(f"~%{weight}%{option}" for weight, option in zip(weights, options, strict=True)) + "}"
    try:
        document = parse_gift(text, "t.gift", "t", "T").document
    except BadFile:
        return  # skipped, with the reason
    question = MultiQuestion.model_validate(document["questions"][0])
    for ticks in itertools.product((False, True), repeat=len(options)):
        picked = [option for option, ticked in zip(options, ticks, strict=True) if ticked]
        moodle = min(1.0, max(0.0, sum(float(w) for w, t in zip(weights, ticks, strict=True) if t) / 100))
        assert grade(question, picked).score <= moodle + 1e-6, (picked, moodle)


def test_a_several_answer_question_is_kept_when_no_ticks_score_above_moodle() -> None:
    questions, losses = converted(
        "::even::Q {~%50%a ~%50%b ~%-50%c}\n\n::thirds::Q {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-33.33333%d}"
        "\n\n::lenient::Q {~%50%a ~%50%b ~%-25%c ~d}\n\n::review::Q {~%50%2 ~%50%3 ~%-100%4 ~%-100%6}"
    )
    assert set(questions) == {"even", "thirds", "lenient"}  # quizapp takes more off for c and d than Moodle
    assert losses[-1] == (
        '7: skipped: Moodle\'s weights cannot be kept: picking "2", "3", "4" would score 50% here but 0% in '
        "Moodle (quizapp gives 1/2 for each right option picked and takes 1/2 off for each other one)"
    )


def test_unescape_ids_made_unique_and_comment_fields() -> None:
    assert unescape(r"a \~ b \= c \# d \{ e \} f \: g \\ h \n i") == "a ~ b = c # d { e } f : g \\ h \n i"
    questions, _ = converted("::Same::A {=x}\n\n::Same::B {=y}\n\n// [id:chosen]\nC {=z}")
    assert set(questions) == {"same", "same-2", "chosen"}
    assert comment_field("hint", "a ] b \\ c\nd") == "[hint:a \\] b \\\\ c\\nd]"


# Pieces of GIFT: markers, weights, feedback, arrows, catch-alls, HTML, titles, comments and categories.
GIFT_PIECES = [
    *"ab =~#{}:\\%-.>\n/$[]1T*<",
    "[html]",
    "[plain]",
    "->",
    "####",
    "%50%",
    "%-100%",
    "~#",
    "::t::",
    "// [id:x] [points:2]",
    "$CATEGORY: a/b\n",
    "<pre>\n  x</pre>",
    "&amp;",
    "{#1..5}",
    "\n\n",
]


@FUZZ
@given(st.lists(st.sampled_from(GIFT_PIECES), max_size=50).map("".join))
def test_random_text_gives_a_deck_that_passes_lint_or_a_clear_refusal(tmp_path: Path, text: str) -> None:
    assert_imports_or_refuses(tmp_path, text, None)


@FUZZ
@given(st.text(max_size=300))
def test_any_text_converts_or_is_refused_with_reasons(text: str) -> None:
    try:
        result = parse_gift(text, "t.gift", "t", "T")
    except BadFile as bad:
        assert bad.problems and all(problem.message for problem in bad.problems)
    else:
        assert result.document["questions"] and len(result.origins) == len(result.document["questions"])


@FUZZ
@given(
    st.lists(
        st.sampled_from([*'<>/!-[]&#;= \n"ax', "pre", "br", "p", "a href", "li", "&amp;", "&#27;"]), max_size=60
    ).map("".join)
)
def test_any_html_becomes_text_without_a_traceback(markup: str) -> None:
    text = html_to_text(markup)
    assert isinstance(text, str) and text == text.strip("\n")
