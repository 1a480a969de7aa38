"""The monkey test (issue #13): seeded random walks of keys through every screen of the TUI, checking
after every key that the app did not crash and that what the screen says was answered is what the
session, the store and the results files hold. The engine and its rules are in tests/monkey.py.

The suite walks seeds 1-8, 175 keys each (about 1,500 keys with the typed-ahead ones, about a minute). A longer run, by hand:

    make monkey                                       # seeds 1-40, 3,000 keys each, failures shrunk
    make monkey MONKEY_SEEDS=100-199 MONKEY_KEYS=5000
    MONKEY_REPLAY=script.json .venv/bin/python -m pytest tests/test_monkey.py -k replay

A failure names the seed, the rule broken (or the crash), the last 30 keys, and the script that
replays it (written to MONKEY_OUT, else the test's temporary folder); with MONKEY_SHRINK=1 (as
`make monkey` sets; MONKEY_SHRINK_SECONDS, default 300) it is also cut down to a short script.
Other knobs: MONKEY_TRACE=1 prints a line per key (screen, focus, state); MONKEY_IGNORE=sig,sig
counts failures whose signature starts so instead of stopping (to look past a known bug);
MONKEY_PAINT=quiet paints only once the app is idle (a failure that then goes away is a race).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from monkey import MonkeyFailure, Plan, keys_of, replay, run_walk, shrink

SUITE_SEEDS = "1-8"
SUITE_KEYS = 175
COVERAGE: Counter[str] = Counter()
FAILED: list[int] = []


def seeds(text: str) -> list[int]:
    """`1-8,20,31-33` as a list of numbers."""
    found: list[int] = []
    for part in text.replace(" ", "").split(","):
        if "-" in part:
            low, high = part.split("-")
            found += range(int(low), int(high) + 1)
        elif part:
            found.append(int(part))
    return found


SEEDS = seeds(os.environ.get("MONKEY_SEEDS", SUITE_SEEDS))
KEYS = int(os.environ.get("MONKEY_KEYS", SUITE_KEYS))
SHRINK_SECONDS = float(os.environ.get("MONKEY_SHRINK_SECONDS", "300")) if os.environ.get("MONKEY_SHRINK") else 0.0


async def report(failure: MonkeyFailure, plan: Plan, actions: list, tmp_path: Path) -> str:
    """The failure, its replay script written out, and (with MONKEY_SHRINK) a shorter script."""
    lines = [str(failure)]
    folder = Path(os.environ.get("MONKEY_OUT") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / f"monkey-seed{plan.seed}.json"
    script.write_text(json.dumps({"plan": plan.__dict__, "actions": actions}), encoding="utf-8")
    lines.append(
        f"  replay ({len(actions)} actions): MONKEY_REPLAY={script} "
        f".venv/bin/python -m pytest tests/test_monkey.py -k replay"
    )
    if SHRINK_SECONDS:
        short = await shrink(tmp_path / "shrinking", plan, actions, failure.signature, SHRINK_SECONDS)
        shrunk = folder / f"monkey-seed{plan.seed}-shrunk.json"
        shrunk.write_text(json.dumps({"plan": plan.__dict__, "actions": short}), encoding="utf-8")
        lines.append(f"  shrunk to {len(short)} actions: {keys_of(short)}")
        lines.append(f"  replay: MONKEY_REPLAY={shrunk} .venv/bin/python -m pytest tests/test_monkey.py -k replay")
    return "\n".join(lines)


@pytest.mark.parametrize("seed", SEEDS)
async def test_a_random_walk_breaks_nothing(seed: int, tmp_path: Path) -> None:
    plan = Plan.for_seed(seed, KEYS)
    try:
        walk = await run_walk(tmp_path / "walk", plan)
    except MonkeyFailure as error:
        failure = error
    else:
        failure = None
    if failure is not None:
        FAILED.append(seed)
        pytest.fail(await report(failure, plan, failure.actions, tmp_path), pytrace=False)
    COVERAGE.update(walk.referee.coverage)
    for signature, message in walk.referee.ignored.items():
        print(f"seed {seed}: ignored {signature}: {message}")
    print(
        f"seed {seed}: {len(walk.keys)} keys, {walk.runs} app runs ({walk.exits} exits, {walk.restarts} restarts); "
        f"{dict(walk.referee.coverage)}"
    )


@pytest.mark.skipif("MONKEY_REPLAY" not in os.environ, reason="MONKEY_REPLAY names a script to replay")
async def test_replay(tmp_path: Path) -> None:
    source = os.environ["MONKEY_REPLAY"]
    document = json.loads(Path(source).read_text(encoding="utf-8") if not source.lstrip().startswith("{") else source)
    plan = Plan(**{**document["plan"], "size": tuple(document["plan"]["size"])})
    failure = await replay(tmp_path, plan, document["actions"])
    assert failure is None, str(failure)


# What the suite's walks reach between them: if a change of keys or screens makes the monkey stop
# getting somewhere, this says where (re-weight Monkey.choose, or fix the app if the way is gone).
REACHED = [
    "HomeScreen",
    "StudyScreen",
    "study feedback",
    "flashcard rated",
    "study session end",
    "ReadingScreen",
    "PreviewScreen",
    "StatsScreen",
    "SettingsScreen",
    "ProfileScreen",
    "HelpScreen",
    "CommandPalette",
    "exam",
    "exam review",
    "exam submitted",
    "exam results",
    "results file",
    "resume dialog",
    "exam resumed with answers",
    "feedback's answer given checked",
    "review count checked",
    *(
        f"study answered {kind}"
        for kind in ("choice", "multi", "truefalse", "short", "numeric", "cloze", "order", "match", "flashcard")
    ),
    *(
        f"exam answered {kind}"
        for kind in ("choice", "multi", "truefalse", "short", "numeric", "cloze", "order", "match")
    ),
]


def test_the_walks_reach_every_screen() -> None:
    if FAILED or set(SEEDS) != set(seeds(SUITE_SEEDS)) or KEYS != SUITE_KEYS or not COVERAGE:
        pytest.skip("only after the suite's own walks have all passed")
    missing = [place for place in REACHED if not COVERAGE[place]]
    assert not missing, f"the monkey's walks no longer reach {missing} (they reached {dict(COVERAGE)})"
