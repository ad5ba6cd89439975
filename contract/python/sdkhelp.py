"""What the tests of slack_sdk share: the client factory's type, readers of its answers, and of
the org's sessions."""

from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from slackmock import Control

# The `client` fixture: the SDK's WebClient for a token (None for none), on the mock.
ClientFor = Callable[[str | None], WebClient]


def slack_error(call: Callable[[], Any], code: str) -> SlackResponse:
    """Asserts that call raises the SDK's SlackApiError for an ok:false answer with code (HTTP 200)."""
    with pytest.raises(SlackApiError) as caught:
        call()
    res: SlackResponse = caught.value.response
    assert (res.status_code, res.get("ok"), res.get("error")) == (200, False, code), res.data
    return res


def header(res: SlackResponse | AsyncSlackResponse, name: str) -> str | None:
    """A header of the answer, by its name in any case (the SDK keeps them as the server wrote them)."""
    found = [v for k, v in res.headers.items() if k.lower() == name.lower()]
    return found[0] if found else None


def session_ids(control: Control, user_id: str | None = None) -> list[int]:
    """The ids of the org's live sessions (of user_id), sorted."""
    return sorted(s["session_id"] for s in control.sessions(user_id))
