# The two commands of the README. Each does all its own set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fuzz system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: build the graph from data/raw, validate it, print the gap report, write build/graph.html
demo: $(STAMP)
	$(BIN)/graphbuild build data/raw -o build/graph.ttl
	$(BIN)/graphbuild validate build/graph.ttl
	$(BIN)/graphbuild report gaps --graph build/graph.ttl
	$(BIN)/graphbuild render --graph build/graph.ttl -o build/graph.html

## system-deps: Debian's Chromium and its driver, for the browser tests
system-deps:
	@dpkg -s chromium chromium-driver fonts-wqy-microhei >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null; }

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
