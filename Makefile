# Two commands: `make run` (the site with all real data at http://127.0.0.1:8000) and `make test`.
# `make e2e` runs the real-browser tests in the system's Chromium (apt-get install chromium).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export CHROMIUM_PATH ?= /usr/bin/chromium

.PHONY: run test e2e lint graph lock bench scale-out outage fuzz

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	touch $@

$(VENV)/.installed-e2e: $(VENV)/.installed requirements-e2e.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-e2e.txt
	touch $@

run: export DEBUG ?= 1
run: export TASK_BACKEND ?= immediate
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --verbosity 1
	$(BIN)/python manage.py seed --demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed
	$(BIN)/python -m pytest

# Lighthouse (tests/e2e/test_lighthouse.py), pinned in its own package-lock.json, runs in the same Chromium.
LIGHTHOUSE := tests/e2e/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): tests/e2e/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "make e2e needs Node.js and npm for Lighthouse: install them with" \
		"'apt-get install nodejs npm'." >&2; exit 1; }
	npm ci --prefix tests/e2e/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

e2e: $(VENV)/.installed-e2e $(LIGHTHOUSE)
	@test -x "$(CHROMIUM_PATH)" || { echo "make e2e needs Chromium at $(CHROMIUM_PATH): install it with" \
		"'apt-get install chromium', or set CHROMIUM_PATH to a Chromium executable." >&2; exit 1; }
	$(BIN)/python -m pytest tests/e2e

# The Hypothesis tests in tests/fuzz/ with the "fuzz" profile: at least 10,000 random examples (the normal suite
# runs the same tests with a few fixed examples each).
fuzz: $(VENV)/.installed
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/fuzz

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The app-level import graph; fails on an import that runs back up (README, Architecture).
graph: $(VENV)/.installed
	$(BIN)/python tests/tools/import_graph.py

# Every page type under gunicorn with production settings, uncached and cached, against a bare-WSGI ceiling; then
# the knowledge base search with 2,000 generated articles (p50/p95).
bench: $(VENV)/.installed
	$(BIN)/python tests/tools/bench.py
	$(BIN)/python tests/tools/search_bench.py

# Two gunicorn instances on one PostgreSQL and one Redis: edits and sessions cross between them.
scale-out: $(VENV)/.installed
	$(BIN)/python tests/tools/scale_out.py

# Stop PostgreSQL under traffic (fast 503s), then freeze and stop Redis (pages still served), then make the mail
# server hang (pages and forms stay fast; the mail goes out when it is back), and recover.
outage: $(VENV)/.installed
	$(BIN)/python tests/tools/outage.py

# Regenerate the pinned lock files after changing dependencies in pyproject.toml.
COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed
	$(COMPILE) -o requirements.txt pyproject.toml
	$(COMPILE) --extra dev -o requirements-dev.txt pyproject.toml
	$(COMPILE) --extra dev --extra e2e -o requirements-e2e.txt pyproject.toml
