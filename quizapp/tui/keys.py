"""Keys handled one at a time, in the order they were typed, on the screens where a student answers.

Textual hands a key to the focused widget's own queue and runs most bindings only once the key has
bubbled back up to the app, so a fast typist's next key can be handled before the last one: an
`enter` graded an answer before the digit typed just before it had picked anything, and keys typed
while the next question was being mounted went to the old one. On a screen that sets
`KEYS_IN_ORDER`, the app instead handles each key to the end (the focused widget and its parents,
then the bindings, awaiting any action, such as showing the next question) before it looks at the
next one. A screen that has only just been opened (pushed, its first question still being
mounted) is waited for first: a key typed just after the one that opened it would otherwise find no
question to go to, and be lost. This leans on Textual internals (`_check_bindings`,
`_get_dispatch_methods`, `_mounted_event`, `_closed`): the version is pinned in constraints.txt, and
tests/test_tui_answer_keys.py types whole sessions ahead to check it.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual._callback import invoke
from textual.app import App
from textual.screen import Screen


def wants_keys_in_order(screen: Screen[Any]) -> bool:
    """Whether `screen` asks for its keys to be handled strictly in order."""
    return bool(getattr(screen, "KEYS_IN_ORDER", False))


async def handle_in_order(app: App[Any], event: events.Key) -> None:
    """Handle `event` to the end before returning: priority bindings, then the focused widget and
    each of its parents up to the screen (their key handlers), then the other bindings.

    On a screen still being opened, the key first waits for it to be up (its `on_mount` done: the
    first question mounted and focused). The key then goes to whatever screen is on top by then, as
    Textual would send it if that one does not take its keys in order (an exam with no questions
    closes itself at once)."""
    screen = app.screen
    while not (screen.is_mounted or screen._closed):  # (closed: never to be mounted, the app ending)
        await screen._mounted_event.wait()
        screen = app.screen
        if not wants_keys_in_order(screen):
            await App.on_event(app, event)
            return
    if await app._check_bindings(event.key, priority=True):
        return
    screen = app.screen
    node = app.focused or screen
    for target in node.ancestors_with_self:
        for _cls, method in target._get_dispatch_methods(event.handler_name, event):
            await invoke(method, event)
        if event._stop_propagation or target is screen:
            break
    if not event._stop_propagation:
        await app._check_bindings(event.key)
