# Two commands on a fresh machine: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstalled whenever the project's dependencies or pins change.
INSTALLED := $(VENV)/.installed

.PHONY: run test bench lint-decks clean

$(INSTALLED): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/quizapp

test: $(INSTALLED)
	$(BIN)/python -m pytest

bench: $(INSTALLED)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,bench]'
	$(BIN)/python -m benchmarks

lint-decks: $(INSTALLED)
	$(BIN)/quizapp lint --strict decks

clean:
	rm -rf $(VENV) build dist .pytest_cache
