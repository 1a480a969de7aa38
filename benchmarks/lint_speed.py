"""`quizapp lint` as a teacher runs it: the whole process, on a 50- and a 10,000-question deck.

Targets (issue 2): under 0.25 s for 50 questions, under 0.5 s for 10,000. Run: make bench.
Also compares the two TOML parsers on the big deck, the measurement behind choosing `tomli`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import tomli

from .decks import write_deck

RUNS = 7


def median_seconds(action, runs: int = RUNS) -> float:
    """The median wall time of `action()` over `runs` runs, after one warm-up run."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def lint_seconds(deck: Path) -> float:
    """Median time of the whole `quizapp lint DECK` process."""
    command = [str(Path(sys.executable).with_name("quizapp")), "lint", str(deck)]  # this venv's, not another on PATH

    def run() -> None:
        subprocess.run(command, check=True, capture_output=True)

    return median_seconds(run)


def main() -> None:
    """Print the table of figures."""
    with tempfile.TemporaryDirectory() as folder:
        small = write_deck(Path(folder) / "small.toml", 50, "small")
        big = write_deck(Path(folder) / "big.toml", 10_000, "big")
        text = big.read_text(encoding="utf-8")
        rows = [
            ("quizapp lint, 50 questions (process)", lint_seconds(small), 0.25),
            ("quizapp lint, 10,000 questions (process)", lint_seconds(big), 0.5),
            ("tomllib.loads, 10,000 questions", median_seconds(lambda: tomllib.loads(text)), None),
            ("tomli.loads, 10,000 questions", median_seconds(lambda: tomli.loads(text)), None),
        ]
    print(f"{'measurement':45} {'median':>9} {'target':>9}")
    for name, seconds, target in rows:
        verdict = "" if target is None else f"< {target:.2f} s {'ok' if seconds < target else 'MISSED'}"
        print(f"{name:45} {seconds * 1000:7.1f} ms {verdict}")


if __name__ == "__main__":
    main()
