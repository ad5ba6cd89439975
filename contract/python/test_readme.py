"""A Python service's test against slackmock, through Slack's own SDK. Start the mock first
(`make mock`), or set SLACKMOCK_URL to one; then `pytest test_readme.py`."""

import json
import os
import urllib.request
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler


def mock(path: str) -> str:
    return os.environ.get("SLACKMOCK_URL", "http://127.0.0.1:8080") + path


def control(path: str, method: str = "GET", body: bytes | None = None) -> dict[str, Any]:
    with urllib.request.urlopen(urllib.request.Request(mock(f"/_mock/{path}"), body, method=method)) as res:
        return json.load(res)


def offboard(slack: WebClient, user_id: str) -> None:
    """The service under test: it signs a user out of every session."""
    slack.admin_users_session_reset(user_id=user_id)


def test_offboarding_signs_the_user_out_through_a_rate_limit() -> None:
    org = Path(__file__).parents[2] / "examples" / "org.json"
    control("fixture", "POST", org.read_bytes())  # the org of the test
    control("requests", "DELETE")  # an empty journal
    fault = {"method": "admin.users.session.reset", "status": 429, "retry_after": 1, "times": 1}
    control("faults", "POST", json.dumps(fault).encode())

    slack = WebClient("xoxp-acme-admin", base_url=mock("/api/"))
    slack.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    offboard(slack, "W0BOB0001")  # the handler waits out the 429 and calls again

    assert control("sessions?user_id=W0BOB0001")["sessions"] == []
    calls = control("requests?method=admin.users.session.reset")["requests"]
    assert [c["status"] for c in calls] == [429, 200]
    assert calls[-1]["args"] == {"user_id": "W0BOB0001"}
