"""The slackmock command: runs the binary with the arguments given, in this process's place."""

from __future__ import annotations

import os
import subprocess
import sys

from slackmock._binary import find_binary


def main() -> None:
    try:
        binary = find_binary()
    except FileNotFoundError as e:
        sys.exit(f"slackmock: {e}")
    args = [binary, *sys.argv[1:]]
    if sys.platform == "win32":
        # Windows has no exec: run it as a child and end as it ends (Ctrl-C reaches both).
        try:
            sys.exit(subprocess.call(args))
        except KeyboardInterrupt:
            sys.exit(130)
    # The binary takes this process's place: signals, exit code and stdio are its own.
    os.execv(binary, args)


if __name__ == "__main__":
    main()
