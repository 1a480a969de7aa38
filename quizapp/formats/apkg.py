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
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from ..deck.cloze import Gap, parse_cloze
from ..problems import BadFile, Problem
from .gift import Converted, slug

MAX_UNPACKED = 200 * 1024 * 1024
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
ANKI_CLOZE_RE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
IMAGE_RE = re.compile(r"<img\b|\[sound:", re.IGNORECASE)


def html_to_text(value: str) -> str:
    """An Anki field as plain text: line breaks kept, tags removed, entities decoded."""
    value = re.sub(r"<br\s*/?>|</div>|</p>", "\n", value, flags=re.IGNORECASE)
    value = html.unescape(re.sub(r"<[^>]+>", "", value))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in value.replace("\xa0", " ").split("\n"))).strip()


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


def _notes(path: Path) -> list[tuple[str, list[str]]]:
    """(tags, fields) of every note in the package."""
    data = _collection_bytes(path)
    if data[:16] == b"SQLite format 3\x00" and data[18:20] == b"\x02\x02":
        # Anki saves its collection in WAL mode, which a database in memory cannot open: the file
        # format bytes (18 and 19) are set back to the rollback journal, the rest is unchanged.
        data = data[:18] + b"\x01\x01" + data[20:]
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        rows = connection.execute("SELECT tags, flds FROM notes ORDER BY id").fetchall()
    except sqlite3.DatabaseError as error:
        raise _refuse(path, f"the collection inside is damaged ({error})") from None
    finally:
        connection.close()
    return [(tags, fields.split("\x1f")) for tags, fields in rows]


def parse_apkg(path: Path, deck_id: str, title: str) -> Converted:
    """A deck document from an Anki package; BadFile when it is not one, damaged or too big."""
    questions: list[dict[str, Any]] = []
    dropped: list[str] = []
    used: set[str] = set()
    for number, (tags, fields) in enumerate(_notes(path), start=1):
        if any(IMAGE_RE.search(field) for field in fields):
            dropped.append(f"note {number}: images and sounds are not kept")
        first = fields[0] if fields else ""
        extra = html_to_text(fields[1]) if len(fields) > 1 else ""
        if ANKI_CLOZE_RE.search(first):
            text = ANKI_CLOZE_RE.sub(
                lambda m: "{{" + m.group(1) + (f"::{m.group(2)}" if m.group(2) else "") + "}}", first
            )
            question: dict[str, Any] = {"type": "cloze", "text": html_to_text(text)}
            if extra:
                question["explanation"] = extra
            base = slug(re.sub(r"\{\{.*?\}\}", "", question["text"])[:40], f"note-{number}")
        else:
            front, back = html_to_text(first), extra
            if not front or not back:
                dropped.append(f"note {number}: a side is empty, skipped")
                continue
            question = {"type": "flashcard", "prompt": front, "answer": back}
            base = slug(front[:40], f"note-{number}")
        if len(fields) > 2 and any(field.strip() for field in fields[2:]) and question["type"] == "flashcard":
            dropped.append(f"note {number}: fields after the second are not kept")
        question_id, counter = base, 2
        while question_id in used:
            question_id, counter = f"{base[:60]}-{counter}", counter + 1
        used.add(question_id)
        tag_list = list(dict.fromkeys(slug(tag, "tag") for tag in tags.split()))
        questions.append({"id": question_id, **question, **({"tags": tag_list} if tag_list else {})})
    if not questions:
        raise _refuse(path, "the package has no notes quizapp can use")
    return Converted({"format": 1, "deck": {"id": deck_id, "title": title}, "questions": questions}, dropped)


def stable_id(text: str) -> int:
    """An Anki id (in the range genanki recommends) that is always the same for the same text."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") % (1 << 30)


def anki_gap(number: int, gap: Gap) -> str:
    """A gap as Anki's cloze notes write it: `{{c1::answer::hint}}`."""
    hint = f"::{html.escape(gap.hint)}" if gap.hint else ""
    return f"{{{{c{number}::{html.escape(gap.answers[0])}{hint}}}}}"


def to_apkg(loaded: Any, target: Path) -> list[str]:
    """Write the deck as an Anki package at `target` (which must not exist); what it could not keep."""
    import genanki

    from .export import front_and_back

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
    if target.exists():
        raise FileExistsError(target)
    genanki.Package(deck).write_to_file(str(target))
    return [
        "kinds Anki lacks (choice, multi, order, match, true/false, numeric) became Basic notes "
        "with the options on the front: Anki lets the student judge them"
    ]
