"""Shared helpers: small decks written to a temporary folder, and lint results as text."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from quizapp.deck.loader import load_deck
from quizapp.problems import BadFile, Problem

# CI runs the same cases every time (HYPOTHESIS_PROFILE=ci, set by .ci/run), so that a red run is
# about the change; a developer's `make test` draws new cases each time, to keep finding new bugs.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Every parser's fuzz test: thousands of cases, and a case taking over two seconds fails (a hang, or
# work growing out of all proportion to the input).
FUZZ = settings(
    max_examples=2000,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def json_values(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """JSON as another program (or a hand) might write it: any value, nested, with `text` for strings."""
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text)
    return st.recursive(
        scalar,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
        max_leaves=12,
    )


def damaged_json(nested: Callable[[int], bytes]) -> st.SearchStrategy[bytes]:
    """What a damaged JSON file may hold: any bytes, any text, and JSON nested deep enough to break a
    careless reader (`nested(depth)`: the file's own shape, nested `depth` deep)."""
    return st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        st.integers(1, 5000).map(lambda depth: b"[" * depth + b"]" * depth),
        st.integers(1, 5000).map(nested),
    )


def sometimes_anything(draw: st.DrawFn, value: Any, anything: st.SearchStrategy[Any]) -> Any:
    """`value`, or one time in six anything else: a file of the right shape with any value spoiled."""
    return draw(st.one_of(st.just(value), anything)) if draw(st.integers(0, 5)) == 0 else value


HEAD = """\
[deck]
id = "test-deck"
title = "A test deck"

[deck.source]
paragraphs = 9
"""

CHOICE = """
[[questions]]
id = "q1"
type = "choice"
prompt = "Who visited Pyongyang?"
choices = ["Sergei Shoigu", "Sergei Lavrov"]
answer = "Sergei Shoigu"
explanation = "The article names the defence minister."
source = [2]
"""


def bundled_count(deck_file: str) -> int:
    """How many questions a bundled deck has (tests that count them follow the decks as they change)."""
    from quizapp.places import bundled_decks_dir

    folder = bundled_decks_dir()
    assert folder is not None
    return len(load_deck(folder / f"north-korea-russia-{deck_file}.toml").deck.questions)


ALL_BUNDLED = sum(map(bundled_count, ("core", "motives", "terms")))
CORE = bundled_count("core")


def deck_text(*questions: str, head: str = HEAD) -> str:
    """A deck file's text: the head, then the given [[questions]] blocks (one valid one if none)."""
    return head + "".join(questions or (CHOICE,))


@pytest.fixture
def write(tmp_path: Path):
    """Write a text to a new .toml file in the test's folder and return its path."""
    counter = iter(range(1_000_000))

    def writer(text: str, name: str | None = None) -> Path:
        path = tmp_path / (name or f"deck{next(counter)}.toml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return writer


def problems_of(path: Path) -> list[Problem]:
    """The problems of loading `path` with warnings: errors when it fails, else its warnings."""
    try:
        return load_deck(path, with_warnings=True).warnings
    except BadFile as bad:
        return bad.problems


def assert_imports_or_refuses(folder: Path, text: str, kind: str | None, name: str = "") -> None:
    """Importing `text` gives a deck that passes lint, or a clear refusal (every reason located) that
    leaves no file behind. The file is `name`, else `random.gift` (no kind given) or `random.txt`."""
    from quizapp.formats.deck_import import import_file
    from quizapp.problems import UserError

    source = folder / (name or ("random.gift" if kind is None else "random.txt"))
    source.write_text(text)
    target = folder / "random.toml"
    target.unlink(missing_ok=True)
    try:
        import_file(source, target, kind)
    except BadFile as bad:
        assert bad.problems and all(problem.message for problem in bad.problems) and not target.exists()
    except UserError as error:  # only a file whose format neither its name nor its content tells
        assert "cannot tell the format" in str(error) and not target.exists()
    else:
        assert load_deck(target).deck.questions


# An exam whose partial credit falls in thirds: 2/3 of 13 points is 8.666…, which results files keep
# to four decimals and people are shown to two.
THIRDS_ORDER = """\
[deck]
id = "thirds"
title = "Scores in thirds"

[[questions]]
id = "steps"
type = "order"
prompt = "Put the steps in order."
items = ["first", "second", "third"]
points = 13
explanation = "In the order they are named."
"""
THIRDS = (
    THIRDS_ORDER
    + """
[[questions]]
id = "primes"
type = "multi"
prompt = "Which are prime?"
choices = ["2", "3", "5", "4"]
answers = ["2", "3", "5"]
points = 2
explanation = "4 is 2 × 2."
"""
)
