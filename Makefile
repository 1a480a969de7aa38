# Two commands on a fresh machine: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstalled whenever the project's dependencies or pins change.
INSTALLED := $(VENV)/.installed

.PHONY: run test check fix bench bench-class lint-decks monkey clean

$(INSTALLED): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/quizapp

test: check
	$(BIN)/python -m pytest

# The layering of the parts (import-linter), the types (mypy), the style (ruff): all in pyproject.toml.
check: $(INSTALLED)
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/ruff check quizapp tests benchmarks
	$(BIN)/ruff format --check quizapp tests benchmarks

# What ruff can mend by itself: import order, upgrades, formatting.
fix: $(INSTALLED)
	$(BIN)/ruff check --fix quizapp tests benchmarks
	$(BIN)/ruff format quizapp tests benchmarks

# The monkey test's long run (tests/test_monkey.py; `make test` walks only its few suite seeds): random
# walks of keys through every screen, each failure cut down to a short script that replays it, written
# to MONKEY_OUT. For example: make monkey MONKEY_SEEDS=100-199 MONKEY_KEYS=5000
MONKEY_SEEDS ?= 1-40
MONKEY_KEYS ?= 3000
MONKEY_OUT ?= /tmp/quizapp-monkey
monkey: $(INSTALLED)
	MONKEY_SEEDS=$(MONKEY_SEEDS) MONKEY_KEYS=$(MONKEY_KEYS) MONKEY_SHRINK=1 MONKEY_OUT=$(MONKEY_OUT) \
		$(BIN)/python -m pytest tests/test_monkey.py -q -rf

bench: $(INSTALLED)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,bench]'
	$(BIN)/python -m benchmarks

# A class of 30 in browsers against a real `quizapp serve` (benchmarks/class_load.py), then larger
# classes until one no longer holds; figures in benchmarks/class-results.json. For example:
# make bench-class CLASS_OPTIONS="--students 60 --no-search"
CLASS_OPTIONS ?=
bench-class: $(INSTALLED)
	$(BIN)/python -m benchmarks.class_load $(CLASS_OPTIONS)

lint-decks: $(INSTALLED)
	$(BIN)/quizapp lint --strict decks

clean:
	rm -rf $(VENV) build dist .pytest_cache
