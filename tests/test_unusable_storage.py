"""A full disk, a database that cannot be written, a data folder that cannot be made: each is a clear
message naming the file, nothing half-written, and the student's answer waits on screen to be sent again.

A full disk is SQLite's own: `PRAGMA max_page_count` stops the file from growing, which SQLite reports
exactly as it reports a full disk (SQLITE_FULL). A read-only file is `PRAGMA query_only` (tests may
run as root, whom file permissions do not stop).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from pathlib import Path

import pytest
from tui_support import loaded, make_app, starter

from quizapp.classroom.results import write_results
from quizapp.cli import main
from quizapp.problems import UserError
from quizapp.study.backups import backup_if_due
from quizapp.study.store import Answer, Store, StoreError
from quizapp.tui.app import Start
from quizapp.tui.screens.exam import ExamResults, ExamScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.feedback import Feedback

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def fill_the_disk(store: Store) -> None:
    """No page can be added to the database file from now on."""
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")


def free_the_disk(store: Store) -> None:
    store._db.execute("PRAGMA max_page_count = 1073741823")


def an_answer(profile_id: int, number: int) -> Answer:
    return Answer(profile_id, "deck", f"q{number}", T0, "study", 3, 1.0, {"given": "x" * 2000}, 1000)


def test_a_full_disk_is_named_and_the_answer_is_wholly_absent(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    profile = store.profile("ann", T0)
    fill_the_disk(store)
    with pytest.raises(StoreError) as refused:
        for number in range(200):  # the first pages have room to spare; sooner or later one is needed
            store.record(an_answer(profile.id, number), None)
    assert "the disk is full" in str(refused.value) and str(tmp_path / "progress.sqlite3") in str(refused.value)
    kept = store._db.execute("SELECT count(*) FROM reviews").fetchone()[0]
    assert store._db.in_transaction is False  # rolled back, not left open
    free_the_disk(store)
    store.record(an_answer(profile.id, 999), None)  # and the store goes on working
    assert store._db.execute("SELECT count(*) FROM reviews").fetchone()[0] == kept + 1
    assert store.integrity_problems() == []


def test_a_database_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    profile = store.profile("ann", T0)
    store._db.execute("PRAGMA query_only = 1")
    with pytest.raises(StoreError, match=r"cannot write to the progress database .*progress\.sqlite3"):
        store.record(an_answer(profile.id, 1), None)


@pytest.mark.parametrize("where", ["under-a-file/data", "the-file"])
def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path: Path, where: str, capsys) -> None:
    (tmp_path / "under-a-file").write_text("not a folder")
    (tmp_path / "the-file").write_text("not a folder")
    code = main(["--data-dir", str(tmp_path / where), "stats"])
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1 and "data directory" in err and "Traceback" not in err


def test_results_that_cannot_be_written_leave_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "results").write_text("a file where the folder should be")
    with pytest.raises(UserError, match="cannot write the results file in"):
        write_results(
            tmp_path / "results" / "class", {"finished": "2026-11-27T09:00:00Z", "deck": {"id": "d"}, "student": "Ann"}
        )


def test_a_backup_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    (tmp_path / "backups").write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="no backup was made in"):
        backup_if_due(store, tmp_path, T0)
    assert list(tmp_path.glob("backups*")) == [tmp_path / "backups"]


async def test_the_study_screen_keeps_the_question_when_its_answer_cannot_be_saved(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    app = make_app(tmp_path / "data", Start("study", [str(deck)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        asked = screen.item.key
        app.store._db.execute("PRAGMA query_only = 1")
        await pilot.press("1", "enter")
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any(
            message.startswith("Your answer was not saved: cannot write to the progress database")
            for message in messages
        ), messages
        assert screen.item.key == asked and not screen.query(Feedback)
        assert app.store._db.execute("SELECT count(*) FROM reviews").fetchone() == (0,)
        app.store._db.execute("PRAGMA query_only = 0")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query(Feedback)  # the same answer, sent again, is saved
        assert app.store._db.execute("SELECT question_id FROM reviews").fetchall() == [(asked[1],)]


async def test_an_exam_that_cannot_be_saved_keeps_its_answers_until_it_can(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    results = tmp_path / "results"
    results.write_text("a file where the results folder should be")
    app = make_app(tmp_path / "data", Start("quiz", [str(deck)], {"seed": 3, "results_dir": results}))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        app.store._db.execute("PRAGMA query_only = 1")
        await pilot.press("1")
        await screen.action_record_and_next()  # the answer is kept by the exam, though not logged
        await pilot.pause()
        assert len(screen.session.responses) == 1
        assert any("could not be logged" in n.message for n in app._notifications)
        app.store._db.execute("PRAGMA query_only = 0")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)  # not saved: still in the exam, answers intact
        assert any("Your exam was not saved: cannot write the results file" in n.message for n in app._notifications)
        results.unlink()
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResults)
    (saved,) = results.glob("*.json")
    assert len(json.loads(saved.read_text())["responses"]) == 8  # the starter deck's flashcard is never drawn


def test_a_data_folder_on_a_full_disk_is_one_line(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "mkdir", full)
    code = main(["--data-dir", str(tmp_path / "new"), "stats"])
    err = capsys.readouterr().err
    assert (
        code != 0
        and err == f"quizapp: error: cannot create the data directory {tmp_path / 'new'}: No space left on device\n"
    )
