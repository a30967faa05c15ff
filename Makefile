# Langganan: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=
# CI and production point these at PostgreSQL and Redis; see README "Configuration".
SERVICES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/langganan
SERVICES_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test test-services lint migrate seed messages translations bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

var:
	mkdir -p var/celery/queue var/celery/processed var/celery/control

translations: $(VENV)/.installed-run
	$(MANAGE) compile_translations

## run: install, migrate, load the demo shop and serve it with its Celery worker and beat
run: $(VENV)/.installed-run var translations migrate seed
	@echo ""
	@echo "Toko demo: http://127.0.0.1:8000/   (Ctrl-C stops the web server, worker and beat)"
	@echo "Owner:  pemilik@langganan.test / demo-pemilik-123   Buyer: pembeli@langganan.test / demo-pembeli-123"
	@echo "Staf toko (helper): staf@langganan.test / demo-staf-123"
	$(VENV)/bin/honcho start

migrate: $(VENV)/.installed-run var
	$(MANAGE) migrate --noinput

seed: $(VENV)/.installed-run var
	$(MANAGE) seed_demo

## test: install what the tests need and run them (SQLite and in-process Celery by default)
test: $(VENV)/.installed-dev translations var
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## test-services: the same suite on PostgreSQL + Redis; service-backed tests may not skip
test-services: $(VENV)/.installed-dev translations var
	DATABASE_URL=$(SERVICES_DATABASE_URL) REDIS_URL=$(SERVICES_REDIS_URL) REQUIRE_SERVICES=1 \
		$(VENV)/bin/pytest --migrations $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run

## messages: refresh and compile the Indonesian translations of every own app
messages: $(VENV)/.installed-dev
	for app in core storefront loyalty crm cms notifications staff; do \
		(cd $$app && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l id -l su --no-obsolete -i 'migrations/*' -i 'management/*' >/dev/null) || exit 1; \
	done
	$(MANAGE) compile_translations

## bench: load, analytics, loyalty and memory numbers on a generate_scale_data database
## (BENCH_DATABASE_URL, default lg_bench; see docs/performance.md). BENCH_ARGS="--seconds 20" etc.
BENCH_ARGS ?=
# The servers under load run from a venv with requirements.txt only, as in production.
BENCH_VENV := var/bench/venv
$(BENCH_VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

bench: $(VENV)/.installed-dev $(BENCH_VENV)/.installed
	BENCH_SERVER_VENV=$(BENCH_VENV) bash bench/bench.sh $(BENCH_ARGS)

clean:
	rm -rf var $(VENV)
