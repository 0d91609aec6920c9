# Cụm thi đua — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup migrate demo serve lint bench lock messages clean

$(STAMP): pyproject.toml constraints-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints-dev.txt -e ".[dev]"
	touch $(STAMP)

# Production installs the runtime packages only, in a virtualenv of its own.
SERVE_VENV := .venv-serve
SERVE_PY := $(SERVE_VENV)/bin/python
SERVE_STAMP := $(SERVE_VENV)/.installed
$(SERVE_STAMP): pyproject.toml constraints.txt
	test -x $(SERVE_PY) || $(PYTHON) -m venv $(SERVE_VENV)
	$(SERVE_PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $(SERVE_STAMP)

setup: $(STAMP)
	mkdir -p var

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py loaddemo

run: demo
	@echo "Mở http://$(HOST):$(PORT)/ — mật khẩu tài khoản mẫu: $$($(PY) -c 'from config.settings import DEMO_PASSWORD; print(DEMO_PASSWORD)')"
	@# The background worker (the year's dossier) runs beside the server and stops with it.
	$(PY) manage.py db_worker --no-reload --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# pytest-xdist: one worker per core (each with its own test database).
test: setup
	$(PY) -m pytest -n auto --dist loadfile

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

bench: setup
	$(PY) -m pytest tests/bench -q -s -o python_files='bench_*.py'

# Known vulnerabilities in the pinned packages (skipped with a message where PyPI's data cannot be
# reached; AUDIT_REQUIRED=1 makes that a failure), then bandit on the app's code.
.PHONY: audit pip-audit bandit restore-check
APP_CODE := clusters campaigns scoring awards config
audit: pip-audit bandit

pip-audit: setup
	$(PY) scripts/audit.py constraints.txt constraints-dev.txt

bandit: setup
	$(VENV)/bin/bandit -q -r $(APP_CODE) -c pyproject.toml

# A backup restores (README, Backups): the demo dumped with pg_dump, restored with pg_restore into
# a fresh database, every table and media file compared. PostgreSQL only: a role that may create
# databases, in DATABASE_URL.
restore-check: setup
	@case "$$DATABASE_URL" in postgres*|pgsql*) ;; *) \
	  echo "make restore-check needs DATABASE_URL=postgres://… (a PostgreSQL it may create databases on)" >&2; \
	  exit 2;; esac
	$(PY) -m pytest tests/ops/test_restore.py -q -n 0 -rs

# Production: PostgreSQL through DATABASE_URL, static files through whitenoise.
serve: $(SERVE_STAMP)
	mkdir -p var
	DJANGO_ENV=production $(SERVE_PY) manage.py migrate --noinput
	DJANGO_ENV=production $(SERVE_PY) manage.py collectstatic --noinput
	@# gthread workers (one per core, WEB_THREADS each) and the document lane: README, Serving.
	DJANGO_ENV=production $(SERVE_VENV)/bin/gunicorn config.wsgi -c config/gunicorn.py --bind $(HOST):$(PORT)

# Re-pin every package after changing pyproject.toml: the runtime set alone, then with the
# development packages resolved against those runtime pins.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet .
	{ echo "# Runtime packages only (make serve, production). Re-pin with make lock."; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v '^cumthidua'; } > constraints.txt
	.lock-venv/bin/pip install --quiet -c constraints.txt -e ".[dev]"
	{ echo "# Runtime and development packages (make run, make test). Re-pin with make lock."; \
	  .lock-venv/bin/pip freeze --exclude-editable; } > constraints-dev.txt
	rm -rf .lock-venv

# locale/en is scanned from the code; locale/vi is hand-kept (the libraries' strings in
# Vietnamese, see its header): compiled, never scanned.
messages: setup
	$(PY) manage.py makemessages -l en --no-obsolete --no-wrap --ignore=.venv --ignore=.venv-serve --ignore=staticfiles --ignore=tests --ignore=scripts
	$(PY) manage.py compilemessages -l en --ignore=.venv --ignore=.venv-serve
	$(PY) manage.py compilemessages -l vi --ignore=.venv --ignore=.venv-serve

clean:
	rm -rf $(VENV) $(SERVE_VENV) staticfiles
