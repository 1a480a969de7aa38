"""The class report as a teacher reads it in the terminal (Rich tables; every text cell literal)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..safetext import visible
from ..study.presentation import format_points
from .report import (
    ABOVE_KEY,
    MIN_TAKEN_FOR_ADVICE,
    NOT_DISTRACTING,
    TOO_EASY,
    TOO_HARD,
    WEAKER_HALF_KEY,
    QuestionLine,
    Report,
)

# An option's flags as short marks, so that the options table fits a narrow terminal; the legend
# under it says what they mean.
MARKS = {
    NOT_DISTRACTING: "not working",
    ABOVE_KEY: "possibly mis-keyed (above the key)",
    WEAKER_HALF_KEY: "possibly mis-keyed (weaker half)",
}


def _text(value: object, style: str = "") -> Text:
    return Text(visible(str(value)), style=style)


def _figure(value: float | None, pattern: str = "{:.2f}") -> Text:
    return Text("-" if value is None else pattern.format(value))


def _print_options(items: list[QuestionLine], console: Console) -> None:
    """The distractor analysis: each option of the option questions, who chose it, and its marks."""
    if not items:
        return
    table = Table(title="Options (share of the students asked who chose each)", title_justify="left")
    table.add_column("Question", overflow="fold")  # folded, never cut, as in the questions table
    table.add_column("Option", overflow="fold")
    table.add_column("Chosen", justify="right")
    table.add_column("Marks")
    for item in items:
        for number, option in enumerate(item.options):
            marks = (["key"] if option.key else []) + [MARKS.get(flag, flag) for flag in option.flags]
            table.add_row(
                _text(item.question if number == 0 else ""),
                _text(option.option),
                _text(f"{100 * option.share:.0f}%"),
                _text(", ".join(marks), "yellow" if option.flags else ""),
                end_section=number == len(item.options) - 1,
            )
    console.print(table)
    console.print(
        Text(
            "not working: no one chose it, so it does not distract. possibly mis-keyed: a wrong option chosen "
            "more often than the key (above the key), or a key the weaker half of the class (by score on the "
            "other questions) chose more often than the stronger half. Marked only for questions taken by at "
            f"least {MIN_TAKEN_FOR_ADVICE} students.",
            style="dim",
        )
    )


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
    _print_options([item for item in report.questions if item.options], console)
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
