"""Moodle GIFT to a quizapp deck: a parser of our own that follows Moodle's importer (question/format/gift).

Questions are separated by blank lines. `::title::` names a question; `// [id:...]` and `// [tag:...]`
comments give its id and tags; a `$CATEGORY:` path tags the questions after it with its last part;
`{...}` holds the answers (text after the braces puts a blank in the question), `#` gives an answer's
feedback and `####` the general feedback. Each part (question, answers, match sides, feedback) may
start with a format marker, `[html]`, `[moodle]`, `[plain]` or `[markdown]`; HTML becomes plain text.

The kind of question is decided as Moodle decides it, and the key is Moodle's: where the deck format
cannot say the same (partial credit, a catch-all `*`, negative weights), the question is converted
so that no answer scores more than Moodle gives it, or is skipped, and the difference is listed.
Essays and descriptions have no counterpart here: they are skipped, with the reason.

A file quizapp exported starts with `// TITLE (quizapp deck ID)`: the deck keeps that id and title,
and its text is plain. Besides Moodle's `[id:...]` and `[tag:...]`, the comments above a question may
hold what GIFT has no place for: `[points:2]`, `[hint:...]` and `[unit:...]` (`comment_field` writes
them: `]` and `\\` escaped with a backslash, a line break as `\\n`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .htmltext import has_media, html_to_text
from .outcome import Converted, DeckBuilder, first_words, slug

ESCAPABLE = "~=#{}:\\"
MARKER_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]")
# Moodle's own test of a weight (giftanswerweightregex): one or two digits, then a point and any digits, or
# more digits (`%100%`); `%100.5%` is no weight there, but text.
WEIGHT_RE = re.compile(r"^\s*%(-?\d{1,2}\.?\d*)%")
COMMENT_FIELD_RE = re.compile(r"\[(id|tag|points|hint|unit):((?:\\.|[^\]\\])*)\]")
HEADER_RE = re.compile(r"^//\s*(.+?) \(quizapp deck ([a-z0-9][a-z0-9-]{0,63})\)\s*$")
HTML_LIKE_RE = re.compile(r"</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
WILDCARD_RE = re.compile(r"(?<!\\)\*")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
CONTEXTS = {"$course$", "$system$", "$module$", "$cat$", "$coursecategory$", "top"}
BLANK = "\ue000"  # where the answers stood in a missing-word question, until the blank or the gap replaces it
FULL = 100.0
# In percent: Moodle writes a weight to seven digits (1/3 is 33.33333%), so three thirds make 99.99999%.
WEIGHT_ROUNDING = 1e-4


class Skip(Exception):
    """A question that cannot be converted; the message says why, for a teacher."""


@dataclass
class Block:
    """The lines of one question (comments apart), the line it starts on, and what breaks it, if anything."""

    line: int
    comments: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Option:
    """One answer between the braces: its weight in percent, its text and its feedback."""

    weight: float
    text: str
    feedback: str


def comment_field(name: str, value: str) -> str:
    """`[name:value]` as a GIFT comment holds it, for the exporter (the importer reads it back)."""
    escaped = value.replace("\\", "\\\\").replace("]", "\\]").replace("\n", "\\n")
    return f"[{name}:{escaped}]"


def _comment_value(raw: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), raw).strip()


def _find(text: str, target: str, start: int = 0) -> int:
    """The index of the first unescaped `target` at or after `start`, or -1."""
    position = start
    while True:
        position = text.find(target, position)
        if position <= 0:
            return position
        backslashes = len(text[:position]) - len(text[:position].rstrip("\\"))
        if backslashes % 2 == 0:
            return position
        position += 1


def _rfind(text: str, target: str) -> int:
    """The index of the last unescaped `target`, or -1 (Moodle takes the last `####`)."""
    found, position = -1, _find(text, target)
    while position >= 0:
        found, position = position, _find(text, target, position + 1)
    return found


def _split_at(text: str, marks: str) -> list[tuple[str, str]]:
    """`text` cut before every unescaped character of `marks`: (that mark, or "" for the start; the text after)."""
    pieces: list[tuple[str, str]] = []
    mark, start, index = "", 0, 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char in marks:
            pieces.append((mark, text[start:index]))
            mark, start = char, index + 1
        index += 1
    pieces.append((mark, text[start:]))
    return [(mark, piece) for mark, piece in pieces if mark or piece.strip()]


def unescape(text: str) -> str:
    """GIFT text as plain text: `\\~` is `~` and so on, `\\n` a line break."""
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            out.append("\n" if following == "n" else following if following in ESCAPABLE else "\\" + following)
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _tidy(text: str) -> str:
    """Plain text as Moodle shows it: runs of spaces as one, each line trimmed, no run of blank lines."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _around(before: str, middle: str, after: str) -> str:
    """`before middle after`, with no space before punctuation that follows the gap."""
    joined = f"{before.rstrip()} {middle}".strip()
    after = after.strip()
    first = after.lstrip("\\")[:1]  # (an escaped `\:` is a colon)
    return joined + ("" if not first or first in ".,;:!?)\"'" else " ") + after


def _whole(number: float) -> float | int:
    return int(number) if number.is_integer() else number


def _percent(weight: float) -> str:
    return f"{_whole(round(weight, 3))}%"


def _split_feedback(item: str) -> tuple[str, str]:
    cut = _find(item, "#")
    return (item, "") if cut < 0 else (item[:cut], item[cut + 1 :])


def _weighed(piece: str, default: float) -> tuple[float, str]:
    """An answer's weight in percent (`%50%text`, else `default`) and its text after the weight."""
    found = WEIGHT_RE.match(piece)
    return (float(found.group(1)), piece[found.end() :]) if found else (default, piece)


def _quoted(text: str) -> str:
    return f'"{first_words(text)}"'


@dataclass
class _Reader:
    """One question's parts as text: each part's own format marker, else the question's format."""

    question_format: str
    media: bool = False

    def text(self, raw: str, default: str | None = None) -> str:
        found = MARKER_RE.match(raw)
        kind = found.group(1) if found else (default or self.question_format)
        raw = raw[found.end() :] if found else raw
        self.media = self.media or has_media(raw)
        text = unescape(raw)
        if kind == "html":
            return html_to_text(text)
        if kind == "moodle" and HTML_LIKE_RE.search(text):  # Moodle's own format is HTML with line breaks
            return html_to_text(text.replace("\n", "<br>"))
        return _tidy(text)


def _options(body: str, reader: _Reader) -> list[Option]:
    """The answers of a multiple-choice block, with Moodle's weights (`=` is 100%, `~` 0% unless `~%50%`).
    As in Moodle, no weight is read after `=`: `=%50%off` is the right answer "%50%off"."""
    options = []
    for mark, piece in _split_at(body, "=~"):
        weight, rest = (FULL, piece) if mark == "=" else _weighed(piece, 0.0)
        answer, feedback = _split_feedback(rest)
        options.append(Option(weight, reader.text(answer), reader.text(feedback) if feedback.strip() else ""))
    if len(options) < 2:
        raise Skip("a multiple-choice question needs at least two answers")
    return options


def _single_choice(options: list[Option], prompt: str, losses: list[str]) -> dict[str, Any]:
    """A choice question (Moodle's one-answer multiple choice, which has an `=` answer, worth 100%):
    the first 100% answer is the key."""
    key = next(option for option in options if option.weight >= FULL)
    feedback = {}
    for option in options:
        if option is key:
            if option.feedback:
                losses.append(f"feedback on the right answer ({_quoted(option.feedback)}) not kept")
            continue
        if option.feedback:
            feedback[option.text] = option.feedback
        if option.weight >= FULL:
            losses.append(f'"{option.text}" is also right in Moodle: scored wrong here (one right answer)')
        elif option.weight > 0:
            losses.append(f'"{option.text}" earns {_percent(option.weight)} in Moodle: scores 0 here')
        elif option.weight < 0:
            losses.append(f'"{option.text}" takes {_percent(-option.weight)} off in Moodle: scores 0 here')
    question: dict[str, Any] = {
        "type": "choice",
        "prompt": prompt,
        "choices": [option.text for option in options],
        "answer": key.text,
    }
    return question | ({"feedback": feedback} if feedback else {})


def _overscoring_ticks(right: list[Option], wrong: list[Option]) -> tuple[list[Option], float, float] | None:
    """The ticks that would score most above Moodle's score once converted, with both scores in percent;
    None when no set of ticks scores more here than in Moodle.

    quizapp gives 1/n for each of the n right options ticked and takes 1/n off for each other one, and
    Moodle adds up the weights of the ticks, then keeps the sum within 0..100%. For r right and w other
    ticks, quizapp's score is the same whichever they are, so Moodle's lowest (the r lowest right
    weights and the w lowest others) is the one to compare with; with w >= r, quizapp gives 0."""
    right_lowest = sorted(right, key=lambda option: option.weight)
    wrong_lowest = sorted(wrong, key=lambda option: option.weight)
    worst: tuple[list[Option], float, float] | None = None
    for right_ticks in range(1, len(right) + 1):
        for wrong_ticks in range(min(right_ticks, len(wrong) + 1)):
            ticks = right_lowest[:right_ticks] + wrong_lowest[:wrong_ticks]
            ours = FULL * (right_ticks - wrong_ticks) / len(right)
            moodle = min(FULL, max(0.0, sum(option.weight for option in ticks)))
            if ours - moodle > WEIGHT_ROUNDING and (worst is None or ours - moodle > worst[1] - worst[2]):
                worst = (ticks, ours, moodle)
    return worst


def _several_answers(options: list[Option], prompt: str, losses: list[str]) -> dict[str, Any]:
    """A multi question (Moodle's multiple answers, no `=`): the options of positive weight are right.

    quizapp gives 1/n for each of the n right options picked and takes 1/n off for each other one;
    Moodle adds up the weights. Where a weight differs from ±1/n, the difference is listed; where that
    would let some ticks score more than in Moodle, the question is skipped."""
    right = [option for option in options if option.weight > 0]
    if not right:
        raise Skip("no answer has a positive weight, so no one could score")
    share, fraction = FULL / len(right), "1" if len(right) == 1 else f"1/{len(right)}"
    rule = f"quizapp gives {fraction} for each right option picked and takes {fraction} off for each other one"
    overscoring = _overscoring_ticks(right, [option for option in options if option.weight <= 0])
    if overscoring:
        ticks, ours, moodle = overscoring
        raise Skip(
            f"Moodle's weights cannot be kept: picking {', '.join(_quoted(option.text) for option in ticks)} would "
            f"score {_percent(ours)} here but {_percent(moodle)} in Moodle ({rule})"
        )
    differing = [
        f"{option.text} {_percent(option.weight)}"
        for option in options
        if abs(abs(option.weight) - share) > 0.01 or (option.weight == 0)
    ]
    if differing:
        losses.append(f"weights not kept: {rule} (Moodle: {', '.join(differing)})")
    if any(option.feedback for option in options):
        losses.append("per-answer feedback of a several-answer question not kept")
    return {
        "type": "multi",
        "prompt": prompt,
        "choices": [option.text for option in options],
        "answers": [option.text for option in right],
    }


def _match(body: str, prompt: str, reader: _Reader) -> dict[str, Any]:
    """A match question; `= -> X` (no left side) gives an extra right-hand option. As in Moodle, a pair
    is cut at its first `->` (a right side may hold another), and only the left side may start with a
    format marker: the right side is plain text as written."""
    items = [piece for _, piece in _split_at(body, "=")]
    if len(items) < 2:
        raise Skip("a matching question needs at least two pairs")
    pairs, extra = [], []
    for item in items:
        arrow = item.find("->")
        if arrow < 0:
            raise Skip(f'"{first_words(item.strip())}" has no -> between its two sides')
        left, right = reader.text(item[:arrow]), _tidy(unescape(item[arrow + 2 :]))
        if left:
            pairs.append([left, right])
        else:
            extra.append(right)
    return {"type": "match", "prompt": prompt, "pairs": pairs} | ({"extra": extra} if extra else {})


def _true_false(body: str, prompt: str, reader: _Reader, losses: list[str]) -> dict[str, Any]:
    """A truefalse question. `{FALSE#wrong#right}`: the first feedback is for a wrong answer, the second for a right one."""
    answer, *feedbacks = (piece for _, piece in _split_at("#" + body, "#"))
    for which, raw in zip(("a wrong", "a right"), feedbacks, strict=False):
        if raw.strip():
            losses.append(f"feedback for {which} answer ({_quoted(reader.text(raw))}) not kept")
    return {"type": "truefalse", "prompt": prompt, "answer": TRUE_FALSE[answer.strip().upper()]}


def _typed_answers(body: str, reader: _Reader, losses: list[str]) -> list[str]:
    """The accepted answers of a short answer: those worth 100%, without Moodle's `*` wildcards."""
    accepted: list[str] = []
    for _, piece in _split_at(body, "="):
        weight, rest = _weighed(piece, FULL)
        raw, raw_feedback = _split_feedback(rest)
        # Moodle compares typed answers with the answers' own text, whatever the question's format.
        text, feedback = reader.text(raw, "plain"), reader.text(raw_feedback) if raw_feedback.strip() else ""
        if text == "*":
            if weight > 0:
                losses.append(f"Moodle gives {_percent(weight)} for any answer (*): not kept")
            if feedback:
                losses.append(f"feedback for any other answer ({_quoted(feedback)}) not kept")
        elif weight >= FULL and WILDCARD_RE.search(text):
            losses.append(f'"{text}" uses * (any text), which quizapp cannot check: left out')
        elif weight >= FULL:
            accepted.append(text.replace("\\*", "*"))
            if feedback:
                losses.append(f'feedback on the right answer "{text}" ({_quoted(feedback)}) not kept')
        elif weight > 0:
            losses.append(f'"{text}" earns {_percent(weight)} in Moodle: left out (it scores 0 here)')
        elif feedback:
            losses.append(f'feedback for the wrong answer "{text}" ({_quoted(feedback)}) not kept')
    if not accepted:
        raise Skip("no answer quizapp can check is worth 100%")
    return accepted


def _numbers(text: str) -> tuple[float, float]:
    """`value:tolerance`, `low..high` or `value` as (answer, tolerance)."""
    try:
        if text.find("..") > 0:
            low, high = (float(part) for part in text.split("..", 1))
            return (low + high) / 2, abs(high - low) / 2
        value, _, tolerance = text.partition(":")
        return float(value), abs(float(tolerance)) if tolerance.strip() else 0.0
    except ValueError:
        raise Skip(f'"{text.strip()}" is not a number, value:tolerance or low..high') from None


def _numeric(body: str, reader: _Reader, losses: list[str]) -> tuple[dict[str, Any], str]:
    """A numeric question and the right answer's feedback; `~#...` is feedback for any other answer."""
    tilde = _find(body, "~")
    if tilde >= 0:
        _, other_feedback = _split_feedback(body[tilde + 1 :])
        if other_feedback.strip():
            losses.append(f"feedback for any other answer ({_quoted(reader.text(other_feedback))}) not kept")
        body = body[:tilde]
    key: tuple[float, float, str] | None = None
    for _, piece in _split_at(body, "="):
        weight, rest = _weighed(piece, FULL)
        raw, raw_feedback = _split_feedback(rest)
        value, feedback = reader.text(raw, "plain"), reader.text(raw_feedback) if raw_feedback.strip() else ""
        if not value:  # `{#=}`: an = with nothing after it
            continue
        if value == "*":
            if feedback:
                losses.append(f"feedback for any other answer ({_quoted(feedback)}) not kept")
            continue
        number, tolerance = _numbers(value)
        if weight >= FULL and key is None:
            key = (number, tolerance, feedback)
            continue
        if weight >= FULL:
            losses.append(f"{value} is also right in Moodle: scored wrong here (one right number)")
        elif weight > 0:
            losses.append(f"{value} earns {_percent(weight)} in Moodle: scores 0 here")
        if feedback:
            losses.append(f"feedback on the answer {value} ({_quoted(feedback)}) not kept")
    if key is None:
        raise Skip("a numerical question needs a number worth 100% after # (or after =)")
    question: dict[str, Any] = {"type": "numeric", "answer": _whole(key[0])}
    if key[1]:
        question["tolerance"] = _whole(key[1])
    return question, key[2]


def _kind(body: str) -> str:
    """The kind of question the answers make, decided in Moodle's order."""
    if not body:
        return "essay"
    if body.startswith("#"):
        return "numeric"
    if _find(body, "~") >= 0:
        return "choices"
    if _find(body, "=") >= 0 and "->" in body:
        return "match"
    if _split_feedback(body)[0].strip().upper() in TRUE_FALSE:
        return "truefalse"
    return "short"


def _question(
    stem: str, body: str, after: str, reader: _Reader, losses: list[str]
) -> tuple[dict[str, Any], str | None]:
    """The deck question for one GIFT question (without id, tags or explanation), and the feedback on
    a numeric's right answer (the only answer feedback kept: it goes to the explanation)."""
    kind = _kind(body)
    if kind == "essay":
        raise Skip("an essay question: quizapp cannot grade free writing")
    gap = bool(after.strip())
    prompt_text = reader.text(_around(stem, BLANK, after) if gap else stem)
    prompt = prompt_text.replace(BLANK, "___")
    if kind == "numeric":
        numeric, right_feedback = _numeric(body[1:], reader, losses)
        return {"type": "numeric", "prompt": prompt} | numeric, right_feedback
    if kind == "choices":
        options = _options(body, reader)
        if any(mark == "=" for mark, _ in _split_at(body, "=~")):
            return _single_choice(options, prompt, losses), None
        return _several_answers(options, prompt, losses), None
    if kind == "match":
        return _match(body, prompt, reader), None
    if kind == "truefalse":
        return _true_false(body, prompt, reader, losses), None
    answers = _typed_answers(body, reader, losses)
    if gap:
        return {"type": "cloze", "text": prompt_text.replace(BLANK, "{{" + "|".join(answers) + "}}")}, None
    return {"type": "short", "prompt": prompt, "answers": answers}, None


def _blocks(text: str) -> list[Block]:
    """The questions of the file, split at blank lines outside braces (comment and category lines kept
    apart). A brace never closed breaks its question up to the next blank line, and reading resumes there."""
    lines = text.split("\n")
    blocks: list[Block] = []
    start: int | None = 0
    while start is not None:
        start = _scan(lines, start, blocks)
    return blocks


def _scan(lines: list[str], start: int, blocks: list[Block]) -> int | None:
    """Add the blocks from line index `start` on; where to read again when a brace is never closed."""
    block: Block | None = None
    depth = 0
    resume: tuple[int, int] | None = None  # while a brace is open: (after its first blank line, lines before)
    for index in range(start, len(lines)):
        line = lines[index]
        stripped = line.strip()
        if not stripped and depth == 0:
            if block is not None:
                blocks.append(block)
            block = None
            continue
        if block is None:
            block = Block(index + 1)
        if not stripped:
            resume = resume or (index + 1, len(block.lines))
            block.lines.append(line)
        elif stripped.startswith("//") or (depth == 0 and stripped.startswith("$CATEGORY:")):
            block.comments.append(stripped)
        else:
            if not block.lines:
                block.line = index + 1
            block.lines.append(line)
            depth = _depth_after(line, depth, block)
            resume = resume if depth else None
    if block is None:
        return None
    blocks.append(block)
    if depth == 0:
        return None
    block.error = "the answer braces opened in this question are never closed"
    if resume is None:
        return None
    block.lines = block.lines[: resume[1]]
    return resume[0]


def _depth_after(line: str, depth: int, block: Block) -> int:
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                block.error = block.error or "a closing brace } with no opening one"
                depth = 0
        index += 1
    return depth


@dataclass
class _Meta:
    """What the comments above a question say: its id, tags and quizapp's own fields."""

    question_id: str | None = None
    tags: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def _category_tag(path: str) -> str | None:
    """`$course$/top/Science/Water cycle` → `Water cycle`: the last part of the path (`//` is a `/`)."""
    parts = [part.replace("\0", "/").strip() for part in path.replace("//", "\0").split("/")]
    named = [part for part in parts if part and part not in CONTEXTS]
    return named[-1] if named else None


def _apply_fields(question: dict[str, Any], fields: dict[str, str], losses: list[str]) -> None:
    """quizapp's own fields from the comments: points, hint, and a numeric question's unit."""
    if "points" in fields:
        try:
            points = float(fields["points"])
        except ValueError:
            points = 0.0
        if points > 0 and points != float("inf"):
            question["points"] = _whole(points)
        else:
            losses.append(f"[points:{fields['points']}] is not a number above 0: ignored")
    if fields.get("hint"):
        question["hint"] = fields["hint"]
    if fields.get("unit"):
        if question["type"] == "numeric":
            question["unit"] = fields["unit"]
        else:
            losses.append("[unit:...] belongs to a numeric question: ignored")


def parse_gift(text: str, file: str, deck_id: str, title: str) -> Converted:
    """A deck document from GIFT text: every question that can be converted, and each one skipped or
    converted with a loss, by its line. BadFile (with every reason) only when nothing can be used."""
    lines = text.lstrip("\ufeff").split("\n")
    header = HEADER_RE.match(next((line.strip() for line in lines if line.strip()), ""))
    if header:
        title, deck_id = header.group(1), header.group(2)
    builder = DeckBuilder(file, deck_id, title)
    category: str | None = None
    for block in _blocks("\n".join(lines)):
        meta = _Meta()
        for comment in block.comments:
            if comment.startswith("$CATEGORY:"):
                category = _category_tag(comment.split(":", 1)[1])
            for name, value in COMMENT_FIELD_RE.findall(comment):
                value = _comment_value(value)
                if name == "id":
                    meta.question_id = slug(value, "") or None
                elif name == "tag" and value:
                    meta.tags.append(value)
                elif name != "tag":
                    meta.fields[name] = value
        body = "\n".join(block.lines).strip()
        if not body and not block.error:
            continue
        _convert_block(builder, block, body, meta, category, "plain" if header else "moodle")
    return builder.result("no question was found")


def _convert_block(
    builder: DeckBuilder, block: Block, body: str, meta: _Meta, category: str | None, text_format: str
) -> None:
    """Add one question to the deck, or list why it was skipped."""
    title = None
    if body.startswith("::"):
        end = _find(body, "::", 2)
        if end < 0:
            builder.skip(block.line, first_words(body), "a title opened with :: is not closed with ::")
            return
        title, body = unescape(body[2:end]).strip(), body[end + 2 :].strip()
    opening = _find(body, "{")
    closing = _find(body, "}", max(opening, 0))
    name = title or first_words(_tidy(unescape(MARKER_RE.sub("", body[: opening if opening >= 0 else None]))))
    if block.error:
        builder.skip(block.line, name, block.error)
        return
    if opening < 0:
        builder.skip(block.line, name, "a description (no answers): not a question")
        return
    found = MARKER_RE.match(body)
    reader = _Reader(found.group(1) if found else text_format)
    losses: list[str] = []
    general_at = _rfind(body[opening + 1 : closing], "####")
    answers = body[opening + 1 : closing]
    general = reader.text(answers[general_at + 4 :]) if general_at >= 0 else ""
    answers = answers[:general_at] if general_at >= 0 else answers
    try:
        question, right_feedback = _question(body[:opening], answers.strip(), body[closing + 1 :], reader, losses)
    except Skip as reason:
        builder.skip(block.line, name, str(reason))
        return
    explanation = "\n\n".join(part for part in (general, right_feedback) if part)
    if right_feedback:
        losses.append("the feedback on the right answer is in the explanation: every student sees it")
    if explanation:
        question["explanation"] = explanation
    _apply_fields(question, meta.fields, losses)
    if reader.media:
        losses.append("images, sounds and videos are not kept")
    tags = list(dict.fromkeys(([category] if category else []) + meta.tags))
    wanted = meta.question_id or slug(title or "", "") or f"q{len(builder.questions) + 1}"
    builder.add(question | ({"tags": tags} if tags else {}), wanted, block.line, name)
    for loss in losses:
        builder.lose(block.line, name, loss)
