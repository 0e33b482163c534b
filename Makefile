# Balai: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip --disable-pip-version-check -q
BALAI  := $(VENV)/bin/balai
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run dev test prodrun lint lock install install-dev prepare clean bench

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Balai needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) install --require-hashes -r requirements/base.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.base-installed
	$(PIP) install --require-hashes -r requirements/base.txt -r requirements/dev.txt
	touch $@

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

# Demo mode for the laptop targets: the embedded sandbox bank (payments/sandbox/) runs only with it,
# and production settings refuse it (settings.DEMO). `make prodrun` runs without it.
run dev prepare: export BALAI_DEMO := 1

# Everything the server needs on disk: translations, schema, static files, reference and demo data.
prepare: install
	$(BALAI) compile_translations
	$(BALAI) migrate --noinput -v0
	$(BALAI) collectstatic --noinput -v0
	$(BALAI) load_regions
	$(BALAI) init_signing
	$(BALAI) seed_demo

run: prepare
	@echo "Balai is served at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(VENV)/bin/gunicorn balai.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 2 --no-control-socket \
		--access-logfile - --error-logfile - --log-level warning

dev: prepare
	BALAI_DEBUG=1 $(BALAI) runserver $(HOST):$(PORT)

test: install-dev
	$(BALAI) compile_translations
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Production settings for real: gunicorn (2 workers) + a Celery worker on Redis DB 5 + a fresh
# PostgreSQL database, the main journeys over HTTPS (see .ci/production_journeys.py).
prodrun: install-dev
	$(PY) .ci/production_journeys.py

lint: install-dev
	$(VENV)/bin/ruff check balai bench
	$(VENV)/bin/mypy balai

# Re-pin the dependencies (needs network access to PyPI); commit both .txt files.
lock: | $(VENV)/bin/python
	$(PIP) install uv
	cd requirements && ../$(VENV)/bin/uv pip compile -q --python-version 3.11 --generate-hashes base.in -o base.txt
	cd requirements && ../$(VENV)/bin/uv pip compile -q --python-version 3.11 --generate-hashes dev.in -o dev.txt

clean:
	rm -rf $(VENV) var build *.egg-info
