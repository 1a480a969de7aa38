"""Property-based: whatever is done to a valid deck, loading succeeds or gives located problems."""

from __future__ import annotations

import tomli_w
from conftest import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from quizapp.deck.loader import load_deck
from quizapp.deck.starter import QUESTIONS
from quizapp.problems import BadFile

VALID = {
    "format": 1,
    "deck": {"id": "fuzz", "title": "Fuzz", "source": {"paragraphs": 3}, "quiz": {"count": 2}},
    "notes": [{"source": 1, "text": "A note."}],
    "questions": [question for _, question in QUESTIONS],
}

toml_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 20),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.text(max_size=6), max_size=11),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.lists(st.lists(st.text(max_size=4), max_size=3), max_size=3),
)


def paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, path + (index,))


def without_none(node):
    if isinstance(node, dict):
        return {k: without_none(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [without_none(v) for v in node if v is not None]
    return node


@st.composite
def mutated_documents(draw):
    import copy

    document = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 4))):
        all_paths = [p for p in paths(document) if p]
        path = draw(st.sampled_from(all_paths))
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(toml_values)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(toml_values)
    return without_none(document)


def assert_loads_or_located(path) -> None:
    try:
        load_deck(path, with_warnings=True)
    except BadFile as bad:
        assert bad.problems
        for problem in bad.problems:
            assert problem.severity == "error" and problem.message
            assert problem.line is None or problem.line >= 1


@FUZZ
@given(mutated_documents())
def test_mutated_data_loads_or_fails_with_located_problems(tmp_path, document) -> None:
    path = tmp_path / "deck.toml"
    try:
        path.write_text(tomli_w.dumps(document), encoding="utf-8")
    except (TypeError, ValueError):  # not representable in TOML (a NaN is; mixed lists may not be)
        return
    assert_loads_or_located(path)


@FUZZ
@given(st.data())
def test_mutated_text_loads_or_fails_with_located_problems(tmp_path, data) -> None:
    text = tomli_w.dumps(VALID)
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "duplicate line"]))
        if action == "insert":
            snippet = data.draw(
                st.one_of(
                    st.sampled_from(list("[]{}\"=\n#,.'\\") + ['"""', "[[questions]]", "\x1b", "id = 1"]),
                    st.text(max_size=5),
                )
            )
            text = text[:position] + snippet + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + data.draw(st.integers(1, 20)) :]
        else:
            lines = text.splitlines(keepends=True)
            line = data.draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[: line + 1] + lines[line:])
    path = tmp_path / "deck.toml"
    path.write_bytes(text.encode("utf-8", "replace"))  # hypothesis text may hold lone surrogates
    assert_loads_or_located(path)
