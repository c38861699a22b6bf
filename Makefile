# Santisuk: `make run` installs and serves the system with demo data, `make test` runs the tests.
# Both are safe to repeat: nothing is reinstalled unless pyproject.toml or uv.lock changed.

PYTHON ?= python3.11
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
SANTISUK := $(VENV)/bin/santisuk
HOST ?= 127.0.0.1:8000

export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup run serve data test lint format

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON) --quiet
	touch $@

# Country borders for the offline maps: Natural Earth (public domain) as packaged by the npm
# package world-atlas, pinned by its integrity hash.
WORLD_ATLAS := $(TOOLS)/world-atlas-2.0.2/countries-50m.json
$(WORLD_ATLAS): tools/fetch_npm.py
	$(PYTHON) tools/fetch_npm.py world-atlas 2.0.2 \
	  sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ== \
	  countries-50m.json $(dir $@)

setup: $(VENV)/.synced $(WORLD_ATLAS)

data: setup
	$(SANTISUK) migrate --noinput
	$(SANTISUK) load_reference --quiet
	$(SANTISUK) demo_data

run: data
	@echo "Santisuk is serving on http://$(HOST)/ (Ctrl-C stops it)"
	$(SANTISUK) runserver $(HOST)

test: setup
	$(VENV)/bin/pytest -n auto

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
