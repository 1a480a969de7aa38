"""How well `quizapp lint`'s review rules do on the labelled corpora (tests/fixtures/review):

    python -m benchmarks.review_corpus

corpus.toml (113 questions) was written to tune the rules; holdout.toml (82) by another writer, blind to
them. Each question is tagged `flaw:RULE` (one flaw) or `clean`. Prints, for each, the share of flaws
found by their rule and the share of clean questions flagged by any review rule (the targets: at least
95% and at most 5%), and what was missed or flagged wrongly.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from quizapp.deck.loader import load_deck
from quizapp.deck.rules import REVIEW_RULES

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "review"


def figures(path: Path) -> tuple[int, int, int, int, list[str]]:
    """(flaws found, flaws, clean questions flagged, clean questions, the mistakes)."""
    loaded = load_deck(path, with_warnings=True)
    flagged: defaultdict[str, set[str]] = defaultdict(set)
    for problem in loaded.warnings:
        if problem.rule in REVIEW_RULES and problem.question:
            flagged[problem.question].add(problem.rule)
    labels = {question.id or "": question.tags[0] for question in loaded.deck.questions}
    flawed = [name for name, label in labels.items() if label != "clean"]
    clean = [name for name, label in labels.items() if label == "clean"]
    missed = [f"{name}: {labels[name]} not found" for name in flawed if labels[name][5:] not in flagged[name]]
    wrong = [f"{name}: clean, flagged {sorted(flagged[name])}" for name in clean if flagged[name]]
    return len(flawed) - len(missed), len(flawed), len(wrong), len(clean), missed + wrong


def main() -> None:
    """Print the figures of both corpora."""
    for name in ("corpus.toml", "holdout.toml"):
        found, flaws, false_alarms, clean, mistakes = figures(FIXTURES / name)
        print(
            f"{name}: flaws found {found}/{flaws} ({100 * found / flaws:.1f}%), "
            f"clean flagged {false_alarms}/{clean} ({100 * false_alarms / clean:.1f}%)"
        )
        for mistake in mistakes:
            print(f"  {mistake}")


if __name__ == "__main__":
    main()
