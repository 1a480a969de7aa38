"""`quizapp report`: a class's results, re-graded against the teacher's deck, with item analysis.

Nothing a results file says about scores is trusted: every response is graded again with the deck
as the teacher has it now, and a file whose recorded score differs (edited, or graded by an older
deck) or whose deck hash differs is flagged. Item analysis follows classical test theory:
facility (mean score ÷ points), discrimination (correlation of the item with the rest of the
test), and Cronbach's alpha for the whole test.
"""

from __future__ import annotations

import csv
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..deck.loaded import LoadedDeck
from ..deck.model import (
    ChoiceQuestion,
    ClozeQuestion,
    MultiQuestion,
    NumericQuestion,
    QuestionBase,
    ShortQuestion,
    TrueFalseQuestion,
)
from ..problems import BadFile, UserError
from ..safetext import visible
from ..study.grading import Grade, grade, normalise
from .results import SCORE_DECIMALS, ResultsFile, as_recorded, read_results, results_paths

TOO_EASY = 0.9  # facility above this: almost everyone gets it right
TOO_HARD = 0.3  # facility below this
# Advice needs this many students to have taken the question: with fewer, one lucky or careless
# student moves the facility by 0.25 or more and the correlation is mostly chance, so a question
# would be called too hard, too easy or misleading on no evidence.
MIN_TAKEN_FOR_ADVICE = 5


@dataclass
class Attempt:
    """One student's attempt, re-graded."""

    results: ResultsFile
    earned: dict[str, float]  # question id -> points earned, by the teacher's deck
    points: dict[str, float]  # question id -> points it is worth, by the teacher's deck
    grades: dict[str, Grade]
    score: float
    max_score: float
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StudentLine:
    """A student's row of the report."""

    student: str
    file: str
    score: float
    max_score: float
    percent: float
    passed: bool
    flags: list[str]


@dataclass(frozen=True, slots=True)
class OptionLine:
    """One option of a choice, multi or true/false question: who chose it, and what that suggests."""

    option: str  # the option's text; "true" or "false" for a true/false question
    key: bool  # a right answer
    share: float  # of the students asked the question (unanswered included), the share who chose it
    flags: list[str]


@dataclass(frozen=True, slots=True)
class QuestionLine:
    """A question's row of the report."""

    question: str
    taken: int  # students asked it, whether they answered or not
    facility: float | None
    discrimination: float | None
    wrong_choices: dict[str, int]
    mean_seconds: float | None
    advice: list[str]
    options: list[OptionLine] = field(default_factory=list)  # empty for a question without options


@dataclass
class Report:
    """The whole report for one deck."""

    deck: LoadedDeck
    students: list[StudentLine]
    questions: list[QuestionLine]
    alpha: float | None
    skipped: list[tuple[str, str]]
    attempts: list[Attempt]


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None when it is undefined (fewer than two pairs, or no variation)."""
    if len(xs) < 2:
        return None
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        return None


def cronbach_alpha(matrix: list[list[float]]) -> float | None:
    """Cronbach's alpha of a students × items matrix of points; None for < 2 students or items or no variance."""
    if len(matrix) < 2 or len(matrix[0]) < 2:
        return None
    items = len(matrix[0])
    item_variances = sum(statistics.variance(column) for column in zip(*matrix, strict=True))
    total_variance = statistics.variance([sum(row) for row in matrix])
    if total_variance == 0:
        return None
    return float(items / (items - 1) * (1 - item_variances / total_variance))


def wrong_answers(question: QuestionBase, response: Any, result: Grade) -> list[str]:
    """What the student chose or typed that was wrong: options, true/false, typed text (short answers
    normalised, numbers as given), or each wrong gap of a cloze as typed (`gap 2: Moscow`)."""
    if result.correct or response is None:
        return []
    if isinstance(question, ChoiceQuestion):
        return [str(response)]
    if isinstance(question, MultiQuestion) and isinstance(response, list):
        return [str(option) for option in response if option not in question.answers]
    if isinstance(question, TrueFalseQuestion):
        return ["true" if response is True else "false" if response is False else str(response)]
    if isinstance(question, ShortQuestion):
        return [normalise(str(response))]
    if isinstance(question, NumericQuestion):
        return [str(response)]
    if isinstance(question, ClozeQuestion):
        # A gap left blank is not a wrong answer given; the grade's parts say which gaps were wrong.
        return [f"{part.label}: {part.given.strip()}" for part in result.parts if not part.correct and part.given]
    return []


def options_of(question: QuestionBase) -> list[tuple[str, bool]]:
    """The options of a question, in the deck's order, each with whether it is a key; none for a
    question that is not choice, multi or true/false."""
    if isinstance(question, ChoiceQuestion):
        return [(option, option == question.answer) for option in question.choices]
    if isinstance(question, MultiQuestion):
        return [(option, option in question.answers) for option in question.choices]
    if isinstance(question, TrueFalseQuestion):
        return [("true", question.answer), ("false", not question.answer)]
    return []


def chosen_options(question: QuestionBase, response: Any) -> set[str]:
    """The options a response chooses, read as the grader reads it: text that is no option of the
    deck's (a results file may hold anything) chooses none."""
    if isinstance(question, ChoiceQuestion):
        return {option for option in question.choices if response == option}
    if isinstance(question, MultiQuestion):
        return {option for option in question.choices if isinstance(response, list) and option in response}
    if isinstance(question, TrueFalseQuestion) and isinstance(response, bool):
        return {"true" if response else "false"}
    return set()


def halves(rest: list[float]) -> tuple[list[int], list[int]]:
    """The weaker and the stronger half of a class, as indices into `rest` (each student's score on
    the other items): below and above its median.

    A student exactly on the median (the middle one of an odd class, or all those tied across the
    middle) is in neither half: students with the same score cannot be told apart, and splitting them
    by file order would let the order decide a flag. The halves may then be smaller, or empty."""
    median = statistics.median(rest) if rest else 0.0
    weaker = [index for index, score in enumerate(rest) if score < median]
    stronger = [index for index, score in enumerate(rest) if score > median]
    return weaker, stronger


NOT_DISTRACTING = "no one chose it: it does not distract"
ABOVE_KEY = "possibly mis-keyed: chosen more often than a key"
WEAKER_HALF_KEY = "possibly mis-keyed: the weaker half of the class chose it more often than the stronger half"


def _option_lines(question: QuestionBase, responses: list[Any], rest: list[float]) -> list[OptionLine]:
    """Each option of `question` with its share and flags, from the responses of the students asked it
    and their scores on the rest of the test (one of each per student)."""
    options = options_of(question)
    if not options:
        return []
    chosen = [chosen_options(question, response) for response in responses]
    counts = {option: sum(option in picks for picks in chosen) for option, _ in options}
    # A multi question has several keys: a distractor ticked more often than any one of them is suspect
    # (more students take it for right than take that key for right).
    least_key = min(counts[option] for option, key in options if key)
    # Rounded as a results file keeps scores, so that equal totals reached by different sums are equal.
    weaker, stronger = halves([round(score, SCORE_DECIMALS) for score in rest])

    def share_in(half: list[int], option: str) -> float:
        return sum(option in chosen[index] for index in half) / len(half)

    lines = []
    for option, key in options:
        flags = []
        if len(responses) >= MIN_TAKEN_FOR_ADVICE:
            if not key and counts[option] == 0:
                flags.append(NOT_DISTRACTING)
            if not key and counts[option] > least_key:
                flags.append(ABOVE_KEY)
            if key and weaker and stronger and share_in(weaker, option) > share_in(stronger, option):
                flags.append(WEAKER_HALF_KEY)
        lines.append(OptionLine(option, key, counts[option] / len(responses), flags))
    return lines


def regrade(results: ResultsFile, deck: LoadedDeck) -> Attempt:
    """Grade every response of a file again with the teacher's deck, and flag what disagrees."""
    attempt = Attempt(results, {}, {}, {}, 0.0, 0.0)
    for recorded in results.responses:
        question = deck.question(recorded.question) if deck.has_question(recorded.question) else None
        if question is None:
            attempt.flags.append(f'question "{recorded.question}" is no longer in the deck (not counted)')
            continue
        result = grade(question, recorded.response)
        attempt.grades[recorded.question] = result
        attempt.earned[recorded.question] = result.score * question.points
        attempt.points[recorded.question] = question.points
        attempt.score += result.score * question.points
        attempt.max_score += question.points
    # A results file keeps SCORE_DECIMALS decimals: only a difference that rounding cannot explain
    # (more than half the last kept decimal, give or take the float error) is a change.
    if abs(attempt.score - results.score) > 0.5 * 10**-SCORE_DECIMALS + 1e-9:
        attempt.flags.append(
            f"recorded score {as_recorded(results.score)} differs from re-graded {as_recorded(attempt.score)}"
        )
    if results.deck_sha256 != deck.sha256:
        attempt.flags.append("the deck file has changed since this attempt (its hash differs)")
    return attempt


def _question_line(question: QuestionBase, attempts: list[Attempt]) -> QuestionLine:
    takers = [attempt for attempt in attempts if question.id in attempt.earned]
    if not takers:
        return QuestionLine(question.id or "", 0, None, None, {}, None, [])
    earned = [attempt.earned[question.id] for attempt in takers]  # type: ignore[index]
    rest = [attempt.score - attempt.earned[question.id] for attempt in takers]  # type: ignore[index]
    facility = statistics.fmean(earned) / question.points
    discrimination = correlation(earned, rest)
    wrong: Counter[str] = Counter()
    seconds = []
    responses: list[Any] = []
    for attempt in takers:
        recorded = next(r for r in attempt.results.responses if r.question == question.id)
        wrong.update(wrong_answers(question, recorded.response, attempt.grades[question.id]))  # type: ignore[index]
        seconds.append(recorded.seconds)
        responses.append(recorded.response)
    advice = []
    if len(takers) >= MIN_TAKEN_FOR_ADVICE:
        if facility > TOO_EASY:
            advice.append("too easy")
        if facility < TOO_HARD:
            advice.append("too hard")
        if discrimination is not None and discrimination < 0:
            advice.append("negative discrimination: strong students do worse on it; check the key and the wording")
    return QuestionLine(
        question.id or "",
        len(takers),
        facility,
        discrimination,
        dict(wrong.most_common()),
        statistics.fmean(seconds),
        advice,
        _option_lines(question, responses, rest),
    )


def build_report(deck: LoadedDeck, files: list[ResultsFile], skipped: list[tuple[str, str]]) -> Report:
    """Re-grade every file against `deck` and compute the figures."""
    attempts = [regrade(results, deck) for results in files]
    quiz = deck.deck.deck.quiz
    pass_mark = quiz.pass_mark if quiz else 0.5
    students = [
        StudentLine(
            attempt.results.student,
            str(attempt.results.path),
            attempt.score,
            attempt.max_score,
            100 * attempt.score / attempt.max_score if attempt.max_score else 0.0,
            attempt.max_score > 0 and attempt.score / attempt.max_score >= pass_mark - 1e-9,
            attempt.flags,
        )
        for attempt in attempts
    ]
    asked = [q for q in deck.deck.questions if any(q.id in attempt.earned for attempt in attempts)]
    questions = [_question_line(question, attempts) for question in asked]
    common = [q.id for q in asked if all(q.id in attempt.earned for attempt in attempts)]
    matrix = [[attempt.earned[question_id] for question_id in common] for attempt in attempts]  # type: ignore[index]
    alpha = cronbach_alpha(matrix) if common else None
    return Report(deck, students, questions, alpha, skipped, attempts)


def gather(places: list[Path], deck_id: str | None) -> tuple[list[ResultsFile], list[tuple[str, str]], str]:
    """Read every results file in `places`; return those of one deck, the skipped ones with reasons,
    and the deck id. Without `deck_id`, the files must all be of one deck."""
    paths, missing = results_paths(places)
    skipped = [(problem.file, problem.message) for problem in missing]
    readable: list[ResultsFile] = []
    for path in paths:
        try:
            readable.append(read_results(path))
        except BadFile as bad:
            skipped.append((str(path), bad.problems[0].message))
    if deck_id is None:
        decks = sorted({results.deck_id for results in readable})
        if len(decks) > 1:
            raise UserError(
                f"the results are for several decks ({', '.join(map(visible, decks))}): choose one with --deck"
            )
        if not decks:
            raise UserError("no results file could be read" + (f" ({len(skipped)} skipped)" if skipped else ""))
        deck_id = decks[0]
    chosen = []
    for results in readable:
        if results.deck_id == deck_id:
            chosen.append(results)
        else:
            skipped.append((str(results.path), f'results of another deck ("{visible(results.deck_id)}")'))
    return chosen, skipped, deck_id


def report_json(report: Report) -> dict[str, Any]:
    """`quizapp report --json`, exactly as docs/cli describes it."""
    return {
        "deck": {"id": report.deck.id, "title": report.deck.title},
        "students": [
            {
                "student": line.student,
                "file": line.file,
                "score": _round(line.score),
                "max_score": _round(line.max_score),
                "percent": _round(line.percent, 2),
                "passed": line.passed,
                "flags": line.flags,
            }
            for line in report.students
        ],
        "questions": [
            {
                "question": line.question,
                "taken": line.taken,
                "facility": _round(line.facility),
                "discrimination": _round(line.discrimination),
                "wrong_choices": line.wrong_choices,
                "mean_seconds": _round(line.mean_seconds, 2),
                "options": [
                    {"option": option.option, "key": option.key, "share": _round(option.share), "flags": option.flags}
                    for option in line.options
                ],
            }
            for line in report.questions
        ],
        "alpha": _round(report.alpha),
        "skipped": [{"file": file, "reason": reason} for file, reason in report.skipped],
    }


# A cell starting with one of these is a formula to a spreadsheet: a student named "=HYPERLINK(...)"
# would run it on the teacher's machine. Such text is written with a leading apostrophe, which
# spreadsheets show as text (the usual defence against CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def response_cell(response: Any) -> object:
    """A response as a spreadsheet cell: the text itself, a number as a number, true/false, the items
    of a list joined with "; " and a pair as "left → right"; nothing for no answer."""
    if response is None:
        return ""
    if isinstance(response, bool):
        return "true" if response else "false"
    if isinstance(response, (str, int, float)):
        return response
    if isinstance(response, list):
        return "; ".join(
            f"{response_cell(item[0])} → {response_cell(item[1])}"
            if isinstance(item, list) and len(item) == 2
            else str(response_cell(item))
            for item in response
        )
    return json.dumps(response, ensure_ascii=False)  # no question gives an object: shown as the file has it


TOTAL_ROW = "(total)"  # the question cell of a student's total row: never a question id (ids are slugs)


# One sheet, two kinds of row, so that a teacher needs no second file: a student's rows fill the first
# nine columns; an option's row (the class's figures, after all the students') fills `question`, `type`
# and the last four. A filter on `option` parts them: an option is never empty text, and a student's row
# leaves it empty, as an option's row leaves `student` empty (a results file without a name is skipped).
CSV_COLUMNS = (
    *("student", "file", "question", "type", "response", "score", "points", "earned", "seconds"),
    *("option", "key", "share", "flags"),
)


def _student_rows(attempt: Attempt) -> list[tuple[object, ...]]:
    """A student's row per question, then the total row, in the order of CSV_COLUMNS."""
    rows = []
    for recorded in attempt.results.responses:
        result = attempt.grades.get(recorded.question)
        counted = result is not None
        rows.append(
            (
                recorded.question,
                recorded.type,
                response_cell(recorded.response),
                round(result.score, 4) if result is not None else "",
                attempt.points[recorded.question] if counted else "",
                round(attempt.earned[recorded.question], 4) if counted else "",
                recorded.seconds,
            )
        )
    share = round(attempt.score / attempt.max_score, 4) if attempt.max_score else ""
    seconds = round(sum(recorded.seconds for recorded in attempt.results.responses), 1)
    rows.append((TOTAL_ROW, "", "", share, attempt.max_score, round(attempt.score, 4), seconds))
    return [(attempt.results.student, str(attempt.results.path), *row, "", "", "", "") for row in rows]


def _option_rows(report: Report) -> list[tuple[object, ...]]:
    """A row per option of every option question, for the class as a whole, in the order of CSV_COLUMNS."""
    types = {question.id: question.type for question in report.deck.deck.questions}
    return [
        (
            *("", "", line.question, types.get(line.question, ""), "", "", "", "", ""),
            *(option.option, "true" if option.key else "false", round(option.share, 4), "; ".join(option.flags)),
        )
        for line in report.questions
        for option in line.options
    ]


def write_csv(report: Report, path: Path) -> None:
    """One row per student and question, a row per student with the total, then one row per option of
    every choice, multi and true/false question, for a spreadsheet (text that would be a formula is quoted)."""
    try:
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(CSV_COLUMNS)
            rows = [row for attempt in report.attempts for row in _student_rows(attempt)] + _option_rows(report)
            writer.writerows([_cell(value) for value in row] for row in rows)
    except OSError as error:
        raise UserError(f"cannot write {visible(str(path))}: {error.strerror or error}") from None
