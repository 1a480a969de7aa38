"""An answer typed as one line, read into the raw response the grader takes (the same the TUI's
inputs give): option numbers (`1 3`), `t` or `f`, typed text, an order as numbers (`3 1 2`), pairs
as a number and a letter each (`1b 2a 3c`). Anything else is sent back with one line saying what to
type. Pure functions: no input, no output.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from ..study.grading import number_expected, numeric_response

LETTERS = string.ascii_lowercase
SEPARATORS_RE = re.compile(r"[\s,;]+")
# ASCII digits only: str.isdigit() takes `²` and `٣`, which int() refuses or a student never means; and
# at most 6 of them, since int() refuses a number of thousands of digits (a long line piped in).
NUMBER_RE = re.compile(r"[0-9]{1,6}\.?")  # `2.`, as the options are written, is 2 too
PAIR_RE = re.compile(r"([0-9]{1,6})\s*\.?\s*([A-Za-z])")
PAIRS_RE = re.compile(rf"(?:{PAIR_RE.pattern}[\s,;]*)+")
TRUE_WORDS, FALSE_WORDS = ("t", "true", "1"), ("f", "false", "2")


@dataclass(frozen=True, slots=True)
class Shape:
    """What a question's answer is made of: its type, and the parts it is given from, as shown."""

    kind: str
    shown: tuple[str, ...] = ()  # the options, items or right sides, in the order shown (numbered or lettered)
    lefts: tuple[str, ...] = ()  # a match question's left sides, numbered
    unit: str | None = None  # a number question's unit


@dataclass(frozen=True, slots=True)
class Parsed:
    """A line read as an answer: the response, or why it cannot be taken (`problem`, one line)."""

    response: Any = None
    problem: str | None = None


def how_to_answer(shape: Shape) -> str:
    """What to type for a question of this shape, as the instruction under it."""
    count = len(shape.shown)
    match shape.kind:
        case "choice":
            return f"Choose one option: type its number, 1 to {count}."
        case "multi":
            return "Choose every right option: type their numbers, for example 1 3."
        case "truefalse":
            return "Type t for true or f for false."
        case "numeric":
            unit = f" The unit is {shape.unit}." if shape.unit else ""
            return f"Type a number, in digits.{unit}"
        case "order":
            return (
                f"Put the {count} items in order: type their numbers in the right order, for example {_example(count)}."
            )
        case "match":
            return "Pair each item on the left with one on the right: type its number and a letter, for example 1b 2a."
        case "flashcard":
            return "Recall the answer, then press enter to see it."
        case _:
            return "Type your answer."


def _example(count: int) -> str:
    return " ".join(str(number) for number in [*range(2, count + 1), 1])


def parse_answer(shape: Shape, line: str) -> Parsed:
    """`line` read as an answer to a question of `shape` (not a cloze: its gaps are typed one per line)."""
    text = line.strip()
    if not text:
        return Parsed(problem=f"No answer given. {how_to_answer(shape)} Or type skip.")
    match shape.kind:
        case "choice":
            return _one_option(shape, text)
        case "multi":
            return _options(shape, text)
        case "truefalse":
            word = text.lower().rstrip(".")
            if word in TRUE_WORDS or word in FALSE_WORDS:
                return Parsed(word in TRUE_WORDS)
            return Parsed(problem="Type t for true or f for false.")
        case "numeric":
            response = numeric_response(line, shape.unit)
            return Parsed(problem=number_expected(shape.unit)) if isinstance(response, str) else Parsed(response)
        case "order":
            return _order(shape, text)
        case "match":
            return _pairs(shape, text)
        case _:
            return Parsed(line)


def whole_numbers(text: str) -> list[int] | None:
    """The whole numbers (ASCII digits, `2.` too) a line is made of, or None when it holds anything else."""
    words = [word for word in SEPARATORS_RE.split(text) if word]
    if not words or not all(NUMBER_RE.fullmatch(word) for word in words):
        return None
    return [int(word.rstrip(".")) for word in words]


def _out_of_range(numbers: list[int], count: int, noun: str) -> str | None:
    for number in numbers:
        if not 1 <= number <= count:
            return f"There is no {noun} {number}: the {noun}s are numbered 1 to {count}."
    return None


def _one_option(shape: Shape, text: str) -> Parsed:
    count = len(shape.shown)
    numbers = whole_numbers(text)
    if numbers is None:
        return Parsed(problem=f"Type the number of one option, 1 to {count}.")
    if len(numbers) > 1:
        return Parsed(problem=f"Choose one option only: type one number, 1 to {count}.")
    problem = _out_of_range(numbers, count, "option")
    return Parsed(problem=problem) if problem else Parsed(shape.shown[numbers[0] - 1])


def _options(shape: Shape, text: str) -> Parsed:
    numbers = whole_numbers(text)
    if numbers is None:
        return Parsed(problem=f"Type the numbers of the options you choose, 1 to {len(shape.shown)}, for example 1 3.")
    problem = _out_of_range(numbers, len(shape.shown), "option")
    if problem:
        return Parsed(problem=problem)
    picked = {shape.shown[number - 1] for number in numbers}
    return Parsed([option for option in shape.shown if option in picked])  # in the order shown, as the TUI gives


def _order(shape: Shape, text: str) -> Parsed:
    count = len(shape.shown)
    numbers = whole_numbers(text)
    if numbers is None:
        return Parsed(problem=f"Type the item numbers in the right order, for example {_example(count)}.")
    problem = _out_of_range(numbers, count, "item")
    if problem:
        return Parsed(problem=problem)
    repeated = next((number for index, number in enumerate(numbers) if number in numbers[:index]), None)
    if repeated is not None:
        return Parsed(problem=f"Item {repeated} is given twice: give each of the {count} items once.")
    if len(numbers) < count:
        missing = ", ".join(str(number) for number in range(1, count + 1) if number not in numbers)
        return Parsed(problem=f"Give all {count} items, each once: {missing} still missing.")
    return Parsed([shape.shown[number - 1] for number in numbers])


def _pairs(shape: Shape, text: str) -> Parsed:
    lefts, rights = len(shape.lefts), len(shape.shown)
    last = LETTERS[rights - 1]
    if not PAIRS_RE.fullmatch(text):
        return Parsed(problem=f"Type a number and a letter for each pair, for example 1b 2a (letters a to {last}).")
    paired: dict[int, int] = {}
    for number_text, letter_text in PAIR_RE.findall(text):
        number, letter = int(number_text), letter_text.lower()
        if not 1 <= number <= lefts:
            return Parsed(problem=f"There is no item {number} on the left: they are numbered 1 to {lefts}.")
        if letter not in LETTERS[:rights]:
            return Parsed(problem=f"There is no {letter} on the right: the letters go from a to {last}.")
        if number in paired:
            return Parsed(problem=f"Item {number} is paired twice: give one letter for each item.")
        if LETTERS.index(letter) in paired.values():
            return Parsed(problem=f"{letter} is used twice: each one on the right goes with one item only.")
        paired[number] = LETTERS.index(letter)
    # As the TUI gives them: the pairs in the order of the left sides, only those given.
    return Parsed([[left, shape.shown[paired[n]]] for n, left in enumerate(shape.lefts, start=1) if n in paired])
