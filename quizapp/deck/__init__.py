"""The deck format: what a deck file may say, and everything that reads, checks and writes one.

Owns the model (model.py: every field and error, in pydantic), loading with located messages
(loader, messages, tomlpos, suggest), the review rules teachers see as warnings (checks), the name
of every kind of problem (rules) and `quizapp lint` (lint), cloze texts (cloze), the JSON Schema (schema), the starter deck (starter), writing decks
(writer), the compiled-deck cache (deck_cache) and finding decks (discovery).

May use: the shared helpers at the top of the package (problems, safetext, files, places, days).
Never: the study engine, the classroom, the formats, the TUI.
"""
