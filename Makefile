# Developer entry points; CI runs `make test` through .ci/run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Prints the development DATABASE_URL (DATABASE_URL itself if set), creating the database.
DEVDB := $(BIN)/python -m maker2.devdb

.PHONY: venv messages browser pgclient run worker test bench soak lighthouse lint clean clean-db

venv: $(VENV)/.installed

# The stamp makes pip run again only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "Maker2 needs Python 3.11 or newer as $(PYTHON); install it or run make PYTHON=python3.11." >&2; \
		exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Translations are compiled here, never committed (*.mo is gitignored).
messages: venv
	@command -v msgfmt >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; } || { \
		echo "Compiling translations needs GNU gettext: run apt-get install gettext as root." >&2; exit 1; }
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

# Page tests drive Debian's Chromium; as root it is installed when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || { \
		echo "Browser tests need Chromium: run apt-get install chromium as root." >&2; exit 1; }

# manage.py backup and restore (and their tests) run pg_dump and pg_restore; as root they are
# installed when missing.
pgclient:
	@command -v pg_dump >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; } || { \
		echo "Backups need PostgreSQL's client programs: run apt-get install postgresql-client as root." >&2; exit 1; }

# The port of `make run`: make run PORT=8080.
PORT ?= 8000

# The variable assignment keeps devdb's exit status, so a missing database stops the chain.
# A Celery worker with the periodic jobs (--beat) runs beside the server; the trap stops it
# when the server stops (Ctrl-C included: the shell's background job ignores SIGINT).
run: venv messages
	DATABASE_URL=$$($(DEVDB)) && export DATABASE_URL && export DEBUG=1 && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py load_demo && \
	$(BIN)/python manage.py ensure_demo_superuser && \
	{ $(BIN)/celery -A maker2 worker --beat --concurrency=2 --loglevel=INFO & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT); }

# A worker alone (with the periodic jobs), e.g. beside a server started some other way.
worker: venv messages
	DATABASE_URL=$$($(DEVDB)) && export DATABASE_URL && export DEBUG=1 && \
	$(BIN)/celery -A maker2 worker --beat --concurrency=2 --loglevel=INFO

# Tests run with DEBUG off, like production; the secret key is a placeholder unless set.
# Locally the test database is kept between runs (pytest-django's --reuse-db: migrate applies
# only new migrations; ARGS=--create-db builds it afresh). Where CI is set, as .ci/run and CI
# services set it, every run builds a fresh one.
TEST_DB := $(if $(CI),,--reuse-db)

test: venv messages browser pgclient
	DATABASE_URL=$$($(DEVDB)) && export DATABASE_URL && \
	DEBUG=0 SECRET_KEY="$${SECRET_KEY:-insecure-test-only-key}" $(BIN)/python -m pytest $(TEST_DB) $(ARGS)

# National-scale benchmark (maker2/bench/run.py): seeds maker2_bench and maker2_bench_2k, serves
# each with gunicorn, loads it with wrk (installed as root when missing) and writes
# docs/benchmarks.md. Options through ARGS, e.g. make bench ARGS="--only 'api-*' --duration 2".
bench: venv messages
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { \
		echo "The benchmark needs wrk: run apt-get install wrk as root." >&2; exit 1; }
	$(BIN)/python -m maker2.bench.run $(ARGS)

# Soak test (maker2/bench/soak.py, not in CI): 64 connections for 60 s on the 20k bench data, a
# PostgreSQL restart and a Redis outage under load, on private loopback servers; about four
# minutes once the bench data exists. Writes docs/soak.md; fails if a check fails.
soak: venv messages
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { \
		echo "The soak test needs wrk: run apt-get install wrk as root." >&2; exit 1; }
	$(BIN)/python -m maker2.bench.soak $(ARGS)

# Lighthouse's four scores (maker2/bench/lighthouse.py, not in CI) for home, directory, a space,
# a city, search and stats in both languages, on the demo data served by gunicorn in production
# settings; about ten minutes (three runs a page). Writes docs/lighthouse.md; fails if a score
# is below THRESHOLD.
# npm's Lighthouse is installed under tools/lighthouse from its lock file (12.x: Node 18 or 20).
THRESHOLD ?= 95
LIGHTHOUSE := tools/lighthouse/node_modules/.bin/lighthouse

$(LIGHTHOUSE): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	@command -v npm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; } || { \
		echo "Lighthouse needs Node.js and npm: run apt-get install npm as root." >&2; exit 1; }
	npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: venv messages browser $(LIGHTHOUSE)
	$(BIN)/python -m maker2.bench.lighthouse --threshold $(THRESHOLD) $(ARGS)

# ruff, then the import contracts in pyproject.toml (README, "Layout").
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .import_linter_cache tools/lighthouse/node_modules
	find . -path ./.pgdata -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# Stops the private cluster (if `make run` started one) before deleting it.
clean-db: venv
	$(DEVDB) --stop
	rm -rf .pgdata
