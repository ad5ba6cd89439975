#!/usr/bin/env bash
# Runs Schemathesis over every operation of the kit's openapi.yaml and of the mock's
# control.yaml against fresh slackmocks (run.py says how). Sets up .venv from requirements.txt first, again whenever the lock
# changes, and lints this folder's Python with ruff. SLACKMOCK_BIN names a built slackmock;
# unset, one is built into .venv/ first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

# shellcheck source=../venv.sh
. ../venv.sh
venv .
if [ -z "${SLACKMOCK_BIN:-}" ]; then
  (cd ../.. && go build -o "$here/.venv/slackmock" ./mock/cmd/slackmock)
  export SLACKMOCK_BIN=$here/.venv/slackmock
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python run.py
