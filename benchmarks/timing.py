"""Median wall times, the way every in-process figure of the suite is taken."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_ms(*actions: Callable[[], Any], runs: int) -> list[float]:
    """The median milliseconds of each action, after one warm-up of each.

    Several actions run in turns, so that a ratio between them is not skewed by the machine getting
    busier or quieter. What an action returns is released after its clock stops: freeing a result
    is not part of producing it.
    """
    for action in actions:
        action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, taken in zip(actions, times, strict=True):
            started = time.perf_counter()
            result = action()
            taken.append((time.perf_counter() - started) * 1000)
            del result
    return [statistics.median(taken) for taken in times]
