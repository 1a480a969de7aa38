"""What a command works on: the data directory, the profile's store, and the decks it names."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..datadir import ensure_data_dir
from .store import DATABASE_NAME, DeckCounts, Profile, Store

if TYPE_CHECKING:
    from ..deck.discovery import Catalog
    from ..deck.loaded import LoadedDeck


def _looks_like_path(name: str) -> bool:
    return name.endswith(".toml") or "/" in name or "\\" in name


@dataclass
class Workspace:
    """A data directory and the decks found for it; the store is opened on first use."""

    data_dir: Path
    named_decks: list[str] = field(default_factory=list)
    _catalog: Catalog | None = None
    _store: Store | None = None
    # The threads working with the store now (see `in_use`), and the condition `close` waits on.
    _users: int = field(default=0, init=False, repr=False, compare=False)
    _users_changed: threading.Condition = field(
        default_factory=threading.Condition, init=False, repr=False, compare=False
    )

    @property
    def deck_cache(self) -> Path:
        """Where validated decks are cached."""
        return self.data_dir / "cache" / "decks"

    @property
    def database(self) -> Path:
        """The progress database's file."""
        return self.data_dir / DATABASE_NAME

    def store(self) -> Store:
        """The progress store, created (with the data directory) if needed."""
        if self._store is None:
            ensure_data_dir(self.data_dir)
            self._store = Store.open(self.database, before_upgrade=self._back_up_before_upgrade)
        return self._store

    def _back_up_before_upgrade(self, store: Store) -> None:
        from ..days import utc_now
        from .backups import backup_before_upgrade  # loaded only when an upgrade is due

        backup_before_upgrade(store, self.data_dir, utc_now())

    def catalog(self, list_only: bool = False) -> Catalog:
        """Every deck found: named on the command line (as paths), in QUIZAPP_DECKS, the data dir, bundled.

        `list_only` on the first call: bundled decks may be listed before they are validated (see
        load_catalog)."""
        if self._catalog is None:
            from ..deck.discovery import load_catalog
            from ..places import search_path

            paths = [Path(name) for name in self.named_decks if _looks_like_path(name)]
            places = search_path(paths, self.data_dir)
            self._catalog = load_catalog(places, cache_dir=self.deck_cache, list_only=list_only)
        return self._catalog

    def decks(self) -> list[LoadedDeck]:
        """The decks the command line named (by id or path), or every deck when it named none."""
        catalog = self.catalog()
        if not self.named_decks:
            return list(catalog.decks)
        return [catalog.find(name) for name in self.named_decks]

    def deck_counts(self, profile: Profile, due_before: dt.datetime) -> dict[str, DeckCounts]:
        """What is new, learning and due before `due_before` in each deck found (by deck id), each
        deck's cards first marked present or gone (see Store.sync_deck): the home screen's figures."""
        store = self.store()
        for loaded in list(self.catalog().decks):  # (a copy: the app may drop an invalid deck meanwhile)
            store.sync_deck(profile.id, loaded.id, loaded.sha256, loaded.question_ids)
        return store.deck_counts(profile.id, due_before)

    @contextmanager
    def in_use(self) -> Iterator[None]:
        """Around a thread's work with the store and decks: `close` waits until it is done."""
        with self._users_changed:
            self._users += 1
        try:
            yield
        finally:
            with self._users_changed:
                self._users -= 1
                self._users_changed.notify_all()

    def wait_unused(self, timeout: float | None = None) -> bool:
        """Wait until no thread is `in_use`; False if one still was after `timeout` seconds."""
        with self._users_changed:
            return self._users_changed.wait_for(lambda: self._users == 0, timeout)

    def close(self) -> None:
        """Close the store if it was opened (a thread still `in_use` should be waited for first)."""
        if self._store is not None:
            self._store.close()
            self._store = None
