"""Snapshot tests: every screen at 80×24 and 120×36, with a fixed clock, seed and time zone.

The SVGs they keep (tests/__snapshots__/test_snapshots/) are also the screenshots in the README and
docs/. After an intended change of the look: make snapshots (pytest --snapshot-update), then read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import loaded, make_app, starter

from quizapp.classroom.roster import Roster, add_students, renew_codes, roster_path, write_roster
from quizapp.tui.app import Start

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


@pytest.fixture(autouse=True)
def relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in a fresh folder with relative paths, so that no temporary path shows in an image."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUIZAPP_DECKS", raising=False)
    starter(Path("decks"))


def study_app():  # type: ignore[no-untyped-def]
    return make_app(Path("data"), Start("study", ["decks/planets.toml"]))


async def wait(pilot) -> None:  # type: ignore[no-untyped-def]
    await loaded(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, size) -> None:
    assert snap_compare(make_app(Path("data")), terminal_size=size, run_before=wait)


@pytest.mark.parametrize("size", SIZES)
def test_study_question(snap_compare, size) -> None:
    assert snap_compare(study_app(), terminal_size=size, run_before=wait)


@pytest.mark.parametrize("size", SIZES)
def test_study_feedback(snap_compare, size) -> None:
    async def answer(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        widget = pilot.app.screen.current_input()
        await pilot.press(str(widget.shown.index("Venus") + 1), "enter")
        await pilot.pause()

    assert snap_compare(study_app(), terminal_size=size, run_before=answer)


async def reach(pilot, question_id: str) -> None:  # type: ignore[no-untyped-def]
    await loaded(pilot)
    screen = pilot.app.screen
    while screen.item.question.id != question_id:
        await screen.submit(None)
        await pilot.pause()
        await screen.next_question()
        await pilot.pause()


@pytest.mark.parametrize(
    "question_id", ["sun-and-earth", "inner-planets-order", "planet-nicknames", "orbit-definition"]
)
def test_study_question_types(snap_compare, question_id: str) -> None:
    async def go(pilot) -> None:  # type: ignore[no-untyped-def]
        await reach(pilot, question_id)
        if question_id == "orbit-definition":
            await pilot.press("space")
        await pilot.pause()

    assert snap_compare(study_app(), terminal_size=(80, 24), run_before=go)


def test_match_feedback_with_an_extra_picked(snap_compare) -> None:
    """The starter's match question answered with its extra for Mars: that pair wrong, the right one shown."""

    async def answer(pilot) -> None:  # type: ignore[no-untyped-def]
        await reach(pilot, "planet-nicknames")
        shown = pilot.app.screen.current_input().shown
        picks = ["the Great Red Spot", "its bright rings", "liquid water on its surface"]
        await pilot.press(*[str(shown.index(right) + 1) for right in picks], "enter")
        await pilot.pause()

    assert snap_compare(study_app(), terminal_size=(80, 24), run_before=answer)


@pytest.mark.parametrize("size", SIZES)
def test_session_end(snap_compare, size) -> None:
    async def end(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        widget = pilot.app.screen.current_input()
        await pilot.press(str(widget.shown.index("Mercury") + 1), "enter", "3", "escape")
        await pilot.pause()

    assert snap_compare(study_app(), terminal_size=size, run_before=end)


def exam_app():  # type: ignore[no-untyped-def]
    return make_app(
        Path("data"),
        Start("quiz", ["decks/planets.toml"], {"seed": 1, "time_limit": 15, "results_dir": Path("results")}),
    )


@pytest.mark.parametrize("size", SIZES)
def test_exam(snap_compare, size) -> None:
    assert snap_compare(exam_app(), terminal_size=size, run_before=wait)


@pytest.mark.parametrize("size", SIZES)
def test_exam_review(snap_compare, size) -> None:
    async def review(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("f2", "escape")
        await pilot.pause()

    assert snap_compare(exam_app(), terminal_size=size, run_before=review)


@pytest.mark.parametrize("size", SIZES)
def test_exam_results(snap_compare, size) -> None:
    async def submit(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("escape", "y")
        await pilot.pause()

    assert snap_compare(exam_app(), terminal_size=size, run_before=submit)


@pytest.mark.parametrize(
    ("mode", "deck"),
    [pytest.param("read", "nk-russia-core", id="read"), pytest.param("preview", "decks/planets.toml", id="preview")],
)
@pytest.mark.parametrize("size", SIZES)
def test_reading_and_preview(snap_compare, size, mode: str, deck: str) -> None:
    assert snap_compare(make_app(Path("data"), Start(mode, [deck])), terminal_size=size, run_before=wait)


@pytest.mark.parametrize(
    ("key", "name"), [("s", "stats"), ("o", "settings"), ("question_mark", "help"), ("w", "profiles")]
)
@pytest.mark.parametrize("size", SIZES)
def test_home_screens(snap_compare, size, key: str, name: str) -> None:
    async def open_screen(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(Path("data")), terminal_size=size, run_before=open_screen)


def test_high_contrast_theme(snap_compare) -> None:
    async def themed(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        pilot.app.theme = "high-contrast"
        await pilot.pause()

    assert snap_compare(study_app(), terminal_size=(80, 24), run_before=themed)


@pytest.mark.parametrize("size", SIZES)
def test_sign_in(snap_compare, size) -> None:
    """A served app's sign-in screen after a wrong code: the one message, and the wait it brings."""
    roster, codes = renew_codes(add_students(Roster(), ["Ann Lee"])[0])
    write_roster(roster_path(Path("data")), roster)
    wrong = "ACDE-FHJK" if codes[0][1] != "ACDEFHJK" else "MNPR-TUWX"

    async def wrong_code(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press(*"Ann Lee", "enter", *wrong, "enter")
        await pilot.pause()

    assert snap_compare(make_app(Path("data"), Start("serve")), terminal_size=size, run_before=wrong_code)


@pytest.mark.parametrize("size", SIZES)
def test_session_ended(snap_compare, size) -> None:
    """A served app whose student signed in again elsewhere: the reason, alone."""
    import datetime as dt

    from tui_support import T0, FakeClock

    from quizapp.classroom.sessions import ClassSession

    app = make_app(Path("data"), Start("serve"))
    app.SESSION_CHECK_SECONDS = 0.05

    async def signed_in_elsewhere(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press(*"Ann Lee", "enter")
        await pilot.pause()
        newer = ClassSession(Path("data"), FakeClock(T0 + dt.timedelta(minutes=1)))
        assert newer.join() and newer.signed_in("Ann Lee")
        for _ in range(100):
            await pilot.pause(0.02)
            if type(app.screen).__name__ == "EndedScreen" and app.screen.query("#ended-message"):
                break  # pushed and composed

    assert snap_compare(app, terminal_size=size, run_before=signed_in_elsewhere)
