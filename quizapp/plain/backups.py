"""The backups of a plain session, as the TUI takes them: when one is due (the study engine decides),
checked at most once a minute while answering, at the end of a study session, and on the way out."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import UserError
from ..study.backups import backup_if_due

if TYPE_CHECKING:
    from ..days import Clock
    from ..study.store import Store

CHECK_EVERY_SECONDS = 60.0


class Backups:
    """Backs up one store when a backup is due; a failure is told once (`warning`), never raised."""

    def __init__(self, store: Store, data_dir: Path, clock: Clock):
        self.store = store
        self.data_dir = data_dir
        self.clock = clock
        self.warning: str | None = None  # why the last backup could not be made, once told it is cleared
        self._failed = False
        self._checked = time.monotonic()

    def check(self) -> None:
        """Back up if one is due, at most once a minute (called after each answer)."""
        if time.monotonic() - self._checked >= CHECK_EVERY_SECONDS:
            self.now()

    def now(self) -> None:
        """Back up now if one is due (the end of a session, the way out)."""
        self._checked = time.monotonic()
        try:
            backup_if_due(self.store, self.data_dir, self.clock())
        except UserError as error:  # the progress is saved; only its copy is missing
            if not self._failed:
                self._failed = True
                self.warning = str(error)

    def take_warning(self) -> str | None:
        """The failure to tell, once."""
        warning, self.warning = self.warning, None
        return warning
