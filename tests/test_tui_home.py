"""The home screen, driven with Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from conftest import deck_text
from quizapp.discovery import Catalog, load_catalog, Place
from quizapp.tui.app import QuizApp


def app_over(places: list[Place], data_dir: Path) -> QuizApp:
    return QuizApp(data_dir, "default", lambda: load_catalog(places))


async def test_home_lists_decks_literally_and_reports_broken_ones(write, tmp_path: Path) -> None:
    write(deck_text().replace('title = "A test deck"', 'title = "[b]Bold?[/b] and [/x]"'), "decks/a.toml")
    write("[deck\n", "decks/broken.toml")
    app = app_over([Place(tmp_path / "decks", True)], tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "[b]Bold?[/b] and [/x]"
        problems = app.screen.query_one("#problems", Static)
        assert problems.display and "not valid TOML" in str(problems.render())
        assert "1 deck" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_home_without_decks_says_how_to_make_one(tmp_path: Path) -> None:
    app = QuizApp(tmp_path, "ann", lambda: Catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        empty = app.screen.query_one("#empty", Static)
        text = str(empty.render())
        assert empty.display and "quizapp new my-deck.toml" in text and str(tmp_path / "decks") in text
        assert not app.screen.query_one("#decks", DataTable).display
        assert app.sub_title == "profile: ann"
