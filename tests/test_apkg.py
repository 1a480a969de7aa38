"""Anki packages: both formats that Anki writes, stable ids on export, and hostile archives."""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import FUZZ
from hypothesis import given
from hypothesis import strategies as st

import quizapp.formats.apkg
from quizapp.deck.loader import load_deck
from quizapp.deck.model import ClozeQuestion
from quizapp.formats.apkg import parse_apkg, to_apkg
from quizapp.places import bundled_decks_dir
from quizapp.problems import BadFile

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = [
    {
        "id": "what-is-the-closest-planet-to-the-sun",
        "type": "flashcard",
        "prompt": "What is the closest planet to the Sun?",
        "answer": "Mercury (the smallest)\nit has no moons",
        "tags": ["inner", "planets"],
    },
    {"id": "largest-planet", "type": "flashcard", "prompt": "Largest planet?", "answer": "Jupiter"},
    {
        "id": "the-is-a-star-and-orbits-it",
        "type": "cloze",
        "text": "The {{Sun}} is a star and {{Earth::a planet}} orbits it.",
        "explanation": "Earth is third.",
        "tags": ["stars"],
    },
]


@pytest.mark.parametrize("name", ["planets-current.apkg", "planets-legacy.apkg"])
def test_packages_written_by_anki_itself(name: str) -> None:
    """Fixtures made by Anki 26.9 (the current zstd collection, and the legacy export)."""
    assert parse_apkg(FIXTURES / name, "planets", "Planets").document["questions"] == EXPECTED


def guids(package: Path) -> list[str]:
    with zipfile.ZipFile(package) as archive:
        name = next(n for n in ("collection.anki21", "collection.anki2") if n in archive.namelist())
        data = archive.read(name)
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    return [row[0] for row in connection.execute("SELECT guid FROM notes ORDER BY guid")]


def test_export_gives_stable_ids_and_reads_back(tmp_path: Path) -> None:
    core = load_deck(bundled_decks_dir() / "north-korea-russia-core.toml")
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    to_apkg(core, first)
    to_apkg(core, second)
    assert guids(first) == guids(second) and len(set(guids(first))) == len(core.deck.questions)
    back = parse_apkg(first, "core", "Core").document["questions"]
    assert len(back) == len(core.deck.questions)
    clozes = {q["text"] for q in back if q["type"] == "cloze"}
    written = [q for q in core.deck.questions if isinstance(q, ClozeQuestion)]
    # Anki's cloze has one answer per gap: the first is kept, the other accepted spellings are not
    kept = [(q.prompt, re.sub(r"\{\{([^|}]*)(?:\|[^:}]*)*(::[^}]*)?\}\}", r"{{\1\2}}", q.text)) for q in written]
    assert written and clozes == {f"{prompt}\n{text}" for prompt, text in kept}


def zipped(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/").replace("_dot_", "."), data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not a zip at all", "not a zip archive"),
        (zipped(meta=b"x"), "no collection inside"),
        (zipped(collection_dot_anki21=b"SQLite format 3\x00garbage" * 10), "damaged"),
        (zipped(collection_dot_anki21b=b"\x28\xb5\x2f\xfd broken zstd"), "damaged"),
    ],
)
def test_bad_packages_are_refused_clearly(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.apkg"
    path.write_bytes(content)
    with pytest.raises(BadFile) as refused:
        parse_apkg(path, "x", "X")
    assert words in refused.value.problems[0].message


def test_archives_that_expand_too_far_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quizapp.formats.apkg, "MAX_UNPACKED", 1000)
    path = tmp_path / "big.apkg"
    path.write_bytes(zipped(collection_dot_anki21=b"\x00" * 5000))
    with pytest.raises(BadFile, match="expand past"):
        parse_apkg(path, "x", "X")


def test_an_archive_that_understates_its_size_is_cut_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quizapp.formats.apkg, "MAX_UNPACKED", 100_000)
    packed = bytearray(zipped(collection_dot_anki21=b"\x00" * 1_000_000))
    # Claim 10 bytes in both the local header (offset 22) and the central directory (offset 24).
    local = packed.index(b"PK\x03\x04")
    central = packed.index(b"PK\x01\x02")
    packed[local + 22 : local + 26] = (10).to_bytes(4, "little")
    packed[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path = tmp_path / "bomb.apkg"
    path.write_bytes(bytes(packed))
    with pytest.raises(BadFile, match=r"expand past|damaged"):
        parse_apkg(path, "x", "X")


def test_nothing_is_written_outside_a_temporary_folder(tmp_path: Path) -> None:
    path = tmp_path / "evil.apkg"
    path.write_bytes(
        zipped(
            **{"..__..__escaped_dot_txt": b"x", "collection_dot_anki2": (FIXTURES / "planets-legacy.apkg").read_bytes()}
        )
    )
    before = set(tmp_path.parent.rglob("*"))
    with pytest.raises(BadFile):
        parse_apkg(path, "x", "X")
    assert set(tmp_path.parent.rglob("*")) == before


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_are_refused_never_raised(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.apkg"
    path.write_bytes(data)
    with pytest.raises(BadFile):
        parse_apkg(path, "x", "X")
