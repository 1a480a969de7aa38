"""The classroom: what a teacher reads of a class.

Owns results files, written per exam attempt and read back untrusted (results), the class
report with its item analysis, as text, JSON and CSV (report, report_text), and the class roster
(roster) with its join codes, kept only as scrypt hashes (joincodes), and their printable sheet
(code_sheet), and signing in to `quizapp serve` with them, with the growing waits after failures and
their log (signin), the limits of a served class: how many browsers at once, how long one may sit
idle, one session per student (sessions), the teacher's live view of it (watch), and the fork server
that starts each browser's app from a process with quizapp loaded already (prefork, with the
stand-alone launcher.py textual-serve runs).

May use: the study engine, the deck format and the shared helpers. Never: the formats, the TUI.
"""
