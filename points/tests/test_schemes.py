"""Schemes: created by the committee, items added and imported from Excel, cloned to the next year."""

import io

import openpyxl
from django.test import Client

from points.models import Item, Scheme

from .conftest import approve_all, declare

HEADERS = ["维度", "项目名称", "目标要求", "考评标准", "分值", "积分对象", "每周期上限"]


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "items.xlsx"
    return buf


def _import(api_client, scheme_id, rows, confirm):
    """Preview the rows; with confirm, confirm the preview (POST …/import/{import_id}/confirm)."""
    r = api_client.client.post(
        f"/api/v1/points/schemes/{scheme_id}/items/import", {"file": _xlsx(rows)}, **api_client._headers()
    )
    if not confirm or r.status_code != 200 or not r.json()["import_id"]:
        return r
    return api_client.post(f"points/schemes/{scheme_id}/items/import/{r.json()['import_id']}/confirm")


def test_only_the_committee_admin_creates_a_scheme(world, api, committee_admin, branch_secretary):
    data = {"org": world.committee.id, "year": 2026, "name": "积分办法"}
    r = api(branch_secretary).post("points/schemes", data)
    assert r.status_code == 422 and "工委" in r.json()["detail"]
    r = api(committee_admin).post("points/schemes", {**data, "org": world.branch_a.id})
    assert r.status_code == 422
    r = api(committee_admin).post("points/schemes", data)
    assert r.status_code == 201 and r.json()["linkage_every"] == 10 and r.json()["full_marks"] == 100
    assert api(committee_admin).post("points/schemes", data).status_code == 409


def test_branch_admin_cannot_add_items(scheme, api, branch_secretary):
    r = api(branch_secretary).post(
        f"points/schemes/{scheme['id']}/items", {"dimension": "x", "name": "y", "points": 1, "subject_type": "org"}
    )
    assert r.status_code == 403 and "工委" in r.json()["detail"]


def test_item_with_bad_subject_type_or_points_is_refused(scheme, api, committee_admin):
    client = api(committee_admin)
    r = client.post(
        f"points/schemes/{scheme['id']}/items", {"dimension": "x", "name": "y", "points": 1, "subject_type": "unit"}
    )
    assert r.status_code == 422 and "subject_type" in r.json()["errors"]
    r = client.post(
        f"points/schemes/{scheme['id']}/items", {"dimension": "x", "name": "y", "points": -2, "subject_type": "org"}
    )
    assert r.status_code == 422
    assert Item.objects.count() == 2


def test_import_with_a_bad_row_imports_nothing(scheme, api, committee_admin):
    client = api(committee_admin)
    rows = [
        ["创新工作再突破", "党建品牌创建", "形成特色品牌", "获评区级品牌计10分", 10, "党组织", None],
        ["典型培育更用心", "先进典型选树", "", "", "十分", "党员", None],
        ["典型培育更用心", "", "", "", 2, "群众", None],
    ]
    r = _import(client, scheme["id"], rows, confirm=False)
    assert r.status_code == 200 and r.json()["has_errors"]
    errors = [row["errors"] for row in r.json()["rows"]]
    assert errors[0] == [] and "分值" in errors[1][0] and len(errors[2]) == 2
    assert r.json()["import_id"] is None  # nothing to confirm
    assert Item.objects.count() == 2
    r = _import(client, scheme["id"], rows[:1], confirm=True)
    assert r.status_code == 200 and r.json()["count"] == 1
    assert Item.objects.filter(name="党建品牌创建", dimension__name="创新工作再突破", points=10).exists()


def test_import_through_the_page_previews_then_confirms(scheme, committee_admin):
    c = Client()
    c.force_login(committee_admin)
    url = f"/points/schemes/{scheme['id']}/import/"
    r = c.post(url, {"file": _xlsx([["榜样带动更有力", "党员先锋岗", "", "", 3, "党员", 6]])})
    assert "确认导入 1 项" in r.content.decode()
    r = c.post(url, {"op": "confirm", "token": r.context["token"]})
    assert r.status_code == 302
    item = Item.objects.get(name="党员先锋岗")
    assert item.cap == 6 and item.subject_type == "member"


def test_a_file_that_is_not_xlsx_is_refused(scheme, api, committee_admin):
    client = api(committee_admin)
    fake = io.BytesIO(b"not a spreadsheet")
    fake.name = "items.xlsx"
    r = client.client.post(f"/api/v1/points/schemes/{scheme['id']}/items/import", {"file": fake}, **client._headers())
    assert r.status_code == 422 and ".xlsx" in r.json()["detail"]


def test_clone_to_next_year_copies_items_not_points(
    world, scheme, api, committee_admin, branch_secretary, reviewers, outsider
):
    approve_all(
        api,
        reviewers,
        declare(
            api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01"
        ),
    )
    assert api(outsider).post(f"points/schemes/{scheme['id']}/clone").status_code == 403
    r = api(committee_admin).post(f"points/schemes/{scheme['id']}/clone")
    assert r.status_code == 201
    new = r.json()
    assert new["year"] == 2027 and new["name"] == "2027年机关党建积分制管理办法"
    assert [i["name"] for i in new["items"]] == ["规范开展主题党日", "参加志愿服务"]
    assert not Scheme.objects.get(pk=new["id"]).entries.exists()
    assert api(committee_admin).post(f"points/schemes/{scheme['id']}/clone").status_code == 409


def test_schemes_are_visible_under_the_committee_only(world, scheme, api, branch_member, auditor):
    from core.testing import make_user
    from orgs.models import Organisation

    assert api(branch_member).get(f"points/schemes/{scheme['id']}").status_code == 200
    other = Organisation.add_root(name="另一个工委", kind="working_committee")
    stranger = make_user("stranger", roles=[("org_admin", other)])
    assert api(stranger).get(f"points/schemes/{scheme['id']}").status_code == 404
    assert api(auditor).get(f"points/schemes/{scheme['id']}").status_code == 404
