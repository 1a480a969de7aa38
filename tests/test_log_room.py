"""The room the store makes in its write-ahead log once answers come (quizapp/study/log_room.py): the
log reaches its working size at once, answers then overwrite it in place, and nothing is lost by it:
not across the log's restarts, not in a crash, not beside another window, not on a full disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import shutil
import sqlite3
from pathlib import Path

import pytest

from quizapp.study import log_room
from quizapp.study.log_room import FRAME_HEADER_BYTES, LOG_HEADER_BYTES, log_room_bytes, make_log_room
from quizapp.study.store import Answer, Store

T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone.utc)
PAGE = 4096


def log_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def answer(store: Store, number: int) -> None:
    profile = store.profile("ann", T0)
    store.record(Answer(profile.id, "deck", f"q{number}", T0, "study", 3, 1.0, "x" * 300, 1000), None)


def answers_in(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [row[0] for row in db.execute("SELECT question_id FROM reviews ORDER BY id")]


def test_the_first_answer_gives_the_log_its_room_and_later_answers_overwrite_it(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store.open(path)
    store.profile("ann", T0)
    assert log_of(path).stat().st_size < log_room_bytes(PAGE, 1000)  # (the profile's own frames)
    answer(store, 0)
    room = log_room_bytes(PAGE, 1000)
    assert log_of(path).stat().st_size == room == LOG_HEADER_BYTES + 1064 * (PAGE + FRAME_HEADER_BYTES)
    for number in range(1, 30):
        answer(store, number)
        assert log_of(path).stat().st_size == room
    store.close()
    assert not log_of(path).exists()  # folded back into the database as before
    assert answers_in(path) == [f"q{number}" for number in range(30)]


def test_answers_across_the_logs_restarts_survive_a_crash(tmp_path: Path) -> None:
    """With checkpoints every 20 pages the log is written again from its start many times over its
    zeros and its older frames; a copy taken as a crash would leave it (the store still open) holds
    every answer committed."""
    path = tmp_path / "progress.sqlite3"
    store = Store.open(path)
    store._db.execute("PRAGMA wal_autocheckpoint = 20")
    for number in range(120):
        answer(store, number)
        assert log_of(path).stat().st_size == log_room_bytes(PAGE, 20)
        if number in (0, 7, 55, 119):
            crashed = tmp_path / f"crash-{number}"
            crashed.mkdir()
            for file in (path, log_of(path)):
                shutil.copyfile(file, crashed / file.name)
            assert answers_in(crashed / path.name) == [f"q{index}" for index in range(number + 1)]
    store.close()
    assert answers_in(path) == [f"q{number}" for number in range(120)]


def test_no_room_is_made_while_another_window_holds_the_writer_lock(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE other_window (x)")
    mine = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    size = log_of(path).stat().st_size
    assert make_log_room(mine) is False
    assert log_of(path).stat().st_size == size
    other.execute("COMMIT")
    assert make_log_room(mine) is True
    assert log_of(path).stat().st_size == log_room_bytes(PAGE, 1000)
    assert make_log_room(mine) is False  # made once: a log as large is left as it is
    mine.close()
    other.close()


def test_a_log_that_cannot_grow_is_cut_back_and_the_answer_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store.open(path)
    writes: list[int] = []
    real_write = log_room.os.write

    def full_disk(descriptor: int, data: memoryview) -> int:
        writes.append(len(data))
        if len(writes) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(log_room.os, "write", full_disk)
    answer(store, 0)  # no exception: the answer was committed before
    assert len(writes) == 2
    size = log_of(path).stat().st_size
    assert (size - LOG_HEADER_BYTES) % (PAGE + FRAME_HEADER_BYTES) == 0 and size < 100 * PAGE  # frames only
    monkeypatch.undo()
    answer(store, 1)  # tried once a store: the log grows as it did before
    assert log_of(path).stat().st_size < log_room_bytes(PAGE, 1000)
    store.close()
    assert answers_in(path) == ["q0", "q1"]


def test_a_database_not_in_wal_mode_gets_no_log(tmp_path: Path) -> None:
    path = tmp_path / "rollback.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("CREATE TABLE t (x)")
        assert make_log_room(db) is False
    assert not log_of(path).exists()
    with contextlib.closing(sqlite3.connect(":memory:", isolation_level=None)) as memory:
        assert make_log_room(memory) is False


def test_a_log_never_checkpointed_automatically_is_left_to_grow(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA wal_autocheckpoint = 0")
        db.execute("SELECT count(*) FROM profiles")  # (the log is opened with the first read)
        assert make_log_room(db) is False
        assert log_of(path).stat().st_size == 0
