# liuhao: `make run` sets up a fresh machine and serves the app; `make test` runs the whole suite.
VENV := .venv
PY := $(VENV)/bin/python
HOST_PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Fonts for Chinese pages and PDFs, HarfBuzz subsetting for fast PDFs, poppler for looking at
# PDFs, Chromium for the browser tests, gettext for the English catalogue.
DEBIAN_PACKAGES := fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-arphic-gkai00mp fonts-wqy-zenhei \
	libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium gettext
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/liuhao_bench

.PHONY: run setup test bench system-packages messages

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

setup: $(VENV)/.installed system-packages messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

$(VENV)/.installed: requirements.txt
	$(HOST_PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

system-packages:
	@missing=""; for package in $(DEBIAN_PACKAGES); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

messages: $(VENV)/.installed
	@if [ -d locale ]; then $(PY) manage.py compilemessages --ignore=.venv -v0; fi

# The suite on SQLite, then again on the local PostgreSQL when it answers.
test: $(VENV)/.installed system-packages messages
	$(PY) -m pytest
	@if $(PY) -c "import psycopg2; psycopg2.connect('$(TEST_DATABASE_URL)', connect_timeout=3)" 2>/dev/null; then \
		echo "--- again on PostgreSQL ($(TEST_DATABASE_URL))"; \
		DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest; \
	else \
		echo "--- PostgreSQL does not answer at $(TEST_DATABASE_URL): SQLite only"; \
	fi

bench: $(VENV)/.installed system-packages
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_pages.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_import.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_report.py
