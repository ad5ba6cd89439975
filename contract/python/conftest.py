"""The suite's fixtures: one slackmock for the whole run, and a fresh state for every test.

The mock is the one at $SLACKMOCK_URL when that is set (such as `make mock`'s); otherwise the
run starts its own (see slackmock.py), exports its URL as $SLACKMOCK_URL for the tests that
read it, and stops it at the end, which must exit 0.
"""

import os
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from sdkhelp import ClientFor
from slackmock import Control, Mock


@pytest.fixture(scope="session")
def mock_base() -> Iterator[str]:
    """The mock's base URL, such as http://127.0.0.1:PORT: the Slack methods are under /api/."""
    if url := os.environ.get("SLACKMOCK_URL"):
        yield url.rstrip("/")
        return
    mock = Mock.start()
    os.environ["SLACKMOCK_URL"] = mock.base
    try:
        yield mock.base
    finally:
        del os.environ["SLACKMOCK_URL"]
        assert mock.stop() == 0, "slackmock stops cleanly on SIGTERM"


@pytest.fixture(scope="session")
def api_url(mock_base: str) -> str:
    """The base URL a Slack client is given: the mock's /api/."""
    return f"{mock_base}/api/"


@pytest.fixture(scope="session")
def control(mock_base: str) -> Control:
    return Control(mock_base)


@pytest.fixture(autouse=True)
def fresh_state(control: Control) -> None:
    """Every test starts from the fixture, with no fault, no rate limit and an empty journal."""
    control.reset_all()


@pytest.fixture
def client(api_url: str) -> ClientFor:
    """Makes the SDK's WebClient for a token, given the mock's base URL and nothing else."""

    def make(token: str | None) -> WebClient:
        return WebClient(token, base_url=api_url)

    return make
