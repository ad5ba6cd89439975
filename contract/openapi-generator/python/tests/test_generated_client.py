"""openapi-generator's Python client, generated from openapi.yaml, against slackmock."""

import json

import pytest
import slack_client
from slack_client import (
    AdminUsersSessionApi,
    GetSessionSettingsArgs,
    InvalidateSessionArgs,
    ListSessionsArgs,
    ResetSessionsArgs,
    SetSessionSettingsArgs,
)

from conftest import Mock, client


def test_auth_test_with_no_arguments_tells_the_token_who_it_is(mock: Mock) -> None:
    # With no body the client posts Content-Type: application/json and nothing else: a call
    # without arguments, as Slack takes it.
    with client(mock, "xoxp-demo-admin") as c:
        r = slack_client.AuthApi(c).auth_test_with_http_info()
    assert r.status_code == 200
    assert r.data.ok, r.data.error
    assert r.data.user_id == "W0ADMIN01"
    # The demo's admin token is an org-wide install: auth.test names the org.
    assert r.data.enterprise_id == "E0DEMO001"
    assert r.data.team_id == "E0DEMO001"
    assert r.data.is_enterprise_install is True
    call = mock.journal_entry(r.headers["X-Slack-Req-Id"])
    assert call["token_from"] == "header"
    assert call["content_type"].startswith("application/json")


def test_reset_ends_the_users_mobile_sessions_from_a_json_body(
    mock: Mock, admin: AdminUsersSessionApi
) -> None:
    r = admin.admin_users_session_reset_with_http_info(
        ResetSessionsArgs(user_id="W0ALICE01", mobile_only=True)
    )
    assert r.data.ok, r.data.error
    assert mock.live_sessions("W0ALICE01") == {2220000000002}, "only the web session is left"

    call = mock.journal_entry(r.headers["X-Slack-Req-Id"])
    # The client sends no charset: Slack answers, and warns.
    assert call["content_type"] == "application/json"
    assert r.data.warning == "missing_charset"
    assert call["token_from"] == "header"
    # The model sends the spec's default for the flag it was not given.
    assert call["args"] == {"user_id": "W0ALICE01", "mobile_only": True, "web_only": False}


def test_a_slack_error_is_a_typed_answer_not_an_exception(mock: Mock, admin: AdminUsersSessionApi) -> None:
    r = admin.admin_users_session_reset_with_http_info(ResetSessionsArgs(user_id="W0NOBODY1"))
    assert r.status_code == 200
    assert r.data.ok is False
    assert r.data.error == "user_not_found"
    assert mock.journal_entry(r.headers["X-Slack-Req-Id"])["error"] == "user_not_found"


def test_a_rate_limited_call_raises_with_status_429_and_retry_after(
    mock: Mock, admin: AdminUsersSessionApi
) -> None:
    mock.control(
        "POST",
        "faults",
        {"method": "admin.users.session.reset", "status": 429, "retry_after": 1, "times": 1},
    )
    before = mock.live_sessions("W0BOB0001")

    with pytest.raises(slack_client.ApiException) as raised:
        admin.admin_users_session_reset(ResetSessionsArgs(user_id="W0BOB0001"))
    e = raised.value
    assert e.status == 429
    assert e.headers is not None
    assert e.headers["Retry-After"] == "1"
    assert isinstance(e.data, slack_client.SlackResponse)
    assert e.data.ok is False
    assert e.data.error == "ratelimited"
    assert mock.live_sessions("W0BOB0001") == before, "a rate-limited call changes nothing"

    # The fault was for one call: the next one goes through.
    assert admin.admin_users_session_reset(ResetSessionsArgs(user_id="W0BOB0001")).ok
    assert mock.live_sessions("W0BOB0001") == set()


def test_list_pages_through_int64_session_ids_that_invalidate_takes_back(
    mock: Mock, admin: AdminUsersSessionApi
) -> None:
    listed: list[int] = []
    cursor: str | None = None
    pages = 0
    while True:
        page = admin.admin_users_session_list(ListSessionsArgs(limit=2, cursor=cursor))
        assert page.ok, page.error
        assert page.active_sessions is not None
        listed += [s.session_id for s in page.active_sessions]
        pages += 1
        assert page.response_metadata is not None
        cursor = page.response_metadata.next_cursor
        if not cursor:
            break

    live = mock.live_sessions()
    assert sorted(listed) == sorted(live), "every live session, each once"
    assert pages == (len(live) + 1) // 2
    assert 1112275520242 in listed, "an id over 2^31 read exactly"

    r = admin.admin_users_session_invalidate(
        InvalidateSessionArgs(user_id="W0BOB0001", session_id=1112275520242)
    )
    assert r.ok, r.error
    assert 1112275520242 not in mock.live_sessions("W0BOB0001")


def test_get_settings_answers_every_key_of_a_setting_null_where_unset(admin: AdminUsersSessionApi) -> None:
    r = admin.admin_users_session_set_settings(SetSessionSettingsArgs(user_ids=["W0BOB0001"], duration=28800))
    assert r.ok, r.error

    got = admin.admin_users_session_get_settings_with_http_info(
        GetSessionSettingsArgs(user_ids=["W0BOB0001", "W0ALICE01"])
    )
    assert got.data.ok, got.data.error
    assert got.data.session_settings is not None
    [bob] = got.data.session_settings
    assert bob.user_id == "W0BOB0001"
    assert bob.duration == 28800
    assert bob.desktop_app_browser_quit is None
    assert got.data.no_settings_applied == ["W0ALICE01"]
    # Slack's answer has every key, null where unset, so that s["desktop_app_browser_quit"] works.
    assert got.raw_data is not None
    assert json.loads(got.raw_data)["session_settings"] == [
        {"user_id": "W0BOB0001", "desktop_app_browser_quit": None, "duration": 28800}
    ]


def test_an_answer_with_fields_the_spec_lacks_is_read_not_refused() -> None:
    # Slack adds fields to its answers over time. The model keeps one the spec does not list
    # in additional_properties.
    r = slack_client.SlackResponse.from_json(
        '{"ok": false, "error": "user_not_found", "added_later": "W0NOBODY1"}'
    )
    assert r is not None
    assert r.error == "user_not_found"
    assert r.additional_properties == {"added_later": "W0NOBODY1"}


def test_api_test_needs_no_token_and_fails_with_the_error_asked_for(mock: Mock) -> None:
    with client(mock, None) as c:
        r = slack_client.ApiApi(c).api_test(slack_client.ApiTestArgs(error="my_error"))
    assert r.ok is False
    assert r.error == "my_error"
    assert r.args == {"error": "my_error"}
