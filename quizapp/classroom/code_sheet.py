"""The printable sheet of join codes: one card per student, to cut out and hand out.

HTML (open it in a browser and print it) or plain text. Names and the address are text a teacher
typed, so they are escaped: a name such as `<b>x</b>` is printed as written, never run as markup.
The sheet is the one place a code is written down, so it is made readable by its owner only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ..problems import UserError
from ..safetext import visible
from .joincodes import shown

HTML_SUFFIXES = (".html", ".htm")
CARD_WIDTH = 64  # characters, in the text sheet

_STYLE = """\
body { font-family: system-ui, sans-serif; margin: 1.5em; }
h1 { font-size: 1.2em; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(18em, 1fr)); gap: 1em; }
.card { border: 2px dashed #555; padding: 1em; break-inside: avoid; page-break-inside: avoid; }
.name { font-size: 1.3em; font-weight: bold; }
.code { font-family: ui-monospace, monospace; font-size: 1.8em; letter-spacing: 0.15em; margin: 0.3em 0; }
.address { font-family: ui-monospace, monospace; word-break: break-all; }
ol { padding-left: 1.2em; margin: 0.5em 0 0; }
@media print { .note { display: none; } body { margin: 0; } }"""


def _made(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


LATER_STEPS = (
    "Type your name as it is written on this card.",
    "Type your join code (capital or small letters, with or without the dash).",
    "Keep this card to yourself: the code is the key to your own progress.",
)


def _steps(url: str | None, escape: Callable[[str], str] = str, mark: Callable[[str], str] = str) -> list[str]:
    """The instructions on a card: `escape` makes text safe to put in the sheet, `mark` also sets the
    address apart (HTML); both leave text as it is by default (the text sheet)."""
    first = f"Open {mark(url)} in a web browser." if url else escape("Open quizapp as your teacher shows you.")
    return [first, *(escape(step) for step in LATER_STEPS)]


def sheet_html(cards: Sequence[tuple[str, str]], url: str | None, made: dt.datetime) -> str:
    """The HTML sheet for `cards`, each a student's name and code, and the address students open."""

    def address(text: str) -> str:
        return f'<span class="address">{html.escape(text)}</span>'

    # Every piece of text is escaped where it is put in: only the markup written here is markup.
    steps = "".join(f"<li>{step}</li>" for step in _steps(url, html.escape, address))

    def card(name: str, code: str) -> str:
        # <bdi>: a name in a right-to-left script (or holding direction marks) cannot reorder the card
        return (
            '<div class="card">\n'
            f'  <div class="name"><bdi>{html.escape(name)}</bdi></div>\n'
            f'  <div class="code">{html.escape(shown(code))}</div>\n'
            f"  <ol>{steps}</ol>\n"
            "</div>"
        )

    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>quizapp join codes, {html.escape(_made(made))}</title>\n"
        f"<style>\n{_STYLE}\n</style>\n</head>\n<body>\n"
        f"<h1>quizapp join codes, made {html.escape(_made(made))}</h1>\n"
        '<p class="note">Print this page, cut out the cards and give each student theirs. Then delete this '
        "file: it is the only copy of the codes. A code made again replaces the one on its card.</p>\n"
        '<div class="cards">\n' + "\n".join(card(name, code) for name, code in cards) + "\n</div>\n</body>\n</html>\n"
    )


def sheet_text(cards: Sequence[tuple[str, str]], url: str | None, made: dt.datetime) -> str:
    """The plain-text sheet: the same cards, between lines to cut along."""
    cut = "- " * (CARD_WIDTH // 2 - 1) + "-"
    lines = [f"quizapp join codes, made {_made(made)}", "", cut]
    for name, code in cards:
        lines += ["", f"  {name}", "", f"  Join code:  {shown(code)}"]
        lines += [f"  Address:    {url}"] if url else []
        lines += [""] + [f"  {number}. {step}" for number, step in enumerate(_steps(url), 1)] + ["", cut]
    return "\n".join(lines) + "\n"


def default_sheet_path(folder: Path, made: dt.datetime) -> Path:
    """`<folder>/codes-YYYYMMDD-HHMM.html` (UTC), numbered when a sheet of that minute already exists."""
    base = f"codes-{made.astimezone(dt.timezone.utc).strftime('%Y%m%d-%H%M')}"
    number = 1
    while (path := folder / (f"{base}.html" if number == 1 else f"{base}-{number}.html")).exists():
        number += 1
    return path


def check_sheet_target(path: Path) -> None:
    """UserError if a sheet cannot go to `path`: said before any code is made, so that none is wasted."""
    shown_path = visible(str(path))
    if path.exists() or path.is_symlink():
        raise UserError(f"{shown_path} already exists; quizapp never overwrites a file, so choose another name")
    if not path.parent.is_dir():
        raise UserError(f"cannot write {shown_path}: there is no folder {visible(str(path.parent))}")


def write_sheet(path: Path, cards: Sequence[tuple[str, str]], url: str | None, made: dt.datetime) -> None:
    """Write the sheet to `path` (HTML for .html or .htm, else text), a new file readable by its owner
    only; never overwrites one. UserError, with no file left behind, when it cannot be written."""
    is_html = path.suffix.lower() in HTML_SUFFIXES
    text = sheet_html(cards, url, made) if is_html else sheet_text(cards, url, made)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        raise UserError(
            f"{visible(str(path))} already exists; quizapp never overwrites a file, so choose another name"
        ) from None
    except OSError as error:
        raise UserError(f"cannot write {visible(str(path))}: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        with contextlib.suppress(OSError):  # half a sheet would hand out codes that stop at a missing card
            path.unlink()
        raise UserError(f"cannot write {visible(str(path))}: {error.strerror or error}") from None
