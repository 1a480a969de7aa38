"""What happens on a bug: the traceback goes to a file the user can send us, not to their screen."""

from __future__ import annotations

import datetime as dt
import platform
import sys
import tempfile
import traceback
from pathlib import Path

from . import __version__


def write_crash_log(data_dir: Path, error: BaseException) -> Path:
    """Write the traceback of `error` to `<data-dir>/crash-logs/` (or the temp folder) and return the file."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    text = (
        f"quizapp {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
        f"command: {sys.argv!r}\n\n" + "".join(traceback.format_exception(error))
    )
    for folder in (data_dir / "crash-logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"quizapp-crash-{stamp}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    raise error
