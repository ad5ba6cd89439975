"""The pytest plugin of slackmock, loaded by pytest through the ``pytest11`` entry point.

Fixtures:

- ``slackmock_server`` (session): one mock for the session, started on a free loopback port
  and stopped at its end. Under pytest-xdist each worker is a session of its own, with its
  own mock.
- ``slack_org`` (function): an org of the test's own in that mock (``api_url`` for the Slack
  client; ``sessions()``, ``requests()``, ``add_fault()``, ``wait_jobs()``, ``load_fixture()``
  …), ended when the test ends, so that no test sees another's state, journal or faults.
- ``slackmock_fixture`` (session) and ``slack_org_fixture`` (function): what the mock starts
  with and what each org starts from; None, the demo fixture, unless a conftest.py overrides
  them with a fixture (a mapping, JSON or YAML text, or a file's path).

$SLACKMOCK_BIN, when set, names the binary to run instead of the wheel's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from slackmock._mock import FixtureLike, Org, SlackMock, start


@pytest.fixture(scope="session")
def slackmock_fixture() -> FixtureLike | None:
    """The org the session's mock starts with: the demo fixture unless overridden."""
    return None


@pytest.fixture(scope="session")
def slackmock_server(slackmock_fixture: FixtureLike | None) -> Iterator[SlackMock]:
    """One running slackmock for the session (for each xdist worker)."""
    mock = start(slackmock_fixture)
    yield mock
    code = mock.stop()
    if code != 0:
        raise RuntimeError(f"slackmock exited {code} when stopped; it said: {mock.stderr}")


@pytest.fixture
def slack_org_fixture() -> FixtureLike | None:
    """The fixture each test's org starts from: the mock's own unless overridden."""
    return None


@pytest.fixture
def slack_org(slackmock_server: SlackMock, slack_org_fixture: FixtureLike | None) -> Iterator[Org]:
    """An org of the test's own in the session's mock, ended when the test ends."""
    org = slackmock_server.new_org(slack_org_fixture)
    yield org
    org.end()
