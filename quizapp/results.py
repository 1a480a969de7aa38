"""Results files: one JSON file per exam attempt, in the form docs/cli describes, written atomically."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from .days import to_millis
from .exam import ExamResult, ExamSession
from .loader import LoadedDeck

RESULTS_FORMAT = 1


def _iso(moment) -> str:  # type: ignore[no-untyped-def]
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def results_document(loaded: LoadedDeck, student: str, result: ExamResult, time_limit_minutes: int | None) -> dict[str, Any]:
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
                "type": item.question.type,  # type: ignore[attr-defined]
                "response": item.response,
                "score": _number(item.grade.score),
                "points": _number(item.points),
                "seconds": round(item.seconds, 1),
            }
            for item in result.questions
        ],
        "score": _number(result.score),
        "max_score": _number(result.max_score),
    }


def _file_safe(text: str) -> str:
    """A student's name as it can appear in a file name on any system."""
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.")[:60] or "student"


def write_results(folder: Path, document: dict[str, Any]) -> Path:
    """Write a results file into `folder` (created if needed) atomically: a temporary file, then a rename.
    Named `<deck-id>--<student>--<UTC timestamp>.json`; never overwrites another attempt's file."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = document["finished"].replace("-", "").replace(":", "")
    base = f"{document['deck']['id']}--{_file_safe(document['student'])}--{stamp}"
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=".json")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        for attempt in range(1000):
            target = folder / (f"{base}.json" if attempt == 0 else f"{base}-{attempt}.json")
            try:
                os.link(temporary, target)  # fails if the name is taken: never overwrite
                return target
            except FileExistsError:
                continue
        raise FileExistsError(f"too many results files named {base}")
    finally:
        os.unlink(temporary)


def save_attempt(session: ExamSession, result: ExamResult, student: str, folder: Path) -> Path:
    """Write the attempt's results file and, when there is a store, keep its summary there too."""
    document = results_document(session.deck, student, result, session.settings.time_limit_minutes)
    path = write_results(folder, document)
    if session.store is not None and session.profile is not None:
        session.store.record_exam({
            "profile_id": session.profile.id, "deck_id": session.deck.id, "deck_sha256": session.deck.sha256,
            "student": student, "started_ms": to_millis(result.started), "finished_ms": to_millis(result.finished),
            "seed": result.seed, "score": result.score, "max_score": result.max_score, "passed": int(result.passed),
            "results_file": str(path),
        })
    return path
