"""The monkey test's engine (issue #13): seeded random walks of keys through every screen of the TUI.

A walk presses keys, chosen at random but weighted by the screen on top so that it gets deep (home →
study → answer → feedback → rate; home → exam → answers → review → submit → results; an exam left
half done, the app opened again, the resume dialog), resizes the terminal between 80×24 and
120×36, and now and then leaves the app and opens it again on the same data directory. The clock is
a FakeClock moved on by a second a key (and by minutes now and then), so exams with a short time
limit run out; the exam screen's once-a-second tick is called after each key, as the real timer
would have been by then (the real timer is paused, so that a walk replays exactly). After each key
the walk waits until the app has handled everything (Monkey.settle), painting the screen at every
turn of the event loop where it has something to paint, as a slow machine's 60-a-second timer may:
so what waits for a paint runs as early as it ever could, and races between the two show.

After EVERY key the referee checks that nothing crashed and that what the screen says was answered
is what the session, the store and the results files hold (see `Referee`). The first broken rule
raises `MonkeyFailure`, carrying the seed, the last keys and the script of actions that replays it;
`shrink` cuts that script down to a short one that still breaks the same rule.

Driven by tests/test_monkey.py; `make monkey` runs it long (MONKEY_SEEDS, MONKEY_KEYS).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import importlib
import inspect
import json
import math
import os
import random
import re
import shutil
import sqlite3
import time
import traceback
import types
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from tui_support import FakeClock, make_app, starter

from quizapp.safetext import visible
from quizapp.tui.app import Start


def module(*names: str) -> types.ModuleType:
    """The first of these modules that imports (quizapp.study.exam; quizapp.exam before the package
    was split into deck / study / classroom, so that the monkey can be walked on an older checkout)."""
    for candidate in names:
        try:
            return importlib.import_module(candidate)
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError(names[0])


grading = module("quizapp.study.grading", "quizapp.grading")
grade, parse_number = grading.grade, grading.parse_number

STEP_SECONDS = 1  # the fake clock moves this much with every key
SIZES = [(80, 24), (90, 28), (100, 30), (110, 32), (120, 36)]

# Keys a student might press anywhere (the list), never ctrl+q / ctrl+c.
GENERIC_KEYS = (
    list("1234567890")
    + list("abcdefghijklmnopqrstuvwxyz")
    + [
        "up",
        "down",
        "left",
        "right",
        "enter",
        "escape",
        "tab",
        "shift+tab",
        "space",
        "pageup",
        "pagedown",
        "ctrl+z",
        "question_mark",
        "backspace",
        "f1",
        "f2",
        "f3",
        "home",
        "end",
        "h",
        "t",
        "f",
        "y",
        "n",
        "u",
    ]
)
WORDS = [
    "Mercury",
    "Milky Way",
    "sun",
    "the earth",
    "third",
    "Mars",
    "Pyongyang",
    "Moscow",
    "Kim",
    "treaty",
    "two",
    "1990s",
    "abc",
    "x",
    "Hwasong",
    "Shoigu",
    "yes no",
    "Venus Earth",
]
NUMBERS = ["8", "9", "42", "3.5", "1,200", "-1", "0", "2024", "1e3", "12"]
TRACE = bool(os.environ.get("MONKEY_TRACE"))
# eager (the default): the screen paints at every turn of the event loop when it has something to
# paint, running what waits for a paint as early as a slow machine would (races show); quiet: only
# once everything else is done (a failure that shows only when eager is a race).
EAGER_PAINT = os.environ.get("MONKEY_PAINT", "eager") != "quiet"
IGNORED = [prefix for prefix in os.environ.get("MONKEY_IGNORE", "").split(",") if prefix]
NAMES = ["ann", "bob", "Zoë", "class 7b", "x" * 3, "default"]


class MonkeyFailure(AssertionError):
    """A walk broke a rule (or the app crashed). `signature` names what broke, for the shrinker."""

    def __init__(self, signature: str, message: str):
        super().__init__(message)
        self.signature = signature
        self.message = message
        self.context = ""  # seed, keys, replay: filled in by the walk
        self.actions: list[list[Any]] = []

    def __str__(self) -> str:
        return f"{self.signature}: {self.message}{self.context}"


# ---------------------------------------------------------------------------------------------- the plan


@dataclass
class Plan:
    """What a seed's walk is: its length in keys, how the app is first opened, the exam options."""

    seed: int
    keys: int
    first: str = "home"
    time_limit: int | None = None  # minutes, for `quizapp quiz` (the starter deck's exam)
    count: int | None = None
    exam_seed: int = 3
    size: tuple[int, int] = (80, 24)

    @classmethod
    def for_seed(cls, seed: int, keys: int) -> Plan:
        """A varied plan: the first screen, the size, a 2-minute exam in one seed out of three."""
        rng = random.Random(f"plan {seed}")
        return cls(
            seed=seed,
            keys=keys,
            first=("home", "quiz", "home", "study", "home", "quiz", "home", "study-all")[seed % 8],
            time_limit=2 if seed % 3 == 1 else rng.choice([None, 10, 30]),
            count=rng.choice([None, None, 5]),
            exam_seed=rng.randrange(1000),
            size=rng.choice(SIZES),
        )


def pick(rng: random.Random, choices: list[tuple[float, Any]]) -> Any:
    """One of `choices`, (weight, value) pairs, with chance proportional to its weight."""
    total = sum(weight for weight, _ in choices)
    point = rng.random() * total
    for weight, value in choices:
        point -= weight
        if point < 0:
            return value
    return choices[-1][1]


def key_event(key: str) -> events.Key:
    """The Key event Pilot.press would send for `key` (a key name, or one character)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def typed(text: str) -> list[str]:
    """The keys that type `text`."""
    return ["space" if char == " " else char for char in text]


def name(screen: object) -> str:
    return type(screen).__name__


def text_of(widget: object) -> str:
    """The plain text a Static shows."""
    try:
        return str(widget.render())  # type: ignore[attr-defined]
    except Exception:
        return ""


def screen_text(screen: Any) -> str:
    """The text of every Static on a screen, one per line."""
    from textual.widgets import Static

    return "\n".join(text_of(static) for static in screen.query(Static))


def jsonable(value: Any) -> Any:
    """A response as a results file or the store's log keeps it (JSON)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def same(left: Any, right: Any) -> bool:
    """Equal as JSON (a tuple is a list; NaN equals NaN)."""
    left, right = jsonable(left), jsonable(right)
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left) and math.isnan(right):
        return True
    return left == right


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextlib.contextmanager
def fixed_exam_seeds(rng: random.Random) -> Iterator[None]:
    """An exam opened from the home screen draws its seed from random.SystemRandom: here it comes
    from the walk's own seeded source, so that a walk replays the same questions."""
    exam = module("quizapp.study.exam", "quizapp.exam")

    class Seeded(random.Random):
        def __init__(self, *_: object) -> None:
            super().__init__(rng.randrange(2**31))

    saved = {}
    if isinstance(getattr(exam, "random", None), types.ModuleType):
        saved["random"] = exam.random
        shim = types.ModuleType("random")
        shim.__dict__.update(random.__dict__)
        shim.SystemRandom = Seeded  # type: ignore[attr-defined]
        exam.random = shim  # type: ignore[attr-defined]
    if hasattr(exam, "SystemRandom"):
        saved["SystemRandom"] = exam.SystemRandom
        exam.SystemRandom = Seeded  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for attribute, value in saved.items():
            setattr(exam, attribute, value)


@contextlib.contextmanager
def working_dir(folder: Path) -> Iterator[None]:
    """Run in `folder`: the command palette's screenshot command writes to the current directory."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def painting_on_demand() -> Iterator[None]:
    """Screens paint when the walk's settle has them paint (Monkey.settle), not also on their own
    60-a-second timer: the same paints, at moments that do not depend on the machine's speed (so a
    walk replays exactly)."""
    import textual.screen

    saved = textual.screen.UPDATE_PERIOD
    textual.screen.UPDATE_PERIOD = 0.5
    try:
        yield
    finally:
        textual.screen.UPDATE_PERIOD = saved


def crash_signature(error: BaseException) -> str:
    """`crash: IndexError in exam.py:action_record_and_next` - the app's innermost frame."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [
        frame
        for frame in frames
        if "quizapp" in frame.filename.replace("\\", "/").split("site-packages")[-1] and "/tests/" not in frame.filename
    ]
    where = f" in {Path(ours[-1].filename).name}:{ours[-1].name}" if ours else ""
    return f"crash: {type(error).__name__}{where}"


# ---------------------------------------------------------------------------------------------- the referee


@dataclass
class StudyWatch:
    """What the referee counts for one study screen: the answers whose feedback it showed, the
    flashcards rated, the undos it announced; and where the store's log stood when it first looked."""

    baseline: int  # the last review id in the store when the screen was first seen
    feedbacks: int = 0
    flashcards: int = 0
    undos: int = 0
    leaves: int = 0  # calls of action_leave (escape: end the session), which also take a card off screen
    last_submitted: Any = None

    @property
    def expected(self) -> int:
        return self.feedbacks + self.flashcards - self.undos


@dataclass
class Before:
    """The state the referee notes before a key."""

    top: str
    study: dict[int, dict[str, Any]] = field(default_factory=dict)  # id(screen) -> notes
    exam_widgets: dict[int, Any] = field(default_factory=dict)  # id(exam screen) -> its input on screen
    settings: tuple[Any, Any] | None = None  # (form values, saved settings) when on the settings screen
    resume: tuple[str, Any] | None = None  # (deck id, attempt in progress) when the resume dialog is up
    attempts: dict[str, Any] = field(default_factory=dict)  # deck id -> attempt in progress (on a dialog)
    notes: int = 0


class Referee:
    """The rules checked after every key (see the module docstring and each check's message)."""

    def __init__(self, walk: Monkey):
        self.walk = walk
        self.study: dict[int, tuple[Any, StudyWatch]] = {}  # id(screen) -> (screen, watch)
        self.exams_done: set[int] = set()  # id() of finished exam screens already checked
        self.exam_screens: dict[int, Any] = {}
        self.exam_screens_seen: set[int] = set()
        self.results_seen: set[Path] = set()
        self.results_screens: set[int] = set()
        self.db: sqlite3.Connection | None = None
        self.coverage: Counter[str] = Counter()
        self.ignored: dict[str, str] = {}

    # -------------------------------------------------------------- plumbing

    @property
    def app(self) -> Any:
        return self.walk.app

    def fail(self, signature: str, message: str) -> None:
        raise MonkeyFailure(signature, message)

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """A read of the progress database through a connection of our own (read-only)."""
        if self.db is None:
            path = self.walk.data / module("quizapp.study.store", "quizapp.store").DATABASE_NAME
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        return self.db.execute(sql, args).fetchall()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def new_run(self) -> None:
        """The app was opened again: screens of the last run are gone."""
        self.study.clear()
        self.exam_screens.clear()
        self.exam_screens_seen.clear()
        self.exams_done.clear()
        self.results_screens.clear()
        self.close()

    def last_review_id(self) -> int:
        return self.query("SELECT COALESCE(MAX(id), 0) FROM reviews")[0][0]

    def study_rows(self, profile_id: int, baseline: int) -> list[tuple[Any, ...]]:
        """(id, question id, response) of the study and practice answers logged since `baseline`."""
        return self.query(
            "SELECT id, question_id, response FROM reviews WHERE profile_id = ? AND id > ? "
            "AND mode IN ('study', 'practice') ORDER BY id",
            profile_id,
            baseline,
        )

    def attempt(self, profile_id: int, deck_id: str) -> Any:
        """The store's unfinished exam attempt at a deck (public Store.exam_in_progress)."""
        return self.app.store.exam_in_progress(profile_id, deck_id)

    def deck(self, deck_id: str) -> Any:
        catalog = self.app.catalog
        return next((loaded for loaded in (catalog.decks if catalog else []) if loaded.id == deck_id), None)

    # -------------------------------------------------------------- before a key

    def before(self) -> Before:
        app = self.app
        top = app.screen
        noted = Before(top=name(top), notes=len(self.walk.notes))
        for screen in app.screen_stack:
            kind = name(screen)
            if kind == "StudyScreen" and getattr(screen, "session", None) is not None:
                self.watch_study(screen)
                widget = self.study_input(screen)
                noted.study[id(screen)] = {
                    "state": screen.state,
                    "widget": widget,
                    "flashcard": widget
                    if (screen.state == "asking" and name(widget) == "Flashcard" and getattr(widget, "revealed", False))
                    else None,
                    "leaves": self.study[id(screen)][1].leaves,
                }
            elif kind == "ExamScreen":
                noted.exam_widgets[id(screen)] = self.exam_input(screen)
        if noted.top == "SettingsScreen":
            noted.settings = (self.settings_form(top), app.profile.settings)
        if noted.top == "ConfirmScreen" and app.store is not None and app.profile is not None:
            text = screen_text(top)
            for loaded in app.catalog.decks if app.catalog else []:
                attempt = self.attempt(app.profile.id, loaded.id)
                if attempt is not None:
                    noted.attempts[loaded.id] = attempt
            found = re.search(r"An unfinished exam: (.*)", text)
            if found:
                deck = next((loaded for loaded in app.catalog.decks if loaded.title == found.group(1).strip()), None)
                if deck is not None:
                    noted.resume = (deck.id, noted.attempts.get(deck.id))
        return noted

    @staticmethod
    def study_input(screen: Any) -> Any:
        try:
            return screen.current_input()
        except Exception:
            return None

    @staticmethod
    def exam_input(screen: Any) -> Any:
        try:
            return screen.current()
        except Exception:
            return None

    def watch_study(self, screen: Any) -> StudyWatch:
        """The watch of a study screen, started (with the store's log as it stands) on first sight."""
        if id(screen) not in self.study:
            watch = StudyWatch(baseline=self.last_review_id())
            answered = screen.session.summary.answered
            if answered:
                self.fail("study-count", f"a new study screen's session already counts {answered} answers")
            self.study[id(screen)] = (screen, watch)
            original = screen.action_leave

            def leave(*args: Any, **kwargs: Any) -> Any:
                watch.leaves += 1
                return original(*args, **kwargs)

            screen.action_leave = leave
        return self.study[id(screen)][1]

    # -------------------------------------------------------------- after a key

    def after(self, before: Before, action: list[Any]) -> None:
        app = self.app
        self.coverage[name(app.screen)] += 1
        key = action[1] if action[0] == "key" else None
        notes = self.walk.notes[before.notes :]
        guard = self.guard
        for screen in list(app.screen_stack):
            kind = name(screen)
            if kind == "StudyScreen" and getattr(screen, "session", None) is not None:
                guard(self.check_study, screen, before, notes)
            elif kind == "ExamScreen":
                guard(self.check_exam, screen, before)
            elif kind == "ExamResults":
                guard(self.check_results_screen, screen)
        guard(self.check_gone_exams)
        if app.screen is not None and name(app.screen) == "ExamReview":
            guard(self.check_review, app.screen)
        if name(app.screen) == "ConfirmScreen":
            guard(self.check_resume_dialog, app.screen)
        if before.resume is not None and key == "escape":
            self.coverage["resume dialog escaped"] += 1
            guard(self.check_resume_escape, before)
        if before.settings is not None and key == "escape":
            guard(self.check_settings_escape, before)
        guard(self.check_results_files, before)

    def guard(self, check: Any, *args: Any) -> None:
        """Run a check; a failure whose signature MONKEY_IGNORE names is only counted (to look past a
        known bug for the next one), any other is raised."""
        try:
            check(*args)
        except MonkeyFailure as failure:
            if not any(failure.signature.startswith(prefix) for prefix in IGNORED):
                raise
            if failure.signature not in self.ignored:
                self.ignored[failure.signature] = f"{failure.message} (first after {len(self.walk.keys)} keys)"
            self.coverage[f"ignored {failure.signature}"] += 1

    # study -----------------------------------------------------------------

    def check_study(self, screen: Any, before: Before, notes: list[str]) -> None:
        watch = self.watch_study(screen)
        session = screen.session
        profile_id = session.profile.id
        noted = before.study.get(id(screen))
        undone = sum(
            bool(re.search(r"\btaken back\b", note)) and not note.lower().startswith("nothing") for note in notes
        )
        watch.undos += undone
        if screen.state == "feedback" and screen.submitted is not None and screen.submitted is not watch.last_submitted:
            watch.last_submitted = screen.submitted
            watch.feedbacks += 1
            self.coverage["study feedback"] += 1
            self.check_feedback(screen, watch)
        if screen.state != "feedback":
            watch.last_submitted = None
        card = noted and noted["flashcard"]
        if card is not None and self.study_input(screen) is not card and not undone and watch.leaves == noted["leaves"]:
            watch.flashcards += 1  # the revealed card went: it was rated (not undone, not left)
            self.coverage["flashcard rated"] += 1
            rows = self.study_rows(profile_id, watch.baseline)
            if not rows or rows[-1][1] != card.question.id:
                self.fail(
                    "study-flashcard-not-logged",
                    f"flashcard {card.question.id!r} was rated and went from the screen, but the store's last "
                    f"answer is {rows[-1][1] if rows else None!r}",
                )
        rows = self.study_rows(profile_id, watch.baseline)
        expected = watch.expected
        shown = (
            f"the screen showed {watch.feedbacks} feedbacks + {watch.flashcards} flashcards rated "
            f"- {watch.undos} undos = {expected}"
        )
        if session.summary.answered != expected:
            self.fail("study-summary-count", f"{shown}, but the session's summary counts {session.summary.answered}")
        if len(rows) != expected:
            self.fail(
                "study-store-count",
                f"{shown}, but the store logged {len(rows)} answers ({[row[1] for row in rows][-5:]} last)",
            )
        if screen.state == "done":
            self.coverage["study session end"] += 1
            found = re.search(r"Answered: (\d+)", screen_text(screen))
            if found and int(found.group(1)) != expected:
                self.fail("study-end-count", f"{shown}, but the session's end says Answered: {found.group(1)}")

    def check_feedback(self, screen: Any, watch: StudyWatch) -> None:
        """A new feedback: the store's last answer is this question with this response, the input on
        screen still shows that response, and the feedback says it was given."""
        submitted = screen.submitted
        question = screen.item.question
        rows = self.study_rows(screen.session.profile.id, watch.baseline)
        if not rows:
            self.fail(
                "study-feedback-not-logged", f"feedback for {question.id!r} is shown, but the store logged nothing"
            )
        _, logged_id, logged = rows[-1]
        if logged_id != screen.item.question_id or not same(
            json.loads(logged) if logged is not None else None, submitted.response
        ):
            self.fail(
                "study-logged-response",
                f"feedback for {screen.item.question_id!r} shows the answer "
                f"{submitted.response!r}, but the store's last answer is "
                f"{logged_id!r}: {logged}",
            )
        widget = self.study_input(screen)
        if widget is not None and widget.question.id == question.id:
            shown = widget.response()
            if not same(shown, submitted.response):
                self.fail(
                    "study-input-vs-recorded",
                    f"{question.type} {question.id!r}: the input shows "
                    f"{shown!r}, but {submitted.response!r} was recorded",
                )
        given = self.given_in_feedback(screen)
        if given is not None:
            self.coverage["feedback's answer given checked"] += 1
            wanted = self.as_shown(question.type, submitted.response)
            if wanted is not None and given.strip() != wanted.strip():
                self.fail(
                    "study-feedback-given",
                    f"{question.type} {question.id!r}: the feedback says the answer "
                    f"given was {given!r}, but {submitted.response!r} was recorded",
                )

    @staticmethod
    def given_in_feedback(screen: Any) -> str | None:
        """What the feedback's "You gave:" / "You typed:" line says (None when it has none)."""
        for widget in screen.query(".answers"):
            for line in text_of(widget).splitlines():
                found = re.match(r"\s*You (?:gave|typed):\s?(.*?)\s*[✓✗]?\s*$", line)
                if found:
                    return found.group(1)
        return None

    @staticmethod
    def as_shown(kind: str, response: Any) -> str | None:
        """How the feedback shows a response it calls "given"."""
        if kind == "short":
            return visible(response) if isinstance(response, str) and response else "(nothing)"
        if kind == "truefalse":
            return "(nothing)" if not isinstance(response, bool) else ("true" if response else "false")
        if kind in ("choice", "numeric"):
            return "(nothing)" if response is None else visible(str(response))
        return None

    # exams -----------------------------------------------------------------

    def check_exam(self, screen: Any, before: Before) -> None:
        app = self.app
        session = screen.session
        self.exam_screens[id(screen)] = screen
        if getattr(screen, "finished", False):
            if app.screen is screen:
                self.fail(
                    "exam-submitted-shown-again",
                    "the exam was submitted (its results file is written), yet "
                    "its questions are on screen again, taking answers",
                )
            return
        if not screen.is_mounted:
            return
        self.coverage["exam"] += 1
        if id(screen) not in self.exam_screens_seen:
            self.exam_screens_seen.add(id(screen))
            if session.responses:
                self.coverage["exam resumed with answers"] += 1
        self.check_exam_status(screen)
        attempt = self.attempt(session.profile.id, session.deck.id)
        if attempt is None or iso(attempt.started) != iso(session.started):
            self.fail(
                "exam-attempt-lost",
                f"the exam on screen (started {iso(session.started)}) is not the store's "
                f"attempt in progress ({attempt and iso(attempt.started)})",
            )
        stored = attempt.responses
        if set(stored) != set(session.responses) or any(
            not same(stored[key], value) for key, value in session.responses.items()
        ):
            self.fail(
                "exam-store-responses",
                f"the session holds {jsonable(session.responses)}, but the store logged "
                f"{jsonable(stored)} for this attempt",
            )
        widget = self.exam_input(screen)
        if widget is not None and widget is not before.exam_widgets.get(id(screen)):
            question = widget.question
            if question.id in session.responses and not same(widget.response(), session.responses[question.id]):
                self.fail(
                    "exam-input-restored",
                    f"{question.type} {question.id!r} is shown again with "
                    f"{widget.response()!r}, but the answer kept is "
                    f"{session.responses[question.id]!r}",
                )

    def check_exam_status(self, screen: Any) -> None:
        """The status line's "answered N" is the number of answers the session holds."""
        session = screen.session
        answered = len(session.responses)
        status = "\n".join(text_of(widget) for widget in screen.query("#exam-status"))
        found = re.search(r"\banswered (\d+)", status)
        if found is None or int(found.group(1)) != answered:
            self.fail(
                "exam-status-count",
                f"the status line says {status!r}, but the session holds {answered} "
                f"answers: {sorted(session.responses)}",
            )

    def right_after(self) -> None:
        """Checked as soon as a key is handled, before the second passes (and the exam's clock ticks,
        which repaints its status line): what the key changed shows at once."""
        app = self.app
        for screen in list(app.screen_stack):
            if name(screen) == "ExamScreen" and screen.is_mounted and not getattr(screen, "finished", False):
                self.guard(self.check_exam_status, screen)
        if name(app.screen) == "ExamReview":
            self.guard(self.check_review, app.screen)

    def check_review(self, review: Any) -> None:
        session = getattr(review, "session", None)
        if session is None:
            return
        self.coverage["exam review"] += 1
        text = screen_text(review)
        found = re.search(r"(\d+) of (\d+) answered", text)
        if found is None:
            return
        self.coverage["review count checked"] += 1
        answered = sum(question.id in session.responses for question in session.questions)
        if (int(found.group(1)), int(found.group(2))) != (answered, len(session.questions)):
            self.fail(
                "exam-review-count",
                f"the review says {found.group(0)!r}, but the session holds {answered} "
                f"answers of {len(session.questions)} questions",
            )
        for screen in self.app.screen_stack:
            if name(screen) == "ExamScreen" and screen.session is session:
                status = re.search(r"\banswered (\d+)", "\n".join(text_of(w) for w in screen.query("#exam-status")))
                if status and int(status.group(1)) != int(found.group(1)):
                    self.fail(
                        "exam-review-vs-status",
                        f"the review says {found.group(0)!r}, the status line 'answered {status.group(1)}'",
                    )

    def check_submitted(self, screen: Any) -> None:
        """An exam was submitted: its results file holds the session's answers, re-graded to its score,
        and the attempt is no longer in progress."""
        self.coverage["exam submitted"] += 1
        session = screen.session
        if session.expired():
            self.coverage["exam timed out"] += 1
        path = getattr(self.app, "results_path", None)
        if path is None or not Path(path).exists():
            self.fail("exam-no-results-file", f"the exam was submitted, but no results file is there ({path})")
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = document["responses"]
        if [entry["question"] for entry in entries] != [question.id for question in session.questions]:
            self.fail(
                "results-questions",
                f"{path.name} lists {[entry['question'] for entry in entries]}, the exam "
                f"asked {[question.id for question in session.questions]}",
            )
        for entry in entries:
            if not same(entry["response"], session.responses.get(entry["question"])):
                self.fail(
                    "results-responses",
                    f"{path.name} has {entry['response']!r} for {entry['question']!r}, the "
                    f"session {session.responses.get(entry['question'])!r}",
                )
        attempt = self.attempt(session.profile.id, session.deck.id)
        if attempt is not None and iso(attempt.started) == iso(session.started):
            self.fail("exam-still-in-progress", "the exam was submitted, but the store still offers it for resuming")

    def check_results_screen(self, screen: Any) -> None:
        if id(screen) in self.results_screens:
            return
        self.results_screens.add(id(screen))
        self.coverage["exam results"] += 1
        path = Path(screen.path)
        document = json.loads(path.read_text(encoding="utf-8"))
        summary = "\n".join(text_of(widget) for widget in screen.query(".stats-summary"))
        found = re.search(r"([-\d.e+]+) of ([-\d.e+]+) points", summary)
        if found is None:
            self.fail("results-screen-score", f"the results screen shows no score: {summary!r}")
        if (
            abs(float(found.group(1)) - document["score"]) > 0.01
            or abs(float(found.group(2)) - document["max_score"]) > 0.01
        ):
            self.fail(
                "results-screen-score",
                f"the results screen says {found.group(0)!r}, {path.name} says "
                f"{document['score']} of {document['max_score']}",
            )

    def check_gone_exams(self) -> None:
        """Exam screens submitted (checked once, whether still in the stack or replaced by their
        results), and those that left the stack unfinished."""
        stack = {id(screen) for screen in self.app.screen_stack}
        for key, screen in list(self.exam_screens.items()):
            if getattr(screen, "finished", False) and key not in self.exams_done:
                self.exams_done.add(key)
                self.check_submitted(screen)
            if key not in stack:
                del self.exam_screens[key]
                if not getattr(screen, "finished", False) and not self.app._exit:
                    self.coverage["exam closed unfinished"] += 1

    def check_resume_dialog(self, dialog: Any) -> None:
        text = screen_text(dialog)
        title = re.search(r"An unfinished exam: (.*)", text)
        counts = re.search(r"(\d+) of (\d+) answered", text)
        if title is None or counts is None:
            return
        self.coverage["resume dialog"] += 1
        deck = next((loaded for loaded in self.app.catalog.decks if loaded.title == title.group(1).strip()), None)
        if deck is None:
            return
        attempt = self.attempt(self.app.profile.id, deck.id)
        if attempt is None:
            self.fail("resume-without-attempt", "the resume dialog is up, but the store has no attempt in progress")
        if int(counts.group(1)) != len(attempt.responses):
            self.fail(
                "resume-dialog-count",
                f"the resume dialog says {counts.group(0)!r}, the store holds "
                f"{len(attempt.responses)} answers of the attempt",
            )

    def check_resume_escape(self, before: Before) -> None:
        """`escape` is "back": on the resume dialog it must not set the interrupted attempt aside."""
        deck_id, attempt = before.resume  # type: ignore[misc]
        if attempt is None:
            return
        now = self.attempt(self.app.profile.id, deck_id) if self.app.store is not None else None
        if now is None or iso(now.started) != iso(attempt.started):
            self.fail(
                "resume-escape-discards",
                f"escape on the resume dialog set the interrupted attempt aside "
                f"({len(attempt.responses)} answers; a new attempt started "
                f"{now and iso(now.started)})",
            )

    # settings ---------------------------------------------------------------

    @staticmethod
    def settings_form(screen: Any) -> dict[str, Any] | None:
        from textual.widgets import Input, Select, Switch

        try:
            form: dict[str, Any] = {
                key: screen.query_one(f"#{key}", Input).value
                for key in ("new_per_day", "reviews_per_day", "desired_retention")
            }
            for key in ("exams_count_for_study", "suspend_leeches"):
                form[key] = screen.query_one(f"#{key}", Switch).value
            form["theme"] = screen.query_one("#theme", Select).value
        except Exception:
            return None
        return form

    @staticmethod
    def differs(form: dict[str, Any], settings: Any) -> list[str]:
        """The settings the form changes (a text that is not a number counts as a change)."""
        changed = []
        for key, kind in (("new_per_day", int), ("reviews_per_day", int), ("desired_retention", float)):
            try:
                if abs(kind(form[key].strip()) - getattr(settings, key)) > 1e-9:
                    changed.append(key)
            except ValueError:
                changed.append(key)
        for key in ("exams_count_for_study", "suspend_leeches", "theme"):
            if form[key] != getattr(settings, key):
                changed.append(key)
        return changed

    def check_settings_escape(self, before: Before) -> None:
        """Escape on the settings screen never loses edits silently: it asks, or they are saved."""
        form, saved = before.settings  # type: ignore[misc]
        changed = self.differs(form, saved) if form is not None else []
        if not changed:
            return
        self.coverage["settings escape with edits"] += 1
        if any(name(screen) == "SettingsScreen" for screen in self.app.screen_stack):
            return  # still there (perhaps under a question)
        now = self.app.store.profile(self.app.profile.name, self.walk.clock()).settings
        if self.differs(form, now):
            self.fail(
                "settings-escape-discards",
                f"escape left the settings screen and dropped the edits of "
                f"{changed} ({ {key: form[key] for key in changed} }) without asking",
            )

    # results files -----------------------------------------------------------

    def check_results_files(self, before: Before) -> None:
        """Every new results file: each response re-graded gives its score, and the scores its total;
        one written for an attempt set aside holds that attempt's answers."""
        for folder in self.walk.results_dirs:
            for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
                if path in self.results_seen:
                    continue
                self.results_seen.add(path)
                self.coverage["results file"] += 1
                document = json.loads(path.read_text(encoding="utf-8"))
                deck = self.deck(document["deck"]["id"])
                if deck is None:
                    continue
                total = points = 0.0
                for entry in document["responses"]:
                    question = deck.question(entry["question"])
                    score = grade(question, entry["response"]).score
                    if abs(score - entry["score"]) > 1e-3:
                        self.fail(
                            "results-regrade",
                            f"{path.name}: {entry['question']!r} answered "
                            f"{entry['response']!r} is recorded as {entry['score']}, "
                            f"re-graded {score}",
                        )
                    total += score * question.points
                    points += question.points
                if abs(total - document["score"]) > 1e-3 or abs(points - document["max_score"]) > 1e-3:
                    self.fail(
                        "results-regrade",
                        f"{path.name} says {document['score']} of {document['max_score']}, "
                        f"re-graded {total} of {points}",
                    )
                aside = before.attempts.get(document["deck"]["id"])
                if aside is not None and iso(aside.started) == document["started"]:
                    self.coverage["attempt set aside"] += 1
                    for entry in document["responses"]:
                        if not same(entry["response"], aside.responses.get(entry["question"])):
                            self.fail(
                                "results-set-aside",
                                f"{path.name} (an attempt set aside) has "
                                f"{entry['response']!r} for {entry['question']!r}; the "
                                f"store held {aside.responses.get(entry['question'])!r}",
                            )

    # macros -------------------------------------------------------------------

    def macro_start(self, kind: str) -> dict[str, Any] | None:
        """Before a macro (the documented keys answering the question on screen): what it answers, if
        the keys can reach the input (the question's screen on top, its input focused)."""
        app = self.app
        top = app.screen
        if name(top) == "StudyScreen" and top.state == "asking" and top.session is not None:
            widget = self.study_input(top)
        elif name(top) == "ExamScreen" and not top.finished and not top.session.expired():
            widget = self.exam_input(top)
        else:
            return None
        if widget is None or widget.question.type != kind.split("-")[0]:
            return None
        focused = app.focused
        if focused is None or (focused is not widget and widget not in focused.ancestors):
            return None
        ticked = None
        if widget.question.type == "multi":  # which options the digits leave ticked
            ticked = set(widget.response() or [])
        return {"screen": top, "widget": widget, "question": widget.question, "kind": kind, "ticked": ticked}

    def macro_end(self, macro: dict[str, Any], last_shown: Any, keys: list[str]) -> None:
        """After a macro: the answer it gave was recorded (in the exam) or graded (in study)."""
        screen, question, kind = macro["screen"], macro["question"], macro["kind"]
        if self.app._exit or (self.app.screen is not screen and name(self.app.screen) not in ("ExamReview",)):
            return
        if (
            question.type == "numeric"
            and isinstance(last_shown, str)
            and parse_number(last_shown, question.unit) is None
        ):
            return  # words in a number box: the app may refuse them
        what = f"{question.type} {question.id!r} answered with the keys {' '.join(keys)}"
        shown, answered = macro.get("at enter", (None, None))
        if macro["ticked"] is not None:
            ticked = set(macro["ticked"])
            for key in keys:
                if key.isdigit() and 0 < int(key) <= len(macro["widget"].shown):
                    ticked ^= {macro["widget"].shown[int(key) - 1]}
            if not ticked:
                return  # ticked and unticked again: no answer to take
        if name(screen) == "ExamScreen":
            if screen.finished or screen.session.expired():
                return
            self.coverage[f"exam answered {question.type}"] += 1
            if question.id not in screen.session.responses:
                self.fail(f"exam-answer-not-kept:{kind}", f"{what}: nothing was recorded")
            recorded = screen.session.responses[question.id]
            if kind.endswith("arrows") and recorded is None:
                self.fail(f"exam-answer-not-kept:{kind}", f"{what}: recorded as no answer")
            if answered and not same(recorded, shown):
                self.fail(
                    f"exam-answer-changed:{kind}",
                    f"{what}: the input showed {shown!r} at enter, {recorded!r} was recorded",
                )
        else:
            self.coverage[f"study answered {question.type}"] += 1
            if question.type == "flashcard":
                if self.study_input(screen) is macro["widget"]:
                    self.fail("study-flashcard-not-rated", f"{what}: the card is still on screen")
                return
            if screen.state != "feedback" or screen.item is None or screen.item.question_id != question.id:
                self.fail(
                    f"study-answer-not-taken:{kind}", f"{what}: no feedback for it is shown (state {screen.state!r})"
                )
            if kind.endswith("arrows") and screen.submitted.response is None:
                self.fail(f"study-answer-not-taken:{kind}", f"{what}: graded as no answer")
            if answered and not same(screen.submitted.response, shown):
                self.fail(
                    f"study-answer-changed:{kind}",
                    f"{what}: the input showed {shown!r} at enter, {screen.submitted.response!r} was graded",
                )


# ---------------------------------------------------------------------------------------------- the walk


class Monkey:
    """One walk: a seed's plan, or a script of actions to replay."""

    def __init__(self, root: Path, plan: Plan, script: list[list[Any]] | None = None):
        self.root = root
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.script = list(script) if script is not None else None
        self.done: list[list[Any]] = []  # the actions performed: the script that replays this walk
        self.keys: list[str] = []
        self.queue: list[list[Any]] = []
        self.clock = FakeClock()
        self.data = root / "data"
        self.deck_path = starter(self.data / "decks")
        self.results_dirs = [self.data / "results", root / "results"]
        self.referee = Referee(self)
        self.notes: list[str] = []
        self.app: Any = None
        self.pilot: Any = None
        self.size = plan.size
        self.runs = self.exits = self.restarts = 0
        self.quit_pressed = False
        self.exam_rng = random.Random(plan.seed * 7919 + 1)

    # -------------------------------------------------------------- running

    async def run(self) -> Monkey:
        with fixed_exam_seeds(self.exam_rng), working_dir(self.root), painting_on_demand():
            try:
                await self._run()
            except MonkeyFailure as failure:
                failure.context = self.context()
                failure.actions = list(self.done)  # the script that replays it, up to the failing action
                raise
            finally:
                self.referee.close()
        return self

    async def _run(self) -> None:
        first = self.next_action(opening=True)
        assert first is not None and first[0] == "restart"
        mode = first[1]
        while True:
            outcome, mode = await self.one_run(mode)
            if outcome == "end":
                return
            if outcome == "exit":
                self.exits += 1
                action = self.next_action(opening=True)
                if action is None:
                    return
                mode = action[1]
            self.clock.advance(seconds=5)

    async def one_run(self, mode: str) -> tuple[str, str]:
        """Open the app in `mode` and walk until the walk ends, leaves the app, or the app exits."""
        app = self.build(mode)
        self.runs += 1
        self.referee.new_run()
        outcome: tuple[str, str] = ("end", mode)
        try:
            async with app.run_test(size=self.size) as pilot:
                self.app, self.pilot = app, pilot
                await self.opened()
                outcome = await self.walk()
        except MonkeyFailure:
            raise
        except Exception as error:
            if app._exception is None:
                raise  # the monkey's own mistake, not the app's
            # the app crashed: Pilot re-raised its exception
            raise MonkeyFailure(crash_signature(error), "".join(traceback.format_exception(error))[-3000:]) from error
        if app._exception is not None:
            error = app._exception
            raise MonkeyFailure(crash_signature(error), "".join(traceback.format_exception(error))[-3000:])
        if app.return_code not in (0, None):
            raise MonkeyFailure("exit-code", f"the app ended with return code {app.return_code}: {app.error_message}")
        return outcome

    def build(self, mode: str) -> Any:
        if mode == "quiz":
            options = {"seed": self.plan.exam_seed, "results_dir": self.root / "results"}
            if self.plan.time_limit is not None:
                options["time_limit"] = self.plan.time_limit
            if self.plan.count is not None:
                options["count"] = self.plan.count
            start = Start("quiz", [str(self.deck_path)], options)
        elif mode == "study":
            start = Start("study", [str(self.deck_path)])
        elif mode == "study-all":
            start = Start("study", [])
        else:
            start = Start()
        return make_app(self.data, start, self.clock)

    async def opened(self) -> None:
        """Wait for the first screen; watch the app's notifications."""
        app = self.app
        for _ in range(400):
            await self.settle()
            if app._exception is not None or app._exit:
                return
            if app.store is not None and name(app.screen) not in ("LoadingScreen", "Screen"):
                break
            await asyncio.sleep(0.01)
        await self.settle()
        original = app.notify

        def notify(message: Any, *args: Any, **kwargs: Any) -> Any:
            self.notes.append(str(message))
            return original(message, *args, **kwargs)

        app.notify = notify
        if not self.exited():  # the first screen is checked too (a resume dialog may be the first thing shown)
            self.referee.after(self.referee.before(), ["open"])

    def exited(self) -> bool:
        return bool(self.app._exit or self.app._exception is not None or self.app.return_code is not None)

    async def walk(self) -> tuple[str, str]:
        while True:
            if self.exited():
                return ("exit", "")
            action = self.next_action()
            if action is None:
                return ("end", "")
            if action[0] == "restart":  # leave the app (as a closed terminal would) and open it again
                self.restarts += 1
                return ("restart", action[1])
            if action[0] == "macro":
                await self.macro(action)
            else:
                await self.step(action)

    # -------------------------------------------------------------- actions

    def next_action(self, opening: bool = False) -> list[Any] | None:
        """The next action: the script's, or one chosen for the screen on top."""
        if opening and self.quit_pressed:
            return None  # the walk ended with its one ctrl+q
        if self.script is not None:
            if not self.script:
                return None
            if opening and self.script[0][0] != "restart":
                action: list[Any] = ["restart", "home"]
            else:
                action = self.script.pop(0)
        else:
            if opening:
                action = ["restart", self.plan.first if not self.done else self.choose_mode()]
            elif self.queue:
                action = self.queue.pop(0)
            elif self.quit_pressed:
                return None
            elif len(self.keys) >= self.plan.keys:
                action = ["key", "ctrl+q"]  # the one explicit quit, as the final step
                self.quit_pressed = True
            else:
                actions = self.choose()
                action, self.queue = actions[0], actions[1:]
        self.done.append(action)
        return action

    def choose_mode(self) -> str:
        """How to open the app again: for an exam left half done at the starter deck, mostly as
        `quizapp quiz` on it (which offers to take it up)."""
        exam_left = self.app is not None and any(
            name(screen) == "ExamScreen"
            and not screen.finished
            and Path(screen.session.deck.path).resolve() == self.deck_path.resolve()
            for screen in self.app.screen_stack
        )
        if exam_left and self.rng.random() < 0.8:
            return "quiz"
        return pick(self.rng, [(5, "home"), (2, "quiz"), (1, "study"), (1, "study-all")])

    def choose(self) -> list[list[Any]]:
        """Actions for the screen on top, weighted so that walks get deep."""
        rng = self.rng
        top = self.app.screen
        kind = name(top)
        roll = rng.random()
        if roll < 0.012:
            return [["resize", *rng.choice(SIZES)]]
        if roll < 0.02:
            return [["wait", rng.choice([20, 45, 90, 240, 900])]]
        answered = len(top.session.responses) if kind == "ExamScreen" else 0
        if roll < 0.025 or (kind == "ExamScreen" and roll < (0.06 if answered >= 2 else 0.04)):
            return [["restart", self.choose_mode()]]
        generic = [["key", rng.choice(GENERIC_KEYS)]]
        word = [["key", key] for key in typed(rng.choice(WORDS + NUMBERS))]
        if kind == "HomeScreen":
            key = pick(
                rng,
                [
                    (12, "enter"),
                    (12, "x"),
                    (3, "a"),
                    (3, "c"),
                    (3, "r"),
                    (3, "p"),
                    (3, "s"),
                    (3, "o"),
                    (3, "w"),
                    (8, "down"),
                    (4, "up"),
                    (2, "question_mark"),
                    (2, "ctrl+p"),
                    (2, "tab"),
                    (1, "escape"),
                    (6, None),
                ],
            )
            return [["key", key]] if key else generic
        if kind == "StudyScreen":
            return self.choose_study(top, generic, word)
        if kind == "ExamScreen":
            remaining = top.session.remaining()
            if remaining is not None and remaining.total_seconds() < 8 and roll < 0.4:
                # time is nearly up: let it run out with something over the exam
                return [["key", rng.choice(["f1", "question_mark", "ctrl+p", "escape"])]]
            key = pick(
                rng,
                [
                    (45, "macro"),
                    (4, "left"),
                    (5, "right"),
                    (2, "pageup"),
                    (2, "pagedown"),
                    (4, "f2"),
                    (7, "escape"),
                    (5, "enter"),
                    (2, "question_mark"),
                    (2, "ctrl+p"),
                    (4, "word"),
                    (12, None),
                ],
            )
            if key == "macro":
                macro = self.answer_macro(top, self.referee.exam_input(top), exam=True)
                return [macro] if macro else generic
            return word if key == "word" else [["key", key]] if key else generic
        if kind == "ExamReview":
            key = pick(rng, [(6, "y"), (5, "enter"), (6, "n"), (6, "escape"), (3, "down"), (2, "up"), (2, None)])
            return [["key", key]] if key else generic
        if kind == "ExamResults":
            key = pick(rng, [(5, "escape"), (4, "enter"), (2, "pagedown"), (1, "down"), (1, None)])
            return [["key", key]] if key else generic
        if kind == "ConfirmScreen":
            key = pick(rng, [(5, "y"), (4, "enter"), (4, "n"), (5, "escape"), (2, None)])
            return [["key", key]] if key else generic
        if kind == "SettingsScreen":
            key = pick(
                rng,
                [
                    (6, "tab"),
                    (3, "shift+tab"),
                    (5, "number"),
                    (5, "backspace"),
                    (4, "space"),
                    (3, "enter"),
                    (3, "down"),
                    (1, "up"),
                    (5, "ctrl+s"),
                    (5, "escape"),
                    (1, "word"),
                    (3, None),
                ],
            )
            if key == "number":
                return [["key", char] for char in rng.choice(["0.85", "5", "0.99", "30", "100", "0.7", "1"])]
            return word if key == "word" else [["key", key]] if key else generic
        if kind in ("ProfileScreen", "NameScreen"):
            key = pick(rng, [(5, "name"), (4, "down"), (2, "up"), (4, "enter"), (3, "tab"), (4, "escape"), (2, None)])
            if key == "name":
                return [["key", char] for char in typed(rng.choice(NAMES))] + [["key", "enter"]]
            return [["key", key]] if key else generic
        if kind == "CommandPalette":
            key = pick(rng, [(6, "letter"), (2, "backspace"), (3, "down"), (1, "up"), (3, "enter"), (5, "escape")])
            if key == "letter":
                return [["key", rng.choice("abcdeghilmnoprstuvxy")]]
            return [["key", key]]
        if kind in ("PreviewScreen", "ReadingScreen", "StatsScreen", "HelpScreen"):
            key = pick(
                rng,
                [
                    (5, "escape"),
                    (3, "pagedown"),
                    (1, "pageup"),
                    (2, "down"),
                    (1, "up"),
                    (2, "left"),
                    (2, "right"),
                    (1, "q"),
                    (1, "f1"),
                    (3, None),
                ],
            )
            return [["key", key]] if key else generic
        return [["key", pick(rng, [(3, "escape"), (3, "enter"), (2, "down"), (1, "up")])]] if roll < 0.5 else generic

    def choose_study(self, screen: Any, generic: list[list[Any]], word: list[list[Any]]) -> list[list[Any]]:
        rng = self.rng
        state = screen.state
        if state == "asking":
            key = pick(
                rng,
                [
                    (45, "macro"),
                    (3, "h"),
                    (1, "f3"),
                    (3, "u"),
                    (1, "ctrl+z"),
                    (2, "escape"),
                    (4, "enter"),
                    (2, "space"),
                    (1, "question_mark"),
                    (1, "ctrl+p"),
                    (4, "word"),
                    (15, None),
                ],
            )
            if key == "macro":
                macro = self.answer_macro(screen, self.referee.study_input(screen), exam=False)
                return [macro] if macro else generic
        elif state == "feedback":
            key = pick(
                rng,
                [
                    (4, "1"),
                    (4, "2"),
                    (4, "3"),
                    (4, "4"),
                    (16, "enter"),
                    (4, "u"),
                    (2, "ctrl+z"),
                    (3, "n"),
                    (1, "h"),
                    (2, "escape"),
                    (1, "question_mark"),
                    (1, "ctrl+p"),
                    (5, None),
                ],
            )
        else:
            key = pick(rng, [(5, "enter"), (5, "escape"), (2, None)])
        return word if key == "word" else [["key", key]] if key else generic

    def answer_macro(self, screen: Any, widget: Any, exam: bool) -> list[Any] | None:
        """The documented keys that answer the question on screen (docs/student-guide.md)."""
        if widget is None:
            return None
        rng = self.rng
        question = widget.question
        kind = question.type
        keys: list[str]
        if kind in ("choice", "truefalse") and rng.random() < 0.3:
            keys = [rng.choice(["down", "up"])] * rng.randint(1, 3) + ["enter"]
            return (
                ["macro", f"{kind}-arrows", keys, "burst"] if rng.random() < 0.25 else ["macro", f"{kind}-arrows", keys]
            )
        if kind == "choice":
            keys = [str(rng.randint(1, len(widget.shown))), "enter"]
        elif kind == "multi":
            count = len(widget.shown)
            keys = [str(rng.randint(1, count)) for _ in range(rng.randint(1, 2))] + ["enter"]
        elif kind == "truefalse":
            keys = [rng.choice("tf"), "enter"]
        elif kind in ("short", "numeric"):
            answer = self.an_answer(question)
            keys = typed(answer) + ["enter"]
        elif kind == "cloze":
            from textual.widgets import Input

            boxes = list(widget.query(Input))
            focused = self.app.focused
            start = boxes.index(focused) if focused in boxes else 0
            gaps = self.gap_answers(question)
            keys = []
            for number in range(start, len(boxes)):
                text = gaps[number] if number < len(gaps) and rng.random() < 0.6 else rng.choice(WORDS)
                keys += typed(text) + ["enter"]
        elif kind == "order":
            count = len(getattr(widget, "items", widget.shown))
            keys = []
            for _ in range(rng.randint(1, 3)):
                first, second = rng.sample(range(1, min(count, 9) + 1), 2)
                keys += [str(first), str(second)]
            keys.append("enter")
        elif kind == "match":
            rights = len(widget.shown)
            keys = [str(rng.randint(1, min(rights, 9))) for _ in getattr(widget, "lefts", range(rights))] + ["enter"]
        elif kind == "flashcard":
            keys = ["space", "enter" if exam else rng.choice(["1", "2", "3", "4", "enter"])]
        else:
            return None
        burst = kind not in ("flashcard", "cloze") and rng.random() < 0.25
        return ["macro", kind, keys, "burst"] if burst else ["macro", kind, keys]

    def an_answer(self, question: Any) -> str:
        rng = self.rng
        if question.type == "numeric":
            roll = rng.random()
            if roll < 0.5:
                number = question.answer
                return str(int(number)) if float(number).is_integer() else str(number)
            return rng.choice(NUMBERS) if roll < 0.8 else rng.choice(["two", "1990s", "many"])
        answers = list(getattr(question, "answers", []) or [])
        roll = rng.random()
        if answers and roll < 0.4:
            return rng.choice(answers)
        if answers and roll < 0.55:
            text = rng.choice(answers)
            return text[:-1] + "x" if len(text) > 4 else text + "s"
        return rng.choice(WORDS)

    @staticmethod
    def gap_answers(question: Any) -> list[str]:
        parse_cloze = module("quizapp.deck.cloze", "quizapp.cloze").parse_cloze
        try:
            return [gap.answers[0] for gap in parse_cloze(question.text).gaps]
        except Exception:
            return []

    # -------------------------------------------------------------- performing

    async def macro(self, action: list[Any]) -> None:
        """Answer the question on screen with the documented keys: one step a key, or (a burst) all the
        keys queued at once, as a fast typist's, then one step."""
        kind, keys = action[1], action[2]
        started = self.referee.macro_start(kind)
        text = None
        if started is not None:
            from textual.widgets import Input

            boxes = started["widget"].query(Input)
            if boxes:  # the text the box will hold at the last key (for a number: whether it is one)
                focused = self.app.focused
                box = focused if focused in boxes else boxes.first()
                text = box.value + "".join(" " if key == "space" else key for key in keys[:-1])
        if len(action) > 3 and action[3] == "burst":
            await self.step(["burst", keys])
        else:
            for index, key in enumerate(keys):
                if self.exited():
                    return
                widget = started and started["widget"]
                if index == len(keys) - 1 and widget is not None and widget.is_attached:
                    started["at enter"] = (widget.response(), widget.answered())  # what the input shows
                await self.step(["key", key])
        if started is not None and not self.exited():
            self.referee.guard(self.referee.macro_end, started, text, keys)

    async def step(self, action: list[Any]) -> None:
        """Do one action, let a second pass, check every rule."""
        before = self.referee.before()
        kind = action[0]
        if kind == "key":
            self.keys.append(action[1])
            await self.press(action[1])
        elif kind == "burst":
            for key in action[1]:
                self.keys.append(key)
                await self.press(key)
        elif kind == "resize":
            await self.resize(action[1], action[2])
        elif kind == "wait":
            self.clock.advance(seconds=action[1])
        await self.settle()
        if self.exited():
            self.referee.check_results_files(before)
            return
        self.referee.right_after()
        self.clock.advance(seconds=STEP_SECONDS)
        await self.tick()
        await self.settle()
        if self.exited():
            self.referee.check_results_files(before)
            return
        self.referee.after(before, action)
        if TRACE:
            print(self.trace_line(action))

    def trace_line(self, action: list[Any]) -> str:
        """One line per step (MONKEY_TRACE=1): the action, the screen on top, the focus, and the state."""
        app = self.app
        top = app.screen
        focused = app.focused
        parts = [
            f"{len(self.keys):>5} {json.dumps(action):<22} {name(top):<15} focus={name(focused) if focused else None}"
        ]
        if name(top) == "StudyScreen":
            widget = self.referee.study_input(top)
            parts.append(
                f"state={top.state} item={top.item and top.item.question_id} "
                f"input={widget.response() if widget is not None and widget.is_attached else None!r}"
            )
        elif name(top) == "ExamScreen":
            widget = self.referee.exam_input(top)
            parts.append(
                f"deck={top.session.deck.id} position={top.position} answered={len(top.session.responses)} "
                f"input={widget.response() if widget is not None and widget.is_attached else None!r}"
            )
        return " ".join(parts)

    async def press(self, key: str) -> None:
        event = key_event(key)
        event.set_sender(self.app)
        self.app.post_message(event)

    async def resize(self, width: int, height: int) -> None:
        from textual.drivers.headless_driver import HeadlessDriver
        from textual.geometry import Size

        self.size = (width, height)
        size = Size(width, height)
        if isinstance(self.app._driver, HeadlessDriver):
            self.app._driver._size = size
        self.app.post_message(events.Resize(size, size))

    async def tick(self) -> None:
        """The exam screen's clock: a second has passed (its own timer is paused, for replays)."""
        for screen in list(self.app.screen_stack):
            if name(screen) == "ExamScreen" and screen.is_mounted and not getattr(screen, "finished", False):
                for timer in list(getattr(screen, "_timers", ())):
                    timer.pause()
                try:
                    result = screen.tick()
                    if inspect.isawaitable(result):
                        await result
                except Exception as error:  # the app's own code failed (called here as its timer would)
                    raise MonkeyFailure(
                        crash_signature(error), "".join(traceback.format_exception(error))[-3000:]
                    ) from error

    async def settle(self) -> None:
        """Wait until every message the last key caused is handled, the screen laid out and painted,
        and the callbacks waiting for that paint run (what Pilot.pause waits for, without sleeping until
        the processor is idle: faster, and as exact). Quiet is: no message queued on any widget of any
        screen, no coroutine ready to run, no worker running, nothing waiting for a paint."""
        app = self.app
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + 60
        quiet = 0
        while quiet < 2:
            await asyncio.sleep(0)
            if app._exception is not None or app._closed or app._exit:
                return
            screen = app.screen
            if (EAGER_PAINT or quiet) and (
                screen._callbacks or screen._layout_required or screen._dirty_widgets or screen._repaint_required
            ):
                # The paint the screen's timer does (and the callbacks waiting for it), as soon as
                # there is something to paint: a screen refreshed at every turn of the event loop,
                # as one on a slow machine is between the steps of a key's handling.
                screen._on_timer_update()
                quiet = 0
            elif loop._ready or self._busy():  # type: ignore[attr-defined]
                quiet = 0
            elif not EAGER_PAINT and quiet == 0:
                quiet = 1  # quiet: now paint (MONKEY_PAINT=quiet), then look again
            elif any(not worker.is_finished for worker in app.workers):
                quiet = 0
                await app.workers.wait_for_complete()
            else:
                quiet += 1
            if time.monotonic() > deadline:
                raise MonkeyFailure("hang", "the app was still busy a minute after the last key")

    def _busy(self) -> bool:
        if self.app._message_queue.values or self.app._next_callbacks:
            return True
        for screen in list(self.app.screen_stack):
            for pump in screen.walk_children(with_self=True):
                if pump._message_queue.values or pump._next_callbacks:
                    return True
        return False

    # -------------------------------------------------------------- reporting

    def context(self) -> str:
        last = " ".join(self.keys[-30:])
        return (
            f"\n  seed {self.plan.seed} ({self.plan}), after {len(self.keys)} keys, {self.runs} app runs "
            f"({self.exits} exits, {self.restarts} restarts)\n  last 30 keys: {last}\n"
            f"  last actions: {json.dumps(self.done[-12:])}"
        )


async def run_walk(root: Path, plan: Plan, script: list[list[Any]] | None = None) -> Monkey:
    """Walk a plan (or replay a script) in `root`, a fresh folder."""
    root.mkdir(parents=True, exist_ok=True)
    return await Monkey(root, plan, script).run()


async def replay(root: Path, plan: Plan, script: list[list[Any]]) -> MonkeyFailure | None:
    """The failure a script leads to (None if none); it stops at the failing action."""
    try:
        await run_walk(root, plan, script)
    except MonkeyFailure as failure:
        return failure
    return None


def keys_of(actions: list[list[Any]]) -> str:
    """A script as a readable line: keys, [macros], and @restart / @resize / @wait."""
    words = []
    for action in actions:
        if action[0] == "key":
            words.append(action[1])
        elif action[0] == "macro":
            words.append(f"[{action[1]}{' (typed ahead)' if len(action) > 3 else ''}: {' '.join(action[2])}]")
        elif action[0] == "restart":
            words.append(f"@restart:{action[1]}")
        elif action[0] == "resize":
            words.append(f"@resize:{action[1]}x{action[2]}")
        elif action[0] == "wait":
            words.append(f"@wait:{action[1]}s")
    return " ".join(words)


def seconds_of(actions: list[list[Any]]) -> int:
    """How far the fake clock moves over these actions (each is a step of STEP_SECONDS; a wait more,
    a restart 5 s)."""
    total = 0
    for action in actions:
        if action[0] == "macro":
            total += STEP_SECONDS * (1 if len(action) > 3 else len(action[2]))
        elif action[0] == "restart":
            total += 5
        else:
            total += STEP_SECONDS + (action[1] if action[0] == "wait" else 0)
    return total


async def shrink(
    root: Path, plan: Plan, actions: list[list[Any]], signature: str, seconds: float, log: Any = None
) -> list[list[Any]]:
    """A shorter script breaking the same rule: the failing prefix, then chunks of it left out in turn
    (halves, quarters, ... single actions), each first left out outright, then replaced by a wait as
    long as the time they took (so that an exam still runs out of time); then macros split into keys
    and those left out."""
    deadline = time.monotonic() + seconds
    counter = iter(range(1_000_000))

    async def fails(candidate: list[list[Any]]) -> bool:
        if not candidate or candidate[0][0] != "restart" or time.monotonic() > deadline:
            return False
        folder = root / f"shrink-{next(counter)}"
        failure = await replay(folder, plan, candidate)
        shutil.rmtree(folder, ignore_errors=True)
        return failure is not None and failure.signature == signature

    def merged(candidate: list[list[Any]]) -> list[list[Any]]:
        out: list[list[Any]] = []
        for action in candidate:
            if action[0] == "wait" and out and out[-1][0] == "wait":
                out[-1] = ["wait", out[-1][1] + action[1] + STEP_SECONDS]
            else:
                out.append(action)
        return out

    async def reduce(best: list[list[Any]]) -> list[list[Any]]:
        chunk = max(1, len(best) // 2)
        while chunk >= 1 and time.monotonic() < deadline:
            index, progress = 1, False
            while index < len(best) and time.monotonic() < deadline:
                cut = best[index : index + chunk]
                candidates = [best[:index] + best[index + chunk :]]
                spent = seconds_of(cut) - STEP_SECONDS
                if spent > 0 and not (len(cut) == 1 and cut[0][0] == "wait"):
                    candidates.append(merged(best[:index] + [["wait", spent]] + best[index + chunk :]))
                for candidate in candidates:
                    shorter = len(candidate) < len(best) or (
                        candidate is not candidates[0] and len(candidate) <= len(best)
                    )
                    if shorter and await fails(candidate):
                        best, progress = candidate, True
                        if log:
                            log(f"  shrunk to {len(best)} actions")
                        break
                else:
                    index += chunk
            if not progress:
                chunk //= 2
        return best

    best = await reduce(list(actions))
    split: list[list[Any]] = []
    for action in best[:-1]:  # the last (failing) action stays whole: a macro's own check may be what fails
        split += [["key", key] for key in action[2]] if action[0] == "macro" else [action]
    split.append(best[-1])
    if split != best and await fails(split):
        best = await reduce(split)
    return best
