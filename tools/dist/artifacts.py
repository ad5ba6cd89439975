"""Writes the release archives of slackmock, and checks every artifact dist/ holds.

archive: one archive per binary built, slackmock_<version>_<os>_<arch>.tar.gz (.zip for
windows), holding the binary and LICENSE, with the file times of SOURCE_DATE_EPOCH, owner
root and a fixed order, so that the same binaries give the same archive bytes.

check: every archive, npm platform package and wheel under dist/ holds a binary for the
platform its name says (read from the binary's own header: ELF, Mach-O or PE, and its
processor), statically linked on Linux (no program interpreter, so any libc or none will do),
executable where the platform cares, and each archive is at most 10 MB. This
covers the platforms the test machine cannot run.

Python's standard library only: dist.sh and test.sh run it with any python3.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import struct
import sys
import tarfile
import time
import zipfile
from pathlib import Path

# The archive size the release promises to stay within, in bytes.
MAX_ARCHIVE_BYTES = 10_000_000

# What each platform's binary must be: its format and its processor as the header says.
ELF_MACHINE = {"amd64": 62, "arm64": 183}  # EM_X86_64, EM_AARCH64
MACHO_CPU = {"amd64": 0x01000007, "arm64": 0x0100000C}  # CPU_TYPE_X86_64, CPU_TYPE_ARM64
PE_MACHINE = {"amd64": 0x8664, "arm64": 0xAA64}  # IMAGE_FILE_MACHINE_AMD64, _ARM64

# npm's names for Go's operating systems and processors.
NPM_OS = {"linux": "linux", "darwin": "darwin", "windows": "win32"}
NPM_CPU = {"amd64": "x64", "arm64": "arm64"}

# A wheel's platform tag (its first, when compressed) says which Go platform it carries.
WHEEL_PLATFORM = [
    (re.compile(r"^manylinux_\d+_\d+_x86_64$"), "linux/amd64"),
    (re.compile(r"^manylinux_\d+_\d+_aarch64$"), "linux/arm64"),
    (re.compile(r"^macosx_\d+_\d+_x86_64$"), "darwin/amd64"),
    (re.compile(r"^macosx_\d+_\d+_arm64$"), "darwin/arm64"),
    (re.compile(r"^win_amd64$"), "windows/amd64"),
    (re.compile(r"^win_arm64$"), "windows/arm64"),
]


def binary_platform(head: bytes) -> str:
    """Answers the Go platform, such as linux/amd64, of the binary whose first bytes are head."""
    if head[:4] == b"\x7fELF":
        machine = struct.unpack_from("<H", head, 18)[0]
        _no_interpreter(head)
        return "linux/" + _key(ELF_MACHINE, machine, "ELF machine")
    if head[:4] == b"\xcf\xfa\xed\xfe":
        cpu = struct.unpack_from("<I", head, 4)[0]
        return "darwin/" + _key(MACHO_CPU, cpu, "Mach-O CPU type")
    if head[:2] == b"MZ":
        pe = struct.unpack_from("<I", head, 0x3C)[0]
        if head[pe : pe + 4] != b"PE\0\0":
            raise ValueError("an MZ header without a PE header")
        machine = struct.unpack_from("<H", head, pe + 4)[0]
        return "windows/" + _key(PE_MACHINE, machine, "PE machine")
    raise ValueError(f"not an executable this release builds: starts {head[:4]!r}")


def _no_interpreter(head: bytes) -> None:
    """Raises ValueError when the 64-bit ELF binary whose first bytes are head names a program
    interpreter (a dynamic loader, such as glibc's): the wheels' tags say it runs on any libc."""
    phoff = struct.unpack_from("<Q", head, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
    if phoff + phentsize * phnum > len(head):
        raise ValueError("the ELF program headers lie beyond the bytes read")
    for i in range(phnum):
        if struct.unpack_from("<I", head, phoff + i * phentsize)[0] == 3:  # PT_INTERP
            raise ValueError("a dynamically linked ELF binary (it names a program interpreter)")


def _key(table: dict[str, int], value: int, what: str) -> str:
    for key, v in table.items():
        if v == value:
            return key
    raise ValueError(f"{what} {value:#x} is none of {sorted(table)}")


def archive(version: str, bin_dir: Path, license_file: Path, out: Path) -> None:
    """Writes one archive per platform directory (such as linux_amd64) of bin_dir into out."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    licence = license_file.read_bytes()
    for plat in sorted(p for p in bin_dir.iterdir() if p.is_dir()):
        goos = plat.name.split("_")[0]
        exe = "slackmock.exe" if goos == "windows" else "slackmock"
        binary = (plat / exe).read_bytes()
        members = [(exe, binary, 0o755), ("LICENSE", licence, 0o644)]
        name = f"slackmock_{version}_{plat.name}"
        if goos == "windows":
            _write_zip(out / f"{name}.zip", members, epoch)
        else:
            _write_tar_gz(out / f"{name}.tar.gz", members, epoch)


def _write_tar_gz(path: Path, members: list[tuple[str, bytes, int]], epoch: int) -> None:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data, mode in members:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), mode, epoch
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            tar.addfile(info, io.BytesIO(data))
    # gzip's header holds a time and a file name: fixed and empty, for the same bytes each time.
    with (
        path.open("wb") as f,
        gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(raw.getvalue())


def _write_zip(path: Path, members: list[tuple[str, bytes, int]], epoch: int) -> None:
    # A zip's times are local times from 1980 on, without a zone: the commit's, read as UTC.
    when = time.gmtime(max(epoch, 315532800))[:6]
    with zipfile.ZipFile(path, "w") as z:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the mode below is read
            info.external_attr = (0o100000 | mode) << 16
            z.writestr(info, data, compresslevel=9)


def check(dist: Path) -> list[str]:
    """Answers what is wrong with the artifacts in dist, one line each; empty when all is well."""
    problems: list[str] = []
    found = 0
    checks = {".tar.gz": _check_archive, ".zip": _check_archive, ".whl": _check_wheel, ".tgz": _check_npm}
    for path in sorted(dist.iterdir()):
        check_one = next((c for ext, c in checks.items() if path.name.endswith(ext)), None)
        if check_one is None:
            continue
        found += 1
        try:
            check_one(path)
        except (ValueError, KeyError, OSError, tarfile.TarError, zipfile.BadZipFile) as e:
            problems.append(f"{path.name}: {e}")
    if found == 0:
        problems.append(f"{dist}: no artifacts")
    return problems


def _want(got: str, want: str, what: str) -> None:
    if got != want:
        raise ValueError(f"{what} is for {got}, the name says {want}")


def _check_archive(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise ValueError(f"{size} bytes, over the {MAX_ARCHIVE_BYTES} the release allows")
    m = re.fullmatch(r"slackmock_[^_]+_([a-z]+)_([a-z0-9]+)\.(tar\.gz|zip)", path.name)
    if not m:
        raise ValueError("not named slackmock_<version>_<os>_<arch>")
    want = f"{m[1]}/{m[2]}"
    if m[3] == "zip":
        with zipfile.ZipFile(path) as z:
            names = sorted(z.namelist())
            if names != ["LICENSE", "slackmock.exe"]:
                raise ValueError(f"holds {names}, not LICENSE and slackmock.exe")
            _want(binary_platform(z.read("slackmock.exe")[:4096]), want, "slackmock.exe")
        return
    with tarfile.open(path) as tar:
        names = sorted(tar.getnames())
        if names != ["LICENSE", "slackmock"]:
            raise ValueError(f"holds {names}, not LICENSE and slackmock")
        info = tar.getmember("slackmock")
        if info.mode & 0o111 != 0o111:
            raise ValueError(f"slackmock has mode {info.mode:o}, not executable")
        f = tar.extractfile(info)
        assert f is not None
        _want(binary_platform(f.read(4096)), want, "slackmock")


def _check_wheel(path: Path) -> None:
    # name-version-python-abi-platform.whl; a compressed platform tag joins several with dots.
    tags = path.name[: -len(".whl")].split("-")[4].split(".")
    want = next((plat for pattern, plat in WHEEL_PLATFORM if pattern.match(tags[0])), None)
    if want is None:
        raise ValueError(f"platform tag {tags[0]} is not one this release builds")
    exe = "slackmock.exe" if want.startswith("windows/") else "slackmock"
    with zipfile.ZipFile(path) as z:
        dist_info = next(n.split("/")[0] for n in z.namelist() if n.endswith(".dist-info/WHEEL"))
        wheel = z.read(f"{dist_info}/WHEEL").decode()
        if "Root-Is-Purelib: false" not in wheel:
            raise ValueError("WHEEL says Root-Is-Purelib: true for a wheel with a binary")
        listed = {
            line.split(": ", 1)[1].split("-")[2] for line in wheel.splitlines() if line.startswith("Tag: ")
        }
        if listed != set(tags):
            raise ValueError(f"WHEEL's tags {sorted(listed)} are not the file name's {sorted(tags)}")
        info = z.getinfo(f"slackmock/bin/{exe}")
        if want.startswith(("linux/", "darwin/")) and (info.external_attr >> 16) & 0o111 != 0o111:
            raise ValueError(f"slackmock/bin/{exe} is not executable")
        _want(binary_platform(z.read(info)[:4096]), want, f"slackmock/bin/{exe}")
        entry_points = z.read(f"{dist_info}/entry_points.txt").decode()
        for line in ("slackmock = slackmock.__main__:main", "slackmock = slackmock.pytest_plugin"):
            if line not in entry_points:
                raise ValueError(f"entry_points.txt lacks {line!r}")


def _check_npm(path: Path) -> None:
    with tarfile.open(path) as tar:
        pkg = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
        if "os" not in pkg:  # the main package: it names one exact version of each platform's
            deps = pkg.get("optionalDependencies", {})
            if len(deps) != 6 or set(deps.values()) != {pkg["version"]}:
                raise ValueError(f"optionalDependencies {deps} are not six packages at {pkg['version']}")
            return
        [os_name], [cpu] = pkg["os"], pkg["cpu"]
        goos = next(k for k, v in NPM_OS.items() if v == os_name)
        goarch = next(k for k, v in NPM_CPU.items() if v == cpu)
        exe = "slackmock.exe" if goos == "windows" else "slackmock"
        info = tar.getmember(f"package/bin/{exe}")
        if goos != "windows" and info.mode & 0o111 != 0o111:
            raise ValueError(f"bin/{exe} has mode {info.mode:o}, not executable")
        f = tar.extractfile(info)
        assert f is not None
        _want(binary_platform(f.read(4096)), f"{goos}/{goarch}", f"bin/{exe} of {pkg['name']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("archive", help="write the archives")
    a.add_argument("--version", required=True)
    a.add_argument(
        "--bin-dir", type=Path, required=True, help="holds one directory per platform, such as linux_amd64"
    )
    a.add_argument("--license", type=Path, required=True)
    a.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("check", help="check the artifacts of a directory")
    c.add_argument("dist", type=Path)
    args = parser.parse_args()
    if args.command == "archive":
        archive(args.version, args.bin_dir, args.license, args.out)
        return 0
    problems = check(args.dist)
    for p in problems:
        print(f"artifacts: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
