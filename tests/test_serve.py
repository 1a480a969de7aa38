"""`quizapp serve`: a real server on a free loopback port, fetched over HTTP, then stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tui_support import loaded, make_app

from quizapp.tui.app import Start
from quizapp.tui.screens.profiles import NameScreen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_a_browser_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    script = Path(sys.executable).with_name("quizapp")
    server = subprocess.Popen(
        [str(script), "--data-dir", str(tmp_path), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        page = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = (response.status, response.read().decode())
                    break
            except OSError:
                time.sleep(0.1)
        assert page is not None, server.stdout.read1().decode() if server.stdout else ""
        status, html = page
        assert status == 200 and "quizapp" in html and "<html" in html.lower()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


async def test_a_served_app_asks_the_students_name_and_uses_that_profile(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data", Start("serve"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, NameScreen)
        assert "default" not in str(app.screen.query_one("#profile-box").render())
        await pilot.press(*"Ann Lee", "enter")
        await pilot.pause()
        assert app.profile.name == "Ann Lee" and type(app.screen).__name__ == "HomeScreen"
