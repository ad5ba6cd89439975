#!/usr/bin/env bash
# Tests the artifacts tools/dist/dist.sh wrote under dist/, as a team without Go meets them,
# reaching no registry (tools/dist/setup.sh fetched, pinned, what the scratch projects need):
#   - SHA256SUMS verifies, and every archive, npm package and wheel holds the binary of the
#     platform its name says, executable, each archive at most 10 MB (all six platforms);
#   - this machine's archive unpacks, and its binary's -version names the version and commit;
#   - the npm tarballs (the main package and this platform's) install into a scratch project,
#     `npx slackmock -version` runs, and its node:test suite passes with @slack/web-api, after
#     tsc checks a TypeScript use of the types and the Vitest and Jest suites; then the same
#     service's test passes under Vitest (TypeScript) and Jest (ES modules), its tests run at
#     once, each on an org of its own;
#   - the wheel installs into a fresh venv with --no-index, the `slackmock` command runs, and a
#     scratch pytest project passes with slack_sdk, alone and with `-n 4` (pytest-xdist);
# then measures the first answer after start and what an org of its own costs a test.
# TEST_DIST_MEASURE=0 skips the measurements.
set -euo pipefail
shopt -s nullglob
# The binaries under test are the packages' own, never one named from outside.
unset SLACKMOCK_BIN
cd "$(dirname "$0")/../.."
root=$PWD
cache=$root/tools/dist/.cache
scratch=$root/tools/dist/scratch

[[ -f dist/work/release.env ]] || { echo "test-dist: no dist/work/release.env: run tools/dist/dist.sh first" >&2; exit 1; }
# version, pep440, commit, platforms
source dist/work/release.env

case "$(uname -s)" in
  Linux) goos=linux npm_os=linux ;;
  Darwin) goos=darwin npm_os=darwin ;;
  *) echo "test-dist: runs on Linux or macOS" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) goarch=amd64 npm_cpu=x64 ;;
  aarch64 | arm64) goarch=arm64 npm_cpu=arm64 ;;
  *) echo "test-dist: no build for $(uname -m)" >&2; exit 1 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== checksums and contents"
(cd dist && sha256sum --check --strict --quiet SHA256SUMS)
python3 tools/dist/artifacts.py check dist
echo "ok: $(wc -l <dist/SHA256SUMS) artifacts, each the platform its name says"
# …and the check refuses what it must: another platform's binary, one not executable, one
# dynamically linked, an archive over 10 MB.
(cd tools/dist && SLACKMOCK_DIST_BIN="$root/dist/work/bin" "$cache/build-venv/bin/python" -m pytest \
  -q -p no:cacheprovider test_artifacts.py)

echo "== release archive ($goos/$goarch)"
mkdir "$work/archive"
tar -xzf "dist/slackmock_${version}_${goos}_${goarch}.tar.gz" -C "$work/archive"
got=$("$work/archive/slackmock" -version)
echo "$got"
want="slackmock v$version (commit $commit), built with go"
[[ $got == "$want"* ]] || { echo "test-dist: -version says \"$got\", want \"$want…\"" >&2; exit 1; }

echo "== npm: @slack-contracts/slackmock and its $npm_os-$npm_cpu package, offline"
mkdir "$work/node"
cp "$scratch"/node/{package.json,package-lock.json,tsconfig.json,*.ts,*.mjs} "$work/node/"
(
  cd "$work/node"
  # Both tarballs at once: the main package's optional dependency on the platform package, at
  # its exact version, is met by the one installed beside it. The registry is never asked.
  npm install --offline --no-audit --no-fund --no-save \
    "$root/dist/slack-contracts-slackmock-$version.tgz" \
    "$root/dist/slack-contracts-slackmock-$npm_os-$npm_cpu-$version.tgz"
  got=$(npx --offline slackmock -version)
  echo "npx slackmock -version: $got"
  [[ $got == "$want"* ]] || { echo "test-dist: npx slackmock -version says \"$got\"" >&2; exit 1; }
  npm test
  # The helper under the other runners its README names, as their users run them: Vitest's
  # `vitest run`, Jest's with node --experimental-vm-modules for ES modules (the npm scripts).
  npm run test:vitest
  npm run test:jest
)

echo "== pip: the slackmock wheel in a fresh venv, --no-index"
python3 -m venv "$work/venv"
pip=("$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index)
"${pip[@]}" --find-links "$cache/wheelhouse" --require-hashes -r "$scratch/python/requirements.txt"
"${pip[@]}" --find-links dist "slackmock==$pep440"
got=$("$work/venv/bin/slackmock" -version)
echo "slackmock -version (console script): $got"
[[ $got == "$want"* ]] || { echo "test-dist: the console script says \"$got\"" >&2; exit 1; }
mkdir "$work/py"
cp "$scratch"/python/test_*.py "$work/py/"
(
  cd "$work/py"
  "$work/venv/bin/python" -m pytest -p no:cacheprovider
  "$work/venv/bin/python" -m pytest -p no:cacheprovider -n 4
)

if [[ ${TEST_DIST_MEASURE:-1} != 0 ]]; then
  echo "== measurements"
  for f in dist/*.tar.gz dist/*.zip; do
    printf 'archive %s: %d bytes\n' "${f#dist/}" "$(wc -c <"$f")"
  done
  python3 tools/dist/firstanswer.py --runs 20 "archive=$work/archive/slackmock" \
    "npm launcher=$work/node/node_modules/.bin/slackmock" "pip console script=$work/venv/bin/slackmock"
  (cd "$work/node" && node orgcost.mjs 500)
  cp -r "$scratch/python/orgcost" "$work/orgcost"
  (cd "$work/orgcost" && "$work/venv/bin/python" -m pytest -p no:cacheprovider -q | grep -E "org of its own|passed|failed")
fi
echo "test-dist: ok"
