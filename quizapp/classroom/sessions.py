"""The limits of a class served by `quizapp serve`: how many browsers at once, how long one may sit
idle, and one session per student.

Each browser has an app process of its own, so what they must know of one another is kept in files,
in `<data-dir>/class/sessions/`: one small JSON file per live session, `<id>.json`,

    {"pid": 4242, "student": "Ann Lee", "started": "2026-11-27T09:00:00.000Z",
     "signed_in": "2026-11-27T09:00:41.120Z", "active": "2026-11-27T09:12:03.004Z", "seen": "..."}

made when an app starts serving a browser (`student` null until it signs in), written again when its
student signs in and every `HEARTBEAT` (`active`: the last key or click; `seen`: this write), and
removed when the app ends. Each write is whole: a temporary file renamed into place. A session is
live while its process runs and its file has been written within `STALE_AFTER`; any other (the app
was killed, the machine stopped, the process number was reused since) is stale: not counted, and
removed by the next app that looks. Files that are not sessions (damaged, edited) are removed too.

- **The class is full** when `max_students` live sessions are there as a browser opens: the count and
  the new session's file are made under a lock (`.lock`, on POSIX), so that two browsers opening at
  once cannot both take the last place.
- **A student signed in twice keeps one session**, the newer: signing in writes a marker,
  `<id>.superseded`, for each older live session of the same student (by the time each signed in),
  which that session's app looks for every few seconds, and ends. Each session writes its student
  before it looks, so of two sign-ins at the same moment the later to look sees both, and ends the
  older of the two (by time, then by id), the same one the other would: exactly one goes on.
- **A session idle** for the limit (no key or click) ends: `idle_over`, checked by the app.

An app that ends keeps every answer given: each is committed as it is given (docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..days import Clock, utc_now
from ..problems import UserError
from ..safetext import visible
from .roster import class_dir
from .signin import name_key

SESSIONS = "sessions"
HEARTBEAT = dt.timedelta(seconds=20)  # how often a live session writes its file again
STALE_AFTER = dt.timedelta(minutes=2)  # a session file not written for this long is a dead app's
DEFAULT_IDLE_MINUTES = 30.0
MAX_RECORD_BYTES = 4096  # a session's file is some 250 bytes: anything longer is not one
SESSION_ID = re.compile(r"[0-9a-f]{16}")
Alive = Callable[[int], bool]

SUPERSEDED = (
    "You signed in on another computer or in another tab; this session has ended (your answers are saved). "
    "If that was not you, tell your teacher."
)
ELSEWHERE_CLOSED = "You were signed in elsewhere too: that session has been closed, and its answers are saved."


def sessions_dir(data_dir: Path) -> Path:
    """The folder of the live sessions of the data directory `data_dir`."""
    return class_dir(data_dir) / SESSIONS


def pid_alive(pid: int) -> bool:
    """Whether the process `pid` is running (POSIX). On Windows, where asking would end it, always
    True: there a dead app's session goes stale only for want of its heartbeat."""
    if sys.platform == "win32":
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, the process is only looked up
    except ProcessLookupError:
        return False
    except PermissionError:  # running, as another user
        return True
    except OSError:
        return False
    return True


# ---------------------------------------------------------------------------------------- texts


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def idle_limit(minutes: float | None) -> dt.timedelta | None:
    """The idle limit of `--idle-minutes MINUTES` (None: the default, 30); None for 0: never."""
    minutes = DEFAULT_IDLE_MINUTES if minutes is None else minutes
    return dt.timedelta(minutes=minutes) if minutes > 0 else None


def duration_text(limit: dt.timedelta) -> str:
    """`30 minutes`, `1 minute`, or in seconds when it is not whole minutes (`3 seconds`)."""
    seconds = max(1, round(limit.total_seconds()))
    if seconds % 60 == 0:
        return _plural(seconds // 60, "minute")
    return _plural(seconds, "second")


def full_text(max_students: int) -> str:
    """What a browser is told when the class is full."""
    return f"The class is full ({_plural(max_students, 'student')}). Ask your teacher."


def idle_text(limit: dt.timedelta, signed_in: bool) -> str:
    """What a browser closed for being idle is told (its answers are mentioned once there can be some)."""
    saved = "; your answers are saved." if signed_in else "."
    return f"Closed after {duration_text(limit)} without activity{saved} Reload the page to sign in again."


def idle_over(last_input: dt.datetime, now: dt.datetime, limit: dt.timedelta | None) -> bool:
    """Whether a session whose last key or click was at `last_input` has been idle for `limit` at `now`."""
    return limit is not None and now - last_input >= limit


# ---------------------------------------------------------------------------------------- the files


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as its file has it: its app's process, since when, its student once signed in, the
    last key or click (`active`) and the last time its file was written (`seen`); times in UTC."""

    id: str
    pid: int
    started: dt.datetime
    seen: dt.datetime
    active: dt.datetime
    student: str | None = None
    signed_in: dt.datetime | None = None

    def as_json(self) -> dict[str, Any]:
        """The file's content."""
        return {
            "pid": self.pid,
            "student": self.student,
            "started": _iso(self.started),
            "signed_in": None if self.signed_in is None else _iso(self.signed_in),
            "active": _iso(self.active),
            "seen": _iso(self.seen),
        }


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _moment(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
        return moment.astimezone(dt.timezone.utc) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):  # not a time; or one whose UTC is out of range (year 1, east of UTC)
        return None


def parse_record(session_id: str, data: bytes) -> SessionRecord | None:
    """The session in a file's bytes; None when they are not one (damaged, edited, cut short)."""
    try:
        content = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(content, dict):
        return None
    pid, student = content.get("pid"), content.get("student")
    started, seen, active = (_moment(content.get(key)) for key in ("started", "seen", "active"))
    signed_in = _moment(content.get("signed_in"))
    if type(pid) is not int or started is None or seen is None or active is None:
        return None
    if student is not None and (not isinstance(student, str) or signed_in is None):
        return None
    return SessionRecord(session_id, pid, started, seen, active, student, signed_in)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _make(folder: Path) -> None:
    """The sessions folder, and the class's folder above it, readable by their owner only."""
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)


def _write(folder: Path, record: SessionRecord) -> None:
    """Write the session's file whole (a temporary file renamed into place). UserError when it cannot."""
    text = json.dumps(record.as_json(), ensure_ascii=False)
    try:
        _make(folder)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, folder / f"{record.id}.json")
        except BaseException:
            _remove(Path(temporary))
            raise
    except OSError as error:
        raise UserError(
            f"cannot keep the class's sessions in {visible(str(folder))}: {error.strerror or error}"
        ) from None


def read_sessions(folder: Path) -> tuple[list[SessionRecord], list[Path]]:
    """Every session whose file is in `folder`, and the files there that are not sessions."""
    records: list[SessionRecord] = []
    others: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:  # no folder yet: no sessions
        return records, others
    for name in names:
        path = folder / name
        stem, _, kind = name.partition(".")
        if kind != "json" or not SESSION_ID.fullmatch(stem):
            continue
        try:
            with open(path, "rb") as file:
                data = file.read(MAX_RECORD_BYTES + 1)
        except OSError:  # removed meanwhile, or unreadable
            continue
        record = parse_record(stem, data) if len(data) <= MAX_RECORD_BYTES else None
        if record is None:
            others.append(path)
        else:
            records.append(record)
    return records, others


def is_live(record: SessionRecord, now: dt.datetime, alive: Alive = pid_alive) -> bool:
    """Whether a session is live at `now`: its process runs, and its file was written lately."""
    return now - record.seen < STALE_AFTER and alive(record.pid)


def live_sessions(folder: Path, now: dt.datetime, alive: Alive = pid_alive) -> list[SessionRecord]:
    """The live sessions in `folder`, oldest first; the stale ones, and files that are not sessions,
    are removed (with their markers)."""
    records, others = read_sessions(folder)
    live: list[SessionRecord] = []
    for record in records:
        if is_live(record, now, alive):
            live.append(record)
        else:
            _remove(folder / f"{record.id}.json")
            _remove(folder / f"{record.id}.superseded")
    for path in others:
        _remove(path)
    return sorted(live, key=lambda record: (record.started, record.id))


def clean_sessions(data_dir: Path, now: dt.datetime, alive: Alive = pid_alive) -> int:
    """Remove what dead apps left in the sessions folder of `data_dir` (stale sessions, markers without
    a session, temporary files); returns how many sessions are live (`quizapp serve` as it starts)."""
    folder = sessions_dir(data_dir)
    live = live_sessions(folder, now, alive)
    ids = {record.id for record in live}
    try:
        names = os.listdir(folder)
    except OSError:
        return len(live)
    for name in names:
        stem, _, kind = name.partition(".")
        if kind == "superseded" and stem not in ids:
            _remove(folder / name)
        elif name.startswith(".writing-"):  # a write cut short; one under way is younger than a minute
            with contextlib.suppress(OSError):
                if time.time() - (folder / name).stat().st_mtime > 60:
                    _remove(folder / name)
    return len(live)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the sessions folder's lock (blocking; none on Windows, where two browsers opening at the
    very same moment may both take the last place)."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    descriptor = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # which releases the lock


# ---------------------------------------------------------------------------------------- one session


class ClassSession:
    """The session of one served app (one browser): its place in the class, its student, its end.

    `pid` is the app's process (this one unless a test says otherwise), `alive` tells whether another
    session's process runs; both are passed in so that tests can make sessions of processes they fake."""

    def __init__(
        self,
        data_dir: Path,
        clock: Clock = utc_now,
        pid: int | None = None,
        alive: Alive = pid_alive,
        session_id: str | None = None,
    ):
        self.folder = sessions_dir(data_dir)
        self.clock = clock
        self.alive = alive
        self.id = session_id or secrets.token_hex(8)
        now = clock()
        self.record = SessionRecord(self.id, os.getpid() if pid is None else pid, now, now, now)
        self.joined = False

    @property
    def path(self) -> Path:
        """The session's file."""
        return self.folder / f"{self.id}.json"

    @property
    def marker(self) -> Path:
        """The file whose presence says that the session has been taken over by a newer one."""
        return self.folder / f"{self.id}.superseded"

    def others(self) -> list[SessionRecord]:
        """The other live sessions, oldest first (stale ones are removed on the way)."""
        return [record for record in live_sessions(self.folder, self.clock(), self.alive) if record.id != self.id]

    def join(self, max_students: int | None = None) -> bool:
        """Take a place in the class: False (and nothing written) when `max_students` live sessions are
        there already. UserError when the session's file cannot be written."""
        try:
            _make(self.folder)
            with _locked(self.folder):
                if max_students is not None and len(self.others()) >= max_students:
                    return False
                now = self.clock()
                self.record = replace(self.record, started=now, seen=now, active=now)
                _write(self.folder, self.record)
        except OSError as error:  # the folder or its lock (the session's file is _write's to tell)
            raise UserError(
                f"cannot keep the class's sessions in {visible(str(self.folder))}: {error.strerror or error}"
            ) from None
        self.joined = True
        return True

    def signed_in(self, student: str) -> list[str]:
        """The session's student is known (`student`, as the roster spells it): note it, and end every
        older live session of the same student. Returns the ids of those ended. UserError when the
        session's file cannot be written (then none is ended)."""
        self.note_student(student)
        return self.end_older()

    def note_student(self, student: str) -> None:
        """Write the session's file with its student, signed in now. UserError when it cannot."""
        now = self.clock()
        self.record = replace(self.record, student=student, signed_in=now, seen=now)
        _write(self.folder, self.record)

    def end_older(self) -> list[str]:
        """End the older of this session and each other live session of the same student (by the time
        each signed in, then by id): the other's ids that were ended. This one is the older only when
        another signed in at the very same moment: then whichever of the two looks last sees both, and
        ends the same one as the other would, so that exactly one goes on."""
        student, signed_in = self.record.student, self.record.signed_in
        if student is None or signed_in is None:
            return []
        key, mine = name_key(student), (signed_in, self.id)
        ended = []
        for other in self.others():
            if other.student is None or other.signed_in is None or name_key(other.student) != key:
                continue
            older = other.id if (other.signed_in, other.id) < mine else self.id
            with contextlib.suppress(OSError):  # it ended meanwhile (its folder is ours: nothing else fails)
                (self.folder / f"{older}.superseded").write_text(_iso(self.clock()) + "\n", encoding="utf-8")
                if older == other.id:
                    ended.append(other.id)
        return ended

    def superseded(self) -> bool:
        """Whether a newer session of the same student has taken this one over."""
        try:
            return self.marker.exists()
        except OSError:
            return False

    def beat(self, last_input: dt.datetime) -> bool:
        """Write the session's file again if `HEARTBEAT` has passed since it was (with the time of the
        last key or click), so that it stays live; returns whether it wrote. UserError when it cannot."""
        now = self.clock()
        if not self.joined or now - self.record.seen < HEARTBEAT:
            return False
        self.record = replace(self.record, seen=now, active=last_input)
        _write(self.folder, self.record)
        return True

    def leave(self) -> None:
        """Give up the place (the app ends): the session's file and its marker go. Never fails."""
        if self.joined:
            self.joined = False
            _remove(self.path)
            _remove(self.marker)


# ---------------------------------------------------------------------------------------- the teacher's log


def teacher_note(reason: str, student: str | None, limit: dt.timedelta | None = None, max_students: int = 0) -> str:
    """The line the server's output gets when a session ends for one of the limits (`reason`: "full",
    "idle" or "superseded"), naming the student if known."""
    who = visible(student) if student is not None else "a browser not signed in"
    if reason == "full":
        return f"a browser was turned away: the class is full ({_plural(max_students, 'student')}, --max-students)"
    if reason == "idle" and limit is not None:
        return f"{who}: closed after {duration_text(limit)} without activity (--idle-minutes)"
    return f"{who}: signed in again elsewhere; the older session was closed"
