"""Runs slackmock, or reaches one already running, and drives its control API, of the org it
started with and of orgs made for one test each. The standard library only: a keep-alive HTTP
connection per mock."""

from __future__ import annotations

import atexit
import http.client
import json
import os
import queue
import re
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, cast
from urllib.parse import quote, urlencode, urlsplit

from slackmock._binary import find_binary
from slackmock.types import Call, Fault, FaultInForce, Fixture, Job, OrgInfo, RateLimit, Session

#: A fixture: a mapping in the fixture's shape, its JSON or YAML text, or the path of a file.
FixtureLike = Fixture | Mapping[str, Any] | str | Path

_SERVING = re.compile(r"^slackmock: serving the Slack Web API at (http://\S+)/api/ ")

#: The variable the binary reads its control token from, as it reads -control-token.
_TOKEN_VARIABLE = "SLACKMOCK_CONTROL_TOKEN"


def binary_path() -> Path:
    """The slackmock binary start() runs: $SLACKMOCK_BIN when set, else the one the wheel
    installed. Raises FileNotFoundError, saying what to do, when there is none."""
    return Path(find_binary())


class SlackMockError(Exception):
    """A refusal of the control API, with its HTTP status and its error code (such as
    invalid_fixture; empty when the answer had none)."""

    def __init__(self, message: str, status: int, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class _Connection:
    """One keep-alive HTTP connection to the mock, shared by its orgs; a lock makes it safe to
    use from several threads, one request at a time. With a control token, every request
    carries it as ``Authorization: Bearer``."""

    def __init__(self, host: str, port: int, control_token: str | None) -> None:
        self._host, self._port = host, port
        self._auth = {"Authorization": f"Bearer {control_token}"} if control_token else {}
        self._lock = threading.Lock()
        self._conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None, content_type: str) -> tuple[int, bytes]:
        headers = {"Content-Type": content_type} if body is not None else {}
        headers.update(self._auth)
        with self._lock:
            for attempt in (1, 2):
                fresh = self._conn is None
                if self._conn is None:
                    self._conn = http.client.HTTPConnection(self._host, self._port, timeout=90)
                try:
                    self._conn.request(method, path, body=body, headers=headers)
                    res = self._conn.getresponse()
                    return res.status, res.read()
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                    # The mock closed a connection idle too long: try once on a new one. A fresh
                    # connection that fails is an answer of its own.
                    self._conn.close()
                    self._conn = None
                    if fresh or attempt == 2:
                        raise
            raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _fixture_body(fixture: FixtureLike) -> tuple[bytes, str]:
    """The body and Content-Type that carry a fixture: JSON for a mapping, the text of a file or
    string as YAML (JSON being YAML too)."""
    if isinstance(fixture, Path):
        return fixture.read_bytes(), "application/yaml"
    if isinstance(fixture, str):
        return fixture.encode(), "application/yaml"
    return json.dumps(fixture).encode(), "application/json"


class Control:
    """The control API of one org of the mock: its state, journal, jobs, faults and rate limit."""

    def __init__(self, control_url: str, conn: _Connection) -> None:
        #: The control API's base URL, ending in ``/``: http://127.0.0.1:PORT/_mock/ for the first org.
        self.control_url = control_url
        self._path = urlsplit(control_url).path
        self._conn = conn

    def sessions(self, user_id: str | None = None, team_id: str | None = None) -> list[Session]:
        """The live sessions, ordered by id: only this user's, or this team's, when given."""
        q = {k: v for k, v in (("user_id", user_id), ("team_id", team_id)) if v is not None}
        return cast("list[Session]", self._call("GET", "sessions", query=q)["sessions"])

    def fixture(self) -> Fixture:
        """The whole state, in the shape of a fixture."""
        return cast("Fixture", self._call("GET", "fixture"))

    def load_fixture(self, fixture: FixtureLike) -> None:
        """Replaces the whole state with a fixture: a mapping, its JSON or YAML text, or a file's path."""
        body, content_type = _fixture_body(fixture)
        self._call("POST", "fixture", body=body, content_type=content_type)

    def restore(self) -> None:
        """Returns the state to the fixture the org started with; the journal, faults and jobs stay."""
        self._call("POST", "restore")

    def requests(self, method: str | None = None) -> list[Call]:
        """The journal of calls to the Slack methods, oldest first: only this method's, when given."""
        q = {"method": method} if method is not None else {}
        return cast("list[Call]", self._call("GET", "requests", query=q)["requests"])

    def dropped(self) -> int:
        """How many calls the journal let go since it was last cleared, oldest first: it keeps
        the latest 10,000 calls and at most 16 MiB of their bodies. requests() misses them."""
        return cast("int", self._call("GET", "requests")["dropped"])

    def clear_requests(self) -> None:
        """Empties the journal."""
        self._call("DELETE", "requests")

    def add_fault(self, fault: Fault | None = None, **fields: object) -> int:
        """Puts a fault in force, given as a mapping or as keywords, such as
        ``add_fault(method="admin.users.session.reset", status=429, times=1)``; answers its id."""
        body: dict[str, object] = {**(fault or {}), **fields}
        return cast("int", self._call("POST", "faults", body=json.dumps(body).encode())["id"])

    def faults(self) -> list[FaultInForce]:
        """The faults in force, first match first."""
        return cast("list[FaultInForce]", self._call("GET", "faults")["faults"])

    def remove_fault(self, fault_id: int) -> None:
        """Takes one fault out of force; raises SlackMockError (404) when it is not in force."""
        self._call("DELETE", f"faults/{fault_id}")

    def clear_faults(self) -> None:
        """Takes every fault out of force."""
        self._call("DELETE", "faults")

    def wait_jobs(self, timeout: float = 5.0) -> list[Job]:
        """Waits until no job of admin.users.session.resetBulk is pending, for at most timeout
        seconds (60 at most), and answers the jobs. Raises SlackMockError (408, jobs_pending)
        when jobs are still pending then."""
        wait = f"{max(0, round(timeout * 1000))}ms"
        return cast("list[Job]", self._call("GET", "jobs", query={"wait": wait})["jobs"])

    def set_rate_limit(self, limit: RateLimit | None = None) -> None:
        """Enforces a rate limit per method and token: each method's Slack tier by default, or
        ``{"per_minute": 20, "burst": 20}``."""
        self._call("PUT", "ratelimit", body=json.dumps(limit or {"tiers": True}).encode())

    def clear_rate_limit(self) -> None:
        """Stops enforcing a rate limit."""
        self._call("DELETE", "ratelimit")

    def _call(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: bytes | None = None,
        content_type: str = "application/json",
        root: str | None = None,
    ) -> Any:  # noqa: ANN401 — each caller casts the JSON it knows
        target = (root or self._path) + path
        if query:
            target += "?" + urlencode(query)
        status, data = self._conn.request(method, target, body, content_type)
        try:
            answer = json.loads(data) if data else None
        except ValueError:
            answer = None
        if not 200 <= status < 300:
            err = answer if isinstance(answer, dict) else {}
            code = str(err.get("error", ""))
            message = str(err.get("message", data.decode(errors="replace")))
            raise SlackMockError(f"slackmock: {method} {target}: {status} {code}: {message}", status, code)
        return answer


class Org(Control):
    """An org of its own in a running mock, made by SlackMock.new_org: one test's, typically."""

    def __init__(self, info: Mapping[str, Any], conn: _Connection, orgs_path: str) -> None:
        super().__init__(str(info["control_url"]), conn)
        #: Such as o1.
        self.id = str(info["id"])
        #: The base URL for Slack clients, ending in ``/``: the Slack methods are below it.
        self.api_url = str(info["api_url"])
        #: When the mock made it (RFC 3339).
        self.created_at = str(info["created_at"])
        #: When the mock drops it by itself, for an org made with a time to live (RFC 3339).
        self.expires_at: str | None = info.get("expires_at")
        self._orgs_path = orgs_path

    def end(self) -> int:
        """Drops the org: its URLs answer 404 (org_not_found) from now on, and its pending jobs are
        dropped; answers how many."""
        answer = self._call("DELETE", quote(self.id, safe=""), root=self._orgs_path)
        return int(answer["dropped_jobs"])

    def __enter__(self) -> Org:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.end()


class SlackMock(Control):
    """A running slackmock: the control API of the org it started with, and what makes more.
    ``start()`` runs one, ``connect()`` reaches one already running; use it as a context
    manager, or call ``stop()``."""

    def __init__(
        self,
        url: str,
        proc: subprocess.Popen[str] | None,
        stderr: list[str],
        tmp: Path | None,
        readers: Sequence[threading.Thread] = (),
        control_token: str | None = None,
    ) -> None:
        parts = urlsplit(url)
        assert parts.hostname is not None
        super().__init__(url + "/_mock/", _Connection(parts.hostname, parts.port or 80, control_token))
        #: The base URL, such as http://127.0.0.1:PORT.
        self.url = url
        #: The base URL for Slack clients of the first org: url + "/api/".
        self.api_url = url + "/api/"
        self._proc = proc
        self._stderr = stderr
        self._tmp = tmp
        self._readers = readers
        if proc is not None:
            _running.add(self)

    def new_org(self, fixture: FixtureLike | None = None, *, ttl: float | None = None) -> Org:
        """Makes an org of its own, from a fixture (a mapping, its JSON or YAML text, or a file's
        path), or from the fixture the mock started with when None. With ttl (seconds), the mock
        drops it by itself after that long, should end() never come."""
        body, content_type = _fixture_body(fixture) if fixture is not None else (None, "application/json")
        q = {"ttl": f"{round(ttl * 1000)}ms"} if ttl is not None else {}
        info = self._call("POST", "orgs", query=q, body=body, content_type=content_type)
        return Org(info, self._conn, self._path + "orgs/")

    def orgs(self) -> list[OrgInfo]:
        """The orgs made by new_org that are still there."""
        return cast("list[OrgInfo]", self._call("GET", "orgs")["orgs"])

    @property
    def stderr(self) -> str:
        """What the mock wrote to its standard error (the latest 64 KiB); empty for a mock
        connect() reached."""
        return "".join(self._stderr)

    def stop(self, timeout: float = 15.0) -> int | None:
        """Stops the mock (SIGTERM on POSIX: calls in flight finish) and answers its exit code,
        0 when it stopped cleanly. It is killed if it has not stopped after timeout seconds.
        A mock connect() reached is not this process's to stop: stop() closes the connection
        to it, and answers None."""
        self._conn.close()
        if self._proc is None:
            return None
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        _join(self._readers)
        _running.discard(self)
        if self._tmp is not None:
            for f in self._tmp.iterdir():
                f.unlink()
            self._tmp.rmdir()
            self._tmp = None
        return self._proc.returncode

    def __enter__(self) -> SlackMock:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


# The mocks started and not stopped: none outlives the Python process that started it.
_running: weakref.WeakSet[SlackMock] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for mock in list(_running):
        if mock._proc is not None:
            mock._proc.kill()


def start(
    fixture: FixtureLike | None = None,
    *,
    args: Sequence[str] = (),
    binary: str | Path | None = None,
    start_timeout: float = 10.0,
    control_token: str | None = None,
) -> SlackMock:
    """Starts slackmock on 127.0.0.1 with a free port, and answers once it serves.

    fixture is the org it starts with, which restore() returns to and new_org() copies by
    default: a mapping, its JSON or YAML text, or a file's path; the demo fixture when None.
    args are more flags, such as ["-ratelimit"]; binary is the binary to run ($SLACKMOCK_BIN,
    else the wheel's, by default). control_token, when given, is the token the mock's control
    API then requires, and the SlackMock sends; else $SLACKMOCK_CONTROL_TOKEN, which the
    binary reads too, is both.
    """
    env = os.environ.copy()
    if control_token is not None:
        env[_TOKEN_VARIABLE] = control_token
    cmd = [str(binary or binary_path()), "-addr", "127.0.0.1:0"]
    tmp: Path | None = None
    if isinstance(fixture, Path):
        cmd += ["-fixture", str(fixture)]
    elif fixture is not None:
        tmp = Path(tempfile.mkdtemp(prefix="slackmock-"))
        (tmp / "fixture.yaml").write_bytes(_fixture_body(fixture)[0])
        cmd += ["-fixture", str(tmp / "fixture.yaml")]
    cmd += args

    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    stderr: list[str] = []
    assert proc.stdout is not None
    assert proc.stderr is not None
    readers = (
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True),
        threading.Thread(target=_keep_tail, args=(proc.stderr, stderr), daemon=True),
    )
    for reader in readers:
        reader.start()
    try:
        line = lines.get(timeout=start_timeout)
    except queue.Empty:
        line = None
        problem = f"slackmock printed no base URL within {start_timeout} s"
    else:
        problem = "slackmock exited before serving"
    m = _SERVING.match(line or "")
    if m is None:
        proc.kill()
        code = proc.wait()
        _join(readers)  # what it said before it ended, and its pipes closed
        if line:
            problem = f"slackmock's first line is not the one naming its base URL: {line!r}"
        raise RuntimeError(f"{problem} (exit code {code}); stderr: {''.join(stderr)}")
    return SlackMock(m[1], proc, stderr, tmp, readers, env.get(_TOKEN_VARIABLE))


def connect(url: str, *, control_token: str | None = None) -> SlackMock:
    """Reaches a slackmock already running at url, its base URL such as http://127.0.0.1:8080
    (``slackmock`` prints it as it starts): another process's, a container's. It is not
    stopped when the SlackMock is: stop(), or the end of its with block, closes the connection
    only. control_token is the token its control API requires (one listening beyond loopback
    always does): $SLACKMOCK_CONTROL_TOKEN by default. Raises ValueError for a URL that is not
    http://HOST[:PORT]."""
    base = url.rstrip("/")
    parts = urlsplit(base)
    if parts.scheme != "http" or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ValueError(f"slackmock: connect() takes the mock's base URL, http://HOST[:PORT], not {url!r}")
    token = control_token if control_token is not None else os.environ.get(_TOKEN_VARIABLE)
    return SlackMock(base, None, [], None, control_token=token)


def _join(readers: Sequence[threading.Thread]) -> None:
    """Waits for the readers of an ended mock's pipes to reach their ends and close them."""
    for reader in readers:
        reader.join(timeout=5)


def _pump(stream: Any, lines: queue.Queue[str | None]) -> None:  # noqa: ANN401 — a text stream
    """Hands the first line of stream to lines (None at its end), then reads the rest, so that
    the mock never blocks on a full pipe; closes it at its end."""
    first = True
    with stream:
        for line in stream:
            if first:
                lines.put(line)
                first = False
    if first:
        lines.put(None)


def _keep_tail(stream: Any, out: list[str]) -> None:  # noqa: ANN401 — a text stream
    """Keeps the latest 64 KiB that stream says; closes it at its end."""
    size = 0
    with stream:
        for line in stream:
            out.append(line)
            size += len(line)
            while size > 65536 and len(out) > 1:
                size -= len(out.pop(0))
