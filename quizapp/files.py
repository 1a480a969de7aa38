"""Reading a file a user handed us, with every way it can be wrong turned into a clear problem."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .problems import BadFile, Problem

MEGABYTE = 1024 * 1024


def _refuse(path: Path, rule: str, message: str, line: int | None = None, column: int | None = None) -> BadFile:
    """The refusal of a file; `rule` is the name lint gives this kind of problem (quizapp/deck/rules.py)."""
    return BadFile([Problem(str(path), "error", message, line, column, rule=rule)])


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def read_text(path: Path, max_bytes: int, kind: str) -> tuple[bytes, str]:
    """The bytes of `path` and their text (UTF-8, a leading BOM dropped, CRLF made LF).

    `kind` names what the file should be ("deck", "results file") in messages. Raises BadFile
    for a missing, unreadable, oversized, binary or non-UTF-8 file, or a folder.
    """
    try:
        if path.is_dir():
            raise _refuse(path, "unreadable-file", f"this is a folder, not a {kind}")
        size = path.stat().st_size
        if size <= max_bytes:  # read no more than the limit: the file may grow meanwhile, or be a device
            with path.open("rb") as file:
                data = file.read(max_bytes + 1)
            size = len(data)
        if size > max_bytes:
            raise _refuse(
                path,
                "file-too-large",
                f"the file is too large for a {kind} ({size / MEGABYTE:.1f} MB; the limit is {max_bytes // MEGABYTE} MB)",
            )
    except FileNotFoundError:
        raise _refuse(path, "no-such-file", "no such file") from None
    except PermissionError:
        raise _refuse(path, "unreadable-file", "cannot read the file: permission denied") from None
    except OSError as error:
        raise _refuse(path, "unreadable-file", f"cannot read the file: {error.strerror or error}") from None
    if b"\0" in data:
        raise _refuse(path, "not-utf8", f"this is a binary file, not a {kind}", *_position(data, data.index(b"\0")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        raise _refuse(
            path,
            "not-utf8",
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); save it with the UTF-8 encoding",
            line,
            column,
        ) from None
    return data, text.replace("\r\n", "\n")


@contextlib.contextmanager
def durable_temporary(folder: Path, text: str) -> Iterator[str]:
    """A new file in `folder` holding `text`, already on disk (flushed and synced) and readable by its
    owner only (mkstemp makes it so from the start), for the caller to link or rename into place: a
    reader then finds the whole file or none. Removed on leaving if it is still there."""
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=".json")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        yield temporary
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
