"""`quizapp schema`: the JSON Schema of the deck format, for editors (taplo, Even Better TOML)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from .model import Deck

SCHEMA_ID = "https://quizapp.invalid/schema/deck-1.json"

# Shown by editors when hovering a key; the full rules are in docs/deck-format.md. These keys mean the
# same in every table they are in (a question's, or [deck] for `id`, `title` and `tags`).
KEY_HELP = {
    "format": "Deck format version: 1.",
    "id": "A slug (a-z, 0-9, -): progress is kept under it, so never change it once students have started.",
    "title": "The deck's title, 1 to 120 characters.",
    "type": "choice, multi, truefalse, short, numeric, cloze, order, match or flashcard.",
    "prompt": "The question as the student sees it (optional for cloze).",
    "explanation": "Shown after answering: why the answer is right.",
    "hint": "Shown before answering, on request; asking for it caps the rating at Hard.",
    "source": "Paragraph numbers of [deck.source] that the question relies on.",
    "tags": "Labels of the question; an exam's [deck.quiz] tags draw only questions with one of them.",
    "points": "Weight of the question in an exam (default 1).",
    "choices": "The options, 2 to 8, all different.",
    "shuffle": "Show the options in random order (default true).",
    "feedback": "Text shown when a particular wrong choice is picked: choice text = feedback.",
    "case_sensitive": "Whether case matters in typed answers (default false).",
    "typos": '"auto" (0 edits up to 4 letters, 1 up to 8, 2 beyond) or a number from 0 to 3.',
    "tolerance": "How far a typed number may be from the answer and still be right (default 0).",
    "unit": "Shown after the answer box, e.g. km.",
    "items": "order: 2 to 10 items written in the right order; students see them shuffled.",
    "pairs": 'match: 2 to 10 pairs ["left", "right"]; students see the right sides shuffled.',
    "extra": (
        "match: right-hand options that match nothing, shown shuffled among the right sides so that the last "
        "pair cannot be found by elimination; pairs and extras together at most 10."
    ),
    "paragraphs": "How many numbered paragraphs the source has; source references must lie within them.",
    "count": "How many questions an exam draws (default all).",
    "time_limit_minutes": "The exam's time limit in minutes (default none).",
    "pass_mark": "The share of points needed to pass, 0 to 1 (default 0.5).",
    "allow": (
        'Warnings silenced, each with your reason: { rule-name = "why" } (quizapp lint --rules lists the '
        "rules). In [deck], for the whole deck; in a question, for that question."
    ),
}
# Keys whose meaning depends on their table, by the table's name in the schema's $defs.
TABLE_HELP = {
    "ChoiceQuestion": {"answer": "The right answer: one of the choices, written exactly as there."},
    "MultiQuestion": {"answers": "Every right choice, each written exactly as in choices."},
    "TrueFalseQuestion": {"answer": "true when the prompt's statement is right, false when it is wrong."},
    "ShortQuestion": {"answers": "Every accepted answer (case, spacing and small typos are forgiven)."},
    "NumericQuestion": {"answer": "The right number (see tolerance)."},
    "ClozeQuestion": {"text": "The text with gaps: {{answer}}, {{answer|also accepted}}, {{answer::hint}}."},
    "FlashcardQuestion": {"answer": "The back of the card, shown when the student turns it over."},
    "Note": {
        "source": "The paragraph of [deck.source] this note summarises.",
        "text": "The note: your own summary of the paragraph, shown in the reading view.",
    },
    "DeckInfo": {
        "source": "The text the deck was written from.",
        "quiz": "Exam defaults (quizapp quiz).",
        "tags": "Labels for the deck as a whole.",
    },
    "Source": {"title": "The source's title.", "author": "Who wrote the source.", "url": "Where the source is."},
    "QuizDefaults": {
        "shuffle": "Ask an exam's questions in random order (default true).",
        "tags": "Draw the exam only from questions with one of these tags (default all questions).",
    },
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


def _one_table_per_type(union: dict[str, Any]) -> dict[str, Any]:
    """A question's schema as one `if`/`then` per `type` value, in place of pydantic's `oneOf`.

    Under `oneOf` a typo in one key makes the question match none of the nine types, and an editor
    reports that (with every type's complaints) instead of the key; with `if type is X then X's table`
    only the question's own type applies, and the error names the wrong key.
    """
    mapping: dict[str, str] = union["discriminator"]["mapping"]
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(mapping), "description": KEY_HELP["type"]}},
        "allOf": [
            {"if": {"properties": {"type": {"const": kind}}, "required": ["type"]}, "then": {"$ref": reference}}
            for kind, reference in mapping.items()
        ],
    }


def deck_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that a deck file's data must satisfy."""
    schema = _without_null(Deck.model_json_schema())
    schema["properties"]["questions"]["items"] = _one_table_per_type(schema["properties"]["questions"]["items"])
    for name, definition in [("Deck", schema), *schema.get("$defs", {}).items()]:
        table_help = TABLE_HELP.get(name, {})
        for key, description in definition.get("properties", {}).items():
            words = table_help.get(key, KEY_HELP.get(key))
            if words is not None:
                description.setdefault("description", words)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "quizapp deck (format 1)",
        "description": f"A quizapp deck file, as checked by quizapp {__version__}. Run `quizapp lint` for every rule.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
