"""quizapp: a classroom quiz and study app for the terminal.

The parts are folders, each saying in its `__init__` what it owns and what it may use (the rules are
checked by import-linter: see `pyproject.toml` and docs/architecture.md):

- `deck/`: the deck format (model, loading, lint and review, schema, starter, writer, cache, discovery);
- `study/`: the study engine (grading, scheduling, sessions, exams, the progress store, backups, stats);
- `classroom/`: results files and the class report;
- `formats/`: GIFT, Aiken, CSV and Anki packages, in and out;
- `tui/`: the Textual app, the only part (with `cli`, inside the commands that open it) that uses Textual;
- `cli.py`: the one entry point, the `quizapp` command (started by `entry.py`, which pauses the cycle
  collector first).

The modules beside them here are the helpers every part may use: `problems` (the errors users see),
`safetext` (text from files shown as text), `files`, `days`, `places`, `datadir` and `crashlog`.
"""

__version__ = "0.1.0"
