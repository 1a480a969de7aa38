"""Where a user's data lives (`--data-dir`, `QUIZAPP_DATA_DIR`, or the platform's place) and who studies."""

from __future__ import annotations

import os
from pathlib import Path

from .problems import UserError
from .safetext import first_control_char, visible

DEFAULT_PROFILE = "default"
MAX_PROFILE_LENGTH = 64


def resolve_data_dir(option: str | None) -> Path:
    """The data directory: the option, else `QUIZAPP_DATA_DIR`, else the platform's user data folder.

    Nothing is created here; commands that write create it (see `ensure_data_dir`).
    """
    chosen = option or os.environ.get("QUIZAPP_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs  # only when the folder is not named: it is on the way to every first screen

    return platformdirs.user_data_path("quizapp", appauthor=False)


def ensure_data_dir(path: Path) -> Path:
    """Create the data directory if needed and check that it can be written; UserError if not."""
    shown = visible(str(path))
    if path.exists() and not path.is_dir():
        raise UserError(f"the data directory {shown} is a file, not a folder (choose another with --data-dir)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create the data directory {shown}: {error.strerror or error}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UserError(f"cannot write to the data directory {shown}: permission denied")
    return path


def check_profile_name(name: str) -> str:
    """A profile name as given, or UserError saying why it cannot be one."""
    if not name.strip():
        raise UserError("a profile name cannot be empty", code=2)
    if len(name) > MAX_PROFILE_LENGTH:
        raise UserError(f"a profile name can be at most {MAX_PROFILE_LENGTH} characters", code=2)
    if first_control_char(name) is not None or "\n" in name or "\t" in name:
        raise UserError(f'the profile name "{visible(name)}" contains control characters', code=2)
    return name
