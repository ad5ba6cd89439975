"""The plugin's and the package's promises, held against the binary the wheel installed."""

from pathlib import Path

import pytest
import slackmock
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slackmock import Org, SlackMock, SlackMockError
from slackmock.types import Fixture

ACME: Fixture = {
    "org": {"id": "E0ACME001", "name": "Acme"},
    "teams": [{"id": "T0ACME001", "name": "Acme", "domain": "acme"}],
    "users": [
        {"id": "W0ADMIN01", "team_id": "T0ACME001", "role": "admin"},
        {"id": "W0CAROL01", "team_id": "T0ACME001"},
    ],
    "tokens": [
        {
            "token": "xoxp-acme-admin",
            "user_id": "W0ADMIN01",
            "scopes": ["admin.users:read", "admin.users:write"],
        }
    ],
    "sessions": [
        {"session_id": 1112275520242, "user_id": "W0CAROL01", "team_id": "T0ACME001", "client": "mobile"},
        {"session_id": 1112275520243, "user_id": "W0CAROL01", "team_id": "T0ACME001", "client": "web"},
    ],
}

ACME_YAML = """
org: {id: E0ACME001}
teams: [{id: T0ACME001}]
users: [{id: W0ADMIN01, team_id: T0ACME001, role: admin}]
tokens: [{token: xoxp-acme-admin, user_id: W0ADMIN01, scopes: ["admin.users:read"]}]
"""


# One user's isolation, 12 times over: with `-n 4` four workers run these at once, each test in
# an org of its own, so each sees only its own call and Bob's three sessions before it.
@pytest.mark.parametrize("n", range(12))
def test_each_test_has_an_org_of_its_own(slack_org: Org, n: int) -> None:
    assert len(slack_org.sessions("W0BOB0001")) == 3
    slack = WebClient(token="xoxp-demo-admin", base_url=slack_org.api_url)
    slack.admin_users_session_reset(user_id="W0BOB0001", mobile_only=True)
    assert [s["client"] for s in slack_org.sessions("W0BOB0001")] == ["web", "web"]
    [call] = slack_org.requests()
    assert call["method"] == "admin.users.session.reset"
    assert call["args"] == {"user_id": "W0BOB0001", "mobile_only": "1"}


def test_the_session_mock_is_untouched_by_orgs(slackmock_server: SlackMock, slack_org: Org) -> None:
    WebClient(token="xoxp-demo-admin", base_url=slack_org.api_url).admin_users_session_reset(
        user_id="W0BOB0001"
    )
    assert slack_org.sessions("W0BOB0001") == []
    assert len(slackmock_server.sessions("W0BOB0001")) == 3
    assert slack_org.id in {o["id"] for o in slackmock_server.orgs()}


class TestOrgFromAFixtureOfItsOwn:
    @pytest.fixture
    def slack_org_fixture(self) -> Fixture:
        return ACME

    def test_it_starts_from_that_fixture(self, slack_org: Org) -> None:
        assert [s["session_id"] for s in slack_org.sessions("W0CAROL01")] == [1112275520242, 1112275520243]
        slack = WebClient(token="xoxp-acme-admin", base_url=slack_org.api_url)
        assert slack.admin_users_session_list()["active_sessions"]  # an empty body, as slack_sdk sends it


def test_faults_jobs_and_fixtures_of_an_org(slack_org: Org, tmp_path: Path) -> None:
    slack = WebClient(token="xoxp-demo-admin", base_url=slack_org.api_url)
    fault = slack_org.add_fault({"method": "admin.users.session.list"}, error="fatal_error", times=1)
    assert [f["id"] for f in slack_org.faults()] == [fault]
    with pytest.raises(SlackApiError, match="fatal_error"):
        slack.admin_users_session_list(user_id="W0BOB0001")
    assert slack_org.faults() == []  # used up

    slack.admin_users_session_resetBulk(user_ids=["W0BOB0001", "W0ALICE01"])
    jobs = slack_org.wait_jobs(timeout=5)
    assert jobs[-1]["done"]
    assert {r["user_id"]: r["ended"] for r in jobs[-1]["results"]} == {"W0BOB0001": 3, "W0ALICE01": 2}

    slack_org.restore()
    assert len(slack_org.sessions("W0BOB0001")) == 3
    fixture = tmp_path / "acme.yaml"
    fixture.write_text(ACME_YAML)
    slack_org.load_fixture(fixture)
    assert slack_org.fixture()["org"]["id"] == "E0ACME001"
    slack_org.load_fixture(ACME)
    assert len(slack_org.sessions(team_id="T0ACME001")) == 2


def test_the_journal_counts_the_calls_it_let_go(slack_org: Org) -> None:
    # The journal keeps at most 16 MiB of the bodies sent: 300 calls of 60 kB let the first go.
    slack = WebClient(token="xoxp-demo-admin", base_url=slack_org.api_url)
    assert slack_org.dropped() == 0
    for _ in range(300):
        slack.api_test(padding="a" * 60_000)
    kept = slack_org.requests()
    assert 0 < len(kept) < 300
    assert slack_org.dropped() == 300 - len(kept)
    assert kept[0]["seq"] == slack_org.dropped() + 1
    slack_org.clear_requests()
    assert slack_org.dropped() == 0


def test_an_ended_org_is_gone(slackmock_server: SlackMock) -> None:
    org = slackmock_server.new_org(ttl=600)
    assert org.expires_at is not None
    assert org.created_at <= org.expires_at
    assert org.end() == 0
    with pytest.raises(SlackMockError) as e:
        org.sessions()
    assert (e.value.status, e.value.code) == (404, "org_not_found")


def test_a_bad_fixture_is_refused_with_its_code(slackmock_server: SlackMock) -> None:
    with pytest.raises(SlackMockError) as e:
        slackmock_server.new_org({"users": [{"id": "W0NOPE", "team_id": "T0NOPE"}]})
    assert (e.value.status, e.value.code) == (400, "invalid_fixture")


def test_a_mock_of_its_own_from_a_fixture_file(tmp_path: Path) -> None:
    fixture = tmp_path / "acme.yaml"
    fixture.write_text(ACME_YAML)
    with slackmock.start(fixture, args=["-ratelimit"]) as mock:
        assert mock.url.startswith("http://127.0.0.1:")
        slack = WebClient(token="xoxp-acme-admin", base_url=mock.api_url)
        assert slack.auth_test()["user_id"] == "W0ADMIN01"  # an empty body, as slack_sdk sends it
        mock.set_rate_limit({"per_minute": 1, "burst": 1})
        slack.admin_users_session_list()
        with pytest.raises(SlackApiError) as e:
            slack.admin_users_session_list()
        assert e.value.response.status_code == 429
        mock.clear_rate_limit()
        mock.clear_requests()
        assert mock.requests() == []
    assert mock.stop() == 0  # stopped already, by the with block: its exit code again


def test_a_stopped_mock_leaves_no_file_open() -> None:
    fds = Path("/dev/fd")  # this process's open files, on Linux and macOS
    before = set(fds.iterdir())
    mock = slackmock.start()
    assert len(mock.sessions("W0BOB0001")) == 3  # a connection to it too
    assert mock.stop() == 0
    assert set(fds.iterdir()) - before == set()


def test_connect_reaches_a_mock_already_running_and_leaves_it_running(slackmock_server: SlackMock) -> None:
    with slackmock.connect(slackmock_server.url + "/") as mock:
        assert (mock.url, mock.api_url) == (slackmock_server.url, slackmock_server.api_url)
        with mock.new_org() as org:
            assert org.id in {o["id"] for o in slackmock_server.orgs()}
            WebClient(token="xoxp-demo-admin", base_url=org.api_url).admin_users_session_reset(
                user_id="W0BOB0001"
            )
            assert org.sessions("W0BOB0001") == []
        assert len(mock.sessions("W0BOB0001")) == 3
    assert mock.stop() is None
    assert len(slackmock_server.sessions("W0BOB0001")) == 3  # still serving


def test_a_mock_whose_control_api_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLACKMOCK_CONTROL_TOKEN", raising=False)
    with slackmock.start(control_token="ctl-s3cret") as mock:
        with mock.new_org() as org:  # the token goes with every call, an org's too
            assert len(org.sessions("W0BOB0001")) == 3
        with pytest.raises(SlackMockError) as refused, slackmock.connect(mock.url) as stranger:
            stranger.sessions()
        assert refused.value.status == 401
        with slackmock.connect(mock.url, control_token="ctl-s3cret") as given:
            assert len(given.sessions("W0BOB0001")) == 3
        monkeypatch.setenv("SLACKMOCK_CONTROL_TOKEN", "ctl-s3cret")
        with slackmock.connect(mock.url) as from_env:
            assert len(from_env.sessions("W0BOB0001")) == 3


def test_a_token_in_the_environment_guards_a_mock_started_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACKMOCK_CONTROL_TOKEN", "ctl-from-env")
    with slackmock.start() as mock:  # the binary reads the variable, and so does the SlackMock
        assert len(mock.sessions("W0BOB0001")) == 3
        monkeypatch.delenv("SLACKMOCK_CONTROL_TOKEN")
        with pytest.raises(SlackMockError) as refused, slackmock.connect(mock.url) as stranger:
            stranger.sessions()
        assert refused.value.status == 401


@pytest.mark.parametrize(
    "url",
    ["https://127.0.0.1:8080", "127.0.0.1:8080", "http://127.0.0.1:8080/api/", "http://127.0.0.1:8080?x=1"],
)
def test_connect_takes_a_base_url_only(url: str) -> None:
    with pytest.raises(ValueError, match="http://HOST"):
        slackmock.connect(url)


def test_the_binary_is_the_wheels() -> None:
    assert slackmock.binary_path().parent == Path(slackmock.__file__).parent / "bin"
