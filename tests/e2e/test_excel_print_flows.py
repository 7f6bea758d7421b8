"""Browser flows of issue 8's Excel and print part: the 一解 prints with its title and every column on A4
landscape; an import template downloaded from the page, filled, previews in people's words and imports."""

import io
import re

import openpyxl
from playwright.sync_api import expect

from core.excel import HEADER_ROW
from orgs.models import Person
from plans.tests.factories import add_item, make_plan

YIJIE_HEADERS = ["要求干什么", "什么时间干", "谁来干", "怎么干", "干到什么样子", "进度"]


def test_the_yijie_prints_its_title_and_every_column_on_a4_landscape(e2e_world, page, login):
    admin = e2e_world.users["branch_secretary"]
    plan = make_plan(admin, e2e_world.branch_a, year=2026, title="2026年度统计局党建工作清单")
    for n in range(40):  # long enough to run onto a second page
        add_item(
            admin, plan, f"召开第{n + 1}次专题学习", category="党员教育", month=n % 12 + 1, standard="形成学习记录"
        )
    login("secretary_a")
    page.goto(f"{page.base}/plans/{plan.id}/")
    head = page.locator("[data-testid=plan-print-head]")
    assert not head.is_visible()  # on screen the page header already says it
    # Narrower than the screen layout's breakpoint for 怎么干/干到什么样子: print must show them regardless.
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    assert head.is_visible()
    text = head.inner_text()
    assert "2026年度统计局党建工作清单" in text and "统计局第一党支部" in text and "2026年" in text
    header_row = page.locator("[data-testid=category] thead tr").first
    for name in YIJIE_HEADERS:
        cell = header_row.locator("th", has_text=name)
        assert cell.is_visible(), name
    cells = page.locator("[data-testid=item-row]").first.locator("td")
    assert cells.nth(4).is_visible() and "形成学习记录" in cells.nth(4).inner_text()  # 干到什么样子
    assert not page.locator("text=添加事项").is_visible() and not page.locator("[data-print]").is_visible()
    assert page.locator("[data-testid=category] thead").first.evaluate("e => getComputedStyle(e).display") == (
        "table-header-group"  # repeated at the top of every printed page
    )
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = {tuple(round(float(x)) for x in m.split()) for m in re.findall(rb"/MediaBox \[([^\]]+)\]", pdf)}
    assert boxes == {(0, 0, 842, 595)}  # every page A4 landscape
    assert len(re.findall(rb"/Type /Page\b", pdf)) >= 2


def test_download_the_people_template_fill_it_and_import(e2e_world, page, login, tmp_path):
    login("secretary_a")
    page.goto(page.base + "/people/import/")
    with page.expect_download() as dl:
        page.click("[data-testid=import-template]")
    wb = openpyxl.load_workbook(io.BytesIO(dl.value.path().read_bytes()))
    ws = wb["导入数据"]
    header = [c.value for c in ws[HEADER_ROW]]
    values = {"姓名": "周强", "性别": "男", "入党日期": "2012年7月1日", "所在党组织": "统计局第一党支部"}
    for name, value in values.items():
        ws.cell(HEADER_ROW + 1, header.index(name) + 1, value)
    path = tmp_path / "people.xlsx"
    wb.save(path)
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并预览")
    row = page.locator("[data-testid=preview-row]").first
    assert row.locator("[data-key=gender]").inner_text() == "男"
    assert row.locator("[data-key=org]").inner_text() == "统计局第一党支部"
    assert row.locator("[data-key=joined_on]").inner_text() == "2012年7月1日"
    assert row.locator("[data-key=category]").inner_text() == "正式党员"
    page.click("button:has-text('确认导入 1 人')")
    expect(page.locator("body")).to_contain_text("已导入 1 人")
    assert Person.objects.get(name="周强").org == e2e_world.branch_a
