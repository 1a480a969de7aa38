"""The `quizapp` command's entry point (and `python -m quizapp`'s): `cli.main`, with Python's cycle
collector paused before anything else is imported.

Importing quizapp and Textual makes many thousands of objects that live as long as the program, and
the collector would scan them again and again while they are made: about 3% of the time to the first
screen (#18). `cli.main` says when it runs again: at once for the commands that print and end, once
the first screen is up for the app.
"""

import gc


def main() -> int:
    """Run the `quizapp` command."""
    gc.disable()
    from .cli import main as run

    return run()
