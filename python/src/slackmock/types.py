"""The shapes of the control API's bodies, as mock/control.yaml describes them."""

from __future__ import annotations

from typing import Any, Literal, TypedDict


class FixtureOrg(TypedDict, total=False):
    """The Enterprise Grid org; a team_id equal to its id names every team. ``id`` is required."""

    id: str
    name: str
    domain: str


class Team(TypedDict, total=False):
    """A workspace of the org. ``id`` is required."""

    id: str
    name: str
    domain: str


class SessionSettings(TypedDict, total=False):
    """A user's own session settings, as admin.users.session.setSettings sets them."""

    duration: int
    desktop_app_browser_quit: bool


class User(TypedDict, total=False):
    """A person or bot of the org. ``id`` and ``team_id`` are required."""

    id: str
    team_id: str
    role: Literal["member", "admin", "owner", "primary_owner", "bot"]
    name: str
    deleted: bool
    session_settings: SessionSettings


class Token(TypedDict, total=False):
    """A token the mock accepts, and whose it is. ``token`` and ``user_id`` are required;
    ``scopes`` are none when left out (``fixture()`` always lists them)."""

    token: str
    user_id: str
    type: Literal["user", "bot"]
    scopes: list[str]
    revoked: bool
    expired: bool
    bot_id: str
    enterprise_install: bool


class Device(TypedDict, total=False):
    """The client of a session, as admin.users.session.list reports it."""

    device_hardware: str
    os: str
    os_version: str
    slack_client_version: str
    ip: str


class _SessionRequired(TypedDict):
    session_id: int
    user_id: str
    team_id: str
    client: Literal["mobile", "web"]


class Session(_SessionRequired, total=False):
    """A live session of a user in a team."""

    created_at: str
    created: Device
    recent: Device


class Fixture(TypedDict, total=False):
    """The whole state of a fake org, in the shape of fixture files (JSON or YAML)."""

    org: FixtureOrg
    teams: list[Team]
    users: list[User]
    tokens: list[Token]
    sessions: list[Session]


class _CallRequired(TypedDict):
    seq: int
    time: str
    method: str
    http_method: str
    content_type: str
    token_from: Literal["header", "form", ""]
    args: dict[str, Any]
    status: int
    request_id: str


class Call(_CallRequired, total=False):
    """One call under /api/ in the mock's journal: what the client sent (never its token) and
    what the mock answered."""

    error: str
    fault: bool


class Fault(TypedDict, total=False):
    """Makes matching calls answer a Slack error (status 200), a 429 with a Retry-After, an HTTP
    5xx, or the normal answer after a delay; or, with ``job``, makes the job of
    admin.users.session.resetBulk fail for the users it matches. Absent filters match every
    call."""

    method: str
    user_id: str
    team_id: str
    token: str
    status: int
    error: str
    retry_after: int
    delay_ms: int
    times: int
    job: bool


class FaultInForce(Fault, total=False):
    """A fault in force, as the mock lists it (its token redacted); ``id`` and ``left`` are
    always there."""

    id: int
    left: int


class RateLimit(TypedDict, total=False):
    """A limit for every method (``per_minute`` and ``burst``), or each method's Slack tier
    (``tiers``)."""

    per_minute: int
    burst: int
    tiers: bool


class JobResult(TypedDict, total=False):
    """What a job did for one user; ``user_id`` and ``ended`` are always there."""

    user_id: str
    ended: int
    error: str


class _JobRequired(TypedDict):
    id: int
    method: str
    request_id: str
    user_ids: list[str]
    done: bool
    results: list[JobResult]
    after_seq: int


class Job(_JobRequired, total=False):
    """The work one call of an asynchronous method (admin.users.session.resetBulk) queued."""

    only: Literal["mobile", "web"]
    error: str


class _OrgInfoRequired(TypedDict):
    id: str
    api_url: str
    control_url: str
    created_at: str


class OrgInfo(_OrgInfoRequired, total=False):
    """An org of the mock, as GET /_mock/orgs lists it."""

    expires_at: str
