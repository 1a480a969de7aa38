"""One app process per browser, without a fresh interpreter each: a fork server for `quizapp serve`.

textual-serve starts one process per browser with a shell command. Started as `python -m quizapp`,
each would import Textual, pydantic, py-fsrs and the app again: a second and a half of a core and
some 50 MB each, which a class arriving at once cannot wait for (17 s to the first screen for 30
students on two cores, issue #17). So `quizapp serve` first forks a *fork server*, which imports all
of that once (`preload`) and then waits on a Unix socket; the command textual-serve runs is a tiny
launcher (`launcher.py`, standard library only, started with `python -I -S`: some 20 ms), which hands
its standard input, output and error to the fork server over that socket. The fork server forks a
child that takes them over and runs the app (`run_child`): it starts with everything imported, and
shares those pages with its siblings until it writes to them.

The protocol, one connection per browser:

1. the launcher sends, with its file descriptors 0, 1 and 2 attached (SCM_RIGHTS), a 4-byte length
   and a JSON object `{"argv": [...], "env": {...}}` (the command's arguments and its environment:
   the terminal size textual-serve chose is in COLUMNS and ROWS);
2. the fork server answers `pid N\\n` (the launcher passes the signals it gets on to that process);
3. when the child ends, `exit CODE\\n`, and closes the connection; the launcher exits with CODE.

Each child is an ordinary process of its own: one that crashes or is killed ends only its browser's
session. The fork server ends when `quizapp serve` does (it checks its parent every second); the
children then see their browser's pipes close and end too, with every answer already committed.
The environment Textual reads once, as it is imported (its driver, colours, frame rate), is set in
the fork server before `preload`, to what textual-serve gives every app (`APP_ENVIRONMENT`).
On a system without `fork` (Windows), `quizapp serve` runs each app with a fresh interpreter as before.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import selectors
import signal
import socket
import struct
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = Path(__file__).with_name("launcher.py")
HEADER = struct.Struct(">I")
MAX_REQUEST_BYTES = 1 << 20  # an environment and a few arguments: far less
REQUEST_SECONDS = 5.0  # how long the fork server waits for a launcher's request
ALIVE_CHECK_SECONDS = 1.0  # how often the fork server looks whether `quizapp serve` is still there

# What textual-serve sets for every app it runs (textual_serve/app_service.py), read by Textual as it is
# imported: the fork server must have it before `preload`.
APP_ENVIRONMENT = {
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}


def can_fork() -> bool:
    """Whether this system can run the fork server (POSIX, with Unix sockets and descriptor passing)."""
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds")


@dataclass(frozen=True)
class ForkServer:
    """A running fork server: where it listens, and its process."""

    socket_path: Path
    pid: int

    def launch_words(self, python: str, arguments: Sequence[str]) -> list[str]:
        """The command (as words) textual-serve runs for each browser: the launcher, then the app's
        arguments, which `run_child` is given as its argv."""
        return [python, "-I", "-S", str(LAUNCHER), str(self.socket_path), *arguments]

    def stop(self) -> None:
        """End the fork server (its children go on until their browsers leave), and remove its socket."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        with contextlib.suppress(OSError):
            self.socket_path.parent.rmdir()


def start_fork_server(preload: Callable[[], None], run_child: Callable[[list[str]], int]) -> ForkServer:
    """Fork the fork server from this process (call it before any thread or event loop is started):
    it runs `preload` once, then for each launcher that connects forks a child running
    `run_child(argv)`, whose return value is the child's exit code."""
    folder = Path(tempfile.mkdtemp(prefix="quizapp-serve-"))  # private: mode 0700
    socket_path = folder / "fork.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(socket_path))
    listener.listen(128)  # a whole class may arrive within a second
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the fork server: it never returns into the caller's code
        code = 0
        try:
            _serve_forks(listener, parent, preload, run_child)
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 70
        finally:
            os._exit(code)
    listener.close()
    return ForkServer(socket_path, pid)


def _serve_forks(
    listener: socket.socket, parent: int, preload: Callable[[], None], run_child: Callable[[list[str]], int]
) -> None:
    """The fork server's life: preload, then fork a child per launcher until `quizapp serve` ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c in serve's terminal: serve ends, then this
    stop_requested = False

    def on_term(_signal: int, _frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGTERM, on_term)
    os.environ.update(APP_ENVIRONMENT)
    preload()
    gc.collect()
    gc.freeze()  # what preload made is never scanned again by the children, so its pages stay shared
    wake_reader, wake_writer = socket.socketpair()
    wake_reader.setblocking(False)
    wake_writer.setblocking(False)
    signal.signal(signal.SIGCHLD, lambda _signal, _frame: None)  # a handler, so the wakeup fd is written
    signal.set_wakeup_fd(wake_writer.fileno())
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "connect")
    selector.register(wake_reader, selectors.EVENT_READ, "wake")
    children: dict[int, socket.socket] = {}  # each child's process id: its launcher's connection
    while not stop_requested and os.getppid() == parent:
        for key, _events in selector.select(ALIVE_CHECK_SECONDS):
            if key.data == "connect":
                _accept(listener, children, (listener, wake_reader, wake_writer), run_child)
            else:
                with contextlib.suppress(BlockingIOError):
                    wake_reader.recv(4096)
        _reap(children)


def _accept(
    listener: socket.socket,
    children: dict[int, socket.socket],
    inherited: tuple[socket.socket, ...],
    run_child: Callable[[list[str]], int],
) -> None:
    """Take one launcher's request and fork its child; a malformed request is dropped."""
    connection, _address = listener.accept()
    # The launcher sends at once; one that does not (stopped, or not a launcher) must not hold up
    # every browser behind it.
    connection.settimeout(REQUEST_SECONDS)
    try:
        argv, environment, descriptors = _read_request(connection)
    except (OSError, ValueError) as error:
        print(f"quizapp serve: a browser's app could not start: {error}", file=sys.stderr, flush=True)
        connection.close()
        return
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            for own in (*inherited, *children.values(), connection):
                own.close()
            code = _become_app(argv, environment, descriptors, run_child)
        finally:
            os._exit(code)
    for descriptor in descriptors:
        os.close(descriptor)
    children[pid] = connection
    with contextlib.suppress(OSError):
        connection.sendall(f"pid {pid}\n".encode())


def _read_request(connection: socket.socket) -> tuple[list[str], dict[str, str], list[int]]:
    """A launcher's argv, environment and standard descriptors (0, 1, 2)."""
    data, descriptors, _flags, _address = socket.recv_fds(connection, 65536, 3)
    try:
        if len(descriptors) != 3:
            raise ValueError("the launcher did not pass its standard input, output and error")
        if len(data) < HEADER.size:
            raise ValueError("the launcher's request was cut short")
        (length,) = HEADER.unpack_from(data)
        if length > MAX_REQUEST_BYTES:
            raise ValueError("the launcher's request is too long")
        body = data[HEADER.size :]
        while len(body) < length:
            more = connection.recv(length - len(body))
            if not more:
                raise ValueError("the launcher's request was cut short")
            body += more
        request = json.loads(body[:length])
        argv = request["argv"]
        environment = request["env"]
        if not (isinstance(argv, list) and all(isinstance(word, str) for word in argv)):
            raise ValueError("the launcher's argv is not a list of strings")
        if not (isinstance(environment, dict) and all(isinstance(v, str) for v in environment.values())):
            raise ValueError("the launcher's environment is not a table of strings")
    except (ValueError, KeyError, TypeError):
        for descriptor in descriptors:
            os.close(descriptor)
        raise
    return argv, environment, descriptors


def _become_app(
    argv: list[str], environment: dict[str, str], descriptors: list[int], run_child: Callable[[list[str]], int]
) -> int:
    """In the forked child: take over the launcher's standard streams and environment, run the app."""
    signal.set_wakeup_fd(-1)
    for number in (signal.SIGCHLD, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, descriptor in enumerate(descriptors):
        os.dup2(descriptor, target)
        os.close(descriptor)
    os.environ.clear()
    os.environ.update(environment)
    try:
        return run_child(argv)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()


def _reap(children: dict[int, socket.socket]) -> None:
    """Tell each launcher whose child has ended how it ended, and forget it."""
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = children.pop(pid, None)
        if connection is None:
            continue
        code = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(OSError):
            connection.sendall(f"exit {code if code >= 0 else 128 - code}\n".encode())
        connection.close()
