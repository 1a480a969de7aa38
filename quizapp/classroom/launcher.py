"""The command `quizapp serve` has textual-serve run for each browser, when it runs a fork server
(prefork.py): hand this process's standard streams and environment to the fork server, which forks
the browser's app from an interpreter that has everything imported already, and end as that app ends.

Run as `python -I -S launcher.py SOCKET ARGUMENT...`: standard library only, imported from nowhere,
so that it starts in some 20 ms. If the fork server cannot be reached, the app is run the old way,
in this process (`python -m quizapp ARGUMENT...`), slower to start but the same app.
"""

import contextlib
import json
import os
import signal
import socket
import struct
import sys


def main() -> None:
    """Ask the fork server for the app, pass signals on to it, and exit with its exit code."""
    socket_path, arguments = sys.argv[1], sys.argv[2:]
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(socket_path)
        request = json.dumps({"argv": arguments, "env": dict(os.environ)}).encode()
        socket.send_fds(connection, [struct.pack(">I", len(request)) + request], [0, 1, 2])
        replies = connection.makefile("rb")
        first = replies.readline().split()
        if first[:1] != [b"pid"]:
            raise OSError("the fork server did not start the app")
    except OSError:
        connection.close()
        os.execv(sys.executable, [sys.executable, "-m", "quizapp", *arguments])
    app = int(first[1])

    def pass_on(number: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(app, number)

    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, pass_on)
    # The app holds the streams now: this process lets go of them, so that they close when the app ends
    # (keeping a copy of the way to the browser, for the one message below).
    browser = os.dup(1)
    empty = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1):
        os.dup2(empty, stream)
    last = replies.readline().split()
    code = int(last[1]) if last[:1] == [b"exit"] else 70
    if code >= 128 or last[:1] != [b"exit"]:  # killed: it could not tell the browser it has ended
        with contextlib.suppress(OSError):
            os.write(browser, ended_packets())
    sys.exit(code)


def ended_packets() -> bytes:
    """What an app that ends says to textual-serve (its packets: a type byte, a 4-byte length, the
    data): a last screen, then "exit", on which the server closes the page's connection."""
    screen = (
        b"\x1b[0m\x1b[2J\x1b[H"
        b"This session stopped unexpectedly. Every answer you gave is saved.\r\n"
        b"Reload the page to sign in again.\r\n"
    )
    meta = json.dumps({"type": "exit"}).encode()
    return b"D" + struct.pack(">I", len(screen)) + screen + b"M" + struct.pack(">I", len(meta)) + meta


if __name__ == "__main__":
    main()
