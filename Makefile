# NTM GeoPlatform. `make run` serves the platform with the Pleiku demo data; `make test` runs the suite.
# Both set everything up first and are safe to repeat.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 2
ANALYSIS_WORKERS ?= 1
KEEPALIVE ?= 5
export DATABASE_URL ?= postgis:///ntm_geoplatform
SECRET_FILE := var/secret_key

.PHONY: run test setup system venv db secret migrate demo lint check serve gunicorn worker clean

run: setup demo
	@echo "NTM GeoPlatform on http://$(HOST):$(PORT)/ (sign in for the editor and the admin; demo users: see README)"
	@trap 'kill 0' EXIT; $(MAKE) --no-print-directory worker & $(MAKE) --no-print-directory gunicorn

# The production server alone, on the database as it is. gthread workers keep TCP_NODELAY on
# kept-alive connections; each thread holds its own database connection: WORKERS × THREADS.
serve: setup gunicorn

gunicorn:
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" DJANGO_ALLOWED_HOSTS="$(HOST),localhost,127.0.0.1" \
		$(VENV)/bin/gunicorn geo_platform.wsgi --bind $(HOST):$(PORT) --worker-class gthread \
		--workers $(WORKERS) --threads $(THREADS) --keep-alive $(KEEPALIVE) \
		--control-socket var/gunicorn-$(PORT).ctl --access-logfile -

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy .
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(PY) manage.py check --database default --fail-level WARNING
	$(VENV)/bin/pytest

# The analyses' background worker (Celery, Redis as broker); more workers on more machines scale out.
worker:
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(VENV)/bin/celery -A geo_platform worker \
		--concurrency $(ANALYSIS_WORKERS) --loglevel INFO

setup: system venv db secret migrate

system:
	@bash scripts/setup-system.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

db:
	@bash scripts/setup-db.sh

secret: $(SECRET_FILE)

$(SECRET_FILE):
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

migrate: venv secret
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(PY) manage.py compilemessages --ignore '.venv' -v 0
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(PY) manage.py migrate --no-input -v 0
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(PY) manage.py collectstatic --no-input -v 0

demo: migrate
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(PY) manage.py load_demo
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(PY) manage.py load_demo_site_content
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(PY) manage.py load_demo_maps
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(PY) manage.py generate_dem var/dem-pleiku-30m.tif \
		--resolution 30 --register dem-pleiku

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy .

clean:
	rm -rf $(VENV) var
