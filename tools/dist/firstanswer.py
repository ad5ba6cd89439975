"""Times how soon a slackmock command answers after it is started: from the start of the
process to the first answer of api.test, at the base URL its first line names. Each of the
commands given (the binary of an archive, the npm launcher, the pip console script) is started
RUNS times, in turn; the median, least and most are printed, in milliseconds.

    python3 tools/dist/firstanswer.py --runs 20 'archive=/tmp/x/slackmock' 'npm=node_modules/.bin/slackmock'
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import time
import urllib.request

SERVING = re.compile(r"^slackmock: serving the Slack Web API at (http://\S+)/api/ ")


def first_answer(command: str) -> float:
    """Starts command with -addr 127.0.0.1:0 and answers the seconds until api.test answered."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [command, "-addr", "127.0.0.1:0"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        m = SERVING.match(proc.stdout.readline())
        if m is None:
            raise RuntimeError(f"{command} did not print its base URL")
        with urllib.request.urlopen(urllib.request.Request(m[1] + "/api/api.test", data=b"")) as res:
            if b'"ok":true' not in res.read():
                raise RuntimeError(f"{command}: api.test did not answer ok")
        return time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("commands", nargs="+", help="NAME=PATH")
    args = parser.parse_args()
    named = [c.split("=", 1) for c in args.commands]
    times: dict[str, list[float]] = {name: [] for name, _ in named}
    for _ in range(args.runs):
        for name, path in named:
            times[name].append(first_answer(path) * 1000)
    for name, ms in times.items():
        print(
            f"first answer after start, {name}: median {statistics.median(ms):.1f} ms "
            f"(least {min(ms):.1f}, most {max(ms):.1f}; {len(ms)} runs)"
        )


if __name__ == "__main__":
    main()
