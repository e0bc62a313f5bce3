# The two commands of the README. Each does all its own set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint docs fuzz system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: build data/raw and data/raw/dev (seed + development corpus), validate, print the gap, owner, deadline and target reports, write build/graph.html and build/report.html
demo: $(STAMP)
	$(BIN)/graphbuild build data/raw data/raw/dev -o build/graph.ttl
	$(BIN)/graphbuild validate build/graph.ttl
	$(BIN)/graphbuild report gaps --graph build/graph.ttl
	$(BIN)/graphbuild report owners --graph build/graph.ttl
	$(BIN)/graphbuild report deadlines --graph build/graph.ttl
	$(BIN)/graphbuild report targets --graph build/graph.ttl
	$(BIN)/graphbuild render --graph build/graph.ttl -o build/graph.html
	$(BIN)/graphbuild report all --format html --graph build/graph.ttl -o build/report.html

## docs: the ontology's documentation by pyLODE (tests/test_docs.py builds it in CI)
docs: $(STAMP)
	mkdir -p build
	$(BIN)/python -c "from pylode import OntPub; OntPub(ontology='ontology/graphbuild.ttl').make_html(destination='build/ontology.html')"
	@echo "wrote build/ontology.html"

## system-deps: Debian's Chromium (Playwright drives it; no driver needed) and CJK fonts for the browser tests,
## Virtuoso (the second SPARQL server of the cross-store tests)
system-deps:
	@dpkg -s chromium fonts-wqy-microhei virtuoso-opensource >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-wqy-microhei virtuoso-opensource >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check graphbuild tests benchmarks

## test: the whole suite (lint, unit, gold, SHACL, SPARQL on every store, browser, notebook)
test: $(STAMP) system-deps lint
	$(BIN)/pytest -q

## fuzz: the property-based tests with many examples each (FUZZ_EXAMPLES, default 10000; derandomised)
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	GRAPHBUILD_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider --hypothesis-show-statistics tests/test_fuzz.py

clean:
	rm -rf build .pytest_cache
