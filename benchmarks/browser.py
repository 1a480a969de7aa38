"""A web browser, as far as `quizapp serve` can tell, for the tests and the class load test (class_load.py).

`quizapp serve` runs textual-serve, whose page (textual_serve/static/js/textual.js, around xterm.js)
talks to the server over one WebSocket per browser tab. `ServedPage` speaks the same protocol with
aiohttp, and keeps what the app draws on a pyte terminal screen, which a test reads as text:

- The page opens `ws://HOST:PORT/ws?width=COLS&height=ROWS`; the server starts one app process for that
  socket (`python -m quizapp --data-dir DIR --ask-student`) at that size.
- The page sends JSON text messages:
  - `["resize", {"width": COLS, "height": ROWS}]` once the socket is open, and whenever the terminal's
    size changes;
  - `["ping", "MILLIS"]` just after it opens (the server answers `["pong", "MILLIS"]`);
  - `["stdin", DATA]` for what is typed: xterm's bytes as text, one message per key as a person types
    (`"a"`, `"\\r"` for enter, `"\\t"` for tab, `"\\x7f"` for backspace, `"\\x1b[A"` for up, …);
  - `["focus"]` and `["blur"]` when the terminal gains or loses the page's focus (a click on it, or
    another window or tab taken).
- The server sends binary messages, the app's terminal output (escape sequences meant for xterm.js:
  here they go to pyte), and JSON text messages: `["pong", …]`, `["open_url", {"url", "new_tab"}]`
  and `["deliver_file_start", KEY]`.
- When the app exits the server closes the socket (the page then says "Session ended").

What the page sends on its own is all `ServedPage.open` sends (resize, then ping): no focus message,
no click. A test then types as a student would, with `type` and `press`, and waits for what the
screen should show with `wait_for` (which fails showing the screen as it stands).

`served` runs a real `quizapp serve` on a free loopback port for the length of a `with` block.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO

import aiohttp
import pyte

# What xterm.js sends for the keys a test names (the rest are sent as the characters they are).
KEYS = {
    "enter": "\r",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "backspace": "\x7f",
    "escape": "\x1b",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "delete": "\x1b[3~",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    **{f"ctrl+{letter}": chr(ord(letter) - 96) for letter in "abcdefghijklmnopqrstuvwxyz"},
}


class ServedPage:
    """One browser tab on a served quizapp: its WebSocket, and the terminal screen the app draws on."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse, width: int, height: int):
        self.websocket = websocket
        self.screen = pyte.Screen(width, height)
        self._stream = pyte.ByteStream(self.screen)
        self._changed = asyncio.Event()
        self.messages: list[list[object]] = []  # the JSON messages the server sent, in order
        self.closed = False
        self._reader = asyncio.create_task(self._read())

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, base_url: str, width: int = 80, height: int = 24) -> AsyncIterator[ServedPage]:
        """Open the page at `base_url` (http://HOST:PORT) as a browser does, for the `with` block."""
        websocket_url = base_url.replace("http", "ws", 1).rstrip("/") + f"/ws?width={width}&height={height}"
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(websocket_url, timeout=aiohttp.ClientWSTimeout(ws_close=5)) as websocket,
        ):
            page = cls(websocket, width, height)
            await page.send(["resize", {"width": width, "height": height}])
            await page.send(["ping", str(int(time.time() * 1000))])
            try:
                yield page
            finally:
                page._reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await page._reader

    async def _read(self) -> None:
        try:
            async for message in self.websocket:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self._stream.feed(message.data)
                elif message.type == aiohttp.WSMsgType.TEXT:
                    self.messages.append(json.loads(message.data))
                self._changed.set()
        finally:
            self.closed = True
            self._changed.set()

    async def send(self, message: list[object]) -> None:
        """Send one of the page's JSON messages."""
        await self.websocket.send_str(json.dumps(message))

    async def type(self, text: str) -> None:
        """Type `text` as a fast typist does: a message per character, none waiting for the screen."""
        for char in text:
            await self.send(["stdin", char])

    async def press(self, *keys: str) -> None:
        """Press keys by name (`enter`, `tab`, `up`, `ctrl+q`, … see KEYS) or as the characters they type."""
        for key in keys:
            await self.send(["stdin", KEYS.get(key, key)])

    async def timed_press(
        self, key: str, wanted: str | Callable[[str], bool] | None = None, timeout: float = 30
    ) -> float:
        """Press `key` and wait until the screen shows `wanted` (by default: anything new); the
        milliseconds from the key's message leaving to that screen, checked as each message arrives."""
        before = self.text
        check = (
            (lambda text: text != before)
            if wanted is None
            else wanted
            if callable(wanted)
            else (lambda text: wanted in text)
        )
        loop = asyncio.get_running_loop()
        self._changed.clear()
        started = loop.time()
        await self.press(key)
        while not check(self.text):
            remaining = started + timeout - loop.time()
            if remaining <= 0 or self.closed:
                state = "the server closed the page" if self.closed else f"not within {timeout} s"
                raise AssertionError(f"after {key!r}: {state}; the screen:\n{self.text}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return (loop.time() - started) * 1000

    async def focus(self) -> None:
        """What the page sends when its terminal gets the focus (a click on it)."""
        await self.send(["focus"])

    async def blur(self) -> None:
        """What the page sends when its terminal loses the focus (another tab or window taken)."""
        await self.send(["blur"])

    async def resize(self, width: int, height: int) -> None:
        """The browser window changed size: the terminal has `width` × `height` cells now."""
        self.screen.resize(height, width)
        await self.send(["resize", {"width": width, "height": height}])

    @property
    def text(self) -> str:
        """The screen as text, a line per row (colours and styles left out)."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def line_with(self, text: str) -> str | None:
        """The first screen row containing `text`, or None."""
        return next((line for line in self.screen.display if text in line), None)

    async def wait_for(self, wanted: str | Callable[[str], bool], timeout: float = 10) -> str:
        """Wait until the screen shows `wanted` (a text, or a test of the screen's text); return the
        screen's text then. AssertionError showing the screen if it does not within `timeout` seconds."""
        check = wanted if callable(wanted) else lambda text: wanted in text
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            # The app draws a frame in several messages: let the ones already sent arrive first.
            await asyncio.sleep(0.05)
            text = self.text
            if check(text):
                return text
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0 or self.closed:
                what = wanted if isinstance(wanted, str) else getattr(wanted, "__name__", "the condition")
                state = "the server closed the page" if self.closed else f"not within {timeout} s"
                raise AssertionError(f"{what!r}: {state}; the screen:\n{text}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def settle(self, quiet: float = 0.3, timeout: float = 5) -> str:
        """Wait until the app has drawn nothing for `quiet` seconds; the screen's text then."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline and not self.closed:
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), quiet)
            except TimeoutError:
                break
        return self.text


def free_port() -> int:
    """A TCP port free on the loopback address just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def quizapp_command() -> list[str]:
    """The installed `quizapp` console script of this environment."""
    return [str(Path(sys.executable).with_name("quizapp"))]


class Server:
    """A `quizapp serve` running for a test: its address, and what it has printed so far."""

    def __init__(self, url: str, log: IO[bytes], pid: int):
        self.url = url
        self.pid = pid  # the process of `quizapp serve`
        self._log = log
        self._final: str | None = None  # all it printed, once it has stopped

    def output(self) -> str:
        """Everything the server printed so far (its own lines, and what the app processes wrote to
        stderr, which it prints as each one ends), or in all once stopped."""
        if self._final is not None:
            return self._final
        self._log.seek(0)
        return self._log.read().decode(errors="replace")


@contextlib.asynccontextmanager
async def served(data_dir: Path, *options: str, timeout: float = 15) -> AsyncIterator[Server]:
    """A real `quizapp --data-dir DATA_DIR serve --port PORT OPTIONS…` on a free loopback port, for
    the `with` block, once it answers a browser's first request. Stopped afterwards with ctrl+c (SIGINT
    to its process group, which holds the app processes it started), killed if it does not stop."""
    port = free_port()
    # Its output goes to a file, not a pipe: a pipe nobody reads would stall a talkative server.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [*quizapp_command(), "--data-dir", str(data_dir), "serve", "--port", str(port), *options],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        running = Server(f"http://127.0.0.1:{port}", log, server.pid)
        try:
            deadline = time.monotonic() + timeout
            async with aiohttp.ClientSession() as session:
                while True:
                    try:
                        async with session.get(running.url + "/") as response:
                            if response.status == 200:
                                break
                    except aiohttp.ClientError:
                        pass
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(
                            f"quizapp serve did not answer (exit {server.poll()}):\n{running.output()}"
                        )
                    await asyncio.sleep(0.05)
            try:
                yield running
            except BaseException:  # what the server and its apps said, for the failure report
                print(f"quizapp serve printed:\n{running.output()}")
                raise
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            running._final = running.output()
