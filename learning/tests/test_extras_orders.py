"""资料征订: a committee offers materials, branches order quantities until the deadline (edits until then,
refusals after), the summary sums per material and per branch and exports to .xlsx."""

import datetime
import io

import openpyxl
import pytest

from core import dates
from core.testing import table_rows
from learning.models import MaterialOffer, MaterialOrder

from .extras_helpers import page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(world, api, committee_admin):
    deadline = (dates.today() + datetime.timedelta(days=20)).isoformat()
    o = api(committee_admin).post(
        "learning/material-offers",
        {"org": world.committee.pk, "year": 2027, "title": "2027年度学习资料征订", "deadline": deadline},
    )
    assert o.status_code == 201, o.content
    o = o.json()
    for name, kind, price, unit in (
        ("《党章》学习本", "book", "6.00", "册"),
        ("《求是》全年", "periodical", "180.00", "份"),
    ):
        r = api(committee_admin).post(
            f"learning/material-offers/{o['id']}/items", {"name": name, "kind": kind, "price": price, "unit": unit}
        )
        assert r.status_code == 201, r.content
    return r.json()


def _order(api, user, offer, org, a, b):
    ids = [str(i["id"]) for i in offer["items"]]
    return api(user).put(
        f"learning/material-offers/{offer['id']}/orders",
        {"org": org.pk, "quantities": dict(zip(ids, (a, b), strict=True))},
    )


def test_branches_order_and_the_summary_adds_up(world, api, offer, branch_secretary, outsider, committee_admin):
    r = _order(api, branch_secretary, offer, world.branch_a, 10, 2)
    assert r.status_code == 200, r.content
    assert _order(api, outsider, offer, world.branch_b, 5, 0).status_code == 200
    assert _order(api, branch_secretary, offer, world.branch_a, 12, 2).status_code == 200  # edited before the deadline
    s = api(committee_admin).get(f"learning/material-offers/{offer['id']}").json()
    assert [i["ordered"] for i in s["items"]] == [17, 2] and s["amount"] == "462.00"
    assert {o["org"]["name"]: o["quantities"] for o in s["orders"]} == {
        world.branch_a.name: {str(offer["items"][0]["id"]): 12, str(offer["items"][1]["id"]): 2},
        world.branch_b.name: {str(offer["items"][0]["id"]): 5},
    }
    # A branch admin reads her own branch's order only.
    mine = api(branch_secretary).get(f"learning/material-offers/{offer['id']}").json()
    assert [o["org"]["id"] for o in mine["orders"]] == [world.branch_a.pk]
    assert MaterialOrder.objects.count() == 3


def test_orders_after_the_deadline_and_bad_quantities_are_refused(world, api, offer, branch_secretary, branch_member):
    assert _order(api, branch_secretary, offer, world.branch_a, -1, 0).status_code == 422
    r = api(branch_secretary).put(
        f"learning/material-offers/{offer['id']}/orders", {"org": world.branch_a.pk, "quantities": {"999999": 1}}
    )
    assert r.status_code == 422 and "没有该资料" in r.json()["detail"]
    r = _order(api, branch_secretary, offer, world.branch_b, 1, 1)
    assert r.status_code == 422 and "未找到该党组织" in r.json()["detail"]  # not hers: as if it did not exist
    assert _order(api, branch_member, offer, world.branch_a, 1, 1).status_code == 422
    MaterialOffer.objects.filter(pk=offer["id"]).update(deadline=dates.today() - datetime.timedelta(days=1))
    r = _order(api, branch_secretary, offer, world.branch_a, 1, 1)
    assert r.status_code == 409 and "截止" in r.json()["detail"]
    assert not MaterialOrder.objects.exists()


def test_offers_and_items_refuse_bad_input(world, api, offer, committee_admin, branch_secretary):
    r = api(committee_admin).post(
        f"learning/material-offers/{offer['id']}/items", {"name": "《党章》学习本", "price": "6"}
    )
    assert r.status_code == 409 and "已有" in r.json()["detail"]
    r = api(committee_admin).post(f"learning/material-offers/{offer['id']}/items", {"name": "x", "price": "-1"})
    assert r.status_code == 422
    assert (
        api(branch_secretary)
        .post(f"learning/material-offers/{offer['id']}/items", {"name": "y", "price": "1"})
        .status_code
        == 403
    )
    r = api(committee_admin).post(
        "learning/material-offers", {"org": world.committee.pk, "year": 2027, "title": "t", "deadline": "2020-01-01"}
    )
    assert r.status_code == 422 and "截止日期" in r.json()["detail"]


def test_another_tree_sees_nothing(world, api, offer):
    from core.testing import make_user
    from orgs.models import Organisation

    root = Organisation.add_root(name="另一个工委", kind="working_committee")
    far = root.add_child(name="远方党支部", kind="branch")
    stranger = make_user("stranger", roles=[("org_admin", far)])
    assert api(stranger).get(f"learning/material-offers/{offer['id']}").status_code == 404
    assert _order(api, stranger, offer, far, 1, 1).status_code == 404
    assert api(stranger).get("learning/material-offers").json()["count"] == 0
    assert page_client(stranger).get(f"/learning/materials/{offer['id']}/export/").status_code == 404


def test_the_page_orders_and_exports_with_pinned_queries(
    world, api, offer, branch_secretary, outsider, committee_admin, django_assert_max_num_queries
):
    c = page_client(branch_secretary)
    ids = [i["id"] for i in offer["items"]]
    r = c.post(
        f"/learning/materials/{offer['id']}/orders/", {"org": world.branch_a.pk, f"q_{ids[0]}": "4", f"q_{ids[1]}": "1"}
    )
    assert r.status_code == 302
    refused = c.post(f"/learning/materials/{offer['id']}/orders/", {"org": world.branch_a.pk, f"q_{ids[0]}": "abc"})
    assert refused.status_code == 422 and "数量应为整数" in refused.content.decode()
    _order(api, outsider, offer, world.branch_b, 3, 0)
    admin = page_client(committee_admin)
    with django_assert_max_num_queries(24):
        page = admin.get(f"/learning/materials/{offer['id']}/").content.decode()
    assert page.count("data-org=") == 2 and 'data-testid="offer-amount">222.00' in page
    with django_assert_max_num_queries(20):
        assert "2027年度学习资料征订" in admin.get("/learning/materials/").content.decode()
    x = admin.get(f"/learning/materials/{offer['id']}/export/")
    assert x.status_code == 200
    rows = table_rows(x.content)
    assert rows[1][:6] == ["《党章》学习本", "图书", None, "册", 6, 7]
    wb = openpyxl.load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames == ["按资料汇总", "按党组织汇总"]
    assert page_client(branch_secretary).get(f"/learning/materials/{offer['id']}/export/").status_code == 403
