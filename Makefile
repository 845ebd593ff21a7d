# Terrace: `make run` to try it, `make test` to run the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Tests and benchmarks run on PostgreSQL unless DATABASE_URL says otherwise; they create and
# drop their own test_* database, so the named database is only used to connect.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: install test-tools run serve test test-sqlite screenshots bench chaos lint format lock clean

install: $(VENV)/.installed

# A browser and the HTML checker for the browser tests, installed only when missing.
test-tools: install
	@scripts/ensure-test-tools

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

run: export DEBUG ?= true
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --fans 40
	@echo ""
	@echo "Terrace is serving at http://127.0.0.1:$(PORT)/"
	@echo "Demo editor: log in at http://127.0.0.1:$(PORT)/admin/ as 'editor' with password 'terrace-editor'."
	@echo "Fans: sign up at http://127.0.0.1:$(PORT)/accounts/signup/ and rate the demo match."
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# check_database and bench load settings outside pytest, which otherwise supplies these.
test bench: export SECRET_KEY ?= local-tests-only-not-a-secret
test bench: export STATIC_MANIFEST ?= false

test: install test-tools
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(BIN)/python manage.py check_database
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(BIN)/pytest

test-sqlite: install test-tools
	DATABASE_URL=sqlite:///db-test.sqlite3 $(BIN)/pytest

# Home, ballot, results, player, season, sign-up and the admin import at 360 and 1280 px, light
# and dark, into docs/screenshots/ (a throwaway SQLite database with the demo match).
screenshots: install test-tools
	$(BIN)/python scripts/screenshots.py

# gunicorn + wrk against a throwaway PostgreSQL database and Redis; see scripts/bench.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
bench: install
	@command -v wrk >/dev/null || { echo "Installing wrk, the load generator"; \
		$(SUDO) apt-get install -y -q wrk || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q wrk; }; }
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(BIN)/python manage.py check_database
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(BIN)/python scripts/bench

# Concurrent fans rate while PostgreSQL crashes and restarts under them, on a throwaway cluster
# of its own; fails on any lost or duplicated vote. Needs the PostgreSQL server binaries.
chaos: install
	$(BIN)/python scripts/chaos

# Production serving: settings from the environment (SECRET_KEY, DATABASE_URL, REDIS_URL, ...),
# gunicorn as config/gunicorn.conf.py says (BIND, WEB_CONCURRENCY, GUNICORN_TIMEOUT).
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v 0
	PORT=$(PORT) $(BIN)/gunicorn config.wsgi -c config/gunicorn.conf.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lock file after changing pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 db-test.sqlite3 .pytest_cache node_modules
