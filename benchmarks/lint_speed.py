"""`quizapp lint` as a teacher runs it: the whole process, on a 50- and a 10,000-question deck.

Targets: under 0.25 s for 50 questions, under 0.5 s for 10,000. Also times `tomli` on the big deck
(deck_load.py times the stdlib's parser): the measurement behind choosing `tomli`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import tomli

from .decks import write_deck
from .timing import median_ms

RUNS = 7


def lint_seconds(deck: Path, runs: int = RUNS) -> float:
    """Median time of the whole `quizapp lint DECK` process."""
    command = [str(Path(sys.executable).with_name("quizapp")), "lint", str(deck)]  # this venv's, not another on PATH

    def run() -> None:
        subprocess.run(command, check=True, capture_output=True)

    (milliseconds,) = median_ms(run, runs=runs)
    return milliseconds / 1000


def measure(runs: int = RUNS, big: int = 10_000) -> dict[str, float]:
    """The lint and TOML figures, in milliseconds."""
    with tempfile.TemporaryDirectory() as folder:
        small = write_deck(Path(folder) / "small.toml", 50, "small")
        large = write_deck(Path(folder) / "big.toml", big, "big")
        text = large.read_text(encoding="utf-8")
        return {
            "lint_50_ms": 1000 * lint_seconds(small, runs),
            "lint_10k_ms": 1000 * lint_seconds(large, runs),
            "tomli_parse_10k_ms": median_ms(lambda: tomli.loads(text), runs=runs)[0],
        }
