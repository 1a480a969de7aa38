"""`quizapp schema`: the JSON Schema of the deck format, for editors (taplo, Even Better TOML)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from .model import Deck

SCHEMA_ID = "https://quizapp.invalid/schema/deck-1.json"

# Shown by editors when hovering a key; the full rules are in docs/deck-format.md.
KEY_HELP = {
    "format": "Deck format version: 1.",
    "id": "A slug (a-z, 0-9, -): progress is kept under it, so never change it once students have started.",
    "title": "The deck's title, 1 to 120 characters.",
    "type": "choice, multi, truefalse, short, numeric, cloze, order, match or flashcard.",
    "prompt": "The question as the student sees it (optional for cloze).",
    "explanation": "Shown after answering: why the answer is right.",
    "hint": "Shown before answering, on request; asking for it caps the rating at Hard.",
    "source": "Paragraph numbers of [deck.source] that the question relies on.",
    "points": "Weight of the question in an exam (default 1).",
    "choices": "The options, 2 to 8, all different.",
    "answer": "The right answer (choice: one of the choices; truefalse: true or false; numeric: a number).",
    "answers": "The accepted answers (multi: every right choice; short: every accepted spelling).",
    "shuffle": "Show the options in random order (default true).",
    "feedback": "Text shown when a particular wrong choice is picked: choice text = feedback.",
    "case_sensitive": "Whether case matters in typed answers (default false).",
    "typos": '"auto" (0 edits up to 4 letters, 1 up to 8, 2 beyond) or a number from 0 to 3.',
    "tolerance": "How far a typed number may be from the answer and still be right (default 0).",
    "unit": "Shown after the answer box, e.g. km.",
    "text": "cloze: text with gaps {{answer}}, {{answer|also accepted}}, {{answer::hint}}. notes: the note itself.",
    "items": "order: 2 to 10 items written in the right order; students see them shuffled.",
    "pairs": 'match: 2 to 10 pairs ["left", "right"]; students see the right sides shuffled.',
    "paragraphs": "How many numbered paragraphs the source has; source references must lie within them.",
    "count": "How many questions an exam draws (default all).",
    "time_limit_minutes": "The exam's time limit in minutes (default none).",
    "pass_mark": "The share of points needed to pass, 0 to 1 (default 0.5).",
}


def _without_null(node: Any) -> Any:
    """Drop the `null` alternatives pydantic writes for optional keys: TOML has no null."""
    if isinstance(node, list):
        return [_without_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {key: _without_null(value) for key, value in node.items() if key != "title" or not isinstance(value, str)}
    alternatives = cleaned.get("anyOf")
    if isinstance(alternatives, list):
        kept = [option for option in alternatives if option != {"type": "null"}]
        if len(kept) == 1:
            del cleaned["anyOf"]
            cleaned.update(kept[0])
        else:
            cleaned["anyOf"] = kept
    if cleaned.get("default", 0) is None:
        del cleaned["default"]
    return cleaned


def deck_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that a deck file's data must satisfy."""
    schema = _without_null(Deck.model_json_schema())
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for key, description in definition.get("properties", {}).items():
            if key in KEY_HELP:
                description.setdefault("description", KEY_HELP[key])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "quizapp deck (format 1)",
        "description": f"A quizapp deck file, as checked by quizapp {__version__}. Run `quizapp lint` for every rule.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
