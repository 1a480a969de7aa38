"""`quizapp class watch`: what the teacher's live view shows of a served class, gathered without Textual.

`class_snapshot` reads, at one moment it is given, the files the served apps keep in the data directory:
the live sessions (who is signed in), the progress store (answers today, exams in progress), the
results files (exams submitted) and the log of failed sign-ins, with the roster for who is in the class.
It only reads: the sessions of apps that died are left for `quizapp serve` to remove, and the store is
opened read-only on a connection of its own (`store.class_activity`), so that looking every few seconds
never holds up a student. Everything in these files was written by the students' apps, or by hand:
what cannot be read is left out, and said in `problems`, never a failure of the whole view.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
from dataclasses import dataclass
from pathlib import Path

from ..days import day_start, study_day
from ..deck.loaded import LoadedDeck
from ..problems import BadFile, UserError
from ..safetext import visible
from ..study.store import DATABASE_NAME, ProfileActivity, class_activity
from .report import Report, build_report, gather
from .results import read_results, results_paths
from .roster import Roster, class_dir, read_roster, roster_path
from .sessions import Alive, SessionRecord, is_live, pid_alive, read_sessions, sessions_dir
from .signin import Failure, failures_path, name_key, read_failures


def results_dir(data_dir: Path) -> Path:
    """Where the exams sat in a served class write their results files."""
    return data_dir / "results"


def check_class(data_dir: Path) -> None:
    """UserError, in words, when `data_dir` holds no class to watch: no such folder, or no roster and no
    browser ever served from it (its `class` folder is made by either)."""
    shown = visible(str(data_dir))
    if not data_dir.exists():
        raise UserError(f"no data directory {shown}: name the one `quizapp serve` uses with --data-dir")
    if not data_dir.is_dir():
        raise UserError(f"the data directory {shown} is a file, not a folder (choose another with --data-dir)")
    if not class_dir(data_dir).is_dir():
        raise UserError(
            f"{shown} holds no class: no roster, and no browser has opened `quizapp serve` from it; "
            f"make a roster with: quizapp --data-dir {shown} class add NAME..."
        )


# ---------------------------------------------------------------------------------------- the snapshot


@dataclass(frozen=True, slots=True)
class ExamSitting:
    """An exam a student is sitting: the deck, when it started (UTC), and when time runs out (None
    when untimed)."""

    deck_id: str
    started: dt.datetime
    deadline: dt.datetime | None

    def left(self, now: dt.datetime) -> dt.timedelta | None:
        """Time left at `now` (never negative); None when the exam is untimed."""
        return None if self.deadline is None else max(dt.timedelta(0), self.deadline - now)

    def elapsed(self, now: dt.datetime) -> dt.timedelta:
        """Time since it started (never negative: a clock set back)."""
        return max(dt.timedelta(0), now - self.started)


@dataclass(frozen=True, slots=True)
class Submission:
    """An exam submitted, as its results file records it (not re-graded: the class report does that):
    the deck, the score, the points of the questions it holds, and when the file was written (UTC)."""

    deck_id: str
    score: float
    max_score: float
    written: dt.datetime

    @property
    def percent(self) -> float | None:
        """The score as a percentage of the points; None when there are none (or the file's score is not a number)."""
        return 100 * self.score / self.max_score if self.max_score > 0 and math.isfinite(self.score) else None


@dataclass(frozen=True, slots=True)
class StudentLine:
    """One student: on the roster or signed in (or both), with what they did today."""

    name: str
    on_roster: bool
    signed_in: dt.datetime | None  # since when (UTC), None when no live session has them
    answers: int  # given today, in study, practice and exams
    right: int  # of which wholly right
    exam: ExamSitting | None  # the exam in progress, the latest started if several
    last_submitted: Submission | None

    @property
    def accuracy(self) -> float | None:
        """The share of today's answers that were wholly right; None before any."""
        return self.right / self.answers if self.answers else None


@dataclass(frozen=True, slots=True)
class FailedName:
    """The failed sign-ins of one name (ignoring case): how many, the last as typed, and when (UTC)."""

    name: str
    count: int
    latest: dt.datetime


@dataclass(frozen=True, slots=True)
class ClassSnapshot:
    """The class at `taken`: its students (alphabetical), today's failed sign-ins (the latest first),
    the decks that have results files (the latest submitted first: the class reports there are), and
    what could not be read."""

    taken: dt.datetime
    day_started: dt.datetime
    has_roster: bool
    students: tuple[StudentLine, ...]
    failures: tuple[FailedName, ...]
    exams: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def signed_in(self) -> int:
        """How many students are signed in."""
        return sum(1 for student in self.students if student.signed_in is not None)


def class_snapshot(
    data_dir: Path, now: dt.datetime, tz: dt.tzinfo | None = None, alive: Alive = pid_alive
) -> ClassSnapshot:
    """The class of `data_dir` at `now` ("today" from 4 AM local time, in `tz`; None: the machine's
    zone). `alive` tells whether a session's process runs (tests fake it). Reads only; never raises for
    a file it cannot read (said in `problems` instead)."""
    problems: list[str] = []
    since = day_start(study_day(now, tz), tz)
    try:
        roster = read_roster(roster_path(data_dir))
    except BadFile as bad:
        problems.append(f"the roster cannot be read: {bad.problems[0]}")
        roster = Roster()
    try:
        activity = class_activity(data_dir / DATABASE_NAME, since)
    except UserError as error:  # answers and exams are missing from this look only
        problems.append(f"{error}; answers and exams are not shown")
        activity = {}
    try:
        failures = read_failures(failures_path(data_dir), since)
    except UserError as error:
        problems.append(str(error))
        failures = []
    sessions = [record for record in read_sessions(sessions_dir(data_dir))[0] if is_live(record, now, alive)]
    submissions = _submissions(results_dir(data_dir))
    students = _students(roster, sessions, activity, submissions)
    latest: dict[str, dt.datetime] = {}
    for _, submission in submissions:
        latest[submission.deck_id] = max(latest.get(submission.deck_id, submission.written), submission.written)
    exams = sorted(latest, key=latest.__getitem__, reverse=True)
    return ClassSnapshot(
        now, since, bool(roster.students), students, _failed_names(failures), tuple(exams), tuple(problems)
    )


def _students(
    roster: Roster,
    sessions: list[SessionRecord],
    activity: dict[str, ProfileActivity],
    submissions: list[tuple[str, Submission]],
) -> tuple[StudentLine, ...]:
    """A line per student on the roster or signed in, matched by name ignoring case (the roster's
    spelling shown); the profiles of the same name's answers and exams, and their last submission."""
    names = {name_key(name): name for name in roster.names}
    on_roster = set(names)
    since: dict[str, dt.datetime] = {}
    for record in sessions:
        if record.student is None or record.signed_in is None:
            continue
        key = name_key(record.student)
        names.setdefault(key, record.student)
        since[key] = max(since.get(key, record.signed_in), record.signed_in)  # the newer of two sign-ins
    answers: dict[str, tuple[int, int]] = {}
    exams: dict[str, ExamSitting] = {}
    for profile, done in activity.items():
        key = name_key(profile)
        counted = answers.get(key, (0, 0))
        answers[key] = (counted[0] + done.answers, counted[1] + done.right)
        for deck_id, started, minutes in done.exams:
            if key not in exams or started > exams[key].started:
                deadline = None if minutes is None else started + dt.timedelta(minutes=minutes)
                exams[key] = ExamSitting(deck_id, started, deadline)
    last: dict[str, Submission] = {}
    for student, submission in submissions:
        key = name_key(student)
        if key not in last or submission.written > last[key].written:
            last[key] = submission
    lines = [
        StudentLine(
            name,
            key in on_roster,
            since.get(key),
            answers.get(key, (0, 0))[0],
            answers.get(key, (0, 0))[1],
            exams.get(key),
            last.get(key),
        )
        for key, name in names.items()
    ]
    return tuple(sorted(lines, key=lambda line: (name_key(line.name), line.name)))


def _failed_names(failures: list[Failure]) -> tuple[FailedName, ...]:
    """The failures by name (ignoring case and spaces around it), the most recent first."""
    by_name: dict[str, FailedName] = {}
    for failure in failures:
        key = name_key(failure.name)
        seen = by_name.get(key)
        count = seen.count + 1 if seen else 1
        if seen is None or failure.moment >= seen.latest:
            by_name[key] = FailedName(failure.name, count, failure.moment)
        else:
            by_name[key] = FailedName(seen.name, count, seen.latest)
    return tuple(sorted(by_name.values(), key=lambda failed: failed.latest, reverse=True))


# ---------------------------------------------------------------------------------------- results files


def _submissions(folder: Path) -> list[tuple[str, Submission]]:
    """(student, submission) of every results file in `folder` that can be read; a damaged one
    is left out (the class report names it). Each file is read once, while it stays unchanged."""
    found: list[tuple[str, Submission]] = []
    for path in results_paths([folder])[0] if folder.is_dir() else []:
        try:
            status = path.stat()
        except OSError:  # removed meanwhile
            continue
        read = _read_once(path, status.st_mtime_ns, status.st_size)
        if read is not None:
            student, deck_id, score, max_score = read
            written = dt.datetime.fromtimestamp(status.st_mtime, dt.timezone.utc)
            found.append((student, Submission(deck_id, score, max_score, written)))
    return found


# A results file does not change once written: known by its path, time and size, each is parsed once, not
# at every look, and only what the view shows of it is kept (a term's worth of files stays cheap to watch).
@functools.lru_cache(maxsize=4096)
def _read_once(path: Path, mtime_ns: int, size: int) -> tuple[str, str, float, float] | None:
    """(student, deck id, score, the points of its questions) of a results file; None when it is not one."""
    try:
        results = read_results(path)
    except (BadFile, UserError):
        return None
    return results.student, results.deck_id, results.score, sum(response.points for response in results.responses)


# ---------------------------------------------------------------------------------------- the report


def exam_report(data_dir: Path, deck: LoadedDeck) -> Report:
    """The class report of `deck` from the class's results folder, as `quizapp report` makes it."""
    files, skipped, _ = gather([results_dir(data_dir)], deck.id)
    return build_report(deck, files, skipped)


def report_text(report: Report, width: int) -> str:
    """The report as `quizapp report` prints it, `width` columns wide, with its colours as ANSI codes
    (every text from a file in it is made harmless first: see report_text)."""
    from rich.console import Console

    from .report_text import print_report

    console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor")
    with console.capture() as captured:
        print_report(report, console)
    return captured.get()
