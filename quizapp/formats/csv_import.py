"""CSV and TSV to a quizapp deck: question, answer and optional tags columns, one card a line.

Reads Anki's text exports (the `#separator:`, `#html:`, `#tags:`, `#deck:` (the title), `#columns:`
and the `#... column:` headers; a guid `quizapp/DECK/QUESTION`, as quizapp's export writes it, gives the
deck's and the question's ids back, and a guid that is an id by itself the question's) and
Quizlet's (term and definition separated by a tab or a comma). Rows become flashcards, or
short-answer questions with `--as short`. A row without a question and an answer is listed and skipped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Any

from .htmltext import has_media, html_to_text
from .outcome import Converted, DeckBuilder, first_words, slug

# A guid quizapp's export writes (`quizapp/DECK/QUESTION`), or any guid that is a deck-format id.
GUID_RE = re.compile(r"^(?:quizapp/(?P<deck>[a-z0-9][a-z0-9-]{0,63})/)?(?P<question>[a-z0-9][a-z0-9-]{0,63})$")

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
# Anki's text-file headers (`#separator:tab`, `#html:true`, ...), which only it writes: the sign of its files.
HEADER_RE = re.compile(
    r"^#(separator|html|tags|columns|deck|notetype|guid column|notetype column|deck column|tags column|if matches):",
    re.IGNORECASE,
)


def _column(headers: dict[str, str], columns: list[str], name: str) -> int | None:
    """The index of Anki's `#<name> column:` (counted from 1 in the header), or of `name` in `#columns:`."""
    given = headers.get(f"{name} column", "")
    if re.fullmatch(r"[0-9]{1,6}", given) and int(given) > 0:  # not isdigit(): `²` is a digit to it, not to int()
        return int(given) - 1
    return columns.index(name) if name in columns else None


def _text(value: str, is_html: bool) -> str:
    return html_to_text(value) if is_html else value.strip()


def _rows(
    body: list[str], delimiter: str, body_start: int, builder: DeckBuilder
) -> Iterator[tuple[int, list[str], str, bool]]:
    """Each row of the body: the line it starts on, its cells, a note when it runs over several lines
    (which lines, and whether a quote may be unclosed), and whether it may be (its lines hold an odd
    number of quotes). A row the csv module cannot read is skipped, by its line."""
    # No field is longer than the file, which the importer keeps to its size limit (the csv module's
    # own limit is 128 KB, and process-wide: it is only ever raised).
    csv.field_size_limit(max(csv.field_size_limit(), len("".join(body)) + 1))
    reader = csv.reader(body, delimiter=delimiter)
    read = 0  # lines of the body taken so far
    while True:
        line = body_start + read + 1
        try:
            row = next(reader, None)
        except csv.Error as error:
            # (the csv module's advice, after " - ", is for programmers)
            builder.skip(line, "", f"cannot be read as CSV: {str(error).split(' - ')[0]}")
            read = reader.line_num
            continue
        if row is None:
            return
        span, read = body[read : reader.line_num], reader.line_num
        unclosed = len(span) > 1 and "".join(span).count('"') % 2 == 1
        note = f"the row runs over lines {line}–{body_start + read}" if len(span) > 1 else ""
        yield line, row, note + ("; a quote may be unclosed" if unclosed else ""), unclosed


def parse_csv(text: str, file: str, deck_id: str, title: str, as_kind: str = "flashcard") -> Converted:
    """A deck document from CSV/TSV text: a card a row, and each row skipped, by its line.
    BadFile (with every reason) only when no row can be used."""
    headers: dict[str, str] = {}
    lines = text.lstrip("\ufeff").split("\n")
    body_start = 0
    for number, line in enumerate(lines):
        if HEADER_RE.match(line):
            key, _, value = line[1:].partition(":")
            headers[key.strip().lower()] = value.strip()
            body_start = number + 1
        else:
            break
    if lines[-1] == "":  # the line break that ends the last line starts no other
        lines.pop()
    body = [line + "\n" for line in lines[body_start:]]  # with their line breaks, which a quoted cell keeps
    named = headers.get("separator", "")
    first = next((line for line in body if line.strip()), "")
    delimiter = SEPARATORS.get(named.lower(), named if len(named) == 1 else ("\t" if "\t" in first else ","))
    is_html = headers.get("html", "false").lower() == "true"
    columns = (
        [name.strip().lower() for name in headers.get("columns", "").split(delimiter)] if "columns" in headers else []
    )
    tags_column = _column(headers, columns, "tags")
    guid_column = _column(headers, columns, "guid")
    # Anki's own columns (which note type, which deck) hold no question text.
    other_columns = {_column(headers, columns, "notetype"), _column(headers, columns, "deck")}
    common_tags = [slug(tag, "tag") for tag in headers.get("tags", "").split() if tag.strip()]
    builder = DeckBuilder(file, deck_id, headers.get("deck", "").split("::")[-1].strip() or title)
    for number, row, note, unclosed in _rows(body, delimiter, body_start, builder):
        if not any(cell.strip() for cell in row):
            continue
        skipped = {tags_column, guid_column} | other_columns
        cells = [cell for index, cell in enumerate(row) if index not in skipped]
        where = f" ({note})" if note else ""
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            builder.skip(number, first_words(cells[0] if cells else ""), f"a row needs a question and an answer{where}")
            continue
        prompt, answer = _text(cells[0], is_html), _text(cells[1], is_html)
        name = first_words(prompt)
        if not prompt or not answer:
            builder.skip(number, name, f"a side is empty once its HTML is removed{where}")
            continue
        row_tags = row[tags_column].split() if tags_column is not None and tags_column < len(row) else []
        tags = list(dict.fromkeys(common_tags + [slug(tag, "tag") for tag in row_tags]))
        question: dict[str, Any] = {"type": as_kind, "prompt": prompt}
        question |= {"answers": [answer]} if as_kind == "short" else {"answer": answer}
        guid = GUID_RE.match(row[guid_column].strip() if guid_column is not None and guid_column < len(row) else "")
        if guid and guid.group("deck"):
            builder.deck_id = guid.group("deck")
        wanted = guid.group("question") if guid else slug(prompt[:40], f"q{len(builder.questions) + 1}")
        builder.add(question | ({"tags": tags} if tags else {}), wanted, number, name)
        if unclosed:
            builder.lose(number, name, note)
        if is_html and any(has_media(cell) for cell in cells[:2]):
            builder.lose(number, name, "images and sounds are not kept")
        if any(cell.strip() for cell in cells[2:]):
            builder.lose(number, name, "columns after the second (other than tags) are not kept")
    return builder.result("no rows with a question and an answer were found")
