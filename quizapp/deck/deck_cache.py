"""A cache of validated decks, so that an unchanged deck is not parsed and validated again.

One file per deck in `<data-dir>/cache/decks/`, keyed by the deck file's path, size and
modification time, and by the deck model's own source (a new quizapp never trusts an old cache).
The validated deck is kept as plain data (marshal: fast, and only ever read back by quizapp) and
rebuilt without validation when first needed (loaded.py), each question only when asked for
(CachedQuestions). An index file maps each deck file to its deck id, and each entry keeps
the default values of every question type, so that a study session can show its first question
from the cache without loading the deck model at all (see quick_start.py). Any problem with a
cache file only means a normal load.
"""

from __future__ import annotations

import marshal
import os
import struct
import zlib
from array import array
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from .loaded import LoadedDeck

if TYPE_CHECKING:
    from .model import Deck, QuestionBase

INDEX = "index.marshal"
FORMAT = 4  # of the cache files themselves: raise it when what they hold changes
HEADER_SIZE = struct.Struct("<Q")  # a cache file: the header's length, the header, then the questions


@cache
def _model_key() -> str:
    """Changes whenever the deck model changes, which makes every older cache file stale."""
    model_source = Path(__file__).with_name("model.py").read_bytes()
    # A checksum is enough to notice a changed model (and zlib loads faster than hashlib).
    return f"{FORMAT}-{zlib.crc32(model_source):08x}-{len(model_source)}"


def _cache_file(cache_dir: Path, path: Path) -> Path:
    # Named by a checksum of the deck's path; the entry records the path itself, so that two paths
    # with one checksum only ever miss, never read each other's deck.
    return cache_dir / f"{zlib.crc32(str(path.resolve()).encode()):08x}.marshal"


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _question_bytes(entry: dict[str, Any], position: int) -> bytes:
    """The marshalled question at `position` in the deck's order, read from the cache file."""
    spans = entry["spans"]
    start, end = spans[position], spans[position + 1]
    with open(entry["file"], "rb") as file:
        file.seek(entry["blob_at"] + start)
        return file.read(end - start)


def question_data(entry: dict[str, Any], question_id: str) -> dict[str, Any]:
    """One question of a cache entry as plain data, every field present (defaults filled in)."""
    raw = marshal.loads(_question_bytes(entry, entry["order"].index(question_id)))
    return {**entry["defaults"][raw["type"]], **raw}


class CachedQuestions(Sequence["QuestionBase"]):
    """A cached deck's questions, held as their marshalled bytes and each built when it is asked for.

    A question object costs a few kilobytes and a bytes slice a few hundred, so a profile with
    100,000 cached questions holds them in tens of megabytes rather than hundreds, and loading an
    unchanged deck builds nothing. The bytes are read into memory once, so a cache file replaced by
    another window meanwhile cannot mix two versions of a deck.
    """

    RECENT = 64  # questions kept built: the current one is asked for several times per answer

    def __init__(self, entry: dict[str, Any], blob: bytes):
        from .model import QUESTION_MODELS

        self._models = QUESTION_MODELS
        self._blob = blob
        self._spans = entry["spans"]
        self._derived = set(entry["derived"])
        self._recent: dict[int, QuestionBase] = {}

    def __len__(self) -> int:
        return len(self._spans) - 1

    @overload
    def __getitem__(self, position: int) -> QuestionBase: ...
    @overload
    def __getitem__(self, position: slice) -> list[QuestionBase]: ...

    def __getitem__(self, position: int | slice) -> QuestionBase | list[QuestionBase]:
        if isinstance(position, slice):
            return [self[index] for index in range(len(self))[position]]
        index = range(len(self))[position]  # negative positions, and IndexError past the end
        question = self._recent.get(index)
        if question is None:
            if len(self._recent) >= self.RECENT:
                self._recent.clear()
            question = self._recent[index] = self._build(index)
        return question

    def __eq__(self, other: object) -> bool:
        # Equal to the validated deck's list of the same questions (a deck compares its questions).
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # like a list

    def _build(self, index: int) -> QuestionBase:
        """The question at `index`, without validation (it was validated before it was cached)."""
        data = marshal.loads(self._blob[self._spans[index] : self._spans[index + 1]])
        question = self._models[data["type"]].model_construct(**data)
        if index in self._derived:
            question.model_fields_set.discard("id")
        return question


def _rebuild(entry: dict[str, Any], blob: bytes) -> Deck:
    """The deck from its cache entry: its header built, its questions left as bytes until asked for."""
    from .model import Deck, DeckInfo, Note, QuizDefaults, Source

    info = dict(entry["deck"]["deck"])
    if "source" in info:
        info["source"] = Source.model_construct(**info["source"])
    if "quiz" in info:
        info["quiz"] = QuizDefaults.model_construct(**info["quiz"])
    return Deck.model_construct(
        deck=DeckInfo.model_construct(**info),
        notes=[Note.model_construct(**note) for note in entry["deck"].get("notes", [])],
        # A sequence that builds each question when asked, where the model has a list: the deck is only read.
        questions=CachedQuestions(entry, blob),  # type: ignore[arg-type]
    )


def read_entry(path: Path, cache_dir: Path) -> dict[str, Any] | None:
    """The raw cache entry of `path` (deck dump, hash, defaults) if the file is unchanged, else None.
    Needs neither pydantic nor the deck model."""
    signature = _signature(path)
    if signature is None:
        return None
    cache_file = _cache_file(cache_dir, path)
    try:
        with cache_file.open("rb") as file:
            (length,) = HEADER_SIZE.unpack(file.read(HEADER_SIZE.size))
            if length > os.fstat(file.fileno()).st_size:
                return None  # a damaged file
            entry = marshal.loads(file.read(length))
        if (
            entry["key"] != _model_key()
            or (entry["size"], entry["mtime_ns"]) != signature
            or entry["path"] != str(path.resolve())
        ):
            return None
        spans = array("Q")
        spans.frombytes(entry["spans"])
        entry.update(spans=spans, file=cache_file, blob_at=HEADER_SIZE.size + length)
        return dict(entry)
    except (OSError, EOFError, ValueError, TypeError, KeyError, struct.error):
        return None


def read(path: Path, cache_dir: Path) -> LoadedDeck | None:
    """The cached deck for `path` if the file has not changed since it was cached, else None.

    The deck is built only when more than its id, title and question ids is asked of it (see
    loaded.py); its bytes are read now, so that a cache file another window replaces meanwhile
    cannot mix two versions of a deck."""
    entry = read_entry(path, cache_dir)
    if entry is None:
        return None
    try:
        with open(entry["file"], "rb") as file:
            file.seek(entry["blob_at"])
            blob = file.read()
        header = entry["deck"]["deck"]
        deck_id, title, order, sha256 = header["id"], header["title"], entry["order"], entry["sha256"]
    except (OSError, TypeError, KeyError):
        return None
    if len(blob) != entry["spans"][-1] or not all(isinstance(text, str) for text in (deck_id, title, sha256)):
        return None  # a truncated or damaged cache file: the deck is loaded from its file instead
    return LoadedDeck.unbuilt(path, sha256, deck_id, title, list(order), lambda: _rebuild(entry, blob))


def indexed_deck_id(path: Path, index: dict[str, Any]) -> str | None:
    """The deck id of `path` by the index, if the file has not changed since it was cached."""
    known = index.get(str(path.resolve()))
    return known[2] if known is not None and tuple(known[:2]) == _signature(path) else None


def read_index(cache_dir: Path) -> dict[str, Any]:
    """Deck file (resolved path) -> (size, mtime_ns, deck id), as of the last time each was cached."""
    try:
        with (cache_dir / INDEX).open("rb") as file:
            stored = marshal.load(file)
        return stored["decks"] if stored.get("key") == _model_key() else {}
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _question_defaults() -> dict[str, dict[str, Any]]:
    """Every question type's fields that have a default, with it: what a dump leaves out."""
    from .model import QUESTION_MODELS

    return {
        kind: {
            name: field.get_default(call_default_factory=True)
            for name, field in model_class.model_fields.items()
            if not field.is_required()
        }
        for kind, model_class in QUESTION_MODELS.items()
    }


def write(loaded: LoadedDeck, cache_dir: Path) -> None:
    """Keep a freshly validated deck for next time (quietly skipped if the cache cannot be written)."""
    signature = _signature(loaded.path)
    if signature is None:
        return
    dump = loaded.deck.model_dump(exclude_defaults=True)
    # Each question marshalled on its own, after the header: the fast start reads one, not all.
    questions = [marshal.dumps(question) for question in dump.pop("questions")]
    spans = array("Q", [0])
    for question in questions:
        spans.append(spans[-1] + len(question))
    entry = {
        "key": _model_key(),
        "path": str(loaded.path.resolve()),
        "size": signature[0],
        "mtime_ns": signature[1],
        "sha256": loaded.sha256,
        "deck": dump,
        "spans": spans.tobytes(),
        "order": [question.id for question in loaded.deck.questions],
        "derived": [index for index, question in enumerate(loaded.deck.questions) if question.derived_id],
        "defaults": _question_defaults(),
    }
    target = _cache_file(cache_dir, loaded.path)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.partial")
        header = marshal.dumps(entry)
        with partial.open("wb") as file:
            file.write(HEADER_SIZE.pack(len(header)) + header + b"".join(questions))
        os.replace(partial, target)
        _remember(cache_dir, loaded.path, signature, loaded.id)
    except (OSError, ValueError):
        pass


def _remember(cache_dir: Path, path: Path, signature: tuple[int, int], deck_id: str) -> None:
    """Record in the index which deck id a file holds (read, update, replace: last writer wins)."""
    index = read_index(cache_dir)
    index[str(path.resolve())] = (*signature, deck_id)
    partial = cache_dir / f"{INDEX}.{os.getpid()}.partial"
    with partial.open("wb") as file:
        marshal.dump({"key": _model_key(), "decks": index}, file)
    os.replace(partial, cache_dir / INDEX)
