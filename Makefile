# Two commands are all a user needs: `make lab` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8888
LAB_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: setup lab test browser bench static clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[all,test]"
	$(VENV)/bin/jupyter labextension disable --level=sys_prefix "@jupyterlab/apputils-extension:announcements" >/dev/null
	touch $(STAMP)

setup: $(STAMP)

lab: setup
	$(VENV)/bin/jupyter lab --no-browser $(ROOT_FLAG) --ServerApp.port=$(PORT) --ServerApp.root_dir=notebooks $(LAB_ARGS)

# Chromium drives the real JupyterLab page in the browser test (Debian's package, no download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium for the browser test: sudo apt-get install chromium" >&2; exit 1; fi; }

test: setup browser
	$(VENV)/bin/ruff check workbench tests bench
	$(PY) -m pytest tests notebooks --nbval --nbval-kernel-name python3 --nbval-sanitize-with tests/nbval_sanitize.cfg

# The views' front end: workbench/static/*.js are ES modules; esbuild (pinned in package.json)
# bundles each view into workbench/static/dist/, which is committed and shipped. Run after editing them.
node_modules/.bin/esbuild: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static: node_modules/.bin/esbuild
	node scripts/build_static.mjs

bench: setup
	for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
