"""The class report as a teacher reads it in the terminal (Rich tables; every text cell literal)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..safetext import visible
from ..study.presentation import format_points
from .report import MIN_TAKEN_FOR_ADVICE, TOO_EASY, TOO_HARD, Report


def _text(value: object, style: str = "") -> Text:
    return Text(visible(str(value)), style=style)


def _figure(value: float | None, pattern: str = "{:.2f}") -> Text:
    return Text("-" if value is None else pattern.format(value))


def print_report(report: Report, console: Console | None = None) -> None:
    """Students, questions, reliability, what to look at, and the files skipped."""
    console = console or Console()
    console.print(
        Text.assemble(
            ("Class report: ", "bold"), (visible(report.deck.title), "bold"), f"  ({len(report.students)} attempts)"
        )
    )
    students = Table(title="Students", title_justify="left")
    for column in ("Student", "Score", "%", "Result", "Flags"):
        students.add_column(column, justify="right" if column in ("Score", "%") else "left")
    for line in sorted(report.students, key=lambda line: -line.percent):
        students.add_row(
            _text(line.student),
            _text(f"{format_points(line.score)} / {format_points(line.max_score)}"),
            _text(f"{line.percent:.0f}"),
            _text("pass" if line.passed else "fail", "green" if line.passed else "red"),
            _text("; ".join(line.flags), "yellow"),
        )
    console.print(students)
    questions = Table(title="Questions", title_justify="left")
    # Ids are folded onto more lines rather than cut short: a teacher looks them up in the deck. (Kept on
    # one line, a long id would squeeze the other columns to nothing at 80 columns.)
    questions.add_column("Question", overflow="fold")
    for column in ("Taken", "Facility", "Discrimination", "Wrong answers (how often)", "Mean s"):
        questions.add_column(column, justify="left" if column.startswith("Wrong") else "right")
    for item in report.questions:
        wrong = ", ".join(f"{answer} ({count})" for answer, count in list(item.wrong_choices.items())[:4])
        questions.add_row(
            _text(item.question),
            _text(item.taken),
            _figure(item.facility),
            _figure(item.discrimination),
            _text(wrong),
            _figure(item.mean_seconds, "{:.1f}"),
        )
    console.print(questions)
    console.print(
        Text.assemble(
            ("Cronbach's alpha: ", "bold"),
            "-" if report.alpha is None else f"{report.alpha:.2f}",
            ("  (over the questions every student was asked)", "dim"),
        )
    )
    to_check = [item for item in report.questions if item.advice]
    if to_check:
        console.print(
            Text(
                f"To look at (facility above {TOO_EASY} or below {TOO_HARD}, or negative discrimination; "
                f"taken by at least {MIN_TAKEN_FOR_ADVICE} students):",
                style="bold",
            )
        )
        for item in to_check:
            console.print(Text.assemble("  ", (visible(item.question), "bold"), ": ", "; ".join(item.advice)))
    for file, reason in report.skipped:
        console.print(Text.assemble(("skipped ", "yellow"), visible(file), ": ", visible(reason)))
