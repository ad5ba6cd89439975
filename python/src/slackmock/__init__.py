"""slackmock, a stateful fake of Slack's admin.users.session Web API, for Python test suites.

``start()`` runs the binary this wheel carries on a free loopback port, and ``connect()``
reaches a mock already running; the SlackMock either answers drives the control API of the org
the mock started with, and ``new_org()`` makes an org of a test's own. The pytest plugin
(``slackmock_server``, ``slack_org``) starts one mock a session and makes an org a test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slackmock._mock import (
        Control,
        FixtureLike,
        Org,
        SlackMock,
        SlackMockError,
        binary_path,
        connect,
        start,
    )

__all__ = ["Control", "FixtureLike", "Org", "SlackMock", "SlackMockError", "binary_path", "connect", "start"]


# The names above are loaded on first use: the slackmock command imports this package on its
# way to the binary, and need not load the HTTP client and the rest first.
def __getattr__(name: str) -> object:
    if name in __all__:
        from slackmock import _mock

        return getattr(_mock, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
