"""The feedback's words agree with the score: the verdict's count, its credit, and the marked answer."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.deck.model import ClozeQuestion, MatchQuestion, MultiQuestion, OrderQuestion
from quizapp.study.grading import grade
from quizapp.tui.widgets.feedback import answer_lines, verdict

ITEMS = ["Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn"]
ORDER = OrderQuestion(type="order", prompt="p", items=ITEMS)
MULTI = MultiQuestion(type="multi", prompt="p", choices=["a", "b", "c", "d", "e"], answers=["a", "b", "c"])
CLOZE = ClozeQuestion(type="cloze", text="{{one}} {{two}} {{three}}")
MATCH = MatchQuestion(type="match", prompt="p", pairs=[["l1", "r1"], ["l2", "r2"], ["l3", "r3"]])


def text_of(result) -> str:  # type: ignore[no-untyped-def]
    return verdict(result).plain


def credit_in(words: str) -> int:
    found = re.search(r"· (\d+)% credit$", words)
    assert found, words
    return int(found.group(1))


ORDER_RESPONSES = st.one_of(
    st.permutations(ITEMS),
    st.lists(st.sampled_from([*ITEMS, "Pluto"]), max_size=9),  # missing, repeated or unknown items (a hand-made file)
)


@given(ORDER_RESPONSES)
def test_the_order_verdict_counts_what_the_score_credits(response) -> None:
    result = grade(ORDER, response)
    words = text_of(result)
    if result.correct:
        assert words == "✓ Right"
    elif result.score == 0:
        assert words == "✗ Wrong"
    else:
        found = re.fullmatch(r"◐ Partly right: (\d+) of (\d+) in order · (\d+)% credit", words)
        assert found, words
        right, total = int(found.group(1)), int(found.group(2))
        assert total == len(ITEMS) and right == pytest.approx(result.score * total)
        assert int(found.group(3)) == round(100 * result.score)
    ticks = [line.plain for line in answer_lines(ORDER, result) if not line.plain.startswith("Right order")]
    assert sum(line.endswith("✓") for line in ticks) == pytest.approx(result.score * len(ITEMS))


@given(st.lists(st.sampled_from(MULTI.choices), unique=True))
def test_the_multi_verdict_never_contradicts_the_score(picked) -> None:
    result = grade(MULTI, picked)
    words = text_of(result)
    if 0 < result.score < 1:
        found = re.fullmatch(
            r"◐ Partly right: ticked (\d+) of the 3 right options(?: and (\d+) wrong ones?)? · (\d+)% credit", words
        )
        assert found, words
        right, wrong = int(found.group(1)), int(found.group(2) or 0)
        assert (right - wrong) / 3 == pytest.approx(result.score) and credit_in(words) == round(100 * result.score)
    else:
        assert words == ("✓ Right" if result.score == 1 else "✗ Wrong")


def test_a_multi_answer_with_a_wrong_tick_says_so() -> None:
    assert (
        text_of(grade(MULTI, ["a", "b", "d"]))
        == "◐ Partly right: ticked 2 of the 3 right options and 1 wrong one · 33% credit"
    )
    assert text_of(grade(MULTI, ["a", "d"])) == "✗ Wrong"  # one right tick, one wrong: no credit


@pytest.mark.parametrize(
    ("question", "response", "words"),
    [
        (CLOZE, ["one", "two", "x"], "◐ Partly right: 2 of 3 gaps · 67% credit"),
        (MATCH, [["l1", "r1"], ["l2", "r3"], ["l3", "r2"]], "◐ Partly right: 1 of 3 pairs · 33% credit"),
        (
            ORDER,
            ["Venus", "Mercury", "Earth", "Mars", "Jupiter", "Saturn"],
            "◐ Partly right: 5 of 6 in order · 83% credit",
        ),
    ],
)
def test_partly_right_names_its_parts_and_the_credit(question, response, words) -> None:
    assert text_of(grade(question, response)) == words


def test_order_feedback_ticks_the_run_and_says_where_the_rest_belong() -> None:
    result = grade(ORDER, ["Saturn", "Mercury", "Venus", "Earth", "Mars", "Jupiter"])
    assert [line.plain for line in answer_lines(ORDER, result)] == [
        "position 1:  Saturn ✗  out of place: it belongs at position 6",
        "position 2:  Mercury ✓",
        "position 3:  Venus ✓",
        "position 4:  Earth ✓",
        "position 5:  Mars ✓",
        "position 6:  Jupiter ✓",
        "Right order: Mercury → Venus → Earth → Mars → Jupiter → Saturn",
    ]


def test_an_item_in_its_place_but_outside_the_run_is_told_apart() -> None:
    # Earth is 3rd, its place, but no longest in-order run can hold it: Mars-Jupiter-Saturn or Mercury-Venus.
    question = OrderQuestion(type="order", prompt="p", items=ITEMS[:5])
    result = grade(question, ["Mars", "Jupiter", "Earth", "Mercury", "Venus"])
    lines = [line.plain for line in answer_lines(question, result)]
    assert "position 3:  Earth ✗  in its place, but out of order with the ticked items" in lines
    assert text_of(result) == "◐ Partly right: 2 of 5 in order · 40% credit"
