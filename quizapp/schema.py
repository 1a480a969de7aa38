"""`quizapp schema`: the JSON Schema of the deck format, for editors (taplo, Even Better TOML)."""

from __future__ import annotations

from typing import Any

from . import __version__
from .model import Deck

SCHEMA_ID = "https://quizapp.invalid/schema/deck-1.json"


def _without_null(node: Any) -> Any:
    """Drop the `null` alternatives pydantic writes for optional keys: TOML has no null."""
    if isinstance(node, list):
        return [_without_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {key: _without_null(value) for key, value in node.items()}
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
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "quizapp deck (format 1)",
        "description": f"A quizapp deck file, as checked by quizapp {__version__}. Run `quizapp lint` for every rule.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
