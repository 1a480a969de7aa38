"""Generated decks of every question type, written with the project's own writer, for benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.deck.writer import dumps_deck

PARAGRAPHS = 9


def _question(number: int) -> dict[str, Any]:
    """Question `number`, cycling through the nine types; every one is valid and explained."""
    common = {
        "id": f"q{number:05d}",
        "explanation": f"Question {number} is answered this way because the source says so in its own words.",
        "source": [number % PARAGRAPHS + 1],
        "tags": [f"unit-{number % 12}"],
    }
    kind = number % 9
    if kind == 0:
        return {
            **common,
            "type": "choice",
            "prompt": f"Which option is right for item {number}?",
            "choices": ["The first option", "The second option", "The third option", "The fourth option"],
            "answer": "The second option",
        }
    if kind == 1:
        return {
            **common,
            "type": "multi",
            "prompt": f"Which options apply to item {number}?",
            "choices": ["Alpha", "Beta", "Gamma", "Delta"],
            "answers": ["Alpha", "Gamma"],
        }
    if kind == 2:
        return {**common, "type": "truefalse", "prompt": f"Statement {number} holds.", "answer": number % 2 == 0}
    if kind == 3:
        return {
            **common,
            "type": "short",
            "prompt": f"Name the thing numbered {number}.",
            "answers": ["Rapprochement", "rapprochment"],
        }
    if kind == 4:
        return {
            **common,
            "type": "numeric",
            "prompt": f"In which year did event {number} happen?",
            "answer": 1990 + number % 30,
            "tolerance": 0,
        }
    if kind == 5:
        return {
            **common,
            "type": "cloze",
            "text": f"Fact {number}: the {{{{capital}}}} lies on the {{{{river|stream}}}}.",
        }
    if kind == 6:
        return {
            **common,
            "type": "order",
            "prompt": f"Put the steps of process {number} in order.",
            "items": ["First step", "Second step", "Third step", "Fourth step"],
        }
    if kind == 7:
        return {
            **common,
            "type": "match",
            "prompt": f"Match the pairs of set {number}.",
            "pairs": [["Moscow", "Russia"], ["Pyongyang", "North Korea"], ["Beijing", "China"]],
        }
    return {
        **common,
        "type": "flashcard",
        "prompt": f"What does term {number} mean?",
        "answer": "A definition written out in one sentence for the back of the card.",
    }


def write_deck(path: Path, questions: int, deck_id: str) -> Path:
    """Write a deck of `questions` questions of every type to `path`."""
    document = {
        "format": 1,
        "deck": {
            "id": deck_id,
            "title": f"Generated deck of {questions} questions",
            "source": {"title": "A generated source", "paragraphs": PARAGRAPHS},
        },
        "notes": [
            {"source": paragraph, "text": f"What paragraph {paragraph} says."} for paragraph in range(1, PARAGRAPHS + 1)
        ],
        "questions": [_question(number) for number in range(questions)],
    }
    path.write_text(dumps_deck(document), encoding="utf-8")
    return path
