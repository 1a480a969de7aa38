"""`quizapp lint`: every problem of the named deck files and folders."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..places import Place, deck_files
from ..problems import FieldPath, Problem
from .checks import across_decks_advice
from .discovery import Catalog, load_catalog
from .loaded import LoadedDeck
from .loader import locate_in_file


@dataclass
class LintReport:
    """What lint found: the decks that loaded and every problem, in file and line order. With
    `strict`, warnings fail the check too (they stay warnings: the teacher reads what each one is)."""

    catalog: Catalog
    problems: list[Problem]
    files: int
    strict: bool = False

    @property
    def error_count(self) -> int:
        """How many problems are errors."""
        return sum(problem.severity == "error" for problem in self.problems)

    @property
    def warning_count(self) -> int:
        """How many problems are warnings."""
        return len(self.problems) - self.error_count

    @property
    def failed(self) -> bool:
        """Whether the check fails (exit status 1): any error, or under `strict` any warning."""
        return bool(self.error_count or (self.strict and self.warning_count))

    def summary(self) -> str:
        """The end of the output: what was checked and what was found, and under `strict` a second
        line saying that the warnings made the check fail."""

        def count(number: int, word: str) -> str:
            return f"{number} {word}" + ("" if number == 1 else "s")

        found = (
            f"checked {count(self.files, 'file')}: {count(self.error_count, 'error')}, "
            f"{count(self.warning_count, 'warning')}"
        )
        if self.strict and self.warning_count:
            verb = "counts as an error" if self.warning_count == 1 else "count as errors"
            found += f"\n{count(self.warning_count, 'warning')} {verb} under --strict"
        return found

    def as_json(self) -> dict[str, Any]:
        """The report as `lint --json` prints it (documented in docs/deck-format.md)."""
        return {
            "files": self.files,
            "decks": [
                {"file": str(loaded.path), "id": loaded.id, "questions": len(loaded.question_ids)}
                for loaded in self.catalog.decks
            ],
            "errors": self.error_count,
            "warnings": self.warning_count,
            "problems": [problem.as_json() for problem in self.problems],
        }


def _order(problem: Problem) -> tuple[str, int, int]:
    return problem.file, problem.line or 0, problem.column or 0


def _studied_together(catalog: Catalog) -> list[list[LoadedDeck]]:
    """The decks written from one source (the same [deck.source] title): a student studies them
    together, so a question of one must not repeat or answer a question of another."""
    by_source: defaultdict[str, list[LoadedDeck]] = defaultdict(list)
    for loaded in catalog.decks:
        source = loaded.deck.deck.source
        if source is not None and source.title:
            by_source[source.title].append(loaded)
    return [decks for decks in by_source.values() if len(decks) > 1]


def _across_decks(catalog: Catalog) -> list[Problem]:
    """The warnings between decks studied together; each deck's unused-allow for an entry that did
    silence one of them is withdrawn."""
    found: list[Problem] = []
    withdrawn: set[tuple[str, FieldPath]] = set()
    for decks in _studied_together(catalog):
        advice, used = across_decks_advice([loaded.deck for loaded in decks])
        withdrawn |= {(str(decks[place].path), entry) for place, entry in used}
        for place, item in advice:
            loaded = decks[place]
            index = item.where[1]
            assert isinstance(index, int)
            question = loaded.deck.questions[index].id
            words = f'questions[{index}] (id "{question}"): {item.words}'
            line, column = locate_in_file(loaded.path, item.where)
            found.append(Problem(str(loaded.path), "warning", words, line, column, item.where, item.rule, question))
    catalog.problems = [
        problem
        for problem in catalog.problems
        if problem.rule != "unused-allow" or (problem.file, problem.field) not in withdrawn
    ]
    return found


def lint_paths(paths: list[Path], strict: bool = False) -> LintReport:
    """Check every deck file named or found below the named folders. With `strict`, warnings fail the check."""
    places = [Place(path, True) for path in paths]
    catalog = load_catalog(places, with_warnings=True)
    across = _across_decks(catalog)
    problems = catalog.problems + across
    files = 0
    for path in paths:
        if path.is_dir():
            found = deck_files(path)
            files += len(found)
            if not found:
                problems.append(
                    Problem(str(path), "error", "no deck files (*.toml) in this folder", rule="empty-folder")
                )
        elif path.exists():
            files += 1
    return LintReport(catalog, sorted(problems, key=_order), files, strict)
