"""The study engine: what a student's answers become.

Owns grading (grading, answer_diff), how a question is laid out (presentation), scheduling with
FSRS (scheduling, progress, optimizer), the progress store and its backups (store, backups,
settings), study sessions and exams (session, quick_start, exam), progress reports for the student
(stats, doctor), what a teacher's preview shows of a deck and its file (preview), and the workspace
that opens a data directory's store and decks (workspace).

May use: the deck format (quizapp.deck) and the shared helpers. Never: the classroom, the
formats, the TUI.
"""
