# The verbs of the kit. `make` alone lists them. Needs Go, git, Node.js 20.19+ with npm,
# Python 3.11+ with venv and pip, and Java 17+ with Maven.

STATICCHECK = honnef.co/go/tools/cmd/staticcheck@v0.7.0
# gotestsum runs go test and shows each package's tests as they pass (a dot each), then what
# failed, with its output.
GOTESTSUM = gotest.tools/gotestsum@v1.13.0
LINT_DIR = tools/lint
# npm writes this file on every install: it is older than the lockfile when the linter needs (re)installing.
LINT_STAMP = $(LINT_DIR)/node_modules/.package-lock.json
# The suites in other languages that run against the mock binary, and their install stamps.
NODE_SUITES = contract/node examples/typescript contract/prism
NODE_STAMPS = $(addsuffix /node_modules/.package-lock.json,$(NODE_SUITES))
# The Python suite's virtual environment, installed from its hashed lock.
PY_SUITE = contract/python
PY_STAMP = $(PY_SUITE)/.venv/.installed
# The Java suite, built by Maven; setup fetches what it needs, and the tests run offline.
JAVA_SUITE = contract/java/pom.xml
MVN = mvn -B -ntp -Dstyle.color=never
MOCK_BIN = bin/slackmock
# The rendered API references the mock binary embeds and serves (package mock/reference), and
# Redocly CLI as `make lint` runs it. REFERENCE_PAGES must stay in step with `docs`.
REFERENCE = mock/reference
REFERENCE_PAGES = $(REFERENCE)/api.html $(REFERENCE)/control.html
REDOCLY = REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true ./node_modules/.bin/redocly
# The browser mock/reference's test opens the pages in: Debian's package, which setup installs.
CHROMIUM ?= /usr/bin/chromium
# How long `make fuzz` fuzzes each target: a duration, or a count of runs such as 500000x
# (a count has no deadline: Go 1.26 can fail a timed run at its deadline with no crasher,
# go.dev/issue/75804). FUZZTIME_API is the client's target's, which runs faster.
FUZZTIME = 60s
FUZZTIME_API = $(FUZZTIME)
# The packages with fuzz targets; `make fuzz` runs every target each of them lists.
FUZZ_PACKAGES = ./mock ./mock/org ./api

.PHONY: help setup setup-java setup-dist generate check lint lint-python lint-dist test test-go test-node test-python test-java test-generators test-schemathesis dist test-dist bench load fuzz mock docs FORCE

help: ## List the verbs
	@grep -E '^[a-z-]+:.*## ' Makefile | awk 'BEGIN { FS = ":.*## " } { printf "  make %-18s %s\n", $$1, $$2 }'

setup: $(LINT_STAMP) $(NODE_STAMPS) $(PY_STAMP) setup-java setup-dist ## Download the Go modules, the pinned spec linter, the Node, Python and Java suites' packages and (as root, with apt) Chromium and curl
	go mod download
	go run $(GOTESTSUM) --version >/dev/null
	@missing=""; test -x $(CHROMIUM) || missing=" chromium"; command -v curl >/dev/null || missing="$$missing curl"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "setup: installing Debian's$$missing: for the browser test of mock/reference and the README's shell blocks" && \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else echo "setup: missing$$missing: the tests that need them will skip (as root: apt-get install$$missing)" >&2; fi; fi

generate: ## Regenerate gen/ from openapi.yaml
	go generate ./...

check: ## Everything CI checks but the tests: gen/ and mock/reference/ drift, go.mod tidiness, gofmt, vet, staticcheck, spec lint, ruff and mypy; quiet but for what fails
	@echo "== check: make generate, docs, lint, lint-python and lint-dist; gen/ and $(REFERENCE)/ committed; go mod tidy, gofmt, go vet, staticcheck"
	@tools/quietly 'make generate' $(MAKE) --no-print-directory generate
	@tools/quietly 'make docs' $(MAKE) --no-print-directory docs
	@tools/quietly 'make lint' $(MAKE) --no-print-directory lint
	@tools/quietly 'make lint-python' $(MAKE) --no-print-directory lint-python
	@tools/quietly 'make lint-dist' $(MAKE) --no-print-directory lint-dist
	@git diff --exit-code -- gen || { echo 'gen/ does not match openapi.yaml: run `make generate` and commit gen/' >&2; exit 1; }
	@new=$$(git ls-files --others --exclude-standard -- gen); test -z "$$new" || { echo "gen/ has new files: commit them or fix gen/oapi-codegen.yaml:" >&2; echo "$$new" >&2; exit 1; }
	@git diff --exit-code --stat -- $(REFERENCE_PAGES) || { echo '$(REFERENCE)/ does not match openapi.yaml and mock/control.yaml: run `make docs` and commit it' >&2; exit 1; }
	@new=$$(git ls-files --others --exclude-standard -- $(REFERENCE_PAGES)); test -z "$$new" || { echo "$(REFERENCE)/ has pages not committed:" >&2; echo "$$new" >&2; exit 1; }
	@tools/quietly 'go mod tidy -diff' go mod tidy -diff
	@out=$$(gofmt -l .); test -z "$$out" || { echo "gofmt -w needed on:" >&2; echo "$$out" >&2; exit 1; }
	@tools/quietly 'go vet' go vet ./...
	@tools/quietly staticcheck go run $(STATICCHECK) ./...
	@echo "check: all pass"

lint: $(LINT_STAMP) ## Lint openapi.yaml and the mock's control API spec with the pinned Redocly CLI (its report only when it fails)
	@cd $(LINT_DIR) && ../quietly 'redocly lint' env $(REDOCLY) lint --config redocly.yaml ../../openapi.yaml ../../mock/control.yaml
	@echo "lint: openapi.yaml and mock/control.yaml pass Redocly's recommended-strict rules"

lint-python: $(PY_STAMP) ## Lint and format-check the Python suite with its pinned ruff, and type-check it (and the slackmock package it runs on) with mypy
	cd $(PY_SUITE) && .venv/bin/ruff check --quiet && .venv/bin/ruff format --check --quiet && .venv/bin/mypy .

test: test-go test-node test-python test-java test-generators test-schemathesis test-dist ## Run every test: Go (race detector on), then the suites in other languages against the mock binary

test-go: ## Run the Go tests with the race detector, saying what runs as it goes
	@echo "== Go tests, with the race detector (a few minutes on 2 cores: a dot a test as it passes)"
	@go run $(GOTESTSUM) --format dots --format-hide-empty-pkg -- -race ./...

$(MOCK_BIN): FORCE
	@go build -o $(MOCK_BIN) ./mock/cmd/slackmock

test-node: $(NODE_STAMPS) $(MOCK_BIN) ## Run the Slack Node SDK (and Bolt) contract test, the generated TypeScript client's tests and the Prism proxy test against the mock binary
	@for suite in $(NODE_SUITES); do echo "== $$suite"; SLACKMOCK_BIN=$(CURDIR)/$(MOCK_BIN) npm --prefix $$suite test || exit 1; done

test-python: $(PY_STAMP) $(MOCK_BIN) ## Run Slack's Python SDK (WebClient, AsyncWebClient) and Bolt for Python against the mock binary
	@echo "== $(PY_SUITE)"
	cd $(PY_SUITE) && SLACKMOCK_BIN=$(CURDIR)/$(MOCK_BIN) .venv/bin/pytest -q

test-java: $(MOCK_BIN) ## Run Slack's Java SDK against the mock binary (offline: setup fetched what Maven needs)
	@echo "== contract/java"
	SLACKMOCK_BIN=$(CURDIR)/$(MOCK_BIN) $(MVN) -o -q -f $(JAVA_SUITE) test

test-generators: $(MOCK_BIN) ## Generate python, java and go clients from openapi.yaml with openapi-generator, compile them and run them against the mock binary
	SLACKMOCK_BIN=$(CURDIR)/$(MOCK_BIN) bash contract/openapi-generator/test.sh

test-schemathesis: $(MOCK_BIN) ## Run Schemathesis over every operation of openapi.yaml and of mock/control.yaml against fresh mock binaries, deterministically
	@echo "== contract/schemathesis"
	SLACKMOCK_BIN=$(CURDIR)/$(MOCK_BIN) bash contract/schemathesis/run.sh

dist: ## Build dist/: slackmock for Linux, macOS and Windows on x64 and arm64 as archives, npm packages and wheels, with SHA256SUMS (the version from the git tag, or SLACKMOCK_VERSION)
	bash tools/dist/dist.sh

test-dist: dist ## Test dist/ offline as users meet it: the checksums, every artifact, an archive's binary, the npm packages under node:test, Vitest and Jest with @slack/web-api, the wheel under pytest (also -n 4) with slack_sdk
	@echo "== dist/"
	bash tools/dist/test.sh

setup-dist: ## Install, pinned, what dist and test-dist need: TypeScript for the npm package, hatchling, ruff and mypy, the scratch projects' packages
	bash tools/dist/setup.sh

lint-dist: setup-dist ## ruff and mypy over the pip package and the scripts of tools/dist
	tools/dist/.cache/build-venv/bin/ruff check --quiet --config python/pyproject.toml python tools/dist
	tools/dist/.cache/build-venv/bin/ruff format --check --quiet --config python/pyproject.toml python tools/dist
	tools/dist/.cache/build-venv/bin/mypy --config-file python/pyproject.toml python/src python/hatch_build.py tools/dist/artifacts.py tools/dist/test_artifacts.py tools/dist/firstanswer.py

setup-java: ## Fetch the Java suite's pinned SDK, JUnit and Maven plugins, and compile it
	$(MVN) -q -f $(JAVA_SUITE) -DskipTests test

bench: ## Run the Go benchmarks in BENCH_COUNT (3) rounds and print the pairs the performance targets compare (BENCH='regexp' for some)
	bash load/bench.sh

load: ## Drive the mock binary, a bare echo server and Prism (where npm is; LOAD_PRISM=0 not) with wrk in rounds, then time the binary's first answer; LOAD_SECONDS=60 for a soak
	bash load/run.sh

fuzz: ## Run every fuzz target for FUZZTIME (60s) each (FUZZTIME_API for the client's); run it before each submission, commit what it finds as seeds
	@for pkg in $(FUZZ_PACKAGES); do \
	  time=$(FUZZTIME); [ $$pkg = ./api ] && time=$(FUZZTIME_API); \
	  for target in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$target ($$pkg, $$time)"; \
	    go test -run '^$$' -fuzz "^$$target\$$" -fuzztime $$time $$pkg || exit 1; \
	  done; \
	done

# The binary is built first and then replaces the recipe's shell (exec), so that it is make's
# only child and gets Ctrl-C and SIGTERM itself: it stops cleanly and exits 0, leaving nothing
# behind (`go run` would leave its child between them).
mock: ## Run the fake Slack on loopback, built to bin/slackmock (flags go in ARGS='...', such as ARGS='-h')
	@test -x $(MOCK_BIN) || echo 'building slackmock… (the first build compiles the module: it takes a while)'
	@go build -o $(MOCK_BIN) ./mock/cmd/slackmock
	@exec ./$(MOCK_BIN) $(ARGS)

docs: $(LINT_STAMP) ## Render openapi.yaml and mock/control.yaml to self-contained HTML in mock/reference/ (served at /docs and /_mock/docs)
	@cd $(LINT_DIR) && ../quietly 'redocly build-docs openapi.yaml' env $(REDOCLY) build-docs --config redocly.yaml --inlineBundle --openapi.router=history --openapi.basePath=/docs --output ../../$(REFERENCE)/api.html ../../openapi.yaml
	@cd $(LINT_DIR) && ../quietly 'redocly build-docs mock/control.yaml' env $(REDOCLY) build-docs --config redocly.yaml --inlineBundle --openapi.router=history --openapi.basePath=/_mock/docs --output ../../$(REFERENCE)/control.html ../../mock/control.yaml
	@tools/quietly finish go run ./$(REFERENCE)/internal/finish $(REFERENCE_PAGES)
	@echo "docs: rendered $(REFERENCE_PAGES)"

$(LINT_STAMP): $(LINT_DIR)/package.json $(LINT_DIR)/package-lock.json
	cd $(LINT_DIR) && npm ci --no-audit --no-fund

%/node_modules/.package-lock.json: %/package.json %/package-lock.json
	npm --prefix $* ci --no-audit --no-fund

$(PY_STAMP): $(PY_SUITE)/requirements.txt
	python3 -m venv $(PY_SUITE)/.venv
	$(PY_SUITE)/.venv/bin/pip install --quiet --disable-pip-version-check --require-hashes -r $(PY_SUITE)/requirements.txt
	touch $@

FORCE:
