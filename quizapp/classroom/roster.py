"""The class roster: who is in the class, and the hash of each student's join code.

One JSON file, `<data-dir>/class/roster.json`, written atomically and readable by its owner only,
and read back as untrusted input (it may have been edited by hand, or damaged): every way it can be
wrong is a BadFile naming the file and the fault, never a traceback. A student's name is their
profile name, so the profile rules apply (`datadir.check_profile_name`); names are matched ignoring
case, so that "ann lee" and "Ann Lee" are never two students.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..datadir import check_profile_name
from ..days import utc_now
from ..deck.suggest import did_you_mean
from ..files import MEGABYTE, durable_temporary, read_text
from ..problems import BadFile, Problem, UserError
from ..safetext import visible
from .joincodes import (
    CodeHash,
    ScryptParameters,
    hash_code,
    matches,
    new_code,
    normalised,
    parameters_problem,
    spend_a_check,
)

ROSTER_FORMAT = 1
MAX_ROSTER_BYTES = 5 * MEGABYTE  # some 15,000 students: far more than any class
ABOUT = (
    "quizapp's class roster: the students' names and the salted scrypt hashes of their join codes "
    "(never the codes themselves). Change it with `quizapp class`."
)
MEND = "mend the file, or move it away and build the roster again with `quizapp class add` and `quizapp class codes`"


def class_dir(data_dir: Path) -> Path:
    """The folder of the class's files: the roster, and the code sheets unless told otherwise."""
    return data_dir / "class"


def roster_path(data_dir: Path) -> Path:
    """The roster file of the data directory `data_dir`."""
    return class_dir(data_dir) / "roster.json"


@dataclass(frozen=True, slots=True)
class KeptCode:
    """What the roster keeps of a student's join code: its hash, and when it was made."""

    hash: CodeHash
    created: dt.datetime


@dataclass(frozen=True, slots=True)
class Student:
    """One student on the roster; `code` is None until `quizapp class codes` makes one."""

    name: str
    code: KeptCode | None = None


def _key(name: str) -> str:
    return name.casefold()


@dataclass(frozen=True, slots=True)
class Roster:
    """The students, in alphabetical order, each name once (ignoring case)."""

    students: tuple[Student, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "students", tuple(sorted(self.students, key=lambda student: (_key(student.name), student.name)))
        )

    def find(self, name: str) -> Student | None:
        """The student called `name` (ignoring case and spaces around it), or None."""
        wanted = _key(name.strip())
        return next((student for student in self.students if _key(student.name) == wanted), None)

    @property
    def names(self) -> list[str]:
        """Every student's name, in alphabetical order."""
        return [student.name for student in self.students]


def student_name(text: str) -> str:
    """A name as given on the command line, without spaces around it; UserError if it cannot be a profile's."""
    return check_profile_name(text.strip())


# ---------------------------------------------------------------------------------------- changes


def add_students(roster: Roster, names: list[str]) -> tuple[Roster, list[str], list[str]]:
    """The roster with `names` added (without codes), the names added, and those that were on it
    already, as the roster spells them (a name given twice is added once). UserError, and nothing
    added, if any name cannot be a profile name."""
    checked = [student_name(name) for name in names]
    already = [student.name for student in roster.students if any(roster.find(name) is student for name in checked)]
    added: list[Student] = []
    for name in checked:
        if roster.find(name) is None and Roster(tuple(added)).find(name) is None:
            added.append(Student(name))
    return Roster(roster.students + tuple(added)), [student.name for student in added], already


def _found(roster: Roster, names: list[str]) -> list[Student]:
    """The students named, each once; UserError naming every name not on the roster."""
    found: list[Student] = []
    unknown: list[str] = []
    for name in names:
        student = roster.find(name)
        if student is None:
            unknown.append(f'"{visible(name.strip())}"{did_you_mean(name.strip(), roster.names)}')
        elif student not in found:
            found.append(student)
    if unknown:
        which = "no student " + unknown[0] if len(unknown) == 1 else "no students " + ", ".join(unknown)
        raise UserError(f"{which} on the roster; see who is on it with: quizapp class list")
    return found


def remove_students(roster: Roster, names: list[str]) -> tuple[Roster, list[str]]:
    """The roster without the students named, and their names as the roster spells them.
    UserError, and nothing removed, if a name is not on the roster."""
    gone = _found(roster, names)
    return Roster(tuple(student for student in roster.students if student not in gone)), [s.name for s in gone]


def renew_codes(
    roster: Roster, names: list[str] | None = None, now: dt.datetime | None = None
) -> tuple[Roster, list[tuple[str, str]]]:
    """New join codes for the students named (None: every student), replacing their old ones.

    Returns the roster, which keeps only the codes' hashes, and each student's name with the new
    code: the only time the code exists in the clear. UserError if a name is not on the roster, or
    the roster is empty.
    """
    if not roster.students:
        raise UserError("the roster is empty; add the students first: quizapp class add NAME...")
    chosen = list(roster.students) if names is None else _found(roster, names)
    made = (now or utc_now()).astimezone(dt.timezone.utc).replace(microsecond=0)
    codes: list[tuple[str, str]] = []
    renewed: dict[str, Student] = {}
    for student in chosen:
        code = new_code()
        codes.append((student.name, code))
        renewed[student.name] = replace(student, code=KeptCode(hash_code(code), made))
    return Roster(tuple(renewed.get(student.name, student) for student in roster.students)), codes


def check_code(roster: Roster, name: str, typed: str) -> bool:
    """Whether `typed` is the join code of the student called `name` (ignoring case in both; the code
    with or without its dash and spaces). As slow for a name not on the roster, or without a code,
    as for one with a code, so that the time taken does not tell which names are on the roster."""
    if normalised(typed) is None:  # not the shape of any code: refused at once, whoever the name is
        return False
    student = roster.find(name)
    if student is None or student.code is None:
        spend_a_check()
        return False
    return matches(student.code.hash, typed)


# ---------------------------------------------------------------------------------------- the file


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _code_json(code: KeptCode | None) -> dict[str, Any] | None:
    if code is None:
        return None
    kept = code.hash
    return {
        "scrypt": {"n": kept.parameters.n, "r": kept.parameters.r, "p": kept.parameters.p},
        "salt": kept.salt.hex(),
        "hash": kept.digest.hex(),
        "created": _iso(code.created),
    }


def roster_document(roster: Roster) -> dict[str, Any]:
    """The roster file's content."""
    return {
        "format": ROSTER_FORMAT,
        "about": ABOUT,
        "students": [{"name": student.name, "code": _code_json(student.code)} for student in roster.students],
    }


def write_roster(path: Path, roster: Roster) -> None:
    """Write the roster file atomically (whole or not at all), readable and writable by its owner only
    (where the system has such permissions). UserError, with the old file left as it was, on failure."""
    text = json.dumps(roster_document(roster), ensure_ascii=False, indent=1) + "\n"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # The temporary file is 0600 from the start: the hashes are never readable by others, even briefly.
        with durable_temporary(path.parent, text) as temporary:
            os.replace(temporary, path)
    except OSError as error:
        raise UserError(
            f"cannot write the roster {visible(str(path))}: {error.strerror or error}; nothing was changed"
        ) from None


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _hex(value: Any, where: str, least: int, most: int) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"{where} must be hexadecimal text")
    try:
        data = bytes.fromhex(value)
    except ValueError:
        raise ValueError(f"{where} must be hexadecimal text") from None
    if not least <= len(data) <= most:
        raise ValueError(f"{where} must be {least} to {most} bytes long, not {len(data)}")
    return data


def _kept_code(value: Any, where: str) -> KeptCode | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object or null")
    cost = value.get("scrypt")
    if not isinstance(cost, dict) or not all(_whole_number(cost.get(key)) for key in "nrp"):
        raise ValueError(f"{where}.scrypt must hold the whole numbers n, r and p")
    parameters = ScryptParameters(cost["n"], cost["r"], cost["p"])
    problem = parameters_problem(parameters)
    if problem is not None:
        raise ValueError(f"{where}.scrypt: {problem}")
    salt = _hex(value.get("salt"), f"{where}.salt", 8, 64)
    digest = _hex(value.get("hash"), f"{where}.hash", 16, 64)
    created = value.get("created")
    try:
        moment = dt.datetime.fromisoformat(created) if isinstance(created, str) else None
        utc = moment.astimezone(dt.timezone.utc) if moment is not None and moment.tzinfo is not None else None
    except (ValueError, OverflowError):  # not a time; or one whose UTC is out of range (year 1, east of UTC)
        utc = None
    if utc is None:
        raise ValueError(f'{where}.created must be a UTC time such as "2026-11-27T09:14:10Z"')
    return KeptCode(CodeHash(parameters, salt, digest), utc)


def _student(value: Any, where: str) -> Student:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object with a name")
    name = value.get("name")
    if not isinstance(name, str):
        raise ValueError(f"{where}.name must be text")
    try:
        check_profile_name(name)
    except UserError as error:
        raise ValueError(f"{where}.name: {error}") from None
    if name != name.strip():
        raise ValueError(f'{where}.name "{name}" has spaces around it')
    return Student(name, _kept_code(value.get("code"), f"{where}.code"))


def read_roster(path: Path) -> Roster:
    """The roster in `path`; an empty one when there is no such file yet. BadFile naming the file and
    the fault, with what to do, when it is damaged or not a roster."""
    if not path.exists() and not path.is_symlink():
        return Roster()
    _, text = read_text(path, MAX_ROSTER_BYTES, "roster")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem(
            str(path), "error", f"the roster is not valid JSON ({error.msg}); {MEND}", error.lineno, error.colno
        )
        raise BadFile([problem]) from None
    except RecursionError:  # thousands of [ or { in a row: no roster is like that
        raise BadFile([Problem(str(path), "error", f"not a quizapp roster (nested too deeply); {MEND}")]) from None
    try:
        if not isinstance(data, dict) or data.get("format") != ROSTER_FORMAT:
            raise ValueError(f"not a quizapp roster (format {ROSTER_FORMAT})")
        entries = data.get("students")
        if not isinstance(entries, list):
            raise ValueError("students must be a list")
        students: dict[str, Student] = {}
        for position, entry in enumerate(entries):
            student = _student(entry, f"students[{position}]")
            if _key(student.name) in students:
                raise ValueError(f'students[{position}]: "{student.name}" is on the roster twice')
            students[_key(student.name)] = student
    except ValueError as error:
        raise BadFile([Problem(str(path), "error", f"{error}; {MEND}")]) from None
    return Roster(tuple(students.values()))


def roster_json(roster: Roster) -> list[dict[str, Any]]:
    """The roster as `quizapp class list --json` prints it: no code, no hash."""
    return [
        {
            "name": student.name,
            "has_code": student.code is not None,
            "code_created": _iso(student.code.created) if student.code else None,
        }
        for student in roster.students
    ]
