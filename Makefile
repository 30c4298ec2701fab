# The single entry point. `make run` and `make test` do all set-up themselves (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

.PHONY: run serve check test lint setup db reset-db messages clean bench audit

# The outbox's worker sends the e-mails (to the console in development) beside the web server.
run: setup
	$(MANAGE) load_demo
	$(MANAGE) procrastinate worker & worker=$$!; trap 'kill $$worker' EXIT; \
	  $(MANAGE) runserver 127.0.0.1:8000

# The production configuration on this machine: gunicorn, whitenoise, prod settings.
serve: setup
	bin/serve

# The load benchmark on a seeded database of its own (README "Benchmarks"); figures, not a test.
bench: setup $(VENV)/.bench-installed
	bin/bench $(BENCH_ARGS)

# Lighthouse on every page type, phone and desktop, against `make serve` with the demo in a
# database of its own (README "Benchmarks"); figures, not part of `make test`.
audit: setup
	bin/audit $(AUDIT_ARGS)

$(VENV)/.bench-installed: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $@

# The fast loop after every change (README "Tests"): the same checks as `make test`, then every
# test except the browser, ops and validators ones, on two processes (each with a fresh test database),
# with a short run of the generated requests (Hypothesis profile `smoke`).
check: setup
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run --verbosity 0
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -m "not browser and not ops and not validators" --hypothesis-profile=smoke -n 2 $(PYTEST_ARGS)

test: setup
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run --verbosity 0
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

setup: $(STAMP) db node_modules/.installed
	$(MANAGE) migrate --no-input --verbosity 0

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (set PYTHON=python3.x)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Front-end packages (axe-core and vnu-jar for the tests) come from npm with a lockfile.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

db:
	bin/devdb start

reset-db:
	bin/devdb reset
	$(MAKE) setup

messages: $(STAMP)
	$(MANAGE) makemessages -l nl --ignore .venv --ignore node_modules --no-obsolete
	$(MANAGE) compilemessages --ignore .venv --ignore node_modules
