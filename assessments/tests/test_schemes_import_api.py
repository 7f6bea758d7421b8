"""The item import through the API: preview (nothing written, per-row errors, the total after it), confirm once
(all rows), a second confirm refused, and a scheme in use refusing the import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import ApiToken
from assessments.models import Item
from assessments.tests import sample_xlsx
from assessments.tests.factories_schemes import make_scheme, open_round

pytestmark = pytest.mark.django_db


def _upload(user, scheme, content, name="六考一评.xlsx"):
    client = Client(REMOTE_ADDR="127.0.0.1")
    return client.post(
        f"/api/v1/assessments/schemes/{scheme.pk}/items/import",
        {"file": SimpleUploadedFile(name, content)},
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}",
    )


def test_preview_then_confirm_the_67_items(api, world, committee_admin):
    scheme = make_scheme(world)
    r = _upload(committee_admin, scheme, sample_xlsx.xlsx())
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["count"], body["has_errors"], body["total_after"]) == (67, False, 100)
    assert body["import_id"] and not Item.objects.exists()
    url = f"assessments/schemes/{scheme.pk}/items/import/{body['import_id']}/confirm"
    done = api(committee_admin).post(url)
    assert done.status_code == 200, done.content
    assert (done.json()["count"], done.json()["total"], done.json()["complete"]) == (67, 100, True)
    assert Item.objects.filter(scheme=scheme).count() == 67
    assert api(committee_admin).post(url).status_code == 409  # once


def test_a_preview_with_errors_gives_no_import_id(world, committee_admin):
    scheme = make_scheme(world)
    rows = [list(sample_xlsx.ROWS[0]), list(sample_xlsx.ROWS[1])]
    rows[1][7] = "学习时长"  # no such source
    body = _upload(committee_admin, scheme, sample_xlsx.xlsx(rows)).json()
    assert body["has_errors"] is True and body["import_id"] is None
    assert body["rows"][1]["errors"] == ["没有这个数据来源，请从下拉列表中选择。"]


def test_a_file_that_is_not_a_sheet_is_refused(world, committee_admin):
    scheme = make_scheme(world)
    r = _upload(committee_admin, scheme, b"not a workbook", name="items.csv")
    assert r.status_code == 422 and ".xlsx" in r.json()["detail"]
    r = _upload(committee_admin, scheme, sample_xlsx.xlsx(headers=["类别", "名称"]))
    assert r.status_code == 422 and "表头缺少必需的列" in r.json()["detail"]


def test_a_branch_and_a_scheme_in_use_are_refused(world, committee_admin, branch_secretary):
    scheme = make_scheme(world)
    r = _upload(branch_secretary, scheme, sample_xlsx.xlsx())
    assert r.status_code == 403
    open_round(scheme, world)
    r = _upload(committee_admin, scheme, sample_xlsx.xlsx())
    assert r.status_code == 409 and "考核已开启" in r.json()["detail"]


def test_a_confirm_after_the_round_opened_imports_nothing(api, world, committee_admin):
    scheme = make_scheme(world)
    body = _upload(committee_admin, scheme, sample_xlsx.xlsx()).json()
    open_round(scheme, world)
    r = api(committee_admin).post(f"assessments/schemes/{scheme.pk}/items/import/{body['import_id']}/confirm")
    assert r.status_code == 409, r.content
    assert not Item.objects.exists()
