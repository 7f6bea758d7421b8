"""The ledger page, its Excel export and the API filter with one definition (LedgerEntryQuerySet.filtered):
the same filters show the same entries wherever they are asked."""

import re

import pytest
from django.test import Client

from core.testing import table_rows
from points.models import LedgerEntry

from .conftest import approve_all, declare


@pytest.fixture
def entries(world, scheme, api, branch_secretary, reviewers):
    for day in ("2026-04-01", "2026-06-01"):
        approve_all(
            api,
            reviewers,
            declare(api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on=day),
        )
    return list(LedgerEntry.objects.order_by("occurred_on"))


def _page_dates(client, query):
    html = client.get(f"/points/ledger/?{query}").content.decode()
    return re.findall(r"<td>\d+</td><td>(\d{4}-\d\d-\d\d)</td>", html)


@pytest.mark.parametrize(
    ("filters", "dates"),
    [
        ({}, ["2026-04-01", "2026-06-01"]),
        ({"date_from": "2026-05-01"}, ["2026-06-01"]),
        ({"date_to": "2026-05-01"}, ["2026-04-01"]),
        ({"subject_type": "member"}, []),
        ({"subject_type": "org", "date_from": "2026-04-01", "date_to": "2026-04-30"}, ["2026-04-01"]),
    ],
)
def test_page_export_and_api_show_the_same_entries_for_the_same_filters(
    world, scheme, entries, api, committee_admin, filters, dates
):
    browser = Client()
    browser.force_login(committee_admin)
    query = "&".join([f"scheme={scheme['id']}", *(f"{k}={v}" for k, v in filters.items())])

    assert sorted(_page_dates(browser, query)) == dates
    rows = table_rows(browser.get(f"/points/ledger/export.xlsx?{query}").content)
    assert len([r for r in rows[1:] if r[0] != "合计"]) == len(dates)
    body = api(committee_admin).get("points/ledger", {"scheme": scheme["id"], **filters}).json()
    assert sorted(i["occurred_on"] for i in body["items"]) == dates
    assert body["total"] == 5 * len(dates)
