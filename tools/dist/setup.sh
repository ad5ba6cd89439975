#!/usr/bin/env bash
# Installs, once, what tools/dist/dist.sh and tools/dist/test.sh need, all pinned, so that
# they reach no registry after it:
#   npm/slackmock/node_modules          TypeScript and Node's types, to compile the npm package
#   tools/dist/.cache/build-venv        hatchling and build (the wheels), ruff and mypy
#   tools/dist/.cache/wheelhouse        the wheels the Python scratch project installs
#   ~/.npm (npm's cache)                the packages the Node scratch project installs: the Slack
#                                       SDK, TypeScript, Vitest and Jest
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=tools/dist/.cache
mkdir -p "$cache"

npm --prefix npm/slackmock ci --no-audit --no-fund
# npm ci fills npm's cache with the scratch project's packages; test.sh installs them from it
# with --offline, beside the tarballs dist.sh packed.
npm --prefix tools/dist/scratch/node ci --no-audit --no-fund

if [[ ! -x $cache/build-venv/bin/python ]]; then
  python3 -m venv "$cache/build-venv"
fi
"$cache/build-venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
  -r python/build-requirements.txt
"$cache/build-venv/bin/python" -m pip download --quiet --disable-pip-version-check --require-hashes \
  --only-binary=:all: -d "$cache/wheelhouse" -r tools/dist/scratch/python/requirements.txt
