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


def time_until(argv: list[str], text: str, env: dict[str, str], linger: float = 0.0) -> float:
    """Seconds from start until `text` is on the screen; the program is then stopped with ctrl+q,
    after `linger` seconds more (for what it does once its screen is up)."""
    terminal = Terminal(argv, env)
    try:
        seconds = terminal.wait_for(text)
        if b"Traceback" in terminal.output:
            raise AssertionError(f"{argv[0]} failed: {terminal.output[-3000:]!r}")
        time.sleep(linger)
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
    time_until(study, FIRST_QUESTION_MARK, env, linger=3.0)  # warm-up: the file cache, the deck cache
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
        # Warm-up: the file cache of the imports, and the deck cache, which the app writes once its home
        # screen is up (it validates the bundled decks then): stopped at once, it had not, and every
        # "cached" start after it had been a first run again.
        time_until(cached, HOME_MARK, env, linger=3.0)
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
