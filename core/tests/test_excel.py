"""The shared Excel layer: one date reading for every import, one printable 台账 layout for every export."""

import datetime
import io
import zoneinfo

import openpyxl
import pytest

from core.excel import (
    HEADER_ROW,
    PAGE_BUDGET,
    Column,
    Ledger,
    cell_date,
    display_width,
    parse_date,
    xlsx_bytes,
)
from core.testing import assert_printable_ledger

DEC_18 = datetime.date(2026, 12, 18)


@pytest.mark.parametrize(
    "value",
    [
        "2026-12-18",
        "2026/12/18",
        "2026.12.18",
        "2026年12月18日",
        "2026 年 12 月 18 日",
        "２０２６年１２月１８日",
        "20261218",
        "2026/12/18 00:00:00",
        datetime.datetime(2026, 12, 18),
        DEC_18,
        (DEC_18 - datetime.date(1899, 12, 30)).days,  # a date cell whose format was lost: Excel's serial
    ],
)
def test_every_spelling_of_a_date_is_read(value):
    assert parse_date(value) == DEC_18
    assert cell_date(value) == "2026-12-18"


@pytest.mark.parametrize("value", ["2026-02-30", "明天", "18/12/2026", "2026年13月1日"])
def test_what_is_not_a_date_is_refused_and_passed_on_as_typed(value):
    with pytest.raises(ValueError):
        parse_date(value)
    assert cell_date(value) == value  # the form then says the date is not valid


def test_a_blank_cell_is_no_date():
    assert parse_date(None) is None and parse_date("  ") is None and cell_date(None) == ""


class Exporter:
    display_name = "王秀英"


def _sheet(ledger, **kwargs):
    data = xlsx_bytes([ledger], by=Exporter(), today=datetime.date(2026, 5, 3), **kwargs)
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_an_export_is_a_printable_ledger(settings):
    posted = datetime.datetime(2026, 3, 5, 2, 30, tzinfo=datetime.UTC)  # 10:30 in Shanghai
    ws = _sheet(
        Ledger(
            name="积分台账",
            title="统计局第一党支部积分台账",
            org="统计局第一党支部",
            columns=[
                Column("日期", "date"),
                Column("记账时间", "datetime"),
                Column("名称"),
                Column("Name"),
                Column("说明", "long"),
                Column("积分", "number"),
            ],
            rows=[
                [datetime.date(2026, 3, 5), posted, "中文中文中文中文", "abcdefgh", "很长的说明" * 30, 5],
                [None, None, '=HYPERLINK("http://x")', "", "", 2.5],
            ],
            totals=["合计", "", "", "", "", 7.5],
        )
    )
    header = assert_printable_ledger(ws, title_has=["统计局第一党支部积分台账"])
    assert header == ["日期", "记账时间", "名称", "Name", "说明", "积分"]
    info = ws.cell(2, 1).value
    assert "党组织：统计局第一党支部" in info and "导出日期：2026年5月3日" in info and "导出人：王秀英" in info
    first = HEADER_ROW + 1
    date, when = ws.cell(first, 1), ws.cell(first, 2)
    assert date.is_date and date.value.date() == datetime.date(2026, 3, 5) and date.number_format == "yyyy-mm-dd"
    assert when.is_date and when.value == datetime.datetime(2026, 3, 5, 10, 30)  # local time, no timezone
    assert settings.TIME_ZONE == "Asia/Shanghai" and when.value.tzinfo is None
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["C"] >= display_width("中文中文中文中文") > widths["D"] - 4  # CJK counts double
    assert widths["D"] >= len("abcdefgh")
    assert ws.cell(first, 5).alignment.wrap_text and widths["E"] <= 50
    assert ws.cell(first + 1, 3).value == '\'=HYPERLINK("http://x")'
    total = ws.cell(first + 2, 1)
    assert total.value == "合计" and total.font.b and ws.cell(first + 2, 6).value == 7.5
    assert ws.cell(first, 1).border.left.style == "thin"


def test_many_wide_columns_still_fit_an_a4_page_readably():
    columns = [Column(f"第{i}列说明", "long") for i in range(10)]
    ws = _sheet(Ledger("宽表", "宽表", columns, [["很长的一段文字" * 10] * 10]))
    total = sum(ws.column_dimensions[chr(ord("A") + i)].width for i in range(10))
    assert total <= PAGE_BUDGET + 1
    assert all(ws.column_dimensions[chr(ord("A") + i)].width >= 12 for i in range(10))


def test_a_legacy_sheet_tuple_gets_the_same_layout():
    data = xlsx_bytes([("名单", ["姓名", "入党日期"], [["李娜", datetime.date(2010, 7, 1)]])])
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert_printable_ledger(ws, title_has=["名单"], headers=["姓名", "入党日期"])
    assert ws.cell(HEADER_ROW + 1, 2).is_date


def test_a_naive_datetime_is_written_as_it_is():
    ws = _sheet(Ledger("t", "t", [Column("时间", "datetime")], [[datetime.datetime(2026, 1, 2, 8, 0)]]))
    assert ws.cell(HEADER_ROW + 1, 1).value == datetime.datetime(2026, 1, 2, 8, 0)


def test_an_aware_datetime_in_another_zone_is_shown_in_shanghai_time():
    ny = datetime.datetime(2026, 1, 1, 21, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))  # 02:00 UTC
    ws = _sheet(Ledger("t", "t", [Column("时间", "datetime")], [[ny]]))
    assert ws.cell(HEADER_ROW + 1, 1).value == datetime.datetime(2026, 1, 2, 10, 0)


def test_rows_are_as_tall_as_their_wrapped_text():
    long_text = "书记主持，研究当月党建和业务融合工作，形成会议纪要并抄送各党小组。" * 3
    ws = _sheet(
        Ledger(
            name="一解",
            title="清单",
            columns=[Column("事项", "text", width=12), Column("怎么干", "long", width=20)],
            rows=[["召开支委会", long_text], ["短", "短"]],
        )
    )
    tall, short = ws.row_dimensions[HEADER_ROW + 1].height, ws.row_dimensions[HEADER_ROW + 2].height
    lines = -(-display_width(long_text) // (int(ws.column_dimensions["B"].width) - 1))
    assert tall >= 15 * lines and short < 20
