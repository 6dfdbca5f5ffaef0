# Two commands do all the set-up on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test serve edit check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# The checkers the browser tests run (axe-core, vnu-jar), pinned by tests/node/package-lock.json.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; we use the system's.
NODE_TOOLS := tests/node/node_modules/.installed
$(NODE_TOOLS): tests/node/package.json tests/node/package-lock.json
	npm ci --prefix tests/node --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Decap CMS for the admin at /quan-tri/ (and the YAML library it uses), pinned by admin/package-lock.json,
# served from the site itself. --ignore-scripts: nothing is downloaded besides the npm packages.
ADMIN_TOOLS := admin/node_modules/.installed
$(ADMIN_TOOLS): admin/package.json admin/package-lock.json
	npm ci --prefix admin --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Decap is installed for `make build` only when site.toml publishes the admin ([admin] publish = true):
# a site without it builds with Python alone (no npm on the server or in a python-only CI image).
ADMIN_PUBLISHED := $(shell $(PYTHON) -c "import tomllib; print(tomllib.load(open('site.toml', 'rb')).get('admin', {}).get('publish', False))" 2>/dev/null)

build: $(STAMP) $(if $(filter True,$(ADMIN_PUBLISHED)),$(ADMIN_TOOLS))
	$(BIN)/python build.py build

test: $(STAMP) $(NODE_TOOLS) $(ADMIN_TOOLS)
	$(BIN)/python -m pytest

# Live preview on http://127.0.0.1:8000 (PORT=8080 make serve to change the port).
serve: $(STAMP)
	$(BIN)/python build.py serve --port $(or $(PORT),8000)

# The preview with the admin: write in the browser at http://127.0.0.1:8000/quan-tri/, saved into content/.
edit: $(STAMP) $(ADMIN_TOOLS)
	$(BIN)/python build.py serve --admin --port $(or $(PORT),8000)

# Content checks without writing public/; CHECK_ARGS=--strict makes warnings fail too.
check: $(STAMP)
	$(BIN)/python build.py check $(CHECK_ARGS)

# Speed is measured here, never in tests: `make bench` (1,000 and 10,000 articles, with Hugo when
# installed); `make bench BENCH_ARGS=--large` adds 50,000. Writes bench/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf public .public.staging .public.old .public.lock .cache
