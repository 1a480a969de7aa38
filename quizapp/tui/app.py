"""The Textual app, and the one factory that builds it for the CLI and for the tests.

The app holds no study logic: it opens the store and the decks (in a worker, so the first paint
never waits), then hands them to the screens, which call the core modules.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import random
import sys
import threading
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from textual import events
from textual.actions import parse as parse_action
from textual.app import App, ScreenStackError, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import WorkerCancelled, WorkerFailed

from ..days import Clock, day_end, utc_now
from ..problems import BadFile, Problem, UserError
from ..safetext import visible
from ..study.workspace import Workspace
from .commands import OrderedCommands, own_bindings
from .keys import handle_in_order, wants_keys_in_order

if TYPE_CHECKING:  # the deck model (pydantic) is loaded in a worker, never before the first paint
    from textual.dom import DOMNode

    from ..classroom.sessions import ClassSession
    from ..deck.discovery import Catalog
    from ..deck.loaded import LoadedDeck
    from ..study.session import StudySession
    from ..study.store import DeckCounts, Profile, Store
    from .screens.study import StudyScreen

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ff00ff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
)


# What counts as a student's activity in a served app (the idle limit): not the mouse merely moving.
INPUT_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)


class ExamOptions(TypedDict, total=False):
    """The options of `quizapp quiz`, as `QuizApp.open_exam` takes them (each may be left out)."""

    count: int | None
    time_limit: int | None
    seed: int | None
    student: str | None
    results_dir: Path | None


@dataclass
class Start:
    """What the app opens on: `home`, `study` (decks named), `quiz`, `read` or `preview` (one deck)."""

    mode: str = "home"  # or "serve": the home screen, once the student has signed in (or said their name)
    # (or "watch": the teacher's live view of the class, `quizapp class watch`, which opens no store)
    decks: list[str] = field(default_factory=list)
    exam: ExamOptions = field(default_factory=ExamOptions)  # quiz options (mode "quiz")
    # Mode "serve" on a server open to other machines: without a roster to sign in with, nobody gets in.
    sign_in_only: bool = False
    # Mode "serve": at most this many browsers at once (None: no limit), and a browser with no key or
    # click for this many minutes is closed (None: the default, 30; 0: never). See classroom/sessions.py.
    max_students: int | None = None
    idle_minutes: float | None = None


@dataclass
class Context:
    """Everything from outside the app: where data lives, who studies, and the clock and randomness
    (fixed in tests, so that snapshots are the same every run)."""

    workspace: Workspace
    profile_name: str
    clock: Clock = utc_now
    tz: dt.tzinfo | None = None
    seed: int | None = None

    def rng(self) -> random.Random:
        """A random source: seeded when the context is, else fresh."""
        return random.Random(self.seed)


class QuizApp(App[int]):
    """quizapp's TUI."""

    CSS_PATH = "app.tcss"
    COMMANDS = {OrderedCommands}
    TITLE = "quizapp"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1,question_mark", "help", "Help"),
    ]
    # A served app: how often it looks whether its session must end (idle, or signed in elsewhere), and
    # how long the screen saying why stays before the app ends. Once it has ended, textual-serve covers
    # the page with its own "Session ended." (nothing of the app shows through): the reason stays on
    # screen for a while, so that a student coming back reads it. The browser leaving ends it at once.
    SESSION_CHECK_SECONDS = 2.0
    # How often the app asks the study engine whether a backup is due (every 30 minutes of answering).
    BACKUP_CHECK_SECONDS = 60.0
    # How long the quit waits for a backup a worker is making before it makes its own (see back_up).
    BACKUP_WAIT_SECONDS = 30.0
    FULL_SHOWN_SECONDS = 30.0
    ENDED_SHOWN_SECONDS = 300.0

    def __init__(self, context: Context, start: Start | None = None):
        super().__init__()
        self.context = context
        self.start = start or Start()
        self.catalog: Catalog | None = None
        self.store: Store | None = None
        self.profile: Profile | None = None
        self.results_path: Path | None = None  # the results file an exam wrote, printed on exit
        self.error_message: str | None = None  # why the app could not start, printed on exit
        self.deck_problems: list[Problem] = []  # or the problems of a deck it was named that did not load
        self.teacher_note: str | None = None  # a served app: why its session ended (told the server's output)
        self.class_session: ClassSession | None = None  # a served app's place in the class
        self.last_input = context.clock()  # a served app: the last key or click, for the idle limit
        self.ending = False  # a served app's session has ended: only the reason is shown now
        self.backup_warning: str | None = None  # why the quit's backup could not be made, printed on exit
        # One backup at a time in this app (a study check's worker, a session's end, the quit); reentrant,
        # for a hang-up that arrives while the main thread is making one.
        self._backing_up = threading.RLock()
        self._backup_failed = False  # a failed check is told once, not every minute
        self._quit_backed_up = False
        # Keys typed before the first screen is up (while the store and decks open), held in order for
        # it when it is the home screen or the sign-in: `quizapp`, then down and enter at once, studies
        # the second deck.
        self._held_keys: list[events.Key] | None = []
        # Set once the app is ending: a worker still loading then stops telling it anything, and the
        # wait for the first paint that a worker may be in (`_first_paint`) is ended (see on_unmount).
        self._quitting = threading.Event()
        self._loading_screen: Screen[None] | None = None  # the loading screen, if the start took long enough
        self._first_paint: threading.Event | None = None
        self.register_theme(HIGH_CONTRAST)
        # Served, the app has no profile until its student has signed in: no name is shown before.
        self.sub_title = "" if self.served else f"profile: {context.profile_name}"
        if self.start.mode == "watch":
            self.sub_title = f"class: {visible(str(context.workspace.data_dir))}"

    @property
    def served(self) -> bool:
        """Whether this app runs for a browser (`quizapp serve`): its student is signed in, and stays
        themselves (no switching to another profile)."""
        return self.start.mode == "serve"

    def on_mount(self) -> None:
        """Open the store and decks in a worker; say so if that takes more than a moment. A served app
        first takes its place in the class, or, if the class is full, only says so."""
        if self.served and not self._join_class():
            return
        if self.start.mode == "watch":  # the teacher's view only reads the class's files: no store, no profile
            from .screens.watch import WatchScreen

            self._replace_loading(WatchScreen())
            return
        self.run_worker(self._load, thread=True, exclusive=True, group="load")
        self.set_interval(self.BACKUP_CHECK_SECONDS, self.check_backup)
        # Usually the first screen is ready before this fires: painting a loading screen meanwhile
        # would only take the processor from the loading itself.
        self.set_timer(0.15, self._still_loading)

    def _still_loading(self) -> None:
        from .screens.loading import LoadingScreen

        if len(self.screen_stack) == 1:  # only Textual's blank default screen so far
            self._loading_screen = LoadingScreen()
            self.push_screen(self._loading_screen)

    def _load(self) -> None:
        with self.context.workspace.in_use():
            self._load_in_use()

    def _load_in_use(self) -> None:
        try:
            store = self.context.workspace.store()
            sign_in = False
            if self.served:  # no profile until the student is known; whether they sign in or say a name
                from ..classroom.signin import served_sign_in

                profile = None
                sign_in = served_sign_in(self.context.workspace.data_dir, self.start.sign_in_only)
            else:
                profile = store.profile(self.context.profile_name, self.context.clock())
            quick = self.start.mode == "study" and profile is not None and self._fast_start(store, profile)
            if self._quitting.is_set():  # the student has left already: nothing more to open
                return
            # The home screen lists decks: bundled ones may be validated after it shows (_build_decks).
            catalog = self.context.workspace.catalog(list_only=self.start.mode == "home")
            named = self.context.workspace.decks() if self.start.decks else []
            session = self._session(store, profile, named or catalog.decks) if quick and profile else None
            # The home screen's figures, counted here rather than by the screen once it is up: it shows
            # its decks in its first frame.
            counts = self._home_counts(profile) if self.start.mode == "home" and profile else None
        except UserError as error:
            self.call_from_thread(self._fail, str(error))
            return
        except BadFile as bad:  # a deck named on the command line (or the class roster) is there, but broken
            self.call_from_thread(self._fail, str(bad), bad.problems)
            return
        if self._quitting.is_set():
            return
        if profile is None:
            self.call_from_thread(self._ask_student, catalog, store, sign_in)
            return
        self.call_from_thread(self._loaded, catalog, store, profile, named, session, counts)

    def _home_counts(self, profile: Profile) -> dict[str, DeckCounts]:
        context = self.context
        return context.workspace.deck_counts(profile, day_end(context.clock(), context.tz))

    def _fast_start(self, store: Store, profile: Profile) -> bool:
        """Show the first question from the cache before loading the decks, if it can be found there.
        Returns whether it was shown; the loading goes on only once it is on screen."""
        from ..places import search_path
        from ..study.quick_start import first_item
        from .screens.study import StudyScreen

        workspace, context = self.context.workspace, self.context
        named_paths = [Path(name) for name in self.start.decks if name.endswith(".toml") or "/" in name]
        places = search_path(named_paths, workspace.data_dir)
        first = first_item(store, profile, places, self.start.decks, workspace.deck_cache, context.clock(), context.tz)
        if first is None:
            return False
        screen = StudyScreen(None, seed=context.seed, first=first)
        self.call_from_thread(self._show_first, store, profile, screen)
        self._wait_for_paint(screen)
        return True

    def _wait_for_paint(self, screen: StudyScreen) -> None:
        """Leave the first paint of the study screen the processor (loading competes for it); a quit
        meanwhile ends the wait."""
        self._first_paint = screen.painted
        if not self._quitting.is_set():
            screen.painted.wait(timeout=5)

    def _show_first(self, store: Store, profile: Profile, screen: StudyScreen) -> None:
        if self.ending or self._quitting.is_set():
            return
        self.store, self.profile = store, profile
        self._replace_loading(screen)

    def _replace_loading(self, screen: Screen[None]) -> None:
        """Show `screen` in place of the loading screen (or above the blank default one), and hand it
        the keys typed meanwhile."""
        if self.screen is self._loading_screen:  # (known so, not by its class: its module is not imported
            self.switch_screen(screen)  # by a start that never needs it)
        else:
            self.push_screen(screen)
        self.call_after_refresh(self._started)
        if self._held_keys is not None and self.start.mode in ("home", "serve"):
            self.call_later(self._release_keys)
        else:  # a session opens by itself: a key typed before it showed (a return typed twice at the
            self._held_keys = None  # shell) must not answer its first question or take up an exam

    async def _release_keys(self) -> None:
        """The keys typed before the first screen was up, handled in order as if typed now. (Keys typed
        meanwhile wait in the app's queue behind this: they come after.)"""
        held, self._held_keys = self._held_keys or [], None
        self.refresh_bindings()  # help and the palette, held back until now, are keys again
        for key in held:
            if key.key == "ctrl+j":  # a return typed before Textual put the terminal in raw mode: the
                key = events.Key("enter", "\r")  # terminal turned it into a newline, which reads as ctrl+j
            await self.on_event(events.Key(key.key, key.character))

    @staticmethod
    def _started() -> None:
        """The first screen is up: collect cycles again (the CLI paused it for the start), leaving
        out the objects made so far, which live as long as the app."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def _session(self, store: Store, profile: Profile, decks: list[LoadedDeck]) -> StudySession:
        from ..study.session import StudySession

        return StudySession(store, profile, decks, self.context.clock, self.context.rng(), self.context.tz)

    def _fail(self, message: str, problems: list[Problem] | None = None) -> None:
        if self._quitting.is_set():  # the store closing under a worker as the student quits says nothing
            return
        self._started()
        self.error_message = message
        self.deck_problems = problems or []
        self.exit(return_code=1)

    def _loaded(
        self,
        catalog: Catalog,
        store: Store,
        profile: Profile,
        named: list[LoadedDeck],
        session: StudySession | None = None,
        counts: dict[str, DeckCounts] | None = None,
    ) -> None:
        if self.ending or self._quitting.is_set():
            return
        self.catalog, self.store, self.profile = catalog, store, profile
        self.theme = profile.settings.theme
        if session is not None:  # the fast start's study screen is already up: hand it its session
            self._hand_over(session)
            return
        from .screens.home import HomeScreen

        self._replace_loading(HomeScreen(counts))
        self.call_after_refresh(self._build_decks)
        mode = self.start.mode
        if mode == "study":
            self.open_study(named or catalog.decks)
        elif mode == "quiz":
            self.open_exam(named[0], **self.start.exam)
        elif mode == "read":
            self.open_reading(named[0])
        elif mode == "preview":
            self.open_preview(named[0])

    def _build_decks(self) -> None:
        """Build the decks listed before they were built (see deck/loaded.py), importing the deck model,
        while the student reads the home screen: the one they choose then opens without that wait."""
        if self.catalog is not None:
            self.run_worker(partial(self._build_in_worker, self.catalog), thread=True, group="build")

    def _build_in_worker(self, catalog: Catalog) -> None:
        with self.context.workspace.in_use():
            invalid = catalog.build_decks()
        if (
            invalid and not self._quitting.is_set()
        ):  # a bundled deck listed before it was validated, and not valid after all (deck/bundled.py)
            self.call_from_thread(self._drop_decks, catalog, invalid)

    def usable(self, decks: list[LoadedDeck]) -> bool:
        """Whether `decks` can be opened: each is built now if it was not yet (a bundled deck listed
        before it was validated, when the worker has not come to it); one that proves invalid leaves
        the list, its problems shown, and nothing opens."""
        invalid = self.catalog.build_decks(decks) if self.catalog else []
        if invalid and self.catalog:
            self._drop_decks(self.catalog, invalid)
        return not invalid

    def _drop_decks(self, catalog: Catalog, invalid: list[tuple[LoadedDeck, list[Problem]]]) -> None:
        """Decks that proved invalid once listed leave the list, their problems shown."""
        from .screens.home import HomeScreen

        catalog.drop(invalid)
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_decks()

    def _ask_student(self, catalog: Catalog, store: Store, sign_in: bool) -> None:
        """A served app: the sign-in screen (or, without a roster, the name screen) before anything else."""
        self.catalog, self.store = catalog, store
        if self.ending:  # it sat idle while the decks were opening
            return
        if sign_in:
            from ..classroom.signin import SignInDesk
            from .screens.signin import SignInScreen

            self._replace_loading(SignInScreen(SignInDesk(self.context.workspace.data_dir, self.context.clock)))
        else:
            from .screens.profiles import NameScreen

            self._replace_loading(NameScreen())

    def student_known(self, name: str) -> AwaitComplete:
        """A served app's student has signed in as `name` (the roster's spelling), or said it: their home
        screen, as them, from now on (awaited, it is on screen)."""
        from .screens.home import HomeScreen

        self.switch_profile(name)
        if self.class_session is not None:
            self._claim(name)
        return self.switch_screen(HomeScreen())

    # ------------------------------------------------------------------ a served app's session

    def _join_class(self) -> bool:
        """Take this browser's place in the class (before the decks are opened); False when the app
        has nothing more to do: the class is full (said on screen), or its sessions cannot be kept."""
        from ..classroom.sessions import ClassSession, full_text, teacher_note

        session = ClassSession(self.context.workspace.data_dir, self.context.clock)
        try:
            joined = session.join(self.start.max_students)
        except UserError as error:
            self._fail(str(error))
            return False
        if not joined:
            limit = self.start.max_students or 0
            self._tell_teacher(teacher_note("full", None, max_students=limit))
            self._started()
            self._show_ended(full_text(limit), self.FULL_SHOWN_SECONDS)
            return False
        self.class_session = session
        self.last_input = self.context.clock()
        self.set_interval(self.SESSION_CHECK_SECONDS, self._check_session)
        return True

    def _claim(self, name: str) -> None:
        """The student is known: any older session of theirs ends (told so on its own screen)."""
        from ..classroom.sessions import ELSEWHERE_CLOSED

        assert self.class_session is not None
        try:
            ended = self.class_session.signed_in(name)
        except UserError as error:  # the student is in all the same; only the limits miss them
            self.log.error(f"class session: {error}")
            return
        if ended:
            self.notify(ELSEWHERE_CLOSED, timeout=8, markup=False)

    async def _check_session(self) -> None:
        """Every few seconds: end the session if the student signed in elsewhere, or if it sat idle;
        else keep it live (its heartbeat)."""
        from ..classroom.sessions import SUPERSEDED, idle_limit, idle_over, idle_text, teacher_note

        session = self.class_session
        if session is None or self.ending:
            return
        student = self.profile.name if self.profile is not None else None
        if session.superseded():
            self._tell_teacher(teacher_note("superseded", student))
            await self.end_session(SUPERSEDED)
            return
        limit = idle_limit(self.start.idle_minutes)
        if limit is not None and idle_over(self.last_input, self.context.clock(), limit):
            self._tell_teacher(teacher_note("idle", student, limit))
            await self.end_session(idle_text(limit, signed_in=student is not None))
            return
        try:
            session.beat(self.last_input)
        except UserError as error:  # it may be counted out a while later; the student goes on meanwhile
            self.log.error(f"class session: {error}")

    async def end_session(self, message: str) -> None:
        """End a served app's session: an exam answer given but not yet recorded is recorded (as when
        time runs out; the attempt stays unfinished, to take up again), the place in the class is given
        up, every screen closes (an exam's clock with it), and `message` is shown until the app ends."""
        from .screens.exam import ExamScreen

        self.ending = True
        for screen in self.screen_stack:
            if isinstance(screen, ExamScreen) and not screen.finished:
                screen.keep_answer()
        self._leave_class()
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self._show_ended(message, self.ENDED_SHOWN_SECONDS)

    def _tell_teacher(self, note: str) -> None:
        """One line for the server's output. textual-serve collects what an app writes to stderr and
        prints it as the app ends: written now (to the process's own stderr, as Textual captures
        `print` while it runs), it is collected long before, where a line written on the way out may
        be cut off by the end of the process."""
        self.teacher_note = note
        stream = sys.__stderr__
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.write(f"quizapp: {note}\n")
                stream.flush()

    def _show_ended(self, message: str, seconds: float) -> None:
        from .screens.ended import EndedScreen

        self.ending = True
        self.push_screen(EndedScreen(message))
        self.set_timer(seconds, lambda: self.exit(0))

    def _leave_class(self) -> None:
        if self.class_session is not None:
            self.class_session.leave()

    def _hand_over(self, session: StudySession) -> None:
        """Give the fast start's study screen its session. It may be under another screen by now (help,
        the command palette); or the student left it before the decks were loaded, for a home screen
        that has them to show now."""
        from .screens.study import StudyScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, StudyScreen):
                screen.attach(session)
                return
        from .screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_decks()

    # ------------------------------------------------------------------ opening screens

    def open_study(self, decks: list[LoadedDeck], practice: bool = False) -> None:
        """Start a study session over `decks`."""
        from ..study.session import StudySession
        from .screens.study import StudyScreen

        store, profile = self.store_and_profile()
        session = StudySession(
            store, profile, decks, self.context.clock, self.context.rng(), self.context.tz, practice=practice
        )
        self.push_screen(StudyScreen(session, seed=self.context.seed))

    def open_exam(
        self,
        deck: LoadedDeck,
        count: int | None = None,
        time_limit: int | None = None,
        seed: int | None = None,
        student: str | None = None,
        results_dir: Path | None = None,
    ) -> None:
        """Start an exam attempt at `deck`, or take up one that was interrupted if the student wants."""
        from ..study.exam import ExamSession, ExamSettings, exam_pool
        from .screens.confirm import ConfirmScreen
        from .screens.exam import RESUME_KEYS, ExamScreen, resume_question, set_aside_question

        settings = ExamSettings.for_deck(deck, count, time_limit, seed)
        if not exam_pool(deck, settings):  # before any attempt is begun: an empty one could never be finished
            self.notify("This exam has no questions.", severity="error")
            return
        store, profile = self.store_and_profile()
        folder = results_dir or self.context.workspace.data_dir / "results"

        def begin() -> None:
            session = ExamSession(deck, settings, self.context.clock, store, profile)
            name = student or profile.name
            store.begin_exam(profile.id, deck.id, session.in_progress(name))
            self.push_screen(ExamScreen(session, name, folder))

        saved = store.exam_in_progress(profile.id, deck.id)
        if saved is None:
            begin()
            return
        if saved.deck_sha256 != deck.sha256:  # the deck was edited since: its draw cannot be repeated
            self.notify(
                "An unfinished attempt at an earlier version of this deck was set aside "
                "(its answers stay in your progress log).",
                timeout=8,
            )
            begin()
            return
        resumed = ExamSession.resume(deck, saved, self.context.clock, store, profile)

        def set_aside() -> None:
            """The interrupted attempt is submitted as it stands (a teacher sees every attempt), then a
            new one begins."""
            from ..classroom.results import save_attempt

            try:
                save_attempt(resumed, resumed.finish(), saved.student, folder)
            except UserError as error:  # the attempt stays, to be taken up or set aside later
                self.notify(
                    f"The unfinished attempt was not submitted: {error}", severity="error", timeout=15, markup=False
                )
                return
            begin()

        def confirmed(yes: bool | None) -> None:
            if yes:
                set_aside()
            else:
                offer()

        def chosen(again: bool | None) -> None:
            if again:
                self.push_screen(ExamScreen(resumed, saved.student, folder))
            elif again is False:  # a new attempt: asked once more, since the unfinished one is then submitted
                self.push_screen(ConfirmScreen(set_aside_question(resumed), escape_cancels=True), confirmed)

        def offer() -> None:
            self.push_screen(
                ConfirmScreen(resume_question(resumed, self.context.tz), RESUME_KEYS, escape_cancels=True), chosen
            )

        offer()

    def open_reading(self, deck: LoadedDeck, paragraphs: list[int] | None = None) -> None:
        """Show a deck's study notes (only `paragraphs`, when given)."""
        from .screens.reading import ReadingScreen

        self.push_screen(ReadingScreen(deck, paragraphs))

    def open_preview(self, deck: LoadedDeck) -> None:
        """Show every question of a deck with its answers, recording nothing."""
        from .screens.preview import PreviewScreen

        self.push_screen(PreviewScreen(deck))

    def close_study(self) -> None:
        """Leave a study session for the home screen (which a fast start did not open beneath it)."""
        from .screens.home import HomeScreen

        if isinstance(self.screen_stack[-2], HomeScreen):
            self.pop_screen()
        else:  # a fast start: the study screen sits on Textual's default screen
            self.switch_screen(HomeScreen())

    def switch_profile(self, name: str) -> None:
        """Study as another profile from now on (created if new)."""
        assert self.store is not None
        self.profile = self.store.profile(name, self.context.clock())
        self.context.profile_name = name
        self.sub_title = f"profile: {name}"
        self.theme = self.profile.settings.theme

    def store_and_profile(self) -> tuple[Store, Profile]:
        """The progress store and the student's profile, for the screens that need them: every screen
        but the loading one is shown once both are open (a fast start's study screen needs neither)."""
        assert self.store is not None and self.profile is not None, "the store and the profile are not open yet"
        return self.store, self.profile

    def session_ended(self) -> None:
        """Back up the progress store after a study session, if a backup is due (the engine decides)."""
        try:
            self.back_up()
        except UserError as error:  # the progress itself is saved; only its copy is missing
            self.notify(str(error), severity="warning", timeout=10, markup=False)

    def check_backup(self) -> None:
        """Every minute: a backup, in a worker, if one is due: the study engine decides (30 minutes
        since the last, and answers given since). The copy is made on a connection of its own, so no
        answer waits for it."""
        if self.store is not None and not self.ending:
            self.run_worker(self._check_backup_in_worker, thread=True, group="backup")

    def _check_backup_in_worker(self) -> None:
        if not self._backing_up.acquire(blocking=False):  # one is being made: nothing to check
            return
        try:
            with self.context.workspace.in_use():
                self.back_up()
        except UserError as error:
            if not self._backup_failed:  # told once; the check goes on, and may succeed later
                self._backup_failed = True
                self.call_from_thread(self.notify, str(error), severity="warning", timeout=10, markup=False)
        finally:
            self._backing_up.release()

    def back_up(self) -> Path | None:
        """Back up the progress store now if a backup is due; returns the new file, if one was made.
        UserError (a StoreError) when it could not be made."""
        if self.store is None:
            return None
        from ..study.backups import backup_if_due

        if not self._backing_up.acquire(timeout=self.BACKUP_WAIT_SECONDS):
            return None  # another has taken that long: it is the backup
        try:
            return backup_if_due(self.store, self.context.workspace.data_dir, self.context.clock())
        finally:
            self._backing_up.release()

    def back_up_on_quit(self) -> None:
        """The backup of the way out (once), however the app ends but a kill: ctrl+q, the command
        palette, a served session ending, a closed terminal (cli.py). The screen is gone by then."""
        if self._quit_backed_up:
            return
        self._quit_backed_up = True
        try:
            self.back_up()
        except UserError as error:
            self.backup_warning = str(error)

    # ------------------------------------------------------------------ app-wide actions

    def action_help(self) -> None:
        """Show the keys of the current screen and of the app."""
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette: the current screen's actions and the app's, by their full names (a
        binding's tooltip, else its description), then Textual's own (theme, keys, screenshot). The
        focused widget's bindings (cursor, scrolling) are left out: they are keys, not commands."""
        seen: set[str] = set()
        for node in (screen, self):
            for binding in own_bindings(node):
                name, parameters = parse_action(binding.action)[1:]
                title = binding.tooltip or binding.description
                if not title or title in seen or not node.check_action(name, parameters):
                    continue
                seen.add(title)
                keys = " or ".join(self.get_key_display(replace(binding, key=key)) for key in binding.key.split(","))
                yield SystemCommand(title, f"key: {keys}", self._runner(node, binding.action))
        for command in super().get_system_commands(screen):
            if command.title not in seen:
                yield command

    def _runner(self, node: DOMNode, action: str) -> Callable[[], Coroutine[Any, Any, None]]:
        async def run() -> None:
            await self.run_action(action, node)

        return run

    def watch_app_focus(self, focus: bool) -> None:
        """In a browser the app starts without the page's focus (textual-serve's driver says so), and
        Textual gives a screen shown meanwhile no focus of its own: its first field (the name on the
        sign-in screen) had none, and keys typed went nowhere until tab or a click. When the app gets
        the focus (a click, or the first key), a screen with nothing focused gets what it would have got."""
        try:
            screen = self.screen
        except ScreenStackError:  # starting or ending: no screen to focus in
            return
        if not focus or screen.focused is not None:
            return
        selector = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if selector:
            for widget in screen.query(selector):
                if widget.focusable:  # as the app's own focus (an input keeps what was typed)
                    screen.set_focus(widget, from_app_focus=True)
                    break

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once a served app's session has ended, no help and no command palette over the reason; and
        none before the first screen is up (their keys are held for it, with the others)."""
        if (self.ending or self._held_keys is not None) and action in ("help", "command_palette"):
            return False
        return super().check_action(action, parameters)

    async def on_event(self, event: events.Event) -> None:
        """Keys on the screens where a student answers are handled strictly in order (see keys.py), and
        keys typed before the first screen is up are held for it (but ctrl+q). A served app notes the
        time of every key, click, scroll and paste, for its idle limit."""
        if self.served and isinstance(event, INPUT_EVENTS):
            self.last_input = self.context.clock()
        if isinstance(event, events.Key) and self._held_keys is not None and not event.is_forwarded:
            if not await self._check_bindings(event.key, priority=True):  # (ctrl+q quits at once)
                self._held_keys.append(event)
            return
        if isinstance(event, events.Key) and not event.is_forwarded and wants_keys_in_order(self.screen):
            if not self.app_focus:  # as Textual does with any key: the page that sends it has the focus
                self.app_focus = True
            await handle_in_order(self, event)
            return
        await super().on_event(event)

    async def on_unmount(self) -> None:
        """Give up a served app's place in the class; once no worker still uses the store, back it up
        if a backup is due (Textual has put the terminal back by now: the screen is gone, the copy is
        all that is left of the quit), and close it (folding its journal back into the file)."""
        self._quitting.set()
        if self._first_paint is not None:  # a worker waiting for a paint that will not come
            self._first_paint.set()
        self._leave_class()
        for worker in list(self.workers):
            # Textual has cancelled its workers by now: waiting for one not yet ended raises (and would
            # skip the backup and the closing below). How each ended does not matter here.
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        # Textual no longer lists its cancelled workers, but a thread of theirs may still be at work
        # (building a big session, say): the store closes once it is done. The loop goes on
        # meanwhile, for what the thread may ask of it.
        await asyncio.get_running_loop().run_in_executor(None, self.context.workspace.wait_unused)
        self.back_up_on_quit()
        self.context.workspace.close()


def quiz_app(node: DOMNode) -> QuizApp:
    """The app `node` (a screen or widget of quizapp's) runs in, typed as the QuizApp it is: `node.app`
    is typed as any Textual app, which knows nothing of the store, the decks or the screens to open."""
    app = node.app
    if not isinstance(app, QuizApp):
        raise TypeError(f"{type(node).__name__} runs in {type(app).__name__}, not in a QuizApp")
    return app


def build_app(
    data_dir: Path,
    profile: str,
    start: Start | None = None,
    clock: Clock = utc_now,
    tz: dt.tzinfo | None = None,
    seed: int | None = None,
) -> QuizApp:
    """The app for this data directory and profile: the CLI and the tests both build it here."""
    named = start.decks if start else []
    return QuizApp(Context(Workspace(data_dir, list(named)), profile, clock, tz, seed), start)
