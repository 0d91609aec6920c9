# Cụm thi đua — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup migrate demo serve lint bench lock messages clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	mkdir -p var

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py loaddemo

run: demo
	@echo "Mở http://$(HOST):$(PORT)/ — mật khẩu tài khoản mẫu: $$($(PY) -c 'from config.settings import DEMO_PASSWORD; print(DEMO_PASSWORD)')"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

bench: setup
	$(PY) -m pytest tests/bench -q -s -o python_files='bench_*.py'

# Production: PostgreSQL through DATABASE_URL, static files through whitenoise.
serve: setup
	DJANGO_ENV=production $(PY) manage.py migrate --noinput
	DJANGO_ENV=production $(PY) manage.py collectstatic --noinput
	DJANGO_ENV=production $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 3

# Re-pin every package after changing pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e ".[dev]"
	.lock-venv/bin/pip freeze --exclude-editable > constraints.txt
	rm -rf .lock-venv

messages: setup
	$(PY) manage.py makemessages -l en --no-obsolete --no-wrap --ignore=.venv --ignore=staticfiles --ignore=tests
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
