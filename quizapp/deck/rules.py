"""The name of every kind of problem `quizapp lint` reports, and why it matters: `quizapp lint --rules`.

Each problem carries one of these names (printed as ` [name]` and in `lint --json`), so that a teacher
can look it up and a tool can match it. A name is given to a kind of mistake, not to a message: the
words may improve, the name stays. The names of problems with the file itself are written in
quizapp/files.py, which sits below the deck format and cannot import this list; a test checks that
every name a problem can carry is here.
"""

from __future__ import annotations

ERROR_RULES = {
    # the file
    "no-such-file": "the file or folder named does not exist, so there is nothing to check",
    "unreadable-file": "the file cannot be read (a folder, no permission, a disk error)",
    "file-too-large": "a deck file is limited to 20 MB, so a runaway file cannot stall the app",
    "not-utf8": "the file is binary or not saved as UTF-8, so its text cannot be read reliably",
    "empty-folder": "a folder named on the command line holds no deck file: probably the wrong folder",
    "empty-file": "an empty file is not a deck: it needs a [deck] table and [[questions]]",
    "toml-syntax": "the file is not valid TOML, so nothing else in it can be checked until this is fixed",
    "deck-format": "a deck written for another version of the format may mean something else",
    "duplicate-deck-id": "progress is kept per deck id, so two decks with one id would share (and spoil) it",
    # keys and values
    "unknown-field": "a misspelt key would otherwise be ignored silently (a `promt` is no prompt)",
    "missing-field": "the question or table cannot be used without this key",
    "question-type": "the type decides how a question is asked and graded; only the listed types exist",
    "wrong-type": "a value of the wrong kind (text for a number, one value for a list) cannot be used",
    "out-of-range": "a number outside its range (0 points, a pass mark above 1) makes no sense",
    "entry-count": "a list with too few or too many entries (one choice, eleven items) cannot be asked well",
    "text-too-long": "text beyond its limit does not fit on a student's screen",
    "empty-text": "empty text shows the student nothing",
    "control-character": "control characters can take over a student's terminal, so they are never shown",
    "id-form": "ids are kept in progress and file names, so they are restricted to a-z, 0-9 and hyphens",
    "language-tag": "the language tag (en, fr, pt-BR) tells tools which language the deck is in",
    "invalid-value": "the value is not one the key accepts",
    # the rules between fields
    "choice-answer": "an answer that is not among the choices can never be picked, so nobody could score",
    "feedback-choice": "feedback for a text that is not a choice is never shown",
    "duplicate-entry": "two options that read the same cannot be told apart by a student",
    "cloze-gaps": "a cloze text needs well-formed {{gaps}}: they are what the student fills in",
    "duplicate-id": "progress is kept per question id, so two questions with one id would share it",
    "source-range": "a paragraph beyond the source's last one points the student at nothing",
    "unknown-rule": "an allow entry must name a warning rule: errors cannot be silenced, and a misspelt name silences nothing",
}

WARNING_RULES = {
    "no-id": "without an id, one is made from the text, so editing the text resets every student's progress",
    "no-explanation": "a student who gets the question wrong does not learn why",
    "no-source": "the deck has a source, and a question that cites none cannot send the student back to it",
    "feedback-on-answer": "feedback is shown for wrong choices only, so feedback on the right answer is never seen",
    "duplicate-note": "a paragraph with two notes shows only one of them where it matters",
    "exam-tags": "exam tags that no question has select nothing",
    "exam-flashcards": "flashcards are left out of exams (nothing can grade them), so such an exam has nothing to ask",
    "exam-count": "an exam cannot draw more gradable questions than the deck has; it uses those it has",
    "unused-allow": "an allow entry that silences nothing (the flaw was fixed) would hide the flaw if it came back",
}

# The review rules: item-writing flaws that let a test-wise student guess (after Haladyna's guidelines).
REVIEW_RULES = {
    "longest-answer": "writers add qualifiers to make the key exactly right, so students learn to pick the longest option",
    "all-of-the-above": "all/none of the above is found by elimination (two right options make it right), not knowledge",
    "option-combination": 'options such as "A and B" point at letters that shuffling moves, and reward elimination',
    "absolute-terms": "students learn that options with always, never or only are wrong, and pick without knowing",
    "vague-terms": "often, sometimes, usually mean different things to different readers, so the key is debatable",
    "negative-stem": "a student reading fast misses a lower-case not or except and answers the opposite",
    "clang-association": "a word of the prompt repeated in the right option alone points to it",
    "article-cue": 'a prompt ending in "a" or "an" rules out the options that do not fit its grammar',
    "hint-gives-answer": "a hint that contains the answer turns recall into copying",
    "answer-in-prompt": "an answer written in its own question can be copied from it",
    "duplicate": "two questions that ask the same thing: the second is answered from memory of the first",
    "answer-leak": "an answer printed in another question is given away to anyone who has seen that question",
    "key-length-bias": "across the deck the longest option is right far more often than chance: a habit students learn",
    "truefalse-balance": "when nearly every statement is true (or false), answering the same every time scores well",
    "key-position": "unshuffled questions with the key mostly in one position teach the position, not the content",
}
WARNING_RULES |= REVIEW_RULES

# Warnings a teacher may silence with `allow` (unused-allow is about allow itself).
ALLOWABLE = frozenset(WARNING_RULES) - {"unused-allow"}

RULES = ERROR_RULES | WARNING_RULES


def rule_lines() -> list[str]:
    """The list `quizapp lint --rules` prints: one line per rule, errors first, with why it matters."""
    width = max(map(len, RULES))
    return [
        f"{name.ljust(width)}  {severity}: {why}"
        for severity, rules in (("error", ERROR_RULES), ("warning", WARNING_RULES))
        for name, why in rules.items()
    ]
