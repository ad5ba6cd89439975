"""slackmock, a stateful fake of Slack's admin.users.session Web API, for Python test suites.

``start()`` runs the binary this wheel carries on a free loopback port; the SlackMock it
answers drives the control API of the org the mock started with, and ``new_org()`` makes an org
of a test's own. The pytest plugin (``slackmock_server``, ``slack_org``) does both for you.
"""

from slackmock._binary import binary_path
from slackmock._mock import Control, FixtureLike, Org, SlackMock, SlackMockError, start

__all__ = ["Control", "FixtureLike", "Org", "SlackMock", "SlackMockError", "binary_path", "start"]
