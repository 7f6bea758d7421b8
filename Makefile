# The front door: `make run` to try it, `make test` to check it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve test lint fmt install install-dev migrate bench vendor check-chromium clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e . 2>/dev/null || $(BIN)/pip install -q .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) createcachetable

run: install migrate
	@$(MANAGE) loaddemo --if-empty
	@$(MANAGE) collectstatic --noinput -v0
	@echo ""
	@echo "  党建工作管理平台 is running at http://127.0.0.1:8000/"
	@echo "  Demo accounts (password Dangjian@2026): see README.md"
	@echo ""
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

# Production on this host (README "部署 / Deployment"): SECRET_KEY and ALLOWED_HOSTS must be set (in the
# environment or .env), else it refuses to start. gunicorn workers + the task worker; Ctrl+C or SIGTERM stops all.
serve: install
	@DEBUG=0 $(MANAGE) serve --check
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) createcachetable
	$(MANAGE) collectstatic --noinput -v0
	DEBUG=0 $(MANAGE) serve

check-chromium:
	@test -x $(CHROMIUM) || { echo "Browser tests need Chromium at $(CHROMIUM)."; \
	  echo "Install it with: sudo apt-get install -y chromium fonts-noto-cjk"; exit 1; }

test: install-dev check-chromium
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(MANAGE) makemigrations --check --dry-run -v0
	$(MANAGE) collectstatic --noinput -v0
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

fmt: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev
	$(BIN)/python bench/search.py --backend sqlite --n 50000
	@if [ -n "$$BENCH_DATABASE_URL" ]; then $(BIN)/python bench/rankings.py; \
	 else echo "bench/rankings.py needs PostgreSQL: set BENCH_DATABASE_URL=postgres://user@host:port/scratch_db"; fi

vendor:
	static/vendor/refresh.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media
