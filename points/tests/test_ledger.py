"""The ledger is append-only: one entry per approved declaration, capped; corrections are reversals."""

import pytest
from django.db import connection, transaction

from points.models import LedgerEntry

from .conftest import approve_all, declare


@pytest.fixture
def entry(world, scheme, api, branch_secretary, reviewers):
    pk = declare(
        api(branch_secretary),
        item=scheme["org_item"],
        subject_org=world.branch_a.id,
        quantity=2,
        occurred_on="2026-04-01",
    )
    approve_all(api, reviewers, pk)
    return LedgerEntry.objects.get(declaration_id=pk)


def test_entries_cannot_be_edited_or_deleted_through_the_models(entry):
    entry.points = 100
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        LedgerEntry.objects.filter(pk=entry.pk).update(points=1)
    with pytest.raises(PermissionError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).points == 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_database_refuses_raw_updates_on_postgresql(entry):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError, match="Cannot update"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE points_ledgerentry SET points = 1 WHERE id = %s", [entry.pk])


def test_api_refuses_to_delete_or_edit_an_entry(entry, api, committee_admin):
    for call in (api(committee_admin).delete, api(committee_admin).patch):
        r = call(f"points/ledger/{entry.pk}")
        assert r.status_code == 409 and "冲销" in r.json()["detail"]
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_reversal_needs_a_reason_and_the_committee(entry, api, committee_admin, branch_secretary):
    r = api(branch_secretary).post(f"points/ledger/{entry.pk}/reverse", {"reason": "错报"})
    assert r.status_code == 403
    r = api(committee_admin).post(f"points/ledger/{entry.pk}/reverse", {"reason": "   "})
    assert r.status_code == 422 and "原因" in r.json()["detail"]
    assert LedgerEntry.objects.count() == 1
    r = api(committee_admin).post(f"points/ledger/{entry.pk}/reverse", {"reason": "重复申报"})
    assert r.status_code == 201 and r.json()["reverses"] == entry.pk and r.json()["points"] == -10
    r = api(committee_admin).post(f"points/ledger/{entry.pk}/reverse", {"reason": "再冲一次"})
    assert r.status_code == 409
    reversal = LedgerEntry.objects.get(reverses=entry)
    r = api(committee_admin).post(f"points/ledger/{reversal.pk}/reverse", {"reason": "冲销冲销"})
    assert r.status_code == 409


def test_ledger_filters_and_totals(world, scheme, entry, api, committee_admin, branch_secretary, outsider):
    client = api(committee_admin)
    r = client.get("points/ledger", {"scheme": scheme["id"], "subject_type": "org", "subject": world.branch_a.id})
    assert r.json()["count"] == 1 and r.json()["total"] == 10
    assert client.get("points/ledger", {"scheme": scheme["id"], "subject_type": "member"}).json()["count"] == 0
    assert client.get("points/ledger", {"scheme": scheme["id"], "date_to": "2026-03-31"}).json()["total"] == 0
    assert api(outsider).get("points/ledger", {"scheme": scheme["id"]}).json()["count"] == 0
    assert api(outsider).post(f"points/ledger/{entry.pk}/reverse", {"reason": "x"}).status_code == 404


def test_cap_limits_the_points_of_one_subject_per_cycle(
    world, scheme, api, committee_admin, branch_secretary, reviewers
):
    item = (
        api(committee_admin)
        .post(
            f"points/schemes/{scheme['id']}/items",
            {"dimension": "阵地建设再提级", "name": "党建阵地宣传报道", "points": 4, "subject_type": "org", "cap": 10},
        )
        .json()
    )
    for month in ("03", "04"):
        pk = declare(
            api(branch_secretary),
            item=item["id"],
            subject_org=world.branch_a.id,
            quantity=2,
            occurred_on=f"2026-{month}-01",
        )
        approve_all(api, reviewers, pk)
    points = list(LedgerEntry.objects.order_by("id").values_list("points", "reason"))
    assert [p for p, _ in points] == [8, 2]
    assert "上限" in points[1][1]


def test_ledger_export_is_an_xlsx_with_totals(world, scheme, entry, committee_admin):

    from django.test import Client

    c = Client()
    c.force_login(committee_admin)
    r = c.get(f"/points/ledger/export.xlsx?scheme={scheme['id']}")
    from core.testing import table_rows

    rows = table_rows(r.content)
    assert rows[0][0] == "序号" and rows[1][3] == "统计局第一党支部" and rows[-1][0] == "合计" and rows[-1][7] == 10
