"""Schemathesis over the whole OpenAPI document: requests generated from each operation's own schema (valid
and invalid ones), sent as a branch admin and as the committee, never answer a 5xx — on whichever database
the suite runs (CI runs it on PostgreSQL and on SQLite).

Bounded so the suite stays fast: a few examples per operation, no shrinking. File uploads are left to
tests/test_api_fuzz.py and the multipart tests, which build real and hostile files.
"""

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from core.testing import ApiClient

EXAMPLES = 6
SKIP = {
    # Logging in with generated names only exercises the lock-out counters; covered in accounts/tests.
    ("post", "/api/v1/auth/token"),
    # Ending the caller's own session or token would turn every later request into a 401.
    ("post", "/api/v1/auth/logout"),
}


def _operations(client):
    schema = schemathesis.openapi.from_dict(client.get("/api/v1/openapi.json").json())
    for result in schema.get_all_operations():
        op = result.ok()
        if (op.method.lower(), op.path) in SKIP:
            continue
        if "multipart/form-data" in json.dumps(op.definition.raw.get("requestBody", {})):
            continue
        yield op


def _send(api, case):
    url = case.formatted_path
    query = {k: v for k, v in (case.query or {}).items() if v is not None}
    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    method = case.method.lower()
    has_body = isinstance(case.body, dict | list | str | int | float | bool)  # not schemathesis' NotSet
    body = json.dumps(case.body) if has_body and method not in ("get", "delete") else None
    return api.call(method, url, raw=body)


def _checker(api, op, failures, sent):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(op.as_strategy())
    def run(case):
        sent.append(1)
        r = _send(api, case)
        if r.status_code >= 500:
            failures.append((op.method, case.formatted_path, case.query, case.body, r.status_code))

    return run


@pytest.mark.parametrize("persona", ["committee_admin", "branch_secretary"])
def test_generated_requests_never_answer_a_server_error(world, persona):
    api = ApiClient(world.users[persona])
    failures, sent = [], []
    for op in _operations(api.client):
        _checker(api, op, failures, sent)()
    assert len(sent) > 300
    assert not failures, failures[:5]
