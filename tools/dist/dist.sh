#!/usr/bin/env bash
# Builds the release artifacts of slackmock under dist/, from the checked-out commit:
#   slackmock_<version>_<os>_<arch>.tar.gz (.zip for windows)   the binary and LICENSE
#   slack-contracts-slackmock-<version>.tgz                       the npm package (launcher, JS API)
#   slack-contracts-slackmock-<platform>-<version>.tgz            one npm package per platform, with the binary
#   slackmock-<version>-py3-none-<platform tag>.whl               one wheel per platform, with the binary
#   SHA256SUMS                                                    the sha256 of each of the above
# dist/work/ keeps what they were made from (the binaries, the staged npm packages) and
# dist/work/release.env the version and commit, for tools/dist/test.sh.
#
# The version is the commit's tag vX.Y.Z, the tag Go's module proxy serves to `go install
# …@vX.Y.Z`, so that the archives, npm, pip and go install name one version. An untagged commit
# gets the next patch version as a development release, X.Y.(Z+1)-dev.N, N commits after the
# last tag (0.0.1-dev.N before any tag); SLACKMOCK_VERSION=X.Y.Z[-rc.N] overrides both.
#
# Deterministic where the tools allow: go build -trimpath -buildvcs=false, every file time is
# the commit's time (SOURCE_DATE_EPOCH), archives list their files in a fixed order with fixed
# owners, and npm pack and hatchling write reproducible archives. The same commit, Go and
# tools give the same bytes.
#
# Needs Go, git, Node.js with npm, python3, and tools/dist/setup.sh run once (the pinned
# TypeScript compiler and the pinned Python build backend). DIST_PLATFORMS="linux/amd64"
# builds some platforms only (the npm package still names all six).
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/../.."
root=$PWD
cache=tools/dist/.cache

all_platforms="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"
platforms=${DIST_PLATFORMS:-$all_platforms}

# release_version prints the version the artifacts carry, without the leading v.
release_version() {
  if [[ -n ${SLACKMOCK_VERSION:-} ]]; then
    echo "${SLACKMOCK_VERSION#v}"
    return
  fi
  local tag last base n major minor patch
  if tag=$(git describe --tags --exact-match --match 'v[0-9]*' HEAD 2>/dev/null); then
    echo "${tag#v}"
    return
  fi
  if last=$(git describe --tags --abbrev=0 --match 'v[0-9]*' HEAD 2>/dev/null); then
    base=${last#v}
    n=$(git rev-list --count "$last..HEAD")
  else
    base=0.0.0
    n=$(git rev-list --count HEAD)
  fi
  IFS=. read -r major minor patch <<<"${base%%-*}"
  echo "$major.$minor.$((patch + 1))-dev.$n"
}

version=$(release_version)
# npm takes any semver; the prereleases below are those PEP 440 can say as well.
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-(alpha|beta|rc|dev)\.[0-9]+)?$ ]]; then
  echo "dist: version $version is not X.Y.Z or X.Y.Z-{alpha,beta,rc,dev}.N" >&2
  exit 1
fi
# The same version in PEP 440's words: 1.2.3-rc.1 is 1.2.3rc1, 1.2.3-dev.4 is 1.2.3.dev4.
pep440=$(sed -E 's/-alpha\./a/; s/-beta\./b/; s/-rc\./rc/; s/-dev\./.dev/' <<<"$version")
commit=$(git rev-parse --short=12 HEAD)
if [[ -n $(git status --porcelain) ]]; then
  commit+=-dirty
  echo "dist: the work tree has changes: the binaries say commit $commit" >&2
fi
export SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct HEAD)

for tool in "$cache/build-venv/bin/python" npm/slackmock/node_modules/.bin/tsc; do
  [[ -x $tool ]] || { echo "dist: $tool is missing: run tools/dist/setup.sh first" >&2; exit 1; }
done

echo "dist: slackmock $version (PEP 440: $pep440), commit $commit, for $platforms"
rm -rf dist
mkdir -p dist/work/bin

# The binaries. CGO_ENABLED=0 makes them static: the Linux one runs on glibc and musl alike.
for p in $platforms; do
  os=${p%/*} arch=${p#*/}
  exe=slackmock
  [[ $os == windows ]] && exe=slackmock.exe
  echo "dist: go build $os/$arch"
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=false \
    -ldflags "-s -w -X main.version=v$version -X main.commit=$commit" \
    -o "dist/work/bin/${os}_$arch/$exe" ./mock/cmd/slackmock
done

# The archives, each with the binary and the licence.
python3 tools/dist/artifacts.py archive --version "$version" --bin-dir dist/work/bin --license LICENSE --out dist

# The npm packages: the main one's JavaScript compiled from npm/slackmock/src, then each
# package staged with the version and packed.
npm --prefix npm/slackmock run --silent build
node npm/stage.mjs --version "$version" --bin-dir dist/work/bin --out dist/work/npm
for pkg in dist/work/npm/*/; do
  (cd dist && npm pack --silent --pack-destination . "$root/$pkg" >/dev/null)
done

# The wheels: one per platform, the tag and the binary chosen by python/hatch_build.py.
for p in $platforms; do
  os=${p%/*} arch=${p#*/}
  echo "dist: wheel $os/$arch"
  SLACKMOCK_VERSION=$pep440 SLACKMOCK_WHEEL_BINARY_DIR="$root/dist/work/bin/${os}_$arch" \
    SLACKMOCK_WHEEL_PLATFORM="$os/$arch" \
    "$cache/build-venv/bin/python" -m build --wheel --no-isolation --outdir dist python >/dev/null
done

printf 'version=%s\npep440=%s\ncommit=%s\nplatforms="%s"\n' "$version" "$pep440" "$commit" "$platforms" >dist/work/release.env
cd dist
artifacts=(*.tar.gz *.zip *.tgz *.whl)
LC_ALL=C sha256sum -- "${artifacts[@]}" | LC_ALL=C sort -k2 >SHA256SUMS
echo "dist: wrote, in bytes:"
for f in "${artifacts[@]}" SHA256SUMS; do
  printf '  %10d  dist/%s\n' "$(wc -c <"$f")" "$f"
done
