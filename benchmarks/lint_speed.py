"""`quizapp lint` as a teacher runs it: the whole process, review rules included, on a 50- and a
10,000-question deck.

Targets: under 0.25 s for 50 questions, under 0.5 s for 10,000, and for 10,000 at most 1.2 times
what the standard library's `tomllib` takes to parse the same deck, timed in turns with it
(`lint_ratio`). Also times `tomli` on the big deck: the measurement behind choosing `tomli`.

quizapp's modules are compiled first, as `pip install` compiles an installed package: this machine
sets PYTHONDONTWRITEBYTECODE, which would otherwise make every run compile them again (about 20 ms).
"""

from __future__ import annotations

import compileall
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

import tomli

from .decks import write_deck
from .timing import median_ms

RUNS = 7


def _lint(deck: Path) -> Callable[[], None]:
    """The whole `quizapp lint DECK` process, as a teacher runs it."""
    command = [str(Path(sys.executable).with_name("quizapp")), "lint", str(deck)]  # this venv's, not another on PATH

    def run() -> None:
        subprocess.run(command, check=True, capture_output=True)

    return run


def measure(runs: int = RUNS, big: int = 10_000) -> dict[str, float]:
    """The lint and TOML figures, in milliseconds, and lint's ratio to the stdlib's parse of the same
    deck, the two run in turns (so that the machine's moods do not skew the ratio)."""
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "quizapp", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        small = write_deck(Path(folder) / "small.toml", 50, "small")
        large = write_deck(Path(folder) / "big.toml", big, "big")
        text = large.read_text(encoding="utf-8")
        (small_ms,) = median_ms(_lint(small), runs=runs)
        large_ms, parse_ms = median_ms(_lint(large), lambda: tomllib.loads(text), runs=runs)
        return {
            "lint_50_ms": small_ms,
            "lint_10k_ms": large_ms,
            "lint_ratio": large_ms / parse_ms,
            "tomli_parse_10k_ms": median_ms(lambda: tomli.loads(text), runs=runs)[0],
        }
