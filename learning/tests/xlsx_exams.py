"""Question sheets for the import tests: the downloadable template with rows filled in."""

import io

import openpyxl

from core.excel import HEADER_ROW
from core.importing import template_bytes
from learning import imports_exams

GOOD = [
    [
        "单选题",
        "党章",
        2,
        "党的最高领导机关是（ ）。",
        "党的全国代表大会和它所产生的中央委员会",
        "中央政治局",
        "中央书记处",
        "中央军事委员会",
        "",
        "",
        "A",
        "党章第十条。",
    ],
    [
        "多选题",
        "党章",
        3,
        "党的纪律主要包括（ ）。",
        "政治纪律",
        "组织纪律",
        "廉洁纪律",
        "生活纪律",
        "",
        "",
        "ABCD",
        "",
    ],
    [
        "判断题",
        "支部工作条例",
        1,
        "党支部党员大会一般每季度召开1次。",
        "",
        "",
        "",
        "",
        "",
        "",
        "对",
        "《支部工作条例》第十九条。",
    ],
    ["填空题", "支部工作条例", 2, "党支部委员会由（ ）选举产生。", "", "", "", "", "", "", "党员大会", ""],
    ["简答题", "党章", 4, "简述党员的八项义务中的任意两项。", "", "", "", "", "", "", "认真学习……；贯彻执行……", ""],
]
BAD_ROW = [
    "单选题",
    "党章",
    7,
    "入党誓词中“永不叛党”之前是（ ）。",
    "严守党的纪律",
    "保守党的秘密",
    "",
    "",
    "",
    "",
    "E",
    "",
]


def xlsx(rows):
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(imports_exams.SPEC)))
    ws = wb["导入数据"]
    for i, row in enumerate(rows):
        for j, value in enumerate(row, start=1):
            ws.cell(row=HEADER_ROW + 1 + i, column=j, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
