# Two entry points: `make serve` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INDEX_DIR ?= index
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install index serve browser test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# the local CPU build of torch first, or pip pulls gigabytes of CUDA packages
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

index: install
	$(BIN)/scrutiny index corpus --index-dir $(INDEX_DIR)

serve: index
	$(BIN)/scrutiny serve --index-dir $(INDEX_DIR)

# the browser tests drive Debian's chromium; install it when it is missing (CI runs as root)
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -q && sudo apt-get install -y -q chromium; \
	  else echo "the browser tests need /usr/bin/chromium: apt-get install chromium (as root)"; exit 1; fi; \
	fi

test: install browser
	$(BIN)/pytest

clean:
	rm -rf $(VENV) $(INDEX_DIR) .pytest_cache
