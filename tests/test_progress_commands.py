"""`stats`, `optimize`, `doctor` and backups, through the command line."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORE

from quizapp.cli import main
from quizapp.study.backups import backup_if_due
from quizapp.study.progress import Progress, Rating
from quizapp.study.scheduling import Scheduler, SchedulerSettings
from quizapp.study.store import DATABASE_NAME, Answer, Store

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(folder))
    monkeypatch.delenv("QUIZAPP_DECKS", raising=False)
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def study_history(store: Store, profile_id: int, cards: int, seed: int = 1) -> None:
    """Months of reviews of a student who forgets as FSRS predicts."""
    rng = random.Random(seed)
    scheduler = Scheduler(SchedulerSettings(), rng)
    for card in range(cards):
        progress, now = Progress(card_id=0), T0 + dt.timedelta(minutes=card)
        for _ in range(8):
            chance = scheduler.retrievability(progress, now) if progress.reps else 0.5
            rating = Rating.GOOD if rng.random() < max(chance, 0.3) else Rating.AGAIN
            answer = Answer(profile_id, "nk-russia-core", f"q{card}", now, "study", int(rating), 1.0, None, 5000)
            _, progress = store.record(
                answer, lambda before, rating=rating, now=now: scheduler.review(before, rating, now)
            )
            now = progress.due + dt.timedelta(hours=rng.randint(0, 30))


def test_stats_json_is_the_contract(data: Path, capsys) -> None:
    code, out, _ = run(capsys, "stats", "--json", "nk-russia-core")
    report = json.loads(out)
    assert code == 0 and report["profile"] == "default" and len(report["today"]) == 10
    assert report["decks"] == [
        {
            "id": "nk-russia-core",
            "title": "North Korea and Russia: the core facts",
            "questions": CORE,
            "new": CORE,
            "learning": 0,
            "review": 0,
            "due_today": 0,
            "reviews": 0,
            "retention": None,
            "leeches": 0,
        }
    ]


def test_stats_after_some_study(data: Path, capsys) -> None:
    run(capsys, "decks")  # listing decks creates no progress database (only the deck cache)
    assert not (data / DATABASE_NAME).exists()
    data.mkdir(parents=True, exist_ok=True)
    store = Store.open(data / DATABASE_NAME)
    ann = store.profile("ann", T0)
    scheduler = Scheduler(SchedulerSettings(), random.Random(1))
    for question_id, rating in (("shoigu-visit", Rating.GOOD), ("expo-year", Rating.AGAIN)):
        store.record(
            Answer(ann.id, "nk-russia-core", question_id, dt.datetime.now(UTC), "study", int(rating), 1.0, "x", 900),
            lambda before, rating=rating: scheduler.review(before, rating, dt.datetime.now(UTC)),
        )
    store.close()
    code, out, _ = run(capsys, "--profile", "ann", "stats", "--json", "nk-russia-core")
    deck = json.loads(out)["decks"][0]
    assert (deck["new"], deck["learning"], deck["review"], deck["due_today"], deck["reviews"]) == (CORE - 2, 2, 0, 2, 2)
    code, out, _ = run(capsys, "stats", "--profile", "ann")
    assert code == 0 and "nk-russia-core" in out and "RETENTION" in out


def test_stats_of_an_unknown_deck_is_a_one_line_error(data: Path, capsys) -> None:
    code, _, err = run(capsys, "stats", "no-such-deck")
    assert code == 1 and err == 'quizapp: error: no deck "no-such-deck" was found (quizapp decks lists them)\n'


def test_optimize_declines_without_history_and_adopts_a_better_fit(data: Path, capsys) -> None:
    code, out, _ = run(capsys, "optimize")
    assert code == 0 and "not enough history yet: 0 reviews" in out
    data.mkdir(parents=True, exist_ok=True)
    store = Store.open(data / DATABASE_NAME)
    study_history(store, store.profile("default", T0).id, cards=150)
    store.close()
    code, out, _ = run(capsys, "optimize")
    assert code == 0 and "reviews used" in out
    current = float(out.split("current parameters: ")[1].split()[0])
    fitted = float(out.split("fitted parameters:  ")[1].split()[0])
    store = Store.open(data / DATABASE_NAME)
    adopted = store.profile("default", T0).settings.fsrs_parameters
    store.close()
    assert (adopted is not None) == (fitted < current)
    assert ("adopted" in out) == (fitted < current)


def test_doctor_reports_a_sound_database(data: Path, capsys) -> None:
    data.mkdir(parents=True)
    Store.open(data / DATABASE_NAME).close()
    code, out, _ = run(capsys, "doctor")
    assert code == 0 and "integrity check: ok" in out and "decks: 3 loaded" in out


def test_a_damaged_database_is_named_left_alone_and_restored_from_a_backup(data: Path, capsys) -> None:
    data.mkdir(parents=True)
    store = Store.open(data / DATABASE_NAME)
    store.profile("ann", T0)
    backup = backup_if_due(store, data, T0)
    store.close()
    assert backup is not None and backup.exists()
    database = data / DATABASE_NAME
    database.write_bytes(b"garbage" * 100)
    code, _, err = run(capsys, "stats")
    assert code == 1 and str(database) in err and "quizapp doctor" in err and "Traceback" not in err
    assert database.read_bytes() == b"garbage" * 100
    code, out, _ = run(capsys, "doctor")
    assert code == 1 and "not a quizapp progress database" in out and backup.name in out
    assert database.read_bytes() == b"garbage" * 100
    code, out, _ = run(capsys, "doctor", "--restore", backup.name)
    assert code == 0 and "restored" in out
    kept = [path for path in data.glob("progress-replaced-*.sqlite3")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"garbage" * 100
    assert Store.open(database).profile_names() == ["ann"]
    code, _, err = run(capsys, "doctor", "--restore", "nope.sqlite3")
    assert code == 1 and "no backup" in err


def test_a_restore_waits_until_no_other_program_has_the_database_open(data: Path, capsys) -> None:
    """Moved aside under a window that has it open, the database would go on taking that window's
    answers (and its log, named after the old path, would be the new database's): refused meanwhile."""
    data.mkdir(parents=True)
    store = Store.open(data / DATABASE_NAME)
    store.profile("ann", T0)
    backup = backup_if_due(store, data, T0)
    store.close()
    assert backup is not None
    window = subprocess.Popen(  # (another process: a program's own connections never lock each other out)
        [sys.executable, "-c", WINDOW, str(data / DATABASE_NAME)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert window.stdout is not None and window.stdout.readline() == b"open\n"
        code, _, err = run(capsys, "doctor", "--restore", backup.name)
        assert code == 1 and "open in another quizapp" in err and "close it, then restore" in err
        assert not list(data.glob("progress-replaced-*")) and profile_names(data) == ["ann", "bob"]
    finally:
        window.communicate(b"\n", timeout=30)
    code, out, _ = run(capsys, "doctor", "--restore", backup.name)
    assert code == 0 and "restored" in out and profile_names(data) == ["ann"]


def profile_names(data: Path) -> list[str]:
    store = Store.open(data / DATABASE_NAME)
    try:
        return store.profile_names()
    finally:
        store.close()


WINDOW = """
import datetime as dt, sys
from pathlib import Path
from quizapp.study.store import Store
store = Store.open(Path(sys.argv[1]))
store.profile("bob", dt.datetime.now(dt.timezone.utc))
print("open", flush=True)
sys.stdin.readline()
store.close()
"""


def test_history_items_count_study_days_between_reviews_and_run_oldest_first() -> None:
    from quizapp.days import StudyDayCounter, to_millis
    from quizapp.study.optimizer import history_items

    day = dt.timedelta(days=1)
    day_of = StudyDayCounter(UTC).day_number
    rows = [
        (1, day_of(to_millis(T0)), 3),
        (1, day_of(to_millis(T0 + dt.timedelta(minutes=10))), 3),  # same day: no item of its own
        (1, day_of(to_millis(T0 + 3 * day)), 1),
        (1, day_of(to_millis(T0 + 5 * day)), 3),
        (2, day_of(to_millis(T0)), 3),  # another card starts afresh
        (2, day_of(to_millis(T0 + day + dt.timedelta(hours=20))), 3),  # 5 AM two days later: two study days
    ]
    items = history_items(rows)
    # By the day of their last review, whatever the card (fsrs-rs weighs later items more), each
    # with the card's reviews up to then and no later one.
    assert [len(item.reviews) for item in items] == [2, 3, 4]
    assert [item.long_term_review_cnt() for item in items] == [1, 1, 2]


def test_the_fit_passes_fewer_times_over_a_long_history() -> None:
    from quizapp.study.optimizer import training_passes

    assert [training_passes(reviews) for reviews in (500, 300_000, 400_000, 710_000, 5_000_000)] == [5, 5, 3, 3, 3]


def test_profiles_keep_their_progress_apart(data: Path, capsys) -> None:
    data.mkdir(parents=True)
    store = Store.open(data / DATABASE_NAME)
    scheduler = Scheduler(SchedulerSettings(), random.Random(1))
    ann = store.profile("ann", T0)
    now = dt.datetime.now(UTC)
    store.record(
        Answer(ann.id, "nk-russia-core", "shoigu-visit", now, "study", 3, 1.0, "x", 900),
        lambda before: scheduler.review(before, Rating.GOOD, now),
    )
    store.close()
    ann_deck = json.loads(run(capsys, "--profile", "ann", "stats", "--json", "nk-russia-core")[1])["decks"][0]
    bob_deck = json.loads(run(capsys, "--profile", "bob", "stats", "--json", "nk-russia-core")[1])["decks"][0]
    assert (ann_deck["new"], ann_deck["reviews"]) == (CORE - 1, 1)
    assert (bob_deck["new"], bob_deck["reviews"]) == (CORE, 0)
