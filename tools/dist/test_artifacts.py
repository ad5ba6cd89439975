"""artifacts.py check refuses what a release must not ship: tools/dist/test.sh runs these with
the binaries dist.sh built (dist/work/bin), which it passes as SLACKMOCK_DIST_BIN."""

import io
import os
import shutil
import sys
import tarfile
from pathlib import Path

import artifacts
import pytest

BIN = Path(os.environ.get("SLACKMOCK_DIST_BIN", "dist/work/bin"))
# A Linux binary dist.sh built, and its platform directory, such as linux_amd64.
LINUX = next(iter(sorted(BIN.glob("linux_*/slackmock"))), BIN / "linux_amd64" / "slackmock")
PLAT = LINUX.parent.name
OTHER = "darwin_arm64"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    if not LINUX.is_file():
        pytest.fail(f"no Linux binary under {BIN}: run tools/dist/dist.sh first")
    return tmp_path


def archive_of(out: Path, binary: Path, plat: str) -> Path:
    """Writes the archive of binary as if it were plat's, such as darwin_arm64."""
    bins = out / "bin"
    (bins / plat).mkdir(parents=True)
    shutil.copy(binary, bins / plat / "slackmock")
    licence = out / "LICENSE"
    licence.write_text("MIT\n")
    artifacts.archive("1.2.3", bins, licence, out)
    shutil.rmtree(bins)
    licence.unlink()
    return out / f"slackmock_1.2.3_{plat}.tar.gz"


def test_the_right_binary_passes(out: Path) -> None:
    archive_of(out, LINUX, PLAT)
    assert artifacts.check(out) == []


def test_another_platforms_binary_is_refused(out: Path) -> None:
    archive_of(out, LINUX, OTHER)
    [problem] = artifacts.check(out)
    assert f"is for {PLAT.replace('_', '/')}, the name says {OTHER.replace('_', '/')}" in problem


def test_a_binary_that_is_not_executable_is_refused(out: Path) -> None:
    path = archive_of(out, LINUX, PLAT)
    with tarfile.open(path) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    with tarfile.open(path, "w:gz") as tar:
        for m, data in members:
            m.mode = 0o644
            tar.addfile(m, io.BytesIO(data))
    [problem] = artifacts.check(out)
    assert "not executable" in problem


@pytest.mark.skipif(sys.platform != "linux", reason="takes Linux's ls as a dynamically linked ELF binary")
def test_a_dynamically_linked_binary_is_refused(out: Path) -> None:
    dynamic = Path(shutil.which("ls") or "/bin/ls")
    archive_of(out, dynamic.resolve(), PLAT)
    [problem] = artifacts.check(out)
    assert "dynamically linked" in problem


def test_an_archive_over_10_mb_is_refused(out: Path) -> None:
    path = archive_of(out, LINUX, PLAT)
    with path.open("ab") as f:  # gzip reads the first member and ignores what trails it
        f.write(os.urandom(artifacts.MAX_ARCHIVE_BYTES))
    [problem] = artifacts.check(out)
    assert f"over the {artifacts.MAX_ARCHIVE_BYTES} the release allows" in problem
