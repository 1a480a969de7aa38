"""Anki's own scheduler backend (the `anki` package, a benchmark-only extra) on the same profile.

Builds an Anki collection with the generated profile's decks, cards (states, FSRS memory, due
dates) and review log, FSRS switched on and the daily limits as high as quizapp's in the benchmark;
then times the operations quizapp is compared on, the same way: answer → next card, the due counts
of every deck (Anki's deck due tree, which its home screen shows), and the FSRS optimiser.

The optimisers see the same history. Anki's log holds each review with its rating and kind
(learning, review, relearning: from the card's state before it), and Anki turns it into items as
quizapp does: one for each review a study day or more after the card's previous one (same-day
reviews stay inside the later items' histories, with 0 days), days counted from a 4 AM rollover in
local time (Anki's as whole 86,400 s back from its next rollover: an hour off across a daylight-saving
change), the first review of a card predicting nothing. What Anki drops and quizapp's history
does not hold: cards without learning entries, history before a reset, manual reschedules and cram
reviews. Both count the same items (checked in `optimizer_figures`), and Anki's evaluator and
fsrs-rs's give the same log loss for the same parameters, within 0.00003 (Anki orders the items by
time, quizapp by day, and both weigh later items more).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from anki.collection import AddNoteRequest, Collection
from anki.scheduler.v3 import CardAnswer

from quizapp.days import StudyDayCounter, utc_now
from quizapp.deck.discovery import load_catalog
from quizapp.places import Place
from quizapp.study.optimizer import history_items, log_loss
from quizapp.study.progress import CardState
from quizapp.study.scheduling import SchedulerSettings
from quizapp.study.store import DATABASE_NAME, Store

from . import engine_speed
from .generate import PROFILE

WARM_UP = 50
# What Anki's deck options search when the Optimize button is pressed for the preset "Default",
# which every benchmark deck uses (with Anki's one relearning step, and no health check).
OPTIMIZED_CARDS = 'preset:"Default" -is:suspended'
RELEARNING_STEPS = 1
ANKI_TYPE = {CardState.LEARNING: (1, 1), CardState.REVIEW: (2, 2), CardState.RELEARNING: (3, 1)}  # (type, queue)
# The revlog's kind of review from the card's state before it: Anki's optimiser learns only from
# cards whose log holds learning entries (it starts each card's history at its last learning steps).
REVLOG_KIND = {CardState.NEW: 0, CardState.LEARNING: 0, CardState.REVIEW: 1, CardState.RELEARNING: 2}


def build_collection(generated: Path, target: Path) -> Path:
    """An Anki collection mirroring the generated profile, written to `target` (replaced if present)."""
    target.unlink(missing_ok=True)
    col = Collection(str(target))
    col.set_config("fsrs", True)
    basic = col.models.by_name("Basic")
    store = Store.open(generated / DATABASE_NAME)
    profile = store.profile(PROFILE, utc_now())
    catalog = load_catalog([Place(generated / "decks", True)])
    crt_day = dt.datetime.fromtimestamp(col.crt, dt.timezone.utc).date()
    card_of: dict[int, int] = {}  # quizapp card id -> anki card id
    updates = []
    parent = col.decks.id("bench")
    for loaded in catalog.decks:
        deck_id = col.decks.id(f"bench::{loaded.id}")
        config = col.decks.config_dict_for_deck_id(deck_id)
        config["new"]["perDay"], config["rev"]["perDay"] = 9999, 99999
        col.decks.update_config(config)
        requests = []
        for question in loaded.deck.questions:
            note = col.new_note(basic)
            note["Front"], note["Back"] = question.id or "", "back"
            requests.append(AddNoteRequest(note=note, deck_id=deck_id))
        col.add_notes(requests)
        anki_ids = dict(
            col.db.all("SELECT n.sfld, c.id FROM cards c JOIN notes n ON c.nid = n.id WHERE c.did = ?", deck_id)
        )
        for question_id, progress in store.deck_progress(profile.id, loaded.id).items():
            anki_id = anki_ids[question_id]
            card_of[progress.card_id] = anki_id
            kind, queue = ANKI_TYPE[progress.state]
            due = progress.due or utc_now()
            anki_due = (due.date() - crt_day).days if progress.state is CardState.REVIEW else int(due.timestamp())
            interval = max(1, (due - (progress.last_review or due)).days)
            data = json.dumps({"s": progress.stability, "d": progress.difficulty})
            updates.append((kind, queue, anki_due, interval, progress.reps, progress.lapses, data, anki_id))
    col.decks.select(parent)  # Anki studies the selected deck and its children
    col.close()
    store.close()
    taken: set[int] = set()
    revlog = []
    for card_id, millis, rating, before in review_log(generated / DATABASE_NAME, profile.id):
        while millis in taken:  # revlog ids are times in ms and must be unique
            millis += 1
        taken.add(millis)
        revlog.append((millis, card_of[card_id], rating, REVLOG_KIND[CardState(before)]))
    # Anki's own executemany commits row by row (minutes for a million rows); the collection is a
    # SQLite file, so the states and the log are written straight into it in one transaction.
    with sqlite3.connect(target) as db:
        db.executemany(
            "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = 2500, reps = ?, lapses = ?, left = 1, "
            "data = ? WHERE id = ?",
            updates,
        )
        db.executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, 1, 1, 2500, 4000, ?)",
            revlog,
        )
    db.close()
    return target


def review_log(database: Path, profile_id: int) -> list[tuple[int, int, int, int]]:
    """The reviews `Store.study_history` gives the optimiser (the same rows, in the same order), each
    with the card's state before it, which Anki's log records and quizapp's optimiser does not need."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        return db.execute(
            "SELECT card_id, reviewed_ms, rating, before_state FROM reviews WHERE profile_id = ? "
            "AND card_id IS NOT NULL AND mode = 'study' AND rating IS NOT NULL ORDER BY card_id, reviewed_ms",
            (profile_id,),
        ).fetchall()


def due_tree_ms(collection: Path, runs: int = 15) -> float:
    """Anki's median milliseconds for its deck due tree (the due counts its home screen shows)."""
    col = Collection(str(collection))
    col.sched.deck_due_tree()
    tree = []
    for _ in range(runs):
        started = time.perf_counter()
        col.sched.deck_due_tree()
        tree.append((time.perf_counter() - started) * 1000)
    col.close(downgrade=False)
    return statistics.median(tree)


def answer_timings(collection: Path) -> Iterator[float]:
    """Anki's milliseconds from answering each card Good to having the next, as its review screen
    does it: the next card comes from the queue with its four scheduling states worked out, and the
    answer is built from those states (the older `answerCard` works them out once more and reloads the
    card, which the review screen does not). For as long as the caller takes them (the collection is
    closed when the caller stops)."""
    from anki.cards import Card  # (imported first, anki.cards fails: it imports anki.collection, which imports it)

    col = Collection(str(collection))
    try:
        queued = col.sched.get_queued_cards()
        while queued.cards:
            started = time.perf_counter()
            top = queued.cards[0]
            card = Card(col, backend_card=top.card)
            card.start_timer()
            col.sched.answer_card(col.sched.build_answer(card=card, states=top.states, rating=CardAnswer.GOOD))
            queued = col.sched.get_queued_cards()
            yield (time.perf_counter() - started) * 1000
    finally:
        col.close(downgrade=False)


def answer_race(
    generated: Path, collection: Path, scratch: Path, rounds: int, per_round: int, warm_up: int = WARM_UP
) -> dict[str, float]:
    """quizapp's answer → next and Anki's, in turns: after `warm_up` answers each, `rounds` rounds of
    `per_round` answers of each, which goes first turning round by round, each on its own copy of the
    same cards. Timed one after the other, minutes apart, they had met the machine in different moods
    (a durable commit waits for the disk, whose speed here drifts by a tenth within minutes); in turns,
    both meet the same. quizapp is timed twice: as the study screen runs it (a question's outcomes
    worked out once it is shown, while the student reads it: untimed), and with that preparing timed
    as part of having the next question, as Anki works out the next card's states in fetching it.
    Stops early when one has no card left (Anki shows a relearning card only once it is due, quizapp
    those due today: Anki's collection has some three hundred)."""
    anki_copy = scratch / "collection.anki2"
    prepared_copy = scratch / "prepared"
    work = engine_speed.copy_profile(generated, scratch / "quizapp")
    engine_speed.copy_profile(generated, prepared_copy)
    shutil.copyfile(collection, anki_copy)
    with open(anki_copy, "rb+") as copied:  # on the disk now, as copy_profile does for quizapp's
        os.fsync(copied.fileno())
    runners = {
        "answer_next_ms_median": engine_speed.answer_timings(work),
        "answer_next_prepared_ms_median": engine_speed.answer_timings(prepared_copy, prepare_timed=True),
        "anki_answer_next_ms_median": answer_timings(anki_copy),
    }
    timings: dict[str, list[float]] = {name: [] for name in runners}
    for runner in runners.values():
        list(itertools.islice(runner, warm_up))
    order = list(runners)
    for _ in range(rounds):
        taken = {name: list(itertools.islice(runners[name], per_round)) for name in order}
        for name, values in taken.items():
            timings[name] += values
        order = order[1:] + order[:1]
        if min(map(len, taken.values())) < per_round:
            break
    for runner in runners.values():
        runner.close()
    shutil.rmtree(scratch, ignore_errors=True)
    figures = {name: statistics.median(values) for name, values in timings.items()}
    figures["answer_next_ms_p95"] = engine_speed.percentile(timings["answer_next_ms_median"], 0.95)
    figures["answers_in_turns"] = min(map(len, timings.values()))  # each, at the least
    return figures


def anki_optimize(col: Collection, current: Sequence[float]) -> tuple[float, tuple[float, ...], int]:
    """Seconds for Anki's FSRS parameter search over the collection's review log (reading the log,
    fitting, and keeping the current parameters unless the fit predicts the log better), its
    parameters, and how many items it learnt from."""
    started = time.perf_counter()
    # The backend call Anki's deck options make (`col.backend` is the same object, with a warning).
    response = col._backend.compute_fsrs_params(
        search=OPTIMIZED_CARDS,
        current_params=current,
        ignore_revlogs_before_ms=0,
        num_of_relearning_steps=RELEARNING_STEPS,
        health_check=False,
    )
    return time.perf_counter() - started, tuple(response.params), response.fsrs_items


def anki_log_loss(col: Collection, parameters: Sequence[float]) -> float:
    """The log loss of `parameters` on the collection's review log, by Anki's own evaluator."""
    evaluation = col._backend.evaluate_params_legacy(
        params=parameters, search=OPTIMIZED_CARDS, ignore_revlogs_before_ms=0
    )
    return float(evaluation.log_loss)


def optimizer_figures(generated: Path, collection: Path, scratch: Path, runs: int = 3) -> dict[str, float]:
    """quizapp's optimiser (the whole `quizapp optimize` process) and Anki's (its backend call, the
    collection open) on the same reviews, timed in turns, medians of `runs`; and the log loss of the
    parameters each ends with, on every one of those reviews.

    The log losses come from one evaluator, fsrs-rs's, on quizapp's items of the whole history in
    the same order (it weighs later items more): the same code and the same reviews score both
    parameter sets, so the figures differ only by the parameters (Anki's optimiser is the same
    fsrs-rs). Anki's own evaluator, on its log, is reported beside them (`..._by_anki`): it agrees,
    which shows the two histories are the same."""
    current = SchedulerSettings().parameters
    col = Collection(str(collection))
    ours_seconds, anki_seconds = [], []
    for _ in range(runs):
        seconds, ours = engine_speed.optimize(generated, scratch)
        ours_seconds.append(seconds)
        seconds, theirs, anki_items = anki_optimize(col, current)
        anki_seconds.append(seconds)
    shutil.rmtree(scratch, ignore_errors=True)
    store = Store.open(generated / DATABASE_NAME)
    items = history_items(store.study_history(store.profile(PROFILE, utc_now()).id, StudyDayCounter()))
    store.close()
    if anki_items != len(items):
        print(f"Anki's optimiser saw {anki_items} items, quizapp's {len(items)}: not the same reviews", file=sys.stderr)
    figures = {
        "optimize_s": statistics.median(ours_seconds),
        "anki_optimize_s": statistics.median(anki_seconds),
        "optimize_log_loss": log_loss(ours, items),
        "anki_optimize_log_loss": log_loss(theirs, items),
        "optimize_log_loss_by_anki": anki_log_loss(col, ours),
        "anki_optimize_log_loss_by_anki": anki_log_loss(col, theirs),
    }
    col.close(downgrade=False)
    figures["optimize_ratio"] = figures["optimize_s"] / figures["anki_optimize_s"]
    return figures


if __name__ == "__main__":
    # The optimisers alone: python -m benchmarks.anki_side PROFILE [COLLECTION], on a generated profile
    # (benchmarks/.cache/profile-*) and an Anki collection built from it (built when missing).
    generated = Path(sys.argv[1])
    built = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/quizapp-bench-anki.anki2")
    if not built.exists():
        build_collection(generated, built)
    for name, value in optimizer_figures(generated, built, Path("/tmp/quizapp-bench-scratch")).items():
        print(f"{name:32} {value:10.5f}")
