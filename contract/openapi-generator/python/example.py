"""Ends a user's mobile Slack sessions with the Python client openapi-generator makes from
openapi.yaml, and says how Slack answered.

    python example.py http://127.0.0.1:8080/api xoxp-demo-admin W0BOB0001
"""

import sys

import slack_client


def end_mobile_sessions(api_url: str, token: str, user_id: str) -> str:
    """Calls admin.users.session.reset with mobile_only; answers what happened, in words."""
    config = slack_client.Configuration(host=api_url, access_token=token)
    with slack_client.ApiClient(config) as client:
        sessions = slack_client.AdminUsersSessionApi(client)
        try:
            answer = sessions.admin_users_session_reset(
                slack_client.ResetSessionsArgs(user_id=user_id, mobile_only=True)
            )
        except slack_client.ApiException as e:
            if e.status == 429 and e.headers is not None:
                return f"rate limited: try again in {e.headers['Retry-After']} s"
            raise
    # Slack answers its errors with HTTP 200: look at ok.
    return "ended" if answer.ok else f"Slack said {answer.error}"


if __name__ == "__main__":
    print(end_mobile_sessions(*sys.argv[1:4]))
