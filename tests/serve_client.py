"""What the tests of `quizapp serve` share: the browser stand-in of benchmarks/browser.py (a real
WebSocket client that reads its screen with pyte, and `served`, a real server), `FakeServer`, and
`no_sessions_left`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from benchmarks.browser import KEYS, ServedPage, Server, free_port, quizapp_command, served
from quizapp.classroom.sessions import sessions_dir

__all__ = [
    "KEYS",
    "FakeServer",
    "ServedPage",
    "Server",
    "free_port",
    "no_sessions_left",
    "quizapp_command",
    "served",
]


class FakeServer:
    """textual-serve's Server, recording what `quizapp serve` would run for each browser, and the
    address it would give the page (for tests of `serve`'s options without a server)."""

    commands: list[str] = []
    public_urls: list[str | None] = []

    def __init__(self, command: str, host: str, port: int, title: str, public_url: str | None = None):
        self.commands.append(command)
        self.public_urls.append(public_url)

    def serve(self) -> None:
        pass

    @classmethod
    def install(cls, monkeypatch: pytest.MonkeyPatch) -> None:
        """Put this in the place of textual-serve's Server for a test, and no fork server behind it (it
        would be forked from the test's own process)."""
        monkeypatch.setattr("textual_serve.server.Server", cls)
        monkeypatch.setattr("quizapp.classroom.prefork.can_fork", lambda: False)


async def no_sessions_left(data: Path, timeout: float = 10) -> None:
    """Wait until every app has given up its place in the class (as each browser's app ends)."""
    for _ in range(int(timeout / 0.05)):
        if not list(sessions_dir(data).glob("*.json")):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"sessions still open: {sorted(path.name for path in sessions_dir(data).iterdir())}")
