"""`make bench-class`: a class in their browsers against a real `quizapp serve` (issue #17, item 7).

    python -m benchmarks.class_load [--students 30] [--answers 20] [--arrival 10] [--think 0.4 1.6]
                                    [--no-search] [--seed 1]

N simulated students, each a real WebSocket client speaking textual-serve's protocol and reading its
screen with a terminal emulator (benchmarks/browser.py), arrive within `--arrival` seconds as a bell
rings; each signs in with name and join code, answers `--answers` questions of a study session, sits a
5-question exam and submits it, at a human pace compressed: 0.4 to 1.6 s before each key (`--think`),
some 3 s a question with its feedback, where a student reading takes 10 s or more. Then the store
and the results folder are read back:

- answers sent (study answers whose feedback the screen showed, exam answers the screen counted as
  answered) and answers in the store: equal, or something was lost; exams submitted (the results shown on screen) and results files: equal;
- keystroke-to-screen latency: from a key's message leaving the browser to the screen showing its
  effect, p50 / p95 / max over every key of every student;
- time from opening the page to the sign-in screen, p95 (`signin_p95_ms`);
- memory: the proportional set size (PSS: each shared page divided among the processes sharing it)
  of `quizapp serve` and every process under it, at its highest, in all and per student;
- `largest_class`: the class doubled until its p95 passes 500 ms or anything is lost, then the size
  between halved; the largest class that held (skipped with --no-search).

Figures go to benchmarks/class-results.json. Every student runs in this one process, whose CPU use
competes with the server's on the same machine: the latencies include that.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.classroom.roster import Roster, add_students, renew_codes, roster_path, write_roster
from quizapp.deck.writer import dumps_deck
from quizapp.study.store import DATABASE_NAME

from .browser import ServedPage, served

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "class-results.json"
TARGETS = {"latency_p95_ms": 300, "mb_per_student": 70, "signin_p95_ms": 5000}
LARGEST_CLASS_P95_MS = 500
EXAM_QUESTIONS = 5
THINK_SECONDS = (0.4, 1.6)  # before each key: reading, choosing (a real student takes 10 s or more a question)
TYPING_SECONDS = (0.03, 0.09)  # between the letters of a name or a code


def write_class(data_dir: Path, students: int) -> dict[str, str]:
    """A data directory with a roster of `students` (their join codes returned, by name) and a deck
    of choice questions whose exam draws five."""
    names = [f"Student {number:03d}" for number in range(1, students + 1)]
    roster, codes = renew_codes(add_students(Roster(), names)[0], None, dt.datetime.now(dt.timezone.utc))
    write_roster(roster_path(data_dir), roster)
    questions = [
        {
            "id": f"q{number:02d}",
            "type": "choice",
            "prompt": f"Which place on the list is the city numbered {number}?",
            "choices": [f"Town {number}", f"City {number}", f"Village {number}"],
            "answer": f"City {number}",
            "explanation": f"Item {number} is the city.",
        }
        for number in range(60)
    ]
    deck = {
        "format": 1,
        "deck": {"id": "class-load", "title": "A class load test", "quiz": {"count": EXAM_QUESTIONS}},
        "questions": questions,
    }
    (data_dir / "decks").mkdir(parents=True, exist_ok=True)
    (data_dir / "decks" / "class-load.toml").write_text(dumps_deck(deck), encoding="utf-8")
    return dict(codes)


@dataclass
class StudentRun:
    """What one simulated student did and saw."""

    name: str
    think: tuple[float, float] = THINK_SECONDS  # the seconds before each key: at least, at most
    signin_ms: float = 0.0
    answers_sent: int = 0
    exams_submitted: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    failure: str | None = None


async def _key(page: ServedPage, run: StudentRun, rng: random.Random, key: str, wanted: str | None = None) -> str:
    """Think, press `key`, and record how long the screen took to show `wanted` (or any change)."""
    await asyncio.sleep(rng.uniform(*run.think))
    run.latencies_ms.append(await page.timed_press(key, wanted))
    return page.text


async def _type(page: ServedPage, run: StudentRun, rng: random.Random, text: str) -> None:
    """Type `text` letter by letter at a typist's pace, timing each letter's echo (a space shows nothing
    to wait for: it is sent untimed)."""
    for letter in text:
        await asyncio.sleep(rng.uniform(*TYPING_SECONDS))
        if letter == " ":
            await page.press(letter)
        else:
            run.latencies_ms.append(await page.timed_press(letter))


async def one_student(
    url: str, name: str, code: str, arrival: float, answers: int, seed: int, think: tuple[float, float]
) -> StudentRun:
    """One student's lesson: open the page at `arrival` seconds, sign in, study, sit the exam."""
    rng = random.Random(f"{seed}:{name}")
    run = StudentRun(name, think)
    await asyncio.sleep(arrival)
    opened = time.perf_counter()
    try:
        async with ServedPage.open(url) as page:
            await page.wait_for("Sign in to your class", timeout=120)
            run.signin_ms = (time.perf_counter() - opened) * 1000
            await _type(page, run, rng, name)
            await asyncio.sleep(rng.uniform(*run.think))
            await page.press("enter")  # on to the code's box: only the focus moves, no text to wait for
            await _type(page, run, rng, code)
            await _key(page, run, rng, "enter", f"profile: {name}")
            await page.wait_for("A class load test")
            await _key(page, run, rng, "enter", "Which place on the list")  # the first deck: the load test's
            for _ in range(answers):
                await _key(page, run, rng, "1", "(•)")
                await _key(page, run, rng, "enter", "Why:")  # the feedback: the answer is committed
                run.answers_sent += 1
                await _key(page, run, rng, "enter")
                await page.wait_for(lambda text: "Why:" not in text)
            await _key(page, run, rng, "escape", "Session ended")  # its summary
            await _key(page, run, rng, "escape", "decks · enter to study")  # home again
            await _key(page, run, rng, "x", f"Question 1 of {EXAM_QUESTIONS}")
            for number in range(1, EXAM_QUESTIONS + 1):
                await _key(page, run, rng, "1", "(•)")
                recorded = f"answered {number}" if number < EXAM_QUESTIONS else f"{number} of {number} answered"
                await _key(page, run, rng, "enter", recorded)  # the header's count, or the submit dialog's
                run.answers_sent += 1
            await _key(page, run, rng, "enter", "Results saved to")
            run.exams_submitted += 1
    except AssertionError as error:  # the screen did not show what it should: the student is stuck
        run.failure = str(error)
    return run


def stored_answers(data_dir: Path) -> int:
    """The answers (reviews) in the store, of every student."""
    with sqlite3.connect(f"file:{data_dir / DATABASE_NAME}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT count(*) FROM reviews").fetchone()[0])


def _descendants(root: int) -> Iterator[int]:
    """`root` and every process under it (Linux /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    family = {root}
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    yield from family


def tree_pss_mb(root: int) -> float:
    """The proportional set size of `root` and its descendants, in MB (0 where /proc has no smaps_rollup)."""
    total_kb = 0
    for pid in _descendants(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


class MemoryWatch:
    """The highest PSS of a process tree, sampled every second in a thread while the class works."""

    def __init__(self, root: int):
        self.root = root
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(1.0):
            self.peak_mb = max(self.peak_mb, tree_pss_mb(self.root))

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0.95: p95) of `values`, by the nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else 0.0


async def run_class(
    students: int, answers: int, arrival: float, seed: int, think: tuple[float, float] = THINK_SECONDS
) -> dict[str, object]:
    """One class of `students` through a fresh server and data directory; the figures."""
    with tempfile.TemporaryDirectory(prefix="quizapp-class-") as folder:
        data_dir = Path(folder)
        codes = write_class(data_dir, students)
        rng = random.Random(seed)
        async with served(data_dir, timeout=60) as server:
            with MemoryWatch(server.pid) as memory:
                runs = await asyncio.gather(
                    *(
                        one_student(server.url, name, code, rng.uniform(0, arrival), answers, seed, think)
                        for name, code in codes.items()
                    )
                )
        latencies = [latency for run in runs for latency in run.latencies_ms]
        failures = [f"{run.name}: {run.failure}" for run in runs if run.failure]
        figures: dict[str, object] = {
            "students": students,
            "answers_sent": sum(run.answers_sent for run in runs),
            "answers_stored": stored_answers(data_dir),
            "exams_submitted": sum(run.exams_submitted for run in runs),
            "results_files": len(list((data_dir / "results").glob("*.json"))),
            "latency_p50_ms": round(statistics.median(latencies), 1) if latencies else 0.0,
            "latency_p95_ms": round(percentile(latencies, 0.95), 1),
            "latency_max_ms": round(max(latencies, default=0.0), 1),
            "keys_timed": len(latencies),
            "signin_p95_ms": round(percentile([run.signin_ms for run in runs if run.signin_ms], 0.95), 1),
            "mb_in_all": round(memory.peak_mb, 1),
            "mb_per_student": round(memory.peak_mb / students, 1),
            "stuck_students": len(failures),
            "think_seconds": list(think),
        }
        for failure in failures[:3]:
            print(f"stuck: {failure}", file=sys.stderr)
        return figures


def held(figures: dict[str, object]) -> bool:
    """Whether a class was held: nothing lost, nobody stuck, p95 under the largest-class bound."""
    return (
        figures["answers_sent"] == figures["answers_stored"]
        and figures["exams_submitted"] == figures["results_files"] == figures["students"]
        and figures["stuck_students"] == 0
        and float(str(figures["latency_p95_ms"])) < LARGEST_CLASS_P95_MS
    )


def largest_class(
    start: int, answers: int, arrival: float, seed: int, think: tuple[float, float]
) -> tuple[int, list[dict[str, object]]]:
    """The largest class that holds, from `start` (which did): doubled until one does not, then halved
    between the largest that held and the smallest that did not, to within a quarter of `start` (at
    least 5 students). The largest, and the figures of each size tried."""
    tried: list[dict[str, object]] = []
    held_size, failed_size = start, None
    while failed_size is None or failed_size - held_size > max(5, start // 4):
        size = held_size * 2 if failed_size is None else (held_size + failed_size) // 2
        figures = asyncio.run(run_class(size, answers, arrival, seed, think))
        tried.append(figures)
        print(_line(figures), file=sys.stderr)
        if held(figures):
            held_size = size
        else:
            failed_size = size
    return held_size, tried


def _line(figures: dict[str, object]) -> str:
    return (
        f"{figures['students']} students: p50 {figures['latency_p50_ms']} ms, p95 {figures['latency_p95_ms']} ms, "
        f"max {figures['latency_max_ms']} ms, sign-in p95 {figures['signin_p95_ms']} ms, "
        f"{figures['mb_per_student']} MB per student, answers {figures['answers_sent']}/{figures['answers_stored']}, "
        f"exams {figures['exams_submitted']}/{figures['results_files']}, stuck {figures['stuck_students']}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the class, print its figures against the targets, write class-results.json."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.class_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--answers", type=int, default=20, help="questions each answers in the study session")
    parser.add_argument("--arrival", type=float, default=10.0, help="seconds within which the class arrives")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        metavar=("MIN", "MAX"),
        default=THINK_SECONDS,
        help="seconds each student waits before a key, drawn between these (default: %(default)s)",
    )
    parser.add_argument("--no-search", action="store_true", help="skip the search for the largest class")
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args(argv)
    think = (options.think[0], options.think[1])
    figures = asyncio.run(run_class(options.students, options.answers, options.arrival, options.seed, think))
    print(_line(figures))
    if not options.no_search:
        if held(figures):
            figures["largest_class"], figures["larger_classes"] = largest_class(
                options.students, options.answers, options.arrival, options.seed, think
            )
        else:
            figures["largest_class"] = "fewer than " + str(options.students)
    met = True
    for name, target in TARGETS.items():
        value = float(str(figures[name]))
        ok = value <= target
        met &= ok
        print(f"{name:>16} {value:>10.1f}  target ≤ {target}  {'met' if ok else 'MISSED'}")
    lost = not held({**figures, "latency_p95_ms": 0})
    print(f"{'nothing lost':>16} {'yes' if not lost else 'NO'}")
    figures["machine"] = f"{platform.machine()}, {platform.python_version()}, {_cpus()} CPUs"
    figures["measured"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    options.output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if met and not lost else 1


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
