"""`python -m quizapp`, the same as the `quizapp` command."""

from .entry import main

raise SystemExit(main())
