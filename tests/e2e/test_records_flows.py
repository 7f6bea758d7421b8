import zipfile

from core.testing import table_rows
from records.models import Attachment, Record

PNG = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201"
    "a5f5c1b60000000049454e44ae426082"
)


def test_record_with_attachment_found_by_a_question_opened_and_exported(e2e_world, page, login, nav, tmp_path):
    w = e2e_world
    login("secretary_a")
    nav("活动记录")
    page.click("text=登记活动记录")
    page.select_option("select[name=org]", str(w.branch_a.id))
    page.click("button:has-text('下一步')")

    form = page.locator("[data-testid=record-form]")
    form.locator("select[name=type]").select_option("education")
    form.locator("input[name=title]").fill("赴章丘区三涧溪村开展党员教育")
    form.locator("input[name=date]").fill("2026-04-16")
    form.locator("input[name=place]").fill("章丘区三涧溪村")
    form.locator("select[name=host]").select_option(str(w.people["secretary"].id))
    form.locator("textarea[name=content]").fill("全体党员参观乡村振兴展厅，听村党委书记介绍抓党建促振兴的做法。")
    member = w.people["member"]
    form.locator(f"input[name=att_{w.people['secretary'].id}][value=present]").check()
    form.locator(f"input[name=att_{member.id}][value=absent]").check()
    form.locator(f"input[name=reason_{member.id}]").fill("出差")
    form.locator("button:has-text('保存')").click()
    assert page.locator("[data-testid=record-title]").inner_text() == "赴章丘区三涧溪村开展党员教育"
    assert "出席率 50.0%" in page.locator("[data-testid=attendance]").inner_text()

    photo = tmp_path / "现场照片.png"
    photo.write_bytes(PNG)
    page.set_input_files("input[type=file][name=file]", str(photo))
    page.click("button:has-text('上传')")
    assert "已上传：现场照片.png" in page.content()
    assert page.locator("[data-testid=photos] img").count() == 1
    assert Attachment.objects.count() == 1

    # Someone asks the way people ask, in the search box of the header.
    page.goto(page.base + "/")
    page.fill("header input[name=q]", "去三涧溪开展党员教育是哪天")
    page.press("header input[name=q]", "Enter")
    card = page.locator("[data-testid=answer-card]")
    assert "2026年4月16日 · 赴章丘区三涧溪村开展党员教育" in card.inner_text()
    card.locator("a").first.click()
    assert page.locator("[data-testid=record-date]").inner_text().startswith("2026年4月16日")

    page.goto(page.base + "/records/?year=2026")
    page.click("text=导出2026年档案")
    with page.expect_download() as dl:
        page.click("text=下载记录清单（Excel）")
    assert dl.value.suggested_filename.endswith(".xlsx")
    rows = table_rows(dl.value.path().read_bytes())
    col = {name: i for i, name in enumerate(rows[0])}
    assert rows[1][col["标题"]] == "赴章丘区三涧溪村开展党员教育" and rows[1][col["出席率"]] == "50.0%"
    with page.expect_download() as dl:
        page.click("text=下载全年附件（ZIP）")
    with zipfile.ZipFile(dl.value.path()) as zf:
        assert any(n.endswith("现场照片.png") for n in zf.namelist())
    page.goto(page.base + "/records/export/2026/print/")
    assert page.locator("[data-testid=minutes-page]").count() == 1
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    assert Record.objects.count() == 1
