"""Room made in the store's write-ahead log before answers need it, so that each answer's commit
overwrites blocks the disk already holds instead of making the log longer.

Why: SQLite appends each transaction to the log (the database's `-wal` file) and, after a checkpoint
(every `wal_autocheckpoint` pages), starts writing it again from its beginning; the log is deleted
when the last connection closes. Until it first reaches the checkpoint's size, then, every commit
makes the file longer, and a durable commit waits for the file system to record the new blocks and
length as well as the answer: on this machine's ext4 an answer took about 0.45 ms instead of 0.30 for
the first 125 or so answers of every session (docs/performance.md). Space reserved with fallocate
does not help (its blocks are marked unwritten, and the first write to each is recorded the same
way), so the room is written as zeros and synced: some 4 MB, 3-4 ms, once a session.

Safe beside other windows: zeros are written only past the log's end, while holding the log's writer
lock (BEGIN IMMEDIATE), so no frame can be appended there meanwhile; and SQLite reads a log only up
to its last valid frame (each frame carries the log's salt and a running checksum), so zeros past it
are never taken for frames, by readers or by the recovery after a crash. The lock is the lock of
the database this connection opened, so the log written to must be that database's: a database
moved away meanwhile (`quizapp doctor --restore` sets the old file aside, then its log, and copies a
backup in) is recognised by its file identity, and its new namesake's log is left alone.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

LOG_HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24
# Past the checkpoint's size: the transaction that crosses it is written whole before the checkpoint.
HEADROOM_FRAMES = 64
CHUNK_BYTES = 1 << 20
# How long the room waits for another window's write: the answer before it is committed already,
# and the room is not worth holding up the next question for.
BUSY_MILLISECONDS = 100

FileIdentity = tuple[int, int]  # (device, inode)


def file_identity(path: Path) -> FileIdentity | None:
    """Which file is at `path` (None: none), to tell whether it is still the one opened earlier."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def log_room_bytes(page_size: int, checkpoint_pages: int) -> int:
    """The size the log reaches between checkpoints, with some headroom."""
    return LOG_HEADER_BYTES + (checkpoint_pages + HEADROOM_FRAMES) * (page_size + FRAME_HEADER_BYTES)


def make_log_room(db: sqlite3.Connection, database: FileIdentity) -> bool:
    """Extend the write-ahead log of `db`'s database (a connection in autocommit mode, outside any
    transaction; `database`: the identity of the file it opened) with zeros, synced to the disk, to
    `log_room_bytes`; True if it wrote any. Nothing when the database has no file, no log (not in
    WAL mode), or is no longer at its path. An optimisation only: when the log cannot be extended (a
    full disk, another window writing), it is left as it was and grows as it would have."""
    try:
        path = db.execute("PRAGMA database_list").fetchone()[2]
        checkpoint_pages = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        if not path or checkpoint_pages <= 0:
            return False
        wanted = log_room_bytes(db.execute("PRAGMA page_size").fetchone()[0], checkpoint_pages)
        busy = db.execute("PRAGMA busy_timeout").fetchone()[0]
        db.execute(f"PRAGMA busy_timeout = {BUSY_MILLISECONDS}")
        try:
            db.execute("BEGIN IMMEDIATE")  # the log's writer lock: nothing is appended while it grows
            try:
                return _extend(Path(path), database, wanted)
            finally:
                db.execute("ROLLBACK")
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(busy)}")
    except (OSError, sqlite3.Error):
        return False


def _extend(database: Path, identity: FileIdentity, wanted: int) -> bool:
    """Zeros from the end of `database`'s log to `wanted` bytes, synced, if the database at the path
    is still `identity`; on failure the log is cut back to its end."""
    descriptor = os.open(database.with_name(database.name + "-wal"), os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        # Checked after the log is opened: a restore moves the database before its log, and a new
        # log can only come with the new database, so a database still ours means the log is too.
        if file_identity(database) != identity:
            return False
        end = os.lseek(descriptor, 0, os.SEEK_END)
        if end >= wanted:
            return False
        zeros = memoryview(bytes(CHUNK_BYTES))
        try:
            position = end
            while position < wanted:  # (a write may take less than it was given)
                position += os.write(descriptor, zeros[: wanted - position])
            os.fsync(descriptor)
        except OSError:
            os.ftruncate(descriptor, end)  # zeros are no frames: cut back, not to hold a full disk's space
            raise
        return True
    finally:
        os.close(descriptor)
