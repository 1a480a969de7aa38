"""The class roster and its join codes: random codes kept only as hashes, checked leniently and in
constant time; a roster file read as untrusted input; the printable sheet; `quizapp class`."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import FUZZ, damaged_json, json_values, sometimes_anything
from hypothesis import given
from hypothesis import strategies as st

from quizapp.classroom import roster as roster_module
from quizapp.classroom.code_sheet import sheet_html, sheet_text
from quizapp.classroom.joincodes import (
    ALPHABET,
    CODE_LENGTH,
    DEFAULT_PARAMETERS,
    ScryptParameters,
    hash_code,
    new_code,
    normalised,
    shown,
)
from quizapp.classroom.roster import (
    KeptCode,
    Roster,
    Student,
    add_students,
    check_code,
    read_roster,
    remove_students,
    renew_codes,
    roster_document,
    roster_path,
    write_roster,
)
from quizapp.cli import main
from quizapp.problems import BadFile, UserError

NOW = dt.datetime(2026, 11, 27, 9, 14, 10, tzinfo=dt.timezone.utc)
NEVER = "0O1lIL5S2Z8B"  # the look-alikes named in issue #17, all left out
ONE_OF = ("0OQ", "6G", "UV")  # and of these, at most one of each group is kept


def class_of(*names: str) -> Roster:
    return add_students(Roster(), list(names))[0]


@pytest.fixture(scope="module")
def coded() -> tuple[Roster, dict[str, str]]:
    """A roster of three, two of them with codes (made once: each takes some 40 ms on purpose)."""
    roster, codes = renew_codes(class_of("Ann Lee", "Bob"), None, NOW)
    roster = add_students(roster, ["Cy"])[0]
    return roster, dict(codes)


# ---------------------------------------------------------------------------------------- codes


def test_codes_are_of_the_alphabet_and_the_length() -> None:
    assert not set(NEVER) & set(ALPHABET)
    assert all(len(set(group) & set(ALPHABET)) <= 1 for group in ONE_OF)
    codes = [new_code() for _ in range(500)]
    assert all(len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert len(set(codes)) == len(codes)  # 5.5e10 of them: no two alike in 500
    assert set("".join(codes)) == set(ALPHABET)  # every character is used (4000 draws of 22)
    group = f"[{ALPHABET}]{{4}}"
    assert all(re.fullmatch(f"{group}-{group}", shown(code)) for code in codes)


@pytest.mark.parametrize("typed", ["K7HM-3WXT", "k7hm-3wxt", "K7HM3WXT", " k7hm 3wxt ", "K7HM – 3WXT"])
def test_a_code_may_be_typed_in_any_case_with_or_without_dash_and_spaces(typed: str) -> None:
    assert normalised(typed) == "K7HM3WXT"


@pytest.mark.parametrize("typed", ["", "K7HM-3WX", "K7HM-3WXTT", "K7HM-3WX0", "K7HM-3WXO", "ĸ7QM-3WXT"])
def test_what_cannot_be_a_code_is_not_one(typed: str) -> None:
    assert normalised(typed) is None


def test_a_code_checks_true_for_its_student_only(coded: tuple[Roster, dict[str, str]]) -> None:
    roster, codes = coded
    ann, bob = codes["Ann Lee"], codes["Bob"]
    assert check_code(roster, "Ann Lee", ann)
    assert check_code(roster, "Ann Lee", shown(ann).lower())
    assert check_code(roster, "ann lee ", ann[:4] + " " + ann[4:])  # the name ignoring case and spaces too
    assert not check_code(roster, "Ann Lee", bob)  # another student's code
    assert not check_code(roster, "Bob", ann)
    wrong = ann[:-1] + next(char for char in ALPHABET if char != ann[-1])
    assert not check_code(roster, "Ann Lee", wrong)
    assert not check_code(roster, "Cy", ann)  # on the roster, without a code yet
    assert not check_code(roster, "Dee", ann)  # not on the roster
    assert not check_code(roster, "Ann Lee", "")


def test_the_roster_file_holds_no_code(tmp_path: Path, coded: tuple[Roster, dict[str, str]]) -> None:
    roster, codes = coded
    path = tmp_path / "roster.json"
    write_roster(path, roster)
    data = path.read_bytes()
    for code in codes.values():
        for form in (code, shown(code), code.lower(), shown(code).lower()):
            assert form.encode() not in data
    stored = json.loads(data)["students"]
    assert [entry["name"] for entry in stored] == ["Ann Lee", "Bob", "Cy"]
    assert stored[0]["code"]["scrypt"] == {"n": DEFAULT_PARAMETERS.n, "r": DEFAULT_PARAMETERS.r, "p": 1}
    assert stored[0]["code"]["created"] == "2026-11-27T09:14:10Z" and stored[2]["code"] is None
    assert read_roster(path) == roster
    assert check_code(read_roster(path), "Bob", codes["Bob"])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_roster_file_is_its_owners_only(tmp_path: Path) -> None:
    path = tmp_path / "class" / "roster.json"
    write_roster(path, class_of("Ann"))
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_new_codes_replace_the_old(coded: tuple[Roster, dict[str, str]]) -> None:
    roster, codes = coded
    renewed, new = renew_codes(roster, ["ann lee"], NOW + dt.timedelta(days=1))
    assert [name for name, _ in new] == ["Ann Lee"]
    assert not check_code(renewed, "Ann Lee", codes["Ann Lee"])
    assert check_code(renewed, "Ann Lee", new[0][1])
    assert check_code(renewed, "Bob", codes["Bob"])  # the others keep theirs
    code = renewed.find("Ann Lee")
    assert code is not None and code.code is not None and code.code.created == NOW + dt.timedelta(days=1)


def test_codes_for_everyone_and_for_no_one() -> None:
    roster, codes = renew_codes(class_of("Ann", "Bob", "Cy"), None, NOW)
    assert [name for name, _ in codes] == ["Ann", "Bob", "Cy"]
    assert all(student.code is not None for student in roster.students)
    with pytest.raises(UserError, match="the roster is empty; add the students first"):
        renew_codes(Roster(), None, NOW)
    with pytest.raises(UserError, match='no student "Bobb" \\(did you mean "Bob"\\?\\) on the roster'):
        renew_codes(roster, ["Ann", "Bobb"], NOW)


def test_stored_parameters_are_used_to_check(tmp_path: Path) -> None:
    """Parameters stored with a hash are the ones it is checked with: they can change later."""
    cheaper = ScryptParameters(n=2**10, r=4, p=2)
    roster = Roster((Student("Ann", KeptCode(hash_code("K7HM3WXT", cheaper), NOW)),))
    path = tmp_path / "roster.json"
    write_roster(path, roster)
    again = read_roster(path)
    assert again == roster and check_code(again, "Ann", "k7hm-3wxt")


# ---------------------------------------------------------------------------------------- names


def test_adding_names() -> None:
    roster, added, already = add_students(class_of("Ann Lee"), ["  Bob ", "ann lee", "Cy", "bob"])
    assert roster.names == ["Ann Lee", "Bob", "Cy"]
    assert added == ["Bob", "Cy"] and already == ["Ann Lee"]


@pytest.mark.parametrize("name", ["", "   ", "a\x1b[2Jb", "a\nb", "tab\there", "x" * 65, "\x9b31m"])
def test_bad_names_are_refused_and_nothing_is_added(name: str) -> None:
    with pytest.raises(UserError) as refused:
        add_students(class_of("Ann"), ["Bob", name])
    assert refused.value.code == 2 and "profile name" in str(refused.value)


def test_removing() -> None:
    roster, removed = remove_students(class_of("Ann Lee", "Bob", "Cy"), ["bob", "Cy"])
    assert roster.names == ["Ann Lee"] and removed == ["Bob", "Cy"]
    with pytest.raises(UserError, match='no student "Anne Lee" \\(did you mean "Ann Lee"\\?\\) on the roster'):
        remove_students(roster, ["Anne Lee"])
    with pytest.raises(UserError, match=r'^no student "Zed" on the roster; see who is on it with: quizapp class list$'):
        remove_students(roster, ["Zed"])
    with pytest.raises(UserError, match='no students "X", "Y" on the roster'):
        remove_students(roster, ["Ann Lee", "X", "Y"])


# ---------------------------------------------------------------------------------------- the file


def _document(*students: dict[str, Any]) -> dict[str, Any]:
    return {"format": 1, "students": list(students)}


GOOD_CODE = {
    "scrypt": {"n": 16384, "r": 8, "p": 1},
    "salt": "00" * 16,
    "hash": "11" * 32,
    "created": "2026-11-27T09:14:10Z",
}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "the roster is not valid JSON"),
        ("[]", "not a quizapp roster (format 1)"),
        (json.dumps({"format": 2, "students": []}), "not a quizapp roster (format 1)"),
        (json.dumps({"format": 1}), "students must be a list"),
        (json.dumps(_document("Ann")), "students[0] must be an object with a name"),
        (json.dumps(_document({"name": 7})), "students[0].name must be text"),
        (json.dumps(_document({"name": "a\x1bb"})), "students[0].name: the profile name"),
        (json.dumps(_document({"name": " Ann"})), "has spaces around it"),
        (json.dumps(_document({"name": "Ann"}, {"name": "ANN"})), 'students[1]: "ANN" is on the roster twice'),
        (json.dumps(_document({"name": "Ann", "code": "K7HM-3WXT"})), "students[0].code must be an object or null"),
        (json.dumps(_document({"name": "A", "code": GOOD_CODE | {"salt": "xyz"}})), ".salt must be hexadecimal"),
        (json.dumps(_document({"name": "A", "code": GOOD_CODE | {"hash": "11"}})), ".hash must be 16 to 64 bytes"),
        (json.dumps(_document({"name": "A", "code": GOOD_CODE | {"created": "today"}})), ".created must be a UTC"),
        (
            json.dumps(_document({"name": "A", "code": GOOD_CODE | {"created": "0001-01-01T00:00:00+01:00"}})),
            ".created must be a UTC",
        ),
        (json.dumps(_document({"name": "A", "code": GOOD_CODE | {"scrypt": {"n": 3, "r": 8, "p": 1}}})), "power of 2"),
        (json.dumps(_document({"name": "A", "code": GOOD_CODE | {"scrypt": {"n": 2**30, "r": 8, "p": 1}}})), "MiB"),
        (json.dumps(_document({"name": "A", "code": GOOD_CODE | {"scrypt": {"n": 1024, "r": True, "p": 1}}})), "n, r"),
        ("\x00", "binary file"),
    ],
)
def test_a_damaged_roster_is_named_with_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "roster.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadFile) as bad:
        read_roster(path)
    assert [problem.file for problem in bad.value.problems] == [str(path)]
    assert message in str(bad.value)


def test_no_roster_file_is_an_empty_roster(tmp_path: Path) -> None:
    assert read_roster(tmp_path / "class" / "roster.json") == Roster()


def test_a_failed_write_leaves_the_old_roster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "roster.json"
    write_roster(path, class_of("Ann"))

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(roster_module.os, "replace", full_disk)
    with pytest.raises(UserError, match=r"cannot write the roster .*No space left on device; nothing was changed"):
        write_roster(path, class_of("Ann", "Bob"))
    assert read_roster(path).names == ["Ann"]
    assert [child.name for child in tmp_path.iterdir()] == ["roster.json"]


# ---------------------------------------------------------------------------------------- the sheet


def test_the_html_sheet_has_every_name_escaped_and_every_code() -> None:
    cards = [("<b>x</b>", "K7HM3WXT"), ("Ann & Bob", "ACDE3467"), ('"Quote"', "HJKM9797")]
    sheet = sheet_html(cards, "http://10.0.0.5:8000/?a=1&b=<2>", NOW)
    assert "<b>x</b>" not in sheet and "&lt;b&gt;x&lt;/b&gt;" in sheet
    assert "Ann &amp; Bob" in sheet and "&quot;Quote&quot;" in sheet
    assert all(shown(code) in sheet for _, code in cards)
    assert sheet.count('<div class="card">') == 3
    assert "http://10.0.0.5:8000/?a=1&amp;b=&lt;2&gt;" in sheet and "<2>" not in sheet
    assert "made 2026-11-27 09:14 UTC" in sheet


def test_the_text_sheet_has_every_name_and_code() -> None:
    cards = [("Ann Lee", "K7HM3WXT"), ("Bob", "ACDE3467")]
    sheet = sheet_text(cards, None, NOW)
    assert "  Ann Lee\n" in sheet and "  Join code:  K7HM-3WXT\n" in sheet and "ACDE-3467" in sheet
    assert "Open quizapp as your teacher shows you." in sheet and "Address" not in sheet
    assert "Address:    http://x/" in sheet_text(cards, "http://x/", NOW)


# ---------------------------------------------------------------------------------------- the command line


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("QUIZAPP_DATA_DIR", raising=False)
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), "class", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_class_add_and_list(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, err = run(capsys, data, "list")
    assert (code, out) == (0, "") and "the roster is empty; add students with: quizapp class add" in err
    assert not data.exists()  # listing creates nothing
    code, out, _ = run(capsys, data, "add", "Ann Lee", "Bob")
    assert code == 0
    assert out == "added Ann Lee\nadded Bob\nmake their join codes with: quizapp class codes 'Ann Lee' Bob\n"
    code, out, _ = run(capsys, data, "add", "bob", "Cy")
    assert out == "already on the roster: Bob\nadded Cy\nmake their join codes with: quizapp class codes Cy\n"
    code, out, _ = run(capsys, data, "add", "Bob")
    assert (code, out) == (0, "already on the roster: Bob\n")
    code, out, _ = run(capsys, data, "list")
    assert out == "STUDENT  CODE  CODE MADE\nAnn Lee  no    -\nBob      no    -\nCy       no    -\n"
    code, out, _ = run(capsys, data, "list", "--json")
    assert json.loads(out)[0] == {"name": "Ann Lee", "has_code": False, "code_created": None}


def test_class_add_says_how_to_type_the_names(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    _, out, _ = run(capsys, data, "add", "O'Brien", 'Say "Hi"', "Cy")
    assert out.splitlines()[-1] == """make their join codes with: quizapp class codes "O'Brien" 'Say "Hi"' Cy"""


def test_class_add_refuses_a_bad_name(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, err = run(capsys, data, "add", "Ann", "a\x1b[2Jb")
    assert (code, out) == (2, "")
    assert err == 'quizapp: error: the profile name "a\\x1b[2Jb" contains control characters\n'
    assert not roster_path(data).exists()


def test_class_codes(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    run(capsys, data, "add", "Ann Lee", "<b>x</b>", "Bob")
    code, out, err = run(capsys, data, "codes", "--url", "http://10.0.0.5:8000/")
    assert code == 0
    lines = out.splitlines()
    assert [line[:10] for line in lines] == ["<b>x</b>  ", "Ann Lee   ", "Bob       "]
    codes = {line[:8].rstrip(): line[10:] for line in lines}
    assert all(re.fullmatch(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", typed) for typed in codes.values())
    roster = read_roster(roster_path(data))
    assert all(check_code(roster, name, typed) for name, typed in codes.items())
    assert "3 new join codes, shown only now" in err
    sheets = list((data / "class").glob("codes-*.html"))
    assert len(sheets) == 1 and f"printable sheet: {sheets[0]}" in err
    sheet = sheets[0].read_text(encoding="utf-8")
    assert "&lt;b&gt;x&lt;/b&gt;" in sheet and "<b>x</b>" not in sheet
    assert all(typed in sheet for typed in codes.values()) and "http://10.0.0.5:8000/" in sheet
    if sys.platform != "win32":
        assert sheets[0].stat().st_mode & 0o777 == 0o600
    code, out, _ = run(capsys, data, "list")
    assert re.fullmatch(r"Ann Lee   yes   \d{4}-\d\d-\d\d \d\d:\d\d UTC", out.splitlines()[2])
    assert not any(typed in out for typed in codes.values())

    # One student's code again: theirs changes, the others' do not; a second sheet the same minute is numbered.
    code, out, _ = run(capsys, data, "codes", "ann LEE")
    assert code == 0 and out.startswith("Ann Lee  ")
    roster = read_roster(roster_path(data))
    assert not check_code(roster, "Ann Lee", codes["Ann Lee"]) and check_code(roster, "Ann Lee", out.split()[-1])
    assert check_code(roster, "Bob", codes["Bob"])
    assert len(list((data / "class").glob("codes-*.html"))) == 2


def test_class_codes_text_sheet_and_refusals(capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, data, "codes")
    assert code == 1 and "the roster is empty; add the students first: quizapp class add NAME..." in err
    run(capsys, data, "add", "Ann")
    sheet = tmp_path / "codes.txt"
    code, out, _ = run(capsys, data, "codes", "--sheet", str(sheet))
    assert code == 0 and out.split()[-1] in sheet.read_text(encoding="utf-8")
    before = roster_path(data).read_bytes()
    code, out, err = run(capsys, data, "codes", "--sheet", str(sheet))  # never overwritten: and no code made
    assert (code, out) == (1, "") and "already exists; quizapp never overwrites a file" in err
    code, out, err = run(capsys, data, "codes", "Anne")
    assert (code, out) == (1, "") and 'no student "Anne" (did you mean "Ann"?)' in err
    code, out, err = run(capsys, data, "codes", "--url", "http://x/\x1b[2J")
    assert (code, out) == (2, "") and "--url needs an address" in err
    assert roster_path(data).read_bytes() == before


def test_class_remove(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    run(capsys, data, "add", "Ann Lee", "Bob")
    code, out, err = run(capsys, data, "remove", "Bobby")
    assert (code, out) == (1, "")
    assert (
        err
        == 'quizapp: error: no student "Bobby" (did you mean "Bob"?) on the roster; see who is on it with: quizapp class list\n'
    )
    code, out, _ = run(capsys, data, "remove", "bob")
    assert (code, out) == (0, "removed Bob from the roster (their progress and results are kept)\n")
    assert read_roster(roster_path(data)).names == ["Ann Lee"]


def test_class_without_an_action(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, _, err = run(capsys, data)
    assert code == 2 and "required: ACTION" in err
    code, _, err = run(capsys, data, "enroll")
    assert code == 2 and "invalid choice" in err


def test_a_damaged_roster_file_is_one_clear_line(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    path = roster_path(data)
    path.parent.mkdir(parents=True)
    path.write_text('{"format": 1, "students": [{"name": "Ann", "code": {"scrypt": 5}}]}', encoding="utf-8")
    for action in (["list"], ["add", "Bob"], ["remove", "Ann"], ["codes"]):
        code, out, err = run(capsys, data, *action)
        assert (code, out) == (1, "")
        assert err == (
            f"{path}: error: students[0].code.scrypt must hold the whole numbers n, r and p; mend the file, or move "
            "it away and build the roster again with `quizapp class add` and `quizapp class codes`\n"
        )


# ---------------------------------------------------------------------------------------- fuzz

FOLDER = Path(tempfile.mkdtemp(prefix="roster-fuzz-"))
HOSTILE = st.sampled_from(["\x1b[2J", "\x9b31m", "<b>x</b>", "\u202e", "\x00", " Ann", "ann", "Ann"])
TEXT = st.one_of(st.text(max_size=12), HOSTILE)
JSON = json_values(TEXT)


@st.composite
def roster_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A roster file with the right shape, every value of which may be replaced by anything."""

    def maybe(value: Any) -> Any:
        return sometimes_anything(draw, value, JSON)

    def code() -> Any:
        return maybe(
            {
                "scrypt": maybe(
                    {"n": maybe(draw(st.sampled_from([2, 1024, 16384, 2**21]))), "r": maybe(8), "p": maybe(1)}
                ),
                "salt": maybe(draw(st.binary(min_size=0, max_size=70)).hex()),
                "hash": maybe(draw(st.binary(min_size=0, max_size=70)).hex()),
                "created": maybe(draw(st.sampled_from(["2026-11-27T09:14:10Z", "2026-11-27T09:14:10", "x"]))),
            }
        )

    students = [
        {"name": maybe(draw(TEXT)), "code": code() if draw(st.booleans()) else None}
        for _ in range(draw(st.integers(0, 5)))
    ]
    return {"format": maybe(1), "students": maybe(students)}


def read_or_refuse(path: Path) -> None:
    """The file is a roster, written back the same, or a BadFile naming it; never anything else."""
    try:
        roster = read_roster(path)
    except BadFile as bad:
        assert bad.problems and all(problem.file == str(path) for problem in bad.problems)
        return
    again = FOLDER / "again.json"
    write_roster(again, roster)
    assert read_roster(again) == roster
    assert json.loads(again.read_text(encoding="utf-8")) == roster_document(roster)


@FUZZ
@given(roster_documents())
def test_any_roster_document_is_read_or_refused(document: dict[str, Any]) -> None:
    path = FOLDER / "roster.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    read_or_refuse(path)


@FUZZ
@given(damaged_json(lambda depth: b'{"format": 1, "students": ' + b"[" * depth + b"]" * depth + b"}"))
def test_any_bytes_are_a_roster_or_a_reason(data: bytes) -> None:
    path = FOLDER / "bytes.json"
    path.write_bytes(data)
    read_or_refuse(path)
