"""Contract test: slack_sdk's asyncio client, AsyncWebClient (on aiohttp), against slackmock.

The same methods as the WebClient's, sent by another HTTP stack: aiohttp posts a call without
arguments as an empty form, where the WebClient posts an empty JSON body. Each test runs its
coroutine with asyncio.run.
"""

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from slackmock import Control

from demo import ADMIN, ALICE, ALICE_WEB, BOB, BOB_MOBILE, BOB_WEB_1, BOB_WEB_2, ORG, READ, WRITE, WRITEONLY
from sdkhelp import header, session_ids

FORM = "application/x-www-form-urlencoded"


async def slack_error(call: Callable[[], Awaitable[AsyncSlackResponse]], code: str) -> AsyncSlackResponse:
    """Asserts that call raises SlackApiError for an ok:false answer with code (HTTP 200)."""
    with pytest.raises(SlackApiError) as caught:
        await call()
    res: AsyncSlackResponse = caught.value.response
    assert (res.status_code, res.get("ok"), res.get("error")) == (200, False, code), res.data
    return res


def test_auth_test(api_url: str, control: Control) -> None:
    async def run() -> AsyncSlackResponse:
        return await AsyncWebClient(ADMIN, base_url=api_url).auth_test()

    res = asyncio.run(run())
    assert (res["ok"], res["is_enterprise_install"], res["team_id"]) == (True, True, ORG)
    [call] = control.requests("auth.test")
    assert (call["content_type"], call["token_from"], call["args"]) == (FORM, "header", {})


def test_reset_reset_bulk_and_list_pages(api_url: str, control: Control) -> None:
    client = AsyncWebClient(ADMIN, base_url=api_url)

    async def end_sessions() -> None:
        await client.admin_users_session_reset(user_id=BOB, mobile_only=True)
        await client.admin_users_session_resetBulk(user_ids=[ALICE], mobile_only=True)

    async def list_all() -> list[int]:
        listed: list[int] = []
        async for page in await client.admin_users_session_list(limit=2):  # the SDK follows next_cursor
            listed += [s["session_id"] for s in page["active_sessions"]]
        return listed

    asyncio.run(end_sessions())
    control.wait_jobs(timeout=5)
    assert session_ids(control, BOB) == [BOB_WEB_2, BOB_WEB_1]
    assert session_ids(control, ALICE) == [ALICE_WEB]
    calls = control.requests()
    assert [(c["method"], c["content_type"], c["args"]) for c in calls] == [
        ("admin.users.session.reset", FORM, {"user_id": BOB, "mobile_only": "1"}),
        ("admin.users.session.resetBulk", FORM, {"user_ids": ALICE, "mobile_only": "1"}),
    ]

    control.clear_requests()
    listed = asyncio.run(list_all())
    assert sorted(listed) == session_ids(control)
    pages = control.requests()
    assert len(pages) == 3
    assert pages[0]["args"] == {"limit": "2"}
    assert all(set(c["args"]) == {"limit", "cursor"} for c in pages[1:])


def test_missing_scope(api_url: str, control: Control) -> None:
    async def run() -> AsyncSlackResponse:
        client = AsyncWebClient(WRITEONLY, base_url=api_url)
        return await slack_error(lambda: client.admin_users_session_list(), "missing_scope")

    res = asyncio.run(run())
    assert (res["needed"], res["provided"]) == (READ, WRITE)


def test_a_429_raises_slack_api_error_with_retry_after(api_url: str, control: Control) -> None:
    control.add_fault({"method": "admin.users.session.reset", "status": 429, "retry_after": 1, "times": 1})

    async def run() -> AsyncSlackResponse:
        with pytest.raises(SlackApiError) as caught:
            await AsyncWebClient(ADMIN, base_url=api_url).admin_users_session_reset(user_id=BOB)
        response: AsyncSlackResponse = caught.value.response
        return response

    res = asyncio.run(run())
    assert res.status_code == 429
    assert header(res, "Retry-After") == "1"
    assert res["error"] == "ratelimited"
    assert session_ids(control, BOB) == [BOB_MOBILE, BOB_WEB_2, BOB_WEB_1]
