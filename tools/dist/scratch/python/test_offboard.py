"""A Python service's test with the slackmock wheel and Slack's own SDK: the slack_org fixture
is an org of the test's own, in one mock per session. `pip install slackmock slack_sdk pytest`,
then `pytest` (or `pytest -n 4`, with pytest-xdist)."""

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slackmock import Org


# The service under test: it signs a user out of every session.
def offboard(slack: WebClient, user_id: str) -> None:
    slack.admin_users_session_reset(user_id=user_id)


def test_offboarding_signs_the_user_out_through_a_rate_limit(slack_org: Org) -> None:
    slack_org.add_fault(method="admin.users.session.reset", status=429, retry_after=1, times=1)

    slack = WebClient(
        token="xoxp-demo-admin",
        base_url=slack_org.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    offboard(slack, "W0BOB0001")  # the SDK waits out the 429 and calls again

    assert slack_org.sessions("W0BOB0001") == []
    calls = slack_org.requests("admin.users.session.reset")
    assert [c["status"] for c in calls] == [429, 200]
