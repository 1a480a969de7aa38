"""Plain mode started for the command line: the standard streams made ready (line editing on a
terminal), the decks and the store opened, then study, an exam or the notes; the backup on the way out."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..days import Clock, utc_now
from ..study.exam import ExamSettings
from ..study.session import StudySession
from .backups import Backups
from .console import Console, EndOfInput, on_a_terminal
from .exam import open_exam
from .reading import notes_lines
from .study import PlainStudy

if TYPE_CHECKING:
    from ..deck.loaded import LoadedDeck
    from ..study.store import Profile, Store
    from ..study.workspace import Workspace


@dataclass
class PlainStart:
    """What to do: `study` the decks named (all when none), sit the `quiz` of one, or `read` its notes."""

    mode: str
    count: int | None = None  # the exam's options, as `quizapp quiz` takes them
    time_limit: int | None = None
    student: str | None = None
    results_dir: Path | None = None
    seed: int | None = None  # the order of the options and of an exam's draw (None: a new one each time)


def standard_console() -> Console:
    """The console on the standard streams: with line editing when both are a terminal; never failing
    on a character the streams cannot carry (a wrong byte read, a character the output cannot encode)."""
    terminal = on_a_terminal()
    if terminal:
        with contextlib.suppress(ImportError):  # (not every Python has it: then lines are read without editing)
            import readline  # noqa: F401  # imported, it gives input() its line editing and history
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "backslashreplace")):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors=errors)  # type: ignore[union-attr]
    return Console(sys.stdin, sys.stdout, terminal)


class PlainApp:
    """One run of plain mode over a workspace, as one profile."""

    def __init__(
        self,
        workspace: Workspace,
        profile_name: str,
        console: Console,
        clock: Clock = utc_now,
        tz: dt.tzinfo | None = None,
    ):
        self.workspace = workspace
        self.profile_name = profile_name
        self.console = console
        self.clock = clock
        self.tz = tz
        self.backups: Backups | None = None
        self.backup_warning: str | None = None  # why the backup of the way out could not be made

    def run(self, start: PlainStart) -> Path | None:
        """Do what `start` says, until it is done or the input ends; the results file an exam wrote."""
        decks = self.workspace.decks()  # a deck that does not load is told before anything is written
        if start.mode == "read":
            self.console.say(*notes_lines(decks[0]))
            return None
        try:
            store = self.workspace.store()
            profile = store.profile(self.profile_name, self.clock())
            self.backups = Backups(store, self.workspace.data_dir, self.clock)
            if start.mode == "quiz":
                return self._quiz(store, profile, decks[0], start)
            self._study(store, profile, decks, start.seed)
        except EndOfInput:
            pass
        finally:
            self.back_up_on_quit()
            self.workspace.close()
        return None

    def _study(self, store: Store, profile: Profile, decks: list[LoadedDeck], seed: int | None) -> None:
        assert self.backups is not None
        shown = seed if seed is not None else random.randrange(2**31)
        session = StudySession(store, profile, decks, self.clock, random.Random(seed), self.tz)
        if not PlainStudy(self.console, session, shown, self.backups).run() or not session.decks:
            return
        if self.console.yes_or_no("Practise these decks now? Nothing is scheduled. Type y or n: "):
            practice = StudySession(store, profile, decks, self.clock, random.Random(seed), self.tz, practice=True)
            PlainStudy(self.console, practice, shown, self.backups).run()

    def _quiz(self, store: Store, profile: Profile, deck: LoadedDeck, start: PlainStart) -> Path | None:
        settings = ExamSettings.for_deck(deck, start.count, start.time_limit, start.seed)
        folder = start.results_dir or self.workspace.data_dir / "results"
        exam = open_exam(self.console, store, profile, deck, settings, start.student, folder, self.clock, self.tz)
        return exam.run() if exam is not None else None

    def back_up_on_quit(self) -> None:
        """The backup of the way out, if one is due (however the run ends but a kill)."""
        if self.backups is None:
            return
        self.backups.now()
        self.backup_warning = self.backups.take_warning()
        self.backups = None
