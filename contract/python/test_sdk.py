"""Contract test: Slack's Python SDK, slack_sdk's WebClient, against slackmock by base URL alone.

Every method through the SDK's own method (`admin_users_session_*`, `auth_test`, `api_test`):
its success and what it did to the mock's state (read back through the control API), the
SlackApiError of each error code the demo fixture can produce, what the SDK puts on the wire
(the mock's journal), the SDK's cursor loop, resetBulk's job, and 429s with and without the
SDK's RateLimitErrorRetryHandler.
"""

import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.web import SlackResponse
from slackmock import Control

from demo import (
    ADMIN,
    ADMIN_USER,
    ADMIN_WEB,
    ALICE,
    ALICE_MOBILE,
    ALICE_WEB,
    ALL_OF_BOB,
    BOB,
    BOB_MOBILE,
    BOB_WEB_1,
    BOB_WEB_2,
    BOT,
    BOT_USER,
    EXPIRED,
    INACTIVE,
    MEMBER,
    NOBODY,
    ORG,
    OWNER,
    OWNER_USER,
    OWNER_WEB,
    READ,
    READONLY,
    REVOKED,
    TEAM_1,
    TEAM_2,
    UNKNOWN,
    WRITE,
    WRITEONLY,
)
from sdkhelp import ClientFor, header, session_ids, slack_error

INVALIDATE = "admin.users.session.invalidate"
RESET = "admin.users.session.reset"
LIST = "admin.users.session.list"
RESET_BULK = "admin.users.session.resetBulk"
SET_SETTINGS = "admin.users.session.setSettings"
GET_SETTINGS = "admin.users.session.getSettings"
CLEAR_SETTINGS = "admin.users.session.clearSettings"
FORM = "application/x-www-form-urlencoded"
# What slack_sdk sends for a call without arguments: this type, and an empty body.
EMPTY_JSON = "application/json;charset=utf-8"

# Each admin method called through the SDK with arguments it accepts, about Bob, and the
# scope it needs: for the checks every admin method makes before it reads its arguments.
ADMIN_CALLS: list[tuple[str, str, Callable[[WebClient], SlackResponse]]] = [
    (
        INVALIDATE,
        WRITE,
        lambda c: c.admin_users_session_invalidate(session_id=str(BOB_MOBILE), team_id=TEAM_2, user_id=BOB),
    ),
    (RESET, WRITE, lambda c: c.admin_users_session_reset(user_id=BOB)),
    (LIST, READ, lambda c: c.admin_users_session_list(limit=1)),
    (RESET_BULK, WRITE, lambda c: c.admin_users_session_resetBulk(user_ids=[BOB])),
    (SET_SETTINGS, WRITE, lambda c: c.admin_users_session_setSettings(user_ids=[BOB], duration=28800)),
    (GET_SETTINGS, READ, lambda c: c.admin_users_session_getSettings(user_ids=[BOB])),
    (CLEAR_SETTINGS, WRITE, lambda c: c.admin_users_session_clearSettings(user_ids=[BOB])),
]
ADMIN_CALL_IDS = [name for name, _, _ in ADMIN_CALLS]


def only_call(control: Control, method: str) -> dict[str, Any]:
    """The one call of method in the journal."""
    calls = control.requests(method)
    assert len(calls) == 1, calls
    return dict(calls[0])


def settings_of(control: Control) -> dict[str, Any]:
    """Each user's session settings, as the mock holds them."""
    return {u["id"]: u.get("session_settings") for u in control.fixture()["users"]}


# The SDK needs nothing but the base URL.


def test_a_webclient_given_only_base_url_calls_the_mock(api_url: str, control: Control) -> None:
    client = WebClient(ADMIN, base_url=api_url)  # the SDK's defaults otherwise
    assert client.admin_users_session_reset(user_id=BOB)["ok"] is True
    assert session_ids(control, BOB) == []
    assert [(c["method"], c["http_method"], c["status"]) for c in control.requests()] == [
        (RESET, "POST", 200)
    ]


def test_a_base_url_without_its_trailing_slash_works_too(api_url: str, control: Control) -> None:
    assert api_url.endswith("/api/")
    WebClient(ADMIN, base_url=api_url.removesuffix("/")).admin_users_session_reset(user_id=BOB, web_only=True)
    assert session_ids(control, BOB) == [BOB_MOBILE]


# admin.users.session.invalidate


def test_invalidate_with_user_id_ends_one_session(client: ClientFor, control: Control) -> None:
    # The SDK's signature is (session_id, team_id, **kwargs); today's method takes user_id, and
    # team_id is optional: None leaves it out of the call.
    res = client(ADMIN).admin_users_session_invalidate(
        session_id=str(BOB_MOBILE),
        team_id=None,  # type: ignore[arg-type]
        user_id=BOB,
    )
    assert res.data == {"ok": True}
    assert session_ids(control, BOB) == [BOB_WEB_2, BOB_WEB_1]

    # What the SDK sent: a form without charset, the token in the header, session_id as a string.
    call = only_call(control, INVALIDATE)
    assert call["http_method"] == "POST"
    assert call["content_type"] == FORM
    assert call["token_from"] == "header"
    assert call["args"] == {"session_id": str(BOB_MOBILE), "user_id": BOB}
    assert (call["status"], call.get("error"), call.get("fault")) == (200, None, None)
    assert call["request_id"] == header(res, "X-Slack-Req-Id")


@pytest.mark.parametrize("team_id", [TEAM_2, ORG], ids=["the session's team", "the org"])
def test_invalidate_with_team_id_too(client: ClientFor, control: Control, team_id: str) -> None:
    client(ADMIN).admin_users_session_invalidate(session_id=str(BOB_WEB_2), team_id=team_id, user_id=BOB)
    assert session_ids(control, BOB) == [BOB_MOBILE, BOB_WEB_1]
    assert only_call(control, INVALIDATE)["args"] == {
        "session_id": str(BOB_WEB_2),
        "team_id": team_id,
        "user_id": BOB,
    }


def test_invalidate_as_the_sdk_documents_it_lacks_user_id(client: ClientFor, control: Control) -> None:
    # session_id and team_id alone: the 2020 call, which Slack no longer takes.
    res = slack_error(
        lambda: client(ADMIN).admin_users_session_invalidate(session_id=str(BOB_MOBILE), team_id=TEAM_2),
        "invalid_arguments",
    )
    assert "[ERROR] missing required field: user_id" in res["response_metadata"]["messages"]
    assert session_ids(control, BOB) == ALL_OF_BOB


def test_the_primary_owner_may_end_their_own_session(client: ClientFor, control: Control) -> None:
    client(OWNER).admin_users_session_invalidate(
        session_id=str(OWNER_WEB), team_id=TEAM_1, user_id=OWNER_USER
    )
    assert session_ids(control, OWNER_USER) == []


# admin.users.session.reset


def test_reset_mobile_only(client: ClientFor, control: Control) -> None:
    assert client(ADMIN).admin_users_session_reset(user_id=BOB, mobile_only=True).data == {"ok": True}
    assert session_ids(control, BOB) == [BOB_WEB_2, BOB_WEB_1]
    call = only_call(control, RESET)
    assert (call["content_type"], call["token_from"]) == (FORM, "header")
    assert call["args"] == {"user_id": BOB, "mobile_only": "1"}  # the SDK writes booleans as 1 and 0


def test_reset_web_only(client: ClientFor, control: Control) -> None:
    client(ADMIN).admin_users_session_reset(user_id=BOB, web_only=True)
    assert session_ids(control, BOB) == [BOB_MOBILE]


def test_reset_with_false_flags_ends_every_session(client: ClientFor, control: Control) -> None:
    client(ADMIN).admin_users_session_reset(user_id=BOB, mobile_only=False, web_only=False)
    assert session_ids(control, BOB) == []
    assert only_call(control, RESET)["args"] == {"user_id": BOB, "mobile_only": "0", "web_only": "0"}
    assert session_ids(control, ALICE) == [ALICE_MOBILE, ALICE_WEB], "others keep theirs"


def test_the_primary_owner_may_reset_themselves(client: ClientFor, control: Control) -> None:
    client(OWNER).admin_users_session_reset(user_id=OWNER_USER)
    assert session_ids(control, OWNER_USER) == []


def test_a_token_given_per_call_goes_in_the_header(client: ClientFor, control: Control) -> None:
    client(None).admin_users_session_reset(user_id=BOB, token=ADMIN)
    assert session_ids(control, BOB) == []
    call = only_call(control, RESET)
    assert call["token_from"] == "header"
    assert call["args"] == {"user_id": BOB}


# Errors: every code the methods document that the demo fixture can produce, as SlackApiError.
# A call that fails changes nothing.

METHOD_ERRORS: list[tuple[str, Callable[[WebClient], SlackResponse], str]] = [
    (
        "invalidate: another user's session",
        lambda c: c.admin_users_session_invalidate(session_id=str(BOB_MOBILE), team_id=TEAM_2, user_id=ALICE),
        "session_not_found",
    ),
    (
        "invalidate: a session of another team",
        lambda c: c.admin_users_session_invalidate(session_id=str(BOB_WEB_1), team_id=TEAM_2, user_id=BOB),
        "session_not_found",
    ),
    (
        "invalidate: no such session",
        lambda c: c.admin_users_session_invalidate(session_id="999", team_id=TEAM_2, user_id=BOB),
        "session_not_found",
    ),
    (
        "invalidate: an unknown user",
        lambda c: c.admin_users_session_invalidate(
            session_id=str(BOB_MOBILE), team_id=TEAM_2, user_id=NOBODY
        ),
        "user_not_found",
    ),
    (
        "invalidate: the primary owner's session",
        lambda c: c.admin_users_session_invalidate(
            session_id=str(OWNER_WEB), team_id=TEAM_1, user_id=OWNER_USER
        ),
        "cannot_invalidate_primary_owner",
    ),
    ("reset: an unknown user", lambda c: c.admin_users_session_reset(user_id=NOBODY), "user_not_found"),
    ("reset: a bot", lambda c: c.admin_users_session_reset(user_id=BOT_USER), "cannot_reset_bot"),
    (
        "reset: the primary owner",
        lambda c: c.admin_users_session_reset(user_id=OWNER_USER),
        "cannot_reset_primary_owner",
    ),
    ("list: user_id without team_id", lambda c: c.admin_users_session_list(user_id=BOB), "missing_team"),
    ("list: team_id without user_id", lambda c: c.admin_users_session_list(team_id=TEAM_2), "missing_user"),
    (
        "list: an unknown user",
        lambda c: c.admin_users_session_list(user_id=NOBODY, team_id=TEAM_1),
        "user_not_found",
    ),
    (
        "list: an unknown team",
        lambda c: c.admin_users_session_list(user_id=BOB, team_id="T0NOTEAM1"),
        "team_not_found",
    ),
    (
        "list: a bot",
        lambda c: c.admin_users_session_list(user_id=BOT_USER, team_id=TEAM_1),
        "bots_not_allowed",
    ),
    (
        "list: a cursor it did not give",
        lambda c: c.admin_users_session_list(cursor="bm9wZQ=="),
        "invalid_cursor",
    ),
    (
        "resetBulk: an unknown user among them",
        lambda c: c.admin_users_session_resetBulk(user_ids=[BOB, NOBODY]),
        "user_not_found",
    ),
    (
        "resetBulk: a bot among them",
        lambda c: c.admin_users_session_resetBulk(user_ids=[BOB, BOT_USER]),
        "cannot_reset_bot",
    ),
    (
        "resetBulk: the primary owner among them",
        lambda c: c.admin_users_session_resetBulk(user_ids=[BOB, OWNER_USER]),
        "cannot_reset_primary_owner",
    ),
    (
        "setSettings: neither setting",
        lambda c: c.admin_users_session_setSettings(user_ids=[BOB]),
        "at_least_one_session_setting_required",
    ),
    (
        "setSettings: an unknown user among them",
        lambda c: c.admin_users_session_setSettings(user_ids=[BOB, NOBODY], duration=28800),
        "user_not_found",
    ),
    (
        "setSettings: a bot among them",
        lambda c: c.admin_users_session_setSettings(user_ids=[BOB, BOT_USER], duration=28800),
        "bots_not_allowed",
    ),
    (
        "getSettings: an unknown user",
        lambda c: c.admin_users_session_getSettings(user_ids=[NOBODY]),
        "user_not_found",
    ),
    (
        "getSettings: a bot",
        lambda c: c.admin_users_session_getSettings(user_ids=[BOT_USER]),
        "bots_not_allowed",
    ),
    (
        "clearSettings: an unknown user",
        lambda c: c.admin_users_session_clearSettings(user_ids=[BOB, NOBODY]),
        "user_not_found",
    ),
    (
        "clearSettings: a bot",
        lambda c: c.admin_users_session_clearSettings(user_ids=[BOT_USER]),
        "bots_not_allowed",
    ),
]


@pytest.mark.parametrize(
    ("call", "code"), [(c, e) for _, c, e in METHOD_ERRORS], ids=[n for n, _, _ in METHOD_ERRORS]
)
def test_method_error(
    client: ClientFor, control: Control, call: Callable[[WebClient], SlackResponse], code: str
) -> None:
    client(ADMIN).admin_users_session_setSettings(user_ids=[BOB], duration=86400)  # a setting to keep
    before = control.fixture()
    control.clear_requests()
    slack_error(lambda: call(client(ADMIN)), code)
    control.wait_jobs(timeout=5)  # had the call queued a job, it has run
    assert control.fixture() == before
    assert [c.get("error") for c in control.requests()] == [code]


INVALID_ARGUMENTS: list[tuple[str, Callable[[WebClient], SlackResponse], str]] = [
    (
        "invalidate: a session_id that is no number",
        lambda c: c.admin_users_session_invalidate(session_id="abc", team_id=TEAM_2, user_id=BOB),
        "session_id",
    ),
    (
        "reset: mobile_only with web_only",
        lambda c: c.admin_users_session_reset(user_id=BOB, mobile_only=True, web_only=True),
        "mobile_only",
    ),
    ("reset: an empty user_id", lambda c: c.admin_users_session_reset(user_id=""), "user_id"),
    ("list: limit 0", lambda c: c.admin_users_session_list(limit=0), "limit"),
    ("list: limit 1001", lambda c: c.admin_users_session_list(limit=1001), "limit"),
    ("resetBulk: no users", lambda c: c.admin_users_session_resetBulk(user_ids=[]), "user_ids"),
    (
        "setSettings: a duration under 28800",
        lambda c: c.admin_users_session_setSettings(user_ids=[BOB], duration=28799),
        "duration",
    ),
    (
        "setSettings: a duration over 315569520",
        lambda c: c.admin_users_session_setSettings(user_ids=[BOB], duration=315569521),
        "duration",
    ),
]


@pytest.mark.parametrize(
    ("call", "field"), [(c, f) for _, c, f in INVALID_ARGUMENTS], ids=[n for n, _, _ in INVALID_ARGUMENTS]
)
def test_invalid_arguments_name_the_field(
    client: ClientFor, control: Control, call: Callable[[WebClient], SlackResponse], field: str
) -> None:
    before = control.fixture()
    res = slack_error(lambda: call(client(ADMIN)), "invalid_arguments")
    messages = res["response_metadata"]["messages"]
    assert len(messages) == 1, messages
    assert messages[0].startswith("[ERROR] ")
    assert field in messages[0]
    assert control.fixture() == before


# Token checks, which every method makes before it reads its arguments.

TOKEN_ERRORS = [
    (UNKNOWN, "invalid_auth"),
    (REVOKED, "token_revoked"),
    (EXPIRED, "token_expired"),
    (INACTIVE, "account_inactive"),
]


@pytest.mark.parametrize(("token", "code"), TOKEN_ERRORS, ids=[c for _, c in TOKEN_ERRORS])
@pytest.mark.parametrize(("method", "scope", "call"), ADMIN_CALLS, ids=ADMIN_CALL_IDS)
def test_token_errors_on_every_admin_method(
    client: ClientFor,
    control: Control,
    method: str,
    scope: str,
    call: Callable[[WebClient], SlackResponse],
    token: str,
    code: str,
) -> None:
    before = control.fixture()
    slack_error(lambda: call(client(token)), code)
    assert control.fixture() == before
    assert [(c["method"], c.get("error")) for c in control.requests()] == [(method, code)]


@pytest.mark.parametrize(("method", "scope", "call"), ADMIN_CALLS, ids=ADMIN_CALL_IDS)
def test_no_token_is_not_authed(
    client: ClientFor, control: Control, method: str, scope: str, call: Callable[[WebClient], SlackResponse]
) -> None:
    slack_error(lambda: call(client(None)), "not_authed")
    assert control.requests()[0]["token_from"] == ""


@pytest.mark.parametrize(
    ("token", "code"), [(BOT, "not_allowed_token_type"), (MEMBER, "not_an_admin")], ids=["bot", "member"]
)
@pytest.mark.parametrize(("method", "scope", "call"), ADMIN_CALLS, ids=ADMIN_CALL_IDS)
def test_only_an_admins_user_token_may_call(
    client: ClientFor,
    control: Control,
    method: str,
    scope: str,
    call: Callable[[WebClient], SlackResponse],
    token: str,
    code: str,
) -> None:
    """A bot token is not_allowed_token_type, a member's not_an_admin, and neither changes anything."""
    before = control.fixture()
    slack_error(lambda: call(client(token)), code)
    assert control.fixture() == before


@pytest.mark.parametrize(("method", "scope", "call"), ADMIN_CALLS, ids=ADMIN_CALL_IDS)
def test_missing_scope_says_needed_and_provided(
    client: ClientFor, control: Control, method: str, scope: str, call: Callable[[WebClient], SlackResponse]
) -> None:
    other, provided = (WRITEONLY, WRITE) if scope == READ else (READONLY, READ)
    before = control.fixture()
    res = slack_error(lambda: call(client(other)), "missing_scope")
    assert (res["needed"], res["provided"]) == (scope, provided)
    assert control.fixture() == before
    # The scope headers come on the error too: the token's scopes, and the method's.
    assert header(res, "X-OAuth-Scopes") == provided
    assert header(res, "X-Accepted-OAuth-Scopes") == scope


@pytest.mark.parametrize(("method", "scope", "call"), ADMIN_CALLS, ids=ADMIN_CALL_IDS)
def test_scope_headers_on_success(
    client: ClientFor, control: Control, method: str, scope: str, call: Callable[[WebClient], SlackResponse]
) -> None:
    res = call(client(ADMIN))
    assert header(res, "X-OAuth-Scopes") == f"{READ},{WRITE}"
    assert header(res, "X-Accepted-OAuth-Scopes") == scope
    assert header(res, "X-Slack-Req-Id") == only_call(control, method)["request_id"]


def test_an_error_injected_by_a_fault_arrives_as_slack_api_error(client: ClientFor, control: Control) -> None:
    # A documented error the demo fixture cannot produce by itself.
    control.add_fault({"method": INVALIDATE, "error": "session_invalidation_failed", "times": 1})
    call = ADMIN_CALLS[0][2]
    slack_error(lambda: call(client(ADMIN)), "session_invalidation_failed")
    assert session_ids(control, BOB) == ALL_OF_BOB
    assert call(client(ADMIN))["ok"] is True
    assert session_ids(control, BOB) == [BOB_WEB_2, BOB_WEB_1]
    assert [(c.get("error"), c.get("fault")) for c in control.requests(INVALIDATE)] == [
        ("session_invalidation_failed", True),
        (None, None),
    ]


# auth.test


def test_auth_test_of_an_org_wide_admin_token(client: ClientFor, control: Control) -> None:
    fixture = control.fixture()
    org = fixture["org"]
    res = client(ADMIN).auth_test()
    # The admin scopes are granted only to apps installed org-wide: the token names the org.
    assert res["ok"] is True
    assert res["is_enterprise_install"] is True
    assert res["team_id"] == org["id"] == ORG
    assert res["enterprise_id"] == ORG
    assert res["team"] == org["name"]
    assert res["url"] == f"https://{org['domain']}.enterprise.slack.com/"
    assert res["user_id"] == ADMIN_USER
    assert res["user"] == next(u["name"] for u in fixture["users"] if u["id"] == ADMIN_USER)
    assert "bot_id" not in res
    assert header(res, "X-OAuth-Scopes") == f"{READ},{WRITE}"

    # What the SDK sent for a call without arguments: a POST with a JSON type and no body.
    call = only_call(control, "auth.test")
    assert (call["http_method"], call["content_type"], call["token_from"]) == ("POST", EMPTY_JSON, "header")
    assert call["args"] == {}
    assert (call["status"], call.get("error")) == (200, None)


def test_auth_test_of_a_workspace_user_token(client: ClientFor, control: Control) -> None:
    fixture = control.fixture()
    team = next(t for t in fixture["teams"] if t["id"] == TEAM_1)
    res = client(MEMBER).auth_test()
    assert res["is_enterprise_install"] is False
    assert res["team_id"] == TEAM_1
    assert res["team"] == team["name"]
    assert res["url"] == f"https://{team['domain']}.slack.com/"
    assert res["enterprise_id"] == ORG
    assert (res["user_id"], res["user"]) == (ALICE, "Alice")
    assert "bot_id" not in res


def test_auth_test_of_a_bot_token(client: ClientFor) -> None:
    res = client(BOT).auth_test()
    assert res["user_id"] == BOT_USER
    assert res["team_id"] == TEAM_1
    assert res["is_enterprise_install"] is False
    assert res["bot_id"].startswith("B")


def test_auth_test_with_the_token_as_an_argument(client: ClientFor, control: Control) -> None:
    # As Bolt calls it: auth_test(token=…) on a client without a token.
    assert client(None).auth_test(token=MEMBER)["user_id"] == ALICE
    call = only_call(control, "auth.test")
    assert (call["content_type"], call["token_from"], call["args"]) == (EMPTY_JSON, "header", {})


@pytest.mark.parametrize(("token", "code"), TOKEN_ERRORS, ids=[c for _, c in TOKEN_ERRORS])
def test_auth_test_token_errors(client: ClientFor, control: Control, token: str, code: str) -> None:
    slack_error(lambda: client(token).auth_test(), code)
    assert only_call(control, "auth.test").get("error") == code


def test_auth_test_without_a_token_is_not_authed(client: ClientFor) -> None:
    slack_error(lambda: client(None).auth_test(), "not_authed")


# api.test


def test_api_test_without_arguments(client: ClientFor, control: Control) -> None:
    res = client(None).api_test()
    assert res["ok"] is True
    assert res.get("args", {}) == {}
    call = only_call(control, "api.test")
    assert (call["content_type"], call["args"], call.get("error")) == (EMPTY_JSON, {}, None)


def test_api_test_echoes_its_arguments_as_sent(client: ClientFor) -> None:
    res = client(ADMIN).api_test(foo="bar", n=3, yes=True)
    assert res["args"] == {"foo": "bar", "n": "3", "yes": "1"}


def test_api_test_with_error_fails_with_that_code_and_echoes(client: ClientFor) -> None:
    res = slack_error(lambda: client(None).api_test(error="my_error", foo="bar"), "my_error")
    assert res["args"] == {"error": "my_error", "foo": "bar"}


# A method the mock does not serve


def test_an_unknown_method_through_api_call(client: ClientFor, control: Control) -> None:
    res = slack_error(
        lambda: client(ADMIN).api_call("no.such.method", params={"foo": "bar"}), "unknown_method"
    )
    assert res["req_method"] == "no.such.method"
    call = only_call(control, "no.such.method")
    assert (call["http_method"], call.get("error")) == ("POST", "unknown_method")


# admin.users.session.list


def session_key(s: Mapping[str, Any]) -> tuple[str, str, int]:
    return (s["user_id"], s["team_id"], s["session_id"])


def test_list_without_arguments_gives_every_live_session(client: ClientFor, control: Control) -> None:
    res = client(ADMIN).admin_users_session_list()
    assert res["ok"] is True
    assert res["response_metadata"]["next_cursor"] == ""
    live = control.sessions()
    assert sorted(map(session_key, res["active_sessions"])) == sorted(map(session_key, live))
    assert all(isinstance(s["session_id"], int) for s in res["active_sessions"])
    bob_mobile = next(s for s in res["active_sessions"] if s["session_id"] == BOB_MOBILE)
    assert bob_mobile["created"] == next(s for s in live if s["session_id"] == BOB_MOBILE)["created"]

    call = only_call(control, LIST)
    assert (call["content_type"], call["args"], call.get("error")) == (EMPTY_JSON, {}, None)


def test_list_of_one_user_in_one_team(client: ClientFor, control: Control) -> None:
    res = client(ADMIN).admin_users_session_list(user_id=BOB, team_id=TEAM_2)
    assert sorted(s["session_id"] for s in res["active_sessions"]) == [BOB_MOBILE, BOB_WEB_2]
    assert only_call(control, LIST)["args"] == {"user_id": BOB, "team_id": TEAM_2}


def test_list_of_one_user_in_the_whole_org(client: ClientFor) -> None:
    res = client(ADMIN).admin_users_session_list(user_id=BOB, team_id=ORG)
    assert sorted(s["session_id"] for s in res["active_sessions"]) == ALL_OF_BOB


def test_list_with_nothing_to_list_is_ok_and_empty(client: ClientFor) -> None:
    client(ADMIN).admin_users_session_reset(user_id=ALICE)
    res = client(ADMIN).admin_users_session_list(user_id=ALICE, team_id=TEAM_1)
    assert res["active_sessions"] == []
    assert res["response_metadata"]["next_cursor"] == ""


def test_list_paged_by_the_sdk_cursor_loop(client: ClientFor, control: Control) -> None:
    pages: list[tuple[list[dict[str, Any]], str]] = []
    for page in client(ADMIN).admin_users_session_list(limit=2):  # the SDK follows next_cursor
        pages.append((page["active_sessions"], page["response_metadata"]["next_cursor"]))

    live = control.sessions()
    assert len(live) > 2, "the fixture has more than one page of sessions"
    assert len(pages) == math.ceil(len(live) / 2)
    assert all(len(sessions) == 2 and cursor != "" for sessions, cursor in pages[:-1])
    assert pages[-1][1] == ""
    seen = [session_key(s) for sessions, _ in pages for s in sessions]
    assert len(set(seen)) == len(seen), f"a session came twice: {seen}"
    assert sorted(seen) == sorted(map(session_key, live))

    # What the SDK sent: limit on every call, and each page's cursor on the next.
    calls = control.requests(LIST)
    assert [c["args"] for c in calls] == [{"limit": "2"}] + [
        {"limit": "2", "cursor": cursor} for _, cursor in pages[:-1]
    ]
    assert all(c["content_type"] == FORM and c["token_from"] == "header" for c in calls)


def test_list_pages_list_a_session_live_throughout_once(client: ClientFor, control: Control) -> None:
    admin = client(ADMIN)
    seen: list[int] = []
    for i, page in enumerate(admin.admin_users_session_list(limit=2)):
        seen += [s["session_id"] for s in page["active_sessions"]]
        if i == 0:
            # Between pages, a session already listed ends, and so does one not yet listed.
            admin.admin_users_session_invalidate(session_id=str(seen[-1]), team_id=TEAM_2, user_id=BOB)
            admin.admin_users_session_invalidate(
                session_id=str(ADMIN_WEB), team_id=TEAM_1, user_id=ADMIN_USER
            )
    assert seen[:2] == [BOB_MOBILE, BOB_WEB_2]
    assert sorted(seen) == sorted([BOB_WEB_2, *session_ids(control)])


# admin.users.session.resetBulk


def test_reset_bulk_ends_the_sessions_in_its_job(client: ClientFor, control: Control) -> None:
    res = client(ADMIN).admin_users_session_resetBulk(user_ids=[BOB, ALICE], mobile_only=True)
    assert res.data == {"ok": True}
    call = only_call(control, RESET_BULK)
    # The SDK joins a list of ids with commas.
    assert call["args"] == {"user_ids": f"{BOB},{ALICE}", "mobile_only": "1"}

    job = next(j for j in control.wait_jobs(timeout=5) if j["request_id"] == call["request_id"])
    assert (job["method"], job["user_ids"], job["done"], job.get("only")) == (
        RESET_BULK,
        [BOB, ALICE],
        True,
        "mobile",
    )
    assert "error" not in job
    assert [(r["user_id"], r["ended"], r.get("error")) for r in job["results"]] == [
        (BOB, 1, None),
        (ALICE, 1, None),
    ]
    assert session_ids(control, BOB) == [BOB_WEB_2, BOB_WEB_1]
    assert session_ids(control, ALICE) == [ALICE_WEB]


def test_reset_bulk_without_flags_ends_every_session(client: ClientFor, control: Control) -> None:
    client(ADMIN).admin_users_session_resetBulk(user_ids=[BOB, ALICE])
    control.wait_jobs(timeout=5)
    assert session_ids(control, BOB) == []
    assert session_ids(control, ALICE) == []
    assert session_ids(control, OWNER_USER) == [OWNER_WEB], "others keep theirs"


def test_reset_bulk_takes_a_comma_separated_string_too(client: ClientFor, control: Control) -> None:
    client(ADMIN).admin_users_session_resetBulk(user_ids=f"{BOB},{ALICE}", web_only=True)
    control.wait_jobs(timeout=5)
    assert session_ids(control, BOB) == [BOB_MOBILE]
    assert session_ids(control, ALICE) == [ALICE_MOBILE]


def test_a_reset_bulk_job_that_fails_for_some_users(client: ClientFor, control: Control) -> None:
    control.add_fault({"method": RESET_BULK, "job": True, "user_id": ALICE})
    assert client(ADMIN).admin_users_session_resetBulk(user_ids=[BOB, ALICE])["ok"] is True
    call = only_call(control, RESET_BULK)
    job = next(j for j in control.wait_jobs(timeout=5) if j["request_id"] == call["request_id"])
    assert job["error"] == "failed_for_some_users"
    assert [(r["user_id"], r.get("error")) for r in job["results"]] == [
        (BOB, None),
        (ALICE, "user_session_reset_failed"),
    ]
    assert session_ids(control, BOB) == []
    assert session_ids(control, ALICE) == [ALICE_MOBILE, ALICE_WEB]


# Session settings


def test_set_get_and_clear_settings(client: ClientFor, control: Control) -> None:
    admin = client(ADMIN)
    assert admin.admin_users_session_setSettings(
        user_ids=[BOB, ALICE], duration=86400, desktop_app_browser_quit=True
    ).data == {"ok": True}
    assert only_call(control, SET_SETTINGS)["args"] == {
        "user_ids": f"{BOB},{ALICE}",
        "duration": "86400",
        "desktop_app_browser_quit": "1",
    }
    both = {"duration": 86400, "desktop_app_browser_quit": True}
    held = settings_of(control)
    assert (held[BOB], held[ALICE], held[OWNER_USER]) == (both, both, None)

    got = admin.admin_users_session_getSettings(user_ids=[BOB, ALICE, OWNER_USER])
    assert sorted(got["session_settings"], key=lambda s: s["user_id"]) == [
        {"user_id": ALICE, **both},
        {"user_id": BOB, **both},
    ]
    assert got["no_settings_applied"] == [OWNER_USER]
    assert only_call(control, GET_SETTINGS)["args"] == {"user_ids": f"{BOB},{ALICE},{OWNER_USER}"}

    assert admin.admin_users_session_clearSettings(user_ids=[BOB]).data == {"ok": True}
    assert only_call(control, CLEAR_SETTINGS)["args"] == {"user_ids": BOB}
    assert settings_of(control)[BOB] is None
    after = admin.admin_users_session_getSettings(user_ids=[BOB, ALICE])
    assert after["session_settings"] == [{"user_id": ALICE, **both}]
    assert after["no_settings_applied"] == [BOB]


def test_get_settings_items_have_every_key_null_when_unset(client: ClientFor) -> None:
    admin = client(ADMIN)
    admin.admin_users_session_setSettings(user_ids=[BOB], duration=28800)
    [item] = admin.admin_users_session_getSettings(user_ids=[BOB])["session_settings"]
    assert item == {"user_id": BOB, "duration": 28800, "desktop_app_browser_quit": None}
    assert item["desktop_app_browser_quit"] is None


def test_a_setting_not_given_is_left_as_it_was(client: ClientFor, control: Control) -> None:
    admin = client(ADMIN)
    admin.admin_users_session_setSettings(user_ids=[BOB], duration=28800)
    admin.admin_users_session_setSettings(user_ids=[BOB], desktop_app_browser_quit=False)
    assert control.requests(SET_SETTINGS)[1]["args"] == {"user_ids": BOB, "desktop_app_browser_quit": "0"}
    [item] = admin.admin_users_session_getSettings(user_ids=[BOB])["session_settings"]
    assert item == {"user_id": BOB, "duration": 28800, "desktop_app_browser_quit": False}


# 429 and Retry-After


def test_a_429_raises_slack_api_error_with_retry_after(client: ClientFor, control: Control) -> None:
    control.add_fault({"method": RESET, "status": 429, "retry_after": 1, "times": 1})
    with pytest.raises(SlackApiError) as caught:
        client(ADMIN).admin_users_session_reset(user_id=BOB)  # the default handlers retry no 429
    res = caught.value.response
    assert res.status_code == 429
    assert header(res, "Retry-After") == "1"
    assert (res["ok"], res["error"]) == (False, "ratelimited")
    assert session_ids(control, BOB) == ALL_OF_BOB, "a faulted call changes nothing"
    assert [(c["status"], c.get("error"), c.get("fault")) for c in control.requests(RESET)] == [
        (429, "ratelimited", True)
    ]


def test_the_rate_limit_retry_handler_waits_and_succeeds(client: ClientFor, control: Control) -> None:
    control.add_fault({"method": RESET, "status": 429, "retry_after": 1, "times": 1})
    admin = client(ADMIN)
    admin.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    # The handler sleeps Retry-After plus up to a second of jitter, and takes no interval
    # calculator for 429s: this test waits 1 to 2 s.
    start = time.monotonic()
    assert admin.admin_users_session_reset(user_id=BOB, mobile_only=True).data == {"ok": True}
    assert time.monotonic() - start >= 1.0, "retried before Retry-After"
    assert session_ids(control, BOB) == [BOB_WEB_2, BOB_WEB_1]
    assert [(c["status"], c.get("fault"), c["args"]) for c in control.requests(RESET)] == [
        (429, True, {"user_id": BOB, "mobile_only": "1"}),
        (200, None, {"user_id": BOB, "mobile_only": "1"}),
    ]
    assert control.faults() == [], "a fault with times 1 goes once used"
