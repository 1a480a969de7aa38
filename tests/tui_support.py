"""Building the app for Pilot and snapshot tests: fixed clock, seed and time zone, a private data dir."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quizapp.deck.starter import starter_deck
from quizapp.tui.app import QuizApp, Start, build_app

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SIZE = (80, 24)
# The starter deck's questions, in deck order: one of every kind, the flashcard last.
STARTER_IDS = [
    "closest-planet",
    "gas-giants",
    "moon-light",
    "our-galaxy",
    "planet-count",
    "sun-and-earth",
    "inner-planets-order",
    "planet-nicknames",
    "orbit-definition",
]


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime = T0):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def starter(folder: Path, name: str = "planets.toml", title: str = "Planets") -> Path:
    """The starter deck (one question of every type) written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(starter_deck(path, title), encoding="utf-8")
    return path


def make_app(
    data_dir: Path, start: Start | None = None, clock: FakeClock | None = None, profile: str = "default", seed: int = 7
) -> QuizApp:
    """The app as the CLI builds it, with the clock, seed and zone fixed."""
    return build_app(data_dir, profile, start, clock or FakeClock(), UTC, seed)


async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app has opened its decks and store and shown its first screen."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        if app.store is not None and type(app.screen).__name__ != "LoadingScreen":
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


def key_events(app, keys: tuple[str, ...]) -> list:  # type: ignore[no-untyped-def]
    """Key events for `keys` (names as Pilot takes them: `enter`, `1`, `ctrl+z`), made as Pilot makes them."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    made = []
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        made.append(event)
    return made


def study_in_a_terminal(data: Path, deck: Path):  # type: ignore[no-untyped-def]
    """The installed `quizapp` studying the starter `deck` in a real pseudo-terminal (benchmarks'
    Terminal), its first question answered (1, then enter) and the feedback on screen."""
    import os
    import sys
    import time

    from benchmarks.terminal import Terminal

    script = Path(sys.executable).with_name("quizapp")
    env = {key: value for key, value in os.environ.items() if key != "QUIZAPP_DECKS"}
    terminal = Terminal([str(script), "--data-dir", str(data), "study", str(deck)], env)
    try:
        terminal.wait_for("closest to the Sun")
        terminal.type("1")
        time.sleep(0.3)
        terminal.type("\r")
        terminal.wait_for("Again")  # the answer is saved
    except BaseException:
        terminal.close()
        raise
    return terminal


async def type_ahead(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Press `keys` as a fast typist does: all of them queued at once, none waiting for the screen to
    catch up (Pilot's `press` waits for the app to be idle after each key); then wait until the app
    has handled them all."""
    app = pilot.app
    for event in key_events(app, keys):
        app._driver.send_message(event)
    for _ in range(len(keys) + 10):
        await pilot.pause()
    await pilot._wait_for_screen()


def prepared_questions(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The ids of the questions StudySession.prepare is called with from now on, in order (it still
    prepares them)."""
    from quizapp.study.session import StudySession

    prepared: list[str] = []
    prepare = StudySession.prepare

    def recorded(self: StudySession, item) -> None:  # type: ignore[no-untyped-def]
        prepared.append(item.question_id)
        prepare(self, item)

    monkeypatch.setattr(StudySession, "prepare", recorded)
    return prepared
