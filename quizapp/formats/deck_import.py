"""`quizapp import`: another format's file to a new deck file (written with tomli-w, never over a file)."""

from __future__ import annotations

from pathlib import Path

from ..deck.loader import load_deck
from ..deck.writer import dumps_deck, write_new_file
from ..files import MEGABYTE, read_text
from ..problems import BadFile, UserError
from ..safetext import visible
from .aiken import parse_aiken
from .csv_import import parse_csv
from .gift import Converted, parse_gift, slug

MAX_IMPORT_BYTES = 20 * MEGABYTE
BY_EXTENSION = {".gift": "gift", ".aiken": "aiken", ".apkg": "apkg", ".csv": "csv", ".tsv": "csv"}


def guess_format(path: Path, named: str | None) -> str:
    """The format named, else the one the extension says; UserError when neither tells."""
    chosen = named or BY_EXTENSION.get(path.suffix.lower())
    if chosen is None:
        raise UserError(
            f"cannot tell the format of {visible(str(path))} from its name: give --format gift|aiken|csv|apkg"
        )
    return chosen


def convert(source: Path, kind: str, as_kind: str = "flashcard") -> Converted:
    """The deck document made from `source`."""
    deck_id = slug(source.stem, "imported")
    title = source.stem.replace("_", " ").replace("-", " ").strip() or "Imported"
    if kind == "apkg":
        from .apkg import parse_apkg

        if not source.is_file():
            raise UserError(f"{visible(str(source))}: no such file")
        return parse_apkg(source, deck_id, title)
    _, text = read_text(source, MAX_IMPORT_BYTES, f"{kind} file")
    if kind == "aiken":
        return parse_aiken(text, str(source), deck_id, title)
    if kind == "csv":
        return parse_csv(text, str(source), deck_id, title, as_kind)
    return parse_gift(text, str(source), deck_id, title)


def import_file(source: Path, target: Path, named_format: str | None, as_kind: str = "flashcard") -> list[str]:
    """Convert `source` into a new deck at `target`; returns what the conversion could not keep.
    The written deck is loaded back, so that an import that would not pass lint is never left behind."""
    converted = convert(source, guess_format(source, named_format), as_kind)
    header = (
        f"Imported from {source.name} by quizapp import.\nCheck it with: quizapp lint {target.name}\n"
        "Give every question an explanation: students who get it wrong learn why."
    )
    write_new_file(target, dumps_deck(converted.document, header))
    try:
        load_deck(target)
    except BadFile as bad:
        target.unlink()
        raise UserError(
            f"the converted deck did not pass lint ({bad.problems[0].message}); nothing was written"
        ) from None
    return converted.dropped
