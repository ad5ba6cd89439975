#!/usr/bin/env bash
# Runs Schemathesis over every operation of the kit's openapi.yaml against a fresh slackmock
# (run.py says how). Sets up .venv from requirements.txt first, again whenever the lock
# changes, and lints this folder's Python with ruff. SLACKMOCK_BIN names a built slackmock;
# unset, one is built into .venv/ first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

if ! cmp -s requirements.txt .venv/requirements.txt; then
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
  cp requirements.txt .venv/requirements.txt
fi
if [ -z "${SLACKMOCK_BIN:-}" ]; then
  (cd ../.. && go build -o "$here/.venv/slackmock" ./mock/cmd/slackmock)
  export SLACKMOCK_BIN=$here/.venv/slackmock
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python run.py
