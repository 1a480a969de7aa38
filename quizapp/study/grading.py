"""Grading an answer to any question type, exactly as docs/deck-format.md describes.

The result says more than right or wrong: which parts were right, the spelling that was expected
when a typo was forgiven, and the score that suggests a spaced-repetition rating.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..deck.cloze import parse_cloze
from .progress import Rating

if TYPE_CHECKING:
    from ..deck.model import (
        ChoiceQuestion,
        ClozeQuestion,
        FlashcardQuestion,
        MatchQuestion,
        MultiQuestion,
        NumericQuestion,
        OrderQuestion,
        QuestionBase,
        ShortQuestion,
        TrueFalseQuestion,
    )


TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
SPACES_RE = re.compile(r"\s+")


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def normalise(text: str, case_sensitive: bool = False) -> str:
    """The form typed answers are compared in: NFKC, ASCII quotes and dashes, single spaces,
    folded case (unless `case_sensitive`), and no punctuation at either end."""
    text = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHIC)
    text = SPACES_RE.sub(" ", text).strip()
    if not case_sensitive:
        text = text.casefold()
    start, end = 0, len(text)
    while start < end and (_is_punctuation(text[start]) or text[start].isspace()):
        start += 1
    while end > start and (_is_punctuation(text[end - 1]) or text[end - 1].isspace()):
        end -= 1
    return text[start:end]


def typo_allowance(answer: str, typos: str | int) -> int:
    """How many edits an answer of this (normalised) length forgives: `auto` is 0 up to 4
    characters, 1 for 5–8, 2 for longer."""
    if typos != "auto":
        return int(typos)
    length = len(answer)
    return 0 if length <= 4 else 1 if length <= 8 else 2


_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class TypedMatch:
    """How a typed answer compares with the accepted ones."""

    correct: bool
    accepted: str  # the accepted answer it matched (or the first one, when wrong)
    forgiven: bool  # right only thanks to the typo allowance: show the exact spelling


def match_typed(
    typed: str, accepted: tuple[str, ...] | list[str], case_sensitive: bool, typos: str | int
) -> TypedMatch:
    """Compare a typed answer with the accepted answers: exactly after normalisation, then within
    the typo allowance of each (Damerau–Levenshtein), the closest winning."""
    given = normalise(typed, case_sensitive)
    targets = [(answer, normalise(answer, case_sensitive)) for answer in accepted]
    for answer, target in targets:
        if given == target:
            return TypedMatch(True, answer, False)
    best: tuple[int, str] | None = None
    if given:
        from rapidfuzz.distance import DamerauLevenshtein  # only typed answers need it; opening the app does not

        numbers = _NUMBER.findall(given)
        for answer, target in targets:
            allowance = typo_allowance(target, typos)
            if allowance == 0 or _NUMBER.findall(target) != numbers:
                continue  # a number is never a typo: the Hwasong-17 is another missile than the Hwasong-18
            distance = DamerauLevenshtein.distance(given, target, score_cutoff=allowance)
            if distance <= allowance and (best is None or distance < best[0]):
                best = (distance, answer)
    if best is not None:
        return TypedMatch(True, best[1], True)
    return TypedMatch(False, accepted[0], False)


@dataclass(frozen=True, slots=True)
class Part:
    """One graded part of an answer: an option, a gap, a pair, an item, or the whole answer."""

    label: str  # what the part is about: the option text, "gap 2", the left side of a pair, an item to order
    given: str | None  # what the student gave for it, as text (None: nothing); for an item, "position 3"
    expected: str  # what was right; for an item, the position it belongs at
    correct: bool
    forgiven: bool = False  # a typo was forgiven; `expected` is the exact spelling


@dataclass(frozen=True, slots=True)
class Grade:
    """The outcome of one answer."""

    score: float  # in [0, 1]
    parts: tuple[Part, ...]
    expected: str  # the whole expected answer, for the feedback view
    kind: str = ""  # the question's type, which says what the parts are (set by `grade`)

    @property
    def correct(self) -> bool:
        """Whether the answer was wholly right."""
        return self.score >= 1.0

    @property
    def suggested_rating(self) -> Rating:
        """Good for a score of 1, Hard for partial credit, Again for 0."""
        if self.score >= 1.0:
            return Rating.GOOD
        return Rating.HARD if self.score > 0 else Rating.AGAIN


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _grade_choice(question: ChoiceQuestion, response: Any) -> Grade:
    right = response == question.answer
    part = Part(question.answer, _text(response), question.answer, right)
    return Grade(float(right), (part,), question.answer)


def _grade_multi(question: MultiQuestion, response: Any) -> Grade:
    picked = {option for option in _as_list(response) if option in question.choices}
    wanted = set(question.answers)
    parts = tuple(
        Part(
            option,
            option if option in picked else None,
            option if option in wanted else "",
            (option in picked) == (option in wanted),
        )
        for option in question.choices
    )
    right, wrong = len(picked & wanted), len(picked - wanted)
    return Grade(max(0.0, (right - wrong) / len(wanted)), parts, ", ".join(question.answers))


def _grade_truefalse(question: TrueFalseQuestion, response: Any) -> Grade:
    expected = "true" if question.answer else "false"
    right = isinstance(response, bool) and response == question.answer
    given = None if not isinstance(response, bool) else ("true" if response else "false")
    return Grade(float(right), (Part("answer", given, expected, right),), expected)


def _grade_short(question: ShortQuestion, response: Any) -> Grade:
    typed = response if isinstance(response, str) else ""
    found = match_typed(typed, question.answers, question.case_sensitive, question.typos)
    part = Part("answer", _text(response), found.accepted, found.correct, found.forgiven)
    return Grade(float(found.correct), (part,), question.answers[0])


THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str, unit: str | None = None) -> float | None:
    """A typed number: `2022`, `2,022`, `3,5` (decimal comma), `-1.5e3`, with or without the unit."""
    cleaned = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHIC).strip().replace(" ", "").replace("_", "")
    if unit:
        cleaned = cleaned.removesuffix(unit.replace(" ", ""))
    if THOUSANDS_RE.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def numeric_response(typed: str, unit: str | None = None) -> int | float | str:
    """What a typed answer to a number question records: the number when it reads as one (a whole
    number as an int), else the text as typed (which scores 0)."""
    number = parse_number(typed, unit)
    if number is None:
        return typed
    return int(number) if number.is_integer() else number


def number_expected(unit: str | None = None) -> str:
    """Why a typed answer to a number question is sent back (words, a decade): what to type instead."""
    in_unit = f" (in {unit})" if unit else ""
    return f"A number is expected{in_unit}, in digits: for example 42, 3.5 or 1,200."


def format_number(number: float) -> str:
    """`2022` rather than `2022.0`; other numbers as Python prints them."""
    return str(int(number)) if number == int(number) and abs(number) < 1e15 else repr(number)


def _grade_numeric(question: NumericQuestion, response: Any) -> Grade:
    if isinstance(response, bool):
        number = None
    elif isinstance(response, (int, float)):
        number = float(response)
    elif isinstance(response, str):
        number = parse_number(response, question.unit)
    else:
        number = None
    right = number is not None and abs(number - question.answer) <= question.tolerance + 1e-9 * max(
        1.0, abs(question.answer)
    )
    expected = format_number(question.answer)
    if question.tolerance:
        expected += f" (± {format_number(question.tolerance)})"
    return Grade(float(right), (Part("answer", _text(response), expected, right),), expected)


def _grade_cloze(question: ClozeQuestion, response: Any) -> Grade:
    gaps = parse_cloze(question.text).gaps
    typed = _as_list(response)
    parts = []
    for number, gap in enumerate(gaps, start=1):
        given = typed[number - 1] if number - 1 < len(typed) and isinstance(typed[number - 1], str) else ""
        found = match_typed(given, gap.answers, question.case_sensitive, question.typos)
        parts.append(Part(f"gap {number}", given or None, found.accepted, found.correct, found.forgiven))
    right = sum(part.correct for part in parts)
    return Grade(right / len(gaps), tuple(parts), ", ".join(gap.answers[0] for gap in gaps))


def in_order_run(belongs: list[int]) -> set[int]:
    """Which places of an arrangement hold items in order, given where each item belongs: one
    longest run in the right relative order (a longest increasing subsequence), preferring among
    runs as long the one with the most items exactly in their place. O(n²): at most 10 items."""
    runs: list[tuple[int, int, int | None]] = []  # per place: length, items in place, previous place
    for place, position in enumerate(belongs):
        best: tuple[int, int, int | None] = (1, int(place == position), None)
        for before in range(place):
            if belongs[before] < position:
                candidate = (runs[before][0] + 1, runs[before][1] + (place == position), before)
                if candidate[:2] > best[:2]:
                    best = candidate
        runs.append(best)
    chosen: set[int] = set()
    cursor = max(range(len(runs)), key=lambda place: runs[place][:2]) if runs else None
    while cursor is not None:
        chosen.add(cursor)
        cursor = runs[cursor][2]
    return chosen


def _grade_order(question: OrderQuestion, response: Any) -> Grade:
    # The student's arrangement: the items in the order first given. The app never sends a repeated or
    # unknown item; a hand-made results file may, and those are left out rather than counted twice.
    arranged = list(
        dict.fromkeys(item for item in _as_list(response) if isinstance(item, str) and item in question.items)
    )
    belongs = [question.items.index(item) for item in arranged]
    # The items of one longest in-order run are the right parts, and the score is their share: so
    # "k of n in order" and the score always agree, and only the whole order in place scores 1.
    in_order = in_order_run(belongs)
    parts = [
        Part(item, f"position {place + 1}", f"position {belongs[place] + 1}", place in in_order)
        for place, item in enumerate(arranged)
    ]
    parts += [
        Part(item, None, f"position {position + 1}", False)
        for position, item in enumerate(question.items)
        if item not in arranged
    ]
    return Grade(len(in_order) / len(question.items), tuple(parts), " → ".join(question.items))


def _grade_match(question: MatchQuestion, response: Any) -> Grade:
    # Each left is right when paired with its own right side; an extra (which matches nothing) paired
    # with a left is simply a wrong pair, so the credit per pair is the same with extras as without.
    chosen: dict[str, str] = {}
    for pair in _as_list(response):
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], str):
            chosen.setdefault(pair[0], pair[1])
    parts = tuple(Part(left, chosen.get(left), right, chosen.get(left) == right) for left, right in question.pairs)
    right = sum(part.correct for part in parts)
    return Grade(right / len(parts), parts, "; ".join(f"{left} → {right}" for left, right in question.pairs))


def _grade_flashcard(question: FlashcardQuestion, response: Any) -> Grade:
    knew = response is True
    return Grade(float(knew), (Part("answer", _text(response), question.answer, knew),), question.answer)


GRADERS: dict[str, Callable[[Any, Any], Grade]] = {  # each takes its own kind of question
    "choice": _grade_choice,
    "multi": _grade_multi,
    "truefalse": _grade_truefalse,
    "short": _grade_short,
    "numeric": _grade_numeric,
    "cloze": _grade_cloze,
    "order": _grade_order,
    "match": _grade_match,
    "flashcard": _grade_flashcard,
}


def right_response(question: QuestionBase) -> Any:
    """A response that scores 1, in the raw form of results files (for previews, tests and benchmarks)."""
    kind = question.type
    if kind in ("choice", "truefalse", "numeric", "flashcard"):
        return True if kind == "flashcard" else question.answer  # type: ignore[attr-defined]
    if kind == "multi":
        return list(question.answers)  # type: ignore[attr-defined]
    if kind == "short":
        return question.answers[0]  # type: ignore[attr-defined]
    if kind == "cloze":
        return [gap.answers[0] for gap in parse_cloze(question.text).gaps]  # type: ignore[attr-defined]
    if kind == "order":
        return list(question.items)  # type: ignore[attr-defined]
    return [list(pair) for pair in question.pairs]  # type: ignore[attr-defined]


def grade(question: QuestionBase, response: Any) -> Grade:
    """Grade a raw response (the form results files record: see docs/cli) to `question`.

    Any response of the wrong shape (None for unanswered, a number for a choice) scores 0 and
    never raises: results files come from outside and are re-graded as they are.
    """
    result: Grade = GRADERS[question.type](question, response)
    return replace(result, kind=question.type)
