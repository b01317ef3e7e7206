# IACD Cooperation Portal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# make run is a development server: debug on unless the environment says otherwise.
export DJANGO_DEBUG ?= true

.PHONY: help install services db data static run test lint migrations-check browser audit

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/uv:
	@python=$$(scripts/find_python.sh) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV) && $(BIN)/pip install --quiet --disable-pip-version-check "uv>=0.9,<0.14"

$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --inexact --extra dev --python $(BIN)/python --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed ## Install Python and front-end packages, compile translations
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

services: ## Make sure PostgreSQL and Redis answer, create the database if missing
	@bash scripts/ensure_services.sh

db: install services ## Apply migrations
	$(MANAGE) migrate --no-input -v 0

data: db ## Load reference data, the work plan and demo users (idempotent)
	$(MANAGE) load_reference_data
	$(MANAGE) import_workplan data/breakout-sessions-results.txt
	$(MANAGE) demo_users
	$(MANAGE) setup_schedules

static: install ## Collect static files
	@$(MANAGE) collectstatic --no-input -v 0

run: data static ## Serve http://127.0.0.1:8000 with the Celery worker and beat
	@bash scripts/run_all.sh

browser: ## Install Debian's Chromium for the browser tests when missing
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install services ## Fail when a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

audit: install ## Audit the locked dependencies for known vulnerabilities (pip-audit)
	@bash scripts/audit_dependencies.sh

test: install services browser lint migrations-check audit ## Run every check and test against real PostgreSQL and Redis
	$(MANAGE) check
	$(BIN)/pytest --create-db
