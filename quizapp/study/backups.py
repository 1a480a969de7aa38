"""Backups of the progress database: when one is due, the ladder of those kept, listing and restoring.

A backup is taken when the app quits, when a study session ends, and every 30 minutes of study (at
most one per 30 minutes, and only once something was answered since the last), and always before the
store's schema is upgraded. Each is a consistent copy made by SQLite's online backup on a read-only
connection of its own, so that no answer waits for it. Times are UTC, in the files' names.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..problems import UserError
from ..safetext import visible
from .store import BUSY_TIMEOUT_SECONDS, DATABASE_NAME, Store, StoreError, class_activity, open_elsewhere, verify_copy

UTC = dt.timezone.utc
AT_MOST_EVERY = dt.timedelta(minutes=30)
# The ladder (see `ladder`): the last 10, the newest of each of the last 7 days, of each of the last 4 weeks.
KEEP_LAST = 10
KEEP_DAILY = 7
KEEP_WEEKLY = 4
STAMP = "%Y%m%dT%H%M%SZ"
BEFORE_UPGRADE = "-before-upgrade"  # the name's mark of a copy taken before a schema upgrade
# A copy being written is hidden (a dot) and unique (two windows may back up in the same second);
# one left behind by a killed process is removed once it is this old.
PARTIAL_PATTERN = ".progress-*.partial"
STALE_PARTIAL = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What `quizapp doctor` shows of a backup: when it was taken, and how many cards it holds."""

    path: Path
    taken: dt.datetime | None  # from its name (UTC); None for a file named by hand
    before_upgrade: bool
    size: int
    cards: int | None  # rows of its cards table; None when it cannot be read
    problem: str | None  # why it cannot be read (damaged, cut short, not quizapp's)


def backups_dir(data_dir: Path) -> Path:
    """Where backups of a data directory's database are kept."""
    return data_dir / "backups"


def list_backups(data_dir: Path) -> list[Path]:
    """The backups, oldest first (files named by hand, which have no time, first of all)."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    epoch = dt.datetime.min.replace(tzinfo=UTC)
    return sorted(folder.glob("progress-*.sqlite3"), key=lambda path: (taken_at(path) or epoch, path.name))


def taken_at(path: Path) -> dt.datetime | None:
    """When a backup was taken, from its name; None for a name quizapp did not give."""
    stamp = path.stem.removeprefix("progress-").removesuffix(BEFORE_UPGRADE)
    try:
        return dt.datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def ladder(times: Iterable[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """Which backups to keep, by the times they were taken: the last 10, the newest of each of the
    last 7 days (UTC dates, today included), and the newest of each of the last 4 weeks (Monday to
    Sunday, this one included): never more than 21. Recent mistakes are undone from the last ten;
    damage found late, from a day or a week before.

    Times after `now` were taken while the clock was ahead: they count among the last ten only, and
    the newest backup taken up to `now` is kept whatever they are (it is what the last quit saved)."""
    newest_first = sorted(set(times), reverse=True)
    kept = set(newest_first[:KEEP_LAST])
    past = [moment for moment in newest_first if moment <= now]
    today = now.astimezone(UTC).date()
    this_week = today - dt.timedelta(days=today.weekday())
    days: set[dt.date] = set()
    weeks: set[dt.date] = set()
    for moment in past:  # newest first: the first of a day (or week) met is its newest
        day = moment.astimezone(UTC).date()
        week = day - dt.timedelta(days=day.weekday())
        if (today - day).days < KEEP_DAILY and day not in days:
            days.add(day)
            kept.add(moment)
        if (this_week - week).days < 7 * KEEP_WEEKLY and week not in weeks:
            weeks.add(week)
            kept.add(moment)
    if past:  # in a day or week kept above, unless it is older than all of them (then they are empty)
        kept.add(past[0])
    return kept


def backup_due(newest: dt.datetime | None, now: dt.datetime, answered_since: bool) -> bool:
    """Whether a backup is due: none was taken yet; or the newest is 30 minutes old or more and
    something was answered since it. (`newest` is the newest taken up to `now`: one dated later was
    taken while the clock was ahead and says nothing of the time since.)"""
    return newest is None or (now - newest >= AT_MOST_EVERY and answered_since)


def backup_if_due(store: Store, data_dir: Path, now: dt.datetime) -> Path | None:
    """Back up the progress database if a backup is due (see `backup_due`), then thin the backups to
    the ladder. Returns the new file, if one was made; StoreError when it could not be made."""
    try:
        times = [moment for moment in map(taken_at, list_backups(data_dir)) if moment is not None and moment <= now]
    except OSError as error:
        raise StoreError(f"no backup was made in {visible(str(backups_dir(data_dir)))}: {error}") from None
    newest = max(times, default=None)
    # Only read (an index range of the reviews since then) once the time has come.
    if newest is not None and now - newest >= AT_MOST_EVERY:
        answered = any(activity.answers for activity in class_activity(store.path, newest).values())
    else:
        answered = False
    if not backup_due(newest, now, answered):
        return None
    target = _copy(store.path, data_dir, now)
    _thin(data_dir, now)
    return target


def backup_before_upgrade(store: Store, data_dir: Path, now: dt.datetime) -> Path:
    """Copy the database as it is before its schema is upgraded: always, whatever the time of the last
    backup, since an upgrade cannot be undone and only this copy still opens in the older quizapp.
    Kept outside the ladder (there is one per upgrade). StoreError, and no upgrade, when it cannot be made."""
    try:
        return _copy(store.path, data_dir, now, BEFORE_UPGRADE)
    except StoreError as error:
        raise StoreError(f"{error}; the progress database was left as it was, not upgraded") from None


def _copy(database: Path, data_dir: Path, now: dt.datetime, mark: str = "") -> Path:
    """A consistent copy of `database` in the backups folder, under a name that says when; whole or
    absent. A read-only connection of its own: the store's connection (and its lock) stay free for
    answers, and WAL lets a reader copy while a writer writes."""
    folder = backups_dir(data_dir)
    target = folder / f"progress-{now.astimezone(UTC).strftime(STAMP)}{mark}.sqlite3"
    partial = folder / f".{target.stem}-{uuid.uuid4().hex[:12]}.partial"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            destination = sqlite3.connect(partial)
            try:
                source.backup(destination)  # in one step: one read transaction, one moment's copy
            finally:
                destination.close()
        finally:
            source.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):  # (no folder, no partial file)
            partial.unlink(missing_ok=True)
        raise StoreError(f"no backup was made in {visible(str(folder))}: {error}") from None
    return target


def _thin(data_dir: Path, now: dt.datetime) -> None:
    """Delete the backups the ladder does not keep, and copies left half-written by a killed process.
    Copies taken before an upgrade and files named by hand are left alone."""
    laddered: dict[Path, dt.datetime] = {}
    for path in list_backups(data_dir):
        moment = taken_at(path)
        if moment is not None and not path.stem.endswith(BEFORE_UPGRADE):
            laddered[path] = moment
    kept = ladder(laddered.values(), now)
    stale = time.time() - STALE_PARTIAL.total_seconds()  # the files' own clock, not the study clock
    with contextlib.suppress(OSError):  # a copy that cannot be deleted now will be next time
        for path, moment in laddered.items():
            if moment not in kept:
                path.unlink(missing_ok=True)
        for partial in backups_dir(data_dir).glob(PARTIAL_PATTERN):
            if partial.stat().st_mtime < stale:
                partial.unlink(missing_ok=True)


def inspect_backups(data_dir: Path) -> list[BackupInfo]:
    """Every backup, newest first, with its card count read from it (read-only, without changing it)."""
    found: list[BackupInfo] = []
    for path in reversed(list_backups(data_dir)):
        cards: int | None = None
        problem: str | None = None
        try:
            cards = _count_cards(path)
        except sqlite3.Error as error:  # not SQLite, cut short, damaged, or without a cards table
            problem = f"damaged ({error})"
        try:
            size = path.stat().st_size
        except OSError:  # deleted meanwhile (thinned by a window backing up now)
            continue
        found.append(BackupInfo(path, taken_at(path), path.stem.endswith(BEFORE_UPGRADE), size, cards, problem))
    return found


def _count_cards(path: Path) -> int:
    """The rows of a backup's cards table, read on a connection of its own that can change nothing
    (`immutable`: nobody writes a backup). Here rather than in the store: it reads a copy, never the
    live file."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM cards").fetchone()[0])
    finally:
        connection.close()


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
    if open_elsewhere(database):  # (moved aside under it, its answers would go on into the old file)
        raise UserError(
            f"{visible(str(database))} is open in another quizapp (a study window, plain mode or quizapp serve): "
            "close it, then restore"
        )
    kept = None
    if database.exists():
        kept = database.with_name(f"progress-replaced-{now.astimezone(UTC).strftime(STAMP)}.sqlite3")
        os.replace(database, kept)
        for suffix in ("-wal", "-shm"):  # the old file's journal belongs with it
            journal = database.with_name(database.name + suffix)
            if journal.exists():
                os.replace(journal, kept.with_name(kept.name + suffix))
    copy = database.with_suffix(".partial")
    shutil.copyfile(backup, copy)  # streamed: a database can be large
    os.replace(copy, database)
    return kept
