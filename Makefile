# Alur: `make run` sets everything up and starts the app; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export ALUR_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: help install assets chromium lint-bpmn test test-sqlite test-postgres run demo-data bench clean

help:
	@echo "make run            set up (venv, npm assets, SQLite, diagrams, demo users) and start Alur"
	@echo "make test           every check: bpmnlint, pytest on SQLite, browser tests in Chromium"
	@echo "make test-postgres  the whole suite against a local PostgreSQL (installed if missing)"
	@echo "make bench          benchmarks, written to bench/BENCHMARKS.md"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed $(VENV)/.installed
	$(BIN)/python tools/build_assets.py

# Debian's Chromium for the browser tests (Playwright drives it with executablePath).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

lint-bpmn: node_modules/.installed install
	tools/lint_bpmn.sh
	$(BIN)/python -m tools.sopgen --check >/dev/null

test: install assets chromium lint-bpmn test-sqlite

test-sqlite:
	ALUR_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q

test-postgres: install assets chromium
	ALUR_REQUIRE_BROWSER=1 ALUR_TEST_DATABASE_URL="$$(.ci/start-postgres)" $(BIN)/python -m pytest -q

demo-data: install
	$(BIN)/alur init-db
	$(BIN)/alur deploy bpmn/
	$(BIN)/alur demo

run: install assets demo-data
	@echo ""
	@echo "Alur: http://$(HOST):$(PORT)/   (masuk sebagai salah satu pengguna demo di atas)"
	@echo ""
	$(BIN)/alur run --host $(HOST) --port $(PORT)

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) node_modules webapp/static/vendor .pytest_cache
