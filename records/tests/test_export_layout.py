"""The yearly archive list prints as a 台账: title with the organisation and year, date cells, A4 landscape."""

import datetime

from django.test import Client

from core.excel import HEADER_ROW
from core.testing import assert_printable_ledger, load_sheet
from records.tests.factories import make_record


def test_the_yearly_list_is_a_printable_ledger_with_date_cells(world, branch_secretary):
    make_record(world.branch_a, "3月份支委会", "2026-03-05", host=world.people["secretary"], decisions="长" * 300)
    c = Client()
    c.force_login(branch_secretary)
    ws = load_sheet(c.get("/records/export/2026/list.xlsx").content)
    header = assert_printable_ledger(ws, title_has=["统计局第一党支部", "2026年度", "台账"])
    row = dict(zip(header, ws[HEADER_ROW + 1], strict=True))
    assert row["日期"].is_date and row["日期"].value.date() == datetime.date(2026, 3, 5)
    assert row["主持人"].value == "王秀英"
    assert row["决议事项"].alignment.wrap_text and ws.column_dimensions[row["决议事项"].column_letter].width <= 50
    assert "导出人：王秀英" in ws.cell(2, 1).value


def test_a_filtered_list_names_the_organisation_and_the_type(world, committee_admin):
    make_record(world.branch_b, "财政局党课", "2026-04-01", "party_lesson")
    c = Client()
    c.force_login(committee_admin)
    ws = load_sheet(c.get("/records/export/2026/list.xlsx", {"org": world.branch_b.id, "type": "party_lesson"}).content)
    assert ws.cell(1, 1).value == "财政局第一党支部2026年度活动记录台账（党课）"
