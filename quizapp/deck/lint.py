"""`quizapp lint`: every problem of the named deck files and folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..places import Place, deck_files
from ..problems import Problem
from .discovery import Catalog, load_catalog


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


def lint_paths(paths: list[Path], strict: bool = False) -> LintReport:
    """Check every deck file named or found below the named folders. With `strict`, warnings fail the check."""
    places = [Place(path, True) for path in paths]
    catalog = load_catalog(places, with_warnings=True)
    problems = list(catalog.problems)
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
