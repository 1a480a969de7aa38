"""Deck and student text on screen: always literal (never markup), never a control character."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content

from ...safetext import visible

if TYPE_CHECKING:
    from ...study.answer_diff import Mark

MARK_STYLES: dict[str, str] = {"same": "bold green", "wrong": "bold red strike", "missing": "bold yellow underline"}


def literal(text: str | None, style: str = "") -> Content:
    """`text` exactly as typed (`[b]` stays `[b]`), with any control character shown as an escape."""
    content = Content(visible(text or "", one_line=False))
    return content.stylize(style) if style else content


def marked(parts: Iterable[tuple[str, Mark]]) -> Content:
    """A typed answer or an expected one with its characters marked right, wrong or missing."""
    return Content.assemble(*((visible(text), MARK_STYLES[mark]) for text, mark in parts))
