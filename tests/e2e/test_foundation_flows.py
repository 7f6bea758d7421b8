import datetime
import io

import openpyxl

from orgs import idnumber
from orgs.models import Person

GOOD_ID = idnumber.make("370117", datetime.date(1990, 3, 7), 2)
BAD_ID = GOOD_ID[:-1] + ("1" if GOOD_ID[-1] != "1" else "2")


def test_login_and_browse_the_tree(e2e_world, page, login, nav):
    login("committee")
    assert "您好" in page.content()
    nav("组织架构")
    tree = page.locator("[data-testid=org-tree]")
    assert tree.locator("text=统计局第一党支部").count() == 1
    assert tree.locator("text=财政局第一党支部").count() == 1
    tree.locator("text=统计局第一党支部").click()
    assert page.locator("h2", has_text="统计局第一党支部").count() == 1


def test_branch_secretary_adds_a_person_and_sees_the_masked_id(e2e_world, page, login):
    login("secretary_a")
    page.goto(page.base + "/people/new/")
    page.fill("input[name=name]", "孙丽")
    page.select_option("select[name=gender]", "female")
    page.fill("input[name=id_number]", GOOD_ID)
    page.fill("input[name=joined_on]", "2015-07-01")
    page.select_option("select[name=org]", str(e2e_world.branch_a.id))
    page.click("button:has-text('保存')")
    assert page.locator("[data-testid=id-number]").inner_text() == GOOD_ID[:4] + "*" * 10 + GOOD_ID[-4:]
    assert GOOD_ID not in page.content()


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "身份证号", "入党日期", "人员类别", "所在党组织"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_excel_import_with_one_bad_row_is_refused_whole(e2e_world, page, login, tmp_path):
    login("secretary_a")
    before = Person.objects.count()
    path = tmp_path / "people.xlsx"
    path.write_bytes(
        _xlsx(
            [
                ["周强", "男", "", "2012-07-01", "正式党员", "统计局第一党支部"],
                ["吴芳", "女", BAD_ID, "2013-07-01", "正式党员", "统计局第一党支部"],  # bad check digit
            ]
        )
    )
    page.goto(page.base + "/people/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并预览")
    preview = page.locator("[data-testid=import-preview]")
    assert "校验位不正确" in preview.inner_text()
    assert page.locator("button:has-text('确认导入')").count() == 0
    assert Person.objects.count() == before

    path.write_bytes(
        _xlsx(
            [
                ["周强", "男", "", "2012-07-01", "正式党员", "统计局第一党支部"],
                ["吴芳", "女", GOOD_ID, "2013-07-01", "正式党员", "统计局第一党支部"],
            ]
        )
    )
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并预览")
    page.click("button:has-text('确认导入 2 人')")
    assert "已导入 2 人" in page.content()
    assert Person.objects.count() == before + 2
