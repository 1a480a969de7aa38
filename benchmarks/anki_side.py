"""Anki's own scheduler backend (the `anki` package, a benchmark-only extra) on the same profile.

Builds an Anki collection with the generated profile's decks, cards (states, FSRS memory, due
dates) and review log, FSRS switched on and the daily limits as high as quizapp's in the benchmark;
then times the two operations quizapp is compared on, the same way: answer → next card, and the
due counts of every deck (Anki's deck due tree, which its home screen shows).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
import time
from pathlib import Path

from anki.collection import AddNoteRequest, Collection

from quizapp.days import utc_now
from quizapp.deck.discovery import load_catalog
from quizapp.places import Place
from quizapp.study.progress import CardState
from quizapp.study.store import DATABASE_NAME, Store

from .generate import PROFILE

WARM_UP = 50
ANKI_TYPE = {CardState.LEARNING: (1, 1), CardState.REVIEW: (2, 2), CardState.RELEARNING: (3, 1)}  # (type, queue)


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
    taken: set[int] = set()
    revlog = []
    for card_id, millis, rating in store.study_history(profile.id):
        while millis in taken:  # revlog ids are times in ms and must be unique
            millis += 1
        taken.add(millis)
        revlog.append((millis, card_of[card_id], rating))
    store.close()
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
            "VALUES (?, ?, -1, ?, 1, 1, 2500, 4000, 1)",
            revlog,
        )
    db.close()
    return target


def measure(collection: Path, answers: int = 1000, runs: int = 15) -> dict[str, float]:
    """Anki's median answer → next (ms) and deck due tree (ms) on the collection."""
    col = Collection(str(collection))
    col.sched.deck_due_tree()
    tree = []
    for _ in range(runs):
        started = time.perf_counter()
        col.sched.deck_due_tree()
        tree.append((time.perf_counter() - started) * 1000)
    timings = []
    card = col.sched.getCard()
    for number in range(answers + WARM_UP):
        if card is None:
            break
        started = time.perf_counter()
        col.sched.answerCard(card, 3)
        card = col.sched.getCard()
        if number >= WARM_UP:
            timings.append((time.perf_counter() - started) * 1000)
    col.close(downgrade=False)
    return {"anki_answer_next_ms_median": statistics.median(timings), "anki_due_counts_ms": statistics.median(tree)}
