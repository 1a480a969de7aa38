"""The core never imports Textual, and `quizapp lint` does not load it at all."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import quizapp

CORE = sorted(
    module.name
    for module in pkgutil.walk_packages(quizapp.__path__, "quizapp.")
    if module.name.split(".")[1] not in ("tui", "__main__")
)


def test_there_is_a_core_to_check() -> None:
    assert {"quizapp.deck.model", "quizapp.deck.loader", "quizapp.cli", "quizapp.deck.lint"} <= set(CORE)


def test_core_modules_do_not_import_textual() -> None:
    code = f"import sys\nfor name in {CORE!r}: __import__(name)\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_lint_command_does_not_load_textual(tmp_path: Path) -> None:
    from quizapp.deck.starter import starter_deck

    deck = tmp_path / "d.toml"
    deck.write_text(starter_deck(deck, None))
    code = (
        "import sys\nfrom quizapp.cli import main\n"
        f"status = main(['lint', {str(deck)!r}])\n"
        "print(status, 'textual' in sys.modules, 'rich' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0 False False"
