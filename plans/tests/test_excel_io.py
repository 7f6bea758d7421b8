"""The 一解 and 一表 as printable 台账, and the item import: template, date spellings, preview, round trip."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.excel import HEADER_ROW
from core.testing import assert_printable_ledger, load_sheet
from plans import actions
from plans.models import PlanItem
from plans.tests.factories import add_item, make_plan

YIJIE = [
    "序号",
    "分类",
    "要求干什么",
    "什么时间干",
    "地点",
    "谁来干",
    "怎么干",
    "干到什么样子",
    "对应记录类型",
    "完成情况",
]


@pytest.fixture
def plan(world, branch_secretary):
    p = make_plan(branch_secretary, world.branch_a)
    add_item(
        branch_secretary,
        p,
        "赴章丘区三涧溪村开展党员教育",
        category="党员教育",
        due=datetime.date(2026, 4, 16),
        start_time="08:30",
        place="三涧溪村",
        standard="形成图文记录并报送信息",
        owners=[world.people["member"].id],
    )
    add_item(branch_secretary, p, "召开支部委员会会议", recurrence="monthly", day=10, record_type="committee_meeting")
    return p


def _login(user):
    c = Client()
    c.force_login(user)
    return c


def test_the_yijie_export_has_every_column_names_people_and_prints_on_a4(world, branch_secretary, branch_member, plan):
    item = PlanItem.objects.get(title="召开支部委员会会议")
    actions.claim_item(item, by=branch_member, data={})
    ws = load_sheet(_login(branch_secretary).get(f"/plans/{plan.id}/export.xlsx").content)
    assert_printable_ledger(ws, title_has=["统计局第一党支部", "2026年度", "一解"], headers=YIJIE)
    assert "导出人：王秀英" in ws.cell(2, 1).value and "secretary_a" not in ws.cell(2, 1).value
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=HEADER_ROW + 1)]
    trip = next(r for r in rows if r[2] == "赴章丘区三涧溪村开展党员教育")
    assert trip[3:8] == ["4月16日前 08:30", "三涧溪村", "李娜", "书记主持", "形成图文记录并报送信息"]
    meeting = next(r for r in rows if r[2] == "召开支部委员会会议")
    assert meeting[5] == "李娜（认领待确认）" and meeting[8] == "支委会" and meeting[9].startswith("已完成0/12")
    method = ws.cell(HEADER_ROW + 1, YIJIE.index("怎么干") + 1)
    assert method.alignment.wrap_text


def test_the_division_export_is_four_printable_sheets(world, branch_secretary, plan):
    content = _login(branch_secretary).get(f"/plans/{plan.id}/division.xlsx").content
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["全员分工表（一表）", "事项责任人", "未认领事项", "暂无分工的党员"]
    assert_printable_ledger(
        wb.worksheets[0], title_has=["统计局第一党支部", "全员分工表"], headers=["党员", "承担事项数", "承担事项"]
    )
    for ws in wb.worksheets[1:]:
        assert_printable_ledger(ws, title_has=["统计局第一党支部"])


def _template(c, plan):
    r = c.get(f"/plans/{plan.id}/import/template.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(r.content))


def test_the_item_template_speaks_the_forms_words_and_offers_dropdowns(world, branch_secretary, plan):
    wb = _template(_login(branch_secretary), plan)
    assert wb.sheetnames[:2] == ["导入数据", "填写说明"] and wb["选项"].sheet_state == "hidden"
    ws = wb["导入数据"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[:2] == ["分类", "要求干什么"] and "怎么干" in header and "干到什么样子" in header
    assert {"截止日期", "周期", "责任人", "对应记录类型"} <= set(header)
    assert ws.cell(HEADER_ROW, 1).font.color.rgb.endswith("C00000")  # required columns are red
    options = wb["选项"]
    lists = {}
    for dv in ws.data_validations.dataValidation:
        column = header[openpyxl.utils.column_index_from_string(str(dv.sqref).split(":")[0].rstrip("0123456789")) - 1]
        letter = dv.formula1.split("!$")[1].split("$")[0]
        lists[column] = ([c.value for c in options[letter][1:] if c.value], dv.showErrorMessage)
    assert lists["周期"] == (["每月", "每季度", "每年"], True)
    assert "支委会" in lists["对应记录类型"][0] and lists["对应记录类型"][1]
    assert set(lists["责任人"][0]) >= {"王秀英", "李娜"} and "张伟" not in lists["责任人"][0]
    assert lists["责任人"][1] is False  # several names may be typed: a suggestion, not a refusal


def _fill(wb, rows):
    ws = wb["导入数据"]
    for i, row in enumerate(rows):
        for j, v in enumerate(row, start=1):
            ws.cell(HEADER_ROW + 1 + i, j, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _examples(wb):
    guide = list(wb["填写说明"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(guide) if r[0] and str(r[0]).startswith("示例"))
    return [list(r) for r in guide[at + 2 :]]


def _upload(c, plan, data):
    return c.post(f"/plans/{plan.id}/import/", {"file": SimpleUploadedFile("items.xlsx", data)})


def test_the_template_filled_with_its_example_imports_cleanly(world, branch_secretary, plan):
    c = _login(branch_secretary)
    wb = _template(c, plan)
    examples = _examples(wb)
    assert len(examples) == 2
    r = _upload(c, plan, _fill(wb, examples[1:]))
    assert not r.context["has_errors"], [row.errors for row in r.context["rows"]]
    cells = {cell.header: cell.text for cell in r.context["rows"][0].cells}
    assert cells["截止日期"] == "2026年4月16日" and cells["责任人"] == examples[1][10]
    r = c.post(f"/plans/{plan.id}/import/", {"op": "confirm", "token": r.context["token"]}, follow=True)
    assert "已导入 1 个事项" in r.content.decode()
    item = PlanItem.objects.filter(plan=plan, title=examples[1][1]).latest("id")
    assert item.due_date == datetime.date(2026, 4, 16) and item.start_time == datetime.time(8, 30)
    assert item.standard == examples[1][9] and [p.name for p in item.owners.all()] == [examples[1][10]]


def test_the_global_template_downloads_too(world, branch_secretary):
    r = _login(branch_secretary).get("/plans/import-template.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert [c.value for c in wb["导入数据"][HEADER_ROW]][:2] == ["分类", "要求干什么"]
    assert wb["导入数据"].data_validations.dataValidation


def test_every_date_spelling_imports_and_the_preview_reads_like_a_person(world, branch_secretary, plan):
    c = _login(branch_secretary)
    wb = _template(c, plan)
    spellings = [datetime.datetime(2026, 12, 18), "2026/12/18", "2026.12.18", "2026年12月18日", "2026-12-18"]
    rows = [
        ["廉政建设", f"廉政教育{i}", d, None, None, None, None, None, None, None, "李娜"]
        for i, d in enumerate(spellings)
    ]
    r = _upload(c, plan, _fill(wb, rows))
    preview = r.context["rows"]
    assert not r.context["has_errors"], [row.errors for row in preview]
    assert [{x.header: x.text for x in row.cells}["截止日期"] for row in preview] == ["2026年12月18日"] * 5
    assert {x.header: x.text for x in preview[0].cells}["责任人"] == "李娜"
    r = c.post(f"/plans/{plan.id}/import/", {"op": "confirm", "token": r.context["token"]})
    assert set(PlanItem.objects.filter(title__startswith="廉政教育").values_list("due_date", flat=True)) == {
        datetime.date(2026, 12, 18)
    }


def test_a_bad_row_shows_every_cell_with_the_error_next_to_its_cause(world, branch_secretary, plan):
    c = _login(branch_secretary)
    wb = _template(c, plan)
    rows = [
        [
            "三会一课",
            "召开党小组会",
            None,
            None,
            "每月",
            32,
            "16:00",
            "各党小组",
            "小组长主持",
            "有记录",
            "查无此人",
            "党小组会",
        ],
        ["宣传报道", "报送信息", "2026年2月30日", None, None, None, None, None, None, None, None, None],
    ]
    r = _upload(c, plan, _fill(wb, rows))
    page = r.content.decode()
    bad, wrong_date = r.context["rows"]
    cells = {x.header: x for x in bad.cells}
    assert cells["分类"].text == "三会一课" and cells["要求干什么"].text == "召开党小组会" and not cells["分类"].errors
    assert (
        cells["周期"].text == "每月" and cells["对应记录类型"].text == "党小组会" and cells["开始时间"].text == "16:00"
    )
    assert cells["日"].text == "32" and cells["日"].errors == ["日应在1到31之间。"]
    assert cells["责任人"].text == "查无此人" and "不是本组织的在册人员" in cells["责任人"].errors[0]
    date_cell = {x.header: x for x in wrong_date.cells}["截止日期"]
    assert date_cell.text == "2026年2月30日" and date_cell.errors
    assert page.count('data-testid="bad-cell"') == 3 and "召开党小组会" in page and "确认导入 " not in page
    assert not PlanItem.objects.filter(title="召开党小组会").exists()


def test_a_date_that_cannot_be_read_is_told_in_plain_words(world, branch_secretary, plan):
    c = _login(branch_secretary)
    wb = _template(c, plan)
    rows = [["宣传报道", "报送信息", "2026.2.30"], ["宣传报道", "报送简报", "下个月"]]
    r = _upload(c, plan, _fill(wb, rows))
    impossible, unreadable = ({x.header: x for x in row.cells}["截止日期"] for row in r.context["rows"])
    assert impossible.errors == ["2026.2.30 这一天不存在。"]
    assert unreadable.errors == [
        "无法识别的日期“下个月”，可写作 2026-12-18、2026/12/18、2026.12.18 或 2026年12月18日。"
    ]
