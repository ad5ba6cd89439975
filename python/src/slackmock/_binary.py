"""Finds the slackmock binary: the one $SLACKMOCK_BIN names, or the one in this wheel. The
standard library's os and sys only: the slackmock command imports this module and no other, so
that it starts the binary as soon as Python has started."""

from __future__ import annotations

import os
import sys


def find_binary() -> str:
    """The slackmock binary to run: $SLACKMOCK_BIN when set, else the one the wheel installed.

    Raises FileNotFoundError, saying what to do, when there is none.
    """
    from_env = os.environ.get("SLACKMOCK_BIN")
    if from_env:
        return from_env
    exe = "slackmock.exe" if sys.platform == "win32" else "slackmock"
    binary = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", exe)
    if not os.path.isfile(binary):
        raise FileNotFoundError(
            f"{binary} is missing: this slackmock was installed without its binary (from a source tree, "
            "not a wheel). Install a wheel for this platform, or set SLACKMOCK_BIN to a slackmock binary "
            "(go install github.com/slack-contracts/admin-users-session/mock/cmd/slackmock@latest)"
        )
    return binary
