"""The TOML position scanner: every key, header and array element is found on its own line."""

from __future__ import annotations

import string

import tomli
import tomli_w
from conftest import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from quizapp.deck.tomlpos import Locator

DOCUMENT = '''\
title = "x [not a table]"          # line 1
[deck]                             # line 2
id = "d"
source.paragraphs = 9              # line 4: a dotted key
[[questions]]                      # line 5
prompt = """
[[questions]]
id = "inside a string"
"""
choices = [                        # line 10
  "a, b",                          # line 11
  'c]',                            # line 12
]
feedback = { "a, b" = "no", c = "x = y" }   # line 14
[questions.extra]                  # line 15
"quoted key" = 1                   # line 16
[[questions]]                      # line 17
pairs = [["l", "r"], ["l2", "r2"]] # line 18
'''


def test_positions_in_a_tricky_document() -> None:
    tomli.loads(DOCUMENT)  # the scanner's input is always valid TOML
    where = Locator(DOCUMENT).locate
    assert where(("title",)) == (1, 1)
    assert where(("deck",)) == (2, 1)
    assert where(("deck", "source", "paragraphs")) == (4, 1)
    assert where(("deck", "source")) == (4, 1)
    assert where(("questions", 0)) == (5, 1)
    assert where(("questions", 0, "prompt")) == (6, 1)
    assert where(("questions", 0, "choices", 0)) == (11, 3)
    assert where(("questions", 0, "choices", 1)) == (12, 3)
    assert where(("questions", 0, "feedback", "a, b")) == (14, 14)
    assert where(("questions", 0, "feedback", "c")) == (14, 29)
    assert where(("questions", 0, "extra", "quoted key")) == (16, 1)
    assert where(("questions", 1)) == (17, 1)
    assert where(("questions", 1, "pairs", 1)) == (18, 22)
    assert where(("questions", 1, "pairs", 1, 0)) == (18, 23)


def test_unknown_paths_fall_back_to_the_nearest_ancestor() -> None:
    where = Locator(DOCUMENT).locate
    assert where(("questions", 0, "answer")) == (5, 1)  # a missing key: its table's header
    assert where(("nothing", "here")) == (1, 1)


keys = st.text(alphabet=string.ascii_lowercase + "_- ", min_size=1, max_size=8).filter(lambda k: k.strip() == k)
scalars = st.one_of(
    st.integers(), st.booleans(), st.text(max_size=20), st.floats(allow_nan=False, allow_infinity=False)
)
tables = st.recursive(
    st.dictionaries(keys, scalars, max_size=4),
    lambda children: st.dictionaries(
        keys, st.one_of(scalars, children, st.lists(children, min_size=1, max_size=3)), max_size=4
    ),
    max_leaves=20,
)


def leaf_paths(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield path + (key,), value
            yield from leaf_paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaf_paths(value, path + (index,))


@FUZZ
@given(tables)
def test_every_key_is_found_on_a_line_that_names_it(document) -> None:
    text = tomli_w.dumps(document)
    lines = text.split("\n")  # TOML breaks lines at \n only (str.splitlines also breaks at U+0085)
    locator = Locator(text)
    for path, _ in leaf_paths(document):
        line, column = locator.locate(path)
        key = path[-1]
        assert key in lines[line - 1], (path, line, text)
        assert column >= 1
