# Two commands: `make run` serves the seeded portal, `make test` runs every test against real
# services. The work is done by the scripts in devstack/.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help run serve-prod stop status test lint docs docs-shots test-install bench soak

help:
	@echo "make run     install what is missing, start PostgreSQL, Redis, Solr and CKAN, seed, serve"
	@echo "make serve-prod  make run behind nginx: https://localhost:18443 (TLS, HTTP/2, static files by nginx)"
	@echo "make stop    stop every process make run or make test started"
	@echo "make status  what is running"
	@echo "make test    lint (ruff), the documentation build, then the whole test suite against real services"
	@echo "make lint    ruff, CKAN's linter (ruff.toml)"
	@echo "make docs    build the documentation site (docs/, mkdocs.yml) into .devstack/site, warnings as errors"
	@echo "make docs-shots  refresh the user guide's screenshots (docs/user/img/) from the browser tests"
	@echo "make bench   the benchmarks under bench/"
	@echo "make soak    the fault drill: mixed load on the portal of make run while services fail (SOAK=\"--minutes 5\")"

run:
	@devstack/install.sh
	@devstack/services.sh start
	@devstack/portal.sh configure
	@devstack/portal.sh init
	@devstack/portal.sh start
	@devstack/welcome.sh

# The production layout on this machine: the same portal behind nginx with TLS (a self-signed
# certificate for localhost, .devstack/tls/), trusting nginx's X-Forwarded-For (docs/operator/serving.md).
serve-prod: export SHAOXING_SITE_URL = https://localhost:$(or $(SHAOXING_HTTPS_PORT),18443)
serve-prod: export SHAOXING_TRUSTED_PROXIES = 127.0.0.1
serve-prod:
	@devstack/install.sh --nginx
	@devstack/services.sh start
	@devstack/portal.sh configure
	@devstack/portal.sh init
	@devstack/portal.sh start
	@devstack/nginx.sh start

stop:
	@devstack/nginx.sh stop
	@devstack/portal.sh stop
	@devstack/services.sh stop

status:
	@devstack/services.sh status
	@devstack/portal.sh status

test:
	@devstack/install.sh --browser
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory docs
	@devstack/services.sh start
	@devstack/test.sh $(PYTEST_ARGS)

lint:
	@.venv/bin/ruff check --quiet . || { echo "ERROR: ruff found the problems above (ruff check --fix mends most)"; exit 1; }

# --strict: a broken link, anchor or image, or a page left out of the nav, fails the build. Not
# --quiet: it hides the warnings from the count strict mode keeps, so nothing would fail.
docs:
	@out=$$(NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict 2>&1) \
	  || { echo "$$out" | grep -v "^INFO"; echo "ERROR: the documentation build failed (above)"; exit 1; }

# The browser tests save the user guide's screenshots into docs/user/img/ (commit the changes).
docs-shots:
	@devstack/install.sh --browser
	@devstack/services.sh start
	@SHAOXING_DOCS_SHOTS=1 devstack/test.sh tests/e2e

# `pip install .` (not editable) into a separate environment must give working plugins.
test-install:
	@devstack/install.sh
	@devstack/services.sh start
	@devstack/check_install.sh

bench:
	@devstack/install.sh
	@devstack/services.sh start
	@devstack/bench.sh $(BENCH)

# The portal of `make run` (started if it is not), the mixed load and the fault drill; at most
# 30 minutes. Report in bench/results/soak.{json,md}; exits 1 when a goal is not met.
soak:
	@devstack/install.sh
	@devstack/services.sh start
	@devstack/portal.sh configure
	@devstack/portal.sh init
	@devstack/portal.sh start
	@.venv/bin/python bench/soak.py $(SOAK)
