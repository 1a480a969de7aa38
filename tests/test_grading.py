"""Grading tables per question type: right, wrong, partial, typo, unicode, case."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.deck.cloze import PLAINLY_WELL_FORMED, ClozeError, parse_cloze
from quizapp.deck.model import (
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from quizapp.study.grading import (
    grade,
    in_order_run,
    match_typed,
    normalise,
    parse_number,
    right_response,
    typo_allowance,
)
from quizapp.study.progress import Rating

CHOICE = ChoiceQuestion(type="choice", prompt="p", choices=["Shoigu", "Lavrov", "Medvedev"], answer="Shoigu")
MULTI = MultiQuestion(type="multi", prompt="p", choices=["a", "b", "c", "d"], answers=["a", "b"])
TF = TrueFalseQuestion(type="truefalse", prompt="p", answer=False)
SHORT = ShortQuestion(type="short", prompt="p", answers=["Hwasong-18", "Hwasong 18"])
EXACT = ShortQuestion(type="short", prompt="p", answers=["DPRK"], case_sensitive=True, typos=0)
NUMERIC = NumericQuestion(type="numeric", prompt="p", answer=2022)
TOLERANT = NumericQuestion(type="numeric", prompt="p", answer=3.5, tolerance=0.25, unit="km")
CLOZE = ClozeQuestion(type="cloze", text="The {{Hwasong-18}} flies to the {{United States|US}} and {{Japan}}.")
ORDER = OrderQuestion(type="order", prompt="p", items=["a", "b", "c", "d"])
MATCH = MatchQuestion(type="match", prompt="p", pairs=[["l1", "r1"], ["l2", "r2"], ["l3", "r3"], ["l4", "r4"]])
EXTRAS = MatchQuestion(type="match", prompt="p", pairs=[["l1", "r1"], ["l2", "r2"]], extra=["x1", "x2"])
CARD = FlashcardQuestion(type="flashcard", prompt="p", answer="back")

TABLE = [
    (CHOICE, "Shoigu", 1.0),
    (CHOICE, "Lavrov", 0.0),
    (CHOICE, None, 0.0),
    (CHOICE, 3, 0.0),
    (MULTI, ["a", "b"], 1.0),
    (MULTI, ["b", "a"], 1.0),
    (MULTI, ["a"], 0.5),
    (MULTI, ["a", "c"], 0.0),
    (MULTI, ["a", "b", "c"], 0.5),
    (MULTI, ["c", "d"], 0.0),
    (MULTI, [], 0.0),
    (MULTI, None, 0.0),
    (TF, False, 1.0),
    (TF, True, 0.0),
    (TF, None, 0.0),
    (TF, "false", 0.0),
    (SHORT, "Hwasong-18", 1.0),
    (SHORT, "hwasong 18", 1.0),
    (SHORT, "  HWASONG-18. ", 1.0),
    (SHORT, "Hwasnog-18", 1.0),
    (SHORT, "Hwasong-81", 0.0),  # swapped digits are another number, not a typo
    (SHORT, "Hwasong", 0.0),
    (SHORT, "", 0.0),
    (SHORT, None, 0.0),
    (EXACT, "DPRK", 1.0),
    (EXACT, "dprk", 0.0),
    (EXACT, "DPRC", 0.0),
    (NUMERIC, 2022, 1.0),
    (NUMERIC, 2022.0, 1.0),
    (NUMERIC, "2022", 1.0),
    (NUMERIC, " 2,022 ", 1.0),
    (NUMERIC, 2021, 0.0),
    (NUMERIC, "twenty", 0.0),
    (NUMERIC, True, 0.0),
    (NUMERIC, None, 0.0),
    (TOLERANT, 3.75, 1.0),
    (TOLERANT, "3,3", 1.0),
    (TOLERANT, "3.5 km", 1.0),
    (TOLERANT, 3.8, 0.0),
    (CLOZE, ["Hwasong-18", "US", "Japan"], 1.0),
    (CLOZE, ["hwasong 18", "united states", "japan"], 1.0),
    (CLOZE, ["Hwasong-18", "China", "Japan"], 2 / 3),
    (CLOZE, ["x"], 0.0),
    (CLOZE, None, 0.0),
    (ORDER, ["a", "b", "c", "d"], 1.0),
    (ORDER, ["b", "a", "c", "d"], 0.75),
    (ORDER, ["d", "c", "b", "a"], 0.25),
    (ORDER, ["a", "b", "d", "c"], 0.75),
    (ORDER, None, 0.0),
    (MATCH, [["l1", "r1"], ["l2", "r2"], ["l3", "r3"], ["l4", "r4"]], 1.0),
    (MATCH, [["l1", "r2"], ["l2", "r1"], ["l3", "r3"], ["l4", "r4"]], 0.5),
    (MATCH, [["l1", "r1"]], 0.25),
    (MATCH, "junk", 0.0),
    (EXTRAS, [["l1", "r1"], ["l2", "r2"]], 1.0),
    (EXTRAS, [["l1", "r1"], ["l2", "x1"]], 0.5),  # an extra paired with a left is a wrong pair
    (EXTRAS, [["l1", "x2"], ["l2", "x1"]], 0.0),
    (EXTRAS, [["x1", "r1"], ["l1", "r1"]], 0.5),  # an extra is no left: pairing it earns nothing
    (CARD, True, 1.0),
    (CARD, False, 0.0),
    (CARD, None, 0.0),
]


@pytest.mark.parametrize(
    ("question", "response", "score"), TABLE, ids=[f"{q.type}-{i}" for i, (q, _, _) in enumerate(TABLE)]
)
def test_grading_table(question, response, score) -> None:
    assert grade(question, response).score == pytest.approx(score)


def test_forgiven_typo_shows_the_exact_spelling() -> None:
    result = grade(SHORT, "hwasnog-18")
    assert result.correct and result.parts[0].forgiven and result.parts[0].expected == "Hwasong-18"
    exact = grade(SHORT, "hwasong 18")
    assert not exact.parts[0].forgiven and exact.parts[0].expected == "Hwasong 18"


@pytest.mark.parametrize("typed", ["Hwasong-17", "hwasong 19", "Hwasong-1", "Hwasong-188", "Hwasong"])
def test_a_number_is_never_forgiven_as_a_typo(typed: str) -> None:
    """One edit away, but another missile: the typo allowance is for letters (test_forgiven_typo_...
    shows a slip in the letters of the same answer still forgiven)."""
    assert not grade(SHORT, typed).correct


def test_an_extra_picked_is_graded_wrong_and_the_right_pair_shown() -> None:
    result = grade(EXTRAS, [["l1", "x1"], ["l2", "r2"]])
    assert [(part.label, part.given, part.expected, part.correct) for part in result.parts] == [
        ("l1", "x1", "r1", False),
        ("l2", "r2", "r2", True),
    ]
    assert result.suggested_rating == Rating.HARD and result.expected == "l1 → r1; l2 → r2"
    assert right_response(EXTRAS) == [["l1", "r1"], ["l2", "r2"]]


def test_cloze_parts_say_which_gap_was_wrong() -> None:
    result = grade(CLOZE, ["Hwasong-18", "China", "Japan"])
    assert [part.correct for part in result.parts] == [True, False, True]
    assert result.parts[1].expected == "United States" and result.expected == "Hwasong-18, United States, Japan"


def test_score_to_rating() -> None:
    assert grade(CHOICE, "Shoigu").suggested_rating is Rating.GOOD
    assert grade(MULTI, ["a"]).suggested_rating is Rating.HARD
    assert grade(CHOICE, "Lavrov").suggested_rating is Rating.AGAIN


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  The  Milky\tWay! ", "the milky way"),
        ("\u201cquoted\u201d", "quoted"),
        ("Russia\u2013North Korea", "russia-north korea"),
        ("ＡＢＣ", "abc"),  # full-width letters (NFKC)
        ("Straße", "strasse"),  # case folding, not lowering
        ("...", ""),
    ],
)
def test_normalise(typed: str, expected: str) -> None:
    assert normalise(typed) == expected


def test_normalise_keeps_case_when_asked() -> None:
    assert normalise(" DPRK. ", case_sensitive=True) == "DPRK"


@pytest.mark.parametrize(("answer", "allowed"), [("abcd", 0), ("abcde", 1), ("abcdefgh", 1), ("abcdefghi", 2)])
def test_auto_typo_allowance_by_length(answer: str, allowed: int) -> None:
    assert typo_allowance(answer, "auto") == allowed
    assert typo_allowance(answer, 3) == 3


def test_transposition_is_one_edit() -> None:
    assert match_typed("Soihgu", ["Shoigu"], False, "auto").correct is False  # two edits, 6 letters: 1 allowed
    assert match_typed("Shiogu", ["Shoigu"], False, "auto").correct is True  # one transposition
    assert match_typed("chian", ["China"], False, "auto").correct is True


def test_short_answers_need_a_typed_answer() -> None:
    assert match_typed("", ["a"], False, 3).correct is False


@pytest.mark.parametrize(
    ("text", "number"),
    [("1e3", 1000.0), ("-2", -2.0), ("1,234,567.5", 1234567.5), ("nan", None), ("inf", None), ("", None)],
)
def test_parse_number(text: str, number: float | None) -> None:
    assert parse_number(text) == number


def longest_run_by_brute_force(values: list[int]) -> int:
    """The length of the longest increasing subsequence, by trying every subset (a test oracle)."""
    best = 0
    for mask in range(1 << len(values)):
        chosen = [value for bit, value in enumerate(values) if mask >> bit & 1]
        if all(a < b for a, b in pairwise(chosen)):
            best = max(best, len(chosen))
    return best


@given(st.permutations(list(range(8))))
def test_order_score_is_one_only_when_fully_right(order) -> None:
    items = [f"item {n}" for n in range(8)]
    question = OrderQuestion(type="order", prompt="p", items=items)
    result = grade(question, [items[n] for n in order])
    assert (result.score == 1.0) == (list(order) == sorted(order))
    assert result.score == pytest.approx(longest_run_by_brute_force(list(order)) / 8)


@given(st.lists(st.integers(0, 9), unique=True, max_size=10))
def test_the_in_order_run_is_a_longest_increasing_run(belongs) -> None:
    run = sorted(in_order_run(belongs))
    assert len(run) == longest_run_by_brute_force(belongs)
    assert all(belongs[a] < belongs[b] for a, b in pairwise(run))


ORDER_RESPONSES = st.one_of(
    st.permutations(["a", "b", "c", "d"]),
    st.lists(st.sampled_from(["a", "b", "c", "d", "x"]), max_size=8),  # repeated, unknown or missing items
    st.sampled_from([None, "abcd", [["a"]], [1, 2]]),
)


@given(ORDER_RESPONSES)
def test_order_parts_tick_as_many_items_as_the_score_credits(response) -> None:
    result = grade(ORDER, response)
    assert len(result.parts) == 4 and sorted(part.label for part in result.parts) == ["a", "b", "c", "d"]
    assert sum(part.correct for part in result.parts) == pytest.approx(result.score * 4)
    assert result.correct == (sum(part.correct for part in result.parts) == 4)


def test_order_parts_say_where_each_item_is_and_belongs() -> None:
    result = grade(ORDER, ["d", "a", "b", "c"])
    assert result.score == 0.75
    assert [(part.label, part.given, part.expected, part.correct) for part in result.parts] == [
        ("d", "position 1", "position 4", False),
        ("a", "position 2", "position 1", True),
        ("b", "position 3", "position 2", True),
        ("c", "position 4", "position 3", True),
    ]
    # Of the runs as long, the one with the most items in their very place is ticked.
    assert [part.correct for part in grade(ORDER, ["c", "b", "a", "d"]).parts] == [False, True, False, True]
    missing = grade(ORDER, ["a", "c"])
    assert missing.score == 0.5 and [(part.label, part.given) for part in missing.parts][2:] == [
        ("b", None),
        ("d", None),
    ]


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True))
def test_multi_score_is_within_bounds(picked) -> None:
    assert 0.0 <= grade(MULTI, picked).score <= 1.0


@given(st.text(max_size=30))
def test_typed_answers_never_raise(typed: str) -> None:
    grade(SHORT, typed)
    grade(CLOZE, [typed, typed, typed])
    grade(NUMERIC, typed)


SPACE = st.sampled_from(["", " ", "\t", "\n"])
CLOZE_GAP = st.builds(
    lambda before, answer, other, hint, after: "{{" + before + answer + other + hint + after + "}}",
    SPACE,
    st.sampled_from(["a", "", " ", "a:b", "a\nb", "{"]),
    st.sampled_from(["", "|b", "| ", "|", "|\nb"]),
    st.sampled_from(["", "::h", "::", ":: ", "::\nh", "::h\n"]),
    SPACE,
)
CLOZE_TEXT = st.lists(st.one_of(CLOZE_GAP, st.sampled_from(["x ", "{", "}", "\n", "}}", "{{"])), max_size=6).map(
    "".join
)


@given(CLOZE_TEXT)
@settings(max_examples=2000)
def test_the_quick_cloze_check_never_accepts_what_the_parse_refuses(text: str) -> None:
    if PLAINLY_WELL_FORMED.fullmatch(text):
        try:
            parse_cloze(text)
        except ClozeError as error:
            raise AssertionError(f"{text!r} passed the quick check but: {error}") from None


def test_the_quick_cloze_check_accepts_the_usual_texts() -> None:
    assert PLAINLY_WELL_FORMED.fullmatch(CLOZE.text)
    assert PLAINLY_WELL_FORMED.fullmatch("Year {{2023::four digits}}, then {{Moscow|the capital}}.")
