"""Interchange formats: decks from and to what teachers already have.

Owns Moodle GIFT (gift), Aiken (aiken), CSV and TSV (csv_import), Anki packages in and out (apkg),
exporting (export) and turning any of them into a checked deck file (deck_import), with what
an import made of each question (outcome) and HTML as plain text (htmltext).

May use: the study engine (grading, for right answers), the deck format and the shared helpers.
Never: the classroom, the TUI.
"""
