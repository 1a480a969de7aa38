"""`python -m quizapp`, the same as the `quizapp` command."""

from .cli import main

raise SystemExit(main())
