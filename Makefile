# `make run` and `make test` work on a fresh Debian/Ubuntu machine: they install what is missing first.
# The virtualenv is made with Python 3.11 (scripts/python311.sh finds it, or names what to install);
# PYTHON=/path/to/python3.11 names one explicitly.
PYTHON ?=
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The development server answers as the product does: its own Bangla 404/403/500 pages, not Django's English
# debug pages (DEBUG=true make run brings those back); --insecure serves the static files without DEBUG.
DEBUG ?= false
RUNSERVER = DEBUG=$(DEBUG) $(PY) manage.py runserver --insecure

.PHONY: run test install system-deps migrate seeds messages catalogue lint format bench-scoring bench-reports clean screenshots

run: install messages migrate seeds
	@$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	$(RUNSERVER) $(HOST):$(PORT)

# PYTEST_ARGS narrows a run (CI runs the browser journeys once, on SQLite: see .ci/run).
PYTEST_ARGS ?=
test: install messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

system-deps:
	@scripts/system-packages.sh

install: system-deps $(STAMP)

$(STAMP): pyproject.toml
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then \
		echo "$(VENV) was made with a Python other than 3.11: remove it ('make clean') and run make again." >&2; \
		exit 1; \
	fi
	@test -x $(PY) || { python=$$(PYTHON="$(PYTHON)" scripts/python311.sh) && echo "$$python -m venv $(VENV)" \
		&& "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

messages: $(STAMP)
	@$(PY) manage.py compilemessages --ignore "$(VENV)" -v 0

# Brings the English catalogue up to the code's messages (tests/test_english_catalogue.py runs the same):
# new ones come untranslated, changed ones fuzzy (translate them and remove the flags), removed ones go.
catalogue: $(STAMP)
	$(PY) manage.py makemessages -l en --ignore "$(VENV)/*" --ignore "tests/*" --no-obsolete

migrate: $(STAMP)
	$(PY) manage.py migrate --no-input

seeds: migrate
	$(PY) manage.py load_seeds

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench-scoring: install
	$(PY) benchmarks/bench_scoring.py

# The README's screenshots (docs/screenshots/), taken by a browser test on the seeds.
screenshots: install messages
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles

bench-reports: install
	$(PY) benchmarks/bench_reports.py

.PHONY: prod-check
# deploy/'s topology on this machine with production settings (PostgreSQL, Redis, gunicorn, a Celery worker and
# beat, nginx where installed) and a smoke test through it: PASS or FAIL in under 3 minutes (README, "Deployment").
prod-check: install messages
	APA_VENV=$(VENV) scripts/prod-check.sh

.PHONY: bench-entry
# Entry page and saves on PostgreSQL behind gunicorn, 50 concurrent clients (see benchmarks/bench_entry.py).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/apa_bench
bench-entry: install
	$(PY) -m pip install --quiet -e ".[bench]"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_entry.py

.PHONY: bench-national
# ~25,000 offices and 50,000 people through the imports, a year of agreements, and the pages of a supervisor,
# an observer and the national administrator timed on PostgreSQL (see benchmarks/bench_national.py).
bench-national: install messages
	$(PY) benchmarks/bench_national.py
