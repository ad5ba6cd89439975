"""Runs the kit's slackmock binary for the suite, and speaks its control API.

`Mock.start()` takes the binary named by $SLACKMOCK_BIN, or builds it with `go build`, starts
it on a free loopback port and reads the base URL from the first line it prints. `Control` is
a typed client of the control API (mock/control.yaml) on the standard library's urllib.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

REPO_ROOT = Path(__file__).resolve().parents[2]

# The line slackmock prints first, with the base URL in it.
_SERVING_LINE = re.compile(r"^slackmock: serving the Slack Web API at (http://\S+)/api/ ")


@dataclass
class Mock:
    """A slackmock process: base is its base URL, such as http://127.0.0.1:PORT."""

    base: str
    process: subprocess.Popen[str]
    reader: threading.Thread
    workdir: tempfile.TemporaryDirectory[str]

    @classmethod
    def start(cls, binary: str | None = None, start_timeout: float = 10.0) -> Mock:
        """Starts slackmock on 127.0.0.1:0: binary, else $SLACKMOCK_BIN, else a `go build` of it."""
        workdir = tempfile.TemporaryDirectory(prefix="slackmock-")
        binary = binary or os.environ.get("SLACKMOCK_BIN") or _build(Path(workdir.name) / "slackmock")
        stderr = open(Path(workdir.name) / "stderr", "w+")  # noqa: SIM115 (the process keeps it)
        process = subprocess.Popen(
            [binary, "-addr", "127.0.0.1:0"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        stderr.close()
        lines: queue.Queue[str | None] = queue.Queue()
        # Reads stdout to its end, so that the mock never blocks on a full pipe.
        reader = threading.Thread(target=_pump, args=(process, lines), daemon=True)
        reader.start()
        try:
            first = lines.get(timeout=start_timeout)
        except queue.Empty:
            first = None
        match = _SERVING_LINE.match(first or "")
        if match is None:
            process.kill()
            process.wait()
            reader.join()
            assert process.stdout is not None
            process.stdout.close()
            err = (Path(workdir.name) / "stderr").read_text()
            workdir.cleanup()
            raise RuntimeError(f"slackmock printed no base URL: first line {first!r}, stderr {err!r}")
        return cls(base=match.group(1), process=process, reader=reader, workdir=workdir)

    def stop(self, timeout: float = 10.0) -> int:
        """Sends SIGTERM and answers the exit code once the mock has stopped (SIGKILL past timeout)."""
        try:
            self.process.send_signal(signal.SIGTERM)
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()
        finally:
            self.reader.join()
            assert self.process.stdout is not None
            self.process.stdout.close()
            self.workdir.cleanup()


def _build(out: Path) -> str:
    """Builds slackmock from the repository with `go build`; answers the binary's path."""
    go = os.environ.get("GO", "go")
    done = subprocess.run(
        [go, "build", "-o", str(out), "./mock/cmd/slackmock"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"go build of slackmock failed (exit {done.returncode}):\n{done.stderr}")
    return str(out)


def _pump(process: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line)
    lines.put(None)


# The control API's shapes, as mock/control.yaml describes them.


class Device(TypedDict, total=False):
    device_hardware: str
    os: str
    os_version: str
    slack_client_version: str
    ip: str


class Session(TypedDict):
    session_id: int
    user_id: str
    team_id: str
    client: str
    created_at: NotRequired[str]
    created: NotRequired[Device]
    recent: NotRequired[Device]


class Call(TypedDict):
    """One call under /api/, as the journal has it."""

    seq: int
    time: str
    method: str
    http_method: str
    content_type: str
    token_from: str
    args: dict[str, Any]
    status: int
    request_id: str
    error: NotRequired[str]
    fault: NotRequired[bool]


class JobResult(TypedDict):
    user_id: str
    ended: int
    error: NotRequired[str]


class Job(TypedDict):
    id: int
    method: str
    request_id: str
    user_ids: list[str]
    done: bool
    results: list[JobResult]
    after_seq: int
    only: NotRequired[str]
    error: NotRequired[str]


class Fault(TypedDict, total=False):
    method: str
    user_id: str
    team_id: str
    token: str
    status: int
    error: str
    retry_after: int
    delay_ms: int
    times: int
    job: bool


class FaultInForce(Fault):
    id: int
    left: int


class ControlError(Exception):
    """The control API answered another status than 200."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"control API answered {status}: {body}")
        self.status = status
        self.body = body


@dataclass
class Control:
    """The control API of the mock at base (http://HOST:PORT)."""

    base: str

    def call(self, method: str, path: str, body: object = None) -> Any:  # noqa: ANN401 (JSON)
        """Calls /_mock/<path>; a dict or list body goes as JSON, bytes as they are. Answers the JSON."""
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}/_mock/{path}", data=data, method=method)
        if data is not None and not isinstance(body, bytes):
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=70) as res:
                return json.load(res)
        except urllib.error.HTTPError as e:
            with e:
                raise ControlError(e.code, e.read().decode()) from None

    def reset_all(self) -> None:
        """The fixture the mock started with, no fault, no rate limit, an empty journal."""
        self.call("POST", "restore")
        self.call("DELETE", "faults")
        self.call("DELETE", "ratelimit")
        self.call("DELETE", "requests")

    def load_fixture(self, fixture: bytes | dict[str, Any]) -> None:
        self.call("POST", "fixture", fixture)

    def fixture(self) -> dict[str, Any]:
        return cast(dict[str, Any], self.call("GET", "fixture"))

    def sessions(self, user_id: str | None = None) -> list[Session]:
        query = "" if user_id is None else "?" + urllib.parse.urlencode({"user_id": user_id})
        return cast(list[Session], self.call("GET", f"sessions{query}")["sessions"])

    def session_ids(self, user_id: str | None = None) -> list[int]:
        """The ids of the live sessions (of user_id), sorted."""
        return sorted(s["session_id"] for s in self.sessions(user_id))

    def requests(self, method: str | None = None) -> list[Call]:
        """The journal, oldest first: every call, or only method's."""
        query = "" if method is None else "?" + urllib.parse.urlencode({"method": method})
        answer = self.call("GET", f"requests{query}")
        assert answer["dropped"] == 0, "the journal dropped calls"
        return cast(list[Call], answer["requests"])

    def add_fault(self, fault: Fault) -> int:
        """Puts fault in force; answers its id."""
        return cast(int, self.call("POST", "faults", fault)["id"])

    def faults(self) -> list[FaultInForce]:
        return cast(list[FaultInForce], self.call("GET", "faults")["faults"])

    def jobs(self, wait: str = "5s") -> list[Job]:
        """The jobs of resetBulk, once none is pending (a ControlError with 408 if the wait ends first)."""
        return cast(list[Job], self.call("GET", f"jobs?wait={wait}")["jobs"])
