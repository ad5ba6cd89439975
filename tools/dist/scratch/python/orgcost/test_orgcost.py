"""Tests that do nothing, with an org of their own and without: conftest.py compares them."""

import pytest
from slackmock import Org, SlackMock


@pytest.mark.parametrize("n", range(550))
def test_with_org(slack_org: Org, n: int) -> None:
    assert slack_org.id


@pytest.mark.parametrize("n", range(550))
def test_without(slackmock_server: SlackMock, n: int) -> None:
    assert slackmock_server.url
