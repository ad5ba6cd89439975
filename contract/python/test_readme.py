"""A Python service's test against slackmock, through Slack's own SDK, on an org of its own.
Start the mock first (`make mock`), or set SLACKMOCK_URL to one; then `pytest test_readme.py`."""

import json
import os
import urllib.request
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler


def call(url: str, method: str = "GET", body: bytes | None = None) -> dict[str, Any]:
    with urllib.request.urlopen(urllib.request.Request(url, body, method=method)) as res:
        answer: dict[str, Any] = json.load(res)
    return answer


def offboard(slack: WebClient, user_id: str) -> None:
    """The service under test: it signs a user out of every session."""
    slack.admin_users_session_reset(user_id=user_id)


def test_offboarding_signs_the_user_out_through_a_rate_limit() -> None:
    mock = os.environ.get("SLACKMOCK_URL", "http://127.0.0.1:8080")
    fixture = (Path(__file__).parents[2] / "examples" / "org.json").read_bytes()
    org = call(f"{mock}/_mock/orgs", "POST", fixture)  # an org of this test's own
    control = org["control_url"]
    fault = {"method": "admin.users.session.reset", "status": 429, "retry_after": 1, "times": 1}
    call(control + "faults", "POST", json.dumps(fault).encode())

    slack = WebClient("xoxp-acme-admin", base_url=org["api_url"])
    slack.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    offboard(slack, "W0BOB0001")  # the handler waits out the 429 and calls again

    assert call(control + "sessions?user_id=W0BOB0001")["sessions"] == []
    calls = call(control + "requests?method=admin.users.session.reset")["requests"]
    assert [c["status"] for c in calls] == [429, 200]
    assert calls[-1]["args"] == {"user_id": "W0BOB0001"}
    call(f"{mock}/_mock/orgs/{org['id']}", "DELETE")
