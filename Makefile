# sdkgen: `make sdk` builds the Commanders Act SDK, `make test` runs the test suite.
# Both create the virtual environment on first use. The spec path comes from SDKGEN_SPEC
# (CI points it at ../shared/specs/commandersact/openapi.json); by default it is the copy
# `make spec` downloads next to the config, else the shared copy beside the project.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
API ?= commandersact
CONFIG := specs/$(API)/sdkgen.yaml
SDKGEN_SPEC ?= $(firstword $(wildcard specs/$(API)/openapi.json) \
	$(wildcard ../shared/specs/$(API)/openapi.json) specs/$(API)/openapi.json)
OUTPUT ?= generated/$(API)
PYTEST_ARGS ?=
FORMAT ?= markdown

export SDKGEN_SPEC

.PHONY: help venv sdk spec update check diff test lint snapshots bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed ## create the virtual environment and install sdkgen

# Node tools of the tests (the Prism mock server), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

sdk: venv ## generate the SDK into generated/$(API) from $(SDKGEN_SPEC) (CHANGELOG.md entry on change)
	@test -f "$(SDKGEN_SPEC)" || { echo "no spec at $(SDKGEN_SPEC): run 'make spec' or set SDKGEN_SPEC" >&2; exit 2; }
	$(PY) -m generator generate "$(SDKGEN_SPEC)" --config $(CONFIG) --output $(OUTPUT)

spec: venv ## download the vendor's spec (source in the config; SOURCE=... overrides) + lock file
	$(PY) -m generator download --config $(CONFIG) $(if $(SOURCE),--source "$(SOURCE)")

update: venv ## download, validate, regenerate, bump, changelog in one step (SOURCE=..., SUMMARY=file.md)
	@$(PY) -m generator update --config $(CONFIG) --output $(OUTPUT) $(if $(SOURCE),--source "$(SOURCE)") \
		$(if $(SUMMARY),--summary "$(SUMMARY)") $(if $(VERSION),--version "$(VERSION)"); \
	code=$$?; if [ $$code -eq 3 ]; then echo "make update: the spec or the SDK changed: review and commit" >&2; exit 0; fi; exit $$code

check: venv ## exit 1 (with a diff) when generated/$(API) is not what $(SDKGEN_SPEC) generates
	@test -f "$(SDKGEN_SPEC)" || { echo "no spec at $(SDKGEN_SPEC): run 'make spec' or set SDKGEN_SPEC" >&2; exit 2; }
	$(PY) -m generator check "$(SDKGEN_SPEC)" --config $(CONFIG) --output $(OUTPUT)

diff: venv ## changelog between two specs: make diff OLD=a.json NEW=b.json [FORMAT=json]
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make diff OLD=old-spec NEW=new-spec [FORMAT=markdown|json]" >&2; exit 2; }
	$(PY) -m generator diff "$(OLD)" "$(NEW)" --config $(CONFIG) --format $(FORMAT)

test: venv node_modules/.installed ## run the test suite
	$(PY) -m pytest $(PYTEST_ARGS)

# generator/ includes the SDK runtime (generator/runtime/), which every SDK gets as it is: it must
# also be what `ruff format` makes of it, for users who format with ruff.
lint: venv ## ruff, black --check and mypy --strict on the generator (SDK runtime included) and tests
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/black --check generator tests
	$(VENV)/bin/ruff format --check --isolated --line-length 100 --target-version py310 generator/runtime
	$(VENV)/bin/mypy generator

snapshots: venv ## regenerate the golden files of tests/fixtures and the CA surface snapshot
	SDKGEN_UPDATE_SNAPSHOTS=1 $(PY) -m pytest tests/test_snapshots.py tests/release/test_surface.py -q

bench: venv ## benchmarks against openapi-python-client and openapi-generator (peers go to benchmarks/.venv)
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

clean: ## remove generated output and caches (not the virtual environment)
	rm -rf generated/* .pytest_cache .mypy_cache .ruff_cache
