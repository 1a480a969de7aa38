"""Backups of the progress database: taken after study sessions, listed and restored by `doctor`."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from ..problems import UserError
from ..safetext import visible
from .store import DATABASE_NAME, Store, StoreError, verify_copy

KEEP = 10
AT_MOST_EVERY = dt.timedelta(hours=1)
STAMP = "%Y%m%dT%H%M%SZ"


def backups_dir(data_dir: Path) -> Path:
    """Where backups of a data directory's database are kept."""
    return data_dir / "backups"


def list_backups(data_dir: Path) -> list[Path]:
    """The backups, oldest first (their names sort by time)."""
    folder = backups_dir(data_dir)
    return sorted(folder.glob("progress-*.sqlite3")) if folder.is_dir() else []


def _taken_at(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(path.stem.removeprefix("progress-"), STAMP).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def backup_if_due(store: Store, data_dir: Path, now: dt.datetime) -> Path | None:
    """Back up after a session, at most once an hour, keeping the last 10. Returns the new file, if any."""
    existing = list_backups(data_dir)
    last = _taken_at(existing[-1]) if existing else None
    if last is not None and dt.timedelta(0) <= now - last < AT_MOST_EVERY:
        return None
    folder = backups_dir(data_dir)
    target = folder / f"progress-{now.astimezone(dt.timezone.utc).strftime(STAMP)}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        store.backup_to(partial)
        os.replace(partial, target)  # a backup is either whole or absent
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):  # (no folder, no partial file)
            partial.unlink(missing_ok=True)
        raise StoreError(f"no backup was made in {visible(str(folder))}: {error}") from None
    for old in list_backups(data_dir)[:-KEEP]:
        old.unlink(missing_ok=True)
    return target


def restore(data_dir: Path, backup: Path, now: dt.datetime) -> Path | None:
    """Make `backup` the progress database. The current file, if any, is kept beside it under a new
    name (never overwritten); returns that name."""
    try:
        problems = verify_copy(backup)
    except StoreError as error:
        raise UserError(f"the backup {visible(str(backup))} cannot be used: {error}") from None
    if problems:
        raise UserError(f"the backup {visible(str(backup))} is damaged too: {problems[0]}")
    database = data_dir / DATABASE_NAME
    kept = None
    if database.exists():
        kept = database.with_name(f"progress-replaced-{now.astimezone(dt.timezone.utc).strftime(STAMP)}.sqlite3")
        os.replace(database, kept)
        for suffix in ("-wal", "-shm"):  # the old file's journal belongs with it
            journal = database.with_name(database.name + suffix)
            if journal.exists():
                os.replace(journal, kept.with_name(kept.name + suffix))
    copy = database.with_suffix(".partial")
    shutil.copyfile(backup, copy)  # streamed: a database can be large
    os.replace(copy, database)
    return kept
