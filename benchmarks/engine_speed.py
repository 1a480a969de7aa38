"""The study engine on a generated profile: answer → next question, the home screen's due counts,
and the optimiser. Run on a copy of the profile so that every run starts from the same state.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from quizapp.days import day_end, utc_now
from quizapp.deck.discovery import load_catalog
from quizapp.places import Place
from quizapp.study.grading import right_response
from quizapp.study.scheduling import SchedulerSettings
from quizapp.study.session import StudySession
from quizapp.study.store import DATABASE_NAME, Store

from .generate import PROFILE

WARM_UP = 50


def copy_profile(source: Path, target: Path) -> Path:
    """A fresh copy of a generated data directory (the decks are linked, the database copied)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    (target / "decks").symlink_to((source / "decks").resolve())
    shutil.copyfile(source / DATABASE_NAME, target / DATABASE_NAME)
    # On the disk now: else the first commit measured (synchronous, it waits for the disk) would
    # also wait for the copy's hundred megabytes still in the page cache.
    with open(target / DATABASE_NAME, "rb+") as copied:
        os.fsync(copied.fileno())
    return target


def answer_timings(data_dir: Path, prepare_timed: bool = False) -> Iterator[float]:
    """Milliseconds from submitting each answer (grade, schedule, commit) to having the next question,
    one study session answering every question it is given rightly, for as long as the caller takes
    them (the store is closed when the caller stops). Each question is prepared first
    (`StudySession.prepare`), as the study screen prepares it once it is on screen, while the student
    reads: untimed, or with `prepare_timed` timed as part of having the next question."""
    catalog = load_catalog([Place(data_dir / "decks", True)])
    store = Store.open(data_dir / DATABASE_NAME)
    try:
        profile = store.profile(PROFILE, utc_now())
        store.save_settings(profile.id, profile.settings._replace(new_per_day=9999, reviews_per_day=99999))
        profile = store.profile(PROFILE, utc_now())
        session = StudySession(store, profile, catalog.decks, utc_now, random.Random(1))
        item = session.next()
        while item is not None:
            session.prepare(item)
            started = time.perf_counter()
            session.submit(item, right_response(item.question), 4000)
            item = session.next()
            if prepare_timed and item is not None:
                session.prepare(item)  # (then again at the top: found kept, next to nothing)
            yield (time.perf_counter() - started) * 1000
    finally:
        store.close()


def answer_next_ms(data_dir: Path, answers: int) -> list[float]:
    """`answer_timings` of `answers` answers after WARM_UP more."""
    timings = answer_timings(data_dir)
    measured = list(itertools.islice(timings, WARM_UP, WARM_UP + answers))
    timings.close()
    return measured


def due_counts_ms(data_dir: Path, runs: int = 15) -> float:
    """Median milliseconds for the due counts of every deck, as the home screen asks for them."""
    store = Store.open(data_dir / DATABASE_NAME)
    profile = store.profile(PROFILE, utc_now())
    end = day_end(utc_now())
    store.deck_counts(profile.id, end)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        store.deck_counts(profile.id, end)
        timings.append((time.perf_counter() - started) * 1000)
    store.close()
    return statistics.median(timings)


def optimize_seconds(data_dir: Path) -> float:
    """Seconds for the whole `quizapp optimize` process on the profile."""
    command = [str(Path(sys.executable).with_name("quizapp")), "--data-dir", str(data_dir), "optimize"]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def optimize(generated: Path, scratch: Path) -> tuple[float, tuple[float, ...]]:
    """`optimize_seconds` on a fresh copy of the generated profile, and the parameters the profile
    holds after it: the fitted ones if it adopted them, else FSRS's defaults."""
    work = copy_profile(generated, scratch)
    seconds = optimize_seconds(work)
    store = Store.open(work / DATABASE_NAME)
    parameters = store.profile(PROFILE, utc_now()).settings.fsrs_parameters or SchedulerSettings().parameters
    store.close()
    return seconds, parameters


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(generated: Path, scratch: Path, answers: int = 1000) -> dict[str, float]:
    """Every engine figure on a fresh copy of the generated profile."""
    work = copy_profile(generated, scratch)
    timings = answer_next_ms(work, answers)
    figures = {
        "answer_next_ms_median": statistics.median(timings),
        "answer_next_ms_p95": percentile(timings, 0.95),
        "due_counts_ms": due_counts_ms(work),
        "optimize_s": optimize(generated, scratch)[0],
    }
    shutil.rmtree(scratch, ignore_errors=True)
    return figures


if __name__ == "__main__":
    print(measure(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/quizapp-bench-scratch")))
