"""Every rule of the deck format, each with a bad deck: the message and the line it points at.

The line a problem must be reported on is marked in the deck text with the comment `# <-`.
"""

from __future__ import annotations

import pytest
from conftest import CHOICE, HEAD, deck_text, problems_of

MARK = "# <-"


def block(text: str) -> str:
    """A [[questions]] block: the text with its lines dedented."""
    return "\n" + "\n".join(line.strip() for line in text.strip().splitlines()) + "\n"


MULTI = block("""
[[questions]]
id = "m1"
type = "multi"
prompt = "Which two?"
choices = ["a", "b", "c"]
answers = ["a", "b"]
explanation = "x"
source = [1]
""")
SHORT = block("""
[[questions]]
id = "s1"
type = "short"
prompt = "Name it"
answers = ["Shoigu"]
explanation = "x"
source = [1]
""")
NUMERIC = block("""
[[questions]]
id = "n1"
type = "numeric"
prompt = "Which year?"
answer = 2022
explanation = "x"
source = [1]
""")
CLOZE = block("""
[[questions]]
id = "c1"
type = "cloze"
text = "The {{Hwasong-18}} is solid-fuelled."
explanation = "x"
source = [1]
""")
ORDER = block("""
[[questions]]
id = "o1"
type = "order"
prompt = "In order"
items = ["a", "b", "c"]
explanation = "x"
source = [1]
""")
MATCH = block("""
[[questions]]
id = "p1"
type = "match"
prompt = "Pair"
pairs = [["a", "1"], ["b", "2"]]
explanation = "x"
source = [1]
""")
TRUEFALSE = block("""
[[questions]]
id = "t1"
type = "truefalse"
prompt = "It is so."
answer = true
explanation = "x"
source = [1]
""")
FLASHCARD = block("""
[[questions]]
id = "f1"
type = "flashcard"
prompt = "Term"
answer = "Meaning"
source = [1]
""")


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def mark(text: str, old: str, new: str | None = None) -> str:
    """Replace `old` by `new` (default: itself) and mark its line as the one the problem is on."""
    return edit(text, old, (old if new is None else new) + "  " + MARK)


HEADER = "[[questions]]"
TAGGED_CARD = edit(FLASHCARD, "source = [1]", 'source = [1]\ntags = ["core"]')

CASES = [
    # top level
    ("format", deck_text().replace("[deck]", "format = 2  # <-\n[deck]", 1), "unsupported deck format 2"),
    ("unknown top key", deck_text() + "\nextra = 1  " + MARK + "\n", 'unknown key "extra"'),
    ("no deck table", MARK + "\n" + CHOICE, 'missing required key "deck"'),
    ("no questions", MARK + "\n" + HEAD, 'missing required key "questions"'),
    ("questions as a table", HEAD + '\n[questions]  # <-\nid = "x"\n', "must be written [[questions]]"),
    ("empty questions", HEAD + "questions = []\n", None),
    # [deck]
    (
        "deck id missing",
        mark(deck_text(), "[deck]").replace('id = "test-deck"\n', ""),
        'deck: missing required key "id"',
    ),
    ("deck id slug", mark(deck_text(), 'id = "test-deck"', 'id = "Test Deck"'), "is not a valid id"),
    ("deck id too long", mark(deck_text(), 'id = "test-deck"', f'id = "{"a" * 65}"'), "is not a valid id"),
    ("title empty", mark(deck_text(), 'title = "A test deck"', 'title = "  "'), "title must not be empty"),
    (
        "title too long",
        mark(deck_text(), 'title = "A test deck"', f'title = "{"t" * 121}"'),
        "is too long: 121 characters",
    ),
    (
        "title typo",
        mark(deck_text(), 'title = "A test deck"', 'titel = "x"'),
        'unknown key "titel" (did you mean "title"?)',
    ),
    (
        "language",
        mark(deck_text(), "[deck.source]", 'language = "english!"\n[deck.source]').replace(MARK, "", 1),
        "language",
    ),
    (
        "authors type",
        mark(deck_text(), 'title = "A test deck"', 'title = "A test deck"\nauthors = "me"'),
        "must be a list",
    ),
    ("paragraphs zero", mark(deck_text(), "paragraphs = 9", "paragraphs = 0"), "must be at least 1, not 0"),
    ("quiz count", deck_text() + "\n[deck.quiz]\ncount = 0  # <-\n", "count must be at least 1"),
    ("quiz time limit", deck_text() + "\n[deck.quiz]\ntime_limit_minutes = -5  # <-\n", "must be at least 1"),
    ("quiz pass mark", deck_text() + "\n[deck.quiz]\npass_mark = 1.5  # <-\n", "pass_mark must be at most 1"),
    ("quiz shuffle", deck_text() + '\n[deck.quiz]\nshuffle = "yes"  # <-\n', "must be true or false"),
    # notes
    ("note text missing", deck_text() + "\n[[notes]]  # <-\nsource = 1\n", 'notes[0]: missing required key "text"'),
    (
        "note out of range",
        deck_text() + '\n[[notes]]\nsource = 10  # <-\ntext = "x"\n',
        "paragraph 10, but the source has 9",
    ),
    # common question fields
    (
        "type unknown",
        mark(deck_text(), 'type = "choice"', 'type = "essay"'),
        '"essay" is not a question type; use one of: choice',
    ),
    ("type missing", mark(deck_text(), HEADER).replace('type = "choice"\n', ""), 'missing required key "type"'),
    (
        "prompt missing",
        mark(deck_text(), HEADER).replace('prompt = "Who visited Pyongyang?"\n', ""),
        'questions[0] (id "q1"): missing required key "prompt"',
    ),
    ("prompt empty", mark(deck_text(), 'prompt = "Who visited Pyongyang?"', 'prompt = ""'), "prompt must not be empty"),
    (
        "prompt typo",
        mark(deck_text(), 'prompt = "Who visited Pyongyang?"', 'promt = "x"'),
        'unknown key "promt" (did you mean "prompt"?)',
    ),
    (
        "explanation type",
        mark(deck_text(), 'explanation = "The article names the defence minister."', "explanation = 3"),
        "explanation must be text in quotes, not a whole number (3)",
    ),
    (
        "source out of range",
        mark(deck_text(), "source = [2]", "source = [2, 12]"),
        "cites paragraph 12, but the source has 9",
    ),
    ("source zero", mark(deck_text(), "source = [2]", "source = [0]"), "source[0] must be at least 1"),
    ("source not integers", mark(deck_text(), "source = [2]", 'source = ["2"]'), "must be a whole number"),
    ("tags type", mark(deck_text(), "source = [2]", "tags = 5"), "tags must be a list"),
    ("points zero", mark(deck_text(), "source = [2]", "points = 0"), "points must be greater than 0"),
    ("id slug", mark(deck_text(), 'id = "q1"', 'id = "Q 1"'), '"Q 1" is not a valid id'),
    ("duplicate ids", deck_text(CHOICE, mark(CHOICE, 'id = "q1"')), '(id "q1"): id is already used by questions[0]'),
    (
        "duplicate content without ids",
        deck_text(CHOICE.replace('id = "q1"\n', ""), mark(CHOICE.replace('id = "q1"\n', ""), HEADER)),
        "has the same text as questions[0]",
    ),
    (
        "control character",
        mark(deck_text(), 'prompt = "Who visited Pyongyang?"', 'prompt = "Who \\u001b[31mvisited?"'),
        "control character U+001B ESCAPE",
    ),
    ("delete character", mark(deck_text(), 'prompt = "Who visited Pyongyang?"', 'prompt = "Who\\u007f?"'), "U+007F"),
    ("C1 character", mark(deck_text(), 'prompt = "Who visited Pyongyang?"', 'prompt = "Who\\u009b?"'), "U+009B"),
    (
        "control in a choice",
        mark(deck_text(), 'choices = ["Sergei Shoigu", "Sergei Lavrov"]', 'choices = ["Sergei Shoigu", "\\u0007"]'),
        "choices[1] contains the control character U+0007",
    ),
    # choice
    (
        "choice answer",
        mark(deck_text(), 'answer = "Sergei Shoigu"', 'answer = "Dmitry Medvedev"'),
        'questions[0] (id "q1"): answer "Dmitry Medvedev" is not one of the choices',
    ),
    (
        "choice one option",
        mark(deck_text(), 'choices = ["Sergei Shoigu", "Sergei Lavrov"]', 'choices = ["Sergei Shoigu"]'),
        "choices needs at least 2 entries, has 1",
    ),
    (
        "choice nine options",
        mark(
            deck_text(),
            'choices = ["Sergei Shoigu", "Sergei Lavrov"]',
            "choices = [" + ", ".join(f'"Sergei Shoigu{"!" * n}"' for n in range(9)) + "]",
        ),
        "choices can have at most 8 entries, has 9",
    ),
    (
        "choice duplicates",
        mark(
            deck_text(), 'choices = ["Sergei Shoigu", "Sergei Lavrov"]', 'choices = ["Sergei Shoigu", "sergei shoigu "]'
        ),
        'choices[1] "sergei shoigu " repeats choices[0]',
    ),
    (
        "choice feedback unknown",
        deck_text() + '\n[questions.feedback]\n"Vladimir Putin" = "No."  # <-\n',
        'feedback."Vladimir Putin" is for a choice this question does not have',
    ),
    ("choice shuffle type", mark(deck_text(), "source = [2]", 'shuffle = "no"'), "shuffle must be true or false"),
    # multi
    (
        "multi answer outside",
        deck_text(mark(MULTI, 'answers = ["a", "b"]', 'answers = ["a", "z"]')),
        'answers[1] "z" is not one of the choices',
    ),
    (
        "multi no answers",
        deck_text(mark(MULTI, 'answers = ["a", "b"]', "answers = []")),
        "answers needs at least 1 entries, has 0",
    ),
    (
        "multi repeated answer",
        deck_text(mark(MULTI, 'answers = ["a", "b"]', 'answers = ["a", "a"]')),
        'answers[1] "a" repeats answers[0]',
    ),
    # truefalse
    (
        "truefalse text answer",
        deck_text(mark(TRUEFALSE, "answer = true", 'answer = "true"')),
        "answer must be true or false, not text",
    ),
    # short
    (
        "short no answers",
        deck_text(mark(SHORT, 'answers = ["Shoigu"]', "answers = []")),
        "answers needs at least 1 entries",
    ),
    (
        "short typos too many",
        deck_text(mark(SHORT, 'answers = ["Shoigu"]', 'answers = ["Shoigu"]\ntypos = 4')),
        'typos must be "auto" or a whole number from 0 to 3',
    ),
    (
        "short typos word",
        deck_text(mark(SHORT, 'answers = ["Shoigu"]', 'answers = ["Shoigu"]\ntypos = "none"')),
        "typos must be",
    ),
    (
        "short case type",
        deck_text(mark(SHORT, 'answers = ["Shoigu"]', 'answers = ["Shoigu"]\ncase_sensitive = "no"')),
        "case_sensitive must be true or false",
    ),
    (
        "short answer empty",
        deck_text(mark(SHORT, 'answers = ["Shoigu"]', 'answers = [""]')),
        "answers[0] must not be empty",
    ),
    # numeric
    ("numeric text", deck_text(mark(NUMERIC, "answer = 2022", 'answer = "2022"')), "answer must be a number, not text"),
    (
        "numeric tolerance",
        deck_text(mark(NUMERIC, "answer = 2022", "answer = 2022\ntolerance = -1")),
        "tolerance must be at least 0",
    ),
    ("numeric infinite", deck_text(mark(NUMERIC, "answer = 2022", "answer = inf")), "finite"),
    ("numeric unit type", deck_text(mark(NUMERIC, "answer = 2022", "answer = 2022\nunit = 5")), "unit must be text"),
    # cloze
    (
        "cloze no gaps",
        deck_text(mark(CLOZE, 'text = "The {{Hwasong-18}} is solid-fuelled."', 'text = "No gaps."')),
        "text has no gaps",
    ),
    (
        "cloze empty gap",
        deck_text(mark(CLOZE, 'text = "The {{Hwasong-18}} is solid-fuelled."', 'text = "The {{ }} is."')),
        "text has an empty gap 1",
    ),
    (
        "cloze unclosed",
        deck_text(mark(CLOZE, 'text = "The {{Hwasong-18}} is solid-fuelled."', 'text = "The {{Hwasong is."')),
        "never closed",
    ),
    (
        "cloze stray close",
        deck_text(mark(CLOZE, 'text = "The {{Hwasong-18}} is solid-fuelled."', 'text = "The {{a}} is}}."')),
        "never opened",
    ),
    (
        "cloze empty alternative",
        deck_text(mark(CLOZE, 'text = "The {{Hwasong-18}} is solid-fuelled."', 'text = "The {{a||b}}."')),
        "empty alternative",
    ),
    (
        "cloze empty hint",
        deck_text(mark(CLOZE, 'text = "The {{Hwasong-18}} is solid-fuelled."', 'text = "The {{a::}}."')),
        "no hint",
    ),
    (
        "cloze missing text",
        deck_text(mark(CLOZE, HEADER).replace('text = "The {{Hwasong-18}} is solid-fuelled."\n', "")),
        'missing required key "text"',
    ),
    # order
    (
        "order one item",
        deck_text(mark(ORDER, 'items = ["a", "b", "c"]', 'items = ["a"]')),
        "items needs at least 2 entries",
    ),
    (
        "order eleven items",
        deck_text(mark(ORDER, 'items = ["a", "b", "c"]', "items = [" + ", ".join(f'"i{n}"' for n in range(11)) + "]")),
        "at most 10 entries",
    ),
    (
        "order repeated",
        deck_text(mark(ORDER, 'items = ["a", "b", "c"]', 'items = ["a", "b", "a"]')),
        'items[2] "a" repeats items[0]',
    ),
    # match
    (
        "match one pair",
        deck_text(mark(MATCH, 'pairs = [["a", "1"], ["b", "2"]]', 'pairs = [["a", "1"]]')),
        "pairs needs at least 2 entries",
    ),
    (
        "match three sides",
        deck_text(mark(MATCH, 'pairs = [["a", "1"], ["b", "2"]]', 'pairs = [["a", "1"], ["b", "2", "3"]]')),
        "pairs[1] can have at most 2 entries",
    ),
    (
        "match repeated left",
        deck_text(mark(MATCH, 'pairs = [["a", "1"], ["b", "2"]]', 'pairs = [["a", "1"], ["a", "2"]]')),
        'pairs[1][0] "a" repeats the left side of pairs[0]',
    ),
    (
        "match repeated right",
        deck_text(mark(MATCH, 'pairs = [["a", "1"], ["b", "2"]]', 'pairs = [["a", "1"], ["b", "1"]]')),
        'pairs[1][1] "1" repeats the right side of pairs[0]',
    ),
    (
        "match extra that is a right side",
        deck_text(
            mark(MATCH, 'pairs = [["a", "1"], ["b", "2"]]', 'pairs = [["a", "1"], ["b", "2"]]\nextra = ["3", " 2"]')
        ),
        'extra[1] " 2" is already the right side of pairs[1]: an extra must match nothing',
    ),
    (
        "match extra repeated",
        deck_text(
            mark(MATCH, 'pairs = [["a", "1"], ["b", "2"]]', 'pairs = [["a", "1"], ["b", "2"]]\nextra = ["3", "3"]')
        ),
        'extra[1] "3" repeats extra[0]',
    ),
    (
        "match more options than keys",
        deck_text(
            edit(
                MATCH,
                'pairs = [["a", "1"], ["b", "2"]]',
                'pairs = [["a", "1"], ["b", "2"]]\nextra = [  # <-\n' + ", ".join(f'"x{n}"' for n in range(9)) + "]",
            )
        ),
        "extra makes 11 right-hand options; at most 10 (pairs and extras together)",
    ),
    (
        "match extra empty",
        deck_text(mark(MATCH, 'pairs = [["a", "1"], ["b", "2"]]', 'pairs = [["a", "1"], ["b", "2"]]\nextra = [" "]')),
        "extra[0]",
    ),
    (
        "match element on its line",
        deck_text(edit(MATCH, 'pairs = [["a", "1"], ["b", "2"]]', 'pairs = [\n["a", "1"],\n["b", 2],  # <-\n]')),
        "pairs[1][1] must be text",
    ),
    # flashcard
    (
        "flashcard no answer",
        deck_text(mark(FLASHCARD, HEADER).replace('answer = "Meaning"\n', "")),
        'missing required key "answer"',
    ),
    # TOML syntax
    ("syntax unquoted", mark(deck_text(), 'title = "A test deck"', "title = A test deck"), "not valid TOML"),
    (
        "syntax repeated key",
        mark(deck_text(), 'answer = "Sergei Shoigu"', 'answer = "Sergei Shoigu"\nanswer = "x"'),
        "not valid TOML: this key is given twice",
    ),
    (
        "syntax unclosed string",
        mark(deck_text(), 'prompt = "Who visited Pyongyang?"', 'prompt = "Who visited'),
        "not valid TOML: text in quotes is not closed",
    ),
]


def expected_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if MARK in line:
            return number
    return None


@pytest.mark.parametrize(("text", "words"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_deck_is_reported_on_its_line(write, text: str, words: str | None) -> None:
    path = write(text)
    problems = [problem for problem in problems_of(path) if problem.severity == "error"]
    assert problems, "the deck should have been refused"
    if words is not None:
        matching = [problem for problem in problems if words in problem.message]
        assert matching, f"no message contains {words!r}: {[str(p) for p in problems]}"
        line = expected_line(text)
        if line is not None:
            assert matching[0].line == line, str(matching[0])
    for problem in problems:
        assert str(problem).startswith(f"{path}:"), str(problem)
        assert "pydantic" not in problem.message and "Input should" not in problem.message


def test_a_valid_deck_of_every_type_loads(write) -> None:
    path = write(deck_text(CHOICE, MULTI, SHORT, NUMERIC, CLOZE, ORDER, MATCH, TRUEFALSE, FLASHCARD))
    assert [p for p in problems_of(path) if p.severity == "error"] == []


def test_cloze_needs_no_prompt_but_may_have_one(write) -> None:
    with_prompt = edit(CLOZE, 'type = "cloze"', 'type = "cloze"\nprompt = "Fill in the gap."')
    assert problems_of(write(deck_text(CLOZE))) == []
    assert problems_of(write(deck_text(with_prompt))) == []


def test_deck_level_problems_wait_for_question_errors(write) -> None:
    """Ids are compared once every question is valid: the message names only real problems."""
    text = deck_text(CHOICE, edit(CHOICE, 'answer = "Sergei Shoigu"', 'answer = "x"'))
    messages = [problem.message for problem in problems_of(write(text))]
    assert messages == ['questions[1] (id "q1"): answer "x" is not one of the choices']


WARNING_CASES = [
    ("no id", deck_text(mark(CHOICE.replace('id = "q1"\n', ""), HEADER)), "has no id: one is made from its text"),
    (
        "no explanation",
        deck_text(mark(CHOICE.replace('explanation = "The article names the defence minister."\n', ""), HEADER)),
        "has no explanation",
    ),
    ("no source cited", deck_text(mark(CHOICE.replace("source = [2]\n", ""), HEADER)), "cites no paragraph"),
    (
        "feedback on the answer",
        deck_text() + '\n[questions.feedback]\n"Sergei Shoigu" = "Yes."  # <-\n',
        'feedback."Sergei Shoigu" is for the correct answer, so it is never shown',
    ),
    (
        "second note",
        deck_text() + '\n[[notes]]\nsource = 1\ntext = "a"\n[[notes]]\nsource = 1  # <-\ntext = "b"\n',
        "already has a note",
    ),
    (
        "quiz count too high",
        deck_text() + "\n[deck.quiz]\ncount = 5  # <-\n",
        "the exam asks for 5 questions but only 1",
    ),
    ("quiz tag unused", deck_text() + '\n[deck.quiz]\ntags = ["core"]  # <-\n', 'no question has the tag "core"'),
    (
        "exam of flashcards only",
        deck_text(CHOICE, TAGGED_CARD) + '\n[deck.quiz]\ntags = ["core"]  # <-\n',
        "the exam would draw only flashcards, which are left out of exams (a student rates them and nothing can grade "
        "them): it has no question to ask",
    ),
    (
        "exam count beyond the gradable questions",
        deck_text(CHOICE, FLASHCARD) + "\n[deck.quiz]\ncount = 2  # <-\n",
        "the exam asks for 2 questions but only 1 can be drawn (1 flashcard is left out); it will use those",
    ),
]


@pytest.mark.parametrize(
    ("text", "words"), [case[1:] for case in WARNING_CASES], ids=[case[0] for case in WARNING_CASES]
)
def test_warnings_are_located(write, text: str, words: str) -> None:
    problems = problems_of(write(text))
    matching = [problem for problem in problems if words in problem.message]
    assert matching and all(problem.severity == "warning" for problem in problems), [str(p) for p in problems]
    assert matching[0].line == expected_line(text)


def test_exam_warnings_name_their_rule_and_a_deck_without_an_exam_has_none(write) -> None:
    problems = problems_of(write(deck_text(CHOICE, FLASHCARD) + '\n[deck.quiz]\ncount = 3\ntags = ["x"]\n'))
    assert [(problem.rule, problem.field, problem.as_json()["rule"]) for problem in problems] == [
        ("exam-tags", ("deck", "quiz", "tags", 0), "exam-tags"),
        ("exam-count", ("deck", "quiz", "count"), "exam-count"),
    ]
    assert str(problems[1]).endswith("it will use those [exam-count]")
    assert problems_of(write(deck_text(CHOICE, FLASHCARD))) == []  # studied, and examined on its choice question
    # Flashcards in an exam's selection are simply not drawn: while the exam can be filled, nothing to say.
    assert problems_of(write(deck_text(CHOICE, FLASHCARD) + "\n[deck.quiz]\ncount = 1\n")) == []


def test_derived_id_is_stable_and_typed(write) -> None:
    from quizapp.deck.loader import load_deck

    text = deck_text(CHOICE.replace('id = "q1"\n', ""))
    first = load_deck(write(text)).deck.questions[0]
    again = load_deck(write(text)).deck.questions[0]
    assert first.id == again.id and first.id.startswith("choice-") and first.derived_id
    edited = load_deck(write(text.replace("Who visited", "Who went to"))).deck.questions[0]
    assert edited.id != first.id


def test_every_problem_names_a_listed_rule_and_every_listed_rule_is_met(write, tmp_path, monkeypatch) -> None:
    """The list `quizapp lint --rules` prints is the list problems are named from: no problem goes
    without a listed name, and no listed name is one no problem carries."""
    from test_review_rules import review_rule_decks

    from quizapp.deck import loader
    from quizapp.deck.lint import lint_paths
    from quizapp.deck.rules import RULES

    texts = [text for _, text, _ in CASES + WARNING_CASES] + review_rule_decks()
    problems = [problem for text in texts for problem in problems_of(write(text))]
    problems += problems_of(write("\n"))
    problems += problems_of(tmp_path)  # a folder named as a deck
    not_utf8 = tmp_path / "latin1.toml"
    not_utf8.write_bytes(deck_text().replace("A test deck", "Caf\xe9").encode("latin-1"))
    problems += problems_of(not_utf8)
    (tmp_path / "no-decks").mkdir()
    write(deck_text(), "twins/a.toml")
    write(deck_text(), "twins/b.toml")
    report = lint_paths([tmp_path / "missing.toml", tmp_path / "no-decks", tmp_path / "twins"])
    problems += report.problems
    monkeypatch.setattr(loader, "MAX_DECK_BYTES", 10)
    problems += problems_of(write(deck_text()))
    assert [str(problem) for problem in problems if problem.rule not in RULES] == []
    assert set(RULES) - {problem.rule for problem in problems} == set()


WATER = """\
[deck]
id = "water-cycle"
title = "The water cycle"

[deck.source]
paragraphs = 3
"""

TEACHING_CASES = [
    (
        "a line written after the feedback table",
        WATER
        + """
[[questions]]
id = "clouds"
type = "choice"
prompt = "What forms clouds?"
choices = ["Condensation", "Evaporation"]
answer = "Condensation"
source = [2]

[questions.feedback]
Evaporation = "Evaporation takes the water up; it has to cool first."
hint = "Think of a cold glass on a warm day."  # <-
""",
        'questions[0] (id "clouds"): feedback.hint is for a choice this question does not have: every key = value '
        "line below [questions.feedback] belongs to the feedback, so this hint line belongs above the "
        "[questions.feedback] table [feedback-choice]",
    ),
    (
        "a question header with single brackets",
        WATER
        + """
[[questions]]
id = "clouds"
type = "truefalse"
prompt = "Clouds are made of water vapour."
answer = false

[questions]  # <-
id = "rain"
type = "truefalse"
prompt = "Rain falls when droplets grow heavy."
answer = true
""",
        "not valid TOML: [questions] is written with single brackets: each question starts with [[questions]], "
        "in double brackets [toml-syntax]",
    ),
    (
        "a list left open",
        WATER
        + """
[[questions]]
id = "clouds"
type = "truefalse"
prompt = "Clouds are made of water vapour."
tags = ["core"
# the answer
answer = false  # <-
""",
        "not valid TOML: a list opened with [ on line 12 is not closed with ] [toml-syntax]",
    ),
    (
        "an answer in the wrong case",
        WATER
        + """
[[questions]]
id = "clouds"
type = "choice"
prompt = "What forms clouds?"
choices = ["Condensation", "Evaporation"]
answer = "condensation"  # <-
""",
        'questions[0] (id "clouds"): answer "condensation" is not one of the choices (did you mean "Condensation"?) '
        "[choice-answer]",
    ),
    (
        "a misspelt right choice of several",
        WATER
        + """
[[questions]]
id = "states"
type = "multi"
prompt = "Which are states of water?"
choices = ["ice", "liquid water", "water vapour", "salt"]
answers = ["ice", "liquid water", "water vapor"]  # <-
""",
        'questions[0] (id "states"): answers[2] "water vapor" is not one of the choices (did you mean "water vapour"?) '
        "[choice-answer]",
    ),
    (
        "a source beyond the last paragraph",
        WATER
        + """
[[questions]]
id = "clouds"
type = "truefalse"
prompt = "Clouds are made of water vapour."
answer = false
source = [4]  # <-
""",
        'questions[0] (id "clouds"): source[0] cites paragraph 4, but the source has 3 paragraphs [source-range]',
    ),
    (
        "a repeated right side",
        WATER
        + """
[[questions]]
id = "pairs"
type = "match"
prompt = "Match each stage to what happens."
pairs = [
  ["evaporation", "water rises"],
  ["condensation", "clouds form"],
  ["precipitation", "rain falls"],
  ["collection", "rain falls"],  # <-
]
""",
        'questions[0] (id "pairs"): pairs[3][1] "rain falls" repeats the right side of pairs[2] [duplicate-entry]',
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in TEACHING_CASES], ids=[case[0] for case in TEACHING_CASES]
)
def test_messages_teach_what_to_do(write, text: str, expected: str) -> None:
    """Mistakes a teacher made writing a deck, each told once, in words that say what to do, on its line."""
    path = write(text)
    problems = problems_of(path)
    assert [str(problem) for problem in problems] == [
        f"{path}:{problems[0].line}:{problems[0].column}: error: {expected}"
    ]
    assert problems[0].line == expected_line(text)
