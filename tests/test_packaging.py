"""The wheel carries the bundled decks, and an installed copy finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_decks_and_finds_them_when_installed(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("quizapp-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(name for name in names if name.startswith("quizapp/bundled_decks/"))
    in_checkout = sorted(f"quizapp/bundled_decks/{path.name}" for path in (ROOT / "decks").glob("*.toml"))
    assert shipped == in_checkout and shipped
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)  # what pip install does with a pure-Python wheel
    code = "from quizapp.places import bundled_decks_dir; print(bundled_decks_dir())"
    env = {**os.environ, "PYTHONPATH": str(target)}
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=True
    )
    assert found.stdout.strip() == str(target / "quizapp" / "bundled_decks")
    # The installed copy runs a command that reaches every part below the TUI (deck, study, formats).
    lint = "import sys; from quizapp.cli import main; sys.exit(main(['lint', '--strict', sys.argv[1]]))"
    checked = subprocess.run(
        [sys.executable, "-c", lint, str(target / "quizapp" / "bundled_decks")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert checked.returncode == 0 and "checked 3 files: 0 errors" in checked.stderr, checked.stdout + checked.stderr
    assert {
        "quizapp/deck/model.py",
        "quizapp/study/session.py",
        "quizapp/classroom/report.py",
        "quizapp/formats/gift.py",
        "quizapp/tui/app.tcss",
    } <= set(names)
