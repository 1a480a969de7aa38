"""The room the store makes in its write-ahead log once answers come (quizapp/study/log_room.py): the
log reaches its working size at once, answers then overwrite it in place, and nothing is lost by it:
not across the log's restarts, not in a crash, not beside another window, not on a full disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from quizapp.study import log_room
from quizapp.study.log_room import (
    FRAME_HEADER_BYTES,
    LOG_HEADER_BYTES,
    file_identity,
    log_room_bytes,
    make_log_room,
)
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
    store = Store.open(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE other_window (x)")
    size = log_of(path).stat().st_size
    started = time.monotonic()
    assert make_log_room(store._db, file_identity(path)) is False
    assert time.monotonic() - started < 5  # not the store's own busy timeout (10 s) for an optimisation
    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000  # given back
    assert log_of(path).stat().st_size == size
    other.execute("COMMIT")
    assert make_log_room(store._db, file_identity(path)) is True
    assert log_of(path).stat().st_size == log_room_bytes(PAGE, 1000)
    assert make_log_room(store._db, file_identity(path)) is False  # made once: a log as large is left as it is
    store.close()
    other.close()


def test_the_zeros_are_written_under_the_writer_lock_then_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store.open(path)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    calls: list[str] = []
    real_write, real_fsync = log_room.os.write, log_room.os.fsync

    def write(descriptor: int, data: memoryview) -> int:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # another window cannot append while the zeros go in
        calls.append("write")
        return real_write(descriptor, data)

    def fsync(descriptor: int) -> None:
        calls.append(f"fsync {os.fstat(descriptor).st_size}")
        real_fsync(descriptor)

    monkeypatch.setattr(log_room.os, "write", write)
    monkeypatch.setattr(log_room.os, "fsync", fsync)
    answer(store, 0)
    room = log_room_bytes(PAGE, 1000)
    assert calls == ["write"] * 5 + [f"fsync {room}"]  # (4.4 MB in writes of at most 1 MB)
    other.execute("BEGIN IMMEDIATE")  # free again
    other.execute("ROLLBACK")
    other.close()
    store.close()


def restore_under(path: Path) -> Path:
    """What `quizapp doctor --restore` does: the database, then its log, set aside, and a backup (here
    the old file itself) copied in. Returns where the old one went."""
    aside = path.with_name("progress-replaced.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    shutil.copyfile(aside, path)
    return aside


def first_answer_leaves_alone(window: Store, path: Path) -> None:
    """`window`'s first answer, with another window open on the database now at `path`, which has a
    log of a few frames: that log is left as it was."""
    restored = Store.open(path)
    restored.profile("bob", T0)
    size = log_of(path).stat().st_size
    answer(window, 0)
    assert log_of(path).stat().st_size == size
    restored.close()


def test_a_database_moved_aside_leaves_its_new_namesakes_log_alone(tmp_path: Path) -> None:
    """A restore while a window is open: the window's first answer must not write its zeros into the
    log of the database now at the path, whose lock it does not hold, while another window answers
    into it."""
    path = tmp_path / "progress.sqlite3"
    window = Store.open(path)
    window.profile("ann", T0)
    aside = restore_under(path)
    first_answer_leaves_alone(window, path)
    assert log_of(aside).stat().st_size < log_room_bytes(PAGE, 1000)  # (nor its own: out of reach by name)
    window.close()


def test_a_database_replaced_as_the_store_opens_gets_no_room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, the restore coming just after the store's connection opened the file: the file then
    at the path is not the one opened, and is left alone."""
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    prepare = Store._prepare

    def prepared_then_replaced(store: Store) -> None:
        prepare(store)
        restore_under(path)

    monkeypatch.setattr(Store, "_prepare", prepared_then_replaced)
    window = Store.open(path)
    monkeypatch.undo()
    first_answer_leaves_alone(window, path)
    window.close()


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
        assert make_log_room(db, file_identity(path)) is False
    assert not log_of(path).exists()
    with contextlib.closing(sqlite3.connect(":memory:", isolation_level=None)) as memory:
        assert make_log_room(memory, (0, 0)) is False


def test_a_log_never_checkpointed_automatically_is_left_to_grow(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA wal_autocheckpoint = 0")
        db.execute("SELECT count(*) FROM profiles")  # (the log is opened with the first read)
        assert make_log_room(db, file_identity(path)) is False
        assert log_of(path).stat().st_size == 0
