# liuhao: `make run` sets up a fresh machine and serves the app; `make test` runs the whole suite.
VENV := .venv
PY := $(VENV)/bin/python
HOST_PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Fonts for Chinese pages and PDFs, HarfBuzz subsetting for fast PDFs, poppler for looking at
# PDFs, Chromium for the browser tests, gettext for the English catalogue, LibreOffice (headless)
# for the tests that open the .docx (and spreadsheets) in a real office suite.
DEBIAN_PACKAGES := fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-arphic-gkai00mp fonts-wqy-zenhei \
	libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium gettext \
	libreoffice-writer-nogui libreoffice-calc-nogui
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/liuhao_bench
RUN_ADDRESS ?= 127.0.0.1:8000
# `make serve`: production settings, gunicorn + WhiteNoise, PostgreSQL
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/liuhao
SERVE_ADDRESS ?= 127.0.0.1:8001
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
SERVE_ENV = DEBUG=False ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} SECRET_KEY=$${SECRET_KEY:-$$(cat .secret_key)}

.PHONY: run setup demo-reset test bench bench-load bench-weight serve prepare system-packages messages document-fonts

# The development server and a background worker (large imports, PDFs, zips) on SQLite. Stopping
# make stops both, whether by Ctrl-C or a SIGTERM to make (which make passes to its child only): the
# server replaces the recipe's shell, and each gets SIGTERM when its parent ends (setpriv
# --pdeathsig). The worker runs without an autoreloader, so the process signalled is the worker.
run: setup
	setpriv --pdeathsig TERM $(PY) manage.py db_worker --no-reload --interval 1 & \
	exec setpriv --pdeathsig TERM $(PY) manage.py runserver $(RUN_ADDRESS)

# The demo goes into an empty database only: later runs keep its ids and every edit.
setup: $(VENV)/.installed system-packages messages document-fonts
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

# The demo deleted and built again as it first was (new ids; other townships and accounts are kept).
demo-reset: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --reset

.secret_key:
	$(HOST_PYTHON) -c "import secrets; print(secrets.token_urlsafe(64))" > $@
	chmod 600 $@

# Database created when missing, migrated (the cache table too), static files collected, checks.
prepare: $(VENV)/.installed system-packages messages document-fonts .secret_key
	$(PY) manage.py create_database
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(SERVE_ENV) $(PY) manage.py check_install

serve: export DATABASE_URL = $(SERVE_DATABASE_URL)
serve: prepare
	$(SERVE_ENV) setpriv --pdeathsig TERM $(PY) manage.py db_worker --no-reload & \
	$(SERVE_ENV) exec setpriv --pdeathsig TERM $(VENV)/bin/gunicorn liuhao.wsgi --workers $(WORKERS) --bind $(SERVE_ADDRESS) --access-logfile -

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

# The Debian CJK fonts cut down to GB 2312 for fast PDFs (about 30 s once; skips fonts already built).
document-fonts: $(VENV)/.installed system-packages
	$(PY) manage.py build_document_fonts -v0

messages: $(VENV)/.installed
	@if [ -d locale ]; then $(PY) manage.py compilemessages --ignore=.venv -v0; fi

# The suite on SQLite, then again on the local PostgreSQL when it answers.
test: $(VENV)/.installed system-packages messages document-fonts
	$(PY) -m pytest
	@if $(PY) -c "import psycopg2; psycopg2.connect('$(TEST_DATABASE_URL)', connect_timeout=3)" 2>/dev/null; then \
		echo "--- again on PostgreSQL ($(TEST_DATABASE_URL))"; \
		DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest; \
	else \
		echo "--- PostgreSQL does not answer at $(TEST_DATABASE_URL): SQLite only"; \
	fi

bench: $(VENV)/.installed system-packages document-fonts
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_pages.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_county.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_import.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_report.py
	$(MAKE) bench-load

# What a phone downloads for the dashboard, and Lighthouse's mobile scores, on the demo database.
bench-weight: setup
	$(PY) benchmarks/bench_weight.py --lighthouse

# gunicorn on the benchmark database, browsed by 20 users from a second process for 30 s.
bench-load: export DATABASE_URL = $(BENCH_DATABASE_URL)
bench-load: prepare
	$(SERVE_ENV) $(VENV)/bin/gunicorn liuhao.wsgi --workers $(WORKERS) --bind 127.0.0.1:8002 --log-level warning & server=$$!; \
	trap 'kill $$server 2>/dev/null' EXIT INT TERM; sleep 3; \
	$(SERVE_ENV) $(PY) benchmarks/bench_load.py http://127.0.0.1:8002 20 30
