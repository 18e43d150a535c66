# Two commands: `make run` (the site with all real data at http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint lock bench scale-out outage

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	touch $@

run: export DEBUG ?= 1
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --verbosity 1
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Every page type under gunicorn with production settings, uncached and cached, against a bare-WSGI ceiling.
bench: $(VENV)/.installed
	$(BIN)/python tests/tools/bench.py

# Two gunicorn instances on one PostgreSQL and one Redis: edits and sessions cross between them.
scale-out: $(VENV)/.installed
	$(BIN)/python tests/tools/scale_out.py

# Stop PostgreSQL under traffic: fast 503s, then recovery without restarting gunicorn.
outage: $(VENV)/.installed
	$(BIN)/python tests/tools/db_outage.py

# Regenerate the pinned lock files after changing dependencies in pyproject.toml.
lock: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --extra dev -o requirements-dev.txt pyproject.toml
