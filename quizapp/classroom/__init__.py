"""The classroom: what a teacher reads of a class.

Owns results files, written per exam attempt and read back untrusted (results), and the class
report with its item analysis, as text, JSON and CSV (report, report_text).

May use: the study engine, the deck format and the shared helpers. Never: the formats, the TUI.
"""
