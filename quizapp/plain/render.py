"""A question, its feedback and an exam's results, as plain lines to be read in order or heard.

Everything is said in words, never by colour, position or a symbol a screen reader reads as noise:
"Correct", "Wrong: the answer is ...", options as "1. Mercury", gaps as "(gap 2)". Pure functions:
they return lines and print nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ..deck.cloze import parse_cloze
from ..study.presentation import format_points, partly_right
from .answers import LETTERS, Shape, how_to_answer

if TYPE_CHECKING:
    from ..deck.model import (
        ChoiceQuestion,
        ClozeQuestion,
        FlashcardQuestion,
        MatchQuestion,
        Note,
        NumericQuestion,
        OrderQuestion,
        QuestionBase,
    )
    from ..study.exam import ExamResult
    from ..study.grading import Grade, Part


def shape_of(question: QuestionBase, shown: tuple[str, ...]) -> Shape:
    """What the answer to `question` is made of, with its parts in the order `shown` (`shown_order`)."""
    kind = question.type
    if kind == "match":
        lefts = tuple(left for left, _ in cast("MatchQuestion", question).pairs)
        return Shape(kind, shown, lefts)
    if kind == "numeric":
        return Shape(kind, shown, unit=cast("NumericQuestion", question).unit)
    return Shape(kind, shown)


def cloze_text(question: QuestionBase) -> str:
    """A cloze question's text with each gap said as "(gap 2)", its hint after it."""
    parsed = parse_cloze(cast("ClozeQuestion", question).text)
    pieces = [parsed.pieces[0]]
    for number, gap in enumerate(parsed.gaps, start=1):
        pieces.append(f"(gap {number}, hint: {gap.hint})" if gap.hint else f"(gap {number})")
        pieces.append(parsed.pieces[number])
    return "".join(pieces)


def gap_count(question: QuestionBase) -> int:
    """How many gaps a cloze question has."""
    return len(parse_cloze(cast("ClozeQuestion", question).text).gaps)


def question_lines(question: QuestionBase, shape: Shape) -> list[str]:
    """The question as the student reads it: the prompt, the text of a cloze, what to type, the
    numbered options or items (and a match's lettered right sides)."""
    lines = [question.prompt] if question.prompt else []
    kind = question.type
    if kind == "cloze":
        count = gap_count(question)
        lines.append(cloze_text(question))
        lines.append("Type the word for the gap." if count == 1 else f"Type each of the {count} gaps, one per line.")
        return lines
    lines.append(how_to_answer(shape))
    if kind == "truefalse":
        lines += ["1. True", "2. False"]
    elif kind == "match":
        lines.append("On the left:")
        lines += [f"{number}. {left}" for number, left in enumerate(shape.lefts, start=1)]
        lines.append("On the right:")
        lines += [f"{LETTERS[index]}. {right}" for index, right in enumerate(shape.shown)]
    else:
        lines += [f"{number}. {part}" for number, part in enumerate(shape.shown, start=1)]
    return lines


def expected_words(question: QuestionBase, grade: Grade) -> str:
    """The whole right answer in words (an order as "A, then B", pairs as "A with B")."""
    if question.type == "order":
        return ", then ".join(cast("OrderQuestion", question).items)
    if question.type == "match":
        return "; ".join(f"{left} with {right}" for left, right in cast("MatchQuestion", question).pairs)
    return grade.expected


def card_back(question: QuestionBase) -> str:
    """A flashcard turned over."""
    return f"Answer: {cast('FlashcardQuestion', question).answer}"


def verdict(question: QuestionBase, grade: Grade) -> str:
    """Correct, partly right (what was right and the share of the credit), or wrong with the answer."""
    if grade.correct:
        return "Correct."
    if grade.score > 0:
        return f"Partly right: {partly_right(grade)}, {grade.score:.0%} credit. The answer is: {expected_words(question, grade)}."
    return f"Wrong: the answer is {expected_words(question, grade)}."


def _given(part: Part) -> str:
    return part.given if part.given else "nothing"


def answer_lines(question: QuestionBase, grade: Grade) -> list[str]:
    """The student's answer, part by part, each said right or wrong and why; of a wholly right answer,
    only the exact spelling of what a typo was forgiven in (the rest would be heard for nothing)."""
    kind = question.type
    if grade.correct:
        return [
            f"Accepted despite a typo: the exact spelling is {part.expected}." for part in grade.parts if part.forgiven
        ]
    if kind == "multi":
        return [_ticked(part) for part in grade.parts]
    if kind == "cloze":
        return [_typed(f"{part.label.capitalize()}: {_given(part)}", part) for part in grade.parts]
    if kind == "order":
        return _order_lines(grade)
    if kind == "match":
        return [_paired(part) for part in grade.parts]
    if kind == "flashcard":
        return []
    part = grade.parts[0]
    lines = [_typed(f"You gave: {_given(part)}", part)]
    feedback = cast("ChoiceQuestion", question).feedback if kind == "choice" else {}
    if part.given is not None and part.given in feedback:
        lines.append(feedback[part.given])
    return lines


def _typed(said: str, part: Part) -> str:
    if part.forgiven:
        return f"{said}, accepted despite a typo: the exact spelling is {part.expected}."
    return f"{said}, {'right' if part.correct else 'wrong'}."


def _ticked(part: Part) -> str:
    ticked = "ticked" if part.given else "not ticked"
    if part.correct:
        return f"{part.label}: {ticked}, right."
    return f"{part.label}: {ticked}, wrong: it should {'be' if part.expected else 'not be'} ticked."


def _order_lines(grade: Grade) -> list[str]:
    placed = [part for part in grade.parts if part.given]
    lines = [f"Your order: {', then '.join(part.label for part in placed)}." if placed else "You placed nothing."]
    for part in grade.parts:
        if part.correct:
            continue
        if part.given is None:
            lines.append(f"{part.label} was not placed: it belongs at {part.expected}.")
        elif part.given == part.expected:
            lines.append(f"{part.label} is at its place, {part.given}, but out of order with the others.")
        else:
            lines.append(f"{part.label} is at {part.given}, wrong: it belongs at {part.expected}.")
    return lines


def _paired(part: Part) -> str:
    if part.correct:
        return f"{part.label} with {part.given}, right."
    if part.given is None:
        return f"{part.label}: not paired, wrong: it goes with {part.expected}."
    return f"{part.label} with {part.given}, wrong: it goes with {part.expected}."


def explanation_lines(question: QuestionBase, notes: list[Note]) -> list[str]:
    """Why the answer is what it is, and the study notes of the paragraphs the question cites."""
    lines = [f"Why: {question.explanation}"] if question.explanation else []
    return lines + [f"Note on paragraph {note.source}: {note.text}" for note in notes]


def results_lines(result: ExamResult) -> list[str]:
    """A finished exam: passed or not, the score, then each question with the answer given and the right one."""
    passed = "Passed" if result.passed else "Not passed"
    lines = [
        f"{passed}: {format_points(result.score)} of {format_points(result.max_score)} points, "
        f"{result.percent:.0f}%. The pass mark is {result.pass_mark:.0%}."
    ]
    if result.timed_out:
        lines.append("Time ran out: what was answered was submitted.")
    for number, item in enumerate(result.questions, start=1):
        question = item.question
        lines.append(f"Question {number}: {question.prompt or cloze_text(question)}")
        if item.response is None:
            lines.append(f"Not answered. The answer is: {expected_words(question, item.grade)}.")
        else:
            lines.append(verdict(question, item.grade))
            lines += answer_lines(question, item.grade)
        lines += explanation_lines(question, [])
    return lines


def gap_words(gaps: list[Any]) -> str:
    """A cloze's gaps as given, in words: `gap 1: Sun; gap 2: nothing`."""
    return "; ".join(f"gap {number}: {gap or 'nothing'}" for number, gap in enumerate(gaps, start=1))


def given_so_far(shape: Shape, response: Any) -> str:
    """An exam's answer given so far to a question, in words (None: not answered)."""
    if response is None:
        return "Not answered yet."
    if shape.kind == "cloze":
        return f"Your answer so far: {gap_words(response if isinstance(response, list) else [])}."
    if shape.kind == "truefalse":
        return f"Your answer so far: {'true' if response else 'false'}."
    if shape.kind in ("choice", "short", "numeric"):
        return f"Your answer so far: {response}."
    if shape.kind == "match":
        pairs = response if isinstance(response, list) else []
        return "Your answer so far: " + "; ".join(f"{left} with {right}" for left, right in pairs) + "."
    items = response if isinstance(response, list) else []
    joiner = ", then " if shape.kind == "order" else ", "
    return f"Your answer so far: {joiner.join(items)}."
