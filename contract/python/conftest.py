"""The suite's fixtures: one slackmock for the run, and an org of its own for every test.

They come from the kit's own Python package, slackmock (python/src, which pyproject.toml puts
on pytest's path), and its pytest plugin: `slack_org` is an org made from the demo fixture for
one test and ended after it, in the run's mock, `slackmock_server`. That mock is the one at
$SLACKMOCK_URL when that is set (such as `make mock`'s, whose own org the run leaves as it
was); otherwise the run starts $SLACKMOCK_BIN, or a `go build` of this repository's when that
is unset, exports its URL as $SLACKMOCK_URL for the tests that read it, and stops it at the
end, which must exit 0.
"""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import slackmock
from slack_sdk import WebClient
from slackmock import Org, SlackMock

from sdkhelp import ClientFor

pytest_plugins = ["slackmock.pytest_plugin"]

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session", autouse=True)
def slackmock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackMock]:
    """The run's mock, for every test (test_readme.py reads $SLACKMOCK_URL alone): the plugin's
    fixture of that name, made to take a running mock's URL and to build the binary."""
    if url := os.environ.get("SLACKMOCK_URL"):
        with slackmock.connect(url) as running:
            yield running
        return
    binary = None if os.environ.get("SLACKMOCK_BIN") else go_build(tmp_path_factory.mktemp("slackmock"))
    mock = slackmock.start(binary=binary)
    os.environ["SLACKMOCK_URL"] = mock.url
    try:
        yield mock
    finally:
        del os.environ["SLACKMOCK_URL"]
        assert mock.stop() == 0, f"slackmock stops cleanly on SIGTERM; it said: {mock.stderr}"


def go_build(out_dir: Path) -> Path:
    """Builds slackmock from this repository with `go build` ($GO, else go) into out_dir."""
    go = os.environ.get("GO", "go")
    binary = out_dir / "slackmock"
    try:
        done = subprocess.run(
            [go, "build", "-o", str(binary), "./mock/cmd/slackmock"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise RuntimeError(
            f"no {go} to build slackmock with: set SLACKMOCK_BIN to a built slackmock "
            "(make bin/slackmock), or SLACKMOCK_URL to a running one (make mock)"
        ) from None
    if done.returncode != 0:
        raise RuntimeError(f"go build of slackmock failed (exit {done.returncode}):\n{done.stderr}")
    return binary


@pytest.fixture
def control(slack_org: Org) -> Iterator[Org]:
    """The test's org, as the demo fixture has it, with no fault, no rate limit (a mock started
    with -ratelimit gives its orgs one) and an empty journal; at the end, a journal that let no
    call go (requests() misses those it let go)."""
    slack_org.clear_rate_limit()
    yield slack_org
    assert slack_org.dropped() == 0, "the journal dropped calls"


@pytest.fixture
def api_url(control: Org) -> str:
    """The base URL a Slack client is given: the org's, ending in /api/."""
    return control.api_url


@pytest.fixture
def client(api_url: str) -> ClientFor:
    """Makes the SDK's WebClient for a token, given the org's base URL and nothing else."""

    def make(token: str | None) -> WebClient:
        return WebClient(token, base_url=api_url)

    return make
