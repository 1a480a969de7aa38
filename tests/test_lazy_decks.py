"""Decks listed before they are built (deck/loaded.py) or validated (deck/bundled.py): the home screen
shows without the deck model, what it lists is what a full load gives, and a bundled deck that proves
invalid leaves the list with its problems."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static
from tui_support import loaded, make_app

import quizapp.places
from quizapp.deck.deck_cache import read_index
from quizapp.deck.discovery import load_catalog
from quizapp.places import Place, bundled_decks_dir
from quizapp.tui.app import QuizApp

# A deck whose TOML names everything the deck list needs (ids, title) but that the model refuses: the
# answer is not among the choices.
INVALID_BUT_LISTABLE = """
[deck]
id = "broken-bundle"
title = "A bundled deck with a wrong key"

[[questions]]
id = "q1"
type = "choice"
prompt = "Which?"
choices = ["a", "b"]
answer = "c"
explanation = "c is not offered."
"""


def bundled(folder: Path) -> list[Place]:
    return [Place(folder, False, bundled=True)]


def test_a_start_from_the_cache_lists_decks_without_the_deck_model(tmp_path: Path) -> None:
    """Listing cached decks (and a first run's bundled ones) with their counts imports neither pydantic
    nor the deck model: they load after the home screen is up."""
    script = f"""
import sys
from pathlib import Path
from quizapp.study.workspace import Workspace
from quizapp.days import utc_now
workspace = Workspace(Path({str(tmp_path / "data")!r}))
profile = workspace.store().profile("default", utc_now())
counts = workspace.deck_counts(profile, utc_now())  # (the catalog is loaded by this)
assert len(counts) == 0 and len(workspace.catalog().decks) == 3
print(",".join(sorted(name for name in sys.modules if name.startswith(("pydantic", "quizapp.deck.model")))))
"""
    listing = script.replace("workspace.catalog()", "workspace.catalog(list_only=True)").replace(
        "counts = workspace.deck_counts", "workspace.catalog(list_only=True)\ncounts = workspace.deck_counts"
    )
    first_run = subprocess.run([sys.executable, "-c", listing], capture_output=True, text=True, check=True)
    assert first_run.stdout.strip() == "", "a first run's home screen imported the deck model"
    # That first run cached nothing (it validated nothing); a full load does, and the next start reads it.
    subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    cached = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert cached.stdout.strip() == "", "a start from the cache imported the deck model"


@pytest.mark.parametrize("how", ["cached", "bundled, not yet validated"])
def test_a_deck_listed_unbuilt_is_the_deck_a_full_load_gives(tmp_path: Path, how: str) -> None:
    places = bundled(bundled_decks_dir())  # type: ignore[arg-type]
    cache = tmp_path / "cache"
    if how == "cached":
        load_catalog(places, cache_dir=cache)
    listed = load_catalog(places, cache_dir=cache, list_only=True)
    full = load_catalog(places)
    assert [deck.built for deck in listed.decks] == [False] * 3
    assert [(d.id, d.title, d.sha256, d.question_ids) for d in listed.decks] == [
        (d.id, d.title, d.sha256, d.question_ids) for d in full.decks
    ]
    assert len(read_index(cache)) == (3 if how == "cached" else 0)
    assert listed.build_decks() == []
    assert [d.deck for d in listed.decks] == [d.deck for d in full.decks]
    # Validating a bundled deck caches it: the next start lists it from the cache.
    assert len(read_index(cache)) == 3


def test_a_bundled_deck_that_proves_invalid_leaves_the_catalog_with_its_problems(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text(INVALID_BUT_LISTABLE)
    listed = load_catalog(bundled(tmp_path), cache_dir=tmp_path / "cache", list_only=True)
    assert [deck.id for deck in listed.decks] == ["broken-bundle"] and listed.problems == []
    invalid = listed.build_decks()
    listed.drop(invalid)
    assert listed.decks == []
    assert [(p.file, p.line, p.rule) for p in listed.problems] == [(str(tmp_path / "broken.toml"), 11, "choice-answer")]
    # Without list_only (every command but the home screen) it is never listed at all.
    assert load_catalog(bundled(tmp_path), cache_dir=tmp_path / "cache").decks == []


async def test_the_home_screen_drops_a_bundled_deck_that_proves_invalid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bundled"
    folder.mkdir()
    (folder / "broken.toml").write_text(INVALID_BUT_LISTABLE)
    monkeypatch.setattr(quizapp.places, "bundled_decks_dir", lambda: folder)
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await app.workers.wait_for_complete()
        await loaded(pilot)
        assert app.screen.query_one("#decks", DataTable).row_count == 0
        assert app.screen.query_one("#empty", Static).display
        problems = str(app.screen.query_one("#problems", Static).render())
        assert "broken.toml:11" in problems and "answer" in problems


async def test_the_home_screen_shows_its_counts_in_its_first_frame(tmp_path: Path) -> None:
    """The app counts before the home screen mounts: the table is full when it is first drawn, drawn
    once (a second fill of the same rows at the same width is skipped)."""
    app = make_app(tmp_path / "data")
    fills: list[int] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        home = app.screen
        table = home.query_one("#decks", DataTable)
        assert table.row_count == 3 and home.counts is not None
        original = table.clear

        def counting_clear(columns: bool = False) -> DataTable:
            fills.append(1)
            return original(columns)

        table.clear = counting_clear  # type: ignore[method-assign]
        home.fill_table()  # the same rows, the same width: nothing to do
        assert fills == []
        await pilot.resize_terminal(100, 24)
        await loaded(pilot)
        assert fills == [1]  # a new width: filled again


@pytest.mark.parametrize("key", ["enter", "x", "r", "p", "c", "a", "s"])
async def test_opening_a_bundled_deck_before_it_is_validated_shows_its_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """The student is quicker than the worker that validates the bundled decks: the deck they open is
    validated then, and an invalid one leaves the list with its problems instead of failing the app."""
    folder = tmp_path / "bundled"
    folder.mkdir()
    (folder / "broken.toml").write_text(INVALID_BUT_LISTABLE)
    monkeypatch.setattr(quizapp.places, "bundled_decks_dir", lambda: folder)
    monkeypatch.setattr(QuizApp, "_build_decks", lambda app: None)  # the worker has not come to it yet
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.screen.query_one("#decks", DataTable).row_count == 1
        await pilot.press(key)
        await loaded(pilot)
        assert type(app.screen).__name__ == ("StatsScreen" if key == "s" else "HomeScreen")
        if key == "s":
            await pilot.press("escape")
            await loaded(pilot)
        assert app.screen.query_one("#decks", DataTable).row_count == 0
        assert "broken.toml:11" in str(app.screen.query_one("#problems", Static).render())


VALID = """
[deck]
id = "{id}"
title = "{title}"

[[questions]]
id = "q1"
type = "truefalse"
prompt = "Is this deck {title}?"
answer = true
explanation = "It is."
"""


async def test_the_deck_under_the_cursor_is_the_one_opened_when_another_leaves_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deck that proves invalid leaves the list while the cursor is on another: the deck opened is
    the one the cursor's row shows (not whichever deck now has that row's number), and the cursor stays
    on it when the table is filled again. "Study all" studies the decks that remain."""
    folder = tmp_path / "bundled"
    folder.mkdir()
    (folder / "a-broken.toml").write_text(INVALID_BUT_LISTABLE)
    (folder / "b.toml").write_text(VALID.format(id="bravo", title="Bravo"))
    (folder / "c.toml").write_text(VALID.format(id="charlie", title="Charlie"))
    monkeypatch.setattr(quizapp.places, "bundled_decks_dir", lambda: folder)
    monkeypatch.setattr(QuizApp, "_build_decks", lambda app: None)
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        home = app.screen
        await pilot.press("down")  # on Bravo
        assert home.highlighted_id() == "bravo"
        app.usable(list(app.catalog.decks))  # the broken deck leaves the list; the rows are filled later
        assert home.selected() is not None and home.selected().id == "bravo"
        await loaded(pilot)
        assert home.query_one("#decks", DataTable).row_count == 2 and home.highlighted_id() == "bravo"
        await pilot.press("a")
        await loaded(pilot)
        assert sorted(deck.id for deck in app.screen.session.decks) == ["bravo", "charlie"]
