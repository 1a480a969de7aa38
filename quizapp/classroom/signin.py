"""Signing in to `quizapp serve` with a name and a join code, and slowing down whoever guesses codes.

A wrong pair gets one message, whichever part was wrong and whether or not the name is on the
roster (`MISMATCH`), and slows that name down: after its first failure a try with the same name
(ignoring case and spaces around it, as the roster matches names) must wait 1 second, then 2, 4, 8,
... up to `LONGEST_WAIT`. Failures older than `REMEMBERED` no longer count. A try made while its
name must wait is refused without checking the code, so that waiting out the delays is the only way
on. A name not on the roster is slowed down like any other, so the delays tell nothing about who is
on it.

Each browser has an app process of its own, so the failures are kept where all of them read them:
`<data-dir>/class/signin-failures.jsonl`, one JSON line per failure (`{"time": ..., "name": ...}`, the
name as typed), appended with a single `write` to a file opened with O_APPEND (which POSIX keeps whole
and in order under concurrent appends) and synced to disk. The same file is the teacher's log of
failed sign-ins (`quizapp class list` counts them). It is read as untrusted input: a line that is not
a failure (damaged, edited) is skipped, and only its last `TAIL_BYTES` are read.

Two browsers trying the same name at the very same moment may each get one check before either has
logged its failure: the delays bound the rate of guesses per name, not to exactly one at a time.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from ..days import Clock, utc_now
from ..problems import UserError
from ..safetext import visible
from .joincodes import normalised
from .roster import Roster, check_code, class_dir, read_roster, roster_path

MISMATCH = "That name and code do not match. Check the card your teacher gave you."
FAILURES_FILE = "signin-failures.jsonl"
FIRST_WAIT = dt.timedelta(seconds=1)
LONGEST_WAIT = dt.timedelta(seconds=60)
REMEMBERED = dt.timedelta(minutes=15)  # a name's failures older than this no longer slow it down
TAIL_BYTES = 1024 * 1024  # of the log, read to find a name's recent failures (some 10,000 lines)
LONGEST_LOGGED_NAME = 100  # characters of a typed name kept in the log: every line stays short

NO_ROSTER = (
    "{opening} opens quizapp to other machines, so the students must sign in with their name and "
    "join code, and the class roster of {data_dir} has no students; make it with: quizapp class add NAME... "
    "then: quizapp class codes (or serve on 127.0.0.1, this machine only, where each browser just asks a name)"
)
EMPTY_ROSTER_SERVED = (
    "this quizapp is open to other machines, and signing in needs the class roster, which has no "
    "students; add them with: quizapp class add NAME... then: quizapp class codes"
)


def failures_path(data_dir: Path) -> Path:
    """The log of failed sign-ins of the data directory `data_dir`."""
    return class_dir(data_dir) / FAILURES_FILE


def name_key(name: str) -> str:
    """A name as sign-ins are counted: without spaces around it, ignoring case (as `Roster.find`)."""
    return name.strip().casefold()


def wait_after(failures: int) -> dt.timedelta:
    """How long a name waits after `failures` recent failed sign-ins: none, 1 s, 2 s, 4 s, ... 60 s."""
    if failures <= 0:
        return dt.timedelta(0)
    return min(LONGEST_WAIT, FIRST_WAIT * (1 << min(failures - 1, 30)))


# ---------------------------------------------------------------------------------------- the log


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed sign-in: when (UTC), and the name typed."""

    moment: dt.datetime
    name: str


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def failure_line(name: str, moment: dt.datetime) -> bytes:
    """The log's line for a failure: JSON on one line (the name's control characters escaped)."""
    kept = name[:LONGEST_LOGGED_NAME]
    text = json.dumps({"time": _iso(moment), "name": kept}, ensure_ascii=False)
    # JSON escapes the C0 controls but not the C1 ones nor the line separators some readers split on.
    text = "".join(
        f"\\u{ord(char):04x}" if 0x7F <= ord(char) <= 0x9F or char in "\u2028\u2029" else char for char in text
    )
    return (text + "\n").encode("utf-8")


def record_failure(path: Path, name: str, moment: dt.datetime) -> None:
    """Append a failure to the log at `path` (created readable by its owner only), durably: the line is
    on disk when this returns. UserError when it cannot be written."""
    line = failure_line(name, moment)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        new = not path.exists()
        descriptor = os.open(path, flags, 0o600)
        try:
            written = os.write(descriptor, line)  # one write: O_APPEND puts it whole at the end
            if written != len(line):
                raise OSError(f"only {written} of {len(line)} bytes written")
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if new:  # the file's name itself must reach the disk too
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
    except OSError as error:
        raise UserError(f"cannot log a failed sign-in in {visible(str(path))}: {error.strerror or error}") from None


def _failure(line: bytes) -> Failure | None:
    try:
        data = json.loads(line)
    except ValueError:  # not JSON, not UTF-8, or a line cut short
        return None
    except RecursionError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not isinstance(data.get("time"), str):
        return None
    try:
        moment = dt.datetime.fromisoformat(data["time"])
        if moment.tzinfo is None:
            return None
        return Failure(moment.astimezone(dt.timezone.utc), data["name"])
    except (ValueError, OverflowError):  # not a time; or one whose UTC is out of range (year 1, east of UTC)
        return None


def read_failures(path: Path, since: dt.datetime, max_bytes: int = TAIL_BYTES) -> list[Failure]:
    """The failures logged in `path` at `since` or later, in the order logged, from the file's last
    `max_bytes`; none when there is no log. Lines that are not failures are skipped."""
    try:
        with open(path, "rb") as file:
            size = file.seek(0, os.SEEK_END)
            start = max(0, size - max_bytes)
            file.seek(start)
            data = file.read(max_bytes)
    except FileNotFoundError:
        return []
    except OSError as error:
        raise UserError(f"cannot read the sign-in log {visible(str(path))}: {error.strerror or error}") from None
    lines = data.split(b"\n")
    if start > 0:
        lines = lines[1:]  # the first is probably a line's end only
    failures = [failure for line in lines if line.strip() and (failure := _failure(line)) is not None]
    return [failure for failure in failures if failure.moment >= since]


def retry_moment(failures: list[Failure], name: str, now: dt.datetime) -> dt.datetime | None:
    """When `name` may try again, given the logged `failures`; None when it need not wait."""
    key = name_key(name)
    recent = [
        failure.moment for failure in failures if now - REMEMBERED < failure.moment and name_key(failure.name) == key
    ]
    if not recent:
        return None
    # A failure logged "later than now" (a clock set back) waits no longer than the longest wait from now.
    moment = min(max(recent) + wait_after(len(recent)), now + LONGEST_WAIT)
    return moment if moment > now else None


def wait_text(retry_at: dt.datetime | None, now: dt.datetime) -> str | None:
    """What a student is told while their name must wait before another try; None once it need not."""
    if retry_at is None or retry_at <= now:
        return None
    seconds = math.ceil((retry_at - now).total_seconds())
    return f"Please wait {seconds} second{'s' if seconds != 1 else ''} before trying this name again."


# ---------------------------------------------------------------------------------------- signing in


@dataclass(frozen=True, slots=True)
class Outcome:
    """What came of a try: the student signed in (their name as the roster spells it), or what to
    tell them (None when it is only that the name must wait), and when their name may try again
    (None: at once; told with `wait_text`)."""

    student: str | None = None
    problem: str | None = None
    retry_at: dt.datetime | None = None


class SignInDesk:
    """Checks the sign-ins of one served app against the roster of its data directory (read again at
    every try, so that a code renewed meanwhile works at once), and keeps the log of failures."""

    def __init__(self, data_dir: Path, clock: Clock = utc_now):
        self.data_dir = data_dir
        self.clock = clock

    @property
    def log(self) -> Path:
        """The log of failed sign-ins."""
        return failures_path(self.data_dir)

    def retry_at(self, name: str) -> dt.datetime | None:
        """When `name` may try again; None when it need not wait."""
        now = self.clock()
        return retry_moment(read_failures(self.log, now - REMEMBERED), name, now)

    def attempt(self, name: str, code: str) -> Outcome:
        """Try to sign in as `name` with the join code `code`. BadFile when the roster cannot be read,
        UserError when a failure cannot be logged (the student is not signed in either way)."""
        if not name.strip():
            return Outcome(problem="Type your name, as it is on your card.")
        if not code.strip():
            return Outcome(problem="Type your join code too: it is on your card.")
        now = self.clock()
        waiting = retry_moment(read_failures(self.log, now - REMEMBERED), name, now)
        if waiting is not None:  # no check at all: waiting it out is the only way to another guess
            return Outcome(retry_at=waiting)
        roster = read_roster(roster_path(self.data_dir))
        # A code that cannot be one is refused without a check, whoever's name it comes with: checking
        # it for a name not on the roster would take longer than for one on it, and tell them apart.
        student = roster.find(name) if normalised(code) is not None and check_code(roster, name, code) else None
        if student is not None:
            return Outcome(student=student.name)
        record_failure(self.log, name, now)
        return Outcome(problem=MISMATCH, retry_at=self.retry_at(name))


# ---------------------------------------------------------------------------------------- serving


def is_loopback(host: str) -> bool:
    """Whether `host` (as given to `serve --host`) is this machine only: localhost, 127.x.x.x or ::1."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def check_serving(roster: Roster, host: str, data_dir: Path, public_url: str | None = None) -> bool:
    """Whether the browsers of `quizapp serve --host HOST [--public-url URL]` must sign in (the roster
    has students); UserError (exit status 2) when it has none and the app is open to other machines:
    `host` is not this machine only, or a public address says a proxy brings other machines to it."""
    if roster.students:
        return True
    opening = f"--public-url {public_url}" if public_url else f"--host {host}"
    if public_url or not is_loopback(host):
        raise UserError(NO_ROSTER.format(opening=visible(opening), data_dir=visible(str(data_dir))), code=2)
    return False


def served_sign_in(data_dir: Path, open_to_network: bool) -> bool:
    """Whether a served app signs its student in (else it asks a name): whether the roster has
    students, read again as each browser opens. UserError when it has none though the server is open
    to other machines (the roster was emptied since the server started). BadFile for a damaged roster."""
    if read_roster(roster_path(data_dir)).students:
        return True
    if open_to_network:
        raise UserError(EMPTY_ROSTER_SERVED)
    return False


def students_without_codes(roster: Roster) -> list[str]:
    """The students who cannot sign in yet: no join code has been made for them."""
    return [student.name for student in roster.students if student.code is None]
