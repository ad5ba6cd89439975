#!/usr/bin/env bash
# Generates openapi-generator's clients from the kit's openapi.yaml, compiles them and runs
# their tests against slackmock:
#
#   test.sh [python] [java] [go]      (no argument: all three)
#
# The generated code goes to build directories (python/build, java/target, go/build), never
# committed. SLACKMOCK_BIN names a built slackmock; unset, one is built into build/ first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ -z "${SLACKMOCK_BIN:-}" ]; then
  (cd "$repo" && go build -o "$here/build/slackmock" ./mock/cmd/slackmock)
  export SLACKMOCK_BIN=$here/build/slackmock
fi

# shellcheck source=../venv.sh
. "$here/../venv.sh"

python_suite() {
  cd "$here/python"
  venv .
  ../generate.sh python build/client --package-name slack_client \
    --additional-properties hideGenerationTimestamp=true,disallowAdditionalPropertiesIfNotPresent=false
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  .venv/bin/pytest
}

java_suite() {
  cd "$here/java"
  mvn -B --no-transfer-progress test
}

go_suite() {
  cd "$here/go"
  ../generate.sh go build/slack --package-name slack \
    --additional-properties withGoMod=false,hideGenerationTimestamp=true,disallowAdditionalPropertiesIfNotPresent=false
  # The generator does not format its output; gofmt does, so that `gofmt -l .` at the root
  # of the repository stays quiet after a run.
  gofmt -w build/slack
  go vet ./...
  go test -count=1 ./...
}

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(python java go)
failed=()
for s in "${suites[@]}"; do
  case $s in
    python | java | go) ;;
    *) echo "test.sh: no suite $s (python, java, go)" >&2 && exit 2 ;;
  esac
  echo "== openapi-generator: $s"
  ("${s}_suite") || failed+=("$s")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "openapi-generator: failed: ${failed[*]}" >&2
  exit 1
fi
