"""Schemathesis hooks for the run over mock/control.yaml (control.toml loads this file).

A fixture (POST /_mock/fixture, POST /_mock/orgs) keeps rules that tie its entries together,
which control.yaml's Fixture states in its description because no JSON Schema can say them:
ids are unique, references name what they refer to, and a token of an org-wide install needs
the fixture's org. A fixture Schemathesis generates from the schema alone breaks them almost
always (a user's team_id of "0" names no team), and the mock rightly refuses it with 400.

So that positive_data_acceptance still means something for fixtures, `before_call` makes each
generated fixture whose body is valid by the schema keep those rules too, by the least change:
it drops an entry whose id was given before, adds the team or user a reference names, moves
the org's id off a team's, and turns enterprise_install off where there is no org. It touches
nothing else, and nothing of a body generated to break the schema: such a case is sent as
generated, and the mock must refuse it (negative_data_rejection). Schemathesis validates the
body again after the hook, so a case is judged by what is sent.

A fixture in YAML is written by `yaml_serializer`, which quotes every string: Schemathesis'
own writer, PyYAML, writes YAML 1.1, in which a plain 1e100 or 0o17 is a string, while the
mock reads YAML 1.2, in which both are numbers (and a fixture with a number for an id is
rightly refused). Quoted, a string is a string in both.
"""

from typing import Any

import schemathesis
import yaml
from schemathesis import Case, HookContext, SerializationContext
from schemathesis.core.parameters import ParameterLocation

FIXTURE_OPERATIONS = {("POST", "/_mock/fixture"), ("POST", "/_mock/orgs")}


@schemathesis.hook
def before_call(context: HookContext, case: Case, kwargs: dict[str, Any]) -> None:
    """Makes a fixture that is valid by the schema keep the rules the schema cannot say."""
    if (case.method.upper(), case.operation.path) not in FIXTURE_OPERATIONS:
        return
    negative = case.meta is not None and case.meta.is_negative_at(ParameterLocation.BODY)
    if not isinstance(case.body, dict) or negative:
        return
    keep_rules(case.body)


def keep_rules(f: dict[str, Any]) -> None:
    """Changes f, a fixture valid by control.yaml's Fixture, in place, so that it keeps the
    rules of the Fixture's description."""
    teams = _unique(f.get("teams"), "id")
    users = _unique(f.get("users"), "id")
    tokens = _unique(f.get("tokens"), "token")
    sessions = _unique(f.get("sessions"), "session_id")
    org = f.get("org")
    team_ids = {t["id"] for t in teams}
    user_ids = {u["id"] for u in users}

    def fresh(prefix: str, taken: set[str]) -> str:
        n = 1
        while f"{prefix}{n}" in taken or (org is not None and f"{prefix}{n}" == org["id"]):
            n += 1
        return f"{prefix}{n}"

    if org is not None and org["id"] in team_ids:
        org["id"] = fresh("E0FIX", team_ids | user_ids)

    def team(tid: str) -> str:
        """A team named tid, added if need be; a team of the fixture if tid is the org's id."""
        if org is not None and tid == org["id"]:
            tid = teams[0]["id"] if teams else fresh("T0FIX", team_ids)
        if tid not in team_ids:
            teams.append({"id": tid})
            team_ids.add(tid)
        return tid

    def user(uid: str) -> None:
        if uid not in user_ids:
            users.append({"id": uid, "team_id": team(teams[0]["id"] if teams else fresh("T0FIX", team_ids))})
            user_ids.add(uid)

    for u in list(users):
        u["team_id"] = team(u["team_id"])
    for t in tokens:
        user(t["user_id"])
        if org is None and t.get("enterprise_install"):
            t["enterprise_install"] = False
    for s in sessions:
        user(s["user_id"])
        if org is None or s["team_id"] != org["id"]:
            team(s["team_id"])
    for name, entries in (("teams", teams), ("users", users), ("tokens", tokens), ("sessions", sessions)):
        if entries or f.get(name) is not None:
            f[name] = entries


def _unique(entries: list[dict[str, Any]] | None, key: str) -> list[dict[str, Any]]:
    """entries (None is none) without those whose key was given by an entry before."""
    seen: set[Any] = set()
    out = []
    for e in entries or []:
        if e[key] not in seen:
            seen.add(e[key])
            out.append(e)
    return out


class _QuotingDumper(yaml.SafeDumper):
    """PyYAML's safe writer, with every string double-quoted."""


_QuotingDumper.add_representer(
    str, lambda dumper, s: dumper.represent_scalar("tag:yaml.org,2002:str", s, style='"')
)


# Every YAML media type Schemathesis serializes: it takes the first of the family it finds.
@schemathesis.serializer(
    "text/yaml", "text/x-yaml", "text/vnd.yaml", "text/yml", "application/yaml", "application/x-yaml"
)
def yaml_serializer(ctx: SerializationContext, value: object) -> bytes:
    """value as a YAML document that YAML 1.1 and 1.2 read alike: every string quoted."""
    return yaml.dump(value, Dumper=_QuotingDumper).encode()
