"""Build a realistic profile for the benchmarks with quizapp's own code.

    python -m benchmarks.generate --data-dir DIR --cards 100000 --reviews 1000000 [--questions 10000]

Writes decks of every question type to DIR/decks/ (one of --questions questions, the rest of equal
size, --cards questions in all) and a progress database in which a simulated student has studied
the cards over the past year with quizapp's FSRS scheduler: --reviews reviews in all (cards begun
early in the year have more; the last cards are still new), their states as those reviews left them. Seeded: the same arguments give the same profile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from quizapp.study.progress import CardState, Progress, Rating
from quizapp.study.scheduling import Scheduler, SchedulerSettings
from quizapp.study.store import DATABASE_NAME, Store

from .decks import write_deck

PROFILE = "default"
SEED = 2026
RECALL_WHEN_LEARNING = 0.8


def deck_sizes(cards: int, questions: int) -> list[int]:
    """One deck of `questions` questions, then decks of the same size (the last smaller) up to `cards`."""
    sizes = [min(questions, cards)]
    while sum(sizes) < cards:
        sizes.append(min(questions, cards - sum(sizes)))
    return sizes


def simulate_card(
    scheduler: Scheduler, rng: random.Random, start: dt.datetime, reviews: int, now: dt.datetime
) -> tuple[Progress, list[tuple[int, int, int]]]:
    """Up to `reviews` reviews of one card from `start`, each when it fell due, stopping at `now`."""
    progress, moment, log = Progress(card_id=0), start, []
    for _ in range(reviews):
        if moment >= now:
            break
        chance = (
            scheduler.retrievability(progress, moment) if progress.state is CardState.REVIEW else RECALL_WHEN_LEARNING
        )
        rating = Rating.GOOD if rng.random() < chance else Rating.AGAIN
        log.append((int(moment.timestamp() * 1000), int(rating), int(progress.state)))
        progress = scheduler.review(progress, rating, moment)
        moment = (progress.due or moment) + dt.timedelta(minutes=rng.randint(0, 600))
    return progress, log


def generate(data_dir: Path, cards: int, reviews: int, questions: int, now: dt.datetime) -> None:
    """Write the decks and the progress database of a generated profile into `data_dir`."""
    rng = random.Random(SEED)
    (data_dir / "decks").mkdir(parents=True, exist_ok=True)
    database = data_dir / DATABASE_NAME
    for suffix in ("", "-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    store = Store.open(database)
    profile = store.profile(PROFILE, now)
    scheduler = Scheduler(SchedulerSettings(), rng)
    # Each card may take up to three times the average, from a shared budget: cards begun early in
    # the year have had more reviews; once the budget is spent the remaining cards are new.
    cap = 3 * max(1, reviews // max(1, cards))
    budget = reviews
    card_rows, review_rows = [], []
    year_ago = now - dt.timedelta(days=365)
    for index, size in enumerate(deck_sizes(cards, questions)):
        deck_id = f"bench-{index:02d}"
        write_deck(data_dir / "decks" / f"{deck_id}.toml", size, deck_id)
        for question in range(size):
            start = year_ago + dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60 - 1))
            progress, log = simulate_card(scheduler, rng, start, min(cap, budget), now)
            budget -= len(log)
            question_id = f"q{question:05d}"
            if log:
                card_rows.append((deck_id, question_id, progress))
                review_rows += [
                    (deck_id, question_id, millis, rating, float(rating > 1), before) for millis, rating, before in log
                ]
    store.bulk_load(profile.id, card_rows, review_rows)
    store.close()


def main(argv: list[str] | None = None) -> int:
    """The command line of the generator."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=10_000, help="size of the largest deck")
    options = parser.parse_args(argv)
    started = time.perf_counter()
    generate(options.data_dir, options.cards, options.reviews, options.questions, dt.datetime.now(dt.timezone.utc))
    print(
        f"generated {options.cards} cards and up to {options.reviews} reviews in {options.data_dir} "
        f"({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
