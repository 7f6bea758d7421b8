"""People in and out of Excel: the 名册 as a printable 台账 with phones only for the organisation's 党务管理员,
and the import template with dropdowns that re-imports cleanly."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.excel import HEADER_ROW
from core.testing import assert_printable_ledger, load_sheet, make_user
from orgs.models import Person


def _login(user):
    c = Client()
    c.force_login(user)
    return c


def _phones(world):
    Person.objects.filter(pk=world.people["member"].pk).update(phone="13912345678")
    Person.objects.filter(pk=world.people["outsider"].pk).update(phone="13787654321")


def _export(user, **params):
    ws = load_sheet(_login(user).get("/people/export.xlsx", params).content)
    header = [c.value for c in ws[HEADER_ROW]]
    rows = {
        r[header.index("姓名")]: dict(zip(header, r, strict=False))
        for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    }
    return ws, header, rows


def test_the_roll_is_a_printable_ledger_with_date_cells(world, branch_secretary):
    Person.objects.filter(pk=world.people["member"].pk).update(joined_on=datetime.date(2010, 7, 1))
    ws, header, rows = _export(branch_secretary)
    assert_printable_ledger(ws, title_has=["统计局第一党支部", "人员名册"])
    assert header[:3] == ["序号", "姓名", "性别"] and "身份证号（脱敏）" in header
    member = world.people["member"]
    assert rows["李娜"]["入党日期"] == datetime.datetime(2010, 7, 1) and rows["李娜"]["性别"] == "女"
    cell = ws.cell(HEADER_ROW + 1 + list(rows).index("李娜"), header.index("入党日期") + 1)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert rows["李娜"]["身份证号（脱敏）"] == member.id_number_masked
    assert "导出人：王秀英" in ws.cell(2, 1).value


def test_a_branch_secretary_reads_the_phones_of_her_branch(world, branch_secretary):
    _phones(world)
    _ws, header, rows = _export(branch_secretary)
    assert "联系电话" in header and rows["李娜"]["联系电话"] == "13912345678"
    assert "张伟" not in rows  # another branch is outside her roll altogether


@pytest.fixture
def staff_role(monkeypatch):
    """A module role that works with people's data (reads the register of its subtree) but administers nothing:
    none of today's modules declares one (their reviewers, mentors and assessors read no register), a module to
    come may, and the export must still keep the phones to the administrators."""
    from core import modules
    from core.modules import Role
    from tests.test_module_registry import FakeModule

    real = modules.modules()
    fake = FakeModule("inspection", roles=[Role("inspector", "督导员", staff=True, order=95)])
    monkeypatch.setattr(modules, "modules", lambda: [*real, fake])
    return "inspector"


def test_someone_who_administers_no_organisation_gets_no_phone_column(world, staff_role):
    _phones(world)
    assessor = make_user("inspector", roles=[(staff_role, world.committee)])
    ws, header, rows = _export(assessor)
    assert "联系电话" not in header and {"李娜", "张伟"} <= set(rows)
    values = [v for r in ws.iter_rows(values_only=True) for v in r]
    assert "13912345678" not in values and "13787654321" not in values
    assert "联系电话仅党务管理员可见" in ws.cell(2, 1).value


def test_phones_of_organisations_she_does_not_administer_are_masked(world, staff_role):
    _phones(world)
    both = make_user("both", roles=[("org_admin", world.branch_b), (staff_role, world.committee)])
    _ws, _header, rows = _export(both)
    assert rows["张伟"]["联系电话"] == "13787654321"  # her own branch
    assert rows["李娜"]["联系电话"] == "139****5678"


def test_the_committee_administrator_reads_every_phone(world, committee_admin):
    _phones(world)
    _ws, _header, rows = _export(committee_admin)
    assert rows["李娜"]["联系电话"] == "13912345678" and rows["张伟"]["联系电话"] == "13787654321"


def _template(c):
    r = c.get("/people/import/template.xlsx")
    assert r.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(r.content))


def _lists(wb):
    ws, options = wb["导入数据"], wb["选项"]
    header = [c.value for c in ws[HEADER_ROW]]
    out = {}
    for dv in ws.data_validations.dataValidation:
        col = openpyxl.utils.column_index_from_string(str(dv.sqref).split(":")[0].rstrip("0123456789"))
        letter = dv.formula1.split("!$")[1].split("$")[0]
        out[header[col - 1]] = [c.value for c in options[letter][1:] if c.value]
        assert dv.showErrorMessage  # every coded column of a person refuses what is not in its list
    return header, out


def test_the_people_template_offers_the_coded_columns_and_only_her_organisations(world, branch_secretary):
    wb = _template(_login(branch_secretary))
    header, lists = _lists(wb)
    assert header == [
        "姓名",
        "性别",
        "民族",
        "出生日期",
        "身份证号",
        "联系电话",
        "学历",
        "入党日期",
        "转正日期",
        "人员类别",
        "所在党组织",
        "所在党小组",
    ]
    assert lists["性别"] == ["男", "女"] and "预备党员" in lists["人员类别"] and "大学本科" in lists["学历"]
    assert len(lists["民族"]) == 56
    assert lists["所在党组织"] == ["统计局第一党支部"] and lists["所在党小组"] == ["统计局第一党小组"]
    id_column = openpyxl.utils.get_column_letter(header.index("身份证号") + 1)
    assert wb["导入数据"].column_dimensions[id_column].number_format == "@"  # 18 digits stay text


def test_a_member_without_rights_cannot_download_the_people_template(world, branch_member):
    assert _login(branch_member).get("/people/import/template.xlsx").status_code == 403


def _fill(wb, rows):
    ws = wb["导入数据"]
    for i, row in enumerate(rows):
        for j, v in enumerate(row, start=1):
            ws.cell(HEADER_ROW + 1 + i, j, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(c, data):
    return c.post("/people/import/", {"file": SimpleUploadedFile("people.xlsx", data)})


def test_the_template_filled_with_its_example_imports_cleanly(world, branch_secretary):
    c = _login(branch_secretary)
    wb = _template(c)
    guide = list(wb["填写说明"].iter_rows(values_only=True))
    example = list(guide[-1])
    r = _upload(c, _fill(wb, [example]))
    row = r.context["rows"][0]
    assert not row.errors, row.errors
    shown = {x.header: x.text for x in row.cells}
    assert shown["性别"] == "男" and shown["所在党组织"] == "统计局第一党支部" and shown["入党日期"] == "2010年7月1日"
    assert shown["人员类别"] == "正式党员" and shown["学历"] == "大学本科"
    r = c.post("/people/import/", {"op": "confirm", "token": r.context["token"]}, follow=True)
    assert "已导入 1 人" in r.content.decode()
    p = Person.objects.get(name=example[0])
    assert p.joined_on == datetime.date(2010, 7, 1) and p.org == world.branch_a and p.gender == "male"


def test_dates_in_every_spelling_and_an_excel_date_cell_import(world, branch_secretary):
    c = _login(branch_secretary)
    wb = _template(c)
    rows = [
        [
            "赵一",
            "男",
            None,
            datetime.datetime(1985, 6, 1),
            None,
            None,
            None,
            "2010/7/1",
            "2011.7.1",
            None,
            "统计局第一党支部",
        ],
        [
            "钱二",
            "女",
            None,
            "1986年3月2日",
            None,
            None,
            None,
            "2012-07-01",
            "2013年7月1日",
            None,
            "统计局第一党支部",
        ],
    ]
    r = _upload(c, _fill(wb, rows))
    assert not r.context["has_errors"], [x.errors for x in r.context["rows"]]
    first = {x.header: x.text for x in r.context["rows"][0].cells}
    assert (first["出生日期"], first["入党日期"], first["转正日期"]) == ("1985年6月1日", "2010年7月1日", "2011年7月1日")
    c.post("/people/import/", {"op": "confirm", "token": r.context["token"]})
    assert Person.objects.get(name="钱二").full_member_on == datetime.date(2013, 7, 1)


def test_a_bad_person_row_shows_all_its_cells_and_marks_the_cause(world, branch_secretary):
    c = _login(branch_secretary)
    wb = _template(c)
    rows = [
        [
            "孙三",
            "男",
            "汉族",
            "1990-01-01",
            "123",
            "13800000000",
            "研究生",
            "2030-01-01",
            None,
            "预备党员",
            "财政局第一党支部",
        ]
    ]
    r = _upload(c, _fill(wb, rows))
    row = r.context["rows"][0]
    cells = {x.header: x for x in row.cells}
    assert cells["姓名"].text == "孙三" and cells["学历"].text == "研究生" and cells["联系电话"].text == "13800000000"
    assert cells["出生日期"].text == "1990年1月1日" and cells["人员类别"].text == "预备党员"
    assert cells["身份证号"].errors and cells["入党日期"].errors and cells["入党日期"].text == "2030-01-01"
    assert cells["所在党组织"].text == "财政局第一党支部"
    assert cells["所在党组织"].errors == ["组织“财政局第一党支部”不存在或不在您的管理范围内。"]
    assert not cells["姓名"].errors and not cells["性别"].errors
    assert "本次未导入任何数据" in r.content.decode() and not Person.objects.filter(name="孙三").exists()


def test_a_points_reviewer_does_not_read_the_roll(world):
    reviewer = make_user("reviewer", roles=[("reviewer_l1", world.committee)])
    assert _login(reviewer).get("/people/export.xlsx").status_code in (403, 404)
