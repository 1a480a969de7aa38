"""`quizapp import`: another format's file to a new deck file (written with tomli-w, never over a file).

Each importer converts every question it can and lists the rest; here a question that would still
make the deck fail lint is left out too, with lint's reason, so that what is written always passes.
The format comes from `--format`, else the file's name, else (`.txt` and the like) its content.
"""

from __future__ import annotations

import re
from pathlib import Path

import tomli
from pydantic import ValidationError

from ..deck.loader import load_deck
from ..deck.messages import validation_problems
from ..deck.model import Deck
from ..deck.tomlpos import Locator
from ..deck.writer import dumps_deck, write_new_file
from ..files import MEGABYTE, read_text
from ..problems import BadFile, Problem, UserError
from ..safetext import visible
from .aiken import ANSWER_RE, parse_aiken
from .csv_import import HEADER_RE, parse_csv
from .gift import parse_gift
from .outcome import Converted, Loss, slug

MAX_IMPORT_BYTES = 20 * MEGABYTE
BY_EXTENSION = {".gift": "gift", ".aiken": "aiken", ".apkg": "apkg", ".csv": "csv", ".tsv": "csv"}
GIFT_ANSWERS_RE = re.compile(r"(?<!\\)\{[^{}]*(?<!\\)\}")


def _named_kind(path: Path) -> str | None:
    """The format a file's name gives: its extension, or the one before `.txt` (Moodle's `questions.gift.txt`)."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] in BY_EXTENSION:
        return BY_EXTENSION[suffixes[-1]]
    if len(suffixes) >= 2 and suffixes[-1] == ".txt":
        return BY_EXTENSION.get(suffixes[-2])
    return None


def sniff(text: str) -> str | None:
    """The format a text file's content shows: Anki's text headers or a tab on every line (CSV),
    `ANSWER:` lines (Aiken), `{...}` answers (GIFT), a comma on every line (CSV); None when unclear."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    if HEADER_RE.match(lines[0]) or all("\t" in line for line in lines):
        return "csv"
    if any(ANSWER_RE.match(line.strip()) for line in lines):
        return "aiken"
    if GIFT_ANSWERS_RE.search(text):
        return "gift"
    if all("," in line for line in lines):
        return "csv"
    return None


def guess_format(path: Path, named: str | None, text: str | None = None) -> str:
    """The format named, else the one the file's name says, else its content's; UserError when none tells."""
    chosen = named or _named_kind(path) or (sniff(text) if text is not None else None)
    if chosen is None:
        raise UserError(
            f"cannot tell the format of {visible(str(path))} from its name or its content: "
            "give --format gift|aiken|csv|apkg"
        )
    return chosen


def base_name(path: Path) -> str:
    """The file's name without its extensions (`questions.gift.txt` → `questions`)."""
    name = path.name
    while Path(name).suffix.lower() in (*BY_EXTENSION, ".txt"):
        name = Path(name).stem
    return name or path.stem


def default_target(source: Path) -> Path:
    """Where `quizapp import` writes when not told: beside the file, named after it, `.toml`."""
    return source.with_name(base_name(source) + ".toml")


def convert(source: Path, kind: str | None, as_kind: str = "flashcard") -> Converted:
    """The deck document made from `source` (format `kind`, or guessed when None), with what it lost."""
    deck_id = slug(base_name(source), "imported")
    title = base_name(source).replace("_", " ").replace("-", " ").strip() or "Imported"
    if kind == "apkg" or (kind is None and _named_kind(source) == "apkg"):
        from .apkg import parse_apkg

        if not source.is_file():
            raise UserError(f"{visible(str(source))}: no such file")
        return parse_apkg(source, deck_id, title)
    _, text = read_text(source, MAX_IMPORT_BYTES, f"{kind or 'import'} file")
    kind = guess_format(source, kind, text)
    if kind == "apkg":
        raise UserError(f"{visible(str(source))} is a text file, not an Anki package")
    if kind == "aiken":
        return parse_aiken(text, str(source), deck_id, title)
    if kind == "csv":
        return parse_csv(text, str(source), deck_id, title, as_kind)
    return parse_gift(text, str(source), deck_id, title)


def _lint_failures(converted: Converted, file: str) -> list[Problem]:
    """The errors lint would find in the converted deck, read back as the written file would be."""
    text = dumps_deck(converted.document)
    try:
        Deck.model_validate(tomli.loads(text))
    except ValidationError as error:
        return validation_problems(file, tomli.loads(text), Locator(text), error)
    return []


def _question_index(problem: Problem) -> int | None:
    if len(problem.field) >= 2 and problem.field[0] == "questions" and isinstance(problem.field[1], int):
        return problem.field[1]
    return None


def passing_lint(converted: Converted, file: str) -> Converted:
    """`converted` without the questions that would make it fail lint, each listed with lint's reason;
    BadFile when the deck as a whole would fail, or no question is left."""
    while problems := _lint_failures(converted, file):
        by_question: dict[int, str] = {}
        for problem in problems:
            index = _question_index(problem)
            if index is None:
                raise BadFile([Problem(file, "error", f"the converted deck would not pass lint: {problem.message}")])
            message = (
                problem.message.split(": ", 1)[-1] if problem.message.startswith("questions[") else problem.message
            )
            by_question.setdefault(index, f"would not pass lint: {message}")
        for index in sorted(by_question, reverse=True):
            converted.drop_question(index, by_question[index])
        if not converted.document["questions"]:
            raise BadFile([loss.problem(file) for loss in converted.losses if loss.skipped])
    return converted


def import_file(
    source: Path, target: Path, named_format: str | None, as_kind: str = "flashcard", strict: bool = False
) -> tuple[int, list[Loss]]:
    """Convert `source` into a new deck at `target`: the number of questions written, and each question
    skipped or converted with a loss. With `strict`, any loss refuses the file (BadFile, nothing written).
    The written deck is loaded back, so that an import that would not pass lint is never left behind."""
    converted = passing_lint(convert(source, named_format, as_kind), str(source))
    if strict and converted.losses:
        raise BadFile([loss.problem(str(source)) for loss in converted.losses])
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
    return len(converted.document["questions"]), converted.losses
