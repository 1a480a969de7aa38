"""The environment a program under test runs in (the benchmarks' and the tests')."""

from __future__ import annotations

import os


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment for a program under test, with `extra` on top: no decks or data
    directory from outside, and bytecode written as an installed program has it (PYTHONDONTWRITEBYTECODE,
    set in some sandboxes, would time the compiling of every source file changed since it was cached)."""
    unwanted = ("QUIZAPP_DECKS", "QUIZAPP_DATA_DIR", "PYTHONDONTWRITEBYTECODE")
    return {key: value for key, value in os.environ.items() if key not in unwanted} | extra
