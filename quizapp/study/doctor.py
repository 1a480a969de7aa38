"""`quizapp doctor`: is the progress database sound, which decks load, which backups exist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..days import utc_now
from ..problems import UserError
from ..safetext import visible
from .backups import BackupInfo, inspect_backups, list_backups, restore
from .store import SCHEMA_VERSION, StoreError, check_file
from .workspace import Workspace


def examine(workspace: Workspace, tz: dt.tzinfo | None = None) -> tuple[bool, list[str]]:
    """Check everything; returns whether all is well and the lines of the report (times in `tz`, by
    default the machine's zone). Modifies nothing when the database is damaged."""
    lines = [f"data directory: {visible(str(workspace.data_dir))}"]
    healthy = True
    database = workspace.database
    if not database.exists():
        lines.append(f"progress database: none yet ({visible(str(database))} is created on first study)")
    else:
        try:
            check_file(database)
            store = workspace.store()
            problems = store.integrity_problems()
            lines.append(
                f"progress database: {visible(str(database))}, schema version {store.schema_version()} "
                f"(current {SCHEMA_VERSION}), {len(store.profile_names())} profile(s)"
            )
            if problems:
                healthy = False
                lines += [f"  damaged: {visible(problem)}" for problem in problems[:10]]
            else:
                lines.append("  integrity check: ok")
        except StoreError as error:
            healthy = False
            lines.append(f"progress database: {visible(str(error))}")
    catalog = workspace.catalog()
    lines.append(f"decks: {len(catalog.decks)} loaded")
    for problem in catalog.errors:
        healthy = False
        lines.append(f"  {problem}")
    backups = inspect_backups(workspace.data_dir)
    lines.append(f"backups: {len(backups)}" + (" (restore one with: quizapp doctor --restore NAME)" if backups else ""))
    lines += [f"  {backup_line(backup, tz)}" for backup in backups]
    return healthy, lines


def backup_line(backup: BackupInfo, tz: dt.tzinfo | None = None) -> str:
    """One backup as `doctor` lists it: its name, when it was taken (local time), its cards, its size."""
    taken = backup.taken.astimezone(tz).strftime("%Y-%m-%d %H:%M") if backup.taken else "time unknown"
    if backup.problem is not None:
        contents = visible(backup.problem)
    else:
        contents = f"{backup.cards} card{'' if backup.cards == 1 else 's'}"
    upgrade = "  (taken before an upgrade of quizapp)" if backup.before_upgrade else ""
    return f"{visible(backup.path.name)}  {taken}  {contents}  {backup.size // 1024} KiB{upgrade}"


def restore_backup(data_dir: Path, name: str) -> list[str]:
    """Restore the backup named (as listed, or by path); the current database is kept beside it."""
    candidates = [backup for backup in list_backups(data_dir) if backup.name == name]
    backup = candidates[0] if candidates else Path(name)
    if not backup.is_file():
        raise UserError(f'no backup "{visible(name)}" (quizapp doctor lists them)')
    kept = restore(data_dir, backup, utc_now())
    lines = [f"restored {visible(backup.name)}"]
    if kept is not None:
        lines.append(f"the previous database is kept as {visible(str(kept))}")
    return lines
