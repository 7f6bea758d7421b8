"""Imports that cannot burn the CPU or run twice.

A hostile workbook (millions of empty rows, a huge claimed dimension, a zip bomb, a parse that runs too long)
is refused with a Chinese message before anything is kept; an import is a row (core.ImportBatch) that a
confirm claims exactly once, on the pages and through the API alike.
"""

import datetime
import io
import itertools
import re
import zipfile
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from core.excel import BytesUpload, read_table
from core.models import ImportBatch
from core.testing import ApiClient, build_world, make_person
from core.tests.test_races import race
from orgs import idnumber
from orgs.models import Person
from points.models import Item

HEADER = ["维度", "项目名称", "分值", "积分对象"]
ROW = ["基础工作再提升", "报送信息", 1, "党组织"]
SHEET = "xl/worksheets/sheet1.xml"


def _xlsx(*rows, header=HEADER):
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite(data, part, change):
    """The same workbook with one part's XML changed (as a hostile author would write it)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == part:
                body = change(body.decode()).encode()
            dst.writestr(info.filename, body)
    return out.getvalue()


def _with_rows(data, rows_xml, *, dimension=None):
    """Insert raw <row> elements before the data row; drop or replace the <dimension> the sheet claims."""

    def change(xml):
        xml = re.sub(r"<dimension [^>]*/>", f'<dimension ref="{dimension}"/>' if dimension else "", xml)
        return xml.replace("</sheetData>", rows_xml + "</sheetData>")

    return _rewrite(data, SHEET, change)


def _preview(client, scheme_id, data):
    return client.client.post(
        f"/api/v1/points/schemes/{scheme_id}/items/import",
        {"file": SimpleUploadedFile("items.xlsx", data)},
        **client._headers(),
    )


def _refused(r, words):
    assert r.status_code == 422, r.content
    assert words in r.json()["detail"], r.json()["detail"]
    assert not ImportBatch.objects.exists()


# ---------------------------------------------------------------- hostile workbooks


def test_millions_of_rows_claimed_by_the_dimension_are_refused_before_reading(scheme, committee_admin):
    data = _with_rows(_xlsx(ROW), "", dimension="A1:D9000000")
    assert len(data) < 20_000
    before = Item.objects.count()
    r = _preview(ApiClient(committee_admin), scheme["id"], data)
    _refused(r, "一次最多导入5000行（空行也计算在内）")
    assert Item.objects.count() == before


def test_empty_rows_count_against_the_row_cap(settings):
    settings.MAX_IMPORT_ROWS = 50
    empties = "".join(f'<row r="{n}"/>' for n in range(3, 200))
    data = _with_rows(_xlsx(), empties + '<row r="200"><c r="A200" t="inlineStr"><is><t>x</t></is></c></row>')
    with pytest.raises(Exception) as e:
        read_table(BytesUpload(data, "items.xlsx"), {h: h for h in HEADER}, [])
    assert "一次最多导入50行（空行也计算在内）" in e.value.detail


def test_a_far_away_row_is_not_padded_to_with_empty_rows(settings):
    """openpyxl fills the gap up to row 9 000 000 with empty rows: every one of them counts."""
    settings.MAX_IMPORT_ROWS = 50
    far = '<row r="9000000"><c r="A9000000" t="inlineStr"><is><t>x</t></is></c></row>'
    data = _with_rows(_xlsx(ROW), far)
    with pytest.raises(Exception) as e:
        read_table(BytesUpload(data, "items.xlsx"), {h: h for h in HEADER}, [])
    assert "空行也计算在内" in e.value.detail


def test_a_few_blank_rows_between_data_are_still_skipped(settings):
    settings.MAX_IMPORT_ROWS = 50
    rows = read_table(BytesUpload(_xlsx(ROW, [None] * 4, [None] * 4, ROW), "items.xlsx"), {h: h for h in HEADER}, [])
    assert [n for n, _ in rows] == [2, 5]


def test_a_sheet_claiming_thousands_of_columns_is_refused(scheme, committee_admin):
    data = _with_rows(_xlsx(ROW), "", dimension="A1:XFD3")
    _refused(_preview(ApiClient(committee_admin), scheme["id"], data), "表格超过500列")


def test_a_zip_bomb_sheet_is_refused_before_it_is_unzipped(scheme, committee_admin):
    # 31 MB of spaces inside the sheet XML squeeze into a few dozen KB.
    data = _rewrite(_xlsx(ROW), SHEET, lambda xml: xml.replace("<sheetData>", "<sheetData>" + " " * (31 << 20)))
    assert len(data) < 200_000
    _refused(_preview(ApiClient(committee_admin), scheme["id"], data), "表格解压后过大")


def test_a_parse_that_outruns_its_time_budget_stops_with_a_chinese_refusal(scheme, committee_admin, settings):
    settings.IMPORT_PARSE_SECONDS = 10
    data = _xlsx(*[[ROW[0], f"项目{n}", 1, "党组织"] for n in range(30)])
    clock = itertools.count(0, 1)  # every look at the clock is a second later
    with mock.patch("core.excel.time.monotonic", side_effect=lambda: next(clock)):
        r = _preview(ApiClient(committee_admin), scheme["id"], data)
    _refused(r, "表格读取超过10秒仍未完成，已停止")
    r = _preview(ApiClient(committee_admin), scheme["id"], data)
    assert r.status_code == 200 and r.json()["count"] == 30  # the same file within its budget is read


def test_a_hostile_file_on_the_page_is_refused_and_nothing_kept(world, branch_secretary):
    c = Client()
    c.force_login(branch_secretary)
    data = _with_rows(
        _xlsx(["周强", "男", "统计局第一党支部"], header=["姓名", "性别", "所在党组织"]), "", dimension="A1:C9000000"
    )
    r = c.post("/people/import/", {"file": SimpleUploadedFile("p.xlsx", data)})
    assert r.status_code == 200 and "一次最多导入5000行（空行也计算在内）" in r.content.decode()
    assert not Person.objects.filter(name="周强").exists() and not ImportBatch.objects.exists()


# ---------------------------------------------------------------- preview, then confirm once


def _confirm_url(scheme_id, import_id):
    return f"points/schemes/{scheme_id}/items/import/{import_id}/confirm"


def test_the_api_preview_writes_nothing_and_the_confirm_writes_once(scheme, committee_admin):
    client = ApiClient(committee_admin)
    before = Item.objects.count()
    r = _preview(client, scheme["id"], _xlsx(ROW, ["基础工作再提升", "报送调研", 2, "党组织"]))
    assert r.status_code == 200 and r.json()["count"] == 2 and not r.json()["has_errors"]
    import_id = r.json()["import_id"]
    assert Item.objects.count() == before
    batch = ImportBatch.objects.get(token=import_id)
    assert batch.state == "previewed" and batch.row_count == 2 and batch.created_by == committee_admin
    # Resending the same file is another preview, not another import.
    assert _preview(client, scheme["id"], _xlsx(ROW)).status_code == 200
    assert Item.objects.count() == before

    r = client.post(_confirm_url(scheme["id"], import_id))
    assert r.status_code == 200 and r.json()["count"] == 2
    assert [i["name"] for i in r.json()["items"]] == ["报送信息", "报送调研"]
    assert Item.objects.count() == before + 2
    batch.refresh_from_db()
    assert batch.state == "done" and batch.result["count"] == 2 and bytes(batch.data) == b""

    r = client.post(_confirm_url(scheme["id"], import_id))
    assert r.status_code == 409 and r.json()["detail"] == "该导入已确认，请勿重复提交。"
    assert Item.objects.count() == before + 2


def test_a_confirm_by_another_user_or_for_another_scheme_is_not_found(world, scheme, committee_admin, api):
    client = ApiClient(committee_admin)
    import_id = _preview(client, scheme["id"], _xlsx(ROW)).json()["import_id"]
    other = client.post("points/schemes", {"org": world.committee.id, "year": 2027, "name": "2027年积分办法"}).json()
    before = Item.objects.count()
    for user in ("branch_secretary", "outsider", "sysadmin"):
        r = ApiClient(world.users[user]).post(_confirm_url(scheme["id"], import_id))
        assert r.status_code == 404, (user, r.content)
    assert client.post(_confirm_url(other["id"], import_id)).status_code == 404
    assert client.post(_confirm_url(scheme["id"], "0" * 32)).status_code == 404
    assert client.post(_confirm_url(scheme["id"], "not-an-id")).status_code == 404
    assert Item.objects.count() == before
    assert ImportBatch.objects.get(token=import_id).state == "previewed"
    assert client.post(_confirm_url(scheme["id"], import_id)).status_code == 200


def test_a_preview_with_errors_has_nothing_to_confirm(scheme, committee_admin):
    r = _preview(ApiClient(committee_admin), scheme["id"], _xlsx(["基础工作再提升", "报送信息", "十分", "党组织"]))
    assert r.status_code == 200 and r.json()["has_errors"] and r.json()["import_id"] is None
    assert not ImportBatch.objects.exists()


def test_only_a_scheme_manager_may_preview_an_import(world, scheme):
    r = _preview(ApiClient(world.users["branch_secretary"]), scheme["id"], _xlsx(ROW))
    assert r.status_code == 403 and not ImportBatch.objects.exists()


NUMBER = idnumber.make("370117", datetime.date(1985, 1, 21), 20)


def test_an_import_that_fails_on_confirm_is_marked_failed_and_cannot_be_retried(world, branch_secretary):
    c = Client()
    c.force_login(branch_secretary)
    data = _xlsx(["周强", "女", NUMBER, "统计局第一党支部"], header=["姓名", "性别", "身份证号", "所在党组织"])
    r = c.post("/people/import/", {"file": SimpleUploadedFile("p.xlsx", data)})
    token = r.context["token"]
    make_person(world.branch_a, "周强二", seq=20)  # registered meanwhile with the same number
    r = c.post("/people/import/", {"op": "confirm", "token": token}, follow=True)
    assert "表格中仍有错误，未导入任何数据" in r.content.decode()
    batch = ImportBatch.objects.get(token=token)
    assert batch.state == "failed" and "仍有错误" in batch.result["error"]
    r = c.post("/people/import/", {"op": "confirm", "token": token}, follow=True)
    assert "该导入未能完成，请修改表格后重新上传" in r.content.decode()
    assert not Person.objects.filter(name="周强").exists()


def test_the_page_confirms_once_and_a_repeat_is_told_so(world, branch_secretary):
    c = Client()
    c.force_login(branch_secretary)
    data = _xlsx(["周强", "男", "统计局第一党支部"], header=["姓名", "性别", "所在党组织"])
    token = c.post("/people/import/", {"file": SimpleUploadedFile("p.xlsx", data)}).context["token"]
    assert c.post("/people/import/", {"op": "confirm", "token": token}).status_code == 302
    r = c.post("/people/import/", {"op": "confirm", "token": token}, follow=True)
    assert "该导入已确认，请勿重复提交" in r.content.decode()
    assert Person.objects.filter(name="周强").count() == 1
    # Another organisation admin cannot confirm it either.
    other = Client()
    other.force_login(world.users["outsider"])
    token = c.post("/people/import/", {"file": SimpleUploadedFile("p.xlsx", data)}).context["token"]
    r = other.post("/people/import/", {"op": "confirm", "token": token}, follow=True)
    assert "导入会话已失效" in r.content.decode() and ImportBatch.objects.get(token=token).state == "previewed"


# ---------------------------------------------------------------- races (SQLite file database and PostgreSQL)


@pytest.mark.django_db(transaction=True)
def test_two_api_confirms_of_one_import_at_once_import_it_once():
    world = build_world()
    admin = ApiClient(world.users["committee_admin"])
    scheme = admin.post("points/schemes", {"org": world.committee.id, "year": 2026, "name": "并发导入"}).json()
    import_id = _preview(admin, scheme["id"], _xlsx(ROW)).json()["import_id"]
    clients = [ApiClient(world.users["committee_admin"]) for _ in range(2)]
    responses = race(*(lambda c=c: c.post(_confirm_url(scheme["id"], import_id)) for c in clients))
    assert sorted(r.status_code for r in responses) == [200, 409], [r.content for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["detail"] == "该导入已确认，请勿重复提交。"
    assert Item.objects.filter(scheme_id=scheme["id"], name="报送信息").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_page_confirms_of_one_import_at_once_import_it_once():
    world = build_world()
    user = world.users["branch_secretary"]
    pages = [Client() for _ in range(2)]
    for page in pages:
        page.force_login(user)
    data = _xlsx(["周强", "男", "统计局第一党支部"], header=["姓名", "性别", "所在党组织"])
    token = pages[0].post("/people/import/", {"file": SimpleUploadedFile("p.xlsx", data)}).context["token"]
    responses = race(*(lambda p=p: p.post("/people/import/", {"op": "confirm", "token": token}) for p in pages))
    assert sorted(r.status_code for r in responses) == [200, 302], responses
    assert Person.objects.filter(name="周强").count() == 1


def test_a_preview_left_for_a_day_expires_and_is_dropped(scheme, committee_admin):
    client = ApiClient(committee_admin)
    import_id = _preview(client, scheme["id"], _xlsx(ROW)).json()["import_id"]
    ImportBatch.objects.filter(token=import_id).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    before = Item.objects.count()
    r = client.post(_confirm_url(scheme["id"], import_id))
    assert r.status_code == 404 and r.json()["detail"] == "导入会话已失效，请重新上传文件。"
    assert Item.objects.count() == before
    fresh = _preview(client, scheme["id"], _xlsx(ROW)).json()["import_id"]  # the next preview clears it away
    assert list(ImportBatch.objects.values_list("token", flat=True)) == [fresh]
