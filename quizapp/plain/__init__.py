"""Plain mode: the line-by-line front end, for screen readers, dumb terminals and answers piped in.

Owns reading a line and telling commands from answers (console, commands), reading an answer typed
as a line into the raw response the grader takes (answers), saying a question, its feedback and an
exam's results as plain lines (render), the study loop (study), the exam loop and its clock (exam,
exam_clock), reading a deck's notes (reading), the backups a session takes (backups), and starting
one of these for the command line (start). It decides nothing of studying: the queue, grading,
scheduling, undo, exams and results files are the study engine's and the classroom's, as for the TUI.

May use: the study engine, the classroom (results files), the deck format and the shared helpers.
Never: the TUI, the formats, Textual.
"""
