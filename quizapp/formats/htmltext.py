"""HTML (from Moodle's `[html]` text, Anki fields, Anki text files) as the plain text a deck holds.

Line breaks survive (`<br>`, paragraphs, list items, table rows), `<pre>` keeps its lines and
indentation, entities are decoded, a link keeps its address after its text, and scripts and styles
are dropped. Images and sounds cannot be shown in a terminal: `has_media` tells the importer to list them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MEDIA_RE = re.compile(r"<(?:img|audio|video|object|embed|iframe)\b|\[sound:", re.IGNORECASE)
SPACES_RE = re.compile(r"\s+")
# Tags that start and end a line of their own; `<p>` (and headings) also leave a blank line around them.
LINE_TAGS = {"div", "li", "tr", "ul", "ol", "table", "blockquote", "pre", "dt", "dd", "hr", "section", "article"}
PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
HIDDEN_TAGS = {"script", "style", "head", "title"}


def has_media(markup: str) -> bool:
    """Whether the text holds images, sounds or videos, which a converted question cannot show."""
    return MEDIA_RE.search(markup) is not None


class _TextMaker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.preformatted = 0
        self.hidden = 0
        self.pre_opened = False  # a line break right after <pre> is not part of its text (as in browsers)
        self.link: str | None = None
        self.link_text = ""

    def _end_line(self, blank: bool = False) -> None:
        """Start a new line unless the current one is empty; with `blank`, leave an empty line too."""
        if self.lines[-1].strip():
            self.lines[-1] = self.lines[-1].rstrip()
            self.lines.append("")
        if blank and len(self.lines) > 1 and self.lines[-2].strip():
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        elif tag == "br":
            self.lines[-1] = self.lines[-1].rstrip()
            self.lines.append("")
        elif tag in PARAGRAPH_TAGS or tag in LINE_TAGS:
            self._end_line(blank=tag in PARAGRAPH_TAGS)
            if tag == "pre":
                self.preformatted += 1
                self.pre_opened = True
            if tag == "li":
                self.lines[-1] = "- "
        elif tag == "a":
            self.link, self.link_text = dict(attrs).get("href"), ""

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """A `<![...]>` section; one the parser cannot read (`<![<`: Python 3.11 raises AssertionError)
        counts as unfinished, so that closing the parser keeps it as text."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return -1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in PARAGRAPH_TAGS or tag in LINE_TAGS:
            if tag == "pre":
                self.preformatted = max(0, self.preformatted - 1)
            self._end_line(blank=tag in PARAGRAPH_TAGS)
        elif tag == "a" and self.link is not None:
            address, self.link = self.link, None
            if address.strip() and address.strip() != self.link_text.strip():
                self.lines[-1] += f" ({address.strip()})"

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        data = data.replace("\xa0", " ")
        if self.link is not None:
            self.link_text += data
        if self.preformatted:
            if self.pre_opened and data.startswith("\n"):
                data = data[1:]
            self.pre_opened = False
            first, *rest = data.split("\n")
            self.lines[-1] += first
            self.lines.extend(rest)
            return
        text = SPACES_RE.sub(" ", data)
        self.lines[-1] += text.lstrip(" ") if not self.lines[-1].strip() else text

    def text(self) -> str:
        kept: list[str] = []
        for line in (line.rstrip() for line in self.lines):
            if line or (kept and kept[-1]):  # at most one blank line in a row
                kept.append(line)
        return "\n".join(kept).strip("\n")


def html_to_text(markup: str) -> str:
    """HTML as plain text: line breaks and `<pre>` indentation kept, tags removed, entities decoded."""
    maker = _TextMaker()
    maker.feed(markup)
    maker.close()
    return maker.text()
