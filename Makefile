# Two commands do all the set-up: `make run` starts the app, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-postgres lint bench clean

run: $(STAMP)
	$(PY) -m streamlit run app.py

# Lint first: a finding stops the run before the tests start. The 20 slowest tests are listed at the end.
test: $(STAMP) lint
	$(PY) -m pytest -n 2 --dist loadgroup --durations=20

test-fast: $(STAMP)
	$(PY) -m pytest -n 2 -m "not browser"

# Only the PostgreSQL tests (make test runs them too): against DILEMMAKAART_TEST_DATABASE_URL, else a
# throw-away server the tests start themselves (tests/pg.py).
test-postgres: $(STAMP)
	$(PY) -m pytest -n 2 -m postgres

# Lint, format check and type check of the whole tree (configuration: pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m bench

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
