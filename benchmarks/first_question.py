"""The first question on screen: the installed `quizapp study` in a real pseudo-terminal, against a
minimal Textual app showing one line of text, run alternately, each run compared with the minimal
app's next (target: at most 1.3× the minimal app);
and the home screen `make run` opens, its bundled decks listed, cached and on a first run ever
(targets: 1.3× and 1.6×)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from quizapp.deck import deck_cache
from quizapp.places import deck_files, search_path
from quizapp.study.workspace import Workspace

from .environment import clean_environment
from .terminal import Terminal

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("minimal app ready")

Minimal().run()
"""
FIRST_QUESTION_MARK = "Generated deck of"  # the deck line above every generated question
HOME_MARK = "North Korea and Russia"  # a bundled deck's row: the home screen has its decks


def decks_cached(data_dir: Path) -> bool:
    """Whether every deck a start with `data_dir` finds (its own and the bundled ones) is in its cache."""
    cache = Workspace(data_dir).deck_cache
    return all(
        deck_cache.read(deck, cache) is not None
        for place in search_path([], data_dir)
        if place.path.exists()
        for deck in deck_files(place.path)
    )


def time_until(argv: list[str], text: str, env: dict[str, str], cached_in: Path | None = None) -> float:
    """Seconds from start until `text` is on the screen; the program is then stopped with ctrl+q, with
    `cached_in` once the decks it found are in that data directory's cache (it validates and caches
    them once its screen is up: stopped at once, it had not, and the next start found no cache)."""
    terminal = Terminal(argv, env)
    try:
        seconds = terminal.wait_for(text)
        if b"Traceback" in terminal.output:
            raise AssertionError(f"{argv[0]} failed: {terminal.output[-3000:]!r}")
        deadline = time.monotonic() + 30
        while cached_in is not None and not decks_cached(cached_in):
            if time.monotonic() > deadline:
                raise AssertionError(f"the decks were never cached in {cached_in}")
            terminal.mark(quiet=0.05, at_most=0.2)  # (reading what it writes meanwhile)
        terminal.type("\x11")
    finally:
        terminal.close(timeout=10)
    return seconds


def peak_rss_mb(profile: Path, settle: float = 3.0) -> float:
    """The TUI's peak memory (VmHWM) with the profile: after the first question, once the decks have loaded."""
    quizapp = str(Path(sys.executable).with_name("quizapp"))
    env = clean_environment()
    terminal = Terminal([quizapp, "--data-dir", str(profile), "study"], env)
    try:
        terminal.wait_for(FIRST_QUESTION_MARK)
        time.sleep(settle)
        status = Path(f"/proc/{terminal.process.pid}/status").read_text()
        peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        terminal.type("\x11")
    finally:
        terminal.close(timeout=10)
    return peak_kb / 1024


def measure(profile: Path, runs: int = 5) -> dict[str, float]:
    """Median milliseconds to the first question and to the minimal app's line, and their ratio."""
    quizapp = str(Path(sys.executable).with_name("quizapp"))
    env = clean_environment()
    study = [quizapp, "--data-dir", str(profile), "study"]
    minimal = [sys.executable, "-c", MINIMAL_APP]
    time_until(study, FIRST_QUESTION_MARK, env, cached_in=profile)  # warm-up: the file cache, the deck cache
    time_until(minimal, "minimal app ready", env)
    ours, floor = [], []
    for _ in range(runs):
        ours.append(time_until(study, FIRST_QUESTION_MARK, env))
        floor.append(time_until(minimal, "minimal app ready", env))
    first, base = statistics.median(ours) * 1000, statistics.median(floor) * 1000
    return {
        "first_question_ms": first,
        "floor_first_text_ms": base,
        "first_question_ratio": paired_ratio(ours, floor),
        "first_question_ratio_of_medians": first / base,  # (the figure before: the same here, most runs)
        "peak_rss_mb": peak_rss_mb(profile),
    }


def paired_ratio(ours: list[float], floor: list[float]) -> float:
    """The median of each run's ratio to the minimal app's run just after it. This machine's speed
    drifts within a measurement (the minimal app alone took 205 to 312 ms in one minute): a run and its
    neighbour share the drift, where the medians of the two lists need not."""
    return statistics.median(mine / base for mine, base in zip(ours, floor, strict=True))


def measure_home(runs: int = 5) -> dict[str, float]:
    """Median milliseconds until `make run`'s home screen lists the bundled decks: with the data
    directory's deck cache made (`home_ratio`), and on a first run ever, a new data directory each
    time (`home_first_run_ratio`); each against the minimal app, run in turns with it."""
    quizapp = str(Path(sys.executable).with_name("quizapp"))
    env = clean_environment()
    minimal = [sys.executable, "-c", MINIMAL_APP]
    with tempfile.TemporaryDirectory(prefix="quizapp-home-") as folder:
        cached = [quizapp, "--data-dir", str(Path(folder) / "cached")]
        # Warm-up: the file cache of the imports, and the deck cache (see time_until: without it every
        # "cached" start had been a first run again).
        time_until(cached, HOME_MARK, env, cached_in=Path(folder) / "cached")
        time_until(minimal, "minimal app ready", env)
        home, first_run, floor = [], [], []
        for number in range(runs):
            home.append(time_until(cached, HOME_MARK, env))
            first_run.append(time_until([quizapp, "--data-dir", str(Path(folder) / f"new-{number}")], HOME_MARK, env))
            floor.append(time_until(minimal, "minimal app ready", env))
    home_ms, first_ms, base = (statistics.median(times) * 1000 for times in (home, first_run, floor))
    return {
        "home_ms": home_ms,
        "home_first_run_ms": first_ms,
        "home_floor_ms": base,
        "home_ratio": paired_ratio(home, floor),
        "home_first_run_ratio": paired_ratio(first_run, floor),
        "home_ratio_of_medians": home_ms / base,
        "home_first_run_ratio_of_medians": first_ms / base,
    }


if __name__ == "__main__":
    print(measure(Path(sys.argv[1])))
