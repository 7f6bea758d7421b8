"""Two level-3 reviewers approve the same declaration at the same moment: exactly one succeeds."""

import threading

import pytest
from django.db import connection

from core.testing import ApiClient, build_world, make_user
from points.models import Declaration, LedgerEntry

from .conftest import declare

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers with one database lock, so there is no row lock to race on; "
    "run with DATABASE_URL=postgres://… to exercise select_for_update",
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_final_approvals_post_exactly_one_ledger_entry():
    world = build_world()
    committee = world.committee
    l1 = make_user("rl1", roles=[("reviewer_l1", committee)])
    l2 = make_user("rl2", roles=[("reviewer_l2", committee)])
    l3a = make_user("rl3a", roles=[("reviewer_l3", committee)])
    l3b = make_user("rl3b", roles=[("reviewer_l3", committee)])
    admin = ApiClient(world.users["committee_admin"])
    scheme = admin.post("points/schemes", {"org": committee.id, "year": 2026, "name": "并发测试"}).json()
    item = admin.post(
        f"points/schemes/{scheme['id']}/items",
        {"dimension": "基础工作再提升", "name": "主题党日", "points": 5, "subject_type": "org"},
    ).json()
    pk = declare(
        ApiClient(world.users["branch_secretary"]),
        item=item["id"],
        subject_org=world.branch_a.id,
        occurred_on="2026-03-01",
    )
    for user in (l1, l2):
        assert ApiClient(user).post(f"points/declarations/{pk}/review", {"decision": "approve"}).status_code == 200

    clients = [ApiClient(l3a), ApiClient(l3b)]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def approve(client):
        try:
            barrier.wait(timeout=10)
            r = client.post(f"points/declarations/{pk}/review", {"decision": "approve"})
            statuses.append(r.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(statuses) == [200, 409]
    assert Declaration.objects.get(pk=pk).state == "approved"
    assert LedgerEntry.objects.filter(declaration_id=pk).count() == 1
    assert Declaration.objects.get(pk=pk).reviews.filter(level=3).count() == 1
