"""Every way a deck file can be unreadable gets a clear problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import deck_text, problems_of

from quizapp.deck.loader import load_deck
from quizapp.problems import BadFile


def only_message(path: Path) -> str:
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return str(problems[0])


def test_missing_file(tmp_path: Path) -> None:
    assert only_message(tmp_path / "nope.toml") == f"{tmp_path / 'nope.toml'}: error: no such file [no-such-file]"


def test_folder_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "d.toml").mkdir()
    assert "this is a folder, not a deck" in only_message(tmp_path / "d.toml")


def test_empty_file(write) -> None:
    assert only_message(write("  \n")).endswith(
        ":1:1: error: the file is empty: a deck needs a [deck] table and [[questions]] [empty-file]"
    )


def test_not_utf8(write, tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(deck_text().replace("Who visited", "Qui a visité").encode("latin-1"))
    message = only_message(path)
    assert ":11:" in message and "not UTF-8 text (byte 0xe9)" in message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "this is a binary file, not a deck" in only_message(path)


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as file:  # a sparse 50 MB file: no disk space used
        file.truncate(50 * 1024 * 1024)
    assert "too large for a deck (50.0 MB; the limit is 20 MB)" in only_message(path)


def test_permission_denied(write, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, who can read anything; so the refusal is simulated.
    path = write(deck_text())

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert only_message(path).endswith("error: cannot read the file: permission denied [unreadable-file]")


def test_byte_order_mark_and_windows_line_ends_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + deck_text().replace("\n", "\r\n").encode())
    assert load_deck(path).deck.deck.title == "A test deck"


def test_windows_line_ends_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(deck_text().replace('answer = "Sergei Shoigu"', 'answer = "x"').replace("\n", "\r\n").encode())
    with pytest.raises(BadFile) as refused:
        load_deck(path)
    assert refused.value.problems[0].line == 13


def test_hash_is_of_the_file_bytes(write) -> None:
    import hashlib

    path = write(deck_text())
    assert load_deck(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_says_it_is_empty_but_never_ends_is_cut_at_the_limit() -> None:
    # /dev/zero reports a size of 0 and would be read forever: only the limit plus one byte is read.
    assert "too large for a deck (20.0 MB; the limit is 20 MB)" in only_message(Path("/dev/zero"))
