# The two commands a newcomer needs:  make run   and   make test
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test install browser-deps bench lint demo worker clean

$(STAMP): pyproject.toml constraints/build.txt
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=25.3"
	$(PIP) install --quiet --build-constraint constraints/build.txt -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load demo data, then start web + worker + beat together.
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Open http://127.0.0.1:8000/ in your browser."
	@echo "  Demo co-production lead:  lead@demo.example   / demo-lead-pass-2026"
	@echo "  Demo member:              member@demo.example / demo-member-pass-2026"
	@echo "  Emails (sign-in codes, reminders, digests) are printed below by the web and worker processes."
	@echo ""
	$(VENV)/bin/honcho start -f Procfile.dev

## make test: install everything the tests need, then run the whole suite, in one process per core (up to 4):
## first the tests that roll back, then those that commit and empty the database (tests/conftest.py says why).
PYTEST_ARGS ?= --numprocesses=auto --maxprocesses=4 --dist=loadfile
test: $(STAMP) browser-deps
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS) -m "not commits"
	$(VENV)/bin/pytest $(PYTEST_ARGS) -m commits

browser-deps:
	@bash scripts/install-browser-deps

bench: $(STAMP)
	$(PY) manage.py benchmark $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) node_modules var staticfiles
