"""The benchmark suite runs end to end on a tiny profile (its figures mean nothing; `make bench` measures)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_suite_smoke_run() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    for figure in ("lint_10k_ms", "answer_next_ms_median", "due_counts_ms", "optimize_s", "home_ratio"):
        assert figure in result.stdout
    if importlib.util.find_spec("anki") is not None:  # the `bench` extra: Anki's side by side
        for figure in (
            "anki_optimize_s",
            "optimize_ratio",
            "optimize_log_loss",
            "anki_optimize_log_loss",
            "anki_answer_next_ms_median",
            "answer_next_prepared_ms_median",
            "answers_in_turns",
        ):
            assert figure in result.stdout
