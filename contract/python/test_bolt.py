"""Contract test: Bolt for Python against slackmock, given a WebClient pointed at the mock.

An App calls auth.test as it is built (so a fake Slack that does not answer it stops every
Bolt app at start), and its listeners call Slack through a client Bolt makes per request from
the App's: both must work against the mock by its base URL alone.
"""

import time
import urllib.parse
from collections.abc import Sequence

import pytest
from slack_bolt import Ack, App, BoltRequest
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slackmock import Control

from demo import ADMIN, ADMIN_USER, ALICE, BOB, BOT, BOT_USER, ORG, TEAM_1, TEAM_2, UNKNOWN
from sdkhelp import session_ids

SIGNING_SECRET = "contract-test-signing-secret"
EMPTY_JSON = "application/json;charset=utf-8"


def app_on_mock(api_url: str, token: str) -> App:
    """A Bolt app whose client is the SDK's WebClient on the mock; it runs listeners before answering."""
    return App(
        client=WebClient(token, base_url=api_url),
        signing_secret=SIGNING_SECRET,
        process_before_response=True,
    )


def slash_command(command: str, text: str) -> BoltRequest:
    """A slash command from the admin in T0DEMO001 of an org-wide app, signed as Slack signs it."""
    body = urllib.parse.urlencode(
        {
            "command": command,
            "text": text,
            "team_id": TEAM_1,
            "enterprise_id": ORG,
            "is_enterprise_install": "true",
            "user_id": ADMIN_USER,
            "channel_id": "C0DEMO001",
            "trigger_id": "1.2.3",
        }
    )
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None  # None only for want of a timestamp or a body
    headers: dict[str, str | Sequence[str]] = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature,
    }
    return BoltRequest(body=body, headers=headers)


def test_an_app_builds_calling_auth_test(api_url: str, control: Control) -> None:
    app = app_on_mock(api_url, BOT)
    assert app.client.token == BOT
    calls = control.requests()
    assert [
        (c["method"], c["content_type"], c["token_from"], c["status"], c.get("error")) for c in calls
    ] == [("auth.test", EMPTY_JSON, "header", 200, None)]


def test_an_app_with_an_unknown_token_fails_to_build(api_url: str, control: Control) -> None:
    with pytest.raises(BoltError, match="invalid_auth"):
        app_on_mock(api_url, UNKNOWN)
    assert [(c["method"], c.get("error")) for c in control.requests()] == [("auth.test", "invalid_auth")]


def test_a_listener_calls_the_admin_methods(api_url: str, control: Control) -> None:
    app = app_on_mock(api_url, ADMIN)

    @app.command("/signout")
    def sign_out(ack: Ack, command: dict[str, str], client: WebClient) -> None:
        user_id, team_id = command["text"].split()
        listed = client.admin_users_session_list(user_id=user_id, team_id=team_id)["active_sessions"]
        client.admin_users_session_reset(user_id=user_id)
        ack(f"ended {len(listed)} sessions in {team_id}")

    control.clear_requests()  # the app's auth.test
    res = app.dispatch(slash_command("/signout", f"{BOB} {TEAM_2}"))
    assert (res.status, res.body) == (200, f"ended 2 sessions in {TEAM_2}")
    assert session_ids(control, BOB) == []
    assert session_ids(control, ALICE) != []

    # Bolt's client per request sends the team of the request with every call.
    calls = control.requests()
    assert [(c["method"], c["token_from"], c["args"]) for c in calls] == [
        ("admin.users.session.list", "header", {"user_id": BOB, "team_id": TEAM_2}),
        ("admin.users.session.reset", "header", {"user_id": BOB, "team_id": TEAM_1}),
    ]


def test_a_listener_sees_the_error_of_an_admin_method(api_url: str, control: Control) -> None:
    app = app_on_mock(api_url, ADMIN)
    errors: list[str] = []

    @app.command("/signout")
    def sign_out(ack: Ack, command: dict[str, str], client: WebClient) -> None:
        try:
            client.admin_users_session_reset(user_id=command["text"])
        except SlackApiError as e:
            errors.append(e.response["error"])
        ack()

    res = app.dispatch(slash_command("/signout", BOT_USER))
    assert res.status == 200
    assert errors == ["cannot_reset_bot"]
