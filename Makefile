# Quick start: `make serve` (set up, index seeds/, serve on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup serve index test test-fast bench clean translations solr-up solr-down

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# Exit code 3 means some files were skipped (the report lists them): serve all the same.
index: setup
	$(BIN)/search index || test $$? = 3

serve: index
	$(BIN)/search serve --host $(HOST) --port $(PORT)

# The suite runs against a real SolrCloud: started here unless one runs already (make solr-up), and
# then stopped whatever the outcome. Without Java/Maven the Solr tests skip, except in CI where they fail.
test: setup
	@started=; \
	if ! $(PYTHON) solr/cluster.py status >/dev/null 2>&1; then \
		trap '$(PYTHON) solr/cluster.py down' EXIT; trap 'exit 130' INT TERM; started=1; \
		$(PYTHON) solr/cluster.py up || echo "warning: no SolrCloud (see above); the Solr tests will start one or skip" >&2; \
	fi; \
	$(BIN)/python -m pytest

# The inner loop: everything but the slow, browser and SolrCloud tests (make test still runs them all).
test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not browser and not solr"

# After changing an interface string: extract, merge into web/translations/fr (then translate
# the new entries in messages.po), compile the .mo files (committed, so installs need no step).
translations: setup
	$(BIN)/pybabel extract -F web/babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location --sort-output \
		-o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations --width 120
	$(BIN)/pybabel compile -d web/translations --statistics

# The local SolrCloud (solr/cluster.py): ZooKeeper and 2 Solr nodes on 127.0.0.1, one process each,
# described in solr/run/cluster.json; needs Java 17 and Maven (the launcher is built on first use).
solr-up:
	$(PYTHON) solr/cluster.py up

solr-down:
	$(PYTHON) solr/cluster.py down

BENCH_INDEX ?= bench/out/corpus-index

bench: setup
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/index_speed.py
	$(BIN)/search index --corpus ../shared/corpus --index $(BENCH_INDEX) || test $$? = 3
	$(BIN)/python bench/query_speed.py --index $(BENCH_INDEX)
	$(BIN)/python bench/load.py --index $(BENCH_INDEX)
	$(BIN)/python bench/crosslang.py

clean:
	rm -rf $(VENV) index/MAIN_* index/_MAIN_* index/*.json index/sync.lock
