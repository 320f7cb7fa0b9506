# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run serve bench bench-charts test lint format schema setup clean audit

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Development settings for this checkout: DEBUG on and a random secret key.
.env:
	printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

setup: $(VENV)/.installed .env
	$(MANAGE) migrate --noinput
	$(MANAGE) import_data fixtures/*.json
	$(MANAGE) collectstatic --noinput --verbosity 0

run: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Production settings (DEBUG off, whitenoise) under gunicorn: PORT, WEB_CONCURRENCY,
# DATABASE_URL, REDIS_URL from the environment; SECRET_KEY from the environment or .env.
serve: setup
	DEBUG=false PORT=$(PORT) $(BIN)/gunicorn -c deploy/gunicorn.conf.py

# The benchmark of docs/performance.md (PostgreSQL, Redis, wrk, nginx); never part of `make test`.
bench/.venv/.installed: bench/requirements.txt
	$(PYTHON) -m venv bench/.venv
	bench/.venv/bin/pip install --quiet -r bench/requirements.txt
	touch $@

bench: $(VENV)/.installed bench/.venv/.installed
	$(BIN)/python bench/run.py $(if $(BENCH_ONLY),--only $(BENCH_ONLY))
	$(if $(BENCH_ONLY),,$(BIN)/python bench/charts.py)

# Rendering a chart (ms per chart, cold and warm): the small round of `make bench`, alone.
bench-charts: $(VENV)/.installed
	$(if $(BENCH_ONLY),,$(BIN)/python bench/charts.py)

# axe-core, which the Chromium tests inject into our pages (package.json, pinned in package-lock.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test: $(VENV)/.installed .env node_modules/.installed
	$(BIN)/pytest

lint: $(VENV)/.installed .env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) spectacular --validate --fail-on-warn --file /tmp/jobcenter-openapi.yaml
	diff -u docs/openapi.yaml /tmp/jobcenter-openapi.yaml || (echo "docs/openapi.yaml is stale: run make schema" && exit 1)

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(VENV)/.installed .env
	$(MANAGE) spectacular --validate --fail-on-warn --file docs/openapi.yaml

# Known vulnerabilities in the pinned requirements (needs PyPI's vulnerability data).
audit: $(VENV)/.installed
	.ci/audit

clean:
	rm -rf $(VENV) bench/.venv db.sqlite3 staticfiles node_modules
