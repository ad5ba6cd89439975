"""Runs Schemathesis over every operation of openapi.yaml and of mock/control.yaml against slackmock.

Three passes of `st run` over openapi.yaml, each with schemathesis.toml, on one fresh mock:

1. every operation, every phase, with the checks that fit Slack;
2. every call answered 429 (a fault of the mock's control API): each operation's example
   calls, whose answers must be the spec's 429, with Retry-After and X-Slack-Req-Id;
3. every call answered 503: the same, for the spec's `default` answer.

Then one over the mock's own control API, mock/control.yaml, with control.toml, on another
fresh mock:

4. every operation of the control API, every phase, with every check that applies to it,
   negative_data_rejection included: control.yaml says what it takes and what it refuses.

Each mock is $SLACKMOCK_BIN (run.sh builds one when it is unset), on 127.0.0.1:0, stopped
with SIGTERM after its passes; it must exit 0.
"""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
SPEC = HERE.parents[1] / "openapi.yaml"
CONTROL_SPEC = HERE.parents[1] / "mock" / "control.yaml"
ST = HERE / ".venv" / "bin" / "st"
SERVING = re.compile(r"^slackmock: serving the Slack Web API at (http://\S+)/api/ ")

# What an answer must be, whatever its status.
ANSWER_CHECKS = (
    "status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance"
)
# Schemathesis' warnings but rate_limited, which says a pass of 429s is what it is meant to be
# (schemathesis.toml makes every warning fail the run).
WARNINGS_BUT_RATE_LIMITED = (
    "missing_auth,missing_test_data,base_url_mismatch,validation_mismatch,missing_deserializer,"
    "unused_openapi_auth,unsupported_regex,method_not_allowed,constants_extraction,"
    "unmatched_filter,unresolvable_reference,low_valid_rate,dictionary_mismatch,timeout_units"
)


class Pass(NamedTuple):
    """One `st run`: its name, the fault in force (or None) and its flags beyond the file's."""

    name: str
    fault: dict[str, Any] | None
    flags: tuple[str, ...]


PASSES = (
    Pass("every operation", None, ()),
    Pass(
        "every call answered 429",
        {"status": 429, "retry_after": 1},
        (
            *("--phases", "examples", "--mode", "positive"),
            *("--checks", f"not_a_server_error,{ANSWER_CHECKS}"),
            *("--warnings", WARNINGS_BUT_RATE_LIMITED),
        ),
    ),
    Pass(
        "every call answered 503",
        {"status": 503},
        ("--phases", "examples", "--mode", "positive", "--checks", ANSWER_CHECKS),
    ),
)


def control(base: str, method: str, path: str, body: dict[str, Any] | None = None) -> None:
    """Calls the mock's control API, /_mock/<path>; raises on an answer that is not 2xx."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{base}/_mock/{path}", data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as answer:
        answer.read()


def run_pass(base: str, p: Pass) -> bool:
    """Runs one pass of openapi.yaml with its fault in force; answers whether it passed."""
    print(f"== schemathesis: {p.name}", flush=True)
    start = time.monotonic()
    if p.fault is not None:
        control(base, "POST", "faults", p.fault)
    cmd = [str(ST), "run", str(SPEC), "--url", f"{base}/api", "--no-color", *p.flags]
    ok = subprocess.run(cmd, cwd=HERE, check=False).returncode == 0
    control(base, "DELETE", "faults")
    verdict = "passed" if ok else "FAILED"
    print(f"== schemathesis: {p.name}: {verdict} in {time.monotonic() - start:.1f} s", flush=True)
    return ok


def run_control_pass(base: str) -> bool:
    """Runs the pass of mock/control.yaml, with control.toml; answers whether it passed."""
    name = "the control API"
    print(f"== schemathesis: {name}", flush=True)
    start = time.monotonic()
    cmd = [str(ST), "--config-file", "control.toml", "run", str(CONTROL_SPEC), "--url", base, "--no-color"]
    ok = subprocess.run(cmd, cwd=HERE, check=False).returncode == 0
    verdict = "passed" if ok else "FAILED"
    print(f"== schemathesis: {name}: {verdict} in {time.monotonic() - start:.1f} s", flush=True)
    return ok


def with_mock(run: Callable[[str], list[bool]]) -> list[bool] | None:
    """Starts a fresh mock, calls run with its base URL, and stops it with SIGTERM; answers
    what run answered, or None (having said why) when the mock did not start or stop cleanly."""
    mock = subprocess.Popen(
        [os.environ["SLACKMOCK_BIN"], "-addr", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert mock.stdout is not None
        first = mock.stdout.readline()
        match = SERVING.match(first)
        if not match:
            print(f"run.py: slackmock printed no base URL; its first line: {first!r}", file=sys.stderr)
            return None
        results = run(match.group(1))
        mock.terminate()
        if (code := mock.wait(timeout=10)) != 0:
            print(f"run.py: slackmock exited {code} on SIGTERM, want 0", file=sys.stderr)
            return None
        return results
    finally:
        if mock.poll() is None:
            mock.kill()
            mock.wait()
        if mock.stdout is not None:
            mock.stdout.close()


def main() -> int:
    results = with_mock(lambda base: [run_pass(base, p) for p in PASSES])
    if results is None:
        return 1
    control_results = with_mock(lambda base: [run_control_pass(base)])
    if control_results is None:
        return 1
    results += control_results
    print(f"schemathesis: {results.count(True)} passed, {results.count(False)} failed", flush=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
