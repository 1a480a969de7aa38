"""`quizapp new`: a starter deck with one explained example of every question type."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .writer import dumps_deck

HEADER = """\
A quizapp deck. Check it with:  quizapp lint {name}
Try it as a student sees it:    quizapp preview {name}
The format is described in docs/deck-format.md. For checking as you type in your editor:
  quizapp schema -o deck.schema.json   and make this the first line:  #:schema ./deck.schema.json
Every question needs a type; an id keeps students' progress when you edit the wording later.
Optional on every question: explanation (after answering), hint (on request), source (paragraphs
of [deck.source] it relies on), tags, points (weight in an exam)."""

QUESTIONS: list[tuple[str, dict[str, Any]]] = [
    (
        "choice: one right option among 2 to 8. feedback is shown when a wrong option is picked.",
        {
            "id": "closest-planet",
            "type": "choice",
            "prompt": "Which planet is closest to the Sun?",
            "choices": ["Mercury", "Venus", "Earth", "Mars"],
            "answer": "Mercury",
            "feedback": {"Venus": "Venus is the second planet; it is the hottest, not the closest."},
            "explanation": "Mercury orbits nearest the Sun, inside the orbit of Venus.",
            "hint": "It is also the smallest planet.",
        },
    ),
    (
        "multi: tick every right option; partial credit for some of them, less for wrong ticks.",
        {
            "id": "gas-giants",
            "type": "multi",
            "prompt": "Which of these planets are gas giants?",
            "choices": ["Jupiter", "Saturn", "Mars", "Venus"],
            "answers": ["Jupiter", "Saturn"],
            "explanation": "Jupiter and Saturn are made mostly of hydrogen and helium; Mars and Venus are rocky.",
        },
    ),
    (
        "truefalse: a statement the student judges; answer is true or false.",
        {
            "id": "moon-light",
            "type": "truefalse",
            "prompt": "The Moon gives off its own light.",
            "answer": False,
            "explanation": "The Moon shines because it reflects sunlight.",
        },
    ),
    (
        "short: a typed answer. List every spelling you accept; case, spacing and small typos are forgiven.",
        {
            "id": "our-galaxy",
            "type": "short",
            "prompt": "What is the name of the galaxy that contains the Solar System?",
            "answers": ["Milky Way", "the Milky Way"],
            "explanation": "The Sun is one of the hundreds of billions of stars of the Milky Way.",
        },
    ),
    (
        "numeric: a typed number, right within tolerance; unit is shown after the answer box.",
        {
            "id": "planet-count",
            "type": "numeric",
            "prompt": "How many planets orbit the Sun?",
            "answer": 8,
            "tolerance": 0,
            "unit": "planets",
            "explanation": "Mercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus and Neptune.",
        },
    ),
    (
        "cloze: a text with gaps. {{answer}} is a gap; {{answer|other}} accepts both; {{answer::hint}} adds a hint.",
        {
            "id": "sun-and-earth",
            "type": "cloze",
            "text": "The {{Sun}} is a star, and {{Earth|the Earth}} is the {{third::a position, first to eighth}} planet from it.",
            "explanation": "Earth comes after Mercury and Venus.",
        },
    ),
    (
        "order: items written in the right order; students see them shuffled and put them back.",
        {
            "id": "inner-planets-order",
            "type": "order",
            "prompt": "Put these planets in order of distance from the Sun, nearest first.",
            "items": ["Mercury", "Venus", "Earth", "Mars"],
            "explanation": "These four rocky planets are the inner planets, in this order outwards.",
        },
    ),
    (
        "match: pairs [left, right]; students see the right sides shuffled and pair them up. extra adds\n"
        "right sides that match nothing, so that the last pair cannot be found by elimination.",
        {
            "id": "planet-nicknames",
            "type": "match",
            "prompt": "Match each planet with what it is known for.",
            "pairs": [
                ["Mars", "its red colour"],
                ["Saturn", "its bright rings"],
                ["Earth", "liquid water on its surface"],
            ],
            "extra": ["the Great Red Spot"],
            "explanation": (
                "Iron oxide reddens Mars; ice makes Saturn's rings bright; only Earth has surface oceans. "
                "The Great Red Spot is a storm on Jupiter, which is not in the list."
            ),
        },
    ),
    (
        "flashcard: a card to recall; the student flips it and rates how well they knew it. Nothing can grade\n"
        "that, so flashcards are for study and never drawn into an exam (quizapp quiz).",
        {
            "id": "orbit-definition",
            "type": "flashcard",
            "prompt": "What is an orbit?",
            "answer": "The curved path that one body in space follows around another, such as a planet around a star.",
        },
    ),
]


def deck_id_for(path: Path) -> str:
    """A deck id made from a file name: `My Deck 2.toml` → `my-deck-2`."""
    slug = "-".join(re.findall(r"[a-z0-9]+", path.stem.lower()))[:64].strip("-")
    return slug or "my-deck"


def starter_deck(path: Path, title: str | None) -> str:
    """The text of a starter deck to be written at `path`."""
    document = {
        "format": 1,
        "deck": {
            "id": deck_id_for(path),
            "title": title or path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "My deck",
            "description": "A starter deck: replace these questions with your own.",
            "language": "en",
            "tags": ["example"],
        },
        "questions": [question for _, question in QUESTIONS],
    }
    return dumps_deck(document, HEADER.format(name=path.name), [comment for comment, _ in QUESTIONS])
