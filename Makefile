# Two commands on a fresh machine: `make run` (set-up + build the warehouse) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv comes from PyPI when the machine lacks it; `python3 -m uv` works right after a pip install.
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
RUN := $(UV) run --frozen

export PLAN_WAREHOUSE_DB ?= $(CURDIR)/warehouse/liaocheng.duckdb
export DAGSTER_HOME ?= $(CURDIR)/dagster_home
export GX_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_DISABLE_TELEMETRY := true
DBT_ARGS := --project-dir dbt_project --profiles-dir dbt_project

.PHONY: help setup prepare run test test-fast ui sql docs lint clean bench eval chaos team-home ui-team daemon-team

help:
	@echo "make run    set up and build the whole warehouse from seeds/ into $(PLAN_WAREHOUSE_DB)"
	@echo "make test   set up and run the full test suite (lint first; two pytest workers, ~7 minutes on 2 cores)"
	@echo "make test-fast  the pure tests only: unit, gold seed, eval (under a minute, for the edit loop)"
	@echo "make ui     Dagster UI on http://127.0.0.1:3000"
	@echo "make ui-team / make daemon-team  the UI / the daemon on the team instance (PostgreSQL: DAGSTER_PG_URL)"
	@echo "make sql    read-only SQL shell on the warehouse (or: make sql Q='select ...')"
	@echo "make docs   dbt docs (catalog) and Great Expectations Data Docs"
	@echo "make lint   ruff (Python) and sqlfluff (dbt SQL); make test runs it first"
	@echo "make bench  performance benchmarks (long) into bench/results.md"
	@echo "make eval   figures against ../shared/gold (recall, precision, fields right) into bench/eval.md"
	@echo "make chaos  fault injection: 10 SIGKILLs at random moments of a refresh (several minutes)"
	@echo "analysts:   uv run plan-warehouse --help (refresh, sql, facts, findings, ask, export, scorecard)"

# --compile-bytecode: every package's .pyc written once here. Where PYTHONDONTWRITEBYTECODE is set (CI,
# containers), Python would otherwise compile every module it imports again in every process: seconds
# of each refresh's and each dbt start-up's time. Our own package is compiled too (__pycache__ is ignored).
setup:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv>=0.9"
	$(UV) sync --frozen --compile-bytecode --extra team
	@$(RUN) python -m compileall -q orchestration
	@mkdir -p "$(DAGSTER_HOME)" "$(dir $(PLAN_WAREHOUSE_DB))"

# dagster-dbt reads dbt's manifest at load time; outside `dagster dev` nobody else writes it.
# Parsed with the profile a refresh uses (its build file, named by orchestration.storage.files) so that
# the first refresh can parse partially.
prepare: setup
	$(RUN) python -m orchestration.storage.files parse $(DBT_ARGS) --quiet

run: prepare
	$(RUN) python -m orchestration.refresh.build

# The browser checks need Debian's chromium (+ a CJK font): installed here when missing and possible.
# Most of the suite's time is whole refreshes, each about one core busy: two pytest-xdist workers
# (TEST_WORKERS=0: one process). The tests that share one refresh stay on one worker (tests/conftest.py:
# SHARED_REFRESH_TESTS and its xdist scheduler); each worker builds the session's seed warehouse once.
TEST_WORKERS ?= 2
test: prepare lint
	@bash scripts/ensure_chromium.sh
	@bash scripts/ensure_postgres.sh
	$(RUN) pytest -n $(TEST_WORKERS) --durations=25

# The edit loop: pure Python only (no Dagster run, no dbt, no subprocess refresh), under a minute: on the
# same two xdist workers (2026-12-06: 40 s; 67 s in one process, its GX and dbt worker tests one after another).
FAST_TESTS := tests/unit tests/test_gold_seed.py tests/test_eval.py tests/test_refresh_selection.py
test-fast: setup
	$(RUN) pytest -q -n $(TEST_WORKERS) $(FAST_TESTS)

# Lint as a habit (run by make test): ruff on the Python (pyproject [tool.ruff]), sqlfluff on the dbt SQL
# (dbt_project/.sqlfluff: DuckDB dialect, dbt's Jinja rendered without a warehouse).
lint: setup
	$(RUN) ruff check orchestration bench tests
	$(RUN) sqlfluff lint dbt_project/models dbt_project/analyses

ui: prepare
	$(RUN) dagster dev -h 127.0.0.1 -p 3000

# The team instance (deploy/team/dagster.yaml: runs, events and schedules in PostgreSQL at $DAGSTER_PG_URL,
# run monitoring, a queue for several users): copied into DAGSTER_TEAM_HOME, which the webserver and the
# daemon (two processes, started separately, on any machines that see the same code) both point at.
DAGSTER_TEAM_HOME ?= $(CURDIR)/dagster_home_team
TEAM_UI_HOST ?= 127.0.0.1
team-home: prepare
	@test -n "$$DAGSTER_PG_URL" || { echo "set DAGSTER_PG_URL=postgresql+psycopg2://USER:PASSWORD@HOST:5432/DB (README: Team deployment)"; exit 2; }
	@mkdir -p "$(DAGSTER_TEAM_HOME)" && cp deploy/team/dagster.yaml "$(DAGSTER_TEAM_HOME)/dagster.yaml"
	DAGSTER_HOME="$(DAGSTER_TEAM_HOME)" $(RUN) dagster instance migrate

ui-team: team-home
	DAGSTER_HOME="$(DAGSTER_TEAM_HOME)" $(RUN) dagster-webserver -h $(TEAM_UI_HOST) -p 3000 -m orchestration.defs.definitions

daemon-team: team-home
	DAGSTER_HOME="$(DAGSTER_TEAM_HOME)" $(RUN) dagster-daemon run -m orchestration.defs.definitions

sql: setup
	$(RUN) plan-warehouse sql $(if $(Q),"$(Q)")

# dbt's catalog is read from a copy: dbt-duckdb opens its database read-write.
docs: prepare
	@test -f "$(PLAN_WAREHOUSE_DB)" || { echo "no warehouse at $(PLAN_WAREHOUSE_DB): run make run first"; exit 2; }
	@tmp=$$(mktemp -d) && cp "$(PLAN_WAREHOUSE_DB)" "$$tmp/catalog.duckdb" && \
	  PLAN_WAREHOUSE_DB="$$tmp/catalog.duckdb" $(RUN) dbt docs generate $(DBT_ARGS) --quiet; rc=$$?; rm -rf "$$tmp"; exit $$rc
	$(RUN) python -m orchestration.analyst.data_docs
	@echo "dbt docs: dbt_project/target/index.html (or: $(RUN) dbt docs serve $(DBT_ARGS) --host 127.0.0.1)"

# The performance bench (long: 1,000-document builds); writes bench/results.md and bench/results.json.
bench: prepare
	$(RUN) python -m bench.run

# The yardstick: the production reading path against the independent gold (pure Python, seconds).
eval: setup
	$(RUN) python -m bench.eval

# Fault injection (long, not in make test): KILLS SIGKILLs at seeded random moments of a forced refresh.
KILLS ?= 10
SEED ?= 12
chaos: prepare
	$(RUN) python tests/chaos.py --kills $(KILLS) --seed $(SEED)

clean:
	rm -rf dbt_project/target dbt_project/logs .pytest_cache
