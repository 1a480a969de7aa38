"""Moodle GIFT to a quizapp deck: a parser of our own that follows Moodle's rules for the question type.

Questions are separated by blank lines. `::title::` names a question, `// [id:...]` and
`// [tag:...]` comments give its id and tags, `$CATEGORY:` lines tag what follows, `{...}` holds the
answers (text after the braces makes a missing-word question), `#` gives per-answer feedback and
`####` general feedback. Essay and description questions have no counterpart here: they are
skipped and reported, as is anything else the conversion loses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from ..problems import BadFile, Problem

ESCAPABLE = "~=#{}:\\"
SLUG_RE = re.compile(r"[^a-z0-9]+")
TAG_RE = re.compile(r"\[(id|tag):([^\]]*)\]")
FORMAT_RE = re.compile(r"^\[(html|moodle|plain|markdown)\]")
WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


@dataclass
class Converted:
    """A deck document made from another format, and what the conversion could not keep."""

    document: dict[str, Any]
    dropped: list[str] = field(default_factory=list)


class GiftError(ValueError):
    """A malformed question; the message says what, for a teacher."""


def slug(text: str, fallback: str) -> str:
    """A deck-format id made from any text."""
    made = SLUG_RE.sub("-", text.lower()).strip("-")[:64].strip("-")
    return made or fallback


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


def _plain(text: str, is_html: bool) -> str:
    text = unescape(text).strip()
    if is_html:
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"[ \t]+", " ", text).strip()


def _around(before: str, middle: str, after: str) -> str:
    """`before middle after`, with no space before punctuation that follows the gap."""
    joined = f"{before} {middle}".strip()
    return joined + ("" if not after or after[0] in ".,;:!?)" else " ") + after


def _whole(number: float) -> float | int:
    return int(number) if number.is_integer() else number


def _split_feedback(item: str) -> tuple[str, str | None]:
    cut = _find(item, "#")
    return (item, None) if cut < 0 else (item[:cut], item[cut + 1 :])


def _items(body: str) -> list[tuple[str, str]]:
    """The answers of a choice block: (mark, text) with mark `=` or `~`, split at unescaped marks."""
    items: list[tuple[str, str]] = []
    current: list[str] = []
    mark = None
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            current.append(body[index : index + 2])
            index += 2
            continue
        if char in "=~":
            if mark is not None:
                items.append((mark, "".join(current)))
            elif "".join(current).strip():
                raise GiftError("answers must start with = (right) or ~ (wrong)")
            mark, current = char, []
        else:
            current.append(char)
        index += 1
    if mark is not None:
        items.append((mark, "".join(current)))
    return items


def _numbers(body: str) -> tuple[float, float]:
    """`value:tolerance` or `low..high` as (answer, tolerance)."""
    try:
        if ".." in body:
            low, high = (float(part) for part in body.split(".."))
            return (low + high) / 2, abs(high - low) / 2
        value, _, tolerance = body.partition(":")
        return float(value), abs(float(tolerance)) if tolerance.strip() else 0.0
    except ValueError:
        raise GiftError(f'"{body.strip()}" is not a number, value:tolerance or low..high') from None


def _question(
    stem: str, answers: str | None, after: str, is_html: bool, dropped: list[str], where: str
) -> dict[str, Any]:
    """The deck question for one GIFT question (without id and tags)."""
    general = None
    if answers is not None:
        cut = _find(answers, "####")
        if cut >= 0:
            answers, general = answers[:cut], _plain(answers[cut + 4 :], is_html)
    prompt = _plain(stem, is_html)
    question: dict[str, Any] = {}
    if general:
        question["explanation"] = general
    body = (answers or "").strip()
    if answers is None:
        raise GiftError("a description (no answers): not a question, skipped")
    if not body:
        raise GiftError("an essay question: quizapp cannot grade free writing, skipped")
    missing_word = bool(after.strip())
    if body.startswith("#"):
        return question | _numeric(prompt, body[1:], dropped, where)
    head, feedback = _split_feedback(body)
    if head.strip().upper() in ("T", "TRUE", "F", "FALSE"):
        if feedback:
            dropped.append(f"{where}: true/false feedback kept in the explanation")
            question.setdefault("explanation", _plain(feedback.split("#")[0], is_html))
        return question | {"type": "truefalse", "prompt": prompt, "answer": head.strip().upper().startswith("T")}
    items = _items(body)
    if not items:
        raise GiftError("no answers found between the braces")
    if all(mark == "=" and _find(text, "->") >= 0 for mark, text in items):
        pairs = []
        for _, text in items:
            arrow = _find(text, "->")
            pairs.append([_plain(text[:arrow], is_html), _plain(text[arrow + 2 :], is_html)])
        return question | {"type": "match", "prompt": prompt, "pairs": pairs}
    parsed = []
    for mark, text in items:
        weight_match = WEIGHT_RE.match(text.strip())
        text = text.strip()[weight_match.end() :] if weight_match else text
        weight = float(weight_match.group(1)) if weight_match else (100.0 if mark == "=" else 0.0)
        answer, answer_feedback = _split_feedback(text)
        parsed.append(
            (mark, weight, _plain(answer, is_html), _plain(answer_feedback, is_html) if answer_feedback else None)
        )
    if all(mark == "=" for mark, *_ in parsed):
        answers_text = [text for _, _, text, _ in parsed]
        if any(feedback for *_, feedback in parsed):
            dropped.append(f"{where}: feedback on accepted short answers dropped")
        if missing_word:
            gap = "{{" + "|".join(answers_text) + "}}"
            return question | {"type": "cloze", "text": _around(prompt, gap, _plain(after, is_html))}
        return question | {"type": "short", "prompt": prompt, "answers": answers_text}
    if missing_word:
        prompt = _around(prompt, "___", _plain(after, is_html))
    choices = [text for _, _, text, _ in parsed]
    right = [text for _, weight, text, _ in parsed if weight > 0]
    if not right:
        raise GiftError("no right answer (none starts with = or has a positive weight)")
    if len(right) == 1 and all(weight in (0.0, 100.0) for _, weight, _, _ in parsed):
        result: dict[str, Any] = {"type": "choice", "prompt": prompt, "choices": choices, "answer": right[0]}
        wrong_feedback = {text: note for _, weight, text, note in parsed if note and weight <= 0}
        if wrong_feedback:
            result["feedback"] = wrong_feedback
        if any(note for _, weight, _, note in parsed if note and weight > 0):
            dropped.append(f"{where}: feedback on the right answer dropped (use the explanation)")
        return question | result
    if any(weight not in (0.0, 100.0) and weight > 0 for _, weight, _, _ in parsed):
        dropped.append(f"{where}: answer weights became plain right answers (quizapp gives partial credit its own way)")
    if any(note for *_, note in parsed):
        dropped.append(f"{where}: per-answer feedback of a several-answer question dropped")
    return question | {"type": "multi", "prompt": prompt, "choices": choices, "answers": right}


def _numeric(prompt: str, body: str, dropped: list[str], where: str) -> dict[str, Any]:
    answers = (
        [item for item in re.split(r"(?<!\\)=", body) if item.strip()] if body.lstrip().startswith("=") else [body]
    )
    best: tuple[float, float, float] | None = None
    for item in answers:
        weight_match = WEIGHT_RE.match(item.strip())
        weight = float(weight_match.group(1)) if weight_match else 100.0
        value_text, _ = _split_feedback(item.strip()[weight_match.end() :] if weight_match else item)
        value, tolerance = _numbers(value_text)
        if best is None or weight > best[0]:
            best = (weight, value, tolerance)
    if best is None:  # "{#=}": the = of a graded answer, and nothing after it
        raise GiftError("a numerical question needs a number after # (or after each =)")
    if len(answers) > 1:
        dropped.append(f"{where}: only the best of {len(answers)} graded numeric answers kept")
    question: dict[str, Any] = {"type": "numeric", "prompt": prompt, "answer": _whole(best[1])}
    if best[2]:
        question["tolerance"] = _whole(best[2])
    return question


def _blocks(text: str) -> list[tuple[int, list[str], list[str]]]:
    """(first line number, comment lines, question lines) of each question, and category lines as comments."""
    blocks: list[tuple[int, list[str], list[str]]] = []
    comments: list[str] = []
    lines: list[str] = []
    start = 0
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if depth == 0 and not lines:
            if not stripped:
                continue
            if stripped.startswith("//") or stripped.startswith("$CATEGORY:"):
                comments.append(stripped)
                continue
            start = number
        if depth == 0 and not stripped:
            blocks.append((start, comments, lines))
            comments, lines = [c for c in comments if c.startswith("$CATEGORY:")], []
            continue
        if depth == 0 and stripped.startswith("//") and lines:
            comments.append(stripped)
            continue
        lines.append(line)
        index = 0
        while index < len(line):
            if line[index] == "\\":
                index += 2
                continue
            depth += {"{": 1, "}": -1}.get(line[index], 0)
            if depth < 0:
                raise GiftError(f"line {number}: a closing brace }} with no opening one")
            index += 1
    if depth:
        raise GiftError(f"line {start}: the answer braces opened in this question are never closed")
    if lines:
        blocks.append((start, comments, lines))
    return blocks


def parse_gift(text: str, file: str, deck_id: str, title: str) -> Converted:
    """A deck document from GIFT text; BadFile with the line of the first malformed question."""
    dropped: list[str] = []
    try:
        blocks = _blocks(text)
    except GiftError as error:
        raise BadFile([Problem(file, "error", str(error))]) from None
    questions: list[dict[str, Any]] = []
    problems: list[Problem] = []
    used: set[str] = set()
    category: list[str] = []
    for line, comments, lines in blocks:
        where = f"line {line}"
        body = "\n".join(lines).strip()
        tags: list[str] = []
        question_id = None
        for comment in comments:
            if comment.startswith("$CATEGORY:"):
                category = [slug(part, "category") for part in comment.split(":", 1)[1].split("/") if part.strip()]
            for kind, value in TAG_RE.findall(comment):
                if kind == "id":
                    question_id = slug(value, "")
                elif value.strip():
                    tags.append(slug(value, "tag"))
        title_text = None
        if body.startswith("::"):
            end = _find(body, "::", 2)
            if end < 0:
                problems.append(Problem(file, "error", "a title opened with :: is not closed with ::", line, 1))
                continue
            title_text, body = unescape(body[2:end]).strip(), body[end + 2 :].strip()
        is_html = False
        found = FORMAT_RE.match(body)
        if found:
            is_html = found.group(1) == "html"
            body = body[found.end() :]
        opening = _find(body, "{")
        stem, answers, after = (
            (body, None, "")
            if opening < 0
            else (body[:opening], body[opening + 1 : _find(body, "}", opening)], body[_find(body, "}", opening) + 1 :])
        )
        try:
            question = _question(stem, answers, after, is_html, dropped, where)
        except GiftError as error:
            if "skipped" in str(error):
                dropped.append(f"{where}: {error}")
                continue
            problems.append(Problem(file, "error", str(error), line, 1))
            continue
        question_id = question_id or slug(title_text or "", "") or f"q{len(questions) + 1}"
        base, counter = question_id, 2
        while question_id in used:
            question_id, counter = f"{base[:60]}-{counter}", counter + 1
        used.add(question_id)
        all_tags = list(dict.fromkeys(category + tags))
        questions.append({"id": question_id, **question, **({"tags": all_tags} if all_tags else {})})
    if problems:
        raise BadFile(problems)
    if not questions:
        raise BadFile([Problem(file, "error", "no question that quizapp can use was found")])
    document = {"format": 1, "deck": {"id": deck_id, "title": title}, "questions": questions}
    return Converted(document, dropped)
