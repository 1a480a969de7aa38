"""Anki packages (`.apkg`): notes to a quizapp deck, and a deck to a package for Anki.

Import reads the package without extracting anything to disk: the collection (the current
zstd-compressed `collection.anki21b`, or the older `collection.anki21` / `collection.anki2`) is
opened in memory, and archives that would expand past 200 MB are refused. Basic-like notes become
flashcards (first field the front, second the back), Cloze notes cloze questions; HTML is reduced
to text and tags are kept. Export writes, with genanki, Basic and Cloze notes whose ids derive from
the deck and question ids, so that exporting again updates the cards in Anki instead of doubling them.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..deck.cloze import Gap, parse_cloze
from ..problems import BadFile, Problem
from .htmltext import has_media, html_to_text
from .outcome import Converted, DeckBuilder, slug

if TYPE_CHECKING:
    from .export import ExportLoss

MAX_UNPACKED = 200 * 1024 * 1024
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
ANKI_CLOZE_RE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
ANKI_DEFAULT_DECK = "Default"


def _refuse(path: Path, message: str) -> BadFile:
    return BadFile([Problem(str(path), "error", message)])


def _collection_bytes(path: Path) -> bytes:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise _refuse(path, "not an Anki package (not a zip archive)") from None
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
            raise _refuse(path, f"the package would expand past {MAX_UNPACKED // 2**20} MB: refused")
        member = next((name for name in COLLECTIONS if name in archive.namelist()), None)
        if member is None:
            raise _refuse(path, "not an Anki package (no collection inside)")
        try:
            with archive.open(member) as stream:  # at most the limit, whatever the archive's sizes claim
                data = stream.read(MAX_UNPACKED + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise _refuse(path, f"the collection inside is damaged ({error})") from None
        if len(data) > MAX_UNPACKED:
            raise _refuse(path, f"the package would expand past {MAX_UNPACKED // 2**20} MB: refused")
    if member.endswith("b"):
        import zstandard

        try:
            data = zstandard.ZstdDecompressor().decompress(data, max_output_size=MAX_UNPACKED)
        except zstandard.ZstdError as error:
            raise _refuse(path, f"the collection inside is damaged ({error})") from None
        if len(data) >= MAX_UNPACKED:
            raise _refuse(path, f"the collection would expand past {MAX_UNPACKED // 2**20} MB: refused")
    return data


def _open_collection(path: Path) -> sqlite3.Connection:
    """The package's collection, as a database in memory."""
    data = _collection_bytes(path)
    if data[:16] == b"SQLite format 3\x00" and data[18:20] == b"\x02\x02":
        # Anki saves its collection in WAL mode, which a database in memory cannot open: the file
        # format bytes (18 and 19) are set back to the rollback journal, the rest is unchanged.
        data = data[:18] + b"\x01\x01" + data[20:]
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise _refuse(path, f"the collection inside is damaged ({error})") from None
    return connection


def _deck_name(connection: sqlite3.Connection) -> str | None:
    """The name of the deck holding most of the cards (its last part, for a deck inside another), if any
    but Anki's "Default". Current collections have a table of decks; older ones a JSON column."""
    try:
        names: dict[int, str] = dict(connection.execute("SELECT id, name FROM decks").fetchall())
    except sqlite3.DatabaseError:
        try:
            stored = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
            names = {int(key): str(deck.get("name", "")) for key, deck in stored.items()}
        except (sqlite3.DatabaseError, TypeError, ValueError, AttributeError):
            return None
    counts = connection.execute("SELECT did, count(*) FROM cards GROUP BY did ORDER BY count(*) DESC").fetchall()
    for deck_id, _ in counts:
        name = re.split(r"::|\x1f", names.get(deck_id, ""))[-1].strip()
        if name and name != ANKI_DEFAULT_DECK:
            return name
    return None


def _notes(path: Path) -> tuple[str | None, list[tuple[str, list[str]]]]:
    """The name of the package's deck (when it has one), and (tags, fields) of every note in it."""
    connection = _open_collection(path)
    try:
        rows = connection.execute("SELECT tags, flds FROM notes ORDER BY id").fetchall()
        deck_name = _deck_name(connection)
    except sqlite3.DatabaseError as error:
        raise _refuse(path, f"the collection inside is damaged ({error})") from None
    finally:
        connection.close()
    return deck_name, [(tags, fields.split("\x1f")) for tags, fields in rows]


def parse_apkg(path: Path, deck_id: str, title: str) -> Converted:
    """A deck document from an Anki package, named after its deck (else `deck_id`, `title`): every
    note that can be converted, and each one skipped or converted with a loss, by its number.
    BadFile when it is not a package, damaged or too big, or no note can be used."""
    deck_name, notes = _notes(path)
    if deck_name:
        deck_id, title = slug(deck_name, deck_id), deck_name[:120]
    builder = DeckBuilder(str(path), deck_id, title, unit="note")
    for number, (tags, fields) in enumerate(notes, start=1):
        first = fields[0] if fields else ""
        extra = html_to_text(fields[1]) if len(fields) > 1 else ""
        if ANKI_CLOZE_RE.search(first):
            text = ANKI_CLOZE_RE.sub(
                lambda m: "{{" + m.group(1) + (f"::{m.group(2)}" if m.group(2) else "") + "}}", first
            )
            question: dict[str, Any] = {"type": "cloze", "text": html_to_text(text)}
            if extra:
                question["explanation"] = extra
            name = re.sub(r"\{\{.*?\}\}", "", question["text"])[:40]
        else:
            front, back = html_to_text(first), extra
            name = front[:40]
            if not front or not back:
                builder.skip(number, name, "a side is empty")
                continue
            question = {"type": "flashcard", "prompt": front, "answer": back}
        tag_list = list(dict.fromkeys(slug(tag, "tag") for tag in tags.split()))
        builder.add(question | ({"tags": tag_list} if tag_list else {}), slug(name, f"note-{number}"), number, name)
        if any(has_media(field) for field in fields):
            builder.lose(number, name, "images and sounds are not kept")
        if len(fields) > 2 and any(field.strip() for field in fields[2:]) and question["type"] == "flashcard":
            builder.lose(number, name, "fields after the second are not kept")
    return builder.result("the package has no notes quizapp can use")


def stable_id(text: str) -> int:
    """An Anki id (in the range genanki recommends) that is always the same for the same text."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") % (1 << 30)


def anki_gap(number: int, gap: Gap) -> str:
    """A gap as Anki's cloze notes write it: `{{c1::answer::hint}}`."""
    hint = f"::{html.escape(gap.hint)}" if gap.hint else ""
    return f"{{{{c{number}::{html.escape(gap.answers[0])}{hint}}}}}"


def to_apkg(loaded: Any, target: Path) -> list[ExportLoss]:
    """Write the deck as an Anki package at `target` (which must not exist); what it could not keep."""
    import genanki

    from .export import ExportLoss, anki_question_losses, deck_losses, front_and_back

    losses = deck_losses(loaded, "apkg", "An Anki package")
    losses.append(
        ExportLoss(
            None,
            ("questions.id",),
            "an Anki package has no place for question ids: imported back, its questions get new ids "
            "(and quizapp keeps no progress for them)",
        )
    )

    basic = genanki.Model(
        stable_id("quizapp:model:basic"),
        "quizapp Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
    )
    cloze = genanki.Model(
        stable_id("quizapp:model:cloze"),
        "quizapp Cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Back Extra}}"}],
        model_type=genanki.Model.CLOZE,
    )
    deck = genanki.Deck(stable_id(f"quizapp:deck:{loaded.id}"), loaded.title)
    for question in loaded.deck.questions:
        guid = genanki.guid_for("quizapp", loaded.id, question.id)
        tags = [tag.replace(" ", "_") for tag in question.tags]
        if question.type == "cloze":
            parsed = parse_cloze(question.text)
            text = "".join(
                html.escape(piece) + (anki_gap(n + 1, parsed.gaps[n]) if n < len(parsed.gaps) else "")
                for n, piece in enumerate(parsed.pieces)
            )
            if question.prompt:
                text = html.escape(question.prompt) + "<br>" + text
            fields = [text, html.escape(question.explanation or "")]
            deck.add_note(genanki.Note(model=cloze, fields=fields, guid=guid, tags=tags))
        else:
            deck.add_note(genanki.Note(model=basic, fields=list(front_and_back(question)), guid=guid, tags=tags))
        losses += anki_question_losses(question, as_cloze=True)
    if target.exists():
        raise FileExistsError(target)
    genanki.Package(deck).write_to_file(str(target))
    return losses
