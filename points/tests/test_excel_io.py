"""Points in and out of Excel: the ledger and rankings as printable 台账, the item template round trip."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.excel import HEADER_ROW
from core.testing import assert_printable_ledger, load_sheet, make_person
from points.models import Item, LedgerEntry
from points.tests.conftest import approve_all, declare


def _login(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def entry(world, scheme, api, branch_secretary, reviewers):
    reviewers[3].person = make_person(world.committee, "周主任", seq=21)
    reviewers[3].save()
    pk = declare(
        api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-04-01"
    )
    approve_all(api, reviewers, pk)
    return LedgerEntry.objects.get(declaration_id=pk)


def test_the_ledger_export_names_people_and_writes_local_times(world, scheme, entry, committee_admin):
    ws = load_sheet(_login(committee_admin).get(f"/points/ledger/export.xlsx?scheme={scheme['id']}").content)
    header = assert_printable_ledger(ws, title_has=[scheme["name"], "积分台账"])
    row = {h: c for h, c in zip(header, ws[HEADER_ROW + 1], strict=True)}
    assert row["计分日期"].is_date and row["计分日期"].value.date() == datetime.date(2026, 4, 1)
    assert row["记账人"].value == "周主任"  # a name, not the login reviewer_l3
    local = entry.posted_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).replace(tzinfo=None)
    assert row["记账时间"].value == local.replace(microsecond=0) and row["记账时间"].number_format == "yyyy-mm-dd hh:mm"
    total = [c.value for c in ws[ws.max_row]]
    assert total[0] == "合计" and total[7] == 5 and ws.cell(ws.max_row, 1).font.b
    assert "党组织：测试区直机关工委" in ws.cell(2, 1).value


def test_the_ranking_export_is_a_printable_ledger(world, scheme, entry, committee_admin):
    r = _login(committee_admin).get(f"/points/rankings/export.xlsx?scheme={scheme['id']}&type=org&until=2026-05-31")
    ws = load_sheet(r.content)
    assert_printable_ledger(ws, title_has=["党组织积分排名"])
    assert "统计截至：2026年5月31日" in ws.cell(2, 1).value
    assert ws.cell(HEADER_ROW + 1, 2).value == "统计局第一党支部"


def _template(c, scheme):
    r = c.get(f"/points/schemes/{scheme['id']}/import/template.xlsx")
    assert r.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(r.content))


def _fill(wb, rows):
    ws = wb["导入数据"]
    for i, row in enumerate(rows):
        for j, v in enumerate(row, start=1):
            ws.cell(HEADER_ROW + 1 + i, j, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_item_template_has_the_forms_words_and_dropdowns(world, scheme, committee_admin):
    wb = _template(_login(committee_admin), scheme)
    ws, options = wb["导入数据"], wb["选项"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["维度", "项目名称", "目标要求", "考评标准", "分值", "积分对象", "每周期上限", "数量可为小数"]
    lists = {}
    for dv in ws.data_validations.dataValidation:
        col = openpyxl.utils.column_index_from_string(str(dv.sqref).split(":")[0].rstrip("0123456789"))
        letter = dv.formula1.split("!$")[1].split("$")[0]
        lists[header[col - 1]] = ([c.value for c in options[letter][1:] if c.value], dv.showErrorMessage)
    assert lists["积分对象"] == (["党组织", "党务干部", "党员"], True)
    assert lists["数量可为小数"] == (["是", "否"], True)
    assert lists["维度"] == (["基础工作再提升", "榜样带动更有力"], False)  # this scheme's dimensions, new ones allowed
    assert _login(committee_admin).get("/points/items/template.xlsx").status_code == 200


def test_the_item_template_filled_with_its_example_imports_cleanly(world, scheme, committee_admin):
    c = _login(committee_admin)
    wb = _template(c, scheme)
    example = list(list(wb["填写说明"].iter_rows(values_only=True))[-1])
    url = f"/points/schemes/{scheme['id']}/import/"
    r = c.post(url, {"file": SimpleUploadedFile("items.xlsx", _fill(wb, [example]))})
    row = r.context["rows"][0]
    assert not row.errors, row.errors
    shown = {x.header: x.text for x in row.cells}
    assert shown["积分对象"] == "党组织" and shown["分值"] == "2" and shown["数量可为小数"] == "否"
    r = c.post(url, {"op": "confirm", "token": r.context["token"]}, follow=True)
    assert "已导入 1 个积分项目" in r.content.decode()
    item = Item.objects.get(scheme_id=scheme["id"], name=example[1])
    assert item.subject_type == "org" and item.points == 2 and item.cap == 8


def test_a_bad_item_row_shows_its_cells_and_the_cause(world, scheme, committee_admin):
    c = _login(committee_admin)
    wb = _template(c, scheme)
    data = _fill(wb, [["基础工作再提升", "党员先锋岗", "每年评选", "评上计分", "很多", "先进个人", None, "否"]])
    r = c.post(f"/points/schemes/{scheme['id']}/import/", {"file": SimpleUploadedFile("items.xlsx", data)})
    cells = {x.header: x for x in r.context["rows"][0].cells}
    assert (
        cells["项目名称"].text == "党员先锋岗" and cells["目标要求"].text == "每年评选" and not cells["项目名称"].errors
    )
    assert cells["分值"].text == "很多" and cells["分值"].errors
    assert cells["积分对象"].text == "先进个人" and cells["积分对象"].errors == ["应为“党组织”“党务干部”或“党员”。"]
    assert not Item.objects.filter(name="党员先锋岗").exists()
