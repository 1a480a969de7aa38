"""Loading the decks found (see places.py): a broken deck is a problem, and the others still load."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..places import Place, deck_files
from ..problems import BadFile, Problem, UserError
from ..safetext import visible
from .collector import collection_paused
from .loaded import LoadedDeck


@dataclass
class Catalog:
    """The decks that loaded, and the problems of those that did not."""

    decks: list[LoadedDeck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that are errors (a deck that did not load, two decks with one id)."""
        return [problem for problem in self.problems if problem.severity == "error"]

    def build_decks(self, decks: list[LoadedDeck] | None = None) -> list[tuple[LoadedDeck, list[Problem]]]:
        """Build each of `decks` (default: all) not built yet (see loaded.py); returns those that proved
        invalid (only a bundled deck listed before it was validated can: see bundled.py) with their
        problems, for `drop`."""
        invalid = []
        for loaded in list(self.decks if decks is None else decks):  # (a copy: `drop` may run meanwhile)
            try:
                loaded.build()
            except BadFile as bad:
                invalid.append((loaded, bad.problems))
        return invalid

    def drop(self, invalid: list[tuple[LoadedDeck, list[Problem]]]) -> None:
        """Take decks that proved invalid out, their problems in, as if they had failed to load."""
        for loaded, problems in invalid:
            if loaded in self.decks:  # (the worker and a screen may both have found it invalid)
                self.decks.remove(loaded)
                self.problems += problems

    def find(self, name: str) -> LoadedDeck:
        """The deck named by its id or its path. BadFile with its problems when the file named is there
        but did not load (they are what the user needs, not "not found"); UserError when there is none."""
        for loaded in self.decks:
            if loaded.id == name:
                return loaded
        wanted = Path(name).expanduser().resolve()
        for loaded in self.decks:
            if loaded.path.resolve() == wanted:
                return loaded
        if os.path.isfile(wanted):  # (False for a name no file can have, where Path.is_file raises)
            problems = [problem for problem in self.errors if Path(problem.file).expanduser().resolve() == wanted]
            if problems:
                raise BadFile(problems)
        raise UserError(f'no deck "{visible(name)}" was found (quizapp decks lists them)')


def _load(path: Path, with_warnings: bool, cache_dir: Path | None, unvalidated: bool) -> LoadedDeck:
    """A deck from the cache when it is unchanged, else parsed and validated (and cached); with
    `unvalidated`, a bundled deck the cache does not have yet is validated only when first needed
    (see bundled.py).

    The loader (with the deck model and pydantic) is imported only for a deck the cache does not
    have: a start with every deck cached never imports it (see loaded.py)."""
    from . import deck_cache

    cached = deck_cache.read(path, cache_dir) if cache_dir is not None and not with_warnings else None
    if cached is None and unvalidated and not with_warnings:
        from .bundled import read_unvalidated

        cached = read_unvalidated(path, cache_dir)
    if cached is not None:
        return cached
    from .loader import load_deck

    loaded = load_deck(path, with_warnings)
    if cache_dir is not None and not with_warnings:  # (lint's warnings are never cached)
        deck_cache.write(loaded, cache_dir)
    return loaded


def load_catalog(
    places: list[Place], with_warnings: bool = False, cache_dir: Path | None = None, list_only: bool = False
) -> Catalog:
    """Load every deck in `places`. A broken deck is a problem and the others still load.

    With `cache_dir`, unchanged decks come from the cache of validated decks (see deck_cache). With
    `list_only` (for a list of decks shown at once), a bundled deck may be listed before it is
    validated: `Catalog.build_decks` then validates it (see bundled.py).
    """
    with collection_paused():
        return _load_places(places, with_warnings, cache_dir, list_only)


def _load_places(places: list[Place], with_warnings: bool, cache_dir: Path | None, list_only: bool) -> Catalog:
    catalog = Catalog()
    seen_files: set[Path] = set()
    owner_of: dict[str, Path] = {}
    for place in places:
        if not place.path.exists():
            if place.named:
                catalog.problems.append(
                    Problem(str(place.path), "error", "no such file or folder", rule="no-such-file")
                )
            continue
        for path in deck_files(place.path):
            resolved = path.resolve()
            if resolved in seen_files:
                continue
            seen_files.add(resolved)
            try:
                loaded = _load(path, with_warnings, cache_dir, list_only and place.bundled)
            except BadFile as bad:
                catalog.problems += bad.problems
                continue
            if loaded.id in owner_of:
                from .loader import locate_in_file

                catalog.problems.append(
                    Problem(
                        str(path),
                        "error",
                        f'deck id "{loaded.id}" is also used by {owner_of[loaded.id]}; this file is skipped '
                        "(give one of them another deck.id)",
                        *locate_in_file(path, ("deck", "id")),
                        ("deck", "id"),
                        "duplicate-deck-id",
                    )
                )
                continue
            owner_of[loaded.id] = path
            catalog.decks.append(loaded)
            catalog.problems += loaded.warnings
    return catalog
