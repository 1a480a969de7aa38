"""Results files: one JSON file per exam attempt, in the form docs/cli describes, written atomically."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..days import to_millis
from ..deck.loaded import LoadedDeck
from ..files import MEGABYTE, durable_temporary, read_text
from ..problems import BadFile, Problem, UserError
from ..safetext import visible
from ..study.exam import ExamResult, ExamSession

RESULTS_FORMAT = 1
SCORE_DECIMALS = 4  # scores and points are kept to this many decimals


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def as_recorded(value: float) -> float | int:
    """A score or points as a results file keeps them: a whole number, or rounded to SCORE_DECIMALS."""
    return int(value) if float(value).is_integer() else round(value, SCORE_DECIMALS)


def results_document(
    loaded: LoadedDeck, student: str, result: ExamResult, time_limit_minutes: int | None
) -> dict[str, Any]:
    """The results file's content for one attempt."""
    return {
        "format": RESULTS_FORMAT,
        "deck": {"id": loaded.id, "title": loaded.title, "sha256": loaded.sha256},
        "student": student,
        "started": _iso(result.started),
        "finished": _iso(result.finished),
        "seed": result.seed,
        "time_limit_minutes": time_limit_minutes,
        "responses": [
            {
                "question": item.question.id,
                "type": item.question.type,
                "response": item.response,
                "score": as_recorded(item.grade.score),
                "points": as_recorded(item.points),
                "seconds": round(item.seconds, 1),
            }
            for item in result.questions
        ],
        "score": as_recorded(result.score),
        "max_score": as_recorded(result.max_score),
    }


def _file_safe(text: str) -> str:
    """A student's name as it can appear in a file name on any system."""
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.")[:60] or "student"


def write_results(folder: Path, document: dict[str, Any]) -> Path:
    """Write a results file into `folder` (created if needed) atomically: a temporary file, then a rename.
    Named `<deck-id>--<student>--<UTC timestamp>.json`; never overwrites another attempt's file.
    UserError, with nothing left behind, if the folder cannot be made or written (a full disk)."""
    try:
        return _write_results(folder, document)
    except OSError as error:
        raise UserError(f"cannot write the results file in {visible(str(folder))}: {error.strerror or error}") from None


def _write_results(folder: Path, document: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = document["finished"].replace("-", "").replace(":", "")
    base = f"{document['deck']['id']}--{_file_safe(document['student'])}--{stamp}"
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    with durable_temporary(folder, text) as temporary:
        for attempt in range(1000):
            target = folder / (f"{base}.json" if attempt == 0 else f"{base}-{attempt}.json")
            try:
                os.link(temporary, target)  # fails if the name is taken: never overwrite
                return target
            except FileExistsError:
                continue
        raise FileExistsError(f"too many results files named {base}")


def save_attempt(session: ExamSession, result: ExamResult, student: str, folder: Path) -> Path:
    """Write the attempt's results file and, when there is a store, keep its summary there too."""
    document = results_document(session.deck, student, result, session.settings.time_limit_minutes)
    path = write_results(folder, document)
    if session.store is not None and session.profile is not None:
        session.store.record_exam(
            {
                "profile_id": session.profile.id,
                "deck_id": session.deck.id,
                "deck_sha256": session.deck.sha256,
                "student": student,
                "started_ms": to_millis(result.started),
                "finished_ms": to_millis(result.finished),
                "seed": result.seed,
                "score": result.score,
                "max_score": result.max_score,
                "passed": int(result.passed),
                "results_file": str(path),
            }
        )
    return path


# ---------------------------------------------------------------------------------------- reading

MAX_RESULTS_BYTES = 5 * MEGABYTE


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    """One response as a results file records it."""

    question: str
    type: str
    response: Any
    score: float
    points: float
    seconds: float


@dataclass(frozen=True, slots=True)
class ResultsFile:
    """A results file that has the form docs/cli describes (its figures are not trusted: see report)."""

    path: Path
    deck_id: str
    deck_sha256: str
    student: str
    started: str
    seed: int | None
    responses: tuple[RecordedResponse, ...]
    score: float


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _response(entry: Any, position: int) -> RecordedResponse:
    if not isinstance(entry, dict):
        raise ValueError(f"responses[{position}] is not an object")
    question, kind = entry.get("question"), entry.get("type")
    if not isinstance(question, str) or not isinstance(kind, str):
        raise ValueError(f"responses[{position}] has no question id or type")
    numbers = [entry.get(key, 0) for key in ("score", "points", "seconds")]
    if not all(_is_number(number) for number in numbers):
        raise ValueError(f"responses[{position}]: score, points and seconds must be numbers")
    return RecordedResponse(question, kind, entry.get("response"), *map(float, numbers))


def read_results(path: Path) -> ResultsFile:
    """Read and check one results file; BadFile with the reason when it is damaged or not one."""
    _, text = read_text(path, MAX_RESULTS_BYTES, "results file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadFile(
            [Problem(str(path), "error", f"not valid JSON: {error.msg}", error.lineno, error.colno)]
        ) from None
    except RecursionError:  # thousands of [ or { in a row: no results file is like that
        raise BadFile([Problem(str(path), "error", "not a quizapp results file (nested too deeply)")]) from None
    try:
        if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT or not isinstance(data.get("deck"), dict):
            raise ValueError("not a quizapp results file (format 1)")
        deck = data["deck"]
        if not isinstance(deck.get("id"), str) or not isinstance(deck.get("sha256"), str):
            raise ValueError("deck id or hash missing")
        student = data.get("student")
        if not isinstance(student, str) or not student.strip():
            raise ValueError("no student name")
        responses = data.get("responses")
        if not isinstance(responses, list):
            raise ValueError("no responses")
        score = data.get("score", 0)
        seed = data.get("seed")
        return ResultsFile(
            path,
            deck["id"],
            deck["sha256"],
            student,
            str(data.get("started", "")),
            seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
            tuple(_response(entry, position) for position, entry in enumerate(responses)),
            float(score) if _is_number(score) else math.nan,
        )
    except ValueError as error:
        raise BadFile([Problem(str(path), "error", str(error))]) from None


def results_paths(places: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The results files named, and every `*.json` in the folders named; a missing place is a problem."""
    found, problems = [], []
    for place in places:
        if place.is_dir():
            found += sorted(path for path in place.rglob("*.json") if not path.name.startswith("."))
        elif place.exists():
            found.append(place)
        else:
            problems.append(Problem(str(place), "error", "no such file or folder"))
    return found, problems
