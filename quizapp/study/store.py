"""The progress store: one SQLite file in the data directory. All of quizapp's SQL is here.

Durability: WAL mode, and every answer is one transaction committed before the next question is
shown, so a crash or a kill loses nothing the student saw feedback for. A second window on the same
profile waits for the lock (busy timeout) instead of failing. A file that is not ours, is damaged,
or was written by a newer quizapp is refused with a clear error and never modified.
The SQL is kept to what other databases also speak, so that a server can be added later.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any, Concatenate, ParamSpec, TypeVar

from ..days import StudyDayCounter, from_millis, to_millis
from ..problems import UserError
from ..safetext import visible
from .log_room import FileIdentity, file_identity, make_log_room
from .progress import CardState, Progress
from .settings import SETTING_NAMES, ProfileSettings, validated

DATABASE_NAME = "progress.sqlite3"
APPLICATION_ID = 0x51554941  # "QUIA": marks the file as quizapp's (PRAGMA application_id)
BUSY_TIMEOUT_SECONDS = 10.0
SQLITE_HEADER = b"SQLite format 3\x00"

# Each entry takes the database from version N to N + 1 (PRAGMA user_version). Never edit one
# that has shipped: add the next.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_ms INTEGER NOT NULL,
        desired_retention REAL NOT NULL DEFAULT 0.9,
        new_per_day INTEGER NOT NULL DEFAULT 20,
        reviews_per_day INTEGER NOT NULL DEFAULT 200,
        maximum_interval INTEGER NOT NULL DEFAULT 36500,
        suspend_leeches INTEGER NOT NULL DEFAULT 0,
        exams_count_for_study INTEGER NOT NULL DEFAULT 0,
        theme TEXT NOT NULL DEFAULT 'textual-dark',
        fsrs_parameters TEXT
    );
    CREATE TABLE cards (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles (id),
        deck_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        state INTEGER NOT NULL,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due_ms INTEGER,
        last_review_ms INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        UNIQUE (profile_id, deck_id, question_id)
    );
    CREATE INDEX cards_due ON cards (profile_id, due_ms, active, suspended, deck_id);
    CREATE INDEX cards_by_state ON cards (profile_id, active, deck_id, state, leech);
    CREATE INDEX cards_by_recency ON cards (profile_id, deck_id, last_review_ms);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles (id),
        card_id INTEGER,
        deck_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        reviewed_ms INTEGER NOT NULL,
        mode TEXT NOT NULL,
        rating INTEGER,
        score REAL NOT NULL,
        response TEXT,
        duration_ms INTEGER,
        before_state INTEGER,
        before_step INTEGER,
        before_stability REAL,
        before_difficulty REAL,
        before_due_ms INTEGER,
        before_last_review_ms INTEGER,
        before_reps INTEGER,
        before_lapses INTEGER,
        before_leech INTEGER,
        before_suspended INTEGER
    );
    CREATE INDEX reviews_by_time ON reviews (profile_id, reviewed_ms);
    CREATE INDEX reviews_by_card ON reviews (profile_id, card_id, reviewed_ms);
    CREATE TABLE exam_attempts (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles (id),
        deck_id TEXT NOT NULL,
        deck_sha256 TEXT NOT NULL,
        student TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        finished_ms INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        passed INTEGER NOT NULL,
        results_file TEXT
    );
    CREATE TABLE deck_sync (
        profile_id INTEGER NOT NULL REFERENCES profiles (id),
        deck_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (profile_id, deck_id)
    );
    """,
    # 2: an exam attempt is remembered from its start until its results are saved, so that one
    # interrupted (a crash, a kill, a closed terminal) can be taken up again with its answers.
    """
    CREATE TABLE exams_in_progress (
        profile_id INTEGER NOT NULL REFERENCES profiles (id),
        deck_id TEXT NOT NULL,
        deck_sha256 TEXT NOT NULL,
        student TEXT NOT NULL,
        seed INTEGER NOT NULL,
        started_ms INTEGER NOT NULL,
        question_count INTEGER,
        time_limit_minutes INTEGER,
        PRIMARY KEY (profile_id, deck_id)
    );
    """,
    # 3: an interrupted attempt is taken up at the question the student was on, with its flags.
    """
    ALTER TABLE exams_in_progress ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE exams_in_progress ADD COLUMN flagged TEXT NOT NULL DEFAULT '[]';
    """,
    # 4: a profile may study in plain mode by default (line by line: screen readers, dumb terminals).
    """
    ALTER TABLE profiles ADD COLUMN plain INTEGER NOT NULL DEFAULT 0;
    """,
    # 5: an answer that changes its card's state (a new, learning or relearning card's) changes one
    # index fewer, and writes its pages to the log: a deck's last review is read from the state
    # index, where the home screen's counts already look, not from an index of its own.
    """
    DROP INDEX cards_by_recency;
    DROP INDEX cards_by_state;
    CREATE INDEX cards_by_deck_state ON cards (profile_id, active, deck_id, state, leech, last_review_ms);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

CARD_COLUMNS = "id, state, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, leech, suspended"
BEFORE_COLUMNS = (
    "before_state, before_step, before_stability, before_difficulty, before_due_ms, before_last_review_ms, "
    "before_reps, before_lapses, before_leech, before_suspended"
)


UPDATE_CARD = (
    "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_ms = ?, last_review_ms = ?, "
    "reps = ?, lapses = ?, leech = ?, suspended = ? WHERE id = ?"
)
# An update that happens only if the card is, column by column, as the caller expects it to be (`IS`:
# equal, NULL included): what the answer's schedule was worked out from. The card and its update are
# then had in one statement, where reading the card first took two.
AS_EXPECTED = (
    " AND profile_id = ? AND deck_id = ? AND question_id = ? AND state = ? AND step IS ? AND stability IS ? "
    "AND difficulty IS ? AND due_ms IS ? AND last_review_ms IS ? AND reps = ? AND lapses = ? AND leech = ? "
    "AND suspended = ?"
)
UPDATE_EXPECTED_CARD = UPDATE_CARD + AS_EXPECTED
# A new card with its first schedule, in one statement; nothing if another window made it meanwhile.
INSERT_NEW_CARD = (
    "INSERT INTO cards (profile_id, deck_id, question_id, state, step, stability, difficulty, due_ms, "
    f"last_review_ms, reps, lapses, leech, suspended) VALUES ({', '.join('?' * 13)}) ON CONFLICT DO NOTHING"
)
SELECT_CARD = f"SELECT {CARD_COLUMNS} FROM cards WHERE profile_id = ? AND deck_id = ? AND question_id = ?"
INSERT_REVIEW = (
    "INSERT INTO reviews (profile_id, card_id, deck_id, question_id, reviewed_ms, mode, rating, score, response, "
    f"duration_ms, {BEFORE_COLUMNS}) VALUES ({', '.join('?' * 20)})"
)


# What recording an answer did to its card: the card's id (None: an unscheduled answer to a question
# never scheduled), and its progress before and after (None: it had none, or was not rescheduled).
Scheduled = tuple[int | None, Progress | None, Progress | None]


def _busy(error: sqlite3.Error) -> bool:
    """Whether SQLite said another connection holds the lock it needs."""
    return getattr(error, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def failure(path: Path, error: sqlite3.Error) -> StoreError:
    """What went wrong with the database at `path`, said for its user: the file and what to do.

    Told apart by SQLite's own error code (a full disk is not a damaged file)."""
    shown = visible(str(path))
    code = getattr(error, "sqlite_errorname", "")
    if code.startswith("SQLITE_FULL"):
        words = f"cannot save to the progress database {shown}: the disk is full; free some space and try again"
    elif code.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN", "SQLITE_AUTH")):
        words = (
            f"cannot write to the progress database {shown} ({error}); check that its folder is yours "
            "and writable, or choose another with --data-dir"
        )
    elif code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        words = (
            f"the progress database {shown} stayed locked by another quizapp window for "
            f"{BUSY_TIMEOUT_SECONDS:.0f} seconds; close the other window or try again"
        )
    elif code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        words = (
            f"the progress database {shown} is damaged ({error}); run `quizapp doctor` to list backups and restore one"
        )
    else:
        words = f"the progress database {shown} could not be used ({error}); `quizapp doctor` checks it"
    return StoreError(words)


# Days by which Store.study_history moves stored times for SQLite's divisions (about 270 years).
EPOCH_SHIFT = 100_000

Arguments = ParamSpec("Arguments")
Returned = TypeVar("Returned")


def _serialised(
    method: Callable[Concatenate[Store, Arguments], Returned],
) -> Callable[Concatenate[Store, Arguments], Returned]:
    """Run a store method holding the store's lock: the app's workers share one connection, and
    SQLite allows one transaction (and one cursor's work) on it at a time. A failure of SQLite
    becomes a StoreError saying what happened (nothing was changed: see `transaction`)."""

    def locked(self: Store, /, *args: Arguments.args, **kwargs: Arguments.kwargs) -> Returned:
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as error:
                raise failure(self.path, error) from None

    locked.__name__, locked.__doc__ = method.__name__, method.__doc__
    return locked


class StoreError(UserError):
    """The progress database cannot be used; the message names the file and what to do."""


def _json() -> ModuleType:
    """The json module, loaded when first needed: opening the store (on the way to the first
    question) does not need it."""
    import json

    return json


_response_encoder: Callable[[Any], str] | None = None


def _response_json(response: Any) -> str:
    """An answer's response as the log keeps it: json.dumps(response, ensure_ascii=False), with one
    encoder made once (json.dumps makes a new one on every call given any option)."""
    global _response_encoder
    if _response_encoder is None:
        _response_encoder = _json().JSONEncoder(ensure_ascii=False).encode
    return _response_encoder(response)


def _marks(values: list[str] | tuple[int, ...]) -> str:
    """The `?, ?, ?` of an SQL `IN (...)` for these values."""
    return ", ".join("?" * len(values))


def _millis(moment: dt.datetime | None) -> int | None:
    return None if moment is None else to_millis(moment)


def _moment(millis: int | None) -> dt.datetime | None:
    return None if millis is None else from_millis(millis)


def _progress(row: tuple[Any, ...]) -> Progress:
    card_id, state, step, stability, difficulty, due, last, reps, lapses, leech, suspended = row
    return Progress(
        card_id,
        CardState(state),
        step,
        stability,
        difficulty,
        _moment(due),
        _moment(last),
        reps,
        lapses,
        bool(leech),
        bool(suspended),
    )


def _whole_milliseconds(progress: Progress) -> bool:
    """Whether the card's times are whole milliseconds, as the database keeps them."""
    due, last = progress.due, progress.last_review
    return (due is None or not due.microsecond % 1000) and (last is None or not last.microsecond % 1000)


def _card_values(progress: Progress) -> tuple[Any, ...]:
    return (
        int(progress.state),
        progress.step,
        progress.stability,
        progress.difficulty,
        _millis(progress.due),
        _millis(progress.last_review),
        progress.reps,
        progress.lapses,
        int(progress.leech),
        int(progress.suspended),
    )


@dataclass(frozen=True, slots=True)
class Profile:
    """A student's profile: its row id, name and settings."""

    id: int
    name: str
    settings: ProfileSettings


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer to record: what was asked, what was given, and how it went."""

    profile_id: int
    deck_id: str
    question_id: str
    moment: dt.datetime
    mode: str  # "study", "practice" or "exam"
    rating: int | None
    score: float
    response: Any
    duration_ms: int | None


@dataclass(frozen=True, slots=True)
class ExamInProgress:
    """An exam attempt started and not yet saved: how it was drawn, and the answers given so far."""

    deck_sha256: str
    student: str
    seed: int
    started: dt.datetime
    question_count: int | None
    time_limit_minutes: int | None
    responses: dict[str, Any]  # question id -> the latest answer given
    seconds: dict[str, float]  # question id -> time spent on it
    position: int = 0  # the question on screen when it was left (from 0, in exam order)
    flagged: frozenset[str] = frozenset()  # question ids flagged to come back to


@dataclass(frozen=True, slots=True)
class DeckCounts:
    """What the home screen shows of a deck, for one profile."""

    seen: int = 0  # questions with any progress (the rest are new)
    learning: int = 0
    review: int = 0
    due_today: int = 0
    leeches: int = 0
    last_studied: dt.datetime | None = None


def check_file(path: Path) -> None:
    """Refuse, without modifying it, a file that is not a quizapp database this version can use."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"cannot read the progress database {visible(str(path))}: {error.strerror or error}") from None
    if not header:
        return  # an empty file: a database that was never written
    shown = visible(str(path))
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise StoreError(
            f"{shown} is not a quizapp progress database (not SQLite, or cut short); "
            "run `quizapp doctor` to list backups and restore one"
        )
    application_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if application_id not in (0, APPLICATION_ID) or (application_id == 0 and version != 0):
        raise StoreError(f"{shown} belongs to another program, not quizapp; choose another --data-dir")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{shown} was written by a newer quizapp (schema {version}; this one knows {SCHEMA_VERSION}); "
            "upgrade quizapp to use it"
        )


def verify_copy(path: Path) -> list[str]:
    """What is wrong with a database file nobody is writing (a backup), found without modifying it.

    StoreError when it is not a quizapp database at all; else SQLite's integrity problems (none: sound).
    """
    check_file(path)
    if not path.is_file():
        raise StoreError(f"no file {visible(str(path))}")
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def open_elsewhere(path: Path) -> bool:
    """Whether another program has the database at `path` open (a window, plain mode, a served class;
    a teacher's live view only for the moment of each look): each holds a shared lock on the file as
    long as it has it open, so SQLite refuses this connection the exclusive lock it asks for. (This
    program's own connections do not count: POSIX locks never conflict within a process.) False when the file cannot tell (none, or
    not a database SQLite can read: a damaged file is what a restore replaces)."""
    if not path.is_file():
        return False
    try:
        connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("ROLLBACK")
    except sqlite3.Error as error:
        return _busy(error)
    finally:
        connection.close()
    return False


# How long the teacher's live view waits for a lock before giving up on one look (it looks again in a
# few seconds). With WAL a reader needs no lock against writers: this is for the rare moments when one
# is needed all the same (a connection recovering the journal), so that a student's answer never waits.
READ_ONLY_BUSY_SECONDS = 0.25


@dataclass(frozen=True, slots=True)
class ProfileActivity:
    """What a profile did since a moment: answers given (any mode), how many wholly right, and the
    exam attempts it has in progress as (deck id, started, time limit in minutes or None)."""

    answers: int = 0
    right: int = 0
    exams: tuple[tuple[str, dt.datetime, int | None], ...] = ()


def prefers_plain(path: Path, profile: str) -> bool:
    """Whether the profile has chosen plain mode as its default: read on a read-only connection of its
    own, before anything else opens the store (the command decides which front end to run). False when
    it cannot tell (no database yet, an older one, a busy or damaged one: opening the store says so)."""
    try:
        if not path.is_file():
            return False
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=READ_ONLY_BUSY_SECONDS)
        try:
            row = connection.execute("SELECT plain FROM profiles WHERE name = ?", (profile,)).fetchone()
        finally:
            connection.close()
    except (OSError, sqlite3.Error):
        return False
    return bool(row and row[0])


def class_activity(path: Path, since: dt.datetime) -> dict[str, ProfileActivity]:
    """Every profile's answers since `since`, and its exams in progress, by profile name: read on a
    connection of its own opened read-only, so that the teacher's view never writes to the database nor
    holds up a student's answer (WAL: readers and the writer do not wait for one another). Empty when
    there is no database yet; StoreError when it cannot be read (busy for a moment, damaged, not ours)."""
    check_file(path)
    if not path.is_file() or path.stat().st_size == 0:
        return {}
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=READ_ONLY_BUSY_SECONDS, isolation_level=None
        )
    except sqlite3.Error as error:
        raise failure(path, error) from None
    activity: dict[str, ProfileActivity] = {}
    try:
        connection.execute("BEGIN")  # both queries see the same moment
        # One index range per profile (reviews_by_time), over today's reviews only.
        for name, answers, right in connection.execute(
            "SELECT p.name, COUNT(r.id), COALESCE(SUM(CASE WHEN r.score >= 1 THEN 1 ELSE 0 END), 0) "
            "FROM profiles p JOIN reviews r ON r.profile_id = p.id AND r.reviewed_ms >= ? GROUP BY p.id",
            (to_millis(since),),
        ):
            activity[name] = ProfileActivity(answers, right)
        exams: dict[str, list[tuple[str, dt.datetime, int | None]]] = {}
        for name, deck_id, started, minutes in connection.execute(
            "SELECT p.name, e.deck_id, e.started_ms, e.time_limit_minutes FROM exams_in_progress e "
            "JOIN profiles p ON p.id = e.profile_id ORDER BY e.started_ms"
        ):
            exams.setdefault(name, []).append((deck_id, from_millis(started), minutes))
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        if _busy(error):
            raise StoreError(f"the progress database {visible(str(path))} was busy for a moment") from None
        raise failure(path, error) from None
    finally:
        connection.close()
    for name, sittings in exams.items():
        found = activity.get(name, ProfileActivity())
        activity[name] = ProfileActivity(found.answers, found.right, tuple(sittings))
    return activity


class Store:
    """An open progress database."""

    # Called with the store before its schema is upgraded (by `open`): the workspace backs it up then.
    _before_upgrade: Callable[[Store], object] | None = None

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self._db = connection
        self._lock = threading.RLock()
        self._log_room_due = True  # see `record`
        self._opened_file: FileIdentity | None = None  # the database file opened (see `open`)

    @classmethod
    def open(cls, path: Path, before_upgrade: Callable[[Store], object] | None = None) -> Store:
        """Open (creating or upgrading if needed) the database at `path`; StoreError if it cannot be used.
        `before_upgrade` is called with the store before the schema of a database holding data is upgraded."""
        check_file(path)
        found = file_identity(path)
        try:
            connection = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise failure(path, error) from None
        store = cls(path, connection)
        store._before_upgrade = before_upgrade
        # Two apps setting up a new database at the same moment (a class's browsers opening at once):
        # switching it to WAL gets SQLITE_BUSY at once, without the busy timeout's wait, in the one
        # that comes second. It is tried again until the timeout; every step of `_prepare` may be redone.
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                store._prepare()
                opened = file_identity(path)
                # The file the connection opened, unless another took its place meanwhile (a restore).
                store._opened_file = opened if found in (None, opened) else None
                return store
            except sqlite3.OperationalError as error:
                if _busy(error) and time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                connection.close()
                raise failure(path, error) from None
            except sqlite3.Error as error:
                connection.close()
                raise failure(path, error) from None

    def _prepare(self) -> None:
        tables = self._db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        application = self._db.execute("PRAGMA application_id").fetchone()[0]
        if tables and application != APPLICATION_ID:
            raise StoreError(
                f"{visible(str(self.path))} belongs to another program, not quizapp; choose another --data-dir"
            )
        self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        self._db.execute("PRAGMA journal_mode = WAL")
        # FULL: each commit waits until the log is on the disk, so an answer whose feedback is on screen
        # survives a power cut too (NORMAL survives only a killed process); fullfsync makes macOS flush
        # the drive's own cache as well. It costs some 0.3 ms an answer (docs/performance.md).
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("PRAGMA fullfsync = ON")
        self._db.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        hook = self._before_upgrade
        if version and hook is not None:  # a database with data in it: copied first
            self._before_upgrade = None  # once, though opening may be tried again
            hook(self)
        with self.transaction():
            # Another window may have migrated while we waited for the lock.
            current = self._db.execute("PRAGMA user_version").fetchone()[0]
            for script in MIGRATIONS[current:]:
                for statement in script.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @_serialised
    def close(self) -> None:
        """Close the connection (the WAL is folded back into the file)."""
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: taken at once (BEGIN IMMEDIATE), committed on success, else rolled back."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")  # may itself fail (a full disk): then nothing was written
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    @_serialised
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @_serialised
    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity check finds wrong (empty when the file is sound)."""
        rows = [row[0] for row in self._db.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows

    # ------------------------------------------------------------------ profiles

    @_serialised
    def profile(self, name: str, now: dt.datetime) -> Profile:
        """The profile called `name`, created with default settings if it does not exist yet."""
        row = self._profile_row(name)
        if row is None:
            with self.transaction() as db:
                db.execute("INSERT OR IGNORE INTO profiles (name, created_ms) VALUES (?, ?)", (name, to_millis(now)))
            row = self._profile_row(name)
        assert row is not None
        return row

    def _profile_row(self, name: str) -> Profile | None:
        row = self._db.execute(
            f"SELECT id, name, {', '.join(SETTING_NAMES)} FROM profiles WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            return None
        values = dict(zip(SETTING_NAMES, row[2:], strict=True))
        values["suspend_leeches"] = bool(values["suspend_leeches"])
        values["exams_count_for_study"] = bool(values["exams_count_for_study"])
        values["plain"] = bool(values["plain"])
        parameters = values["fsrs_parameters"]
        values["fsrs_parameters"] = tuple(_json().loads(parameters)) if parameters else None
        return Profile(row[0], row[1], ProfileSettings(**values))

    @_serialised
    def profile_names(self) -> list[str]:
        """Every profile's name, in alphabetical order."""
        return [row[0] for row in self._db.execute("SELECT name FROM profiles ORDER BY name")]

    @_serialised
    def save_settings(self, profile_id: int, settings: ProfileSettings) -> None:
        """Store a profile's settings; UserError when one is out of range."""
        values = [getattr(validated(settings), name) for name in SETTING_NAMES]
        values[SETTING_NAMES.index("fsrs_parameters")] = (
            _json().dumps(list(settings.fsrs_parameters)) if settings.fsrs_parameters else None
        )
        assignments = ", ".join(f"{name} = ?" for name in SETTING_NAMES)
        with self.transaction() as db:
            db.execute(f"UPDATE profiles SET {assignments} WHERE id = ?", (*values, profile_id))

    # ------------------------------------------------------------------ cards

    @_serialised
    def sync_deck(self, profile_id: int, deck_id: str, sha256: str, question_ids: list[str]) -> None:
        """Mark which of a deck's cards are still in it (the others keep their history, unasked).

        Only does work when the deck file changed since the profile last saw it.
        """
        known = self._db.execute(
            "SELECT sha256 FROM deck_sync WHERE profile_id = ? AND deck_id = ?", (profile_id, deck_id)
        ).fetchone()
        if known is not None and known[0] == sha256:
            return
        present = set(question_ids)
        with self.transaction() as db:
            rows = db.execute(
                "SELECT id, question_id, active FROM cards WHERE profile_id = ? AND deck_id = ?", (profile_id, deck_id)
            ).fetchall()
            changes = [
                (int(question_id in present), card_id)
                for card_id, question_id, active in rows
                if active != (question_id in present)
            ]
            db.executemany("UPDATE cards SET active = ? WHERE id = ?", changes)
            db.execute(
                "INSERT INTO deck_sync (profile_id, deck_id, sha256) VALUES (?, ?, ?) "
                "ON CONFLICT (profile_id, deck_id) DO UPDATE SET sha256 = excluded.sha256",
                (profile_id, deck_id, sha256),
            )

    @_serialised
    def deck_progress(self, profile_id: int, deck_id: str) -> dict[str, Progress]:
        """The progress of every card of a deck that has any, by question id."""
        rows = self._db.execute(
            f"SELECT question_id, {CARD_COLUMNS} FROM cards WHERE profile_id = ? AND deck_id = ? AND active = 1",
            (profile_id, deck_id),
        )
        return {row[0]: _progress(row[1:]) for row in rows}

    @_serialised
    def progress(self, profile_id: int, deck_id: str, question_id: str) -> Progress | None:
        """One card's progress, or None while the question is new to this profile."""
        row = self._db.execute(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE profile_id = ? AND deck_id = ? AND question_id = ?",
            (profile_id, deck_id, question_id),
        ).fetchone()
        return None if row is None else _progress(row)

    @_serialised
    def record(
        self, answer: Answer, reschedule: Callable[[Progress], Progress] | None, expected: Progress | None = None
    ) -> tuple[int, Progress | None]:
        """Commit one answer, and with `reschedule` the card's new state, in one transaction.

        The card is scheduled from what the database holds at that moment (another window may have
        moved it on), so two windows never overwrite each other's progress. `expected` is the card as
        the caller last saw it (a `Progress` with card id 0: not in the database yet): `reschedule` is
        then given it (its times as the database keeps them, to the millisecond), and its outcome is
        written only if the database holds just that card; else the card is read and `reschedule` is
        called again with what it holds. So `reschedule` may be called twice, and must do nothing
        besides (the scheduler draws its fuzz again: the same draws for the same answers). Returns the
        review's id and the card's progress after it (None when nothing was scheduled).
        """
        with self.transaction() as db:
            scheduled: Scheduled | None = None
            if reschedule is not None and expected is not None:
                scheduled = self._schedule_expected(db, answer, reschedule, expected)
            card_id, before, after = scheduled or self._schedule_found(db, answer, reschedule)
            snapshot = _card_values(before) if before is not None else (None,) * 10
            cursor = db.execute(
                INSERT_REVIEW,
                (
                    answer.profile_id,
                    card_id,
                    answer.deck_id,
                    answer.question_id,
                    to_millis(answer.moment),
                    answer.mode,
                    answer.rating,
                    answer.score,
                    _response_json(answer.response),
                    answer.duration_ms,
                    *snapshot,
                ),
            )
            review_id = cursor.lastrowid or 0
        if self._log_room_due:  # once answers come, the log is given the room they will take
            self._log_room_due = False
            if self._opened_file is not None:
                make_log_room(self._db, self._opened_file)
        return review_id, after

    @staticmethod
    def _schedule_expected(
        db: sqlite3.Connection, answer: Answer, reschedule: Callable[[Progress], Progress], expected: Progress
    ) -> Scheduled | None:
        """Write the card scheduled from `expected` if the database holds the card as expected:
        (its id, its progress before, after); None (and nothing written) if it does not."""
        where = (answer.profile_id, answer.deck_id, answer.question_id)
        if not expected.card_id:
            after = reschedule(expected)
            cursor = db.execute(INSERT_NEW_CARD, (*where, *_card_values(after)))
            if cursor.rowcount != 1 or not cursor.lastrowid:
                return None
            return cursor.lastrowid, None, replace(after, card_id=cursor.lastrowid)
        held = _card_values(expected)
        # Scheduled from the card as the database would give it: a caller's times may carry the
        # microseconds of its clock (a learning step requeued by the session), which the database
        # does not keep, and a whole day since the last review can start within that millisecond.
        before = expected if _whole_milliseconds(expected) else _progress((expected.card_id, *held))
        after = reschedule(before)
        if db.execute(UPDATE_EXPECTED_CARD, (*_card_values(after), expected.card_id, *where, *held)).rowcount != 1:
            return None
        return expected.card_id, before, after

    @staticmethod
    def _schedule_found(
        db: sqlite3.Connection, answer: Answer, reschedule: Callable[[Progress], Progress] | None
    ) -> Scheduled:
        """Read the card, and with `reschedule` write its new state (making the card if it has no row
        yet): (its id, its progress before, after)."""
        row = db.execute(SELECT_CARD, (answer.profile_id, answer.deck_id, answer.question_id)).fetchone()
        before = None if row is None else _progress(row)
        card_id = None if before is None else before.card_id
        if reschedule is None:
            return card_id, before, None
        if before is None:
            card_id = db.execute(
                "INSERT INTO cards (profile_id, deck_id, question_id, state) VALUES (?, ?, ?, 0)",
                (answer.profile_id, answer.deck_id, answer.question_id),
            ).lastrowid
        after = reschedule(before or Progress(card_id=card_id or 0))
        db.execute(UPDATE_CARD, (*_card_values(after), card_id))
        return card_id, before, after

    @_serialised
    def rerate(self, review_id: int, rating: int, reschedule: Callable[[Progress], Progress]) -> Progress | None:
        """Change the rating of a recorded study review: the card is rescheduled from its state
        before that review, in one transaction. Returns the card's new progress."""
        with self.transaction() as db:
            row = db.execute(f"SELECT card_id, {BEFORE_COLUMNS} FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None or row[0] is None:
                return None
            card_id, *before = row
            start = Progress(card_id=card_id) if before[0] is None else _progress((card_id, *before))
            after = reschedule(start)
            db.execute(UPDATE_CARD, (*_card_values(after), card_id))
            db.execute("UPDATE reviews SET rating = ? WHERE id = ?", (rating, review_id))
            return after

    @_serialised
    def undo(self, review_id: int) -> bool:
        """Take back one review: the card returns to its state before it and the log entry goes,
        in one transaction. False when the review is not there (already undone)."""
        with self.transaction() as db:
            row = db.execute(
                f"SELECT card_id, mode, {BEFORE_COLUMNS} FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                return False
            card_id, mode, *before = row
            if card_id is not None and mode == "study":
                if before[0] is None:  # the card was new: it had no row before this review
                    db.execute("DELETE FROM cards WHERE id = ?", (card_id,))
                else:
                    db.execute(UPDATE_CARD, (*before, card_id))
            db.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            return True

    # ------------------------------------------------------------------ queues and counts

    @_serialised
    def due_cards(self, profile_id: int, deck_ids: list[str], before: dt.datetime) -> list[tuple[str, str, Progress]]:
        """(deck id, question id, progress) of every active, unsuspended card due before `before`."""
        rows = self._db.execute(
            f"SELECT deck_id, question_id, {CARD_COLUMNS} FROM cards WHERE profile_id = ? AND due_ms < ? "
            f"AND active = 1 AND suspended = 0 AND deck_id IN ({_marks(deck_ids)}) ORDER BY due_ms",
            (profile_id, to_millis(before), *deck_ids),
        )
        return [(row[0], row[1], _progress(row[2:])) for row in rows]

    @_serialised
    def first_due(
        self, profile_id: int, deck_ids: list[str], states: tuple[int, ...], before: dt.datetime
    ) -> tuple[str, str, Progress] | None:
        """The active, unsuspended card in one of `states` due soonest (most overdue), if due before `before`."""
        rows = self._db.execute(
            f"SELECT deck_id, question_id, {CARD_COLUMNS} FROM cards WHERE profile_id = ? AND due_ms < ? AND active = 1 "
            f"AND suspended = 0 AND state IN ({_marks(states)}) "
            f"AND deck_id IN ({_marks(deck_ids)}) ORDER BY due_ms LIMIT 1",
            (profile_id, to_millis(before), *states, *deck_ids),
        ).fetchone()
        return None if rows is None else (rows[0], rows[1], _progress(rows[2:]))

    @_serialised
    def seen_questions(self, profile_id: int, deck_id: str) -> set[str]:
        """The ids of a deck's questions that this profile has studied (including suspended ones)."""
        rows = self._db.execute(
            "SELECT question_id FROM cards WHERE profile_id = ? AND deck_id = ? AND active = 1", (profile_id, deck_id)
        )
        return {row[0] for row in rows}

    @_serialised
    def studied_since(self, profile_id: int, since: dt.datetime) -> tuple[int, int]:
        """(new cards introduced, reviews of learned cards) in study mode since `since`: what the daily limits count."""
        row = self._db.execute(
            "SELECT COALESCE(SUM(CASE WHEN before_state IS NULL OR before_state = 0 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN before_state = 2 THEN 1 ELSE 0 END), 0) "
            "FROM reviews WHERE profile_id = ? AND reviewed_ms >= ? AND mode = 'study'",
            (profile_id, to_millis(since)),
        ).fetchone()
        return row[0], row[1]

    @_serialised
    def deck_counts(self, profile_id: int, due_before: dt.datetime) -> dict[str, DeckCounts]:
        """Per deck: cards seen, learning, in review, due before `due_before`, leeches, last studied.

        Index-only queries rather than one pass computing everything: the home screen asks for this
        on every visit, and this way it stays faster than Anki's deck due tree at 100,000 cards. The
        last review is over all of a deck's cards, those of questions since removed included: the
        latest of each group's, which the index has at the group's end (one step each, where taking
        it in the count's pass would read every card's).
        """
        tallies: dict[str, dict[str, int]] = {}
        last_reviews: dict[str, int] = {}
        groups = self._db.execute(
            "SELECT active, deck_id, state, leech, COUNT(*) FROM cards WHERE profile_id = ? "
            "GROUP BY active, deck_id, state, leech",
            (profile_id,),
        ).fetchall()
        for active, deck_id, state, leech, number in groups:
            last = self._db.execute(
                "SELECT MAX(last_review_ms) FROM cards "
                "WHERE profile_id = ? AND active = ? AND deck_id = ? AND state = ? AND leech = ?",
                (profile_id, active, deck_id, state, leech),
            ).fetchone()[0]
            if last is not None:
                last_reviews[deck_id] = max(last, last_reviews.get(deck_id, last))
            if not active:
                continue
            tally = tallies.setdefault(deck_id, {"seen": 0, "learning": 0, "review": 0, "due": 0, "leeches": 0})
            tally["seen"] += number
            tally["learning" if state in (CardState.LEARNING, CardState.RELEARNING) else "review"] += (
                number if state != CardState.NEW else 0
            )
            tally["leeches"] += number if leech else 0
        for deck_id, number in self._db.execute(
            "SELECT deck_id, COUNT(*) FROM cards WHERE profile_id = ? AND due_ms < ? AND active = 1 AND suspended = 0 "
            "GROUP BY deck_id",
            (profile_id, to_millis(due_before)),
        ):
            if deck_id in tallies:
                tallies[deck_id]["due"] = number
        return {
            deck_id: DeckCounts(
                tally["seen"],
                tally["learning"],
                tally["review"],
                tally["due"],
                tally["leeches"],
                _moment(last_reviews.get(deck_id)),
            )
            for deck_id, tally in tallies.items()
        }

    @_serialised
    def review_totals(self, profile_id: int) -> dict[str, tuple[int, int, int]]:
        """Per deck: (study reviews, reviews of learned cards, of which rated above Again): for true retention."""
        rows = self._db.execute(
            "SELECT deck_id, COUNT(*), SUM(CASE WHEN before_state = 2 THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN before_state = 2 AND rating > 1 THEN 1 ELSE 0 END) "
            "FROM reviews WHERE profile_id = ? AND mode = 'study' GROUP BY deck_id",
            (profile_id,),
        )
        return {row[0]: (row[1], row[2], row[3]) for row in rows}

    @_serialised
    def study_history(self, profile_id: int, days: StudyDayCounter) -> list[tuple[int, int, int]]:
        """(card id, study day, rating) of every scheduled review, by card then time: the optimiser's input.

        The study days (`days.day_number` of each review's time) are counted by SQLite, from the UTC
        offsets in force over the history: a million reviews' days cost Python a quarter of a second."""
        where = "WHERE profile_id = ? AND card_id IS NOT NULL AND mode = 'study' AND rating IS NOT NULL"
        # The span of all the profile's reviews (each end one step down an index: MIN and MAX in one
        # SELECT would scan it).
        first, last = self._db.execute(
            "SELECT (SELECT MIN(reviewed_ms) FROM reviews WHERE profile_id = ?1), "
            "(SELECT MAX(reviewed_ms) FROM reviews WHERE profile_id = ?1)",
            (profile_id,),
        ).fetchone()
        if first is None:
            return []
        spans = days.offset_spans(first, last)
        # The offset of each review's hour, the latest span first. SQLite's integer division truncates
        # where day_number's floors: the times are moved EPOCH_SHIFT days later (every one after 1970
        # then, whatever a clock said) for the divisions, and the day numbers back.
        offset = "CASE " + "WHEN reviewed_ms >= ? THEN ? " * (len(spans) - 1) + "ELSE ? END" if len(spans) > 1 else "?"
        offset_values = [value for start, seconds in spans[:0:-1] for value in (start, seconds)] + [spans[0][1]]
        return self._db.execute(
            f"SELECT card_id, ((reviewed_ms + ?) / 1000 + {offset} - ?) / 86400 - ?, rating FROM reviews {where} "
            "ORDER BY card_id, reviewed_ms",
            (EPOCH_SHIFT * 86_400_000, *offset_values, days.shift, EPOCH_SHIFT, profile_id),
        ).fetchall()

    @_serialised
    def reviews_per_day(self, profile_id: int, since: dt.datetime, deck_ids: list[str]) -> list[int]:
        """Times (ms) of the study reviews since `since`, for a chart of reviews per day."""
        rows = self._db.execute(
            f"SELECT reviewed_ms FROM reviews WHERE profile_id = ? AND reviewed_ms >= ? AND mode = 'study' "
            f"AND deck_id IN ({_marks(deck_ids)})",
            (profile_id, to_millis(since), *deck_ids),
        )
        return [row[0] for row in rows]

    @_serialised
    def due_times(self, profile_id: int, until: dt.datetime, deck_ids: list[str]) -> list[int]:
        """Due times (ms) of the active, unsuspended cards due before `until`, for the due forecast."""
        rows = self._db.execute(
            f"SELECT due_ms FROM cards WHERE profile_id = ? AND due_ms < ? AND active = 1 AND suspended = 0 "
            f"AND deck_id IN ({_marks(deck_ids)})",
            (profile_id, to_millis(until), *deck_ids),
        )
        return [row[0] for row in rows]

    @_serialised
    def hardest(self, profile_id: int, deck_ids: list[str], limit: int) -> list[tuple[str, str, int, float, bool]]:
        """(deck id, question id, lapses, difficulty, leech) of the cards forgotten most, hardest first."""
        return self._db.execute(
            f"SELECT deck_id, question_id, lapses, difficulty, leech FROM cards WHERE profile_id = ? AND active = 1 "
            f"AND deck_id IN ({_marks(deck_ids)}) AND (lapses > 0 OR leech = 1) ORDER BY leech DESC, lapses DESC, difficulty DESC LIMIT ?",
            (profile_id, *deck_ids, limit),
        ).fetchall()

    @_serialised
    def begin_exam(self, profile_id: int, deck_id: str, attempt: ExamInProgress) -> None:
        """Remember an attempt from its start (replacing an earlier unfinished one at this deck)."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO exams_in_progress (profile_id, deck_id, deck_sha256, student, seed, started_ms, "
                "question_count, time_limit_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    profile_id,
                    deck_id,
                    attempt.deck_sha256,
                    attempt.student,
                    attempt.seed,
                    to_millis(attempt.started),
                    attempt.question_count,
                    attempt.time_limit_minutes,
                ),
            )

    @_serialised
    def save_exam_place(self, profile_id: int, deck_id: str, position: int, flagged: set[str] | frozenset[str]) -> None:
        """Remember where the student is in the unfinished attempt at this deck, and what they flagged."""
        with self.transaction() as db:
            db.execute(
                "UPDATE exams_in_progress SET position = ?, flagged = ? WHERE profile_id = ? AND deck_id = ?",
                (position, _json().dumps(sorted(flagged)), profile_id, deck_id),
            )

    @_serialised
    def exam_in_progress(self, profile_id: int, deck_id: str) -> ExamInProgress | None:
        """The unfinished attempt at this deck, with the answers logged since it started, if there is one."""
        row = self._db.execute(
            "SELECT deck_sha256, student, seed, started_ms, question_count, time_limit_minutes, position, flagged "
            "FROM exams_in_progress WHERE profile_id = ? AND deck_id = ?",
            (profile_id, deck_id),
        ).fetchone()
        if row is None:
            return None
        responses: dict[str, Any] = {}
        seconds: dict[str, float] = {}
        for question_id, response, duration_ms in self._db.execute(
            "SELECT question_id, response, duration_ms FROM reviews WHERE profile_id = ? AND deck_id = ? "
            "AND mode = 'exam' AND reviewed_ms >= ? ORDER BY id",
            (profile_id, deck_id, row[3]),
        ):
            responses[question_id] = _json().loads(response) if response is not None else None
            seconds[question_id] = seconds.get(question_id, 0.0) + (duration_ms or 0) / 1000
        flagged = _json().loads(row[7])
        return ExamInProgress(
            row[0],
            row[1],
            row[2],
            from_millis(row[3]),
            row[4],
            row[5],
            responses,
            seconds,
            row[6],
            frozenset(str(item) for item in flagged) if isinstance(flagged, list) else frozenset(),
        )

    @_serialised
    def record_exam(self, attempt: dict[str, Any]) -> int:
        """Keep the summary of a finished exam attempt, which is then no longer in progress; returns its id."""
        columns = ", ".join(attempt)
        with self.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO exam_attempts ({columns}) VALUES ({', '.join('?' * len(attempt))})",
                tuple(attempt.values()),
            )
            db.execute(
                "DELETE FROM exams_in_progress WHERE profile_id = ? AND deck_id = ?",
                (attempt["profile_id"], attempt["deck_id"]),
            )
            return cursor.lastrowid or 0

    @_serialised
    def bulk_load(
        self,
        profile_id: int,
        cards: list[tuple[str, str, Progress]],
        reviews: list[tuple[str, str, int, int, float, int]],
    ) -> None:
        """Load many cards and their review history at once, in one transaction: for generated
        benchmark profiles and imported histories. `reviews` are (deck id, question id, reviewed at
        ms, rating, score, the card's state before the review), logged as study reviews."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO cards (profile_id, deck_id, question_id, state, step, stability, difficulty, due_ms, "
                "last_review_ms, reps, lapses, leech, suspended) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (profile_id, deck_id, question_id, *_card_values(progress))
                    for deck_id, question_id, progress in cards
                ),
            )
            ids = {
                (deck, question): card_id
                for card_id, deck, question in db.execute(
                    "SELECT id, deck_id, question_id FROM cards WHERE profile_id = ?", (profile_id,)
                )
            }
            db.executemany(
                "INSERT INTO reviews (profile_id, card_id, deck_id, question_id, reviewed_ms, mode, rating, score, "
                "before_state) VALUES (?, ?, ?, ?, ?, 'study', ?, ?, ?)",
                (
                    (profile_id, ids.get((deck, question)), deck, question, millis, rating, score, before)
                    for deck, question, millis, rating, score, before in reviews
                ),
            )

    # ------------------------------------------------------------------ backups

    @_serialised
    def backup_to(self, target: Path) -> None:
        """Copy the whole database to `target` with SQLite's online backup (consistent while in use)."""
        destination = sqlite3.connect(target)
        try:
            self._db.backup(destination)
        finally:
            destination.close()
