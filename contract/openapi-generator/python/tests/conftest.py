"""Fixtures: one slackmock for the session, reset before every test, and generated clients on it."""

import json
import os
import re
import subprocess
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import slack_client

REPO = Path(__file__).resolve().parents[4]
SERVING = re.compile(r"^slackmock: serving the Slack Web API at (http://\S+)/api/ ")


class Mock:
    """A running slackmock: its base URL and its control API."""

    def __init__(self, base: str) -> None:
        self.base = base

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """Calls /_mock/<path> and answers its JSON object ({} for an empty answer)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}/_mock/{path}", data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=10) as resp:
            text = resp.read()
        return json.loads(text) if text else {}

    def live_sessions(self, user_id: str = "") -> set[int]:
        """The ids of the live sessions (of one user, or all)."""
        query = f"?user_id={user_id}" if user_id else ""
        return {s["session_id"] for s in self.control("GET", f"sessions{query}")["sessions"]}

    def journal_entry(self, request_id: str) -> dict[str, Any]:
        """The journal's entry for the call answered with this X-Slack-Req-Id."""
        for call in self.control("GET", "requests")["requests"]:
            if call["request_id"] == request_id:
                return call
        raise AssertionError(f"no call with request_id {request_id} in the journal")


@pytest.fixture(scope="session")
def mock() -> Iterator[Mock]:
    """slackmock on 127.0.0.1:0: $SLACKMOCK_BIN, or built with go build when that is unset."""
    with tempfile.TemporaryDirectory(prefix="slackmock-") as tmp:
        binary = os.environ.get("SLACKMOCK_BIN") or str(Path(tmp) / "slackmock")
        if not os.environ.get("SLACKMOCK_BIN"):
            subprocess.run(["go", "build", "-o", binary, "./mock/cmd/slackmock"], cwd=REPO, check=True)
        proc = subprocess.Popen(
            [binary, "-addr", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True, encoding="utf-8"
        )
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            m = SERVING.match(first)
            assert m, f"slackmock printed no base URL; its first line: {first!r}"
            yield Mock(m.group(1))
            proc.terminate()
            assert proc.wait(timeout=10) == 0, "slackmock's exit code on SIGTERM"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


@pytest.fixture(autouse=True)
def fresh(mock: Mock) -> None:
    """The demo fixture, no fault, no rate limit, an empty journal."""
    mock.control("POST", "restore")
    mock.control("DELETE", "faults")
    mock.control("DELETE", "ratelimit")
    mock.control("DELETE", "requests")


def client(mock: Mock, token: str | None) -> slack_client.ApiClient:
    """A generated client on the mock's /api, with the token as Authorization: Bearer (or none)."""
    return slack_client.ApiClient(slack_client.Configuration(host=f"{mock.base}/api", access_token=token))


@pytest.fixture
def admin(mock: Mock) -> Iterator[slack_client.AdminUsersSessionApi]:
    """The admin methods, called with the demo's admin token."""
    with client(mock, "xoxp-demo-admin") as c:
        yield slack_client.AdminUsersSessionApi(c)
