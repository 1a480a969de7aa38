"""Where decks are looked for: named ones, `QUIZAPP_DECKS`, `<data-dir>/decks/`, the bundled decks.

Only paths here, no parsing: the fast start of a study session lists deck files before it has
(or needs) the deck model.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_decks_dir() -> Path | None:
    """The decks shipped with quizapp: inside an installed wheel, or `decks/` of a checkout."""
    inside_wheel = PACKAGE_DIR / "bundled_decks"
    if inside_wheel.is_dir():
        return inside_wheel
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "decks").is_dir():
        return checkout / "decks"
    return None


def deck_files(path: Path) -> list[Path]:
    """The deck files a path names: itself, or every `*.toml` below a folder (hidden ones skipped)."""
    if not path.is_dir():
        return [path]
    found = []
    for candidate in path.rglob("*.toml"):
        relative = candidate.relative_to(path).parts
        if not any(part.startswith(".") for part in relative) and candidate.is_file():
            found.append(candidate)
    return sorted(found)


class Place(NamedTuple):
    """A file or folder to look for decks in; `named` when the user named it, so it must exist;
    `bundled` for the decks shipped with quizapp."""

    path: Path
    named: bool
    bundled: bool = False


def search_path(named: list[Path], data_dir: Path | None) -> list[Place]:
    """Where decks are looked for, first first: a deck found earlier wins over one with its id found later."""
    places = [Place(path, True) for path in named]
    from_env = os.environ.get("QUIZAPP_DECKS", "").split(os.pathsep)
    places += [Place(Path(part).expanduser(), True) for part in from_env if part]
    if data_dir is not None:
        places.append(Place(data_dir / "decks", False))
    bundled = bundled_decks_dir()
    if bundled is not None:
        places.append(Place(bundled, False, bundled=True))
    return places
