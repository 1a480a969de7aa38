"""quizapp: a classroom quiz and study app for the terminal."""

__version__ = "0.1.0"
