"""The wheel build hook: puts one platform's slackmock binary in the wheel, and tags the wheel
with that platform, as tools/dist/dist.sh asks through the environment:

- SLACKMOCK_WHEEL_PLATFORM, a Go platform such as linux/amd64;
- SLACKMOCK_WHEEL_BINARY_DIR, the directory holding that platform's slackmock (slackmock.exe
  for windows).

The binary is static (CGO_ENABLED=0), so its Python tag is py3 and its ABI none, and the
platform tags say only what the binary needs: Go's floor for each system (Linux kernel 3.2,
with any libc or none, so manylinux 2.17 and musllinux 1.1 alike; macOS 12; Windows 10).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PLATFORM_TAGS = {
    "linux/amd64": "manylinux_2_17_x86_64.manylinux2014_x86_64.musllinux_1_1_x86_64",
    "linux/arm64": "manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64",
    "darwin/amd64": "macosx_12_0_x86_64",
    "darwin/arm64": "macosx_12_0_arm64",
    "windows/amd64": "win_amd64",
    "windows/arm64": "win_arm64",
}


class BinaryHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        platform = os.environ.get("SLACKMOCK_WHEEL_PLATFORM", "")
        bin_dir = os.environ.get("SLACKMOCK_WHEEL_BINARY_DIR", "")
        if platform not in PLATFORM_TAGS or not bin_dir:
            raise RuntimeError(
                "a slackmock wheel carries one platform's binary: build the wheels with tools/dist/dist.sh, "
                f"or set SLACKMOCK_WHEEL_PLATFORM (one of {', '.join(PLATFORM_TAGS)}) and "
                "SLACKMOCK_WHEEL_BINARY_DIR (the directory of its binary)"
            )
        exe = "slackmock.exe" if platform.startswith("windows/") else "slackmock"
        binary = Path(bin_dir) / exe
        if not binary.is_file():
            raise RuntimeError(f"{binary} is missing: build it first (tools/dist/dist.sh does)")
        build_data["tag"] = f"py3-none-{PLATFORM_TAGS[platform]}"
        build_data["pure_python"] = False
        build_data["force_include"][str(binary)] = f"slackmock/bin/{exe}"
