"""Where each key of a TOML document stands: a map from key path to (line, column).

TOML parsers return plain data without positions, so lint messages would not know their line.
This scanner re-reads a document that has already parsed and records, for every table header,
key and array element, the path it defines (`("questions", 3, "choices", 1)`) and where it starts.
It runs only when there is a problem to report, so a clean deck never pays for it.
"""

from __future__ import annotations

import bisect
import json
import re

Path = tuple[str | int, ...]

TOKEN_RE = re.compile(
    r'(?P<mlbasic>"""(?:[^"\\]|\\[\s\S]|""?(?!"))*"{3,5})'
    r"|(?P<mllit>'''(?:[^']|''?(?!'))*'{3,5})"
    r'|(?P<basic>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<lit>'[^'\n]*')"
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<nl>\n)"
    r"|(?P<punct>[\[\]{}=,.])"
    r"|(?P<bare>[A-Za-z0-9_+\-:]+)"
)
LINE_END = {"nl", "comment"}


def _key_text(kind: str, text: str) -> str:
    if kind == "basic":
        try:
            return str(json.loads(text))
        except ValueError:  # a TOML escape JSON lacks (\U, \e); the raw text is close enough
            return text[1:-1]
    if kind == "lit":
        return text[1:-1]
    return text


class _Scanner:
    def __init__(self, text: str):
        self.tokens = [(m.lastgroup or "", m.group(), m.start()) for m in TOKEN_RE.finditer(text)]
        self.index = 0
        self.found: dict[Path, int] = {}  # path -> character offset
        self.array_tables: dict[Path, int] = {}  # resolved [[path]] -> how many seen

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", "", -1)

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        self.index += 1
        return token

    def skip_blank(self) -> None:
        while self.peek()[0] in LINE_END:
            self.index += 1

    def keys(self, stop: str) -> list[str]:
        """A dotted key, up to (not including) the punctuation `stop`."""
        names: list[str] = []
        while True:
            kind, text, _ = self.take()
            if kind == "end":
                return names
            if kind != "punct":
                names.append(_key_text(kind, text))
            elif text == stop:
                self.index -= 1
                return names

    def header(self, offset: int) -> Path:
        self.take()  # the first "["
        array = self.peek()[1] == "[" and self.peek()[2] == offset + 1
        if array:
            self.take()
        names = self.keys("]")
        self.take()
        if array:
            self.take()
        resolved: Path = ()
        for position, name in enumerate(names):
            resolved += (name,)
            self.found.setdefault(resolved, offset)  # `[a.b]` defines `a` too, when nothing did before
            last = position == len(names) - 1
            if array and last:
                count = self.array_tables.get(resolved, 0)
                self.array_tables[resolved] = count + 1
                resolved += (count,)
            elif resolved in self.array_tables:
                resolved += (self.array_tables[resolved] - 1,)
        self.found.setdefault(resolved, offset)
        return resolved

    def key_value(self, table: Path) -> None:
        offset = self.peek()[2]
        names = self.keys("=")
        for end in range(1, len(names) + 1):  # a dotted key defines its prefixes too
            self.found.setdefault(table + tuple(names[:end]), offset)
        path = table + tuple(names)
        self.take()  # "="
        self.value(path)

    def value(self, path: Path) -> None:
        kind, text, _ = self.peek()
        if kind == "punct" and text == "[":
            self.take()
            self.array(path)
        elif kind == "punct" and text == "{":
            self.take()
            self.inline_table(path)
        else:
            while self.peek()[0] not in LINE_END | {"end"} and self.peek()[1] not in (",", "]", "}"):
                self.take()

    def array(self, path: Path) -> None:
        position = 0
        while True:
            self.skip_blank()
            kind, text, offset = self.peek()
            if kind == "end" or text == "]":
                self.take()
                return
            if text == ",":
                self.take()
                position += 1
                continue
            self.found.setdefault(path + (position,), offset)
            self.value(path + (position,))

    def inline_table(self, path: Path) -> None:
        while True:
            self.skip_blank()
            kind, text, _ = self.peek()
            if kind == "end" or text == "}":
                self.take()
                return
            if text == ",":
                self.take()
                continue
            self.key_value(path)

    def scan(self) -> dict[Path, int]:
        table: Path = ()
        while True:
            self.skip_blank()
            kind, text, offset = self.peek()
            if kind == "end":
                return self.found
            if kind == "punct" and text == "[":
                table = self.header(offset)
            elif kind == "punct":  # stray punctuation: cannot happen in parsed TOML
                self.take()
            else:
                self.key_value(table)


class Locator:
    """Answers "where is this path?" for one document, scanning it on first use."""

    def __init__(self, text: str):
        self._text = text
        self._offsets: dict[Path, int] | None = None
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def unclosed_bracket(self, offset: int) -> tuple[int, int] | None:
        """Where the `[` or `{` still open at `offset` was opened, in a document that may not parse
        (a parser notices a list left open only at the next line that cannot be in it)."""
        opened: list[int] = []
        for match in TOKEN_RE.finditer(self._text, 0, offset):
            if match.group() in ("[", "{"):
                opened.append(match.start())
            elif match.group() in ("]", "}") and opened:
                opened.pop()
        return self.position(opened[-1]) if opened else None

    def locate(self, path: Path) -> tuple[int, int]:
        """Where `path` is written, or its nearest written ancestor; (1, 1) for the document."""
        if self._offsets is None:
            self._offsets = _Scanner(self._text).scan()
        for end in range(len(path), 0, -1):
            offset = self._offsets.get(path[:end])
            if offset is not None:
                return self.position(offset)
        return 1, 1
