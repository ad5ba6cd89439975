"""Schemathesis hooks for the run against slackmock (schemathesis.toml loads this file)."""

import urllib.request

import schemathesis
from schemathesis import Case, HookContext, Response


@schemathesis.hook
def after_call(context: HookContext, case: Case, response: Response) -> None:
    """After each resetBulk, wait for its job, as Slack ends the sessions after the answer.

    The mock runs the job on its own; without the wait, whether a later call still sees the
    sessions would depend on timing, and so would the calls the stateful phase derives from
    the answers. GET /_mock/jobs?wait= answers once no job is pending (408 if the wait ends
    first, which fails the run).
    """
    if case.operation.path != "/admin.users.session.resetBulk":
        return
    base = response.request.url.split("/api/", 1)[0] if response.request.url else ""
    with urllib.request.urlopen(f"{base}/_mock/jobs?wait=5s", timeout=10) as answer:
        answer.read()
