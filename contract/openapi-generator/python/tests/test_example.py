"""example.py, the README's snippet, against slackmock: success, a Slack error, a 429."""

from conftest import Mock
from example import end_mobile_sessions


def test_example_ends_the_mobile_sessions(mock: Mock) -> None:
    assert end_mobile_sessions(f"{mock.base}/api", "xoxp-demo-admin", "W0ALICE01") == "ended"
    assert mock.live_sessions("W0ALICE01") == {2220000000002}


def test_example_tells_a_slack_error(mock: Mock) -> None:
    assert (
        end_mobile_sessions(f"{mock.base}/api", "xoxp-demo-admin", "W0NOBODY1") == "Slack said user_not_found"
    )
    assert (
        end_mobile_sessions(f"{mock.base}/api", "xoxp-demo-member", "W0ALICE01") == "Slack said not_an_admin"
    )


def test_example_tells_when_to_try_again(mock: Mock) -> None:
    mock.control("POST", "faults", {"method": "admin.users.session.reset", "status": 429, "retry_after": 7})
    assert (
        end_mobile_sessions(f"{mock.base}/api", "xoxp-demo-admin", "W0ALICE01")
        == "rate limited: try again in 7 s"
    )
